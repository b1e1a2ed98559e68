package io.datasource.oms.testing;

import io.datasource.oms.api.v1alpha1.DeletionPolicy;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSource;
import io.datasource.oms.client.OmsClient;
import io.datasource.oms.client.HttpOmsClient;
import io.datasource.oms.reconciler.Inventory;
import io.datasource.oms.reconciler.OmsConnectionReconciler;
import io.datasource.oms.reconciler.InventorySettings;
import io.datasource.oms.reconciler.OperatorFactory;
import io.datasource.oms.reconciler.PolarDBXDataSourceReconciler;
import io.datasource.oms.reconciler.ReconcileObserver;
import io.datasource.oms.reconciler.ReconcilerOptions;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;

/** Starts the real JOSDK operator, built exactly as production builds it, on a test client. */
public final class OperatorRun implements AutoCloseable {

  private final Operator operator;

  private OperatorRun(Operator operator) {
    this.operator = operator;
  }

  /** Small delays so that retries happen within a test's patience. */
  public static ReconcilerOptions fastOptions() {
    return new ReconcilerOptions(DeletionPolicy.Delete, Duration.ofMillis(200),
        Duration.ofSeconds(1), Duration.ofMillis(1500), Clock.systemUTC());
  }

  public static OperatorRun start(KubernetesClient client, OmsClient oms) {
    return start(client, oms, fastOptions(), ReconcileObserver.NONE);
  }

  public static OperatorRun start(KubernetesClient client, OmsClient oms,
      ReconcilerOptions options, ReconcileObserver observer) {
    return start(client, oms, options, observer, c -> { });
  }

  public static OperatorRun start(KubernetesClient client, OmsClient oms,
      ReconcilerOptions options, ReconcileObserver observer,
      Consumer<ControllerConfigurationOverrider<PolarDBXDataSource>> controllerOverrides) {
    Operator operator = OperatorFactory.create(client,
        reconciler(oms, options, observer),
        o -> o.withReconciliationTerminationTimeout(Duration.ofSeconds(2))
            .withCacheSyncTimeout(Duration.ofSeconds(20)),
        controllerOverrides);
    operator.start();
    return new OperatorRun(operator);
  }

  /**
   * The operator with OmsConnection support: each connection's client is a plain HttpOmsClient on
   * its settings (timeouts from the connection), and connections are checked every
   * {@code checkInterval}.
   */
  public static OperatorRun startWithConnections(KubernetesClient client, OmsClient oms,
      Duration checkInterval) {
    return startWithConnections(client, oms, checkInterval, Duration.ofMinutes(10));
  }

  /** As above, with the inventories listed every {@code syncInterval} (OMS_SYNC_INTERVAL). */
  public static OperatorRun startWithConnections(KubernetesClient client, OmsClient oms,
      Duration checkInterval, Duration syncInterval) {
    return startWithConnections(client, oms, checkInterval, syncInterval, java.util.Set.of());
  }

  /** As above, watching only {@code watchNamespaces} (WATCH_NAMESPACES; empty: all). */
  public static OperatorRun startWithConnections(KubernetesClient client, OmsClient oms,
      Duration checkInterval, Duration syncInterval, java.util.Set<String> watchNamespaces) {
    ReconcilerOptions options = fastOptions();
    InventorySettings settings = new InventorySettings(Duration.ZERO, syncInterval);
    PolarDBXDataSourceReconciler reconciler = new PolarDBXDataSourceReconciler(oms,
        new Inventory(oms, options.clock(), settings.maxAge()), options, ReconcileObserver.NONE,
        settings, () -> true, (name, omsSettings, rate, burst) -> new HttpOmsClient(omsSettings));
    Operator operator = OperatorFactory.create(client, reconciler,
        o -> o.withReconciliationTerminationTimeout(Duration.ofSeconds(2))
            .withCacheSyncTimeout(Duration.ofSeconds(20)),
        c -> {
          if (!watchNamespaces.isEmpty()) {
            c.settingNamespaces(watchNamespaces);
          }
        });
    operator.register(new OmsConnectionReconciler(reconciler.connections(), checkInterval,
        watchNamespaces));
    operator.start();
    return new OperatorRun(operator);
  }

  /**
   * A reconciler whose inventory lists OMS before every create: the ITs on this harness count the
   * OMS calls of each create as they were before the inventory (one look, then the create), and
   * add data sources to the simulator between tests. InventoryIT covers the shared listing.
   */
  private static PolarDBXDataSourceReconciler reconciler(OmsClient oms,
      ReconcilerOptions options, ReconcileObserver observer) {
    InventorySettings settings = new InventorySettings(Duration.ZERO, Duration.ofMinutes(10));
    return new PolarDBXDataSourceReconciler(oms,
        new Inventory(oms, options.clock(), settings.maxAge()), options, observer, settings,
        () -> true);
  }

  @Override
  public void close() {
    operator.stop();
  }
}
