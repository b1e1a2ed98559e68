package io.datasource.oms.reconciler;

import io.datasource.oms.client.DataSourceRecord;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This process's writes to OMS since the last listing of an {@link Inventory}, by ID and (creates
 * only) by name: read through by the inventory's snapshots, so that a data source just created or
 * deleted here is seen before the next listing.
 */
final class InventoryWrites {

  /** A write of this process: {@code record} null for a delete. */
  record Write(Instant at, String id, DataSourceRecord record) {}

  final Map<String, Write> byId = new ConcurrentHashMap<>();
  final Map<String, Write> byName = new ConcurrentHashMap<>();

  /** {@code w} if it was made at or after {@code takenAt}, else null. */
  Write since(Instant takenAt, Write w) {
    return w == null || w.at().isBefore(takenAt) ? null : w;
  }

  void add(Write w) {
    byId.put(w.id(), w);
    if (w.record() != null && w.record().name() != null) {
      byName.put(w.record().name(), w);
    } else {
      byName.values().removeIf(c -> c.id().equals(w.id()));
    }
  }

  /**
   * {@code s}'s listing with the writes made from its start until {@code until} laid over. A
   * data source this process created counts as {@code next} lists it, if it does: what matters
   * is whether it is still there, not how OMS fills in the fields it was not sent.
   */
  Inventory.Snapshot appliedTo(Inventory.Snapshot s, Instant until, Inventory.Snapshot next) {
    Map<String, DataSourceRecord> ids = new HashMap<>(s.byId());
    Map<String, DataSourceRecord> names = new HashMap<>(s.byName());
    for (Write w : byId.values()) {
      if (w.at().isBefore(s.takenAt()) || !w.at().isBefore(until)) {
        continue;
      }
      DataSourceRecord old = ids.remove(w.id());
      if (old != null && old.name() != null) {
        names.remove(old.name().trim(), old);
      }
      if (w.record() != null) {
        DataSourceRecord r = next.byId().getOrDefault(w.id(), w.record());
        ids.put(w.id(), r);
        if (r.name() != null) {
          names.put(r.name().trim(), r);
        }
      }
    }
    return new Inventory.Snapshot(s.takenAt(), Map.copyOf(ids), Map.copyOf(names));
  }

  void dropBefore(Instant started) {
    byId.values().removeIf(w -> w.at().isBefore(started));
    byName.values().removeIf(w -> w.at().isBefore(started));
  }
}
