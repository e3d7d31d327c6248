package dev.netkube.apiserver.protobuf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import dev.netkube.model.Json;
import dev.netkube.model.api.ApiException;
import io.kubernetes.client.proto.IntStr.IntOrString;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.Resource.Quantity;
import io.kubernetes.client.proto.Runtime;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Apps;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ProtobufBodiesTest {

  /** What client-go's protobuf serializer writes: k8s\0 + runtime.Unknown{typeMeta, raw}. */
  static byte[] envelope(String apiVersion, String kind, Message object) {
    Runtime.Unknown unknown = Runtime.Unknown.newBuilder()
        .setTypeMeta(Runtime.TypeMeta.newBuilder().setApiVersion(apiVersion).setKind(kind))
        .setRaw(object.toByteString()).setContentEncoding("").setContentType("").build();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {'k', '8', 's', 0});
    out.writeBytes(unknown.toByteArray());
    return out.toByteArray();
  }

  static ObjectNode json(String text) throws Exception {
    return (ObjectNode) Json.parse(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Go marshals non-pointer fields even when empty; such zero values stay out of the JSON. */
  static Meta.ObjectMeta.Builder meta(String name) {
    return Meta.ObjectMeta.newBuilder().setName(name).setNamespace("").setGenerateName("").setGeneration(0)
        .setCreationTimestamp(Meta.Time.newBuilder());
  }

  @Test
  void recognisesTheProtobufMediaType() {
    assertThat(ProtobufBodies.isProtobuf("application/vnd.kubernetes.protobuf")).isTrue();
    assertThat(ProtobufBodies.isProtobuf("Application/VND.Kubernetes.Protobuf; charset=binary")).isTrue();
    assertThat(ProtobufBodies.isProtobuf("application/json")).isFalse();
    assertThat(ProtobufBodies.isProtobuf("application/vnd.kubernetes.protobuf;stream=watch")).isTrue();
    assertThat(ProtobufBodies.isProtobuf(null)).isFalse();
  }

  @Test
  void namespaceAsKubectlCreateNamespaceSendsIt() throws Exception {
    V1.Namespace ns = V1.Namespace.newBuilder().setMetadata(meta("monitoring"))
        .setSpec(V1.NamespaceSpec.newBuilder()).setStatus(V1.NamespaceStatus.newBuilder().setPhase("")).build();
    assertThat(ProtobufBodies.decode(envelope("v1", "Namespace", ns))).isEqualTo(json("""
        {"apiVersion":"v1","kind":"Namespace","metadata":{"name":"monitoring","creationTimestamp":null},
         "spec":{},"status":{}}"""));
  }

  @Test
  void configMapDataBecomesAnObjectKeepingEmptyValues() throws Exception {
    V1.ConfigMap cm = V1.ConfigMap.newBuilder().setMetadata(meta("app").setNamespace("default"))
        .putData("a", "b").putData("empty", "").build();
    assertThat(ProtobufBodies.decode(envelope("v1", "ConfigMap", cm))).isEqualTo(json("""
        {"apiVersion":"v1","kind":"ConfigMap",
         "metadata":{"name":"app","namespace":"default","creationTimestamp":null},
         "data":{"a":"b","empty":""}}"""));
  }

  @Test
  void deploymentWithIntOrStringQuantityAndExplicitZeroPointer() throws Exception {
    V1.Container container = V1.Container.newBuilder().setName("web").setImage("nginx")
        .setStdin(false).setTty(false).setTerminationMessagePath("")
        .setResources(V1.ResourceRequirements.newBuilder()
            .putRequests("cpu", Quantity.newBuilder().setString("100m").build()))
        .addPorts(V1.ContainerPort.newBuilder().setContainerPort(80).setProtocol("TCP")).build();
    V1Apps.Deployment d = V1Apps.Deployment.newBuilder()
        .setMetadata(meta("web").putLabels("app", "web"))
        .setSpec(V1Apps.DeploymentSpec.newBuilder().setReplicas(0).setMinReadySeconds(0)
            .setSelector(Meta.LabelSelector.newBuilder().putMatchLabels("app", "web"))
            .setStrategy(V1Apps.DeploymentStrategy.newBuilder().setType("RollingUpdate")
                .setRollingUpdate(V1Apps.RollingUpdateDeployment.newBuilder()
                    .setMaxSurge(IntOrString.newBuilder().setType(1).setStrVal("25%"))
                    .setMaxUnavailable(IntOrString.newBuilder().setType(0).setIntVal(1))))
            .setTemplate(V1.PodTemplateSpec.newBuilder().setMetadata(meta("").putLabels("app", "web"))
                .setSpec(V1.PodSpec.newBuilder().addContainers(container).setHostNetwork(false))))
        .setStatus(V1Apps.DeploymentStatus.newBuilder().setReplicas(0).setObservedGeneration(0))
        .build();
    assertThat(ProtobufBodies.decode(envelope("apps/v1", "Deployment", d))).isEqualTo(json("""
        {"apiVersion":"apps/v1","kind":"Deployment",
         "metadata":{"name":"web","creationTimestamp":null,"labels":{"app":"web"}},
         "spec":{"replicas":0,"selector":{"matchLabels":{"app":"web"}},
           "template":{"metadata":{"creationTimestamp":null,"labels":{"app":"web"}},
             "spec":{"containers":[{"name":"web","image":"nginx","ports":[{"containerPort":80,"protocol":"TCP"}],
               "resources":{"requests":{"cpu":"100m"}}}]}},
           "strategy":{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":1,"maxSurge":"25%"}}},
         "status":{}}"""));
  }

  @Test
  void podTimesAndDurationsInKubernetesJsonForm() throws Exception {
    long created = Instant.parse("2026-11-25T04:06:11Z").getEpochSecond();
    V1.Pod pod = V1.Pod.newBuilder()
        .setMetadata(meta("p").setCreationTimestamp(Meta.Time.newBuilder().setSeconds(created).setNanos(500))
            .putLabels("run", "p"))
        .setSpec(V1.PodSpec.newBuilder().addContainers(V1.Container.newBuilder().setName("c").setImage("busybox"))
            .setTerminationGracePeriodSeconds(0).setAutomountServiceAccountToken(false))
        .setStatus(V1.PodStatus.newBuilder().addConditions(V1.PodCondition.newBuilder().setType("Ready")
            .setLastProbeTime(Meta.Time.newBuilder().setSeconds(created + 3723))))
        .build();
    assertThat(ProtobufBodies.decode(envelope("v1", "Pod", pod))).isEqualTo(json("""
        {"apiVersion":"v1","kind":"Pod",
         "metadata":{"name":"p","creationTimestamp":"2026-11-25T04:06:11Z","labels":{"run":"p"}},
         "spec":{"containers":[{"name":"c","image":"busybox"}],"terminationGracePeriodSeconds":0,
           "automountServiceAccountToken":false},
         "status":{"conditions":[{"type":"Ready","lastProbeTime":"2026-11-25T05:08:14Z"}]}}"""));
  }

  @Test
  void inlineEmbeddedStructsAreFlattened() throws Exception {
    V1.Volume volume = V1.Volume.newBuilder().setName("cfg").setVolumeSource(V1.VolumeSource.newBuilder()
        .setConfigMap(V1.ConfigMapVolumeSource.newBuilder()
            .setLocalObjectReference(V1.LocalObjectReference.newBuilder().setName("app")).setDefaultMode(420)))
        .build();
    V1.Probe probe = V1.Probe.newBuilder().setHandler(V1.ProbeHandler.newBuilder()
        .setHttpGet(V1.HTTPGetAction.newBuilder().setPath("/healthz")
            .setPort(IntOrString.newBuilder().setType(1).setStrVal("http")))).setPeriodSeconds(10).build();
    V1.Pod pod = V1.Pod.newBuilder().setMetadata(meta("p")).setSpec(V1.PodSpec.newBuilder().addVolumes(volume)
        .addContainers(V1.Container.newBuilder().setName("c").setImage("nginx").setLivenessProbe(probe))).build();
    assertThat(ProtobufBodies.decode(envelope("v1", "Pod", pod)).get("spec")).isEqualTo(json("""
        {"volumes":[{"name":"cfg","configMap":{"name":"app","defaultMode":420}}],
         "containers":[{"name":"c","image":"nginx",
           "livenessProbe":{"httpGet":{"path":"/healthz","port":"http"},"periodSeconds":10}}]}"""));

    io.kubernetes.client.proto.V1Networking.Ingress ingress = io.kubernetes.client.proto.V1Networking.Ingress
        .newBuilder().setMetadata(meta("ing")).setSpec(io.kubernetes.client.proto.V1Networking.IngressSpec
            .newBuilder().addRules(io.kubernetes.client.proto.V1Networking.IngressRule.newBuilder()
                .setHost("foo.com").setIngressRuleValue(io.kubernetes.client.proto.V1Networking.IngressRuleValue
                    .newBuilder().setHttp(io.kubernetes.client.proto.V1Networking.HTTPIngressRuleValue
                        .newBuilder().addPaths(io.kubernetes.client.proto.V1Networking.HTTPIngressPath.newBuilder()
                            .setPath("/bar").setPathType("Exact")))))).build();
    assertThat(ProtobufBodies.decode(envelope("networking.k8s.io/v1", "Ingress", ingress)).at("/spec/rules/0"))
        .isEqualTo(json("""
            {"host":"foo.com","http":{"paths":[{"path":"/bar","pathType":"Exact"}]}}"""));
  }

  @Test
  void protoNamesThatDifferFromJsonNamesAreRenamed() throws Exception {
    var config = io.kubernetes.client.proto.V1Admissionregistration.ValidatingWebhookConfiguration.newBuilder()
        .setMetadata(meta("hooks")).addWebhooks(io.kubernetes.client.proto.V1Admissionregistration.ValidatingWebhook
            .newBuilder().setName("check.example.com").addRules(
                io.kubernetes.client.proto.V1Admissionregistration.RuleWithOperations.newBuilder()
                    .addOperations("CREATE").setRule(io.kubernetes.client.proto.V1Admissionregistration.Rule
                        .newBuilder().addApiGroups("").addApiVersions("v1").addResources("pods"))))
        .build();
    assertThat(ProtobufBodies.decode(envelope("admissionregistration.k8s.io/v1", "ValidatingWebhookConfiguration",
        config)).get("webhooks")).isEqualTo(Json.parse("""
            [{"name":"check.example.com","rules":[{"operations":["CREATE"],"apiGroups":[""],"apiVersions":["v1"],
              "resources":["pods"]}]}]""".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void secretBytesBecomeBase64() throws Exception {
    V1.Secret secret = V1.Secret.newBuilder().setMetadata(meta("s"))
        .putData("password", ByteString.copyFromUtf8("hunter2")).setType("Opaque").build();
    assertThat(ProtobufBodies.decode(envelope("v1", "Secret", secret))).isEqualTo(json("""
        {"apiVersion":"v1","kind":"Secret","metadata":{"name":"s","creationTimestamp":null},
         "data":{"password":"aHVudGVyMg=="},"type":"Opaque"}"""));
  }

  @Test
  void deleteOptionsOfAnyGroupVersionAndMicroTimeAndEmbeddedJson() throws Exception {
    Meta.DeleteOptions opts = Meta.DeleteOptions.newBuilder().setGracePeriodSeconds(0)
        .setPropagationPolicy("Foreground").addDryRun("All").build();
    assertThat(ProtobufBodies.decode(envelope("apps/v1", "DeleteOptions", opts))).isEqualTo(json("""
        {"apiVersion":"apps/v1","kind":"DeleteOptions","gracePeriodSeconds":0,"propagationPolicy":"Foreground",
         "dryRun":["All"]}"""));

    Meta.ManagedFieldsEntry entry = Meta.ManagedFieldsEntry.newBuilder().setManager("kubectl")
        .setTime(Meta.Time.newBuilder().setSeconds(1_700_000_000L))
        .setFieldsV1(Meta.FieldsV1.newBuilder().setRaw(ByteString.copyFromUtf8("{\"f:data\":{}}"))).build();
    V1.ConfigMap cm = V1.ConfigMap.newBuilder().setMetadata(meta("m").addManagedFields(entry)).build();
    assertThat(ProtobufBodies.decode(envelope("v1", "ConfigMap", cm)).at("/metadata/managedFields/0"))
        .isEqualTo(json("""
            {"manager":"kubectl","time":"2023-11-14T22:13:20Z","fieldsV1":{"f:data":{}}}"""));
  }

  @Test
  void goDurationStrings() {
    assertThat(GoDuration.format(0)).isEqualTo("0s");
    assertThat(GoDuration.format(1_500_000)).isEqualTo("1.5ms");
    assertThat(GoDuration.format(3_723_500_000_000L)).isEqualTo("1h2m3.5s");
    assertThat(GoDuration.format(300_000_000_000L)).isEqualTo("5m0s");
    assertThat(GoDuration.format(-2_000)).isEqualTo("-2µs");
  }

  @Test
  void rejectsBodiesThatAreNotTheEnvelopeOrAnUnknownKind() {
    assertThatThrownBy(() -> ProtobufBodies.decode("{}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(ApiException.class)
        .hasMessage("provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]");
    assertThatThrownBy(() -> ProtobufBodies.decode(new byte[0])).hasMessage("empty data");
    assertThatThrownBy(() -> ProtobufBodies.decode(new byte[] {'k', '8', 's', 0})).hasMessage("empty body");
    V1.Namespace ns = V1.Namespace.newBuilder().setMetadata(meta("x")).build();
    assertThatThrownBy(() -> ProtobufBodies.decode(envelope("v1", "Gadget", ns)))
        .isInstanceOf(ApiException.class)
        .hasMessage("no kind \"Gadget\" is registered for version \"v1\" in scheme "
            + "\"k8s.io/kubernetes/pkg/api/legacyscheme/scheme.go:30\"");
  }
}
