package io.datasource.oms.reconciler;

import io.datasource.oms.client.DataSourceRecord;
import io.datasource.oms.client.OmsException;

/**
 * What {@link Observe} found in OMS for one resource.
 *
 * @param token a new reconcile-now token for which OMS was listed afresh, or null
 * @param drift how OMS (as last listed) differs from the recorded data source, or null
 * @param settle what became of a create intent under an old name
 * @param match the data source found by name (by the settling, or by Observe mode), or null
 * @param failure the OMS call that failed, or null
 */
record Observation(String token, Drift drift, Settle settle, DataSourceRecord match,
    OmsException failure) {

  /** An outstanding create intent under a name the spec no longer asks for. */
  enum Settle {
    /** None outstanding (or not looked at). */
    NONE,
    /** Its create made nothing: OMS has no data source of that name. */
    NOTHING,
    /** Its create committed: {@link #match} is this resource's own. */
    FOUND
  }

  static final Observation NOTHING = new Observation(null, null, Settle.NONE, null, null);
}
