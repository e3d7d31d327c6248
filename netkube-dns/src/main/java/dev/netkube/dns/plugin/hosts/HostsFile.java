package dev.netkube.dns.plugin.hosts;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The plugin's data: the Corefile's inline entries and the hosts file's, the file re-read only when its
 * modification time or size changed (CoreDNS's readHosts). A file that cannot be read keeps the last good table,
 * so deleting it keeps serving, and restoring it serves it again. Lookups see one table or the next, never half.
 */
final class HostsFile {
  private final Path path;
  private final List<String> zones;
  private final boolean reverse;
  private final HostsTable inline;
  private volatile HostsTable file = HostsTable.EMPTY;
  private FileTime modified;
  private long size = -1;

  HostsFile(Path path, List<String> zones, boolean reverse, List<String> inlineLines) {
    this.path = path;
    this.zones = List.copyOf(zones);
    this.reverse = reverse;
    this.inline = HostsTable.parse(String.join("\n", inlineLines), zones, reverse);
  }

  /** Reads the file if it changed since the last read; true if it did. Called by one thread at a time. */
  synchronized boolean refresh() {
    try {
      BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class);
      if (attrs.isDirectory()) return false;
      if (attrs.lastModifiedTime().equals(modified) && attrs.size() == size) return false;
      String text = new String(Files.readAllBytes(path), StandardCharsets.UTF_8);
      file = HostsTable.parse(text, zones, reverse);
      modified = attrs.lastModifiedTime();
      size = attrs.size();
      return true;
    } catch (IOException e) {
      return false; // setup already warned about a missing file; the last table keeps serving
    }
  }

  /** The file's addresses first, then the inline ones, as CoreDNS appends them. */
  List<InetAddress> v4(String name) { return concat(file.v4(name), inline.v4(name)); }

  List<InetAddress> v6(String name) { return concat(file.v6(name), inline.v6(name)); }

  List<String> names(InetAddress address) { return concat(file.names(address), inline.names(address)); }

  int entries() { return file.size() + inline.size(); }

  private static <T> List<T> concat(List<T> a, List<T> b) {
    if (b.isEmpty()) return a;
    if (a.isEmpty()) return b;
    List<T> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }
}
