package dev.netkube.agent.cni;

import dev.netkube.model.GoQuote;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Plugin failures read as libcni, containerd and kubelet print them. */
class CniErrorsTest {
  private static byte[] b(String s) { return s.getBytes(StandardCharsets.UTF_8); }

  @Test
  void aPluginsErrorJsonBecomesLibcnisMessage() {
    PluginOutcome o = PluginOutcome.of(1, b("""
        {"code": 999, "msg": "failed to allocate for range 0: no IP addresses available in range set: 10.9.0.1-10.9.0.2"}"""),
        new byte[0]);
    PluginError error = ((PluginOutcome.Failed) o).error();
    CniException e = CniException.pluginFailed(CniCommand.ADD, "bridge", error);
    assertThat(e.getMessage()).isEqualTo("plugin type=\"bridge\" failed (add): failed to allocate for range 0: "
        + "no IP addresses available in range set: 10.9.0.1-10.9.0.2");
    assertThat(e.pluginError()).contains(new PluginError(999,
        "failed to allocate for range 0: no IP addresses available in range set: 10.9.0.1-10.9.0.2", ""));
    assertThat(e.tryAgainLater()).isFalse();
  }

  @Test
  void detailsFollowTheMessageAndCode11MeansTryAgain() {
    PluginError error = ((PluginOutcome.Failed) PluginOutcome.of(1,
        b("{\"code\":11,\"msg\":\"busy\",\"details\":\"lock held\"}"), new byte[0])).error();
    CniException e = CniException.pluginFailed(CniCommand.DEL, "portmap", error);
    assertThat(e.getMessage()).isEqualTo("plugin type=\"portmap\" failed (delete): busy; lock held");
    assertThat(e.tryAgainLater()).isTrue();
  }

  @Test
  void withoutStdoutTheErrorIsStderrOrNothing() {
    assertThat(((PluginOutcome.Failed) PluginOutcome.of(2, new byte[0], b("boom\n"))).error().text())
        .isEqualTo("netplugin failed: \"boom\\n\": exit status 2");
    assertThat(((PluginOutcome.Failed) PluginOutcome.of(2, new byte[0], new byte[0])).error().text())
        .isEqualTo("netplugin failed with no error message: exit status 2");
    assertThat(((PluginOutcome.Failed) PluginOutcome.of(1, b("not json"), new byte[0])).error().text())
        .startsWith("netplugin failed but error parsing its diagnostic message \"not json\"");
    assertThat(PluginOutcome.of(0, b("{}"), b("noise"))).isInstanceOf(PluginOutcome.Succeeded.class);
  }

  @Test
  void kubeletsEventsWrapContainerdsWords() {
    CniException e = CniException.pluginFailed(CniCommand.ADD, "bridge",
        new PluginError(999, "failed to allocate for range 0: no IP addresses available in range set: 10.9.0.1-10.9.0.2", ""));
    assertThat(KubeletMessages.failedCreatePodSandbox("8f1c", e)).isEqualTo(
        "Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox \"8f1c\": "
            + "plugin type=\"bridge\" failed (add): failed to allocate for range 0: no IP addresses available in range set: "
            + "10.9.0.1-10.9.0.2");
    CniException del = CniException.pluginFailed(CniCommand.DEL, "portmap", new PluginError(999, "iptables failed", ""));
    assertThat(KubeletMessages.failedKillPod("uid-1", "8f1c", del)).isEqualTo(
        "error killing pod: failed to \"KillPodSandbox\" for \"uid-1\" with KillPodSandboxError: \"rpc error: code = Unknown "
            + "desc = failed to destroy network for sandbox \\\"8f1c\\\": plugin type=\\\"portmap\\\" failed (delete): "
            + "iptables failed\"");
    assertThat(KubeletMessages.FAILED_CREATE_POD_SANDBOX).isEqualTo("FailedCreatePodSandBox");
  }

  @Test
  void goQuotingEscapesAsStrconvQuote() {
    assertThat(GoQuote.quote("a\"b\\c\n\t\u0001é")).isEqualTo("\"a\\\"b\\\\c\\n\\t\\x01é\"");
  }

  @Test
  void namesAreValidatedAsLibcniDoes() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> CniNames.containerId("bad/id"))
        .hasMessage("invalid characters in containerID: bad/id");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> CniNames.interfaceName("eth 0"))
        .hasMessageStartingWith("interface name contains");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> CniNames.containerId(""))
        .hasMessage("missing containerID");
    assertThat(CniNames.interfaceName("eth0")).isEqualTo("eth0");
  }
}
