package dev.netkube.agent.images;

import dev.netkube.agent.images.ImageProgram.ProgramLaunch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The official nginx image on the node's own (Debian's) nginx: the image's configuration files (nginx.conf,
 * conf.d/default.conf serving /usr/share/nginx/html, the welcome page), its log directory whose access.log and
 * error.log are links to the container's stdout and stderr, and a private /var/lib/nginx for the pid file and temp
 * directories, so that any number of nginx containers run side by side and the node's nginx files stay untouched.
 * A ConfigMap mounted over /etc/nginx/conf.d replaces default.conf as on the real image.
 */
public final class NginxImage {
  private NginxImage() {}

  public static final String IMAGE = "nginx";

  // The official image's nginx.conf; differences: "user www-data" (Debian has no user nginx), one worker (the node
  // runs many nginx containers), the pid file in the container's private /var/lib/nginx.
  static final String NGINX_CONF = """
      # nginx.conf of the official nginx image, as netkube's image catalog runs it on the node's nginx.
      user  www-data;
      worker_processes  1;

      error_log  /var/log/nginx/error.log notice;
      pid        /var/lib/nginx/nginx.pid;


      events {
          worker_connections  1024;
      }


      http {
          include       /etc/nginx/mime.types;
          default_type  application/octet-stream;

          log_format  main  '$remote_addr - $remote_user [$time_local] "$request" '
                            '$status $body_bytes_sent "$http_referer" '
                            '"$http_user_agent" "$http_x_forwarded_for"';

          access_log  /var/log/nginx/access.log  main;

          sendfile        on;
          #tcp_nopush     on;

          keepalive_timeout  65;

          #gzip  on;

          include /etc/nginx/conf.d/*.conf;
      }
      """;

  static String defaultConf(boolean ipv6) {
    return """
        server {
            listen       80;
        %s    server_name  localhost;

            #access_log  /var/log/nginx/host.access.log  main;

            location / {
                root   /usr/share/nginx/html;
                index  index.html index.htm;
            }

            #error_page  404              /404.html;

            # redirect server error pages to the static page /50x.html
            #
            error_page   500 502 503 504  /50x.html;
            location = /50x.html {
                root   /usr/share/nginx/html;
            }
        }
        """.formatted(ipv6 ? "    listen  [::]:80;\n" : "");
  }

  /** The log directory of the image: both logs go to the container's output, read by {@code kubectl logs}. */
  static ImageMount logDirectory() {
    return new ImageMount("/var/log/nginx", ImageFile.dir(Map.of(
        "access.log", ImageFile.link("/dev/stdout"), "error.log", ImageFile.link("/dev/stderr"))));
  }

  /** Debian's nginx keeps its temp directories under /var/lib/nginx; each container gets its own. */
  static ImageMount stateDirectory() { return new ImageMount("/var/lib/nginx", ImageFile.emptyDir()); }

  static CatalogEntry entry(boolean ipv6) {
    ImageConfig config = ImageConfig.of(List.of("/docker-entrypoint.sh"), List.of("nginx", "-g", "daemon off;"))
        .withStopSignal("SIGQUIT");
    List<ImageMount> mounts = List.of(
        new ImageMount("/etc/nginx/nginx.conf", ImageFile.text(NGINX_CONF)),
        new ImageMount("/etc/nginx/conf.d", ImageFile.dir(Map.of("default.conf", ImageFile.text(defaultConf(ipv6))))),
        logDirectory(),
        stateDirectory());
    return CatalogEntry.builtIn(IMAGE, config).withMounts(mounts)
        .withPrograms(Map.of("/docker-entrypoint.sh", NginxImage::entrypoint));
  }

  /**
   * The image's /docker-entrypoint.sh: for an nginx command it configures, says so, and runs it; anything else it
   * runs as it is.
   */
  static ProgramLaunch entrypoint(List<String> argv, Map<String, String> env) {
    List<String> rest = argv.subList(1, argv.size());
    if (rest.isEmpty() || !(rest.get(0).equals("nginx") || rest.get(0).equals("nginx-debug"))) return ProgramLaunch.of(rest);
    List<String> out = new ArrayList<>(List.of("/bin/sh", "-c",
        "echo '/docker-entrypoint.sh: Configuration complete; ready for start up'; exec \"$@\"", "/docker-entrypoint.sh"));
    out.addAll(rest);
    return ProgramLaunch.of(out);
  }
}
