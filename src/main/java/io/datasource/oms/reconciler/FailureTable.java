package io.datasource.oms.reconciler;

import io.datasource.oms.api.v1alpha1.Conditions.ReadyReason;
import io.datasource.oms.config.Durations;
import io.datasource.oms.client.OmsFailureKind;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * The one place that decides what an OMS failure means for the resource: the Ready reason, and
 * whether and when to try again. The table follows OMS-API.md; nothing else in the reconciler
 * invents retry rules. It also counts each resource's consecutive failures, from which the backoff
 * grows: in memory, so a restart starts afresh.
 */
final class FailureTable {

  /** How a failure is retried. */
  enum Retry {
    /** Exponential backoff with jitter, capped at {@code retryMaxDelay}. */
    BACKOFF,
    /** A fixed, slow delay ({@code slowRetryDelay}). */
    SLOW,
    /** Not retried until the spec (generation) or a referenced Secret changes. */
    TERMINAL
  }

  /** What one failure kind means for one operation. */
  record Handling(String reason, Retry retry) {}

  /** The outcome of looking a failure up: the handling and the delay before the next attempt. */
  record Decision(String reason, Retry retry, Duration delay, String retryText) {
    /** Null when terminal: JOSDK then waits for the next change. */
    Duration rescheduleAfter() {
      return retry == Retry.TERMINAL ? null : delay;
    }
  }

  private static final Map<OmsFailureKind, Handling> CREATE = new EnumMap<>(OmsFailureKind.class);
  private static final Map<OmsFailureKind, Handling> DELETE = new EnumMap<>(OmsFailureKind.class);

  static {
    CREATE.put(OmsFailureKind.TRANSIENT, new Handling(ReadyReason.OMS_UNAVAILABLE, Retry.BACKOFF));
    CREATE.put(OmsFailureKind.ENVIRONMENT, new Handling(ReadyReason.ENVIRONMENT_ERROR, Retry.SLOW));
    CREATE.put(OmsFailureKind.AUTHENTICATION,
        new Handling(ReadyReason.AUTHENTICATION_FAILED, Retry.SLOW));
    CREATE.put(OmsFailureKind.REJECTED, new Handling(ReadyReason.REJECTED, Retry.TERMINAL));
    CREATE.put(OmsFailureKind.UNSUPPORTED_ACTION,
        new Handling(ReadyReason.UNSUPPORTED_ACTION, Retry.SLOW));
    // Not expected from create or list; if a server says it anyway, treat it as an outage.
    CREATE.put(OmsFailureKind.NOT_FOUND, new Handling(ReadyReason.OMS_UNAVAILABLE, Retry.BACKOFF));

    DELETE.put(OmsFailureKind.TRANSIENT, new Handling(ReadyReason.DELETING, Retry.BACKOFF));
    DELETE.put(OmsFailureKind.ENVIRONMENT, new Handling(ReadyReason.DELETE_FAILED, Retry.SLOW));
    DELETE.put(OmsFailureKind.AUTHENTICATION,
        new Handling(ReadyReason.AUTHENTICATION_FAILED, Retry.SLOW));
    // A refused delete (e.g. in use by a migration project) may succeed once the user acts on OMS.
    DELETE.put(OmsFailureKind.REJECTED, new Handling(ReadyReason.DELETE_FAILED, Retry.SLOW));
    DELETE.put(OmsFailureKind.UNSUPPORTED_ACTION,
        new Handling(ReadyReason.DELETE_UNSUPPORTED, Retry.SLOW));
    // NOT_FOUND on delete is success and never reaches the table; elsewhere it is an outage.
    DELETE.put(OmsFailureKind.NOT_FOUND, new Handling(ReadyReason.DELETING, Retry.BACKOFF));
  }

  /** The Ready reasons of the failures retried with backoff: they continue a run. */
  private static final Set<String> BACKOFF_REASONS = backoffReasons();

  private final ReconcilerOptions options;
  private final DoubleSupplier random;
  /** Consecutive failures per resource UID. */
  private final Map<String, Integer> failures = new ConcurrentHashMap<>();

  FailureTable(ReconcilerOptions options) {
    this(options, () -> ThreadLocalRandom.current().nextDouble());
  }

  FailureTable(ReconcilerOptions options, DoubleSupplier random) {
    this.options = options;
    this.random = random;
  }

  /** A failure while creating (or listing before a create). */
  Decision forCreate(OmsFailureKind kind, int consecutiveFailures) {
    return decide(CREATE.get(kind), consecutiveFailures);
  }

  /** A failure while deleting (or listing before a delete). */
  Decision forDelete(OmsFailureKind kind, int consecutiveFailures) {
    return decide(DELETE.get(kind), consecutiveFailures);
  }

  /** A create (or a list before one) of resource {@code uid} failed: counted, then decided. */
  Decision createFailed(String uid, OmsFailureKind kind) {
    return forCreate(kind, failures.merge(uid, 1, Integer::sum));
  }

  /** A delete (or a list before one) of resource {@code uid} failed: counted, then decided. */
  Decision deleteFailed(String uid, OmsFailureKind kind) {
    return forDelete(kind, failures.merge(uid, 1, Integer::sum));
  }

  /**
   * Ready turned False with {@code reason}: anything but a reason this table retries with
   * backoff ends the run of consecutive failures.
   */
  void reported(String uid, String reason) {
    if (!BACKOFF_REASONS.contains(reason)) {
      failures.remove(uid);
    }
  }

  /** The resource's data source was recorded, or the resource released: the run is over. */
  void settled(String uid) {
    failures.remove(uid);
  }

  /** How many failures in a row resource {@code uid} has had (0 after a success). */
  int consecutiveFailures(String uid) {
    return failures.getOrDefault(uid, 0);
  }

  private static Set<String> backoffReasons() {
    Set<String> reasons = new HashSet<>();
    for (Map<OmsFailureKind, Handling> table : List.of(CREATE, DELETE)) {
      table.values().stream().filter(h -> h.retry() == Retry.BACKOFF)
          .forEach(h -> reasons.add(h.reason()));
    }
    return Set.copyOf(reasons);
  }

  private Decision decide(Handling handling, int consecutiveFailures) {
    switch (handling.retry()) {
      case BACKOFF:
        return new Decision(handling.reason(), Retry.BACKOFF, backoff(consecutiveFailures),
            "Retrying with exponential backoff, at most every "
                + Durations.format(options.retryMaxDelay()) + ".");
      case SLOW:
        return new Decision(handling.reason(), Retry.SLOW, options.slowRetryDelay(),
            "Retrying every " + Durations.format(options.slowRetryDelay()) + ".");
      default:
        return new Decision(handling.reason(), Retry.TERMINAL, null,
            "Not retried until the spec or a referenced Secret changes.");
    }
  }

  /**
   * The delay after the n-th consecutive failure (n from 1): base * 2^(n-1), capped, with "equal
   * jitter" (a random point in the upper half) so that many resources failing together spread out.
   */
  Duration backoff(int consecutiveFailures) {
    long base = options.retryBaseDelay().toMillis();
    long cap = options.retryMaxDelay().toMillis();
    int exponent = Math.max(0, Math.min(consecutiveFailures - 1, 30));
    long ceiling = base > (cap >> exponent) ? cap : Math.min(cap, base << exponent);
    long half = ceiling / 2;
    long jittered = half + (long) (random.getAsDouble() * (ceiling - half));
    return Duration.ofMillis(Math.max(1, Math.min(cap, jittered)));
  }
}
