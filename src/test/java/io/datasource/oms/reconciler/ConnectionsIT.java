package io.datasource.oms.reconciler;

import static io.datasource.oms.testing.ConditionAssertions.assertThat;
import static io.datasource.oms.testing.ConditionAssertions.readyIs;
import static io.datasource.oms.testing.Fixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.datasource.oms.api.v1alpha1.Conditions.ConnectionReason;
import io.datasource.oms.api.v1alpha1.Conditions.ReadyReason;
import io.datasource.oms.api.v1alpha1.ConnectionRef;
import io.datasource.oms.api.v1alpha1.DeletionPolicy;
import io.datasource.oms.api.v1alpha1.OmsConnection;
import io.datasource.oms.api.v1alpha1.OmsConnectionSpec;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSource;
import io.datasource.oms.simulator.OmsSimulator;
import io.datasource.oms.simulator.SimulatedDataSource;
import io.datasource.oms.testing.Fixtures;
import io.datasource.oms.testing.ItEnv;
import io.datasource.oms.testing.TestOperator;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Several OMS instances: two simulators, an OmsConnection for each (the second one requires
 * credentials), resources on each, with the real operator on a real API server. The resources
 * without spec.connectionRef go to the operator's own OMS (env.sim), as before.
 */
class ConnectionsIT {

  static final String OMS_USER = "oms-console";
  static final String OMS_PASSWORD = "oms-Console-pw-1-do-not-leak";
  static final String OMS_PASSWORD_ROTATED = "oms-Console-pw-2-do-not-leak";
  static final Duration CHECK = Duration.ofSeconds(1);

  static ItEnv env;
  static OmsSimulator second;
  static TestOperator operator;
  String ns;
  String prefix;

  @BeforeAll
  static void start() {
    env = new ItEnv();
    second = OmsSimulator.builder().validRegions(Set.of(Fixtures.REGION))
        .credentials(OMS_USER, OMS_PASSWORD).port(0).start();
    // Connections are checked every SLOW_RETRY_DELAY.
    operator = env.operator().env("OMS_CONNECTIONS_ENABLED", "true",
        "SLOW_RETRY_DELAY", CHECK.toMillis() + "ms").start();
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      env.assertNoSecretLeaked();
      String all = String.join("\n", env.logLines(l -> true))
          + new ObjectMapper().writeValueAsString(connections().list().getItems())
          + new ObjectMapper().writeValueAsString(env.client.v1().events().inAnyNamespace()
              .list().getItems());
      for (String pw : List.of(OMS_PASSWORD, OMS_PASSWORD_ROTATED)) {
        assertThat(all).doesNotContain(pw).doesNotContain(Fixtures.base64(pw));
      }
    } finally {
      operator.close();
      second.close();
      env.close();
    }
  }

  @BeforeEach
  void namespace(TestInfo info) {
    String method = info.getTestMethod().orElseThrow().getName();
    ns = env.namespace(method);
    prefix = ns; // connections are cluster-scoped: named after the test's namespace
  }

  @AfterEach
  void cleanUp() {
    env.cleanUp(ns);
    for (OmsConnection c : connections().list().getItems()) {
      if (c.getMetadata().getName().startsWith(prefix)) {
        connections().withName(c.getMetadata().getName()).delete();
      }
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> connections().list().getItems().stream()
        .noneMatch(c -> c.getMetadata().getName().startsWith(prefix)));
    env.sim.reset();
    second.reset();
    second.credentials(OMS_USER, OMS_PASSWORD);
  }

  static io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<OmsConnection,
      io.fabric8.kubernetes.api.model.KubernetesResourceList<OmsConnection>,
      Resource<OmsConnection>> connections() {
    return env.client.resources(OmsConnection.class);
  }

  /** A connection to {@code sim}; with credentials from a Secret in the test's namespace. */
  private String connection(String suffix, OmsSimulator sim, boolean withCredentials) {
    return connection(suffix, sim, withCredentials, null);
  }

  private String connection(String suffix, OmsSimulator sim, boolean withCredentials,
      OmsConnectionSpec.AllowedNamespaces allowed) {
    String name = prefix + "-" + suffix;
    OmsConnectionSpec spec = new OmsConnectionSpec();
    spec.setBaseUrl(sim.baseUrl().toString());
    spec.setRequestTimeout("3s");
    spec.setConnectTimeout("2s");
    if (withCredentials) {
      env.client.resource(Fixtures.secret(ns, name + "-oms",
          Map.of("username", OMS_USER, "password", OMS_PASSWORD))).create();
      spec.setCredentialsSecretRef(new OmsConnectionSpec.ConnectionSecretRef(ns, name + "-oms"));
    }
    spec.setAllowedNamespaces(allowed);
    OmsConnection c = new OmsConnection();
    c.setMetadata(new ObjectMetaBuilder().withName(name).build());
    c.setSpec(spec);
    env.client.resource(c).create();
    return name;
  }

  private static void awaitConnection(String name, String status, String reason) {
    await().atMost(Duration.ofSeconds(20)).until(() -> connections().withName(name).get(),
        readyIs(status, reason));
  }

  /** Calls other than the connections' own checks (ListDataSource of the check's search key). */
  private static long callsForResources(OmsSimulator sim) {
    return sim.recentRequests().stream()
        .filter(q -> q.body() == null
            || !q.body().contains(OmsConnectionReconciler.CHECK_SEARCH_KEY))
        .count();
  }

  private PolarDBXDataSource on(String connection, String name) {
    PolarDBXDataSource r = resource(ns, name);
    r.getSpec().setConnectionRef(new ConnectionRef(connection));
    r.getSpec().setDeletionPolicy(DeletionPolicy.Delete);
    return r;
  }

  @Test
  void eachDataSourceIsCreatedInTheOmsOfItsConnection() {
    String a = connection("a", env.sim, false);
    String b = connection("b", second, true);
    awaitConnection(a, "True", ConnectionReason.CONNECTED);
    awaitConnection(b, "True", ConnectionReason.CONNECTED);

    env.createWithSecrets(on(a, "on-a"));
    env.createWithSecrets(on(b, "on-b"));
    // The same OMS name on both connections: unique per connection, not across them.
    PolarDBXDataSource sharedA = on(a, "shared-a");
    sharedA.getSpec().setName("shared");
    PolarDBXDataSource sharedB = on(b, "shared-b");
    sharedB.getSpec().setName("shared");
    env.createWithSecrets(sharedA);
    env.createWithSecrets(sharedB);
    // And one without a connection: the operator's own OMS, which is env.sim here as well.
    env.createWithSecrets(resource(ns, "default"));

    for (String n : List.of("on-a", "on-b", "shared-a", "shared-b", "default")) {
      env.awaitReady(ns, n, "True", ReadyReason.CREATED);
    }
    assertThat(env.sim.dataSources()).extracting(SimulatedDataSource::name)
        .containsExactlyInAnyOrder("on-a", "shared", "default");
    assertThat(second.dataSources()).extracting(SimulatedDataSource::name)
        .containsExactlyInAnyOrder("on-b", "shared");
    assertThat(env.get(ns, "shared-b").getStatus().getDataSourceId())
        .isEqualTo(second.findByName("shared").orElseThrow().id());

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      OmsConnection c = connections().withName(b).get();
      assertThat(c.getStatus().getResourceCount()).isEqualTo(2);
      assertThat(c.getStatus().getUsedBy()).containsExactly(ns + "/on-b", ns + "/shared-b");
      assertThat(c.getStatus().getObservedGeneration()).isEqualTo(c.getMetadata().getGeneration());
    });
  }

  @Test
  void aMissingConnectionMakesNoCallUntilItExists() {
    String name = prefix + "-later";
    env.createWithSecrets(on(name, "waits"));
    PolarDBXDataSource r = env.awaitReady(ns, "waits", "False", ReadyReason.CONNECTION_NOT_FOUND);
    assertThat(r).ready().hasMessageContaining(name);
    assertThat(callsForResources(env.sim)).isZero();

    connection("later", env.sim, false);
    env.awaitReady(ns, "waits", "True", ReadyReason.CREATED);
    assertThat(env.sim.findByName("waits")).isPresent();
  }

  @Test
  void aNamespaceNotAllowedGetsConnectionNotAllowedAndNoCall() {
    var allowed = new OmsConnectionSpec.AllowedNamespaces();
    allowed.setNames(List.of("some-other-team"));
    allowed.setMatchLabels(Map.of("oms-team", "payments"));
    String name = connection("team", env.sim, false, allowed);
    awaitConnection(name, "True", ConnectionReason.CONNECTED);
    long calls = callsForResources(env.sim);

    env.createWithSecrets(on(name, "outsider"));
    PolarDBXDataSource r = env.awaitReady(ns, "outsider", "False",
        ReadyReason.CONNECTION_NOT_ALLOWED);
    assertThat(r).ready().message().contains(ns).contains("allowedNamespaces");
    assertThat(callsForResources(env.sim)).isEqualTo(calls);

    // The label selector allows it once the namespace has the label (any spec change retries).
    env.client.namespaces().withName(ns).edit(n -> {
      n.getMetadata().getLabels().put("oms-team", "payments");
      return n;
    });
    env.pxds(ns, "outsider").edit(x -> {
      x.getSpec().setDescription("retry");
      return x;
    });
    env.awaitReady(ns, "outsider", "True", ReadyReason.CREATED);
  }

  @Test
  void aConnectionDeletedWhileInUseWaitsAndNamesItsResources() {
    String name = connection("busy", second, true);
    env.createWithSecrets(on(name, "user"));
    env.awaitReady(ns, "user", "True", ReadyReason.CREATED);

    connections().withName(name).delete();
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      OmsConnection c = connections().withName(name).get();
      assertThat(c.getMetadata().getDeletionTimestamp()).isNotNull();
      assertThat(c).condition("Deleting").hasReason(ConnectionReason.IN_USE)
          .hasMessageContaining(ns + "/user");
    });
    // Still usable meanwhile: the resource's own delete goes through it to its OMS.
    env.pxds(ns, "user").delete();
    env.awaitGone(ns, "user");
    assertThat(second.dataSources()).isEmpty();
    await().atMost(Duration.ofSeconds(20)).until(() -> connections().withName(name).get() == null);
  }

  @Test
  void rotatedCredentialsTakeEffectWithoutARestart() {
    String name = connection("rotate", second, true);
    awaitConnection(name, "True", ConnectionReason.CONNECTED);
    env.createWithSecrets(on(name, "before"));
    env.awaitReady(ns, "before", "True", ReadyReason.CREATED);

    // OMS gets a new password first: the next check fails, and resources wait without calls.
    second.credentials(OMS_USER, OMS_PASSWORD_ROTATED);
    awaitConnection(name, "False", ConnectionReason.AUTHENTICATION_FAILED);
    env.createWithSecrets(on(name, "during"));
    env.awaitReady(ns, "during", "False", ReadyReason.CONNECTION_NOT_READY);
    assertThat(second.findByName("during")).isEmpty();

    env.client.resource(Fixtures.secret(ns, name + "-oms",
        Map.of("username", OMS_USER, "password", OMS_PASSWORD_ROTATED))).update();
    awaitConnection(name, "True", ConnectionReason.CONNECTED);
    env.awaitReady(ns, "during", "True", ReadyReason.CREATED);
    assertThat(second.dataSources()).extracting(SimulatedDataSource::name)
        .containsExactlyInAnyOrder("before", "during");
  }

  /** The README's example is accepted by the API server's schema, and the operator checks it. */
  @Test
  void theExampleConnectionsAreValidAndReportWhyTheyAreNotReady() throws Exception {
    for (String n : List.of("oms-datasource-operator", "payments")) {
      if (env.client.namespaces().withName(n).get() == null) {
        env.client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder()
            .withNewMetadata().withName(n).endMetadata().build()).create();
      }
    }
    prefix = "east"; // the example's names, removed after the test like the others
    try (var in = java.nio.file.Files.newInputStream(
        java.nio.file.Path.of("examples/connections/two-oms.yaml"))) {
      for (var item : env.client.load(in).items()) {
        if ("OmsConnection".equals(item.getKind())) {
          OmsConnection c = Serialization.unmarshal(Serialization.asJson(item),
              OmsConnection.class);
          // Short bounds, so that the unreachable example URL costs the test little time.
          c.getSpec().setRequestTimeout("2s");
          c.getSpec().setConnectTimeout("1s");
          env.client.resource(c).create();
        } else if ("Secret".equals(item.getKind())) {
          env.client.resource(item).createOr(x -> x.update());
        } else {
          // The data source is checked against the CRD only (dry run): no OMS is behind it here.
          env.client.resource(item).dryRun().create();
        }
      }
    }
    // The example's URL does not resolve here: the check says OMS cannot be reached.
    awaitConnection("east", "False", ConnectionReason.OMS_UNAVAILABLE);
    awaitConnection("west", "False", ConnectionReason.OMS_UNAVAILABLE);
    connections().withName("west").delete();
    await().atMost(Duration.ofSeconds(20)).until(() -> connections().withName("west").get() == null);
  }
}
