package io.datasource.oms.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datasource.oms.client.CreateDataSourceRequest;
import io.datasource.oms.client.CreateResult;
import io.datasource.oms.client.DeleteResult;
import io.datasource.oms.client.ListResult;
import io.datasource.oms.client.OmsClient;
import io.datasource.oms.client.OmsError;
import io.datasource.oms.client.OmsException;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

class MeteredOmsClientTest {

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  private final OmsClient failing = new OmsClient() {
    @Override
    public CreateResult createPolarDbxDataSource(CreateDataSourceRequest request) {
      throw new OmsException.Rejected("CreatePolarDBDataSource",
          new OmsError("PARAM_ERROR", "bad region", null, "req-1", 200), "rejected");
    }

    @Override
    public ListResult listDataSources(String searchKey) {
      return new ListResult(List.of(), "req-2");
    }

    @Override
    public DeleteResult deleteDataSource(String id) {
      throw new IllegalStateException("bug");
    }
  };

  @Test
  void countsCallsByActionAndOutcomeWithALatencyHistogram() {
    MeteredOmsClient client = new MeteredOmsClient(failing, registry);
    client.listDataSources("a");
    client.listDataSources("b");
    assertThatThrownBy(() -> client.createPolarDbxDataSource(
        new CreateDataSourceRequest("n", "r", "u", "p", "ak", "sk", "addr", null)))
        .isInstanceOf(OmsException.Rejected.class);
    assertThatThrownBy(() -> client.deleteDataSource("e_1"))
        .isInstanceOf(IllegalStateException.class);

    String text = registry.scrape();
    assertThat(text)
        .contains("oms_calls_total{action=\"ListDataSource\",outcome=\"success\"} 2.0")
        .contains("oms_calls_total{action=\"CreatePolarDBDataSource\",outcome=\"rejected\"} 1.0")
        .contains("oms_calls_total{action=\"DeleteDataSource\",outcome=\"error\"} 1.0")
        .contains("oms_call_duration_seconds_count{action=\"ListDataSource\"} 2")
        .contains("oms_call_duration_seconds_bucket{action=\"ListDataSource\",le=\"0.1\"} 2");
  }

  @Test
  void connectionsAreCountedApartWithTheirNameAsALabel() {
    MeteredOmsClient byDefault = new MeteredOmsClient(failing, registry);
    MeteredOmsClient east = new MeteredOmsClient(failing, registry, "east");
    MeteredOmsClient west = new MeteredOmsClient(failing, registry, "west");
    byDefault.listDataSources("a");
    east.listDataSources("a");
    east.listDataSources("b");
    west.listDataSources("c");

    assertThat(registry.scrape())
        .contains("oms_calls_total{action=\"ListDataSource\",outcome=\"success\"} 1.0")
        .contains("oms_connection_calls_total{action=\"ListDataSource\",connection=\"east\","
            + "outcome=\"success\"} 2.0")
        .contains("oms_connection_calls_total{action=\"ListDataSource\",connection=\"west\","
            + "outcome=\"success\"} 1.0")
        .contains("oms_connection_call_duration_seconds_count{action=\"ListDataSource\","
            + "connection=\"east\"} 2");
  }
}
