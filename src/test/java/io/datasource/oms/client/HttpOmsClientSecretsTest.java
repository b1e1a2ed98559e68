package io.datasource.oms.client;

import static io.datasource.oms.client.Requests.AK_SECRET;
import static io.datasource.oms.client.Requests.DB_PASSWORD;
import static io.datasource.oms.client.Requests.OMS_PASSWORD;
import static io.datasource.oms.client.Requests.OMS_USER;
import static io.datasource.oms.client.Requests.create;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datasource.oms.simulator.Fault;
import io.datasource.oms.simulator.OmsSimulator;
import io.datasource.oms.simulator.RecordedRequest;
import io.datasource.oms.testing.TestSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Basic auth, the Base64 password, and no secret in any log line, exception or toString. */
class HttpOmsClientSecretsTest {

  private static final String BASIC_TOKEN = base64(OMS_USER + ":" + OMS_PASSWORD);
  private static final List<String> SECRETS = List.of(
      OMS_PASSWORD, base64(OMS_PASSWORD), BASIC_TOKEN, DB_PASSWORD, base64(DB_PASSWORD), AK_SECRET,
      base64(AK_SECRET), "not-the-password", base64(OMS_USER + ":not-the-password"));

  private final ObjectMapper json = new ObjectMapper();
  private final Logger logger = (Logger) LoggerFactory.getLogger("io.datasource.oms");
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private Level previousLevel;
  private final List<Throwable> thrown = new ArrayList<>();

  @BeforeEach
  void captureLogs() {
    previousLevel = logger.getLevel();
    logger.setLevel(Level.TRACE);
    logger.setAdditive(false); // captured, not printed
    logs.start();
    logger.addAppender(logs);
  }

  @AfterEach
  void releaseLogs() {
    logger.detachAppender(logs);
    logger.setLevel(previousLevel);
    logger.setAdditive(true);
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void sendsACorrectBasicHeader() {
    try (OmsSimulator sim = Requests.simulator().start()) {
      Requests.client(sim).listDataSources(null);

      String header = Requests.last(sim).authorizationHeader();
      assertThat(header).startsWith("Basic ");
      String decoded = new String(Base64.getDecoder().decode(header.substring(6)), StandardCharsets.UTF_8);
      assertThat(decoded).isEqualTo(OMS_USER + ":" + OMS_PASSWORD);
    }
  }

  @Test
  void sendsNoAuthorizationHeaderWithoutCredentials() {
    try (OmsSimulator sim = OmsSimulator.builder().start()) {
      new HttpOmsClient(TestSettings.defaults(sim.baseUrl(), null)).listDataSources(null);

      assertThat(Requests.last(sim).authorizationHeader()).isNull();
    }
  }

  @Test
  void thePasswordTravelsAsBase64OfUtf8AndRoundTripsWithNonAsciiCharacters() throws Exception {
    try (OmsSimulator sim = Requests.simulator().start()) {
      Requests.client(sim).createPolarDbxDataSource(create("ds1"));

      RecordedRequest sent = Requests.last(sim);
      JsonNode body = json.readTree(sent.body());
      String decoded = new String(Base64.getDecoder().decode(body.get("password").asText()), StandardCharsets.UTF_8);
      assertThat(decoded).isEqualTo(DB_PASSWORD);
      assertThat(sent.body()).doesNotContain(DB_PASSWORD);
      assertThat(body.get("secretKey").asText()).isEqualTo(AK_SECRET);
      assertThat(body.get("accessKey").asText()).isEqualTo("LTAI-ak-id");
    }
  }

  @Test
  void noSecretInAnyLogLineOrExceptionAcrossSuccessesAndFailures() {
    try (OmsSimulator sim = Requests.simulator().start()) {
      HttpOmsClient client = Requests.client(sim);
      CreateResult created = client.createPolarDbxDataSource(create("ds1"));
      client.listDataSources("ds1");
      attempt(() -> client.createPolarDbxDataSource(create("ds1"))); // duplicate: rejected
      sim.faults().failNext(1, Fault.HTTP_503);
      attempt(() -> client.createPolarDbxDataSource(create("ds2")));
      sim.faults().failNext(1, Fault.COMMIT_THEN_DROP);
      attempt(() -> client.createPolarDbxDataSource(create("ds3")));
      sim.faults().failNext(1, Fault.GHANA_OPERIE);
      attempt(() -> client.createPolarDbxDataSource(create("ds4")));
      attempt(() -> new HttpOmsClient(TestSettings.defaults(sim.baseUrl(),
          new OmsSettings.Credentials(OMS_USER, "not-the-password"))).createPolarDbxDataSource(create("ds5")));
      sim.faults().fixedLatency(Duration.ofSeconds(2));
      attempt(() -> new HttpOmsClient(Requests.settings(sim.baseUrl(), Duration.ofMillis(200)))
          .createPolarDbxDataSource(create("ds6")));
      sim.faults().clear();
      client.deleteDataSource(created.id());
      attempt(() -> client.deleteDataSource(created.id()));
    }

    assertThat(thrown).hasSizeGreaterThanOrEqualTo(7);
    assertNoSecretIn(thrown);
    assertThat(logs.list).as("the client logs at DEBUG and TRACE").isNotEmpty();
    assertThat(logs.list).anyMatch(e -> e.getLevel() == Level.TRACE);
    assertThat(logs.list).anyMatch(e -> e.getFormattedMessage().contains("requestId="));
    assertNoSecretInLogs();
  }

  @Test
  void anOmsThatEchoesSecretsInItsErrorIsScrubbed() {
    String echo = "{\"success\":false,\"code\":\"PARAM_ERROR\",\"message\":\"bad password " + base64(DB_PASSWORD)
        + " for key " + AK_SECRET + "\",\"advice\":\"check " + DB_PASSWORD + "\",\"requestId\":\"r-1\","
        + "\"errorDetail\":{\"message\":\"auth " + BASIC_TOKEN + "\"}}";
    try (CannedOms oms = CannedOms.answering(echo)) {
      OmsException e = catchThrowableOfType(OmsException.class,
          () -> new HttpOmsClient(Requests.settings(oms.baseUrl())).createPolarDbxDataSource(create("ds1")));

      assertThat(e).isInstanceOf(OmsException.Rejected.class);
      assertThat(e.error().message()).contains(Redaction.REDACTED);
      thrown.add(e);
      assertNoSecretIn(thrown);
      assertThat(e.error().toString()).doesNotContain(AK_SECRET, base64(DB_PASSWORD), DB_PASSWORD, BASIC_TOKEN);
    }
    assertNoSecretInLogs();
  }

  @Test
  void toStringOfRequestsSettingsAndRecordsShowsNoSecret() {
    try (OmsSimulator sim = Requests.simulator().start()) {
      Requests.client(sim).createPolarDbxDataSource(create("ds1"));
      OmsSettings settings = TestSettings.of(sim.baseUrl(), new OmsSettings.Credentials(OMS_USER, OMS_PASSWORD),
          null, null, "-----BEGIN CERTIFICATE-----", null, null, 0);

      List<String> printed = List.of(create("ds1").toString(), settings.toString(),
          settings.credentials().toString(), Requests.last(sim).toString(), sim.dataSources().toString());

      for (String p : printed) {
        for (String secret : SECRETS) {
          assertThat(p).doesNotContain(secret);
        }
      }
      assertThat(create("ds1").toString()).contains("ds1", "migrator", Redaction.REDACTED);
      assertThat(settings.toString()).contains(OMS_USER, Redaction.REDACTED);
    }
  }

  @Test
  void aBaseUrlCarryingCredentialsIsRefusedWithoutEchoingThem() {
    Throwable e = catchThrowableOfType(IllegalArgumentException.class, () -> new HttpOmsClient(
        TestSettings.defaults(java.net.URI.create("http://u:" + OMS_PASSWORD + "@127.0.0.1:1"), null)));

    assertThat(e.getMessage()).doesNotContain(OMS_PASSWORD);
  }

  private void attempt(Runnable call) {
    try {
      call.run();
    } catch (OmsException e) {
      thrown.add(e);
    }
  }

  private void assertNoSecretIn(List<Throwable> exceptions) {
    for (Throwable t : exceptions) {
      for (Throwable c = t; c != null; c = c.getCause()) {
        String text = c + " " + (c instanceof OmsException ? ((OmsException) c).error() : "");
        for (String secret : SECRETS) {
          assertThat(text).as("exception text").doesNotContain(secret);
        }
      }
    }
  }

  private void assertNoSecretInLogs() {
    for (ILoggingEvent event : logs.list) {
      StringBuilder text = new StringBuilder(event.getFormattedMessage());
      for (IThrowableProxy p = event.getThrowableProxy(); p != null; p = p.getCause()) {
        text.append(' ').append(p.getMessage());
      }
      for (String secret : SECRETS) {
        assertThat(text.toString()).as("log line").doesNotContain(secret);
      }
      assertThat(text.toString()).doesNotContain("Basic ");
    }
  }
}
