package io.datasource.oms.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class OmsSimulatorMainTest {

  @Test
  void parsesTheCommandLine() throws Exception {
    try (OmsSimulator sim = OmsSimulatorMain.fromArgs(new String[] {
        "--port", "0", "--user", "u", "--password", "p", "--create-spellings", "pilar",
        "--casing", "PASCAL", "--cost", "number", "--user-field", "user_name"}).start()) {
      HttpResponse<String> r = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/api/v2?Action=ListDataSource"))
              .POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
          HttpResponse.BodyHandlers.ofString());

      assertThat(r.statusCode()).as("credentials are required").isEqualTo(401);
      assertThat(r.body()).contains("\"Success\":false");
    }
  }

  @Test
  void refusesBadArguments() {
    assertThatThrownBy(() -> OmsSimulatorMain.fromArgs(new String[] {"--port", "x"}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--port");
    assertThatThrownBy(() -> OmsSimulatorMain.fromArgs(new String[] {"--user", "u"}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--password");
    assertThatThrownBy(() -> OmsSimulatorMain.fromArgs(new String[] {"--bogus", "1"}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--bogus");
    assertThatThrownBy(() -> OmsSimulatorMain.fromArgs(new String[] {"--port"}))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
