package dev.netkube.agent.images;

import dev.netkube.agent.runtime.EnvVar;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Images that give a shell, with the node's tools (bash, sh, curl, dig, ip) as their command line: their real
 * default commands (ubuntu and ubuntu:16.04: /bin/bash; debian: bash; busybox: sh; alpine: /bin/sh;
 * nicolaka/netshoot: zsh from /root, with HOSTNAME=netshoot in its ENV). netshoot's zsh is the node's zsh when it has
 * one and bash otherwise. busybox's applets are whatever the node has of the same names.
 */
public final class ShellImages {
  private ShellImages() {}

  static List<CatalogEntry> entries(Predicate<String> onNode) {
    List<CatalogEntry> out = new ArrayList<>();
    out.add(CatalogEntry.builtIn("ubuntu", ImageConfig.of(List.of(), List.of("/bin/bash"))));
    out.add(CatalogEntry.builtIn("debian", ImageConfig.of(List.of(), List.of("bash"))));
    out.add(CatalogEntry.builtIn("busybox", ImageConfig.of(List.of(), List.of("sh"))));
    out.add(CatalogEntry.builtIn("alpine", ImageConfig.of(List.of(), List.of("/bin/sh"))));
    String zsh = onNode.test("zsh") ? "zsh" : "bash";
    out.add(CatalogEntry.builtIn("nicolaka/netshoot", ImageConfig.of(List.of(), List.of(zsh)).withWorkingDir("/root")
        .withEnv(List.of(new EnvVar("PATH", ImageConfig.DEFAULT_PATH), new EnvVar("HOSTNAME", "netshoot")))));
    return out;
  }
}
