package io.datasource.oms.config;

import static io.datasource.oms.config.Variables.DEFAULT_DELETION_POLICY;
import static io.datasource.oms.config.Variables.HEALTH_PORT;
import static io.datasource.oms.config.Variables.LABEL_SELECTOR;
import static io.datasource.oms.config.Variables.LEADER_ELECTION_ENABLED;
import static io.datasource.oms.config.Variables.LEADER_ELECTION_LEASE_NAME;
import static io.datasource.oms.config.Variables.LEADER_ELECTION_NAMESPACE;
import static io.datasource.oms.config.Variables.LOG_FORMAT;
import static io.datasource.oms.config.Variables.LOG_LEVEL;
import static io.datasource.oms.config.Variables.METRICS_PORT;
import static io.datasource.oms.config.Variables.OMS_BASE_URL;
import static io.datasource.oms.config.Variables.OMS_CA_BUNDLE_FILE;
import static io.datasource.oms.config.Variables.OMS_CONNECTIONS_ENABLED;
import static io.datasource.oms.config.Variables.OMS_CONNECT_TIMEOUT;
import static io.datasource.oms.config.Variables.OMS_CREATE_ACTION;
import static io.datasource.oms.config.Variables.OMS_INVENTORY_MAX_AGE;
import static io.datasource.oms.config.Variables.OMS_PASSWORD;
import static io.datasource.oms.config.Variables.OMS_PASSWORD_FILE;
import static io.datasource.oms.config.Variables.OMS_RATE_BURST;
import static io.datasource.oms.config.Variables.OMS_RATE_LIMIT;
import static io.datasource.oms.config.Variables.OMS_REQUEST_TIMEOUT;
import static io.datasource.oms.config.Variables.OMS_SYNC_INTERVAL;
import static io.datasource.oms.config.Variables.OMS_USERNAME;
import static io.datasource.oms.config.Variables.OMS_USERNAME_FILE;
import static io.datasource.oms.config.Variables.OMS_USER_FIELD;
import static io.datasource.oms.config.Variables.RECONCILE_CONCURRENCY;
import static io.datasource.oms.config.Variables.RESYNC_INTERVAL;
import static io.datasource.oms.config.Variables.RETRY_BASE_DELAY;
import static io.datasource.oms.config.Variables.RETRY_MAX_DELAY;
import static io.datasource.oms.config.Variables.SHUTDOWN_TIMEOUT;
import static io.datasource.oms.config.Variables.SLOW_RETRY_DELAY;
import static io.datasource.oms.config.Variables.WATCH_NAMESPACES;

import io.datasource.oms.api.v1alpha1.DeletionPolicy;
import io.datasource.oms.client.OmsSettings;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Everything the operator is told by its environment, parsed and validated once at start-up and
 * grouped by concern. Build it with {@link #fromEnvironment(Map)}; a bad value is a
 * {@link ConfigException} whose message starts with the variable's name (and quotes the value,
 * except for secrets). The variables themselves, their defaults and documentation are the table
 * {@link Variables}.
 */
public record OperatorConfig(
    Oms oms,
    Inventory inventory,
    Reconcile reconcile,
    LeaderElection leaderElection,
    Endpoints endpoints,
    Logging logging,
    Connections connections) {

  /** Every variable the operator reads from its configuration (the README table, in order). */
  public static final List<String> VARIABLES =
      Variables.ALL.stream().map(Variable::name).toList();

  /** Set by the pod's downward API, not by users: the leader-election identity and namespace. */
  public static final String POD_NAME = "POD_NAME";
  public static final String POD_NAMESPACE = "POD_NAMESPACE";

  /** Where Kubernetes mounts the pod's namespace for its service account. */
  public static final Path SERVICE_ACCOUNT_NAMESPACE_FILE =
      Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");

  public OperatorConfig {
    Objects.requireNonNull(oms, "oms");
    Objects.requireNonNull(inventory, "inventory");
    Objects.requireNonNull(reconcile, "reconcile");
    Objects.requireNonNull(leaderElection, "leaderElection");
    Objects.requireNonNull(endpoints, "endpoints");
    Objects.requireNonNull(logging, "logging");
    Objects.requireNonNull(connections, "connections");
  }

  /**
   * How to reach OMS.
   *
   * @param credentials null when none are configured
   * @param caBundlePem the PEM text read from OMS_CA_BUNDLE_FILE; null for the JDK's trust store
   * @param rateLimit requests per second
   * @param rateBurst token bucket size
   */
  public record Oms(URI baseUrl, OmsSettings.Credentials credentials, Duration connectTimeout,
      Duration requestTimeout, String caBundlePem, String createAction,
      OmsSettings.UserFieldMode userField, double rateLimit, int rateBurst) {

    public Oms {
      Objects.requireNonNull(baseUrl, "baseUrl");
    }
  }

  /**
   * The OMS inventory.
   *
   * @param maxAge the oldest OMS listing a create may trust
   * @param syncInterval how often the leader lists OMS to find drift
   */
  public record Inventory(Duration maxAge, Duration syncInterval) {}

  /**
   * Which resources are reconciled, and how.
   *
   * @param watchNamespaces empty means all namespaces
   * @param labelSelector null means every resource
   * @param shutdownTimeout on stop, how long in-flight reconciles may take
   */
  public record Reconcile(Set<String> watchNamespaces, String labelSelector,
      DeletionPolicy defaultDeletionPolicy, int concurrency, Duration retryBaseDelay,
      Duration retryMaxDelay, Duration slowRetryDelay, Duration resyncInterval,
      Duration shutdownTimeout) {

    public Reconcile {
      watchNamespaces = Collections.unmodifiableSet(new LinkedHashSet<>(watchNamespaces));
    }
  }

  /**
   * Leader election.
   *
   * @param namespace null only when leader election is off and none is known
   * @param identity POD_NAME, else the host name plus a random suffix
   * @param timings not from the environment (tests shorten them)
   */
  public record LeaderElection(boolean enabled, String leaseName, String namespace,
      String identity, LeaseTimings timings) {

    public LeaderElection {
      Objects.requireNonNull(timings, "timings");
    }
  }

  /**
   * The probe and metrics servers.
   *
   * @param healthPort 0 picks a free port
   * @param metricsPort 0 picks a free port; equal to healthPort serves both on one
   */
  public record Endpoints(int healthPort, int metricsPort) {}

  /** @param level upper case */
  public record Logging(LogFormat format, String level) {}

  /** @param enabled serve OmsConnection resources */
  public record Connections(boolean enabled) {}

  /** Parses the process environment (or any map standing in for it). */
  public static OperatorConfig fromEnvironment(Map<String, String> env) {
    return fromEnvironment(env, SERVICE_ACCOUNT_NAMESPACE_FILE);
  }

  /** As {@link #fromEnvironment(Map)}, with the service-account namespace file given (tests). */
  static OperatorConfig fromEnvironment(Map<String, String> env, Path serviceAccountNamespaceFile) {
    Environment e = new Environment(env, serviceAccountNamespaceFile);
    Oms oms = new Oms(e.get(OMS_BASE_URL), credentials(e), e.get(OMS_CONNECT_TIMEOUT),
        e.get(OMS_REQUEST_TIMEOUT), e.get(OMS_CA_BUNDLE_FILE), e.get(OMS_CREATE_ACTION),
        e.get(OMS_USER_FIELD), e.get(OMS_RATE_LIMIT), e.get(OMS_RATE_BURST));
    Inventory inventory = new Inventory(e.get(OMS_INVENTORY_MAX_AGE), e.get(OMS_SYNC_INTERVAL));
    Duration retryBase = e.get(RETRY_BASE_DELAY);
    Duration retryMax = e.get(RETRY_MAX_DELAY);
    Reconcile reconcile = new Reconcile(e.get(WATCH_NAMESPACES), e.get(LABEL_SELECTOR),
        e.get(DEFAULT_DELETION_POLICY), e.get(RECONCILE_CONCURRENCY), retryBase,
        retryMax, e.get(SLOW_RETRY_DELAY), e.get(RESYNC_INTERVAL), e.get(SHUTDOWN_TIMEOUT));
    if (retryMax.compareTo(retryBase) < 0) {
      throw new ConfigException(RETRY_MAX_DELAY.name(), "\"" + e.text(RETRY_MAX_DELAY)
          + "\" is shorter than RETRY_BASE_DELAY (" + Durations.format(retryBase) + ")");
    }
    Logging logging = new Logging(e.get(LOG_FORMAT), e.get(LOG_LEVEL));
    LeaderElection leaderElection = new LeaderElection(e.get(LEADER_ELECTION_ENABLED),
        e.get(LEADER_ELECTION_LEASE_NAME), e.get(LEADER_ELECTION_NAMESPACE), identity(e),
        LeaseTimings.DEFAULT);
    Endpoints endpoints = new Endpoints(e.get(HEALTH_PORT), e.get(METRICS_PORT));
    return new OperatorConfig(oms, inventory, reconcile, leaderElection, endpoints, logging,
        new Connections(e.get(OMS_CONNECTIONS_ENABLED)));
  }

  /** The OMS client's settings. */
  public OmsSettings toOmsSettings() {
    return new OmsSettings(oms.baseUrl(), oms.credentials(), oms.connectTimeout(),
        oms.requestTimeout(), oms.caBundlePem(), oms.createAction(), oms.userField(),
        OmsSettings.LIST_PAGE_SIZE);
  }

  /** This configuration with other leader-election timings (tests use short leases). */
  public OperatorConfig withLeaseTimings(LeaseTimings timings) {
    LeaderElection l = leaderElection;
    return new OperatorConfig(oms, inventory, reconcile,
        new LeaderElection(l.enabled(), l.leaseName(), l.namespace(), l.identity(), timings),
        endpoints, logging, connections);
  }

  /** Every variable of the table with the value it came to, secrets redacted. */
  @Override
  public String toString() {
    return Variables.ALL.stream().filter(v -> v.current() != null)
        .map(v -> v.name() + "=" + v.show(this))
        .collect(Collectors.joining(", ", "OperatorConfig[", ", leaderElectionIdentity="
            + leaderElection.identity() + ", leaseTimings=" + leaderElection.timings() + "]"));
  }

  /** A file wins over its variable; both halves or neither. */
  private static OmsSettings.Credentials credentials(Environment e) {
    String username = e.has(OMS_USERNAME_FILE) ? e.get(OMS_USERNAME_FILE) : e.get(OMS_USERNAME);
    String password = e.has(OMS_PASSWORD_FILE) ? e.get(OMS_PASSWORD_FILE) : e.get(OMS_PASSWORD);
    if (username == null && password == null) {
      return null;
    }
    if (username == null) {
      throw new ConfigException(OMS_USERNAME.name(),
          "is not set, but a password is (set OMS_USERNAME or OMS_USERNAME_FILE, or neither)");
    }
    if (password == null) {
      throw new ConfigException(OMS_PASSWORD.name(),
          "is not set, but a user name is (set OMS_PASSWORD or OMS_PASSWORD_FILE, or neither)");
    }
    if (username.indexOf(':') >= 0) {
      throw new ConfigException(e.has(OMS_USERNAME_FILE) ? OMS_USERNAME_FILE.name()
          : OMS_USERNAME.name(),
          "\"" + username + "\" contains ':', which HTTP Basic authentication cannot carry");
    }
    return new OmsSettings.Credentials(username, password);
  }

  /** POD_NAME, else the host name plus a random suffix. */
  private static String identity(Environment e) {
    String pod = e.other(POD_NAME);
    if (pod != null) {
      return pod;
    }
    String host = e.other("HOSTNAME");
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
}
