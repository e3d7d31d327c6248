package dev.netkube.agent.probes;

import dev.netkube.agent.probes.ProbeTracker.Result;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;

/**
 * httpGet and tcpSocket probes, run from the node against the pod's IP as kubelet runs them, with
 * kubelet's success rule (HTTP 200-399) and Go's error wording in the failure messages (they end
 * up in the pod's Unhealthy events, where users know them from).
 */
public final class NetworkProbes {
  private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
      .connectTimeout(Duration.ofSeconds(1)).build();

  /** An httpGet probe; {@code headers} as the probe's httpHeaders (a Host header sets the request's host). */
  public Result httpGet(String scheme, String host, int port, String path, Map<String, String> headers, Duration timeout) {
    String target = scheme.toLowerCase() + "://" + hostPort(host, port) + (path.startsWith("/") ? path : "/" + path);
    try {
      HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(target)).timeout(timeout).GET()
          .header("User-Agent", "kube-probe/1.32").header("Accept", "*/*");
      headers.forEach((k, v) -> {
        if (!k.equalsIgnoreCase("host")) req.header(k, v);
      });
      HttpResponse<Void> r = http.send(req.build(), HttpResponse.BodyHandlers.discarding());
      if (r.statusCode() >= 200 && r.statusCode() < 400) return new Result.Success();
      return new Result.Failure("HTTP probe failed with statuscode: " + r.statusCode());
    } catch (HttpConnectTimeoutException e) {
      return new Result.Failure("Get \"" + target + "\": dial tcp " + hostPort(host, port) + ": i/o timeout");
    } catch (HttpTimeoutException e) {
      return new Result.Failure("Get \"" + target + "\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)");
    } catch (ConnectException e) {
      return new Result.Failure("Get \"" + target + "\": dial tcp " + hostPort(host, port) + ": connect: connection refused");
    } catch (IOException e) {
      return new Result.Failure("Get \"" + target + "\": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result.Failure("Get \"" + target + "\": interrupted");
    }
  }

  /** A tcpSocket probe: the connection opens within the timeout. */
  public Result tcpSocket(String host, int port, Duration timeout) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), (int) Math.max(1, timeout.toMillis()));
      return new Result.Success();
    } catch (SocketTimeoutException e) {
      return new Result.Failure("dial tcp " + hostPort(host, port) + ": i/o timeout");
    } catch (ConnectException e) {
      return new Result.Failure("dial tcp " + hostPort(host, port) + ": connect: connection refused");
    } catch (IOException e) {
      return new Result.Failure("dial tcp " + hostPort(host, port) + ": " + e.getMessage());
    }
  }

  static String hostPort(String host, int port) {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
