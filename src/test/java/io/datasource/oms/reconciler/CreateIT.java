package io.datasource.oms.reconciler;

import static io.datasource.oms.testing.Fixtures.akSecret;
import static io.datasource.oms.testing.Fixtures.dbSecret;
import static io.datasource.oms.testing.Fixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.datasource.oms.api.v1alpha1.Conditions;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSource;
import io.datasource.oms.oms.HttpOmsClient;
import io.datasource.oms.oms.OmsSettings;
import io.datasource.oms.simulator.OmsSimulator;
import io.datasource.oms.testing.Fixtures;
import io.datasource.oms.testing.OperatorRun;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class CreateIT {

  static KubernetesClient client;
  static KubernetesMockServer server;
  static OmsSimulator sim;
  static OperatorRun operator;

  @BeforeAll
  static void start() {
    sim = OmsSimulator.builder().port(0).start();
    operator = OperatorRun.start(client,
        new HttpOmsClient(OmsSettings.defaults(sim.baseUrl(), null)));
  }

  @AfterAll
  static void stop() {
    operator.close();
    sim.close();
  }

  @Test
  void becomesReadyWithTheSimulatorsId() {
    String ns = "ready";
    client.resource(dbSecret(ns, "ds1-db", Fixtures.DB_PASSWORD)).create();
    client.resource(akSecret(ns, "ds1-ak")).create();
    client.resource(resource(ns, "ds1")).create();

    PolarDBXDataSource r = awaitReady(ns, "ds1");
    assertThat(sim.dataSources()).hasSize(1);
    assertThat(r.getStatus().getDataSourceId()).isEqualTo(sim.dataSources().get(0).id());
    assertThat(ready(r).getReason()).isEqualTo(Conditions.ReadyReason.CREATED);
  }

  static PolarDBXDataSource awaitReady(String ns, String name) {
    return await().atMost(Duration.ofSeconds(20)).until(
        () -> client.resources(PolarDBXDataSource.class).inNamespace(ns).withName(name).get(),
        r -> r != null && ready(r) != null && "True".equals(ready(r).getStatus()));
  }

  static Condition ready(PolarDBXDataSource r) {
    if (r.getStatus() == null) {
      return null;
    }
    return r.getStatus().getConditions().stream()
        .filter(c -> Conditions.READY.equals(c.getType())).findFirst().orElse(null);
  }
}
