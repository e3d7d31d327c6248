package dev.netkube.apiserver.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.apiserver.registry.ObjectStore;
import dev.netkube.apiserver.registry.ResourceService;
import dev.netkube.apiserver.registry.ServedResource;
import dev.netkube.apiserver.registry.WriteOptions;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * {@link ServiceAccountAdmission} on every pod create. The "default" account is looked up ten
 * times, 100-200 ms apart, before it counts as missing: the service-account controller makes it
 * just after the namespace, and a pod created at once must not fail for that (upstream waits too).
 */
public final class ServiceAccountAdmissionHook implements ResourceService.WriteHook {
  private static final String NAME_CHARS = "bcdfghjklmnpqrstvwxz2456789";
  private static final int DEFAULT_ATTEMPTS = 10;

  private final ResourceService service;
  private final SecureRandom random = new SecureRandom();

  public ServiceAccountAdmissionHook(ResourceService service) { this.service = service; }

  @Override
  public void beforeWrite(ServedResource r, ObjectNode obj, ObjectNode old, WriteOptions opts) {
    if (old != null || obj == null || !r.type().group().isEmpty() || !r.type().kind().equals("Pod")) return;
    if (!ServiceAccountAdmission.applies(obj)) return;
    String ns = obj.path("metadata").path("namespace").asText("");
    String name = ServiceAccountAdmission.accountName(obj);
    ServiceAccountAdmission.admit(obj, account(ns, name), this::suffix);
  }

  private Optional<ObjectNode> account(String ns, String name) {
    ServedResource accounts = service.registry().find("", "v1", "serviceaccounts").orElseThrow();
    int attempts = name.equals("default") ? DEFAULT_ATTEMPTS : 1;
    long pause = 100 + random.nextInt(100);
    for (int i = 0; i < attempts; i++) {
      if (i > 0) {
        try {
          Thread.sleep(pause);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      Optional<ObjectNode> found = service.objects().get(accounts, ns, name).map(ObjectStore.Stored::object);
      if (found.isPresent()) return found;
    }
    return Optional.empty();
  }

  private String suffix() {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 5; i++) b.append(NAME_CHARS.charAt(random.nextInt(NAME_CHARS.length())));
    return b.toString();
  }
}
