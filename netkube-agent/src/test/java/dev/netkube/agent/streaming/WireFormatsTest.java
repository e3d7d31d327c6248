package dev.netkube.agent.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The small wire formats: channel framing, the error stream's Status, resize messages, paths and negotiation. */
class WireFormatsTest {
  @Test
  void binaryChannelsPrefixTheChannelByteAndBase64ChannelsADigit() {
    byte[] data = "hi".getBytes(StandardCharsets.UTF_8);
    assertThat(ChannelProtocol.V5.encode(ChannelProtocol.STDOUT, data, 0, 2)).containsExactly(1, 'h', 'i');
    assertThat(new String(ChannelProtocol.V4_BASE64.encode(ChannelProtocol.STDERR, data, 0, 2), StandardCharsets.US_ASCII))
        .isEqualTo("2aGk=");
    ChannelProtocol.Message close = ChannelProtocol.V5.decode(new byte[] {(byte) 255, 0}).orElseThrow();
    assertThat(close.channel()).isEqualTo(ChannelProtocol.CLOSE_SIGNAL);
    assertThat(close.data()).containsExactly(0);
    assertThat(ChannelProtocol.V1_BASE64.decode("0aGk=".getBytes(StandardCharsets.US_ASCII)).orElseThrow().data())
        .isEqualTo(data);
    assertThat(ChannelProtocol.of("")).isEqualTo(ChannelProtocol.V1);
    assertThat(ChannelProtocol.names()).startsWith("v5.channel.k8s.io");
  }

  @Test
  void theErrorStreamCarriesUpstreamsStatus() {
    String exit = new String(new ExecStatus.NonZeroExit(3, List.of("sh", "-c", "exit 3")).encode(true), StandardCharsets.UTF_8);
    assertThat(exit).isEqualTo("{\"metadata\":{},\"status\":\"Failure\",\"message\":\"command terminated with non-zero exit"
        + " code: error executing command [sh -c exit 3], exit code 3\",\"reason\":\"NonZeroExitCode\","
        + "\"details\":{\"causes\":[{\"reason\":\"ExitCode\",\"message\":\"3\"}]}}");
    assertThat(new String(new ExecStatus.Success().encode(true), StandardCharsets.UTF_8))
        .isEqualTo("{\"metadata\":{},\"status\":\"Success\"}");
    assertThat(new ExecStatus.Success().encode(false)).isEmpty();
    assertThat(new String(ExecStatus.Internal.exec("no such file").encode(false), StandardCharsets.UTF_8))
        .isEqualTo("Internal error occurred: error executing command in container: no such file");
  }

  @Test
  void resizeMessagesMaySplitAnywhere() {
    ResizeDecoder d = new ResizeDecoder();
    assertThat(d.feed("{\"Width\":100,".getBytes(StandardCharsets.UTF_8))).isEmpty();
    assertThat(d.feed("\"Height\":30}{\"Width\":80,\"Height\":24}".getBytes(StandardCharsets.UTF_8)))
        .containsExactly(new TerminalSize(100, 30), new TerminalSize(80, 24));
  }

  @Test
  void kubeletPathsWithAndWithoutUid() {
    KubeletPath exec = KubeletPath.parse("/exec/default/p/main").orElseThrow();
    assertThat(exec.endpoint()).isEqualTo(KubeletPath.Endpoint.EXEC);
    assertThat(exec.pod()).contains(new PodRef("default", "p"));
    assertThat(exec.container()).isEqualTo("main");
    assertThat(KubeletPath.parse("/attach/default/p/uid-1/main").orElseThrow().pod())
        .contains(new PodRef("default", "p", "uid-1"));
    assertThat(KubeletPath.parse("/portForward/default/p").orElseThrow().endpoint())
        .isEqualTo(KubeletPath.Endpoint.PORT_FORWARD);
    assertThat(KubeletPath.parse("/containerLogs/default/p")).isEmpty();
    assertThat(KubeletPath.parse("/pods")).isEmpty();
  }

  @Test
  void negotiationTakesTheClientsFirstSupportedOffer() {
    List<String> offers = ProtocolNegotiation.offers(List.of("v5.channel.k8s.io, v4.channel.k8s.io", "channel.k8s.io"));
    assertThat(offers).containsExactly("v5.channel.k8s.io", "v4.channel.k8s.io", "channel.k8s.io");
    assertThat(ProtocolNegotiation.pick(List.of("v6.channel.k8s.io", "v4.channel.k8s.io"), ChannelProtocol.names()))
        .contains("v4.channel.k8s.io");
    assertThat(ProtocolNegotiation.pick(List.of("v6.channel.k8s.io"), ChannelProtocol.names())).isEmpty();
  }
}
