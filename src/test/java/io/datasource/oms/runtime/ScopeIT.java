package io.datasource.oms.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.datasource.oms.api.v1alpha1.PolarDBXDataSource;
import io.datasource.oms.oms.HttpOmsClient;
import io.datasource.oms.sandbox.EmbeddedKubernetes;
import io.datasource.oms.simulator.OmsSimulator;
import io.datasource.oms.testing.Fixtures;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** WATCH_NAMESPACES and LABEL_SELECTOR decide which resources this deployment reconciles. */
class ScopeIT {

  private EmbeddedKubernetes kubernetes;
  private OmsSimulator oms;
  private KubernetesClient operatorClient;
  private OperatorRuntime runtime;

  @BeforeEach
  void start() {
    kubernetes = EmbeddedKubernetes.start(0);
    oms = RuntimeFixtures.simulator();
    operatorClient = kubernetes.newClient();
    var config = RuntimeFixtures.config(RuntimeFixtures.environment(oms,
        "WATCH_NAMESPACES", "team-a, team-c", "LABEL_SELECTOR", "shard=one"));
    runtime = OperatorRuntime.start(config, operatorClient,
        new HttpOmsClient(config.toOmsSettings()), InetAddress.getLoopbackAddress(), () -> { });
  }

  @AfterEach
  void stop() {
    runtime.stop();
    operatorClient.close();
    oms.close();
    kubernetes.close();
  }

  private void create(String namespace, String name, String shard) {
    KubernetesClient client = kubernetes.adminClient();
    client.resource(Fixtures.dbSecret(namespace, name + "-db", Fixtures.DB_PASSWORD)).create();
    client.resource(Fixtures.akSecret(namespace, name + "-ak")).create();
    PolarDBXDataSource r = Fixtures.resource(namespace, name);
    r.getMetadata().setLabels(Map.of("shard", shard));
    client.resource(r).create();
  }

  private PolarDBXDataSource get(String namespace, String name) {
    return kubernetes.adminClient().resources(PolarDBXDataSource.class).inNamespace(namespace)
        .withName(name).get();
  }

  @Test
  void reconcilesOnlyResourcesInTheWatchedNamespacesThatMatchTheSelector() {
    create("team-b", "other-namespace", "one");
    create("team-a", "other-shard", "two");
    create("team-a", "mine", "one");
    create("team-c", "mine-too", "one");

    await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
      assertThat(get("team-a", "mine").getStatus().getDataSourceId()).startsWith("e_");
      assertThat(get("team-c", "mine-too").getStatus().getDataSourceId()).startsWith("e_");
    });
    // The others stay untouched: no status, no finalizer, nothing in OMS.
    await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).untilAsserted(() -> {
      for (PolarDBXDataSource r : new PolarDBXDataSource[] {
          get("team-b", "other-namespace"), get("team-a", "other-shard")}) {
        assertThat(r.getStatus() == null || r.getStatus().getConditions().isEmpty()).isTrue();
        assertThat(r.getMetadata().getFinalizers()).isNullOrEmpty();
      }
    });
    assertThat(oms.dataSources()).extracting(d -> d.name())
        .containsExactlyInAnyOrder("mine", "mine-too");
  }
}
