package io.datasource.oms.runtime;

import io.datasource.oms.reconciler.Inventory;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Metrics of the OMS inventory: refreshes by outcome and their duration, the data sources the
 * last listing saw, and the changes between two listings by kind ({@code gone}: an ID listed
 * before is missing; {@code changed}: its fields differ).
 */
final class InventoryMetrics implements Inventory.Listener {

  private final Counter succeeded;
  private final Counter failed;
  private final Timer duration;
  private final AtomicInteger seen = new AtomicInteger();
  private final Counter gone;
  private final Counter changed;

  InventoryMetrics(MeterRegistry registry) {
    String refreshes = "oms.inventory.refreshes";
    succeeded = Counter.builder(refreshes).tag("outcome", "success")
        .description("Listings of every data source in OMS").register(registry);
    failed = Counter.builder(refreshes).tag("outcome", "failure")
        .description("Listings of every data source in OMS").register(registry);
    duration = Timer.builder("oms.inventory.refresh.duration")
        .description("Time to list every data source in OMS (all pages)").register(registry);
    Gauge.builder("oms.inventory.data.sources", seen, AtomicInteger::get)
        .description("Data sources in OMS at the last listing").register(registry);
    String drift = "oms.inventory.drift";
    gone = Counter.builder(drift).tag("kind", "gone")
        .description("Data sources that changed in OMS between two listings").register(registry);
    changed = Counter.builder(drift).tag("kind", "changed")
        .description("Data sources that changed in OMS between two listings").register(registry);
  }

  @Override
  public void refreshed(Inventory.Snapshot before, Inventory.Snapshot after, Duration took) {
    succeeded.increment();
    duration.record(took);
    seen.set(after.size());
    if (before == null) {
      return;
    }
    for (String id : Inventory.Snapshot.changedIds(before, after)) {
      if (before.byId().containsKey(id)) {
        (after.byId().containsKey(id) ? changed : gone).increment();
      }
    }
  }

  @Override
  public void refreshFailed(RuntimeException failure, Duration took) {
    failed.increment();
    duration.record(took);
  }
}
