package io.datasource.oms.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datasource.oms.api.v1alpha1.DeletionPolicy;
import io.datasource.oms.client.OmsSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class OperatorConfigTest {

  private static final String PASSWORD = "s3cr3t-Pa55";

  /** Every variable a test below sets; checked against {@link OperatorConfig#VARIABLES}. */
  private static final Set<String> EXERCISED = new HashSet<>();

  @TempDir Path dir;

  private static OperatorConfig parse(Map<String, String> env) {
    EXERCISED.addAll(env.keySet());
    return OperatorConfig.fromEnvironment(env, Path.of("/nonexistent/namespace"));
  }

  private static Map<String, String> env(String... pairs) {
    Map<String, String> env = new HashMap<>();
    env.put("OMS_BASE_URL", "https://oms.example:8089");
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }

  @AfterAll
  static void everyVariableIsExercised() {
    assertThat(EXERCISED).containsAll(OperatorConfig.VARIABLES);
  }

  @Test
  void defaultsMatchTheReadmeTable() {
    OperatorConfig c = parse(env());
    assertThat(c.oms().baseUrl()).isEqualTo(URI.create("https://oms.example:8089"));
    assertThat(c.oms().credentials()).isNull();
    assertThat(c.oms().connectTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.oms().requestTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.oms().caBundlePem()).isNull();
    assertThat(c.oms().createAction()).isEqualTo("CreatePolarDBDataSource");
    assertThat(c.oms().userField()).isEqualTo(OmsSettings.UserFieldMode.BOTH);
    assertThat(c.oms().rateLimit()).isEqualTo(10.0);
    assertThat(c.oms().rateBurst()).isEqualTo(10);
    assertThat(c.inventory().maxAge()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.inventory().syncInterval()).isEqualTo(Duration.ofMinutes(10));
    assertThat(c.reconcile().watchNamespaces()).isEmpty();
    assertThat(c.reconcile().labelSelector()).isNull();
    assertThat(c.reconcile().defaultDeletionPolicy()).isEqualTo(DeletionPolicy.Delete);
    assertThat(c.reconcile().concurrency()).isEqualTo(5);
    assertThat(c.reconcile().retryBaseDelay()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.reconcile().retryMaxDelay()).isEqualTo(Duration.ofMinutes(5));
    assertThat(c.reconcile().slowRetryDelay()).isEqualTo(Duration.ofMinutes(2));
    assertThat(c.reconcile().resyncInterval()).isEqualTo(Duration.ofMinutes(10));
    assertThat(c.logging().format()).isEqualTo(LogFormat.TEXT);
    assertThat(c.logging().level()).isEqualTo("INFO");
    assertThat(c.leaderElection().enabled()).isFalse();
    assertThat(c.leaderElection().leaseName()).isEqualTo("oms-datasource-operator");
    assertThat(c.leaderElection().namespace()).isNull();
    assertThat(c.leaderElection().identity()).isNotBlank();
    assertThat(c.leaderElection().timings()).isEqualTo(LeaseTimings.DEFAULT);
    assertThat(c.endpoints().healthPort()).isEqualTo(8081);
    assertThat(c.endpoints().metricsPort()).isEqualTo(8080);
    assertThat(c.reconcile().shutdownTimeout()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void everyVariableIsRead() throws IOException {
    Path ca = dir.resolve("ca.pem");
    Files.writeString(ca, TEST_CA_PEM);
    OperatorConfig c = parse(env(
        "OMS_BASE_URL", "http://10.1.2.3:8089/oms",
        "OMS_USERNAME", "admin",
        "OMS_PASSWORD", PASSWORD,
        "OMS_CONNECT_TIMEOUT", "500ms",
        "OMS_REQUEST_TIMEOUT", "2m",
        "OMS_CA_BUNDLE_FILE", ca.toString(),
        "OMS_CREATE_ACTION", "CreatePilarDBDataSource",
        "OMS_USER_FIELD", "userName",
        "OMS_RATE_LIMIT", "2.5",
        "OMS_RATE_BURST", "7",
        "OMS_INVENTORY_MAX_AGE", "0s",
        "OMS_SYNC_INTERVAL", "2m",
        "WATCH_NAMESPACES", " team-a, team-b ,,",
        "LABEL_SELECTOR", "team=payments,tier!=test",
        "DEFAULT_DELETION_POLICY", "orphan",
        "RECONCILE_CONCURRENCY", "12",
        "RETRY_BASE_DELAY", "PT2S",
        "RETRY_MAX_DELAY", "1h",
        "SLOW_RETRY_DELAY", "1m30s",
        "RESYNC_INTERVAL", "30m",
        "LOG_FORMAT", "JSON",
        "LOG_LEVEL", "debug",
        "LEADER_ELECTION_ENABLED", "TRUE",
        "LEADER_ELECTION_LEASE_NAME", "pxds-team-a",
        "LEADER_ELECTION_NAMESPACE", "operators",
        "POD_NAME", "oms-operator-7d9f-abcde",
        "HEALTH_PORT", "9081",
        "METRICS_PORT", "9080",
        "SHUTDOWN_TIMEOUT", "45s"));
    assertThat(c.oms().baseUrl()).isEqualTo(URI.create("http://10.1.2.3:8089/oms"));
    assertThat(c.oms().credentials()).isEqualTo(new OmsSettings.Credentials("admin", PASSWORD));
    assertThat(c.oms().connectTimeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(c.oms().requestTimeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(c.oms().caBundlePem()).isEqualTo(TEST_CA_PEM);
    assertThat(c.oms().createAction()).isEqualTo("CreatePilarDBDataSource");
    assertThat(c.oms().userField()).isEqualTo(OmsSettings.UserFieldMode.USER_NAME);
    assertThat(c.oms().rateLimit()).isEqualTo(2.5);
    assertThat(c.oms().rateBurst()).isEqualTo(7);
    assertThat(c.inventory().maxAge()).isEqualTo(Duration.ZERO);
    assertThat(c.inventory().syncInterval()).isEqualTo(Duration.ofMinutes(2));
    assertThat(c.reconcile().watchNamespaces()).containsExactly("team-a", "team-b");
    assertThat(c.reconcile().labelSelector()).isEqualTo("team=payments,tier!=test");
    assertThat(c.reconcile().defaultDeletionPolicy()).isEqualTo(DeletionPolicy.Orphan);
    assertThat(c.reconcile().concurrency()).isEqualTo(12);
    assertThat(c.reconcile().retryBaseDelay()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.reconcile().retryMaxDelay()).isEqualTo(Duration.ofHours(1));
    assertThat(c.reconcile().slowRetryDelay()).isEqualTo(Duration.ofSeconds(90));
    assertThat(c.reconcile().resyncInterval()).isEqualTo(Duration.ofMinutes(30));
    assertThat(c.logging().format()).isEqualTo(LogFormat.JSON);
    assertThat(c.logging().level()).isEqualTo("DEBUG");
    assertThat(c.leaderElection().enabled()).isTrue();
    assertThat(c.leaderElection().leaseName()).isEqualTo("pxds-team-a");
    assertThat(c.leaderElection().namespace()).isEqualTo("operators");
    assertThat(c.leaderElection().identity()).isEqualTo("oms-operator-7d9f-abcde");
    assertThat(c.endpoints().healthPort()).isEqualTo(9081);
    assertThat(c.endpoints().metricsPort()).isEqualTo(9080);
    assertThat(c.reconcile().shutdownTimeout()).isEqualTo(Duration.ofSeconds(45));
  }

  @Test
  void credentialFilesWinOverVariablesAndLoseOneTrailingNewline() throws IOException {
    Path user = dir.resolve("username");
    Path pass = dir.resolve("password");
    Files.writeString(user, "file-admin\n");
    // Only one line break goes; a space at the end is part of the password.
    Files.writeString(pass, PASSWORD + " \r\n");
    OperatorConfig c = parse(env(
        "OMS_USERNAME", "var-admin", "OMS_PASSWORD", "var-password",
        "OMS_USERNAME_FILE", user.toString(), "OMS_PASSWORD_FILE", pass.toString()));
    assertThat(c.oms().credentials().username()).isEqualTo("file-admin");
    assertThat(c.oms().credentials().password()).isEqualTo(PASSWORD + " ");
  }

  @Test
  void credentialFileWithoutNewlineIsTakenAsIs() throws IOException {
    Path pass = dir.resolve("password");
    Files.writeString(pass, PASSWORD);
    OperatorConfig c = parse(env("OMS_USERNAME", "admin", "OMS_PASSWORD_FILE", pass.toString()));
    assertThat(c.oms().credentials().password()).isEqualTo(PASSWORD);
  }

  @Test
  void passwordNeverAppearsInToStringOrSettings() throws IOException {
    Path pass = dir.resolve("password");
    Files.writeString(pass, PASSWORD + "\n");
    OperatorConfig c = parse(env("OMS_USERNAME", "admin", "OMS_PASSWORD_FILE", pass.toString()));
    assertThat(c.toString()).doesNotContain(PASSWORD).contains("admin").contains("<redacted>");
    assertThat(c.toOmsSettings().toString()).doesNotContain(PASSWORD);
  }

  @Test
  void toStringShowsEveryVariableOfTheTableWithSecretsRedacted() {
    OperatorConfig c = parse(env("OMS_USERNAME", "admin", "OMS_PASSWORD", PASSWORD,
        "OMS_RATE_LIMIT", "2.5"));
    assertThat(c.toString()).doesNotContain(PASSWORD)
        .contains("OMS_USERNAME=admin", "OMS_PASSWORD=<redacted>", "OMS_RATE_LIMIT=2.5",
            "OMS_RATE_BURST=3", "RETRY_MAX_DELAY=5m", "WATCH_NAMESPACES=all",
            "OMS_CA_BUNDLE_FILE=none", "LOG_FORMAT=text");
    for (Variable<?> v : Variables.ALL) {
      if (v.current() != null) {
        assertThat(c.toString()).contains(v.name() + "=");
      }
    }
  }

  @Test
  void passwordProblemsNameTheVariableButNotTheValue() throws IOException {
    String bad = PASSWORD + "\nsecond-line";
    assertThatThrownBy(() -> parse(env("OMS_USERNAME", "admin", "OMS_PASSWORD", bad)))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("OMS_PASSWORD: ")
        .hasMessageContaining("line break")
        .message().doesNotContain(PASSWORD);
    Path pass = dir.resolve("password");
    Files.writeString(pass, PASSWORD + "\n\n");
    assertThatThrownBy(() -> parse(env("OMS_USERNAME", "admin",
        "OMS_PASSWORD_FILE", pass.toString())))
        .hasMessageStartingWith("OMS_PASSWORD_FILE: ")
        .message().doesNotContain(PASSWORD);
  }

  @Test
  void baseUrlWithCredentialsIsRefusedWithoutQuotingIt() {
    assertThatThrownBy(() -> parse(env("OMS_BASE_URL", "https://admin:" + PASSWORD + "@oms:8089")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("OMS_BASE_URL: must not carry credentials")
        .message().doesNotContain(PASSWORD);
  }

  @Test
  void halfConfiguredCredentialsAreRefused() {
    assertThatThrownBy(() -> parse(env("OMS_USERNAME", "admin")))
        .hasMessageStartingWith("OMS_PASSWORD: is not set");
    assertThatThrownBy(() -> parse(env("OMS_PASSWORD", PASSWORD)))
        .hasMessageStartingWith("OMS_USERNAME: is not set")
        .message().doesNotContain(PASSWORD);
    assertThatThrownBy(() -> parse(env("OMS_USERNAME", "ad:min", "OMS_PASSWORD", PASSWORD)))
        .hasMessage("OMS_USERNAME: \"ad:min\" contains ':', which HTTP Basic authentication"
            + " cannot carry");
  }

  @Test
  void missingOrUnreadableFilesAreNamed() throws IOException {
    assertThatThrownBy(() -> parse(env("OMS_USERNAME", "admin",
        "OMS_PASSWORD_FILE", "/nonexistent/password")))
        .hasMessage("OMS_PASSWORD_FILE: cannot read \"/nonexistent/password\""
            + " (NoSuchFileException)");
    assertThatThrownBy(() -> parse(env("OMS_USERNAME_FILE", "/nonexistent/user",
        "OMS_PASSWORD", PASSWORD)))
        .hasMessageStartingWith("OMS_USERNAME_FILE: cannot read \"/nonexistent/user\"");
    Path empty = dir.resolve("empty");
    Files.writeString(empty, "\n");
    assertThatThrownBy(() -> parse(env("OMS_USERNAME", "admin",
        "OMS_PASSWORD_FILE", empty.toString())))
        .hasMessage("OMS_PASSWORD_FILE: \"" + empty + "\" is empty");
  }

  @Test
  void caBundleIsReadAndCheckedAtStartUp() throws IOException {
    assertThatThrownBy(() -> parse(env("OMS_CA_BUNDLE_FILE", "/nonexistent/ca.pem")))
        .hasMessage("OMS_CA_BUNDLE_FILE: cannot read \"/nonexistent/ca.pem\""
            + " (NoSuchFileException)");
    Path notPem = dir.resolve("not.pem");
    Files.writeString(notPem, "hello\n", StandardCharsets.US_ASCII);
    assertThatThrownBy(() -> parse(env("OMS_CA_BUNDLE_FILE", notPem.toString())))
        .hasMessageStartingWith("OMS_CA_BUNDLE_FILE: \"" + notPem + "\"");
  }

  @Test
  void leaseNamespaceFallsBackToPodNamespaceThenServiceAccountFile() throws IOException {
    assertThat(parse(env("POD_NAMESPACE", "ops")).leaderElection().namespace()).isEqualTo("ops");
    Path nsFile = dir.resolve("namespace");
    Files.writeString(nsFile, "from-file\n");
    assertThat(OperatorConfig.fromEnvironment(env(), nsFile).leaderElection().namespace())
        .isEqualTo("from-file");
    assertThat(OperatorConfig.fromEnvironment(env("LEADER_ELECTION_NAMESPACE", "explicit"), nsFile)
        .leaderElection().namespace()).isEqualTo("explicit");
    assertThatThrownBy(() -> parse(env("LEADER_ELECTION_ENABLED", "true")))
        .hasMessageStartingWith("LEADER_ELECTION_NAMESPACE: is required");
  }

  @Test
  void identityWithoutPodNameIsUniquePerProcess() {
    String a = parse(env("HOSTNAME", "laptop")).leaderElection().identity();
    String b = parse(env("HOSTNAME", "laptop")).leaderElection().identity();
    assertThat(a).startsWith("laptop-").isNotEqualTo(b);
  }

  @Test
  void burstDefaultsToTheRateRoundedUp() {
    assertThat(parse(env("OMS_RATE_LIMIT", "2.5")).oms().rateBurst()).isEqualTo(3);
    assertThat(parse(env("OMS_RATE_LIMIT", "0.2")).oms().rateBurst()).isEqualTo(1);
  }

  @Test
  void emptyValuesMeanUnset() {
    OperatorConfig c = parse(env("WATCH_NAMESPACES", "", "LABEL_SELECTOR", " ",
        "OMS_USERNAME", "", "OMS_PASSWORD", "", "LOG_FORMAT", ""));
    assertThat(c.reconcile().watchNamespaces()).isEmpty();
    assertThat(c.reconcile().labelSelector()).isNull();
    assertThat(c.oms().credentials()).isNull();
    assertThat(c.logging().format()).isEqualTo(LogFormat.TEXT);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "500ms | PT0.5S",
      "5s    | PT5S",
      "2m    | PT2M",
      "1h    | PT1H",
      "1m30s | PT1M30S",
      "PT5S  | PT5S",
      "pt10m | PT10M",
  })
  void durationsAcceptShortAndIsoForms(String text, String iso) {
    assertThat(Durations.parse(text)).isEqualTo(Duration.parse(iso));
  }

  @ParameterizedTest(name = "{0}={1}")
  @MethodSource("badValues")
  void badValuesStopStartUpNamingTheVariable(String variable, String value, String message) {
    assertThatThrownBy(() -> parse(env(variable, value)))
        .isInstanceOf(ConfigException.class)
        .hasMessage(message)
        .satisfies(e -> assertThat(((ConfigException) e).variable()).isEqualTo(variable));
  }

  static Stream<Arguments> badValues() {
    String durationHint = "; use 500ms, 5s, 2m, 1h (or a sum such as 1m30s) or ISO-8601 such as PT5S";
    return Stream.of(
        Arguments.of("OMS_BASE_URL", "oms.example:8089",
            "OMS_BASE_URL: \"oms.example:8089\" must be an absolute http or https URL such as"
                + " https://oms.example:8089"),
        Arguments.of("OMS_BASE_URL", "ftp://oms", "OMS_BASE_URL: \"ftp://oms\" must be an absolute"
            + " http or https URL such as https://oms.example:8089"),
        Arguments.of("OMS_BASE_URL", "http://oms/api/v2?Action=x", "OMS_BASE_URL:"
            + " \"http://oms/api/v2?Action=x\" must not have a query or fragment: the client adds"
            + " /api/v2?Action=..."),
        Arguments.of("OMS_BASE_URL", "http://a b", "OMS_BASE_URL: \"http://a b\" is not a URL"),
        Arguments.of("OMS_CONNECT_TIMEOUT", "5", "OMS_CONNECT_TIMEOUT: \"5\" is not a duration"
            + durationHint),
        Arguments.of("OMS_CONNECT_TIMEOUT", "0s", "OMS_CONNECT_TIMEOUT: \"0s\" must be above zero"),
        Arguments.of("OMS_REQUEST_TIMEOUT", "thirty seconds", "OMS_REQUEST_TIMEOUT: \"thirty"
            + " seconds\" is not a duration" + durationHint),
        Arguments.of("OMS_CREATE_ACTION", "CreateDataSource", "OMS_CREATE_ACTION:"
            + " \"CreateDataSource\" is not one of CreatePolarDBDataSource, CreatePilarDBDataSource"),
        Arguments.of("OMS_USER_FIELD", "USERNAME", "OMS_USER_FIELD: \"USERNAME\" is not one of"
            + " both, username, userName (the last two are exact)"),
        Arguments.of("OMS_RATE_LIMIT", "0", "OMS_RATE_LIMIT: \"0\" must be above 0 and at most"
            + " 10000"),
        Arguments.of("OMS_RATE_LIMIT", "ten", "OMS_RATE_LIMIT: \"ten\" is not a number"),
        Arguments.of("OMS_RATE_LIMIT", "NaN", "OMS_RATE_LIMIT: \"NaN\" must be above 0 and at most"
            + " 10000"),
        Arguments.of("OMS_RATE_BURST", "0", "OMS_RATE_BURST: \"0\" is outside 1..100000"),
        Arguments.of("WATCH_NAMESPACES", "team-a,Team_B", "WATCH_NAMESPACES: \"Team_B\" is not a"
            + " namespace name (lower-case DNS label); the list is comma-separated"),
        Arguments.of("LABEL_SELECTOR", "team=a=b", "LABEL_SELECTOR: \"team=a=b\" is not a label"
            + " selector such as team=payments,tier!=test or env in (a,b)"),
        Arguments.of("LABEL_SELECTOR", "team in a,b", "LABEL_SELECTOR: \"team in a,b\" is not a"
            + " label selector such as team=payments,tier!=test or env in (a,b)"),
        Arguments.of("DEFAULT_DELETION_POLICY", "Retain", "DEFAULT_DELETION_POLICY: \"Retain\" is"
            + " not one of Delete, Orphan"),
        Arguments.of("RECONCILE_CONCURRENCY", "0", "RECONCILE_CONCURRENCY: \"0\" is outside"
            + " 1..1000"),
        Arguments.of("RECONCILE_CONCURRENCY", "five", "RECONCILE_CONCURRENCY: \"five\" is not a"
            + " whole number"),
        Arguments.of("RETRY_BASE_DELAY", "-5s", "RETRY_BASE_DELAY: \"-5s\" is not a duration"
            + durationHint),
        Arguments.of("RETRY_MAX_DELAY", "1s", "RETRY_MAX_DELAY: \"1s\" is shorter than"
            + " RETRY_BASE_DELAY (5s)"),
        Arguments.of("SLOW_RETRY_DELAY", "2 minutes", "SLOW_RETRY_DELAY: \"2 minutes\" is not a"
            + " duration" + durationHint),
        Arguments.of("RESYNC_INTERVAL", "PT0S", "RESYNC_INTERVAL: \"PT0S\" must be above zero"),
        Arguments.of("LOG_FORMAT", "yaml", "LOG_FORMAT: \"yaml\" is not one of text, json"),
        Arguments.of("LOG_LEVEL", "verbose", "LOG_LEVEL: \"verbose\" is not one of TRACE, DEBUG,"
            + " INFO, WARN, ERROR, OFF"),
        Arguments.of("LEADER_ELECTION_ENABLED", "yes", "LEADER_ELECTION_ENABLED: \"yes\" is not"
            + " true or false"),
        Arguments.of("LEADER_ELECTION_LEASE_NAME", "My_Lease", "LEADER_ELECTION_LEASE_NAME:"
            + " \"My_Lease\" is not a valid Lease name (lower-case DNS subdomain, at most 253"
            + " characters)"),
        Arguments.of("LEADER_ELECTION_NAMESPACE", "Ops", "LEADER_ELECTION_NAMESPACE: \"Ops\" is not"
            + " a namespace name (lower-case DNS label)"),
        Arguments.of("HEALTH_PORT", "70000", "HEALTH_PORT: \"70000\" is outside 0..65535"),
        Arguments.of("METRICS_PORT", "http", "METRICS_PORT: \"http\" is not a whole number"),
        Arguments.of("SHUTDOWN_TIMEOUT", "soon", "SHUTDOWN_TIMEOUT: \"soon\" is not a duration"
            + durationHint));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "app",
      "!canary",
      "team=payments",
      "team==payments,tier!=test",
      "example.com/team in (a, b),env notin (prod)",
      "env=",
  })
  void validLabelSelectorsAreAccepted(String selector) {
    assertThat(parse(env("LABEL_SELECTOR", selector)).reconcile().labelSelector()).isEqualTo(selector);
  }

  @Test
  void settingsCarryTheValues() {
    OperatorConfig c = parse(env("OMS_USERNAME", "admin", "OMS_PASSWORD", PASSWORD,
        "OMS_CONNECT_TIMEOUT", "1s", "OMS_REQUEST_TIMEOUT", "3s", "OMS_USER_FIELD", "username"));
    OmsSettings s = c.toOmsSettings();
    assertThat(s.baseUrl()).isEqualTo(URI.create("https://oms.example:8089"));
    assertThat(s.credentials()).isEqualTo(new OmsSettings.Credentials("admin", PASSWORD));
    assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(1));
    assertThat(s.requestTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(s.createActionName()).isEqualTo("CreatePolarDBDataSource");
    assertThat(s.userFieldMode()).isEqualTo(OmsSettings.UserFieldMode.USERNAME);
  }

  @Test
  void omsConnectionsAreOffUnlessEnabled() {
    assertThat(parse(env()).connections().enabled()).isFalse();
    assertThat(parse(env("OMS_CONNECTIONS_ENABLED", "true")).connections().enabled()).isTrue();
  }

  @Test
  void variablesListIsTheDocumentedTable() {
    assertThat(OperatorConfig.VARIABLES).hasSize(31).doesNotHaveDuplicates()
        .containsAll(List.of("OMS_BASE_URL", "OMS_RATE_BURST", "SHUTDOWN_TIMEOUT"));
  }

  /** A throwaway self-signed CA from the test fixtures, only parsed (never trusted). */
  private static final String TEST_CA_PEM = readFixture("ca.pem");

  private static String readFixture(String name) {
    try (var in = OperatorConfigTest.class.getResourceAsStream("/OperatorConfigTest/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
