package dev.netkube.apiserver.auth;

import static dev.netkube.apiserver.auth.ServiceAccountTokensTest.KEY;
import static dev.netkube.apiserver.auth.ServiceAccountTokensTest.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.Json;
import dev.netkube.model.api.ApiException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** TokenRequest (kubectl create token) and the service-account lookup that retires tokens of deleted objects. */
class TokenRequestsTest {
  private final ServiceAccountTokens tokens =
      new ServiceAccountTokens(KEY, ServiceAccountTokens.DEFAULT_ISSUER, List.of(ServiceAccountTokens.DEFAULT_ISSUER),
          Clock.fixed(T0, ZoneOffset.UTC));
  private final TokenRequests requests = new TokenRequests(tokens, Clock.fixed(T0, ZoneOffset.UTC));
  private final Map<String, ObjectNode> store = new HashMap<>();

  private ObjectNode put(String kind, String name, String uid) {
    ObjectNode o = Json.object();
    o.with("metadata").put("name", name).put("namespace", "default").put("uid", uid);
    store.put(kind + "/" + name, o);
    return o;
  }

  private Optional<ObjectNode> get(String kind, String name) { return Optional.ofNullable(store.get(kind + "/" + name)); }

  private ObjectNode request(String specJson) throws Exception {
    ObjectNode r = (ObjectNode) Json.parse("{\"kind\":\"TokenRequest\",\"apiVersion\":\"authentication.k8s.io/v1\","
        + "\"metadata\":{\"creationTimestamp\":null},\"spec\":" + specJson + "}");
    return r;
  }

  @Test
  void aDefaultRequestGetsAnHourLongTokenForTheApiAudiences() throws Exception {
    put("ServiceAccount", "default", "sa-1");
    ObjectNode out = requests.create("default", "default", request("{\"audiences\":null,\"expirationSeconds\":null}"), this::get);

    assertThat(Json.str(out, "status.expirationTimestamp")).isEqualTo("2026-11-25T05:00:00Z");
    assertThat(out.path("spec").path("expirationSeconds").asLong()).isEqualTo(3600);
    assertThat(out.path("spec").path("audiences").get(0).asText()).isEqualTo(ServiceAccountTokens.DEFAULT_ISSUER);
    ServiceAccountClaims claims = tokens.claims(Json.str(out, "status.token")).orElseThrow();
    assertThat(claims.username()).isEqualTo("system:serviceaccount:default:default");
    assertThat(claims.uid()).isEqualTo("sa-1");
  }

  @Test
  void tooShortAndMissingAreRefusedAsUpstream() throws Exception {
    put("ServiceAccount", "default", "sa-1");
    assertThatThrownBy(() -> requests.create("default", "default", request("{\"expirationSeconds\":60}"), this::get))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("spec.expirationSeconds: Invalid value: 60: may not specify a duration less than 10 minutes");
    assertThatThrownBy(() -> requests.create("default", "nobody", request("{}"), this::get))
        .hasMessage("serviceaccounts \"nobody\" not found");
  }

  @Test
  void aTokenBoundToAPodDiesWithThePodAndOneOfADeletedAccountToo() throws Exception {
    put("ServiceAccount", "default", "sa-1");
    put("Pod", "web", "pod-1");
    ObjectNode out = requests.create("default", "default",
        request("{\"boundObjectRef\":{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"name\":\"web\"}}"), this::get);
    String token = Json.str(out, "status.token");
    BearerTokenAuthenticator authn =
        BearerTokenAuthenticator.of(tokens, new StoredServiceAccountLookup((ns, kind, name) -> get(kind, name)));

    assertThat(authn.authenticate(token)).isPresent();
    store.remove("Pod/web");
    assertThat(authn.authenticate(token)).as("pod gone").isEmpty();
    put("Pod", "web", "pod-2");
    assertThat(authn.authenticate(token)).as("another pod of that name").isEmpty();

    String plain = Json.str(requests.create("default", "default", request("{}"), this::get), "status.token");
    assertThat(authn.authenticate(plain)).isPresent();
    store.remove("ServiceAccount/default");
    assertThat(authn.authenticate(plain)).as("account deleted").isEmpty();
    put("ServiceAccount", "default", "sa-2");
    assertThat(authn.authenticate(plain)).as("account recreated: another uid").isEmpty();
  }

  @Test
  void aBoundObjectWithAnotherUidIsAConflict() throws Exception {
    put("ServiceAccount", "default", "sa-1");
    put("Secret", "s", "secret-1");
    assertThatThrownBy(() -> requests.create("default", "default",
        request("{\"boundObjectRef\":{\"kind\":\"Secret\",\"name\":\"s\",\"uid\":\"old\"}}"), this::get))
        .hasMessageContaining("the UID in the bound object reference (old) does not match the UID in record");
    assertThatThrownBy(() -> requests.create("default", "default",
        request("{\"boundObjectRef\":{\"kind\":\"ConfigMap\",\"name\":\"s\"}}"), this::get))
        .hasMessage("cannot bind token for serviceaccount \"default\" to object of kind \"ConfigMap\"");
  }
}
