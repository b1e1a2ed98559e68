package io.datasource.oms.client;

import io.datasource.oms.simulator.OmsSimulator;
import io.datasource.oms.simulator.RecordedRequest;
import io.datasource.oms.testing.TestSettings;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/** Test data shared by the client tests. */
final class Requests {

  static final String OMS_USER = "oms-admin";
  static final String OMS_PASSWORD = "oms-Secret-4711";
  static final String DB_PASSWORD = "db-Pässwörd-密码-🔑";
  static final String AK_SECRET = "ak-Secret-Value-0815";

  private Requests() {}

  static CreateDataSourceRequest create(String name) {
    return new CreateDataSourceRequest(name, "cn-anhui", "migrator", DB_PASSWORD, "LTAI-ak-id",
        AK_SECRET, "10.0.0.9:3306", "made by a test");
  }

  static OmsSimulator.Builder simulator() {
    return OmsSimulator.builder().credentials(OMS_USER, OMS_PASSWORD);
  }

  static OmsSettings settings(URI base) {
    return TestSettings.defaults(base, new OmsSettings.Credentials(OMS_USER, OMS_PASSWORD));
  }

  static OmsSettings settings(URI base, Duration requestTimeout) {
    return TestSettings.of(base, new OmsSettings.Credentials(OMS_USER, OMS_PASSWORD),
        Duration.ofSeconds(2), requestTimeout, null, null, null, 0);
  }

  static HttpOmsClient client(OmsSimulator sim) {
    return new HttpOmsClient(settings(sim.baseUrl()));
  }

  static RecordedRequest last(OmsSimulator sim) {
    List<RecordedRequest> all = sim.recentRequests();
    return all.get(all.size() - 1);
  }
}
