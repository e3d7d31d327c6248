package dev.netkube.agent.images;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * arisu1000/simple-container-app, the seed's DNS test image: a gin server on :8080 ({@code GET /} answers its
 * version, the client's address and the request headers as JSON). The image's binary is
 * /root/simple-container-app, run as {@code ./simple-container-app} from WORKDIR /root/; here it is a script for
 * the node's perl (Debian's perl-base is essential, so every node has it) mounted at the same place.
 */
public final class SimpleContainerAppImage {
  private SimpleContainerAppImage() {}

  public static final String IMAGE = "arisu1000/simple-container-app";
  static final String BINARY = "/root/simple-container-app";

  static CatalogEntry entry() {
    ImageConfig config = ImageConfig.of(List.of(), List.of("./simple-container-app")).withWorkingDir("/root/");
    return CatalogEntry.builtIn(IMAGE, config).withMounts(List.of(new ImageMount(BINARY, ImageFile.script(script()))));
  }

  static String script() {
    try (InputStream in = SimpleContainerAppImage.class.getResourceAsStream("simple-container-app.pl")) {
      if (in == null) throw new IllegalStateException("simple-container-app.pl missing from the classpath");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
