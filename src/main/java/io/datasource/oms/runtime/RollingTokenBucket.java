package io.datasource.oms.runtime;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * A bucket of {@code capacity} tokens where each token taken comes back exactly one window
 * ({@code capacity / ratePerSecond} seconds) after it was taken.
 *
 * <p>Why not the classic token bucket, which refills continuously: with a bucket as large as the
 * rate (the default), a classic bucket lets almost twice the rate through in one second (a full
 * bucket, then the refill). This one never lets more than {@code capacity} calls start in any
 * window, so with the default burst no one-second window sees more than the rate: that is the
 * promise made to OMS. The sustained rate is the same.
 *
 * <p>A small headroom (2% of the window, at least 5 ms) is added to the window: the promise is
 * about when requests reach OMS, and a thread may be descheduled for a moment between leaving the
 * bucket and sending its request.
 */
final class RollingTokenBucket {

  private final long windowNanos;
  private final long[] taken;
  private final LongSupplier nanoClock;
  private int next;

  RollingTokenBucket(double ratePerSecond, int capacity, LongSupplier nanoClock) {
    if (!(ratePerSecond > 0) || capacity < 1) {
      throw new IllegalArgumentException("rate must be above 0 and capacity at least 1");
    }
    long window = (long) (capacity * 1_000_000_000L / ratePerSecond);
    this.windowNanos = window + Math.max(TimeUnit.MILLISECONDS.toNanos(5), window / 50);
    this.taken = new long[capacity];
    this.nanoClock = nanoClock;
    long now = nanoClock.getAsLong();
    // Start full: every token was "taken" long enough ago to be back.
    for (int i = 0; i < capacity; i++) {
      taken[i] = now - windowNanos;
    }
  }

  /**
   * Takes a token, waiting for one to come back if needed, but not longer than {@code maxWait}.
   *
   * @return false when no token comes back within {@code maxWait} (nothing is taken then)
   * @throws InterruptedException when interrupted while waiting (the token stays taken)
   */
  boolean acquire(Duration maxWait) throws InterruptedException {
    long startAt = reserve(maxWait.toNanos());
    if (startAt == Long.MIN_VALUE) {
      return false;
    }
    long remaining;
    while ((remaining = startAt - nanoClock.getAsLong()) > 0) {
      LockSupport.parkNanos(this, remaining);
      if (Thread.interrupted()) {
        throw new InterruptedException("interrupted while waiting for the OMS rate limit");
      }
    }
    return true;
  }

  /** The time at which the caller may start, already booked; MIN_VALUE when beyond maxWait. */
  private synchronized long reserve(long maxWaitNanos) {
    long now = nanoClock.getAsLong();
    // taken[next] is the oldest booking; reservations are made in order, so they never decrease.
    long startAt = Math.max(now, taken[next] + windowNanos);
    if (startAt - now > maxWaitNanos) {
      return Long.MIN_VALUE;
    }
    taken[next] = startAt;
    next = (next + 1) % taken.length;
    return startAt;
  }
}
