package io.datasource.oms.config;

import static io.datasource.oms.config.Parsers.bool;
import static io.datasource.oms.config.Parsers.choice;
import static io.datasource.oms.config.Parsers.duration;
import static io.datasource.oms.config.Parsers.integer;
import static io.datasource.oms.config.Parsers.lowerCaseChoice;
import static io.datasource.oms.config.Parsers.parser;
import static io.datasource.oms.config.Parsers.positiveNumber;

import io.datasource.oms.api.v1alpha1.DeletionPolicy;
import io.datasource.oms.client.OmsSettings;
import io.datasource.oms.client.OmsSettings.UserFieldMode;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The configuration table: every environment variable the operator reads, once, with its parser,
 * default, secrecy and the README's line. Parsing ({@link OperatorConfig#fromEnvironment}),
 * {@link OperatorConfig#VARIABLES}, {@link OperatorConfig#toString()}, the README's table
 * ({@code ReadmeConfigurationTest}) and the chart's ({@code ChartConfigurationTest}) all come from
 * here. Rules between variables (credentials in pairs, the retry cap above its base) live in
 * {@link OperatorConfig#fromEnvironment}.
 */
public final class Variables {

  private Variables() {}

  // ---- OMS ----

  public static final Variable<URI> OMS_BASE_URL = Variable.of("OMS_BASE_URL", Parsers.baseUrl(),
      env -> {
        throw new ConfigException(Variables.OMS_BASE_URL.name(),
            "is required (the http or https URL of OMS)");
      }, "required (the sandbox sets it)", c -> c.oms().baseUrl(),
      "http(s) URL of the OMS console, e.g. `https://oms.internal.example:8089`, without"
          + " `/api/v2`, without user info, query or fragment");

  public static final Variable<String> OMS_USERNAME = Variable.of("OMS_USERNAME",
      Parsers.credential(), env -> null, "none",
      c -> c.oms().credentials() == null ? null : c.oms().credentials().username(),
      "the OMS console user the operator calls as (HTTP Basic). Set `OMS_PASSWORD` too, or"
          + " neither");

  public static final Variable<String> OMS_PASSWORD = Variable.of("OMS_PASSWORD",
      Parsers.credential(), env -> null, "none",
      c -> c.oms().credentials() == null ? null : c.oms().credentials().password(),
      "that user's password. Set `OMS_USERNAME` too, or neither").asSecret();

  public static final Variable<String> OMS_USERNAME_FILE = Variable.of("OMS_USERNAME_FILE",
      Parsers.credentialFile(), env -> null, "none", null,
      "`OMS_USERNAME` read from a file, e.g. a mounted Secret; the file wins over the variable."
          + " One trailing line break (`\\n` or `\\r\\n`) is removed, see below");

  public static final Variable<String> OMS_PASSWORD_FILE = Variable.of("OMS_PASSWORD_FILE",
      Parsers.credentialFile(), env -> null, "none", null,
      "`OMS_PASSWORD` read from a file, likewise").asSecret();

  public static final Variable<Duration> OMS_CONNECT_TIMEOUT = Variable.of("OMS_CONNECT_TIMEOUT",
      duration(true), Duration.ofSeconds(5), c -> c.oms().connectTimeout(),
      "bound on opening a connection to OMS");

  public static final Variable<Duration> OMS_REQUEST_TIMEOUT = Variable.of("OMS_REQUEST_TIMEOUT",
      duration(true), Duration.ofSeconds(30), c -> c.oms().requestTimeout(),
      "bound on one OMS request, answer included; also the longest a call waits for the rate"
          + " limit");

  public static final Variable<String> OMS_CA_BUNDLE_FILE = Variable.of("OMS_CA_BUNDLE_FILE",
      Parsers.pemFile(), env -> null, "none (the JVM's trust store)",
      c -> c.oms().caBundlePem(),
      "PEM file of the CA certificates to trust for an https `OMS_BASE_URL`; read and parsed at"
          + " start-up");

  public static final Variable<String> OMS_CREATE_ACTION = Variable.of("OMS_CREATE_ACTION",
      Parsers.exactly(OmsSettings.CREATE_POLAR, OmsSettings.CREATE_PILAR), OmsSettings.CREATE_POLAR,
      c -> c.oms().createAction(),
      "the create action spelling tried first: `CreatePolarDBDataSource` or"
          + " `CreatePilarDBDataSource` (the client falls back to the other once if OMS does not"
          + " know it)");

  public static final Variable<UserFieldMode> OMS_USER_FIELD = Variable.of("OMS_USER_FIELD",
      parser(Variables::userField, Variables::userFieldText), UserFieldMode.BOTH,
      c -> c.oms().userField(),
      "the request key(s) carrying the database user: `both`, `username` or `userName` (exact"
          + " case)");

  public static final Variable<Double> OMS_RATE_LIMIT = Variable.of("OMS_RATE_LIMIT",
      positiveNumber(10_000), 10.0, c -> c.oms().rateLimit(),
      "OMS requests per second for the whole process, shared by all resources (decimals allowed,"
          + " e.g. `0.5`)");

  public static final Variable<Integer> OMS_RATE_BURST = Variable.of("OMS_RATE_BURST",
      integer(1, 100_000), env -> burstFor(env.get(OMS_RATE_LIMIT)),
      "`OMS_RATE_LIMIT` rounded up", c -> c.oms().rateBurst(),
      "how many requests may start back to back, see below");

  // ---- the OMS inventory ----

  public static final Variable<Duration> OMS_INVENTORY_MAX_AGE = Variable.of(
      "OMS_INVENTORY_MAX_AGE", duration(false), Duration.ofSeconds(30),
      c -> c.inventory().maxAge(),
      "a create checks its name against a listing of OMS no older than this (one listing serves"
          + " every create in that window); `0s` lists before every create, see [the OMS"
          + " inventory](#the-oms-inventory)");

  public static final Variable<Duration> OMS_SYNC_INTERVAL = Variable.of("OMS_SYNC_INTERVAL",
      duration(true), Duration.ofMinutes(10), c -> c.inventory().syncInterval(),
      "how often the leader lists every data source in OMS to find data sources deleted or"
          + " changed there");

  // ---- what is reconciled, and how ----

  public static final Variable<Set<String>> WATCH_NAMESPACES = Variable.of("WATCH_NAMESPACES",
      Parsers.namespaces(), env -> Set.of(), "all namespaces",
      c -> c.reconcile().watchNamespaces(),
      "comma-separated namespaces to watch; empty = all");

  public static final Variable<String> LABEL_SELECTOR = Variable.of("LABEL_SELECTOR",
      Parsers.labelSelector(), env -> null, "none", c -> c.reconcile().labelSelector(),
      "only resources matching this label selector (`team=payments`, `tier!=test`, `env in"
          + " (a,b)`, `!legacy`), so that several deployments can split the resources");

  public static final Variable<DeletionPolicy> DEFAULT_DELETION_POLICY = Variable.of(
      "DEFAULT_DELETION_POLICY", choice(DeletionPolicy.class), DeletionPolicy.Delete,
      c -> c.reconcile().defaultDeletionPolicy(),
      "`Delete` or `Orphan`, for resources whose spec sets none");

  public static final Variable<Integer> RECONCILE_CONCURRENCY = Variable.of(
      "RECONCILE_CONCURRENCY", integer(1, 1000), 5, c -> c.reconcile().concurrency(),
      "resources reconciled at the same time (1 to 1000); more than about `OMS_RATE_LIMIT` x the"
          + " OMS latency in seconds only wait for the rate limit"
          + " ([docs/BENCHMARKS.md](docs/BENCHMARKS.md))");

  public static final Variable<Duration> RETRY_BASE_DELAY = Variable.of("RETRY_BASE_DELAY",
      duration(true), Duration.ofSeconds(5), c -> c.reconcile().retryBaseDelay(),
      "first retry after a transient OMS failure; doubles per consecutive failure");

  public static final Variable<Duration> RETRY_MAX_DELAY = Variable.of("RETRY_MAX_DELAY",
      duration(true), Duration.ofMinutes(5), c -> c.reconcile().retryMaxDelay(),
      "cap of that backoff (not below `RETRY_BASE_DELAY`)");

  public static final Variable<Duration> SLOW_RETRY_DELAY = Variable.of("SLOW_RETRY_DELAY",
      duration(true), Duration.ofMinutes(2), c -> c.reconcile().slowRetryDelay(),
      "retry delay after environment failures (OMS cannot reach the database) and authentication"
          + " failures");

  public static final Variable<Duration> RESYNC_INTERVAL = Variable.of("RESYNC_INTERVAL",
      duration(true), Duration.ofMinutes(10), c -> c.reconcile().resyncInterval(),
      "every resource is reconciled at least this often (changes made in OMS are found by"
          + " `OMS_SYNC_INTERVAL`)");

  // ---- logs ----

  public static final Variable<LogFormat> LOG_FORMAT = Variable.of("LOG_FORMAT",
      lowerCaseChoice(LogFormat.class), LogFormat.TEXT, c -> c.logging().format(),
      "`text` or `json` (one object per line, logstash layout, MDC fields `resource.namespace`"
          + " and `resource.name`)");

  public static final Variable<String> LOG_LEVEL = Variable.of("LOG_LEVEL",
      Parsers.upperCaseWord("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF"), "INFO",
      c -> c.logging().level(), "`TRACE`, `DEBUG`, `INFO`, `WARN`, `ERROR` or `OFF`");

  // ---- leader election ----

  public static final Variable<Boolean> LEADER_ELECTION_ENABLED = Variable.of(
      "LEADER_ELECTION_ENABLED", bool(), false, c -> c.leaderElection().enabled(),
      "`true` for more than one replica: only the holder of a coordination Lease reconciles");

  public static final Variable<String> LEADER_ELECTION_LEASE_NAME = Variable.of(
      "LEADER_ELECTION_LEASE_NAME", Parsers.leaseName(), "oms-datasource-operator",
      c -> c.leaderElection().leaseName(),
      "the Lease's name; deployments that split resources by `LABEL_SELECTOR` need different"
          + " names");

  public static final Variable<String> LEADER_ELECTION_NAMESPACE = Variable.of(
      "LEADER_ELECTION_NAMESPACE", Parsers.namespace(), Variables::podNamespace,
      "the pod's namespace", c -> c.leaderElection().namespace(),
      "the Lease's namespace; defaults to `POD_NAMESPACE`, else the service account's namespace"
          + " file. Required outside a pod when leader election is on");

  // ---- endpoints and shutdown ----

  public static final Variable<Integer> HEALTH_PORT = Variable.of("HEALTH_PORT",
      integer(0, 65535), 8081, c -> c.endpoints().healthPort(),
      "port of `/healthz` and `/readyz`");

  public static final Variable<Integer> METRICS_PORT = Variable.of("METRICS_PORT",
      integer(0, 65535), 8080, c -> c.endpoints().metricsPort(),
      "port of `/metrics`; may equal `HEALTH_PORT` (one server)");

  public static final Variable<Duration> SHUTDOWN_TIMEOUT = Variable.of("SHUTDOWN_TIMEOUT",
      duration(false), Duration.ofSeconds(30), c -> c.reconcile().shutdownTimeout(),
      "on SIGTERM, how long in-flight reconciles may take to finish");

  // ---- OmsConnection ----

  public static final Variable<Boolean> OMS_CONNECTIONS_ENABLED = Variable.of(
      "OMS_CONNECTIONS_ENABLED", bool(), false, c -> c.connections().enabled(),
      "`true` serves [OmsConnection](#several-oms-instances-omsconnection) resources (chart:"
          + " `connections.enabled`, which also adds their ClusterRole). Off, nothing changes for"
          + " existing installs");

  /** The table, in the README's order. */
  public static final List<Variable<?>> ALL = List.of(
      OMS_BASE_URL, OMS_USERNAME, OMS_PASSWORD, OMS_USERNAME_FILE, OMS_PASSWORD_FILE,
      OMS_CONNECT_TIMEOUT, OMS_REQUEST_TIMEOUT, OMS_CA_BUNDLE_FILE, OMS_CREATE_ACTION,
      OMS_USER_FIELD, OMS_RATE_LIMIT, OMS_RATE_BURST, OMS_INVENTORY_MAX_AGE, OMS_SYNC_INTERVAL,
      WATCH_NAMESPACES, LABEL_SELECTOR, DEFAULT_DELETION_POLICY, RECONCILE_CONCURRENCY,
      RETRY_BASE_DELAY, RETRY_MAX_DELAY, SLOW_RETRY_DELAY, RESYNC_INTERVAL, LOG_FORMAT, LOG_LEVEL,
      LEADER_ELECTION_ENABLED, LEADER_ELECTION_LEASE_NAME, LEADER_ELECTION_NAMESPACE, HEALTH_PORT,
      METRICS_PORT, SHUTDOWN_TIMEOUT, OMS_CONNECTIONS_ENABLED);

  /** The default burst of a rate limit: the rate rounded up (for OmsConnection specs too). */
  public static int burstFor(double rateLimit) {
    return (int) Math.max(1, Math.ceil(rateLimit));
  }

  // ---- the readers that belong to one variable ----

  private static UserFieldMode userField(String name, String value) {
    if (value.equalsIgnoreCase("both")) {
      return UserFieldMode.BOTH;
    }
    // The two keys differ only by case, so the match is exact.
    if (value.equals("username")) {
      return UserFieldMode.USERNAME;
    }
    if (value.equals("userName")) {
      return UserFieldMode.USER_NAME;
    }
    throw new ConfigException(name,
        "\"" + value + "\" is not one of both, username, userName (the last two are exact)");
  }

  private static String userFieldText(UserFieldMode mode) {
    return switch (mode) {
      case BOTH -> "both";
      case USERNAME -> "username";
      case USER_NAME -> "userName";
    };
  }

  /**
   * POD_NAMESPACE, else the service-account namespace file, checked like the variable; required
   * when leader election is on.
   */
  private static String podNamespace(Environment env) {
    String value = env.other(OperatorConfig.POD_NAMESPACE);
    Path file = env.serviceAccountNamespaceFile();
    if (value == null && file != null && Files.isReadable(file)) {
      try {
        String fromFile = Files.readString(file, StandardCharsets.UTF_8).trim();
        value = fromFile.isEmpty() ? null : fromFile;
      } catch (IOException ex) {
        value = null;
      }
    }
    if (value == null) {
      if (env.get(LEADER_ELECTION_ENABLED)) {
        throw new ConfigException(LEADER_ELECTION_NAMESPACE.name(), "is required with"
            + " LEADER_ELECTION_ENABLED=true outside a pod (no POD_NAMESPACE, no service-account"
            + " namespace file)");
      }
      return null;
    }
    return LEADER_ELECTION_NAMESPACE.parser().parse(value, LEADER_ELECTION_NAMESPACE);
  }
}
