package io.datasource.oms.reconciler;

import io.datasource.oms.api.v1alpha1.PolarDBXDataSource;
import io.datasource.oms.client.DataSourceRecord;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refreshes the {@link Inventory} of the default connection and those of the Ready OmsConnections
 * every sync interval (only while this process leads) and reconciles the resources of that
 * connection whose data source changed in OMS between two listings: gone, changed, or its name
 * now held by another ID. After the first listing of an inventory, every resource of its
 * connection with a data source is looked at once (what changed while no operator ran, or on a
 * new client). Others are not touched.
 */
final class InventoryEventSource extends AbstractEventSource<DataSourceRecord, PolarDBXDataSource>
    implements Inventory.Listener {

  static final String NAME = "oms-inventory";
  static final String ID_INDEX = "dataSourceId";

  private static final Logger LOG = LoggerFactory.getLogger(InventoryEventSource.class);

  private final Inventory inventory;
  private final Connections connections;
  private final Duration syncInterval;
  private final BooleanSupplier leading;
  private final IndexerResourceCache<PolarDBXDataSource> primaries;
  private ScheduledExecutorService timer;

  InventoryEventSource(Inventory inventory, Duration syncInterval, BooleanSupplier leading,
      IndexerResourceCache<PolarDBXDataSource> primaries) {
    this(inventory, null, syncInterval, leading, primaries);
  }

  /** With {@code connections} (may be null): also the named connections' inventories. */
  InventoryEventSource(Inventory inventory, Connections connections, Duration syncInterval,
      BooleanSupplier leading, IndexerResourceCache<PolarDBXDataSource> primaries) {
    super(DataSourceRecord.class, NAME);
    this.inventory = inventory;
    this.connections = connections;
    this.syncInterval = syncInterval;
    this.leading = leading;
    this.primaries = primaries;
    inventory.addListener(this);
    if (connections != null) {
      connections.onNewInventory((name, named) -> named.addListener(new Inventory.Listener() {
        @Override
        public void refreshed(Inventory.Snapshot before, Inventory.Snapshot after, Duration took) {
          changed(name, before, after);
        }
      }));
    }
  }

  static List<String> idIndexKeys(PolarDBXDataSource r) {
    return r.getStatus() == null || r.getStatus().getDataSourceId() == null ? List.of()
        : List.of(r.getStatus().getDataSourceId());
  }

  @Override
  public synchronized void start() {
    super.start();
    timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "oms-inventory-sync");
      t.setDaemon(true);
      return t;
    });
    long millis = syncInterval.toMillis();
    timer.scheduleWithFixedDelay(this::sync, millis, millis, TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void stop() {
    if (timer != null) {
      timer.shutdownNow();
    }
    super.stop();
  }

  private void sync() {
    if (!leading.getAsBoolean()) {
      return;
    }
    try {
      inventory.refresh();
    } catch (RuntimeException e) {
      // Counted and logged by the refresh listeners; creates fall back to a targeted lookup.
      LOG.warn("OMS inventory refresh failed; next try in {}", syncInterval);
    }
    if (connections == null) {
      return;
    }
    connections.readyInventories().forEach((name, named) -> {
      try {
        named.refresh();
      } catch (RuntimeException e) {
        LOG.warn("OMS inventory refresh of OmsConnection '{}' failed; next try in {}", name,
            syncInterval);
      }
    });
  }

  @Override
  public void refreshed(Inventory.Snapshot before, Inventory.Snapshot after, Duration took) {
    changed(null, before, after);
  }

  /** Reconciles the resources on {@code connection} (null: the default) whose data source changed. */
  private void changed(String connection, Inventory.Snapshot before, Inventory.Snapshot after) {
    if (!isRunning()) {
      return;
    }
    Set<ResourceID> affected = new HashSet<>();
    if (before == null) {
      for (PolarDBXDataSource r : primaries.list().toList()) {
        if (!idIndexKeys(r).isEmpty() && on(r, connection)) {
          affected.add(ResourceID.fromResource(r));
        }
      }
    } else {
      for (String id : Inventory.Snapshot.changedIds(before, after)) {
        primaries.byIndex(ID_INDEX, id).stream().filter(r -> on(r, connection))
            .forEach(r -> affected.add(ResourceID.fromResource(r)));
      }
      Set<String> names = new HashSet<>(before.byName().keySet());
      names.addAll(after.byName().keySet());
      for (String name : names) {
        if (!Objects.equals(idOf(before.byName().get(name)), idOf(after.byName().get(name)))) {
          primaries.byIndex(NameClaims.INDEX, name).stream().filter(r -> on(r, connection))
              .forEach(r -> affected.add(ResourceID.fromResource(r)));
        }
      }
    }
    affected.forEach(id -> getEventHandler().handleEvent(new Event(id)));
  }

  private static boolean on(PolarDBXDataSource r, String connection) {
    return Objects.equals(connection, r.getSpec() == null ? null : r.getSpec().connectionName());
  }

  private static String idOf(DataSourceRecord r) {
    return r == null ? null : r.id();
  }

  @Override
  public Set<DataSourceRecord> getSecondaryResources(PolarDBXDataSource primary) {
    return Set.of();
  }
}
