package io.datasource.oms.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.datasource.oms.simulator.OmsSimulator;
import io.datasource.oms.simulator.RecordedRequest;
import io.datasource.oms.testing.TestSettings;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** ListDataSource follows every page (OMS-API.md, ListDataSource). */
class HttpOmsClientPaginationTest {

  private static HttpOmsClient client(URI base, int pageSize) {
    OmsSettings s = Requests.settings(base);
    return new HttpOmsClient(TestSettings.of(s.baseUrl(), s.credentials(), Duration.ofSeconds(2),
        Duration.ofSeconds(5), null, null, null, pageSize));
  }

  @Test
  void followsEveryPage() throws Exception {
    try (OmsSimulator sim = Requests.simulator().start()) {
      List<String> ids = IntStream.rangeClosed(1, 120)
          .mapToObj(i -> sim.addExisting("src-" + i, "cn-anhui")).collect(Collectors.toList());

      ListResult all = client(sim.baseUrl(), 50).listDataSources(null);

      assertThat(all.dataSources()).extracting(DataSourceRecord::id).containsExactlyElementsOf(ids);
      assertThat(sim.callCount("ListDataSource")).isEqualTo(3);
      ObjectMapper json = new ObjectMapper();
      List<Integer> pages = sim.recentRequests().stream().map(RecordedRequest::body)
          .map(b -> {
            try {
              return json.readTree(b).get("pageNumber").asInt();
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          }).collect(Collectors.toList());
      assertThat(pages).containsExactly(1, 2, 3);
      assertThat(all.requestId()).isNotBlank();
    }
  }

  @Test
  void anExactMultipleOfThePageSizeStopsOnTotalCount() {
    try (OmsSimulator sim = Requests.simulator().start()) {
      IntStream.rangeClosed(1, 100).forEach(i -> sim.addExisting("src-" + i, "cn-anhui"));

      assertThat(client(sim.baseUrl(), 50).listDataSources(null).dataSources()).hasSize(100);
      assertThat(sim.callCount("ListDataSource")).isEqualTo(2);
    }
  }

  @Test
  void sendsTheSearchKeyAndReturnsWhatMatches() {
    try (OmsSimulator sim = Requests.simulator().start()) {
      sim.addExisting("orders", "cn-anhui");
      sim.addExisting("orders-archive", "cn-anhui");
      sim.addExisting("users", "cn-anhui");

      ListResult r = client(sim.baseUrl(), 50).listDataSources("orders");

      assertThat(r.dataSources()).extracting(DataSourceRecord::name)
          .containsExactly("orders", "orders-archive");
      assertThat(Requests.last(sim).body()).contains("\"searchKey\":\"orders\"");
    }
  }

  @Test
  void anEmptyListIsOneCall() {
    try (OmsSimulator sim = Requests.simulator().start()) {
      assertThat(client(sim.baseUrl(), 50).listDataSources("none").dataSources()).isEmpty();
      assertThat(sim.callCount("ListDataSource")).isEqualTo(1);
    }
  }

  @Test
  void stopsOnAShortPageWithoutTotalCount() {
    String full = "{\"success\":true,\"data\":[{\"id\":\"e_1\",\"name\":\"a\"},{\"id\":\"e_2\",\"name\":\"b\"}]}";
    String shortPage = "{\"success\":true,\"data\":[{\"id\":\"e_3\",\"name\":\"c\"}]}";
    try (CannedOms oms = CannedOms.answering(full, shortPage, full)) {
      ListResult r = client(oms.baseUrl(), 2).listDataSources(null);

      assertThat(r.dataSources()).extracting(DataSourceRecord::id).containsExactly("e_1", "e_2", "e_3");
      assertThat(oms.requests()).hasSize(2);
    }
  }

  @Test
  void stopsWhenAServerIgnoresThePageNumber() {
    String same = "{\"success\":true,\"totalCount\":10,\"data\":[{\"id\":\"e_1\",\"name\":\"a\"},"
        + "{\"id\":\" e_2 \",\"name\":\"b\",\"port\":\"3306\"}]}";
    try (CannedOms oms = CannedOms.answering(same)) {
      ListResult r = client(oms.baseUrl(), 2).listDataSources(null);

      assertThat(r.dataSources()).extracting(DataSourceRecord::id).containsExactly("e_1", "e_2");
      assertThat(r.dataSources().get(1).port()).isEqualTo(3306);
      assertThat(oms.requests()).hasSize(2);
    }
  }
}
