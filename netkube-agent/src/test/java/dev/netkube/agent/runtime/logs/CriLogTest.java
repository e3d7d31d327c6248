package dev.netkube.agent.runtime.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CriLogTest {
  @TempDir Path dir;

  private static byte[] b(String s) { return s.getBytes(StandardCharsets.UTF_8); }

  private String read(Path f, LogOptions o) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ContainerLogReader.read(f, o, out, () -> false);
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void writesLinesAsContainerdAndReadsThemAsKubelet() throws Exception {
    Path f = dir.resolve("0.log");
    Instant t1 = Instant.parse("2026-12-01T10:00:00.5Z");
    try (CriLogWriter w = new CriLogWriter(f, Clock.fixed(t1, ZoneOffset.UTC))) {
      w.write(LogStream.STDOUT, b("one\r\ntwo\nthr"), 0, 12);
      w.write(LogStream.STDERR, b("oops\n"), 0, 5);
      w.write(LogStream.STDOUT, b("ee\nlast"), 0, 7);
    }
    assertThat(Files.readAllLines(f)).containsExactly(
        "2026-12-01T10:00:00.5Z stdout F one", "2026-12-01T10:00:00.5Z stdout F two", "2026-12-01T10:00:00.5Z stderr F oops",
        "2026-12-01T10:00:00.5Z stdout F three", "2026-12-01T10:00:00.5Z stdout P last");
    assertThat(read(f, LogOptions.all())).isEqualTo("one\ntwo\noops\nthree\nlast");
    assertThat(read(f, LogOptions.all().tail(1))).isEqualTo("last");
    assertThat(read(f, LogOptions.all().tail(3))).isEqualTo("oops\nthree\nlast");
    assertThat(read(f, LogOptions.all().only(LogStream.STDERR))).isEqualTo("oops\n");
    assertThat(read(f, LogOptions.all().withTimestamps().tail(2)))
        .isEqualTo("2026-12-01T10:00:00.5Z three\n2026-12-01T10:00:00.5Z last");
    assertThat(read(f, LogOptions.all().limitBytes(6))).isEqualTo("one\ntw");
  }

  @Test
  void sinceSkipsOlderLinesAndFollowReadsUntilTheContainerStops() throws Exception {
    Path f = dir.resolve("1.log");
    Files.write(f, List.of("2026-12-01T10:00:00Z stdout F old", "2026-12-01T10:00:05.123456789Z stdout F new", "not a cri line"));
    assertThat(read(f, LogOptions.all().since(Instant.parse("2026-12-01T10:00:01Z")))).isEqualTo("new\n");
    AtomicBoolean running = new AtomicBoolean(true);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Thread follower = new Thread(() -> {
      try {
        ContainerLogReader.read(f, LogOptions.all().following(), out, running::get);
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    });
    follower.start();
    Thread.sleep(200);
    Files.writeString(f, "2026-12-01T10:00:06Z stdout F later\n", java.nio.file.StandardOpenOption.APPEND);
    Thread.sleep(200);
    assertThat(follower.isAlive()).isTrue();
    running.set(false);
    follower.join(2000);
    assertThat(follower.isAlive()).isFalse();
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("old\nnew\nlater\n");
  }

  @Test
  void previousIsTheStartBeforeTheNewest() throws Exception {
    Path c = Files.createDirectories(new ContainerLogPaths(dir).containerDir("default", "web", "uid1", "nginx"));
    for (int i : new int[] {0, 1, 2, 10}) Files.writeString(c.resolve(i + ".log"), "");
    assertThat(ContainerLogPaths.current(c)).contains(c.resolve("10.log"));
    assertThat(ContainerLogPaths.previous(c)).contains(c.resolve("2.log"));
    ContainerLogPaths.prune(c);
    try (var files = Files.list(c)) {
      assertThat(files.map(p -> p.getFileName().toString()).sorted()).containsExactly("10.log", "2.log");
    }
    assertThat(new ContainerLogPaths(dir).file("default", "web", "uid1", "nginx", 3))
        .isEqualTo(dir.resolve("default_web_uid1/nginx/3.log"));
  }
}
