package dev.netkube.cli.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class PortOwnerTest {
  static final String PROC_NET_TCP = """
        sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
         0: 0100007F:192B 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 31337 1 0000000000000000 100 0 0 10 0
         1: 0100007F:192B 0100007F:D2F0 01 00000000:00000000 00:00000000 00000000     0        0 31338 1 0000000000000000 20 4 30 10 -1
         2: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 555 1 0000000000000000 100 0 0 10 0
      """;

  @Test
  void findsOnlyListeningSocketsOfThePort() {
    assertThat(PortOwner.listeningInodes(PROC_NET_TCP, 6443)).containsExactly(31337L);
    assertThat(PortOwner.listeningInodes(PROC_NET_TCP, 22)).containsExactly(555L);
    assertThat(PortOwner.listeningInodes(PROC_NET_TCP, 80)).isEmpty();
  }

  @Test
  void findsThisJvmListeningOnAPort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      assertThat(PortOwner.find(socket.getLocalPort())).get()
          .extracting(PortOwner.Owner::pid).isEqualTo(ProcessHandle.current().pid());
    }
  }
}
