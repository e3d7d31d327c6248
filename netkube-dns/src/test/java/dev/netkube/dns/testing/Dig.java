package dev.netkube.dns.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real dig against a loopback port; each run ends by itself (one try, 2 s) or is killed by its pid. */
public final class Dig {
  private Dig() {}

  public static String run(int port, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("dig", "@127.0.0.1", "-p", Integer.toString(port), "+time=2", "+tries=1"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    try {
      if (!p.waitFor(10, TimeUnit.SECONDS)) throw new IllegalStateException("dig did not finish: " + cmd);
      return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    } finally {
      p.destroyForcibly();
    }
  }

  /** {@code +short} answers, one per line. */
  public static List<String> answers(int port, String... args) throws IOException, InterruptedException {
    List<String> a = new ArrayList<>(List.of(args));
    a.add("+short");
    return run(port, a.toArray(String[]::new)).lines().filter(l -> !l.isBlank()).toList();
  }
}
