package io.datasource.oms.reconciler;

import java.time.Duration;
import java.util.Objects;

/**
 * The two settings of the OMS inventory.
 *
 * @param maxAge OMS_INVENTORY_MAX_AGE: a create checks its name against a listing no older than
 *     this (one listing serves every create in that window)
 * @param syncInterval OMS_SYNC_INTERVAL: how often the leader lists OMS to find drift
 */
public record InventorySettings(Duration maxAge, Duration syncInterval) {

  public InventorySettings {
    Objects.requireNonNull(maxAge, "maxAge");
    Objects.requireNonNull(syncInterval, "syncInterval");
    if (syncInterval.isZero() || syncInterval.isNegative()) {
      throw new IllegalArgumentException("syncInterval must be positive");
    }
  }
}
