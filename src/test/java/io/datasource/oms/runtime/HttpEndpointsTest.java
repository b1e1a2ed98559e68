package io.datasource.oms.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class HttpEndpointsTest {

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private HttpResponse<String> get(URI base, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void probesFollowTheirChecksAndMetricsServesPrometheusText() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Counter.builder("probe.test").register(registry).increment();
    AtomicBoolean ready = new AtomicBoolean(false);
    try (HttpEndpoints endpoints = HttpEndpoints.start(InetAddress.getLoopbackAddress(), 0, 0,
        HttpEndpoints.Health::ok,
        () -> ready.get() ? HttpEndpoints.Health.ok() : HttpEndpoints.Health.failing("informers not synced"),
        registry)) {
      assertThat(endpoints.healthPort()).isNotEqualTo(endpoints.metricsPort());

      assertThat(get(endpoints.healthUrl(), "/healthz").statusCode()).isEqualTo(200);
      HttpResponse<String> notReady = get(endpoints.healthUrl(), "/readyz");
      assertThat(notReady.statusCode()).isEqualTo(503);
      assertThat(notReady.body()).contains("informers not synced");
      ready.set(true);
      assertThat(get(endpoints.healthUrl(), "/readyz").statusCode()).isEqualTo(200);

      HttpResponse<String> metrics = get(endpoints.metricsUrl(), "/metrics");
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(
          v -> assertThat(v).startsWith("text/plain"));
      assertThat(metrics.body()).contains("probe_test_total 1.0");
      // Each path lives on its own port.
      assertThat(get(endpoints.healthUrl(), "/metrics").statusCode()).isEqualTo(404);
      HttpResponse<String> post = http.send(HttpRequest.newBuilder(endpoints.healthUrl().resolve("/healthz"))
          .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(post.statusCode()).isEqualTo(405);
    }
  }
}
