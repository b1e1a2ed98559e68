package io.datasource.oms.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Leader-election timings. Not environment variables: the defaults are those of client-go and the
 * Java Operator SDK (15s, 10s, 2s), which platform teams expect; tests shorten them.
 *
 * @param leaseDuration how long a standby waits after the last renewal before taking over
 * @param renewDeadline how long the leader keeps retrying a renewal before it gives up leading
 * @param retryPeriod the interval between acquire and renew attempts
 */
public record LeaseTimings(Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {

  public static final LeaseTimings DEFAULT =
      new LeaseTimings(Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2));

  public LeaseTimings {
    Objects.requireNonNull(leaseDuration, "leaseDuration");
    Objects.requireNonNull(renewDeadline, "renewDeadline");
    Objects.requireNonNull(retryPeriod, "retryPeriod");
    if (renewDeadline.compareTo(leaseDuration) >= 0) {
      throw new IllegalArgumentException("renewDeadline must be shorter than leaseDuration");
    }
    if (retryPeriod.compareTo(renewDeadline) >= 0) {
      throw new IllegalArgumentException("retryPeriod must be shorter than renewDeadline");
    }
  }
}
