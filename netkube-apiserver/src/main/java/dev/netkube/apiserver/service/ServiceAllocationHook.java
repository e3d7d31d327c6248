package dev.netkube.apiserver.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.apiserver.registry.Meta;
import dev.netkube.apiserver.registry.Reservation;
import dev.netkube.apiserver.registry.ResourceService;
import dev.netkube.apiserver.registry.ServedResource;
import dev.netkube.apiserver.registry.WriteOptions;
import dev.netkube.model.api.ApiException;

/**
 * The adapter between the REST registry and {@link ServiceAllocator}: every Service write takes
 * its cluster IP and node ports just before the store write and gives them back if the write
 * fails; a stored delete (or a type change) gives back what the service no longer holds.
 */
public final class ServiceAllocationHook implements ResourceService.WriteHook {
  private final ServiceAllocator allocator;

  public ServiceAllocationHook(ServiceAllocator allocator) { this.allocator = allocator; }

  static boolean isService(ServedResource r) {
    return r.type().group().isEmpty() && r.type().kind().equals("Service");
  }

  @Override
  public Reservation reserve(ServedResource r, ObjectNode obj, ObjectNode old, WriteOptions opts) {
    if (!isService(r)) return Reservation.NONE;
    if (obj == null || (Meta.deleting(obj) && !Meta.hasFinalizers(obj))) {
      return opts.dryRun ? Reservation.NONE : reservation(allocator.delete(ServiceSpecs.read(old)));
    }
    Outcome outcome = old == null
        ? allocator.create(ServiceSpecs.read(obj), opts.dryRun)
        : allocator.update(ServiceSpecs.read(old), ServiceSpecs.read(obj), opts.dryRun);
    if (outcome instanceof Outcome.Invalid invalid) {
      throw ApiException.invalid("", "Service", Meta.name(obj), invalid.errors());
    }
    if (outcome instanceof Outcome.Failed failed) throw ApiException.internal(failed.message());
    Outcome.Admitted admitted = (Outcome.Admitted) outcome;
    ServiceSpecs.write(obj, admitted.spec());
    return reservation(admitted.txn());
  }

  private Reservation reservation(Txn txn) {
    if (txn.empty()) return Reservation.NONE;
    return Reservation.of(() -> allocator.commit(txn), () -> allocator.revert(txn));
  }
}
