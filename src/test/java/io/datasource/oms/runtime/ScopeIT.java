package io.datasource.oms.runtime;

import static io.datasource.oms.testing.ConditionAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.datasource.oms.api.v1alpha1.PolarDBXDataSource;
import io.datasource.oms.simulator.OmsSimulator;
import io.datasource.oms.testing.Fixtures;
import io.datasource.oms.testing.ItEnv;
import io.datasource.oms.testing.KubeApi;
import io.datasource.oms.testing.TestOperator;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** WATCH_NAMESPACES and LABEL_SELECTOR decide which resources this deployment reconciles. */
class ScopeIT {

  private final KubeApi kube = KubeApi.shared();
  private final String teamA = kube.namespace("team-a");
  private final String teamB = kube.namespace("team-b");
  private final String teamC = kube.namespace("team-c");
  private OmsSimulator oms;
  private TestOperator operator;

  @BeforeEach
  void start() {
    oms = RuntimeFixtures.simulator();
    operator = RuntimeFixtures.operator(kube, oms)
        .env("WATCH_NAMESPACES", teamA + ", " + teamC, "LABEL_SELECTOR", "shard=one").start();
  }

  @AfterEach
  void stop() {
    try {
      // Also the resources this operator ignored: an operator of a later test class, watching
      // every namespace of the shared server, would reconcile them.
      for (String ns : new String[] {teamA, teamB, teamC}) {
        ItEnv.cleanUp(kube.admin(), ns);
      }
    } finally {
      operator.close();
      oms.close();
    }
  }

  private void create(String namespace, String name, String shard) {
    KubernetesClient client = kube.admin();
    client.resource(Fixtures.dbSecret(namespace, name + "-db", Fixtures.DB_PASSWORD)).create();
    client.resource(Fixtures.akSecret(namespace, name + "-ak")).create();
    PolarDBXDataSource r = Fixtures.resource(namespace, name);
    r.getMetadata().setLabels(Map.of("shard", shard));
    client.resource(r).create();
  }

  private PolarDBXDataSource get(String namespace, String name) {
    return kube.admin().resources(PolarDBXDataSource.class).inNamespace(namespace)
        .withName(name).get();
  }

  @Test
  void reconcilesOnlyResourcesInTheWatchedNamespacesThatMatchTheSelector() {
    create(teamB, "other-namespace", "one");
    create(teamA, "other-shard", "two");
    create(teamA, "mine", "one");
    create(teamC, "mine-too", "one");

    await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
      assertThat(get(teamA, "mine").getStatus().getDataSourceId()).startsWith("e_");
      assertThat(get(teamC, "mine-too").getStatus().getDataSourceId()).startsWith("e_");
    });
    // The others stay untouched: no status, no finalizer, nothing in OMS.
    await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
      for (PolarDBXDataSource r : new PolarDBXDataSource[] {
          get(teamB, "other-namespace"), get(teamA, "other-shard")}) {
        assertThat(r).hasNoConditions();
        assertThat(r.getMetadata().getFinalizers()).isNullOrEmpty();
      }
    });
    assertThat(oms.dataSources()).extracting(d -> d.name())
        .containsExactlyInAnyOrder("mine", "mine-too");
  }
}
