package dev.netkube.openapi.gen;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real kubectl 1.32 against a server with a private HOME, kubeconfig and cache. */
final class Kubectl {
  private final Path home;
  private final Path kubeconfig;

  Kubectl(Path home, String server) throws Exception {
    this.home = home;
    this.kubeconfig = home.resolve("kubeconfig");
    Files.writeString(kubeconfig, """
        apiVersion: v1
        kind: Config
        clusters:
        - name: standin
          cluster:
            server: %s
        contexts:
        - name: standin
          context:
            cluster: standin
            user: nobody
            namespace: default
        current-context: standin
        users:
        - name: nobody
          user: {}
        """.formatted(server));
  }

  /** stdout and stderr of a successful run. */
  String run(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(binary(), "--kubeconfig", kubeconfig.toString(),
        "--cache-dir", home.resolve("cache").toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("HOME", home.toString());
    pb.environment().put("KUBECONFIG", kubeconfig.toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  private static String binary() {
    File sdk = new File("/usr/lib/google-cloud-sdk/bin/kubectl.1.32");
    if (sdk.canExecute()) return sdk.getPath();
    for (String dir : System.getenv("PATH").split(File.pathSeparator)) {
      File f = new File(dir, "kubectl.1.32");
      if (f.canExecute()) return f.getPath();
    }
    throw new AssertionError("kubectl.1.32 not found at /usr/lib/google-cloud-sdk/bin or on PATH");
  }
}
