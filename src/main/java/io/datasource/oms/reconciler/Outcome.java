package io.datasource.oms.reconciler;

import java.time.Duration;

/**
 * How one reconcile (or cleanup) ended.
 *
 * @param label short description of what happened, for the log line
 * @param rescheduleAfter when to reconcile again regardless of events, or null to wait for a change
 * @param release cleanup only: whether the finalizer may be removed
 * @param omsRequestId the request ID of the last OMS call made, or null
 */
record Outcome(String label, Duration rescheduleAfter, boolean release, String omsRequestId) {}
