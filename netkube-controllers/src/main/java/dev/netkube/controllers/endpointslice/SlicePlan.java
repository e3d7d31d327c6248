package dev.netkube.controllers.endpointslice;

import java.util.List;

/**
 * The writes that bring a service's EndpointSlices to the wanted state.
 *
 * @param skippedPods pods left out because their node is unknown (upstream retries the service)
 */
public record SlicePlan(List<Slice> create, List<Slice> update, List<Slice> delete, List<String> skippedPods) {
  public SlicePlan {
    create = List.copyOf(create);
    update = List.copyOf(update);
    delete = List.copyOf(delete);
    skippedPods = List.copyOf(skippedPods);
  }

  public boolean isEmpty() { return create.isEmpty() && update.isEmpty() && delete.isEmpty(); }

  public int writes() { return create.size() + update.size() + delete.size(); }
}
