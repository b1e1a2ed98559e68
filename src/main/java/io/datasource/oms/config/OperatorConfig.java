package io.datasource.oms.config;

import io.datasource.oms.api.v1alpha1.DeletionPolicy;
import io.datasource.oms.client.OmsSettings;
import io.datasource.oms.client.Redaction;
import io.datasource.oms.reconciler.ReconcilerOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Everything the operator is told by its environment, parsed and validated once at start-up.
 * Build it with {@link #fromEnvironment(Map)}; a bad value is a {@link ConfigException} whose
 * message starts with the variable's name (and quotes the value, except for secrets).
 *
 * @param omsBaseUrl OMS_BASE_URL
 * @param omsCredentials OMS_USERNAME[_FILE] / OMS_PASSWORD[_FILE]; null when none are configured
 * @param omsConnectTimeout OMS_CONNECT_TIMEOUT
 * @param omsRequestTimeout OMS_REQUEST_TIMEOUT
 * @param omsCaBundlePem the PEM text read from OMS_CA_BUNDLE_FILE; null for the JDK's trust store
 * @param omsCreateAction OMS_CREATE_ACTION
 * @param omsUserField OMS_USER_FIELD
 * @param omsRateLimit OMS_RATE_LIMIT, requests per second
 * @param omsRateBurst OMS_RATE_BURST, token bucket size
 * @param omsInventoryMaxAge OMS_INVENTORY_MAX_AGE, the oldest OMS listing a create may trust
 * @param omsSyncInterval OMS_SYNC_INTERVAL, how often the leader lists OMS to find drift
 * @param watchNamespaces WATCH_NAMESPACES; empty means all namespaces
 * @param labelSelector LABEL_SELECTOR; null means every resource
 * @param defaultDeletionPolicy DEFAULT_DELETION_POLICY
 * @param reconcileConcurrency RECONCILE_CONCURRENCY
 * @param retryBaseDelay RETRY_BASE_DELAY
 * @param retryMaxDelay RETRY_MAX_DELAY
 * @param slowRetryDelay SLOW_RETRY_DELAY
 * @param resyncInterval RESYNC_INTERVAL
 * @param logFormat LOG_FORMAT
 * @param logLevel LOG_LEVEL, upper case
 * @param leaderElectionEnabled LEADER_ELECTION_ENABLED
 * @param leaderElectionLeaseName LEADER_ELECTION_LEASE_NAME
 * @param leaderElectionNamespace LEADER_ELECTION_NAMESPACE, else POD_NAMESPACE, else the
 *     service-account namespace file; null only when leader election is off and none is known
 * @param leaderElectionIdentity POD_NAME, else the host name plus a random suffix
 * @param leaseTimings lease duration, renew deadline and retry period (not from the environment)
 * @param healthPort HEALTH_PORT (0 picks a free port)
 * @param metricsPort METRICS_PORT (0 picks a free port; equal to HEALTH_PORT serves both on one)
 * @param shutdownTimeout SHUTDOWN_TIMEOUT
 * @param omsConnectionsEnabled OMS_CONNECTIONS_ENABLED: serve OmsConnection resources
 */
public record OperatorConfig(
    URI omsBaseUrl,
    OmsSettings.Credentials omsCredentials,
    Duration omsConnectTimeout,
    Duration omsRequestTimeout,
    String omsCaBundlePem,
    String omsCreateAction,
    OmsSettings.UserFieldMode omsUserField,
    double omsRateLimit,
    int omsRateBurst,
    Duration omsInventoryMaxAge,
    Duration omsSyncInterval,
    Set<String> watchNamespaces,
    String labelSelector,
    DeletionPolicy defaultDeletionPolicy,
    int reconcileConcurrency,
    Duration retryBaseDelay,
    Duration retryMaxDelay,
    Duration slowRetryDelay,
    Duration resyncInterval,
    LogFormat logFormat,
    String logLevel,
    boolean leaderElectionEnabled,
    String leaderElectionLeaseName,
    String leaderElectionNamespace,
    String leaderElectionIdentity,
    LeaseTimings leaseTimings,
    int healthPort,
    int metricsPort,
    Duration shutdownTimeout,
    boolean omsConnectionsEnabled) {

  public static final String OMS_BASE_URL = "OMS_BASE_URL";
  public static final String OMS_USERNAME = "OMS_USERNAME";
  public static final String OMS_PASSWORD = "OMS_PASSWORD";
  public static final String OMS_USERNAME_FILE = "OMS_USERNAME_FILE";
  public static final String OMS_PASSWORD_FILE = "OMS_PASSWORD_FILE";
  public static final String OMS_CONNECT_TIMEOUT = "OMS_CONNECT_TIMEOUT";
  public static final String OMS_REQUEST_TIMEOUT = "OMS_REQUEST_TIMEOUT";
  public static final String OMS_CA_BUNDLE_FILE = "OMS_CA_BUNDLE_FILE";
  public static final String OMS_CREATE_ACTION = "OMS_CREATE_ACTION";
  public static final String OMS_USER_FIELD = "OMS_USER_FIELD";
  public static final String OMS_RATE_LIMIT = "OMS_RATE_LIMIT";
  public static final String OMS_RATE_BURST = "OMS_RATE_BURST";
  public static final String OMS_INVENTORY_MAX_AGE = "OMS_INVENTORY_MAX_AGE";
  public static final String OMS_SYNC_INTERVAL = "OMS_SYNC_INTERVAL";
  public static final String WATCH_NAMESPACES = "WATCH_NAMESPACES";
  public static final String LABEL_SELECTOR = "LABEL_SELECTOR";
  public static final String DEFAULT_DELETION_POLICY = "DEFAULT_DELETION_POLICY";
  public static final String RECONCILE_CONCURRENCY = "RECONCILE_CONCURRENCY";
  public static final String RETRY_BASE_DELAY = "RETRY_BASE_DELAY";
  public static final String RETRY_MAX_DELAY = "RETRY_MAX_DELAY";
  public static final String SLOW_RETRY_DELAY = "SLOW_RETRY_DELAY";
  public static final String RESYNC_INTERVAL = "RESYNC_INTERVAL";
  public static final String LOG_FORMAT = "LOG_FORMAT";
  public static final String LOG_LEVEL = "LOG_LEVEL";
  public static final String LEADER_ELECTION_ENABLED = "LEADER_ELECTION_ENABLED";
  public static final String LEADER_ELECTION_LEASE_NAME = "LEADER_ELECTION_LEASE_NAME";
  public static final String LEADER_ELECTION_NAMESPACE = "LEADER_ELECTION_NAMESPACE";
  public static final String HEALTH_PORT = "HEALTH_PORT";
  public static final String METRICS_PORT = "METRICS_PORT";
  public static final String SHUTDOWN_TIMEOUT = "SHUTDOWN_TIMEOUT";
  public static final String OMS_CONNECTIONS_ENABLED = "OMS_CONNECTIONS_ENABLED";

  /** Every variable the operator reads from its configuration (the README table, in order). */
  public static final List<String> VARIABLES = List.of(
      OMS_BASE_URL, OMS_USERNAME, OMS_PASSWORD, OMS_USERNAME_FILE, OMS_PASSWORD_FILE,
      OMS_CONNECT_TIMEOUT, OMS_REQUEST_TIMEOUT, OMS_CA_BUNDLE_FILE, OMS_CREATE_ACTION,
      OMS_USER_FIELD, OMS_RATE_LIMIT, OMS_RATE_BURST, OMS_INVENTORY_MAX_AGE, OMS_SYNC_INTERVAL,
      WATCH_NAMESPACES, LABEL_SELECTOR,
      DEFAULT_DELETION_POLICY, RECONCILE_CONCURRENCY, RETRY_BASE_DELAY, RETRY_MAX_DELAY,
      SLOW_RETRY_DELAY, RESYNC_INTERVAL, LOG_FORMAT, LOG_LEVEL, LEADER_ELECTION_ENABLED,
      LEADER_ELECTION_LEASE_NAME, LEADER_ELECTION_NAMESPACE, HEALTH_PORT, METRICS_PORT,
      SHUTDOWN_TIMEOUT, OMS_CONNECTIONS_ENABLED);

  /** Set by the pod's downward API, not by users: the leader-election identity and namespace. */
  public static final String POD_NAME = "POD_NAME";
  public static final String POD_NAMESPACE = "POD_NAMESPACE";

  /** Where Kubernetes mounts the pod's namespace for its service account. */
  public static final Path SERVICE_ACCOUNT_NAMESPACE_FILE =
      Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");

  public static final String DEFAULT_LEASE_NAME = "oms-datasource-operator";

  /**
   * ListDataSource page size: the largest the OMS documents serve (the inventory lists every data
   * source, so fewer pages mean fewer calls). The client follows totalCount across pages.
   */
  static final int LIST_PAGE_SIZE = 100;

  private static final Set<String> LOG_LEVELS =
      Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern LABEL_SELECTOR_SYNTAX = labelSelectorPattern();

  public OperatorConfig {
    Objects.requireNonNull(omsBaseUrl, "omsBaseUrl");
    Objects.requireNonNull(leaseTimings, "leaseTimings");
    watchNamespaces = Collections.unmodifiableSet(new LinkedHashSet<>(watchNamespaces));
  }

  /** Parses the process environment (or any map standing in for it). */
  public static OperatorConfig fromEnvironment(Map<String, String> env) {
    return fromEnvironment(env, SERVICE_ACCOUNT_NAMESPACE_FILE);
  }

  /** As {@link #fromEnvironment(Map)}, with the service-account namespace file given (tests). */
  static OperatorConfig fromEnvironment(Map<String, String> env, Path serviceAccountNamespaceFile) {
    Env e = new Env(env);

    URI baseUrl = baseUrl(e);
    OmsSettings.Credentials credentials = credentials(e);
    Duration connectTimeout = e.positiveDuration(OMS_CONNECT_TIMEOUT, Duration.ofSeconds(5));
    Duration requestTimeout = e.positiveDuration(OMS_REQUEST_TIMEOUT, Duration.ofSeconds(30));
    String caBundle = caBundle(e);
    String createAction = createAction(e);
    OmsSettings.UserFieldMode userField = userField(e);
    double rateLimit = e.positiveNumber(OMS_RATE_LIMIT, 10, 10_000);
    int rateBurst = e.integer(OMS_RATE_BURST, (int) Math.max(1, Math.ceil(rateLimit)), 1, 100_000);
    Duration inventoryMaxAge = e.duration(OMS_INVENTORY_MAX_AGE, Duration.ofSeconds(30), false);
    Duration syncInterval = e.positiveDuration(OMS_SYNC_INTERVAL, Duration.ofMinutes(10));

    Set<String> namespaces = namespaces(e);
    String selector = labelSelector(e);
    DeletionPolicy deletionPolicy = deletionPolicy(e);
    int concurrency = e.integer(RECONCILE_CONCURRENCY, 5, 1, 1000);
    Duration retryBase = e.positiveDuration(RETRY_BASE_DELAY, Duration.ofSeconds(5));
    Duration retryMax = e.positiveDuration(RETRY_MAX_DELAY, Duration.ofMinutes(5));
    if (retryMax.compareTo(retryBase) < 0) {
      throw new ConfigException(RETRY_MAX_DELAY, "\"" + e.get(RETRY_MAX_DELAY)
          + "\" is shorter than RETRY_BASE_DELAY (" + Durations.format(retryBase) + ")");
    }
    Duration slowRetry = e.positiveDuration(SLOW_RETRY_DELAY, Duration.ofMinutes(2));
    Duration resync = e.positiveDuration(RESYNC_INTERVAL, Duration.ofMinutes(10));

    LogFormat logFormat = e.choice(LOG_FORMAT, LogFormat.TEXT, LogFormat.class);
    String logLevel = logLevel(e);

    boolean leaderElection = e.bool(LEADER_ELECTION_ENABLED, false);
    String leaseName = e.get(LEADER_ELECTION_LEASE_NAME);
    if (leaseName == null) {
      leaseName = DEFAULT_LEASE_NAME;
    } else if (leaseName.length() > 253 || !DNS_SUBDOMAIN.matcher(leaseName).matches()) {
      throw new ConfigException(LEADER_ELECTION_LEASE_NAME, "\"" + leaseName
          + "\" is not a valid Lease name (lower-case DNS subdomain, at most 253 characters)");
    }
    String leaseNamespace = leaseNamespace(e, serviceAccountNamespaceFile, leaderElection);
    String identity = identity(e);

    int healthPort = e.integer(HEALTH_PORT, 8081, 0, 65535);
    int metricsPort = e.integer(METRICS_PORT, 8080, 0, 65535);
    Duration shutdown = e.duration(SHUTDOWN_TIMEOUT, Duration.ofSeconds(30), false);

    return new OperatorConfig(baseUrl, credentials, connectTimeout, requestTimeout, caBundle,
        createAction, userField, rateLimit, rateBurst, inventoryMaxAge, syncInterval, namespaces,
        selector, deletionPolicy,
        concurrency, retryBase, retryMax, slowRetry, resync, logFormat, logLevel, leaderElection,
        leaseName, leaseNamespace, identity, LeaseTimings.DEFAULT, healthPort, metricsPort,
        shutdown, e.bool(OMS_CONNECTIONS_ENABLED, false));
  }

  /** The OMS client's settings. */
  public OmsSettings toOmsSettings() {
    return new OmsSettings(omsBaseUrl, omsCredentials, omsConnectTimeout, omsRequestTimeout,
        omsCaBundlePem, omsCreateAction, omsUserField, LIST_PAGE_SIZE);
  }

  /** The reconciler's options, on the system UTC clock. */
  public ReconcilerOptions toReconcilerOptions() {
    return new ReconcilerOptions(defaultDeletionPolicy, retryBaseDelay, retryMaxDelay,
        slowRetryDelay, Clock.systemUTC());
  }

  /** This configuration with other leader-election timings (tests use short leases). */
  public OperatorConfig withLeaseTimings(LeaseTimings timings) {
    return new OperatorConfig(omsBaseUrl, omsCredentials, omsConnectTimeout, omsRequestTimeout,
        omsCaBundlePem, omsCreateAction, omsUserField, omsRateLimit, omsRateBurst,
        omsInventoryMaxAge, omsSyncInterval, watchNamespaces, labelSelector, defaultDeletionPolicy, reconcileConcurrency,
        retryBaseDelay, retryMaxDelay, slowRetryDelay, resyncInterval, logFormat, logLevel,
        leaderElectionEnabled, leaderElectionLeaseName, leaderElectionNamespace,
        leaderElectionIdentity, timings, healthPort, metricsPort, shutdownTimeout,
        omsConnectionsEnabled);
  }

  @Override
  public String toString() {
    return "OperatorConfig[omsBaseUrl=" + omsBaseUrl
        + ", omsCredentials=" + (omsCredentials == null ? "none"
            : "Credentials[username=" + omsCredentials.username() + ", password="
                + Redaction.REDACTED + "]")
        + ", omsConnectTimeout=" + Durations.format(omsConnectTimeout)
        + ", omsRequestTimeout=" + Durations.format(omsRequestTimeout)
        + ", omsCaBundle=" + (omsCaBundlePem == null ? "none" : "set")
        + ", omsCreateAction=" + omsCreateAction
        + ", omsUserField=" + omsUserField
        + ", omsRateLimit=" + omsRateLimit + "/s"
        + ", omsRateBurst=" + omsRateBurst
        + ", omsInventoryMaxAge=" + Durations.format(omsInventoryMaxAge)
        + ", omsSyncInterval=" + Durations.format(omsSyncInterval)
        + ", watchNamespaces=" + (watchNamespaces.isEmpty() ? "all" : watchNamespaces)
        + ", labelSelector=" + labelSelector
        + ", defaultDeletionPolicy=" + defaultDeletionPolicy
        + ", reconcileConcurrency=" + reconcileConcurrency
        + ", retryBaseDelay=" + Durations.format(retryBaseDelay)
        + ", retryMaxDelay=" + Durations.format(retryMaxDelay)
        + ", slowRetryDelay=" + Durations.format(slowRetryDelay)
        + ", resyncInterval=" + Durations.format(resyncInterval)
        + ", logFormat=" + logFormat
        + ", logLevel=" + logLevel
        + ", leaderElectionEnabled=" + leaderElectionEnabled
        + ", leaderElectionLeaseName=" + leaderElectionLeaseName
        + ", leaderElectionNamespace=" + leaderElectionNamespace
        + ", leaderElectionIdentity=" + leaderElectionIdentity
        + ", leaseTimings=" + leaseTimings
        + ", healthPort=" + healthPort
        + ", metricsPort=" + metricsPort
        + ", shutdownTimeout=" + Durations.format(shutdownTimeout)
        + ", omsConnectionsEnabled=" + omsConnectionsEnabled + "]";
  }

  // ---- parsing, one method per variable that needs more than a type ----

  private static URI baseUrl(Env e) {
    String raw = e.get(OMS_BASE_URL);
    if (raw == null) {
      throw new ConfigException(OMS_BASE_URL, "is required (the http or https URL of OMS)");
    }
    URI uri;
    try {
      uri = new URI(raw);
    } catch (URISyntaxException ex) {
      throw new ConfigException(OMS_BASE_URL, "\"" + raw + "\" is not a URL");
    }
    if (uri.getRawUserInfo() != null) {
      // The value may hold a password: do not quote it.
      throw new ConfigException(OMS_BASE_URL,
          "must not carry credentials; use OMS_USERNAME and OMS_PASSWORD (or their _FILE forms)");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
      throw new ConfigException(OMS_BASE_URL,
          "\"" + raw + "\" must be an absolute http or https URL such as https://oms.example:8089");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new ConfigException(OMS_BASE_URL,
          "\"" + raw + "\" must not have a query or fragment: the client adds /api/v2?Action=...");
    }
    return uri;
  }

  private static OmsSettings.Credentials credentials(Env e) {
    String username = e.secretFromFileOrVariable(OMS_USERNAME_FILE, OMS_USERNAME, false);
    String password = e.secretFromFileOrVariable(OMS_PASSWORD_FILE, OMS_PASSWORD, true);
    if (username == null && password == null) {
      return null;
    }
    if (username == null) {
      throw new ConfigException(OMS_USERNAME,
          "is not set, but a password is (set OMS_USERNAME or OMS_USERNAME_FILE, or neither)");
    }
    if (password == null) {
      throw new ConfigException(OMS_PASSWORD,
          "is not set, but a user name is (set OMS_PASSWORD or OMS_PASSWORD_FILE, or neither)");
    }
    if (username.indexOf(':') >= 0) {
      throw new ConfigException(e.has(OMS_USERNAME_FILE) ? OMS_USERNAME_FILE : OMS_USERNAME,
          "\"" + username + "\" contains ':', which HTTP Basic authentication cannot carry");
    }
    return new OmsSettings.Credentials(username, password);
  }

  private static String caBundle(Env e) {
    String file = e.get(OMS_CA_BUNDLE_FILE);
    if (file == null) {
      return null;
    }
    String pem;
    try {
      pem = Files.readString(Path.of(file), StandardCharsets.US_ASCII);
    } catch (IOException | RuntimeException ex) {
      throw new ConfigException(OMS_CA_BUNDLE_FILE,
          "cannot read \"" + file + "\" (" + ex.getClass().getSimpleName() + ")");
    }
    int count;
    try {
      count = CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))
          .size();
    } catch (CertificateException ex) {
      throw new ConfigException(OMS_CA_BUNDLE_FILE,
          "\"" + file + "\" is not a PEM bundle of X.509 certificates: " + ex.getMessage());
    }
    if (count == 0) {
      throw new ConfigException(OMS_CA_BUNDLE_FILE, "\"" + file + "\" holds no certificate");
    }
    return pem;
  }

  private static String createAction(Env e) {
    String action = e.get(OMS_CREATE_ACTION);
    if (action == null) {
      return OmsSettings.CREATE_POLAR;
    }
    if (!action.equals(OmsSettings.CREATE_POLAR) && !action.equals(OmsSettings.CREATE_PILAR)) {
      throw new ConfigException(OMS_CREATE_ACTION, "\"" + action + "\" is not one of "
          + OmsSettings.CREATE_POLAR + ", " + OmsSettings.CREATE_PILAR);
    }
    return action;
  }

  private static OmsSettings.UserFieldMode userField(Env e) {
    String value = e.get(OMS_USER_FIELD);
    if (value == null || value.equalsIgnoreCase("both")) {
      return OmsSettings.UserFieldMode.BOTH;
    }
    // The two keys differ only by case, so the match is exact.
    if (value.equals("username")) {
      return OmsSettings.UserFieldMode.USERNAME;
    }
    if (value.equals("userName")) {
      return OmsSettings.UserFieldMode.USER_NAME;
    }
    throw new ConfigException(OMS_USER_FIELD,
        "\"" + value + "\" is not one of both, username, userName (the last two are exact)");
  }

  private static Set<String> namespaces(Env e) {
    String value = e.get(WATCH_NAMESPACES);
    Set<String> namespaces = new LinkedHashSet<>();
    if (value == null) {
      return namespaces;
    }
    for (String part : value.split(",", -1)) {
      String ns = part.trim();
      if (ns.isEmpty()) {
        continue;
      }
      if (ns.length() > 63 || !DNS_LABEL.matcher(ns).matches()) {
        throw new ConfigException(WATCH_NAMESPACES, "\"" + ns
            + "\" is not a namespace name (lower-case DNS label); the list is comma-separated");
      }
      namespaces.add(ns);
    }
    return namespaces;
  }

  private static String labelSelector(Env e) {
    String value = e.get(LABEL_SELECTOR);
    if (value == null) {
      return null;
    }
    if (!LABEL_SELECTOR_SYNTAX.matcher(value).matches()) {
      throw new ConfigException(LABEL_SELECTOR, "\"" + value
          + "\" is not a label selector such as team=payments,tier!=test or env in (a,b)");
    }
    return value;
  }

  private static DeletionPolicy deletionPolicy(Env e) {
    String value = e.get(DEFAULT_DELETION_POLICY);
    if (value == null) {
      return DeletionPolicy.Delete;
    }
    for (DeletionPolicy p : DeletionPolicy.values()) {
      if (p.name().equalsIgnoreCase(value)) {
        return p;
      }
    }
    throw new ConfigException(DEFAULT_DELETION_POLICY,
        "\"" + value + "\" is not one of Delete, Orphan");
  }

  private static String logLevel(Env e) {
    String value = e.get(LOG_LEVEL);
    if (value == null) {
      return "INFO";
    }
    String upper = value.toUpperCase(Locale.ROOT);
    if (!LOG_LEVELS.contains(upper)) {
      throw new ConfigException(LOG_LEVEL,
          "\"" + value + "\" is not one of TRACE, DEBUG, INFO, WARN, ERROR, OFF");
    }
    return upper;
  }

  private static String leaseNamespace(Env e, Path saNamespaceFile, boolean leaderElection) {
    String value = e.get(LEADER_ELECTION_NAMESPACE);
    if (value == null) {
      value = e.get(POD_NAMESPACE);
    }
    if (value == null && saNamespaceFile != null && Files.isReadable(saNamespaceFile)) {
      try {
        String fromFile = Files.readString(saNamespaceFile, StandardCharsets.UTF_8).trim();
        value = fromFile.isEmpty() ? null : fromFile;
      } catch (IOException ex) {
        value = null;
      }
    }
    if (value == null) {
      if (leaderElection) {
        throw new ConfigException(LEADER_ELECTION_NAMESPACE, "is required with"
            + " LEADER_ELECTION_ENABLED=true outside a pod (no POD_NAMESPACE, no service-account"
            + " namespace file)");
      }
      return null;
    }
    if (value.length() > 63 || !DNS_LABEL.matcher(value).matches()) {
      throw new ConfigException(LEADER_ELECTION_NAMESPACE,
          "\"" + value + "\" is not a namespace name (lower-case DNS label)");
    }
    return value;
  }

  private static String identity(Env e) {
    String pod = e.get(POD_NAME);
    if (pod != null) {
      return pod;
    }
    String host = e.get("HOSTNAME");
    if (host == null) {
      try {
        host = InetAddress.getLocalHost().getHostName();
      } catch (UnknownHostException ex) {
        host = "oms-datasource-operator";
      }
    }
    // Two processes on one host (the sandbox, tests) must not share an identity.
    return host + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static Pattern labelSelectorPattern() {
    String key = "(?:[a-z0-9](?:[-a-z0-9.]*[a-z0-9])?/)?[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?";
    String value = "[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?";
    String equality = key + "\\s*(?:==|=|!=)\\s*(?:" + value + ")?";
    String set = key + "\\s+(?:in|notin)\\s*\\(\\s*" + value + "(?:\\s*,\\s*" + value + ")*\\s*\\)";
    String exists = "!?\\s*" + key;
    String requirement = "\\s*(?:" + set + "|" + equality + "|" + exists + ")\\s*";
    return Pattern.compile(requirement + "(?:," + requirement + ")*");
  }

  /** Typed, named access to the environment; empty values count as unset (Helm renders them). */
  private static final class Env {
    private final Map<String, String> env;

    Env(Map<String, String> env) {
      this.env = Objects.requireNonNull(env, "env");
    }

    String get(String name) {
      String v = env.get(name);
      if (v == null) {
        return null;
      }
      v = v.trim();
      return v.isEmpty() ? null : v;
    }

    boolean has(String name) {
      return get(name) != null;
    }

    Duration positiveDuration(String name, Duration def) {
      return duration(name, def, true);
    }

    Duration duration(String name, Duration def, boolean positive) {
      String v = get(name);
      if (v == null) {
        return def;
      }
      Duration d;
      try {
        d = Durations.parse(v);
      } catch (IllegalArgumentException ex) {
        throw new ConfigException(name, "\"" + v + "\" is not a duration; " + Durations.EXPECTED);
      }
      if (d.isNegative() || (positive && d.isZero())) {
        throw new ConfigException(name, "\"" + v + "\" must be " + (positive ? "above" : "at least")
            + " zero");
      }
      return d;
    }

    int integer(String name, int def, int min, int max) {
      String v = get(name);
      if (v == null) {
        return def;
      }
      int n;
      try {
        n = Integer.parseInt(v);
      } catch (NumberFormatException ex) {
        throw new ConfigException(name, "\"" + v + "\" is not a whole number");
      }
      if (n < min || n > max) {
        throw new ConfigException(name, "\"" + v + "\" is outside " + min + ".." + max);
      }
      return n;
    }

    double positiveNumber(String name, double def, double max) {
      String v = get(name);
      if (v == null) {
        return def;
      }
      double n;
      try {
        n = Double.parseDouble(v);
      } catch (NumberFormatException ex) {
        throw new ConfigException(name, "\"" + v + "\" is not a number");
      }
      if (!(n > 0) || n > max || Double.isNaN(n)) {
        throw new ConfigException(name, "\"" + v + "\" must be above 0 and at most " + (long) max);
      }
      return n;
    }

    boolean bool(String name, boolean def) {
      String v = get(name);
      if (v == null) {
        return def;
      }
      if (v.equalsIgnoreCase("true")) {
        return true;
      }
      if (v.equalsIgnoreCase("false")) {
        return false;
      }
      throw new ConfigException(name, "\"" + v + "\" is not true or false");
    }

    <E extends Enum<E>> E choice(String name, E def, Class<E> type) {
      String v = get(name);
      if (v == null) {
        return def;
      }
      for (E c : type.getEnumConstants()) {
        if (c.name().equalsIgnoreCase(v)) {
          return c;
        }
      }
      StringBuilder allowed = new StringBuilder();
      for (E c : type.getEnumConstants()) {
        allowed.append(allowed.length() == 0 ? "" : ", ").append(c.name().toLowerCase(Locale.ROOT));
      }
      throw new ConfigException(name, "\"" + v + "\" is not one of " + allowed);
    }

    /**
     * A credential from {@code fileVar} (wins) or {@code var}. Exactly one trailing line break is
     * removed from a file: editors and {@code echo > file} add one, and a Secret created from such
     * a file keeps it. Other white space is kept, since it may be part of a password. The value
     * itself never appears in a message.
     */
    String secretFromFileOrVariable(String fileVar, String var, boolean secret) {
      String file = get(fileVar);
      String value;
      String source;
      if (file != null) {
        try {
          value = Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException ex) {
          throw new ConfigException(fileVar,
              "cannot read \"" + file + "\" (" + ex.getClass().getSimpleName() + ")");
        }
        value = stripOneLineBreak(value);
        source = fileVar;
        if (value.isEmpty()) {
          throw new ConfigException(fileVar, "\"" + file + "\" is empty");
        }
      } else {
        // Variables keep their exact value (no trim): only an entirely empty one counts as unset.
        value = env.get(var);
        if (value == null || value.isEmpty()) {
          return null;
        }
        source = var;
      }
      for (int i = 0; i < value.length(); i++) {
        if (Character.isISOControl(value.charAt(i))) {
          throw new ConfigException(source, (secret ? "the value" : "\"" + value.strip() + "\"")
              + " contains a line break or another control character");
        }
      }
      return value;
    }

    private static String stripOneLineBreak(String value) {
      if (value.endsWith("\r\n")) {
        return value.substring(0, value.length() - 2);
      }
      if (value.endsWith("\n")) {
        return value.substring(0, value.length() - 1);
      }
      return value;
    }
  }
}
