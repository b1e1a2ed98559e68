package io.datasource.oms.reconciler;

import io.datasource.oms.api.v1alpha1.DeletionPolicy;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The reconciler's tunables. {@code runtime} builds them from the operator's configuration, whose
 * table ({@code config.Variables}) holds their defaults.
 *
 * @param defaultDeletionPolicy applies to resources whose spec sets none
 * @param retryBaseDelay first backoff after a transient failure; doubles per consecutive failure
 * @param retryMaxDelay cap of that backoff (jitter stays below it)
 * @param slowRetryDelay delay for the "slow retry" classes (environment, authentication)
 * @param clock the clock for condition timestamps and intents
 */
public record ReconcilerOptions(
    DeletionPolicy defaultDeletionPolicy,
    Duration retryBaseDelay,
    Duration retryMaxDelay,
    Duration slowRetryDelay,
    Clock clock) {

  public ReconcilerOptions {
    Objects.requireNonNull(defaultDeletionPolicy, "defaultDeletionPolicy");
    Objects.requireNonNull(retryBaseDelay, "retryBaseDelay");
    Objects.requireNonNull(retryMaxDelay, "retryMaxDelay");
    Objects.requireNonNull(slowRetryDelay, "slowRetryDelay");
    Objects.requireNonNull(clock, "clock");
    if (retryMaxDelay.compareTo(retryBaseDelay) < 0) {
      throw new IllegalArgumentException("retryMaxDelay must not be below retryBaseDelay");
    }
  }
}
