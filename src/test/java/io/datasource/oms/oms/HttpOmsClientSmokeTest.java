package io.datasource.oms.oms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datasource.oms.simulator.Fault;
import io.datasource.oms.simulator.OmsSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpOmsClientSmokeTest {

  private final OmsSimulator sim = OmsSimulator.builder().credentials("oms-admin", "oms-secret").start();
  private final HttpOmsClient client = new HttpOmsClient(
      OmsSettings.defaults(sim.baseUrl(), new OmsSettings.Credentials("oms-admin", "oms-secret")));

  @AfterEach
  void stop() {
    sim.close();
  }

  @Test
  void createsListsAndDeletes() {
    CreateResult created = client.createPolarDbxDataSource(new CreateDataSourceRequest(
        "drds-test", "cn-anhui", "dbuser", "pw", "AK", "SK", "10.0.0.1:3306", "d"));
    assertThat(created.id()).startsWith("e_").doesNotStartWith(" ");
    assertThat(created.requestId()).isNotBlank();
    assertThat(sim.dataSources()).extracting(s -> s.id()).containsExactly(created.id());

    ListResult list = client.listDataSources("drds-test");
    assertThat(list.dataSources()).singleElement().satisfies(r -> {
      assertThat(r.id()).isEqualTo(created.id());
      assertThat(r.port()).isEqualTo(3306);
    });

    client.deleteDataSource(created.id());
    assertThat(sim.dataSources()).isEmpty();
    assertThatThrownBy(() -> client.deleteDataSource(created.id())).isInstanceOf(OmsException.NotFound.class);

    sim.faults().failNext(1, Fault.COMMIT_THEN_DROP, "CreatePolarDBDataSource");
    assertThatThrownBy(() -> client.createPolarDbxDataSource(new CreateDataSourceRequest(
        "drds-2", "cn-anhui", "dbuser", "pw", "AK", "SK", "10.0.0.1:3306", null)))
        .isInstanceOf(OmsException.Transient.class);
    assertThat(sim.dataSources()).extracting(s -> s.name()).containsExactly("drds-2");
  }
}
