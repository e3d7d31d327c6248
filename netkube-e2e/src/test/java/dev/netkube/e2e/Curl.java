package dev.netkube.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real curl, for requests kubectl would not send (anonymous, forged certificates). */
final class Curl {
  record Result(int httpCode, String body) {}

  static Result run(Path caCert, List<String> args) {
    List<String> cmd = new ArrayList<>(List.of("curl", "-s", "--cacert", caCert.toString(), "-w", "\n%{http_code}"));
    cmd.addAll(args);
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS)) p.destroyForcibly();
      int nl = out.lastIndexOf('\n');
      return new Result(Integer.parseInt(out.substring(nl + 1).trim()), out.substring(0, Math.max(nl, 0)));
    } catch (IOException e) {
      throw new AssertionError("cannot run curl: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
