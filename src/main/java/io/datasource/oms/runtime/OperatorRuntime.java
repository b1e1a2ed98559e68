package io.datasource.oms.runtime;

import io.datasource.oms.api.v1alpha1.PolarDBXDataSource;
import io.datasource.oms.config.Durations;
import io.datasource.oms.config.OperatorConfig;
import io.datasource.oms.client.HttpOmsClient;
import io.datasource.oms.client.OmsClient;
import io.datasource.oms.client.OmsSettings;
import io.datasource.oms.reconciler.Inventory;
import io.datasource.oms.reconciler.InventorySettings;
import io.datasource.oms.reconciler.LeanItemStore;
import io.datasource.oms.reconciler.OmsConnectionReconciler;
import io.datasource.oms.reconciler.OperatorFactory;
import io.datasource.oms.reconciler.PolarDBXDataSourceReconciler;
import io.datasource.oms.reconciler.ReconcilerOptions;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaderElectionRecord;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ConfigurationServiceOverrider;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running operator: configuration to OMS client decorators to reconciler to JOSDK operator,
 * plus probes, metrics, leader election and graceful shutdown. {@code OperatorMain}, the sandbox
 * and the integration tests all start the operator through here, so that they share the wiring.
 *
 * <p>The OMS client chain is reconciler → {@link RateLimitedOmsClient} → {@link MeteredOmsClient}
 * → transport: the rate limiter is outermost so that the latency histogram measures OMS rather
 * than time spent queueing for the limit.
 */
public final class OperatorRuntime implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(OperatorRuntime.class);

  private final OperatorConfig config;
  private final KubernetesClient client;
  private final PrometheusMeterRegistry registry;
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final AtomicBoolean leader = new AtomicBoolean();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final Runnable onLeadershipLost;
  private final HttpEndpoints endpoints;
  private final Operator operator;

  private OperatorRuntime(OperatorConfig config, KubernetesClient client, OmsClient omsTransport,
      InetAddress bindAddress, Runnable onLeadershipLost) {
    this.config = config;
    this.client = client;
    this.onLeadershipLost = onLeadershipLost;
    this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    Gauge.builder("oms.operator.leader", leader, l -> l.get() ? 1 : 0)
        .description("1 while this process reconciles (the leader, or leader election is off)")
        .register(registry);

    OmsClient oms = new RateLimitedOmsClient(new MeteredOmsClient(omsTransport, registry),
        config.oms().rateLimit(), config.oms().rateBurst(), config.oms().requestTimeout());
    ReadyGauge readyGauge = new ReadyGauge(registry);
    ReconcilerOptions options = reconcilerOptions(config.reconcile());
    Inventory inventory = new Inventory(oms, options.clock(), config.inventory().maxAge());
    inventory.addListener(new InventoryMetrics(registry));
    PolarDBXDataSourceReconciler reconciler = new PolarDBXDataSourceReconciler(oms, inventory,
        options, readyGauge,
        new InventorySettings(config.inventory().maxAge(), config.inventory().syncInterval()),
        leader::get, config.connections().enabled() ? this::connectionClient : null);

    this.endpoints = HttpEndpoints.start(bindAddress, config.endpoints().healthPort(),
        config.endpoints().metricsPort(), this::liveness, this::readiness, registry);
    try {
      this.operator = OperatorFactory.create(client, reconciler, this::serviceOverrides,
          this::controllerOverrides);
      if (config.connections().enabled()) {
        // Connections are checked again every SLOW_RETRY_DELAY (and on every change).
        operator.register(new OmsConnectionReconciler(reconciler.connections(),
            config.reconcile().slowRetryDelay(), Set.copyOf(config.reconcile().watchNamespaces())));
      }
    } catch (RuntimeException e) {
      endpoints.close();
      throw e;
    }
  }

  /** The reconciler's options from the configuration, on the system UTC clock. */
  static ReconcilerOptions reconcilerOptions(OperatorConfig.Reconcile reconcile) {
    return new ReconcilerOptions(reconcile.defaultDeletionPolicy(), reconcile.retryBaseDelay(),
        reconcile.retryMaxDelay(), reconcile.slowRetryDelay(), Clock.systemUTC());
  }

  /** An OmsConnection's client: the same chain as the default one, metered by connection. */
  private OmsClient connectionClient(String connection, OmsSettings settings, double rate,
      int burst) {
    return new RateLimitedOmsClient(new MeteredOmsClient(new HttpOmsClient(settings), registry,
        connection), rate, burst, settings.requestTimeout());
  }

  /**
   * Builds and starts the operator; returns once its informers have synced (with leader election,
   * possibly as a standby).
   *
   * @param omsTransport the client that talks to OMS (normally {@code HttpOmsClient})
   * @param bindAddress where the probe and metrics servers listen (the wildcard address in a pod)
   * @param onLeadershipLost run when this process stops leading without being asked to stop; the
   *     process must then stop reconciling at once (OperatorMain exits)
   */
  public static OperatorRuntime start(OperatorConfig config, KubernetesClient client,
      OmsClient omsTransport, InetAddress bindAddress, Runnable onLeadershipLost) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(client, "client");
    OperatorRuntime runtime = new OperatorRuntime(config, client, omsTransport, bindAddress,
        Objects.requireNonNull(onLeadershipLost, "onLeadershipLost"));
    try {
      runtime.operator.start();
    } catch (RuntimeException e) {
      runtime.stop();
      throw e;
    }
    if (!config.leaderElection().enabled()) {
      runtime.leader.set(true);
    }
    runtime.started.set(true);
    LOG.info("operator started: watching {}{}{}",
        config.reconcile().watchNamespaces().isEmpty() ? "all namespaces" : config.reconcile().watchNamespaces(),
        config.reconcile().labelSelector() == null ? "" : " with label selector " + config.reconcile().labelSelector(),
        config.leaderElection().enabled()
            ? ", leader election on Lease " + config.leaderElection().namespace() + "/"
                + config.leaderElection().leaseName() + " as " + config.leaderElection().identity()
            : "");
    return runtime;
  }

  private void serviceOverrides(ConfigurationServiceOverrider o) {
    o.withConcurrentReconciliationThreads(config.reconcile().concurrency());
    o.withMetrics(MicrometerMetrics.withoutPerResourceMetrics(registry));
    // In-flight reconciles get this long to finish when the operator stops.
    o.withReconciliationTerminationTimeout(config.reconcile().shutdownTimeout());
    if (config.leaderElection().enabled()) {
      LeaderCallbacks callbacks = new LeaderCallbacks(
          () -> {
            leader.set(true);
            LOG.info("leading: this process now reconciles ({})", config.leaderElection().identity());
          },
          this::stoppedLeading,
          newLeader -> LOG.info("leader is {}", newLeader));
      // exitOnStopLeading=false: JOSDK would call System.exit(1) also when we stop on purpose
      // (from the shutdown hook, where exit blocks forever); stoppedLeading() decides instead.
      o.withLeaderElectionConfiguration(new LeaderElectionConfiguration(
          config.leaderElection().leaseName(), config.leaderElection().namespace(),
          config.leaderElection().timings().leaseDuration(), config.leaderElection().timings().renewDeadline(),
          config.leaderElection().timings().retryPeriod(), config.leaderElection().identity(), callbacks, false));
    }
  }

  private void controllerOverrides(ControllerConfigurationOverrider<PolarDBXDataSource> c) {
    if (config.reconcile().watchNamespaces().isEmpty()) {
      c.watchingAllNamespaces();
      // One informer, so one store of its own (see LeanItemStore); with several namespaces JOSDK
      // runs an informer per namespace, and they would share the store.
      c.withItemStore(new LeanItemStore<>());
    } else {
      c.settingNamespaces(config.reconcile().watchNamespaces());
    }
    if (config.reconcile().labelSelector() != null) {
      c.withLabelSelector(config.reconcile().labelSelector());
    }
    c.withReconciliationMaxInterval(config.reconcile().resyncInterval());
  }

  private void stoppedLeading() {
    boolean was = leader.getAndSet(false);
    if (stopping.get()) {
      return;
    }
    // JOSDK keeps processing events after losing the lease; another replica is (or will be)
    // leading, so this one must stop reconciling now.
    LOG.error("lost leadership of Lease {}/{} without being asked to stop (was leader: {});"
        + " stopping", config.leaderElection().namespace(), config.leaderElection().leaseName(), was);
    onLeadershipLost.run();
  }

  private HttpEndpoints.Health liveness() {
    return HttpEndpoints.Health.ok();
  }

  private HttpEndpoints.Health readiness() {
    if (stopping.get()) {
      return HttpEndpoints.Health.failing("stopping");
    }
    if (!started.get() || !operator.getRuntimeInfo().isStarted()) {
      return HttpEndpoints.Health.failing("starting: informers not synced yet");
    }
    if (!operator.getRuntimeInfo().allEventSourcesAreHealthy()) {
      return HttpEndpoints.Health.failing("unhealthy event sources: "
          + operator.getRuntimeInfo().unhealthyEventSources().keySet());
    }
    if (!config.leaderElection().enabled()) {
      return HttpEndpoints.Health.ok();
    }
    // A standby with synced informers is ready: it takes over at once when the leader goes.
    return new HttpEndpoints.Health(true, leader.get() ? "ok: leader" : "ok: standby");
  }

  /** The registry behind /metrics. */
  public PrometheusMeterRegistry registry() {
    return registry;
  }

  public HttpEndpoints endpoints() {
    return endpoints;
  }

  public Operator operator() {
    return operator;
  }

  /** True while this process reconciles: the leader, or always when leader election is off. */
  public boolean isLeader() {
    return leader.get();
  }

  public String identity() {
    return config.leaderElection().identity();
  }

  /** Blocks until {@link #stop()} has finished. */
  public void awaitStop() throws InterruptedException {
    stopped.await();
  }

  /**
   * Stops gracefully, within SHUTDOWN_TIMEOUT for the operator: in-flight reconciles finish, the
   * Lease is released (so that a standby takes over at once instead of after the lease duration),
   * then the endpoints close. The Kubernetes client is not closed (its owner closes it).
   * Idempotent.
   */
  public void stop() {
    if (!stopping.compareAndSet(false, true)) {
      awaitQuietly();
      return;
    }
    try {
      LOG.info("stopping: waiting up to {} for in-flight reconciles",
          Durations.format(config.reconcile().shutdownTimeout()));
      Thread stopper = new Thread(() -> {
        try {
          operator.stop();
        } catch (RuntimeException e) {
          LOG.warn("operator stop failed: {}", e.toString());
        }
      }, "operator-stop");
      stopper.setDaemon(true);
      stopper.start();
      try {
        stopper.join(config.reconcile().shutdownTimeout().toMillis() + 1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (stopper.isAlive()) {
        LOG.warn("operator did not stop within {}; releasing the lease anyway",
            Durations.format(config.reconcile().shutdownTimeout()));
      }
      leader.set(false);
      if (config.leaderElection().enabled()) {
        releaseLease();
      }
    } finally {
      endpoints.close();
      stopped.countDown();
      LOG.info("stopped");
    }
  }

  /**
   * Stops as a killed pod stops, for tests of what survives a crash: the Kubernetes client is
   * closed first (so no in-flight reconcile can write anything more, and the Lease is neither
   * renewed nor released: a standby takes over only when it expires), then the operator's threads
   * are stopped without waiting for in-flight reconciles. An OMS call already under way may still
   * reach OMS, as it may when a pod dies. Closes the client passed to {@link #start}.
   */
  public void halt() {
    if (!stopping.compareAndSet(false, true)) {
      awaitQuietly();
      return;
    }
    try {
      LOG.warn("halting: no shutdown, in-flight reconciles are cut off, the Lease is kept");
      leader.set(false);
      client.close();
      Thread stopper = new Thread(() -> {
        try {
          operator.stop();
        } catch (RuntimeException e) {
          LOG.debug("operator stop after halt: {}", e.toString());
        }
      }, "operator-halt");
      stopper.setDaemon(true);
      stopper.start();
    } finally {
      endpoints.close();
      stopped.countDown();
    }
  }

  @Override
  public void close() {
    stop();
  }

  private void awaitQuietly() {
    try {
      stopped.await(config.reconcile().shutdownTimeout().toMillis() + 5000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Gives the Lease up if this process holds it, as client-go's ReleaseOnCancel does: JOSDK 5.2
   * builds its elector without release on cancel. The update carries the resourceVersion read, so
   * a renewal racing with it fails one of the two with a conflict; then read and retry.
   */
  private void releaseLease() {
    LeaseLock lock = new LeaseLock(config.leaderElection().namespace(),
        config.leaderElection().leaseName(), config.leaderElection().identity());
    for (int attempt = 1; attempt <= 3; attempt++) {
      try {
        LeaderElectionRecord current = lock.get(client);
        if (current == null || !config.leaderElection().identity().equals(current.getHolderIdentity())) {
          return;
        }
        ZonedDateTime now = ZonedDateTime.now();
        // An empty holder (not null: a null field is left out and some servers keep the old
        // value) lets a standby acquire at its next retry.
        lock.update(client, new LeaderElectionRecord("", Duration.ofSeconds(1), now, now,
            current.getLeaderTransitions()));
        LOG.info("released Lease {}/{}", config.leaderElection().namespace(),
            config.leaderElection().leaseName());
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == 3) {
          LOG.warn("could not release Lease {}/{} (HTTP {}): a standby takes over when it"
                  + " expires", config.leaderElection().namespace(), config.leaderElection().leaseName(),
              e.getCode());
          return;
        }
      }
    }
  }
}
