package io.datasource.oms.runtime;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A bucket of {@code capacity} tokens; a call holds a token while it runs, and the token comes
 * back one window ({@code capacity / ratePerSecond} seconds) after the call <em>finished</em>.
 *
 * <p>This guarantees that no window of that length sees more than {@code capacity} calls, measured
 * at any instant between a call's start and its end (so also when OMS receives it): of
 * {@code capacity + 1} calls in one window, two held the same token, and the later one started at
 * least a window after the earlier one ended. With the default burst (the rate) no one-second window
 * sees more than the rate. A classic bucket that refills continuously lets almost twice the rate
 * through in a second when it is as large as the rate, and counting from a call's start would let
 * a thread descheduled between taking its token and sending its request break the promise.
 *
 * <p>The price: a slow OMS lowers the rate (a token cycles every window plus one call latency).
 */
final class RollingTokenBucket {

  private final long windowNanos;
  private final long[] availableAt;
  private final boolean[] inUse;
  private final LongSupplier nanoClock;

  RollingTokenBucket(double ratePerSecond, int capacity, LongSupplier nanoClock) {
    if (!(ratePerSecond > 0) || capacity < 1) {
      throw new IllegalArgumentException("rate must be above 0 and capacity at least 1");
    }
    this.windowNanos = (long) (capacity * 1_000_000_000L / ratePerSecond);
    this.availableAt = new long[capacity];
    this.inUse = new boolean[capacity];
    this.nanoClock = nanoClock;
    long now = nanoClock.getAsLong();
    for (int i = 0; i < capacity; i++) {
      availableAt[i] = now - windowNanos;
    }
  }

  /**
   * Takes a token, waiting for one to come back, but not longer than {@code maxWait}.
   *
   * @return the token, to hand to {@link #release(int)} when the call has finished; -1 when none
   *     can come back within {@code maxWait} (the caller fails at once rather than waiting in vain)
   * @throws InterruptedException when interrupted while waiting
   */
  synchronized int acquire(Duration maxWait) throws InterruptedException {
    long deadline = nanoClock.getAsLong() + maxWait.toNanos();
    while (true) {
      long now = nanoClock.getAsLong();
      int best = -1;
      for (int i = 0; i < availableAt.length; i++) {
        if (!inUse[i] && (best < 0 || availableAt[i] < availableAt[best])) {
          best = i;
        }
      }
      if (best >= 0 && availableAt[best] <= now) {
        inUse[best] = true;
        return best;
      }
      // A free token comes back at its time; a token in use no sooner than a window from now.
      long wakeAt = best >= 0 ? availableAt[best] : now + windowNanos;
      if (wakeAt > deadline) {
        return -1;
      }
      TimeUnit.NANOSECONDS.timedWait(this, Math.max(1, (best >= 0 ? wakeAt : deadline) - now));
    }
  }

  /** Returns the token: usable again one window from now. */
  synchronized void release(int token) {
    availableAt[token] = nanoClock.getAsLong() + windowNanos;
    inUse[token] = false;
    notifyAll();
  }
}
