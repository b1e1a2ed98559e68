package io.datasource.oms.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasource.oms.config.OperatorConfig;
import io.datasource.oms.config.Variable;
import io.datasource.oms.config.Variables;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every configuration variable of the program (the table {@link Variables}) is reachable from chart
 * values, a secret one only from a Secret, and what the chart renders is accepted by the program's
 * own parser ({@link OperatorConfig#fromEnvironment}).
 */
class ChartConfigurationTest {

  /**
   * How each variable is set from values: the values to set, and what the rendered env holds
   * (a plain value, {@code secret:NAME/KEY} for a secretKeyRef).
   */
  record Reach(String variable, Map<String, Object> values, String expected) {
    @Override
    public String toString() {
      return variable + " <- " + values;
    }
  }

  static final List<Reach> REACH = List.of(
      reach("OMS_BASE_URL", "https://oms.internal:8089", "oms.baseUrl", "https://oms.internal:8089"),
      reach("OMS_USERNAME", "secret:oms-admin/user", "oms.credentials.mode", "env",
          "oms.credentials.existingSecret", "oms-admin", "oms.credentials.usernameKey", "user"),
      reach("OMS_PASSWORD", "secret:oms-admin/pass", "oms.credentials.mode", "env",
          "oms.credentials.existingSecret", "oms-admin", "oms.credentials.passwordKey", "pass"),
      reach("OMS_USERNAME_FILE", "/etc/oms-credentials/user", "oms.credentials.usernameKey", "user"),
      reach("OMS_PASSWORD_FILE", "/etc/oms-credentials/pass", "oms.credentials.passwordKey", "pass"),
      reach("OMS_CONNECT_TIMEOUT", "2s", "oms.connectTimeout", "2s"),
      reach("OMS_REQUEST_TIMEOUT", "1m", "oms.requestTimeout", "1m"),
      reach("OMS_CA_BUNDLE_FILE", "/etc/oms-ca/bundle.pem", "oms.caBundle.configMapName", "oms-ca",
          "oms.caBundle.key", "bundle.pem"),
      reach("OMS_CREATE_ACTION", "CreatePilarDBDataSource", "oms.createAction",
          "CreatePilarDBDataSource"),
      reach("OMS_USER_FIELD", "userName", "oms.userField", "userName"),
      reach("OMS_RATE_LIMIT", "2.5", "oms.rateLimit", 2.5),
      reach("OMS_RATE_BURST", "7", "oms.rateBurst", 7),
      reach("OMS_INVENTORY_MAX_AGE", "5s", "oms.inventoryMaxAge", "5s"),
      reach("OMS_SYNC_INTERVAL", "1h", "oms.syncInterval", "1h"),
      new Reach("WATCH_NAMESPACES", Map.of("watchNamespaces[0]", "team-a", "watchNamespaces[1]",
          "team-b"), "team-a,team-b"),
      reach("LABEL_SELECTOR", "team=payments", "labelSelector", "team=payments"),
      reach("DEFAULT_DELETION_POLICY", "Orphan", "defaultDeletionPolicy", "Orphan"),
      reach("RECONCILE_CONCURRENCY", "9", "reconcileConcurrency", 9),
      reach("RETRY_BASE_DELAY", "1s", "retry.baseDelay", "1s"),
      reach("RETRY_MAX_DELAY", "10m", "retry.maxDelay", "10m"),
      reach("SLOW_RETRY_DELAY", "5m", "retry.slowDelay", "5m"),
      reach("RESYNC_INTERVAL", "1h", "resyncInterval", "1h"),
      reach("LOG_FORMAT", "json", "logging.format", "json"),
      reach("LOG_LEVEL", "DEBUG", "logging.level", "DEBUG"),
      reach("LEADER_ELECTION_ENABLED", "true", "leaderElection.enabled", true),
      reach("LEADER_ELECTION_LEASE_NAME", "payments", "leaderElection.leaseName", "payments"),
      reach("LEADER_ELECTION_NAMESPACE", "ops", "leaderElection.namespace", "ops"),
      reach("HEALTH_PORT", "9081", "health.port", 9081),
      reach("METRICS_PORT", "9080", "metrics.port", 9080),
      reach("SHUTDOWN_TIMEOUT", "20s", "shutdownTimeout", "20s"),
      reach("OMS_CONNECTIONS_ENABLED", "true", "connections.enabled", true));

  @Test
  void everyVariableOfTheProgramHasAWayInFromValues() {
    assertThat(REACH).extracting(Reach::variable)
        .as("OperatorConfig.VARIABLES; a new variable needs a value in the chart and a row here")
        .containsExactlyInAnyOrderElementsOf(OperatorConfig.VARIABLES);
  }

  static Stream<Reach> reach() {
    return REACH.stream();
  }

  @ParameterizedTest
  @MethodSource("reach")
  void valueReachesTheVariable(Reach reach) {
    Chart chart = Chart.withDefaults();
    reach.values().forEach(chart::set);

    EnvVar var = chart.render().env().get(reach.variable());

    assertThat(var).as(reach.variable()).isNotNull();
    assertThat(describe(var)).isEqualTo(reach.expected());
  }

  /**
   * A variable the table marks secret never carries its value in the Deployment: it comes from a
   * Secret, as a secretKeyRef or as a file on a volume of a Secret.
   */
  @ParameterizedTest
  @MethodSource("secrets")
  void secretVariablesComeOnlyFromSecrets(Reach reach) {
    Chart chart = Chart.withDefaults();
    reach.values().forEach(chart::set);
    Deployment deployment = chart.render().deployment();

    EnvVar var = chart.render().env().get(reach.variable());

    assertThat(var).as(reach.variable()).isNotNull();
    if (var.getValueFrom() != null) {
      assertThat(var.getValueFrom().getSecretKeyRef()).as(reach.variable()).isNotNull();
      return;
    }
    Map<String, Volume> volumes = new LinkedHashMap<>();
    deployment.getSpec().getTemplate().getSpec().getVolumes().forEach(v -> volumes.put(v.getName(), v));
    List<VolumeMount> fromSecrets = deployment.getSpec().getTemplate().getSpec().getContainers()
        .get(0).getVolumeMounts().stream()
        .filter(m -> volumes.get(m.getName()).getSecret() != null)
        .toList();
    assertThat(fromSecrets).as("%s=%s lies on a volume of a Secret", reach.variable(),
        var.getValue()).anySatisfy(m -> assertThat(var.getValue()).startsWith(m.getMountPath() + "/"));
  }

  static Stream<Reach> secrets() {
    List<String> secret = Variables.ALL.stream().filter(Variable::secret).map(Variable::name)
        .toList();
    assertThat(secret).as("the table marks the password secret").contains("OMS_PASSWORD");
    return REACH.stream().filter(r -> secret.contains(r.variable()));
  }

  @Test
  void chartDefaultsAreTheProgramsDefaults(@TempDir Path root) {
    Map<String, String> env = new PodEnvironment(credentials("oms-credentials"), root)
        .resolve(Chart.withDefaults().render().deployment(), Chart.NAMESPACE);

    OperatorConfig fromChart = OperatorConfig.fromEnvironment(env);
    OperatorConfig programDefaults = OperatorConfig.fromEnvironment(Map.of(
        "OMS_BASE_URL", env.get("OMS_BASE_URL"),
        "OMS_USERNAME", "oms-admin",
        "OMS_PASSWORD", "oms-secret",
        "POD_NAME", PodEnvironment.POD_NAME,
        "POD_NAMESPACE", Chart.NAMESPACE));

    assertThat(fromChart).isEqualTo(programDefaults);
  }

  @Test
  void programAcceptsEverythingTheChartRendersFromNonDefaultValues(@TempDir Path root)
      throws IOException {
    Map<String, Map<String, String>> objects = new LinkedHashMap<>(credentials("oms-admin"));
    objects.put("oms-ca", Map.of("ca.crt", fixture("ca.pem")));
    Chart chart = Chart.withDefaults()
        .set("replicas", 3)
        .set("oms.credentials.existingSecret", "oms-admin")
        .set("oms.caBundle.configMapName", "oms-ca");
    REACH.stream()
        .filter(r -> !r.variable().startsWith("OMS_USERNAME") && !r.variable().startsWith("OMS_PASSWORD")
            && !r.variable().equals("OMS_CA_BUNDLE_FILE"))
        .forEach(r -> r.values().forEach(chart::set));
    Map<String, String> env = new PodEnvironment(objects, root)
        .resolve(chart.render().deployment(), Chart.NAMESPACE);

    OperatorConfig config = OperatorConfig.fromEnvironment(env);

    assertThat(config.oms().credentials().username()).isEqualTo("oms-admin");
    assertThat(config.oms().caBundlePem()).isNotBlank();
    assertThat(config.reconcile().watchNamespaces()).containsExactly("team-a", "team-b");
    assertThat(config.leaderElection().enabled()).isTrue();
    assertThat(config.leaderElection().identity()).isEqualTo(PodEnvironment.POD_NAME);
    assertThat(config.oms().rateLimit()).isEqualTo(2.5);
    assertThat(config.endpoints().healthPort()).isEqualTo(9081);
  }

  @Test
  void credentialsFromEnvironmentVariablesReachTheProgram(@TempDir Path root) {
    Map<String, String> env = new PodEnvironment(credentials("oms-credentials"), root)
        .resolve(Chart.withDefaults().set("oms.credentials.mode", "env").render().deployment(),
            Chart.NAMESPACE);

    OperatorConfig config = OperatorConfig.fromEnvironment(env);

    assertThat(config.oms().credentials().username()).isEqualTo("oms-admin");
    assertThat(config.oms().credentials().password()).isEqualTo("oms-secret");
  }

  @Test
  void twoReplicasGiveTheProgramLeaderElection(@TempDir Path root) {
    Map<String, String> env = new PodEnvironment(credentials("oms-credentials"), root)
        .resolve(Chart.withDefaults().set("replicas", 2).render().deployment(), Chart.NAMESPACE);

    OperatorConfig config = OperatorConfig.fromEnvironment(env);

    assertThat(config.leaderElection().enabled()).isTrue();
    assertThat(config.leaderElection().namespace()).isEqualTo(Chart.NAMESPACE);
    assertThat(config.leaderElection().identity()).isEqualTo(PodEnvironment.POD_NAME);
  }

  private static Map<String, Map<String, String>> credentials(String secret) {
    return Map.of(secret, Map.of("username", "oms-admin", "password", "oms-secret",
        "user", "oms-admin", "pass", "oms-secret"));
  }

  private static String fixture(String name) throws IOException {
    try (InputStream in = ChartConfigurationTest.class.getResourceAsStream(
        "/ChartConfigurationTest/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    }
  }

  private static String describe(EnvVar var) {
    if (var.getValueFrom() == null) {
      return var.getValue();
    }
    if (var.getValueFrom().getSecretKeyRef() != null) {
      return "secret:" + var.getValueFrom().getSecretKeyRef().getName() + "/"
          + var.getValueFrom().getSecretKeyRef().getKey();
    }
    return var.getValueFrom().toString();
  }

  private static Reach reach(String variable, String expected, Object... keysAndValues) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      values.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return new Reach(variable, values, expected);
  }
}
