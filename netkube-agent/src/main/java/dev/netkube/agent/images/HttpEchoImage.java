package dev.netkube.agent.images;

import dev.netkube.agent.images.GoFlags.Flag;
import dev.netkube.agent.images.GoFlags.Kind;
import dev.netkube.agent.images.ImageProgram.ProgramLaunch;
import dev.netkube.agent.runtime.EnvVar;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * hashicorp/http-echo on the node's nginx rather than a process of its own per pod: the same flags (-text,
 * -listen with default :5678, -status-code, -version), the same answer (the text and a newline, to every path and
 * method; {"status":"ok"} on /health), the same X-App-Name and X-App-Version headers, the same start-up line and
 * an access log in its format (the duration in nginx's seconds). 1.x also takes the text from ECHO_TEXT, which the
 * image sets to hello-world; 0.x requires -text.
 */
public final class HttpEchoImage {
  private HttpEchoImage() {}

  public static final String IMAGE = "hashicorp/http-echo";
  static final String BINARY = "/http-echo";

  static CatalogEntry entry() {
    ImageConfig v1 = ImageConfig.of(List.of(BINARY), List.of()).withEnv(List.of(
        new EnvVar("PATH", ImageConfig.DEFAULT_PATH), new EnvVar("PRODUCT_NAME", "http-echo"), new EnvVar("ECHO_TEXT", "hello-world")));
    return CatalogEntry.builtIn(IMAGE, v1).withPrograms(Map.of(BINARY, HttpEchoImage::launch));
  }

  /** 0.2.x, the tag the ingress tutorials use: no ECHO_TEXT, the older message, no /health. */
  static CatalogEntry legacyEntry(String tag) {
    return new CatalogEntry(ImageReference.of(IMAGE).repository(), Optional.of(tag), ImageConfig.of(List.of(BINARY), List.of()),
        List.of(), Map.of(BINARY, (argv, env) -> launch(argv, env, tag, false)), "built-in");
  }

  static ProgramLaunch launch(List<String> argv, Map<String, String> env) { return launch(argv, env, "1.0.0", true); }

  static ProgramLaunch launch(List<String> argv, Map<String, String> env, String version, boolean v1) {
    GoFlags flags = new GoFlags(argv.get(0), List.of(
        new Flag("listen", Kind.STRING, ":5678", "address and port to listen"),
        new Flag("text", Kind.STRING, "", "text to put on the webpage"),
        new Flag("version", Kind.BOOL, "false", "display version information"),
        new Flag("status-code", Kind.INT, "200", "http response code, e.g.: 200")));
    GoFlags.Result result = flags.parse(argv.subList(1, argv.size()));
    if (result instanceof GoFlags.Failed failed) return ImageProgram.failing(failed.stderr(), failed.exitCode());
    GoFlags.Parsed parsed = (GoFlags.Parsed) result;
    if (parsed.get("version").equals("true")) {
      return ProgramLaunch.of(List.of("/bin/sh", "-c", "echo 'http-echo v" + version + "'"));
    }
    String text = v1 ? env.getOrDefault("ECHO_TEXT", "") : "";
    if (!parsed.get("text").isEmpty()) text = parsed.get("text");
    if (text.isEmpty()) return ImageProgram.failing(v1 ? "Missing -text option or ECHO_TEXT env var!\n" : "Missing -text option!\n", 127);
    if (!parsed.rest().isEmpty()) return ImageProgram.failing("Too many arguments!\n", 127);
    String listen = parsed.get("listen");
    Optional<String> nginxListen = nginxListen(listen);
    if (nginxListen.isEmpty()) {
      return ProgramLaunch.of(List.of("/bin/sh", "-c",
          "printf '%s [ERR] server exited with: listen tcp: address %s: missing port in address\\n' \"$(date '+%Y/%m/%d %H:%M:%S')\" \"$1\" >&2; exit 1",
          "sh", listen));
    }
    int status = Integer.decode(parsed.get("status-code"));
    String conf = nginxConf(nginxListen.get(), text, status, version, v1);
    // The start-up line goes to stderr (Go's log package), then nginx takes the process over.
    List<String> run = List.of("/bin/sh", "-c",
        "printf '%s [INFO] server is listening on %s\\n' \"$(date '+%Y/%m/%d %H:%M:%S')\" \"$1\" >&2; exec nginx -g 'daemon off;'",
        BINARY, listen);
    return new ProgramLaunch(run, List.of(
        new ImageMount("/etc/nginx/nginx.conf", ImageFile.text(conf)), NginxImage.logDirectory(), NginxImage.stateDirectory()));
  }

  /** Go's listen address to nginx's: {@code :5678} is every address, a host or [v6] stays; no port is an error. */
  static Optional<String> nginxListen(String address) {
    int colon = address.lastIndexOf(':');
    if (colon < 0 || (address.startsWith("[") && !address.substring(colon - 1, colon).equals("]"))) return Optional.empty();
    String host = address.substring(0, colon);
    String port = address.substring(colon + 1);
    if (port.isEmpty() || !port.chars().allMatch(Character::isDigit)) return Optional.empty();
    return Optional.of(host.isEmpty() || host.equals("0.0.0.0") ? port : address);
  }

  /** Text in an nginx double-quoted string: backslash and quote escaped, {@code $} through the {@code $dollar} variable. */
  static String nginxString(String text) {
    StringBuilder s = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '\\' -> s.append("\\\\");
        case '"' -> s.append("\\\"");
        case '$' -> s.append("${dollar}");
        default -> s.append(c);
      }
    }
    return s.append("\\n\"").toString();
  }

  static String nginxConf(String listen, String text, int status, String version, boolean health) {
    String healthLocation = health ? """
                location = /health {
                    access_log off;
                    return 200 "{\\"status\\":\\"ok\\"}\\n";
                }
        """ : "";
    return """
        # hashicorp/http-echo as netkube's image catalog runs it on the node's nginx.
        worker_processes  1;
        error_log  /var/log/nginx/error.log  error;
        pid        /var/lib/nginx/nginx.pid;

        events {
            worker_connections  1024;
        }

        http {
            geo $dollar {
                default "$";
            }
            map $time_iso8601 $http_echo_time {
                "~^(?<y>[0-9]+)-(?<mo>[0-9]+)-(?<d>[0-9]+)T(?<t>[0-9:]+)" "$y/$mo/$d $t";
            }
            log_format  http_echo  '$http_echo_time $http_host $remote_addr:$remote_port "$request_method $uri $server_protocol" '
                                   '$status $body_bytes_sent "$http_user_agent" ${request_time}s';
            access_log  /var/log/nginx/access.log  http_echo;
            server_tokens  off;

            server {
                listen  %s;
                default_type  text/plain;
                charset  utf-8;
                add_header  X-App-Name  http-echo  always;
                add_header  X-App-Version  %s  always;

                location / {
                    return %d %s;
                }
        %s    }
        }
        """.formatted(listen, version, status, nginxString(text), healthLocation);
  }
}
