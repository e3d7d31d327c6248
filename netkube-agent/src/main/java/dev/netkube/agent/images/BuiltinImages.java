package dev.netkube.agent.images;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** The images every node knows (DESIGN.md's catalog). */
public final class BuiltinImages {
  private BuiltinImages() {}

  /**
   * What of the node the catalog depends on.
   *
   * @param ipv6 the kernel has IPv6 (nginx's default server then listens on [::]:80 too, as the image's
   *     10-listen-on-ipv6-by-default.sh does)
   * @param onNode whether a command is on the node's PATH
   */
  public record NodeFacts(boolean ipv6, Predicate<String> onNode) {
    public static NodeFacts detect() {
      return new NodeFacts(Files.exists(Path.of("/proc/net/if_inet6")), command -> {
        String path = System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        for (String dir : path.split(File.pathSeparator)) if (Files.isExecutable(Path.of(dir, command))) return true;
        return false;
      });
    }
  }

  public static ImageCatalog catalog(AddonImages.Launcher launcher, NodeFacts node) {
    List<CatalogEntry> entries = new ArrayList<>();
    entries.add(NginxImage.entry(node.ipv6()));
    entries.add(HttpEchoImage.entry());
    for (String tag : List.of("0.2.3", "0.2.1", "0.2.0")) entries.add(HttpEchoImage.legacyEntry(tag));
    entries.add(SimpleContainerAppImage.entry());
    entries.addAll(ShellImages.entries(node.onNode()));
    entries.addAll(AddonImages.entries(launcher));
    return ImageCatalog.of(entries);
  }
}
