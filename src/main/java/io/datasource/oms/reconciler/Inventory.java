package io.datasource.oms.reconciler;

import io.datasource.oms.client.DataSourceRecord;
import io.datasource.oms.client.ListResult;
import io.datasource.oms.client.OmsClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
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

  /**
   * A listing of OMS, taken when the refresh began. {@link #id} and {@link #name} also see what
   * this process wrote to OMS since then (read through, never copied: a lookup costs the same
   * however many writes there were); {@link #byId()} and {@link #byName()} are the listing alone.
   */
  public static final class Snapshot {
    private final Instant takenAt;
    private final Map<String, DataSourceRecord> byId;
    private final Map<String, DataSourceRecord> byName;
    private final InventoryWrites writes;

    /** A listing without local writes (tests, and what listeners are given). */
    public Snapshot(Instant takenAt, Map<String, DataSourceRecord> byId,
        Map<String, DataSourceRecord> byName) {
      this(takenAt, byId, byName, null);
    }

    private Snapshot(Instant takenAt, Map<String, DataSourceRecord> byId,
        Map<String, DataSourceRecord> byName, InventoryWrites writes) {
      this.takenAt = takenAt;
      this.byId = byId;
      this.byName = byName;
      this.writes = writes;
    }

    public Instant takenAt() {
      return takenAt;
    }

    public Map<String, DataSourceRecord> byId() {
      return byId;
    }

    public Map<String, DataSourceRecord> byName() {
      return byName;
    }

    public Optional<DataSourceRecord> id(String id) {
      InventoryWrites.Write w = writes == null ? null : writes.since(takenAt, writes.byId.get(id));
      return w != null ? Optional.ofNullable(w.record()) : Optional.ofNullable(byId.get(id));
    }

    public Optional<DataSourceRecord> name(String name) {
      InventoryWrites.Write created = writes == null ? null
          : writes.since(takenAt, writes.byName.get(name));
      if (created != null) {
        return Optional.of(created.record());
      }
      DataSourceRecord listed = byName.get(name);
      if (listed != null && writes != null
          && writes.since(takenAt, writes.byId.get(listed.id())) != null) {
        return id(listed.id()).filter(r -> name.equals(r.name()));
      }
      return Optional.ofNullable(listed);
    }

    public int size() {
      return byId.size();
    }

    /** The IDs listed differently in {@code before} and {@code after}: added, gone or changed. */
    public static Set<String> changedIds(Snapshot before, Snapshot after) {
      Set<String> ids = new HashSet<>(before.byId().keySet());
      ids.addAll(after.byId().keySet());
      ids.removeIf(id -> Objects.equals(before.byId().get(id), after.byId().get(id)));
      return ids;
    }
  }

  /**
   * Told of every refresh, for metrics and for the drift event source. {@code before} is the
   * previous listing with this process's writes made until the new one began (null for the
   * first); {@code after} is the new listing.
   */
  public interface Listener {
    default void refreshed(Snapshot before, Snapshot after, Duration took) { }

    default void refreshFailed(RuntimeException failure, Duration took) { }
  }

  private final OmsClient oms;
  private final Clock clock;
  private final Duration maxAge;
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private final Object refreshLock = new Object();
  private final InventoryWrites localWrites = new InventoryWrites();
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
      localWrites.add(new InventoryWrites.Write(clock.instant(), record.id(), record));
    }
  }

  /** This process deleted the data source {@code id} (or learnt it was gone). */
  public void deleted(String id) {
    synchronized (localWrites) {
      localWrites.add(new InventoryWrites.Write(clock.instant(), id, null));
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
    Snapshot believed;
    synchronized (localWrites) {
      // What this process held true when the listing began: the last listing and its own writes
      // since. Compared with the new listing, a data source it created and someone deleted
      // before this listing is a change too.
      believed = before == null ? null : localWrites.appliedTo(before, started, after);
      // Writes made before this listing began are in it (or were undone in OMS since).
      localWrites.dropBefore(started);
    }
    current = after;
    Duration took = Duration.between(started, clock.instant());
    listeners.forEach(l -> l.refreshed(believed, after, took));
    return after;
  }

  private Snapshot withLocalWrites(Snapshot s) {
    return new Snapshot(s.takenAt(), s.byId(), s.byName(), localWrites);
  }

}
