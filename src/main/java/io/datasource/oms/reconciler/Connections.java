package io.datasource.oms.reconciler;

import io.datasource.oms.api.v1alpha1.Conditions.ReadyReason;
import io.datasource.oms.api.v1alpha1.OmsConnection;
import io.datasource.oms.api.v1alpha1.OmsConnectionSpec.AllowedNamespaces;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSource;
import io.datasource.oms.client.OmsClient;
import io.datasource.oms.client.OmsSettings;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The OMS instances this process talks to: the default connection (the environment's
 * configuration) and one entry per OmsConnection that {@link OmsConnectionReconciler} has checked.
 * Each entry has its own client (so its own rate limit and create-action memory), inventory and
 * lifecycle; it is replaced, not changed, when the connection's spec or Secret changes, so that a
 * new URL or new credentials take effect without a restart.
 */
public final class Connections {

  /** Builds the client of a named connection (the runtime adds rate limit and metrics). */
  public interface ClientFactory {
    OmsClient create(String connection, OmsSettings settings, double rateLimit, int rateBurst);
  }

  /** One checked connection. */
  record Entry(String name, String fingerprint, Long generation, OmsClient client,
      Inventory inventory, DataSourceLifecycle lifecycle, boolean ready, String message) {}

  /** Where a resource's reconcile goes: a lifecycle, or a reason not to call OMS at all. */
  sealed interface Route permits Use, Blocked {}

  record Use(DataSourceLifecycle lifecycle) implements Route {}

  record Blocked(String reason, String message) implements Route {}

  private final DataSourceLifecycle defaultLifecycle;
  private final ClientFactory factory;
  private final ReconcilerOptions options;
  private final ReconcileObserver observer;
  private final java.time.Duration inventoryMaxAge;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final List<BiConsumer<String, Inventory>> inventoryWatchers =
      new CopyOnWriteArrayList<>();

  Connections(DataSourceLifecycle defaultLifecycle, ClientFactory factory,
      ReconcilerOptions options, ReconcileObserver observer, java.time.Duration inventoryMaxAge) {
    this.defaultLifecycle = Objects.requireNonNull(defaultLifecycle, "defaultLifecycle");
    this.factory = factory;
    this.options = options;
    this.observer = observer;
    this.inventoryMaxAge = inventoryMaxAge;
  }

  /** Whether OmsConnection support is on (a factory was given). */
  boolean enabled() {
    return factory != null;
  }

  DataSourceLifecycle defaultLifecycle() {
    return defaultLifecycle;
  }

  /**
   * The entry for {@code name} with these settings: the existing one when its fingerprint is the
   * same, otherwise a new client, inventory and lifecycle (readiness to be set by the caller).
   */
  Entry settle(String name, Long generation, String fingerprint, OmsSettings settings,
      double rateLimit, int rateBurst) {
    Entry old = entries.get(name);
    if (old != null && old.fingerprint().equals(fingerprint)) {
      return old;
    }
    OmsClient client = factory.create(name, settings, rateLimit, rateBurst);
    Inventory inventory = new Inventory(client, options.clock(), inventoryMaxAge);
    inventoryWatchers.forEach(w -> w.accept(name, inventory));
    DataSourceLifecycle lifecycle = new DataSourceLifecycle(client, inventory, options, observer,
        new FailureTable(options));
    return new Entry(name, fingerprint, generation, client, inventory, lifecycle, false,
        "not checked yet");
  }

  /** Told of every new connection inventory, before it is first used (the drift source). */
  void onNewInventory(BiConsumer<String, Inventory> watcher) {
    inventoryWatchers.add(watcher);
  }

  /** The inventories of the connections that are Ready now, by connection name. */
  Map<String, Inventory> readyInventories() {
    Map<String, Inventory> result = new TreeMap<>();
    entries.values().forEach(e -> {
      if (e.ready() && e.inventory() != null) {
        result.put(e.name(), e.inventory());
      }
    });
    return result;
  }

  void put(Entry entry) {
    entries.put(entry.name(), entry);
  }

  void remove(String name) {
    entries.remove(name);
  }

  /** Marks a connection that cannot be used (e.g. its Secret is gone): keeps no client. */
  void unusable(String name, Long generation, String message) {
    entries.put(name, new Entry(name, "", generation, null, null, null, false, message));
  }

  /**
   * Where {@code resource} goes. {@code connection} is the OmsConnection from the informer cache
   * (null when it does not exist); {@code namespaceLabels} reads a namespace's labels, called
   * only for an allow-list by labels.
   */
  Route route(PolarDBXDataSource resource, OmsConnection connection,
      Function<String, Map<String, String>> namespaceLabels) {
    String name = resource.getSpec().connectionName();
    if (name == null) {
      return new Use(defaultLifecycle);
    }
    if (!enabled()) {
      return new Blocked(ReadyReason.CONNECTION_NOT_FOUND, "spec.connectionRef names the"
          + " OmsConnection '" + name + "', but this operator runs without OmsConnection support"
          + " (connections.enabled in the chart, OMS_CONNECTIONS_ENABLED). No OMS call is made.");
    }
    if (connection == null) {
      return new Blocked(ReadyReason.CONNECTION_NOT_FOUND, "No OmsConnection named '" + name
          + "' exists. Create it (kubectl get omsconn lists them); this resource is reconciled"
          + " as soon as it appears. No OMS call is made.");
    }
    String ns = resource.getMetadata().getNamespace();
    if (!allowed(connection.getSpec().getAllowedNamespaces(), ns, namespaceLabels)) {
      return new Blocked(ReadyReason.CONNECTION_NOT_ALLOWED, "The OmsConnection '" + name
          + "' does not allow namespace '" + ns + "' (spec.allowedNamespaces). Ask its owner to"
          + " allow this namespace, or use another connection. No OMS call is made.");
    }
    Entry entry = entries.get(name);
    // A spec change is used only once checked. Deletion bumps the generation too, but changes
    // nothing: a connection being deleted stays usable, so that its resources can still go.
    boolean checked = entry != null && (connection.isMarkedForDeletion()
        || Objects.equals(entry.generation(), connection.getMetadata().getGeneration()));
    if (!checked || !entry.ready() || entry.lifecycle() == null) {
      String why = !checked ? "its current spec has not been checked yet." : entry.message();
      return new Blocked(ReadyReason.CONNECTION_NOT_READY, "The OmsConnection '" + name
          + "' is not Ready: " + why + " This resource is reconciled when it turns Ready. No OMS"
          + " call is made.");
    }
    return new Use(entry.lifecycle());
  }

  static boolean allowed(AllowedNamespaces allowed, String namespace,
      Function<String, Map<String, String>> namespaceLabels) {
    if (allowed == null || (allowed.getNames() == null && allowed.getMatchLabels() == null)) {
      return true;
    }
    if (allowed.getNames() != null && allowed.getNames().contains(namespace)) {
      return true;
    }
    if (allowed.getMatchLabels() != null && !allowed.getMatchLabels().isEmpty()) {
      Map<String, String> labels = namespaceLabels.apply(namespace);
      return labels != null && labels.entrySet().containsAll(allowed.getMatchLabels().entrySet());
    }
    return false;
  }
}
