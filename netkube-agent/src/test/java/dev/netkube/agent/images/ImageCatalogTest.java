package dev.netkube.agent.images;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netkube.agent.runtime.EnvVar;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ImageCatalogTest {
  private static final AddonImages.Launcher LAUNCHER = new AddonImages.Launcher(List.of("/opt/netkube/netkube"));
  private static final ImageResolver RESOLVER = new ImageResolver(
      BuiltinImages.catalog(LAUNCHER, new BuiltinImages.NodeFacts(false, cmd -> !cmd.equals("zsh"))));

  private static ImageResolution resolve(String image, List<String> command, List<String> args) {
    return RESOLVER.resolve(new ImageRequest("c1", image, command, args, List.of(), "", false, "pod-1"));
  }

  private static ContainerLaunch launch(String image, List<String> command, List<String> args) {
    return ((ImageResolution.Resolved) resolve(image, command, args)).launch();
  }

  @Test
  void referencesAreNormalizedAsDockerDoes() {
    assertThat(ImageReference.of("nginx").canonical()).isEqualTo("docker.io/library/nginx:latest");
    assertThat(ImageReference.of("nginx:1.25").canonical()).isEqualTo("docker.io/library/nginx:1.25");
    assertThat(ImageReference.of("library/nginx").canonical()).isEqualTo("docker.io/library/nginx:latest");
    assertThat(ImageReference.of("docker.io/nginx").canonical()).isEqualTo("docker.io/library/nginx:latest");
    assertThat(ImageReference.of("index.docker.io/library/nginx:1").canonical()).isEqualTo("docker.io/library/nginx:1");
    assertThat(ImageReference.of("hashicorp/http-echo").canonical()).isEqualTo("docker.io/hashicorp/http-echo:latest");
    assertThat(ImageReference.of("localhost:5000/app:v1").repository()).isEqualTo("localhost:5000/app");
    assertThat(ImageReference.of("quay.io/metallb/speaker:v0.13.12").repository()).isEqualTo("quay.io/metallb/speaker");
    String digest = "sha256:" + "a".repeat(64);
    ImageReference d = ImageReference.of("nginx@" + digest);
    assertThat(d.canonical()).isEqualTo("docker.io/library/nginx@" + digest);
    assertThat(d.tag()).isEmpty();
    assertThat(ImageReference.of("ubuntu:22.04").familiarName()).isEqualTo("ubuntu");
  }

  @Test
  void invalidNamesAreInvalidImageName() {
    ImageResolution r = resolve("Nginx", List.of(), List.of());
    assertThat(r).isInstanceOf(ImageResolution.InvalidName.class);
    ImageResolution.InvalidName invalid = (ImageResolution.InvalidName) r;
    assertThat(invalid.reason()).isEqualTo("InvalidImageName");
    assertThat(invalid.message()).isEqualTo("Failed to apply default image tag \"Nginx\": couldn't parse image name \"Nginx\": "
        + "invalid reference format: repository name (library/Nginx) must be lowercase");
  }

  @Test
  void unknownImagesFailToPullWithContainerdsAndKubeletsWords() {
    ImageResolution.NotFound nf = (ImageResolution.NotFound) resolve("nosuchimage", List.of(), List.of());
    assertThat(nf.reason()).isEqualTo("ErrImagePull");
    assertThat(nf.message()).isEqualTo("rpc error: code = NotFound desc = failed to pull and unpack image "
        + "\"docker.io/library/nosuchimage:latest\": failed to resolve reference \"docker.io/library/nosuchimage:latest\": "
        + "docker.io/library/nosuchimage:latest: not found");
    assertThat(nf.failedEvent()).isEqualTo("Failed to pull image \"nosuchimage\": " + nf.message());
    assertThat(nf.backOffReason()).isEqualTo("ImagePullBackOff");
    assertThat(nf.backOffEvent()).isEqualTo("Back-off pulling image \"nosuchimage\"");
    assertThat(nf.backOffMessage()).isEqualTo("Back-off pulling image \"nosuchimage\": ErrImagePull: " + nf.message());
  }

  @Test
  void commandReplacesEntrypointAndDropsCmdArgsReplaceCmd() {
    List<String> ep = List.of("/ep", "a");
    List<String> cmd = List.of("c1", "c2");
    Map<String, String> env = Map.of("X", "x");
    assertThat(ContainerCommand.compose(ep, cmd, List.of(), List.of(), env)).contains(List.of("/ep", "a", "c1", "c2"));
    assertThat(ContainerCommand.compose(ep, cmd, List.of("/bin/cmd"), List.of(), env)).contains(List.of("/bin/cmd"));
    assertThat(ContainerCommand.compose(ep, cmd, List.of(), List.of("arg"), env)).contains(List.of("/ep", "a", "arg"));
    assertThat(ContainerCommand.compose(ep, cmd, List.of("/bin/cmd"), List.of("$(X)", "$$(X)", "$(Y)"), env))
        .contains(List.of("/bin/cmd", "x", "$(X)", "$(Y)"));
    assertThat(ContainerCommand.compose(List.of(), List.of(), List.of(), List.of(), env)).isEmpty();
  }

  @Test
  void containerEnvironmentIsComposedInOrderWithExpansion() {
    List<EnvVar> declared = ContainerEnv.compose(List.of(Map.of("FROM", "cm")),
        List.of(new ContainerEnv.Literal("A", "a"), new ContainerEnv.Literal("B", "$(A)-$(FROM)-$(SVC_HOST)-$(NOPE)"),
            new ContainerEnv.Resolved("C", "$(A)")),
        Map.of("SVC_HOST", "10.96.0.1"));
    assertThat(declared).containsExactly(new EnvVar("FROM", "cm"), new EnvVar("A", "a"), new EnvVar("B", "a-cm-10.96.0.1-$(NOPE)"),
        new EnvVar("C", "$(A)"), new EnvVar("SVC_HOST", "10.96.0.1"));
    ImageResolution.Resolved r = (ImageResolution.Resolved) RESOLVER.resolve(
        new ImageRequest("c1", "ubuntu", List.of(), List.of(), declared, "", true, "web-0"));
    assertThat(r.launch().env()).startsWith(new EnvVar("PATH", ImageConfig.DEFAULT_PATH), new EnvVar("TERM", "xterm"),
        new EnvVar("HOSTNAME", "web-0"));
    assertThat(r.launch().env()).endsWith(new EnvVar("HOME", "/root"));
    assertThat(r.launch().argv()).containsExactly("/bin/bash");
    assertThat(r.image()).isEqualTo("docker.io/library/ubuntu:latest");
    assertThat(r.imageId()).matches("docker\\.io/library/ubuntu@sha256:[0-9a-f]{64}");
  }

  @Test
  void builtInImagesRunTheirRealDefaultCommandsOnTheNodesPrograms() {
    assertThat(launch("nginx:1.25.3", List.of(), List.of()).argv())
        .containsExactly("/bin/sh", "-c", "echo '/docker-entrypoint.sh: Configuration complete; ready for start up'; exec \"$@\"",
            "/docker-entrypoint.sh", "nginx", "-g", "daemon off;");
    assertThat(launch("nginx", List.of(), List.of()).mounts()).extracting(ImageMount::target)
        .contains("/etc/nginx/nginx.conf", "/etc/nginx/conf.d", "/var/log/nginx", "/var/lib/nginx");
    assertThat(launch("nginx", List.of(), List.of()).stopSignal()).isEqualTo("SIGQUIT");
    assertThat(launch("ubuntu:22.04", List.of(), List.of()).argv()).containsExactly("/bin/bash");
    assertThat(launch("debian", List.of(), List.of()).argv()).containsExactly("bash");
    assertThat(launch("busybox", List.of(), List.of()).argv()).containsExactly("sh");
    ContainerLaunch netshoot = launch("nicolaka/netshoot", List.of(), List.of());
    assertThat(netshoot.argv()).containsExactly("bash"); // the node has no zsh
    assertThat(netshoot.workingDir()).isEqualTo("/root");
    ContainerLaunch app = launch("arisu1000/simple-container-app:latest", List.of(), List.of());
    assertThat(app.argv()).containsExactly("./simple-container-app");
    assertThat(app.workingDir()).isEqualTo("/root/");
    assertThat(app.mounts()).extracting(ImageMount::target).containsExactly("/root/simple-container-app");
  }

  @Test
  void httpEchoTakesItsFlagsAsTheGoProgramDoes() {
    ContainerLaunch echo = launch("hashicorp/http-echo", List.of(), List.of("-text=banana", "-listen=:8081"));
    assertThat(echo.argv().get(echo.argv().size() - 1)).isEqualTo(":8081");
    ImageFile.Regular conf = (ImageFile.Regular) echo.mounts().stream()
        .filter(m -> m.target().equals("/etc/nginx/nginx.conf")).findFirst().orElseThrow().file();
    assertThat(conf.content()).contains("listen  8081;").contains("return 200 \"banana\\n\";");
    ContainerLaunch dflt = launch("hashicorp/http-echo:0.2.3", List.of(), List.of("-text", "hi"));
    assertThat(((ImageFile.Regular) dflt.mounts().get(0).file()).content()).contains("listen  5678;");
    // 0.2.x requires -text and says so on stderr, exiting 127.
    assertThat(launch("hashicorp/http-echo:0.2.3", List.of(), List.of()).argv()).contains("Missing -text option!\n").anyMatch(a -> a.contains("exit 127"));
  }

  @Test
  void aRoleWithItsOwnLauncherStartsWithItAndTheOthersWithTheCommonOne() {
    AddonImages.Launcher launcher = new AddonImages.Launcher(List.of("java", "-XX:TieredStopAtLevel=1", "Main"),
        java.util.Map.of("dns", List.of("java", "-Xmn24m", "Main")));
    ImageResolver resolver = new ImageResolver(BuiltinImages.catalog(launcher, new BuiltinImages.NodeFacts(false, c -> true)));
    ImageResolution dns = resolver.resolve(new ImageRequest("c1", "registry.k8s.io/coredns/coredns:v1.11.3", List.of(),
        List.of("-conf", "/etc/coredns/Corefile"), List.of(), "", false, "pod-1"));
    ImageResolution proxy = resolver.resolve(new ImageRequest("c1", "registry.k8s.io/kube-proxy:v1.32.0",
        List.of("/usr/local/bin/kube-proxy"), List.of(), List.of(), "", false, "pod-1"));
    assertThat(((ImageResolution.Resolved) dns).launch().argv())
        .containsExactly("java", "-Xmn24m", "Main", "dns", "-conf", "/etc/coredns/Corefile");
    assertThat(((ImageResolution.Resolved) proxy).launch().argv()).containsExactly("java", "-XX:TieredStopAtLevel=1", "Main", "proxy");
  }

  @Test
  void addOnImagesMapToNetkubeRoles() {
    assertThat(launch("registry.k8s.io/coredns/coredns:v1.11.1", List.of(), List.of("-conf", "/etc/coredns/Corefile")).argv())
        .containsExactly("/opt/netkube/netkube", "dns", "-conf", "/etc/coredns/Corefile");
    assertThat(launch("registry.k8s.io/kube-proxy:v1.32.0", List.of("/usr/local/bin/kube-proxy", "--config=/var/lib/kube-proxy/config.conf"),
        List.of()).argv()).containsExactly("/opt/netkube/netkube", "proxy", "--config=/var/lib/kube-proxy/config.conf");
    assertThat(launch("registry.k8s.io/ingress-nginx/controller:v1.9.4@sha256:" + "b".repeat(64), List.of(),
        List.of("/nginx-ingress-controller", "--election-id=ingress-nginx-leader")).argv())
        .containsExactly("/opt/netkube/netkube", "ingress", "--election-id=ingress-nginx-leader");
    assertThat(launch("registry.k8s.io/ingress-nginx/kube-webhook-certgen:v20231011", List.of(), List.of("create")).argv())
        .containsExactly("/opt/netkube/netkube", "certgen", "create");
    assertThat(launch("quay.io/metallb/controller:v0.13.12", List.of(), List.of("--port=7472")).argv())
        .containsExactly("/opt/netkube/netkube", "lb-controller", "--port=7472");
    assertThat(launch("quay.io/metallb/speaker:v0.13.12", List.of(), List.of("--port=7472")).argv())
        .containsExactly("/opt/netkube/netkube", "speaker", "--port=7472");
    ImageResolution.Resolved r = (ImageResolution.Resolved) resolve("registry.k8s.io/ingress-nginx/controller:v1.9.4", List.of(), List.of());
    assertThat(r.execArgv(List.of("/wait-shutdown"), Map.of())).containsExactly("/opt/netkube/netkube", "ingress", "wait-shutdown");
  }

  @Test
  void userImagesFromTheConfigMapAreParsedValidatedAndMergedOverTheBuiltIns() {
    UserImages.Parsed parsed = UserImages.parse(Map.of(
        "python", "image: example.com/team/py:3\nentrypoint: [/usr/bin/python3, -m, http.server]\ncmd: [\"8000\"]\nenv: [GREETING=hello]\nworkingDir: /srv\n",
        "ubuntu", "{\"image\": \"ubuntu\", \"cmd\": [\"/bin/sh\"]}",
        "broken", "image: Bad\nfoo: 1\n",
        "nocmd", "image: example.com/x\n"));
    assertThat(parsed.errors()).containsExactly(
        "data[broken].foo: Unsupported value: \"foo\": supported values: \"cmd\", \"entrypoint\", \"env\", \"image\", \"stopSignal\", \"workingDir\"",
        "data[broken].image: Invalid value: \"Bad\": Failed to apply default image tag \"Bad\": couldn't parse image name \"Bad\": "
            + "invalid reference format: repository name (library/Bad) must be lowercase",
        "data[broken]: Required value: entrypoint or cmd",
        "data[nocmd]: Required value: entrypoint or cmd");
    ImageCatalog merged = BuiltinImages.catalog(LAUNCHER, new BuiltinImages.NodeFacts(false, c -> true)).merge(parsed.entries());
    ImageResolver resolver = new ImageResolver(merged);
    ContainerLaunch py = ((ImageResolution.Resolved) resolver.resolve(
        new ImageRequest("c", "example.com/team/py:3", List.of(), List.of(), List.of(), "", false, "h"))).launch();
    assertThat(py.argv()).containsExactly("/usr/bin/python3", "-m", "http.server", "8000");
    assertThat(py.workingDir()).isEqualTo("/srv");
    assertThat(py.env()).contains(new EnvVar("GREETING", "hello"));
    // Only that tag.
    assertThat(resolver.resolve(new ImageRequest("c", "example.com/team/py:4", List.of(), List.of(), List.of(), "", false, "h")))
        .isInstanceOf(ImageResolution.NotFound.class);
    ContainerLaunch ubuntu = ((ImageResolution.Resolved) resolver.resolve(
        new ImageRequest("c", "ubuntu:22.04", List.of(), List.of(), List.of(), "", false, "h"))).launch();
    assertThat(ubuntu.argv()).containsExactly("/bin/sh");
  }
}
