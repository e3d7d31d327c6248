package dev.netkube.proxy.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden files under src/test/resources. {@code UPDATE_GOLDENS=1} rewrites them instead of
 * comparing (review the diff before committing).
 */
public final class Goldens {
    private static final Path ROOT = Path.of("src/test/resources");

    private Goldens() {}

    public static void assertMatches(String resource, String actual) {
        Path file = ROOT.resolve(resource);
        try {
            if ("1".equals(System.getenv("UPDATE_GOLDENS"))) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, actual, StandardCharsets.UTF_8);
                return;
            }
            assertThat(file).as("golden file %s (UPDATE_GOLDENS=1 creates it)", file).exists();
            assertThat(actual).as("golden %s", resource).isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
