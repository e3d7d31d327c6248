package dev.netkube.cli.server;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Whether the addresses a server is to listen on are this host's (on one of its links). */
final class BindAddresses {
  private BindAddresses() {}

  /** Those of the addresses that no link has (the unspecified ones count as local). */
  static List<String> notLocal(List<String> addresses) {
    List<String> missing = new ArrayList<>();
    for (String a : addresses) {
      try {
        InetAddress address = InetAddress.getByName(a);
        if (!address.isAnyLocalAddress() && !address.isLoopbackAddress() && NetworkInterface.getByInetAddress(address) == null) {
          missing.add(a);
        }
      } catch (UnknownHostException | SocketException e) {
        missing.add(a);
      }
    }
    return missing;
  }

  /** Waits until every address is local; false when one is still missing after {@code timeout}. */
  static boolean awaitLocal(List<String> addresses, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!notLocal(addresses).isEmpty()) {
      if (System.nanoTime() > deadline) return false;
      Thread.sleep(20);
    }
    return true;
  }
}
