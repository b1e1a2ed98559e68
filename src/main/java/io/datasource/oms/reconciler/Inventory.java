package io.datasource.oms.reconciler;

import io.datasource.oms.oms.DataSourceRecord;
import io.datasource.oms.oms.ListResult;
import io.datasource.oms.oms.OmsClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One shared view of the data sources in one OMS: every page of ListDataSource without a search
 * key, so that its cost depends on the number of data sources in OMS over the page size, not on
 * the number of resources or reconciles. Creates check their name against a snapshot no older
 * than {@code maxAge}; the periodic refresh ({@code OMS_SYNC_INTERVAL}) finds drift.
 *
 * <p>Refreshes are single-flight: every caller that needs a fresher snapshot waits on the same
 * monitor, and those that arrive while a refresh runs reuse its result. What this process wrote
 * to OMS after a refresh began (a create, a delete) is laid over the snapshot that refresh
 * returns, so that a listing that raced a create never reports that data source as missing.
 */
public final class Inventory {

  /** A listing of OMS, taken when the refresh began. */
  public record Snapshot(Instant takenAt, Map<String, DataSourceRecord> byId,
      Map<String, DataSourceRecord> byName) {

    public Optional<DataSourceRecord> id(String id) {
      return Optional.ofNullable(byId.get(id));
    }

    public Optional<DataSourceRecord> name(String name) {
      return Optional.ofNullable(byName.get(name));
    }

    public int size() {
      return byId.size();
    }
  }

  /**
   * Told of every refresh, for metrics and for the drift event source. {@code before} is the
   * previous listing (null for the first), both without this process's own writes.
   */
  public interface Listener {
    default void refreshed(Snapshot before, Snapshot after, Duration took) { }

    default void refreshFailed(RuntimeException failure, Duration took) { }
  }

  /** A write of this process: {@code record} null for a delete. */
  private record LocalWrite(Instant at, String id, DataSourceRecord record) {}

  private final OmsClient oms;
  private final Clock clock;
  private final Duration maxAge;
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private final Object refreshLock = new Object();
  private final Map<String, LocalWrite> localWrites = new LinkedHashMap<>();
  private volatile Snapshot current;

  public Inventory(OmsClient oms, Clock clock, Duration maxAge) {
    this.oms = Objects.requireNonNull(oms, "oms");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
  }

  public void addListener(Listener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** The latest snapshot, however old, with this process's later writes; empty before the first. */
  public Optional<Snapshot> current() {
    Snapshot s = current;
    return s == null ? Optional.empty() : Optional.of(withLocalWrites(s));
  }

  /**
   * A snapshot no older than the configured maximum age, refreshing it first if needed (one
   * refresh for every caller waiting). A failed refresh throws the OMS failure.
   */
  public Snapshot fresh() {
    Instant asked = clock.instant();
    Snapshot s = current;
    if (fresh(s, asked)) {
      return withLocalWrites(s);
    }
    synchronized (refreshLock) {
      s = current;
      if (fresh(s, asked)) {
        return withLocalWrites(s); // refreshed by the caller this one waited for
      }
      return withLocalWrites(refreshNow());
    }
  }

  /** Taken at most maxAge before {@code asked}; with a max age of zero, never. */
  private boolean fresh(Snapshot s, Instant asked) {
    return s != null && !maxAge.isZero() && !s.takenAt().plus(maxAge).isBefore(asked);
  }

  /** Lists OMS now (the periodic sync); single-flight with {@link #fresh()}. */
  public Snapshot refresh() {
    synchronized (refreshLock) {
      return withLocalWrites(refreshNow());
    }
  }

  /** This process created (or found and recorded) {@code record}. */
  public void created(DataSourceRecord record) {
    synchronized (localWrites) {
      localWrites.put(record.id(), new LocalWrite(clock.instant(), record.id(), record));
    }
  }

  /** This process deleted the data source {@code id} (or learnt it was gone). */
  public void deleted(String id) {
    synchronized (localWrites) {
      localWrites.put(id, new LocalWrite(clock.instant(), id, null));
    }
  }

  private Snapshot refreshNow() {
    Instant started = clock.instant();
    Snapshot before = current;
    ListResult list;
    try {
      list = oms.listDataSources(null);
    } catch (RuntimeException e) {
      Duration took = Duration.between(started, clock.instant());
      listeners.forEach(l -> l.refreshFailed(e, took));
      throw e;
    }
    Map<String, DataSourceRecord> byId = new HashMap<>();
    Map<String, DataSourceRecord> byName = new HashMap<>();
    for (DataSourceRecord r : list.dataSources()) {
      byId.put(r.id(), r);
      if (r.name() != null) {
        byName.putIfAbsent(r.name().trim(), r);
      }
    }
    Snapshot after = new Snapshot(started, Map.copyOf(byId), Map.copyOf(byName));
    synchronized (localWrites) {
      // Writes made before this listing began are in it (or were undone in OMS since).
      localWrites.values().removeIf(w -> w.at().isBefore(started));
    }
    current = after;
    Duration took = Duration.between(started, clock.instant());
    listeners.forEach(l -> l.refreshed(before, after, took));
    return after;
  }

  private Snapshot withLocalWrites(Snapshot s) {
    synchronized (localWrites) {
      if (localWrites.isEmpty()) {
        return s;
      }
      Map<String, DataSourceRecord> byId = new HashMap<>(s.byId());
      Map<String, DataSourceRecord> byName = new HashMap<>(s.byName());
      for (LocalWrite w : localWrites.values()) {
        if (w.at().isBefore(s.takenAt())) {
          continue;
        }
        DataSourceRecord old = byId.remove(w.id());
        if (old != null && old.name() != null) {
          byName.remove(old.name().trim(), old);
        }
        if (w.record() != null) {
          byId.put(w.id(), w.record());
          byName.put(w.record().name(), w.record());
        }
      }
      return new Snapshot(s.takenAt(), Map.copyOf(byId), Map.copyOf(byName));
    }
  }
}
