package dev.netkube.cli.cluster.routes;

import java.util.List;

/** A routing table a {@link RouteKeeper} reads and changes: one namespace's, out of one device. */
public interface RouteTable {
  /** The device's routes now. */
  DeviceRoutes read();

  /** Runs {@link RouteDiff}'s commands. */
  void apply(List<String> commands);
}
