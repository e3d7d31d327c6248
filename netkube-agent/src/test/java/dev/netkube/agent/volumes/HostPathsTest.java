package dev.netkube.agent.volumes;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostPathsTest {
  @TempDir Path dir;

  @Test
  void orCreateTypesMakeWhatIsMissingAndNothingMore() throws Exception {
    Path d = dir.resolve("lib/modules");
    assertThat(HostPaths.check(d.toString(), "DirectoryOrCreate")).isEmpty();
    assertThat(Files.isDirectory(d)).isTrue();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(d))).isEqualTo("rwxr-xr-x");
    Path lock = dir.resolve("xtables.lock");
    assertThat(HostPaths.check(lock.toString(), "FileOrCreate")).isEmpty();
    assertThat(Files.size(lock)).isZero();
    assertThat(HostPaths.check(dir.resolve("no/such/file").toString(), "FileOrCreate")).isPresent();
    assertThat(Files.exists(dir.resolve("no"))).isFalse();
  }

  @Test
  void checkingTypesCreateNothingAndFailInKubeletsWords() throws Exception {
    Path missing = dir.resolve("missing");
    assertThat(HostPaths.check(missing.toString(), "Directory"))
        .contains("hostPath type check failed: " + missing + " is not a directory");
    assertThat(HostPaths.check(missing.toString(), "File")).contains("hostPath type check failed: " + missing + " is not a file");
    assertThat(HostPaths.check(missing.toString(), "")).isEmpty();
    assertThat(Files.exists(missing)).isFalse();
    assertThat(HostPaths.check(dir.toString(), "FileOrCreate")).contains("hostPath type check failed: " + dir + " is not a file");
    assertThat(HostPaths.check(dir.toString(), "Pipe")).contains("Pipe is an invalid volume type");
    assertThat(HostPaths.check(dir.toString(), "Socket")).contains("hostPath type check failed: " + dir + " is not a socket file");
    Path sock = dir.resolve("s.sock");
    try (ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      s.bind(UnixDomainSocketAddress.of(sock));
      assertThat(HostPaths.check(sock.toString(), "Socket")).isEqualTo(Optional.empty());
      assertThat(HostPaths.check(sock.toString(), "File")).as("kubelet counts anything but a folder as a file").isEmpty();
      assertThat(HostPaths.check(sock.toString(), "Directory")).contains("hostPath type check failed: " + sock + " is not a directory");
    }
  }
}
