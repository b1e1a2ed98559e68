package io.datasource.oms.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The fault modes the chaos and bad-input suites rely on: seeded mix, slow answer, canned body. */
class FaultMixTest {

  private static final String CREATE = CreateSpelling.POLAR_ACTION;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2)).build();
  private final OmsSimulator sim = OmsSimulator.builder().paddedIds(false).start();

  @AfterEach
  void stop() {
    sim.close();
  }

  private HttpResponse<String> call(String action, String body, Duration timeout)
      throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/api/v2?Action=" + action))
        .timeout(timeout).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String create(String name) {
    return "{\"name\":\"" + name + "\",\"region\":\"cn-anhui\",\"username\":\"u\","
        + "\"password\":\"cHc=\",\"accessKey\":\"ak\",\"secretKey\":\"sk\","
        + "\"intranetAddr\":\"10.1.1.1:3306\"}";
  }

  private List<Integer> statusesOf200Lists() throws Exception {
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      statuses.add(call(OmsSimulator.LIST_ACTION, "{}", Duration.ofSeconds(5)).statusCode());
    }
    return statuses;
  }

  @Test
  void aSeededMixDrawsTheSameSequenceAgainAndCountsEachKind() throws Exception {
    List<Fault> kinds = List.of(Fault.HTTP_500, Fault.HTTP_429);
    sim.faults().failMixed(0.3, 42L, kinds);
    List<Integer> first = statusesOf200Lists();
    Map<Fault, Integer> counted = sim.faults().injected();

    sim.reset();
    sim.faults().failMixed(0.3, 42L, kinds);
    assertThat(statusesOf200Lists()).isEqualTo(first);

    long failed = first.stream().filter(s -> s != 200).count();
    assertThat(failed).isBetween(35L, 85L); // about 30% of 200
    assertThat(counted.get(Fault.HTTP_500) + counted.get(Fault.HTTP_429)).isEqualTo((int) failed);
    assertThat(first).filteredOn(s -> s == 500).hasSize(counted.get(Fault.HTTP_500));
    assertThat(first).filteredOn(s -> s == 429).hasSize(counted.get(Fault.HTTP_429));
  }

  @Test
  void aSlowAnswerCommitsTheCreateButOutlastsTheClientsTimeout() {
    sim.faults().slowAnswerDelay(Duration.ofMillis(1500)).failNext(1, Fault.SLOW_ANSWER, CREATE);

    assertThatThrownBy(() -> call(CREATE, create("slow-one"), Duration.ofMillis(300)))
        .isInstanceOf(HttpTimeoutException.class);
    assertThat(sim.findByName("slow-one")).isPresent();
    assertThat(sim.faults().injected()).containsEntry(Fault.SLOW_ANSWER, 1);
  }

  @Test
  void aCannedAnswerReplacesTheCreateOfThatNameOnly() throws Exception {
    sim.cannedCreateAnswer("odd", 200, "text/html", "<html><body>Gateway</body></html>");

    HttpResponse<String> odd = call(CREATE, create("odd"), Duration.ofSeconds(5));
    HttpResponse<String> normal = call(CREATE, create("normal"), Duration.ofSeconds(5));

    assertThat(odd.statusCode()).isEqualTo(200);
    assertThat(odd.body()).isEqualTo("<html><body>Gateway</body></html>");
    assertThat(odd.headers().firstValue("Content-Type")).contains("text/html");
    assertThat(normal.body()).contains("\"success\":true");
    assertThat(sim.dataSources()).extracting(SimulatedDataSource::name).containsExactly("normal");
  }

  @Test
  void aCallListenerRunsBeforeTheCallIsExecuted() throws Exception {
    List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    sim.onCall((action, body) -> seen.add(action + " " + sim.dataSources().size()));

    call(CREATE, create("watched"), Duration.ofSeconds(5));

    assertThat(seen).containsExactly(CREATE + " 0"); // nothing created yet when it ran
    assertThat(sim.dataSources()).hasSize(1);
  }
}
