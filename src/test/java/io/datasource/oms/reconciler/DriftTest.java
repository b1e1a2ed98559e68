package io.datasource.oms.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasource.oms.api.v1alpha1.PolarDBXDataSource;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSourceStatus;
import io.datasource.oms.client.DataSourceRecord;
import io.datasource.oms.testing.Fixtures;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the inventory's listing says about a resource's data source. */
class DriftTest {

  static PolarDBXDataSource resource() {
    PolarDBXDataSource r = Fixtures.resource("ns", "orders");
    r.getSpec().setIntranetAddr("10.0.0.8:3306");
    r.getSpec().setDescription("orders db");
    PolarDBXDataSourceStatus s = new PolarDBXDataSourceStatus();
    s.setDataSourceId("e_1");
    s.setOmsName("orders");
    r.setStatus(s);
    return r;
  }

  static DataSourceRecord listed(String id, String name, String region, String ip, Integer port,
      String user, String description) {
    return new DataSourceRecord(id, name, "DRDS", region, ip, port, user, description, null, null);
  }

  static Inventory.Snapshot snapshot(DataSourceRecord... records) {
    Map<String, DataSourceRecord> byId = new HashMap<>();
    Map<String, DataSourceRecord> byName = new HashMap<>();
    for (DataSourceRecord r : records) {
      byId.put(r.id(), r);
      byName.put(r.name(), r);
    }
    return new Inventory.Snapshot(Instant.EPOCH, byId, byName);
  }

  final DataSourceRecord same = listed("e_1", "orders", Fixtures.REGION, "10.0.0.8", 3306,
      Fixtures.DB_USER, "orders db");

  @Test
  void anUnchangedDataSourceIsNoDrift() {
    assertThat(Drift.of(resource(), snapshot(same), Fixtures.DB_USER, true)).isEmpty();
  }

  @Test
  void aMissingIdIsGone() {
    Optional<Drift> d = Drift.of(resource(), snapshot(), Fixtures.DB_USER, true);
    assertThat(d).map(Drift::kind).contains(Drift.Kind.GONE);
    assertThat(d.orElseThrow().detail()).isEmpty();
  }

  @Test
  void theNameHeldByAnotherIdIsGoneAndNamesThatIdWithoutAdoptingIt() {
    Optional<Drift> d = Drift.of(resource(), snapshot(listed("e_2", "orders", Fixtures.REGION,
        "10.0.0.8", 3306, Fixtures.DB_USER, "orders db")), Fixtures.DB_USER, true);
    assertThat(d).map(Drift::kind).contains(Drift.Kind.GONE);
    assertThat(d.orElseThrow().detail()).contains("e_2").contains("not adopted");
  }

  @Test
  void changedFieldsAreNamedAndTheUserNameOnlyByName() {
    Optional<Drift> d = Drift.of(resource(), snapshot(listed("e_1", "orders", "cn-hangzhou",
        "10.0.0.9", 3307, "someone-else", "edited")), Fixtures.DB_USER, true);
    assertThat(d).map(Drift::kind).contains(Drift.Kind.CHANGED);
    assertThat(d.orElseThrow().detail())
        .contains("region (OMS: 'cn-hangzhou', spec: '" + Fixtures.REGION + "')")
        .contains("intranetAddr (OMS: '10.0.0.9:3307', spec: '10.0.0.8:3306')")
        .contains("userName (OMS differs from the credentials Secret)")
        .contains("description (OMS: 'edited', spec: 'orders db')")
        .doesNotContain("someone-else").doesNotContain(Fixtures.DB_USER);
  }

  @Test
  void fieldsOmsDoesNotListAndAnUnknownUserAreNotCompared() {
    DataSourceRecord sparse = listed("e_1", "orders", null, null, null, "someone-else", null);
    assertThat(Drift.of(resource(), snapshot(sparse), null, true)).isEmpty();
  }

  @Test
  void anAdoptedDataSourceIsOnlyCheckedForExistence() {
    DataSourceRecord other = listed("e_1", "orders", "cn-hangzhou", "10.9.9.9", 1, "x", "y");
    assertThat(Drift.of(resource(), snapshot(other), Fixtures.DB_USER, false)).isEmpty();
    assertThat(Drift.of(resource(), snapshot(), Fixtures.DB_USER, false))
        .map(Drift::kind).contains(Drift.Kind.GONE);
    assertThat(List.of(Drift.Kind.values())).hasSize(2);
  }
}
