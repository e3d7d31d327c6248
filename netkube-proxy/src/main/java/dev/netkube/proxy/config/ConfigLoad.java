package dev.netkube.proxy.config;

import java.util.List;

/** The outcome of reading a KubeProxyConfiguration: a configuration (with upstream's lenient-decoding warnings) or why not. */
public sealed interface ConfigLoad {
  /** Read and valid; {@code warnings} name fields upstream's strict decoding would refuse (it then decodes leniently). */
  record Loaded(KubeProxyConfiguration config, List<String> warnings) implements ConfigLoad {
    public Loaded {
      warnings = List.copyOf(warnings);
    }
  }

  /** Not usable: {@code message} in kube-proxy's words ("failed to decode: ...", "failed validate: ..."). */
  record Invalid(String message) implements ConfigLoad {}
}
