package io.datasource.oms.testing;

import io.datasource.oms.client.HttpOmsClient;
import io.datasource.oms.client.OmsClient;
import io.datasource.oms.config.LeaseTimings;
import io.datasource.oms.config.OperatorConfig;
import io.datasource.oms.reconciler.PolarDBXDataSourceReconciler;
import io.datasource.oms.runtime.OperatorRuntime;
import io.datasource.oms.simulator.OmsSimulator;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.RegisteredController;
import io.javaoperatorsdk.operator.processing.Controller;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The one way tests start the operator: as production starts it, from an environment map (the
 * variables of {@link OperatorConfig}, read by {@link OperatorConfig#fromEnvironment}) through
 * {@link OperatorRuntime}, so that every IT runs the rate limiter, the metered OMS client, the
 * probes and metrics, leader election and the shutdown of production.
 *
 * <p>A {@code TestOperator} is a deployment: {@link #start()} starts one more operator process
 * (its own Kubernetes client, its own identity {@code POD_NAME=operator-<n>}), so a test can run
 * a second replica, {@link #kill()} the current one as a killed pod dies, {@link #restart()} it,
 * and {@link #close()} stops whatever still runs.
 *
 * <p>What production does not read from the environment, and tests may still need, is an explicit
 * option of the builder: {@link Builder#leaseTimings} (production's Lease timings are fixed), the
 * Kubernetes identity ({@link Builder#client}, e.g. an impersonated service account), and the OMS
 * transport ({@link Builder#omsTransport}, e.g. a client that plays a crash). The transport is the
 * innermost client only: the runtime still wraps it in its rate limiter and meter, so no test
 * bypasses the runtime.
 */
public final class TestOperator implements AutoCloseable {

  /** Short Lease timings, so that a successor takes over a killed leader's Lease within seconds. */
  public static final LeaseTimings SHORT_LEASE =
      new LeaseTimings(Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofMillis(300));

  private final Map<String, String> environment;
  private final LeaseTimings leaseTimings;
  private final Function<OperatorConfig, OmsClient> transport;
  private final Supplier<KubernetesClient> clients;
  private final Runnable onLeadershipLost;
  private final List<Replica> running = new ArrayList<>();
  private int started;
  private int killed;

  /** One operator process: its runtime and the client it owns. */
  private record Replica(OperatorRuntime runtime, KubernetesClient client) {}

  private TestOperator(Builder b) {
    this.environment = Map.copyOf(b.environment);
    this.leaseTimings = b.leaseTimings;
    this.transport = b.transport;
    this.clients = b.clients;
    this.onLeadershipLost = b.onLeadershipLost;
  }

  /**
   * A deployment on this API server with the test defaults: probes and metrics on free ports,
   * {@code SHUTDOWN_TIMEOUT=3s}; everything else as production's defaults until set.
   */
  public static Builder on(KubeApi kube) {
    return new Builder(kube::newClient);
  }

  /**
   * As {@link #on(KubeApi)}, on another API server (e.g. the sandbox's): each process gets its
   * client from {@code clients}, owns it and closes it when stopped.
   */
  public static Builder on(Supplier<KubernetesClient> clients) {
    return new Builder(clients);
  }

  /** The environment every process of this deployment starts with ({@code POD_NAME} aside). */
  public Map<String, String> environment() {
    return environment;
  }

  /** Starts one more operator process; returns once its informers synced (maybe as a standby). */
  public synchronized OperatorRuntime start() {
    return start("operator-" + (started + 1));
  }

  /** As {@link #start()}, with this identity ({@code POD_NAME}, the Lease holder's name). */
  public synchronized OperatorRuntime start(String podName) {
    started++;
    Map<String, String> env = new LinkedHashMap<>(environment);
    env.put("POD_NAME", podName);
    OperatorConfig config = OperatorConfig.fromEnvironment(env);
    if (config.leaderElection().enabled()) {
      config = config.withLeaseTimings(leaseTimings);
    }
    KubernetesClient client = clients.get();
    try {
      OperatorRuntime runtime = OperatorRuntime.start(config, client, transport.apply(config),
          InetAddress.getLoopbackAddress(), onLeadershipLost);
      running.add(new Replica(runtime, client));
      return runtime;
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
  }

  /**
   * The PolarDBXDataSource reconciler of the current process, as JOSDK registered it: for tests
   * that look at its state (e.g. the Secret values it holds), not to drive it.
   */
  public synchronized PolarDBXDataSourceReconciler reconciler() {
    OperatorRuntime runtime = Objects.requireNonNull(current(), "no process runs");
    RegisteredController<?> controller = runtime.operator()
        .getRegisteredController(PolarDBXDataSourceReconciler.CONTROLLER_NAME).orElseThrow();
    return (PolarDBXDataSourceReconciler) ((Controller<?>) controller).getReconciler();
  }

  /** The process started last that still runs, or null. */
  public synchronized OperatorRuntime current() {
    return running.isEmpty() ? null : running.get(running.size() - 1).runtime();
  }

  /**
   * Stops the current process as a killed pod stops ({@link OperatorRuntime#halt()}): no graceful
   * stop, no Lease release, its client closed at once.
   */
  public synchronized void kill() {
    if (!running.isEmpty()) {
      running.remove(running.size() - 1).runtime().halt();
      killed++;
    }
  }

  /** Kills the current process and starts a new one (a new identity) on the same API server. */
  public synchronized OperatorRuntime restart() {
    kill();
    return start();
  }

  /** How many processes {@link #kill()} stopped. */
  public synchronized int kills() {
    return killed;
  }

  /** Stops every process still running gracefully (as on SIGTERM), then closes its client. */
  @Override
  public synchronized void close() {
    RuntimeException failure = null;
    for (Replica p : running) {
      try {
        p.runtime().stop();
      } catch (RuntimeException e) {
        failure = e;
      } finally {
        p.client().close();
      }
    }
    running.clear();
    if (failure != null) {
      throw failure;
    }
  }

  /** The environment and the options that are not variables; then {@link #start()} or build. */
  public static final class Builder {

    private final Map<String, String> environment = new LinkedHashMap<>();
    private LeaseTimings leaseTimings = SHORT_LEASE;
    private Function<OperatorConfig, OmsClient> transport =
        config -> new HttpOmsClient(config.toOmsSettings());
    private Supplier<KubernetesClient> clients;
    private Runnable onLeadershipLost = () -> { };

    private Builder(Supplier<KubernetesClient> clients) {
      this.clients = Objects.requireNonNull(clients, "clients");
      environment.put("HEALTH_PORT", "0");
      environment.put("METRICS_PORT", "0");
      environment.put("SHUTDOWN_TIMEOUT", "3s");
    }

    /** {@code OMS_BASE_URL}: this simulator, without credentials. */
    public Builder oms(OmsSimulator sim) {
      return env("OMS_BASE_URL", sim.baseUrl().toString());
    }

    /** {@code OMS_BASE_URL}, {@code OMS_USERNAME} and {@code OMS_PASSWORD}. */
    public Builder oms(OmsSimulator sim, String user, String password) {
      return oms(sim).env("OMS_USERNAME", user, "OMS_PASSWORD",
          password);
    }

    /**
     * Retries within a test's patience: {@code RETRY_BASE_DELAY=200ms}, {@code
     * RETRY_MAX_DELAY=1s}, {@code SLOW_RETRY_DELAY=1500ms}.
     */
    public Builder quickRetries() {
      return env("RETRY_BASE_DELAY", "200ms", "RETRY_MAX_DELAY", "1s",
          "SLOW_RETRY_DELAY", "1500ms");
    }

    /** {@code WATCH_NAMESPACES}: only these namespaces (none: all). */
    public Builder watching(String... namespaces) {
      return env("WATCH_NAMESPACES", String.join(",", namespaces));
    }

    /** Leader election on, with the Lease in this namespace (and {@link #leaseTimings}). */
    public Builder leaderElection(String leaseNamespace) {
      return env("LEADER_ELECTION_ENABLED", "true",
          "LEADER_ELECTION_NAMESPACE", leaseNamespace);
    }

    /** Variables as name, value, name, value, ...; later values replace earlier ones. */
    public Builder env(String... pairs) {
      if (pairs.length % 2 != 0) {
        throw new IllegalArgumentException("name, value pairs expected");
      }
      for (int i = 0; i < pairs.length; i += 2) {
        environment.put(pairs[i], pairs[i + 1]);
      }
      return this;
    }

    /** These variables; later values replace earlier ones. */
    public Builder env(Map<String, String> variables) {
      environment.putAll(variables);
      return this;
    }

    /** The Lease timings (not a variable: production's are fixed); default {@link #SHORT_LEASE}. */
    public Builder leaseTimings(LeaseTimings timings) {
      this.leaseTimings = Objects.requireNonNull(timings);
      return this;
    }

    /**
     * The innermost OMS client of each process (default: {@link HttpOmsClient} on the
     * configuration's settings, as production). The runtime wraps it in its rate limiter and
     * meter all the same.
     */
    public Builder omsTransport(Function<OperatorConfig, OmsClient> transport) {
      this.transport = Objects.requireNonNull(transport);
      return this;
    }

    /**
     * Where each process gets its Kubernetes client (default: a new admin client of the server);
     * the process owns it and closes it when stopped.
     */
    public Builder client(Supplier<KubernetesClient> clients) {
      this.clients = Objects.requireNonNull(clients);
      return this;
    }

    /** Run when a process stops leading without being stopped (production's process exits). */
    public Builder onLeadershipLost(Runnable action) {
      this.onLeadershipLost = Objects.requireNonNull(action);
      return this;
    }

    /** The deployment, no process started yet. */
    public TestOperator build() {
      return new TestOperator(this);
    }

    /** The deployment with its first process started. */
    public TestOperator start() {
      TestOperator operator = build();
      operator.start();
      return operator;
    }
  }
}
