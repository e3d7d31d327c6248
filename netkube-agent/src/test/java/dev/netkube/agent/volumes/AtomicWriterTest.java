package dev.netkube.agent.volumes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicWriterTest {
  @TempDir Path dir;
  final AtomicWriter writer = new AtomicWriter(Clock.fixed(Instant.parse("2026-12-02T02:16:09Z"), ZoneOffset.UTC));

  static String list(Path d) throws IOException {
    try (Stream<Path> s = Files.list(d)) {
      return String.join(" ", s.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }

  @Test
  void filesSitInATimestampedFolderBehindDataAndOneLinkPerTopLevelName() throws Exception {
    Path v = dir.resolve("config");
    assertThat(writer.write(v, Map.of("Corefile", VolumeFile.text("a", 0644), "sub/x", VolumeFile.text("x", 0400)))).isTrue();
    String ts = Files.readSymbolicLink(v.resolve("..data")).toString();
    assertThat(ts).matches("\\.\\.2026_12_02_02_16_09\\.\\d+");
    assertThat(list(v)).isEqualTo(ts + " ..data Corefile sub");
    assertThat(Files.readSymbolicLink(v.resolve("Corefile")).toString()).isEqualTo("..data/Corefile");
    assertThat(Files.readString(v.resolve("Corefile"))).isEqualTo("a");
    assertThat(Files.readString(v.resolve("sub/x"))).isEqualTo("x");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(v.resolve(ts).resolve("sub/x")))).isEqualTo("r--------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(v.resolve(ts)))).isEqualTo("rwxr-xr-x");
  }

  @Test
  void anUpdateSwapsDataRemovesWhatWentAndKeepsNothingOld() throws Exception {
    Path v = dir.resolve("config");
    writer.write(v, Map.of("a", VolumeFile.text("1", 0644), "b", VolumeFile.text("2", 0644)));
    String first = Files.readSymbolicLink(v.resolve("..data")).toString();
    assertThat(writer.write(v, Map.of("a", VolumeFile.text("1", 0644), "b", VolumeFile.text("2", 0644)))).isFalse();
    assertThat(Files.readSymbolicLink(v.resolve("..data")).toString()).isEqualTo(first);

    assertThat(writer.write(v, Map.of("a", VolumeFile.text("one", 0644), "c", VolumeFile.text("3", 0644)))).isTrue();
    String second = Files.readSymbolicLink(v.resolve("..data")).toString();
    assertThat(second).isNotEqualTo(first);
    assertThat(list(v)).isEqualTo(second + " ..data a c");
    assertThat(Files.readString(v.resolve("a"))).isEqualTo("one");
    // a mode change alone is an update too
    assertThat(writer.write(v, Map.of("a", VolumeFile.text("one", 0600), "c", VolumeFile.text("3", 0644)))).isTrue();
  }

  @Test
  void pathsLeavingTheVolumeAreRefused() {
    assertThatThrownBy(() -> writer.write(dir, Map.of("../x", VolumeFile.text("", 0644)))).hasMessageContaining("must not contain '..'");
    assertThatThrownBy(() -> writer.write(dir, Map.of("/etc/x", VolumeFile.text("", 0644)))).hasMessageContaining("must be relative");
    assertThatThrownBy(() -> writer.write(dir, Map.of("..data", VolumeFile.text("", 0644)))).hasMessageContaining("must not start with '..'");
  }
}
