package io.datasource.oms.runtime;

import static net.logstash.logback.argument.StructuredArguments.kv;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datasource.oms.config.LogFormat;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.MDC;

/** The production logback.xml, loaded into a private context so the tests' logging is untouched. */
class LoggingTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private PrintStream original;
  private LoggerContext context;

  @BeforeEach
  void captureStdout() {
    original = System.out;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    context = new LoggerContext();
    context.setMDCAdapter(MDC.getMDCAdapter());
  }

  @AfterEach
  void restore() {
    context.stop();
    System.setOut(original);
    MDC.clear();
  }

  private List<String> lines() {
    return out.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void jsonFormatWritesOneObjectPerLineWithJosdkMdcAndFields() throws Exception {
    Logging.configure(context, LogFormat.JSON, "INFO", getClass().getResource("/logback.xml"));
    Logger log = context.getLogger("io.datasource.oms.test");
    MDC.put("resource.namespace", "team-a");
    MDC.put("resource.name", "orders");
    log.info("reconcile outcome {} {}", kv("ready", "True"), kv("omsRequestId", "req-9"));
    log.debug("not at INFO");

    assertThat(lines()).hasSize(1);
    JsonNode json = new ObjectMapper().readTree(lines().get(0));
    assertThat(json.get("level").asText()).isEqualTo("INFO");
    assertThat(json.get("logger_name").asText()).isEqualTo("io.datasource.oms.test");
    assertThat(json.get("message").asText()).isEqualTo("reconcile outcome ready=True omsRequestId=req-9");
    assertThat(json.get("resource.namespace").asText()).isEqualTo("team-a");
    assertThat(json.get("resource.name").asText()).isEqualTo("orders");
    assertThat(json.get("ready").asText()).isEqualTo("True");
    assertThat(json.get("omsRequestId").asText()).isEqualTo("req-9");
    assertThat(json.has("@timestamp")).isTrue();
    assertThat(json.has("omsLogFormat")).isFalse();
  }

  @Test
  void textFormatShowsResourceFromMdcAndHonoursTheLevel() {
    Logging.configure(context, LogFormat.TEXT, "DEBUG", getClass().getResource("/logback.xml"));
    Logger log = context.getLogger("io.datasource.oms.test");
    log.debug("no resource here");
    MDC.put("resource.namespace", "team-a");
    MDC.put("resource.name", "orders");
    log.info("with resource");

    assertThat(lines()).hasSize(2);
    assertThat(lines().get(0)).contains("DEBUG").contains("io.datasource.oms.test - no resource here")
        .doesNotContain("[/]");
    assertThat(lines().get(1)).contains("[team-a/orders] - with resource");
  }

  @Test
  void levelWarnDropsInfo() {
    Logging.configure(context, LogFormat.TEXT, "WARN", getClass().getResource("/logback.xml"));
    Logger log = context.getLogger("x");
    log.info("dropped");
    log.warn("kept");
    assertThat(lines()).hasSize(1);
    assertThat(lines().get(0)).contains("kept");
  }

  /**
   * Fabric8 adds its HTTP logging interceptor (every request and response body, Secrets' values
   * included) to a client built while that logger is at TRACE: LOG_LEVEL=TRACE must not turn it on.
   */
  @Test
  void levelTraceNeverEnablesTheKubernetesClientsBodyLogging() {
    Logging.configure(context, LogFormat.TEXT, "TRACE", getClass().getResource("/logback.xml"));
    assertThat(context.getLogger("io.datasource.oms.reconciler").isTraceEnabled()).isTrue();
    assertThat(context.getLogger("io.fabric8.kubernetes.client.http").isTraceEnabled()).isTrue();
    assertThat(context.getLogger(io.fabric8.kubernetes.client.http.HttpLoggingInterceptor.class)
        .isTraceEnabled()).isFalse();
    assertThat(context.getLogger(io.fabric8.kubernetes.client.http.HttpLoggingInterceptor.class)
        .isErrorEnabled()).isFalse();
  }
}
