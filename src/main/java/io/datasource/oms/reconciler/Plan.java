package io.datasource.oms.reconciler;

import io.datasource.oms.client.DataSourceRecord;
import io.datasource.oms.client.OmsException;
import java.time.Duration;

/**
 * What to do for one resource, as decided by {@link Planner} from the inputs, the observation and
 * the status. {@link Execute} carries it out. A plan marked {@link Step} changes only the status
 * draft and is followed by a new decision; every other plan ends the reconcile (or cleanup).
 */
sealed interface Plan {

  /** A condition to set: status True, False or Unknown, a reason and a message. */
  record Cond(String status, String reason, String message) {}

  /** A plan after which {@link Planner} decides again on the changed status draft. */
  sealed interface Step extends Plan {}

  // ---- reconcile

  /** Paused: only the Paused condition is written, no OMS call. */
  record Pause() implements Plan {}

  /** Ready False without an OMS call (invalid spec, Secrets, a name claimed, connection). */
  record Refuse(String reason, String message, String label, Duration retry) implements Plan {}

  /** Nothing to do and nothing new to say (a rejection whose inputs did not change). */
  record Keep(String label) implements Plan {}

  /**
   * The data source exists: set Ready (null: leave it), clear lastError, set UpToDate.
   */
  record Report(Cond ready, Cond upToDate, String label, Duration retry) implements Plan {}

  /** Look {@code name} up (targeted if an intent is outstanding), then create behind an intent. */
  record Create(String name, boolean hadIntent) implements Plan {}

  /** Found by name, not created by this resource: adopt it (adoptionPolicy: Adopt). */
  record Adopt(DataSourceRecord match) implements Plan {}

  /** Found by name while this resource's intent was outstanding: its own, created earlier. */
  record CreatedEarlier(DataSourceRecord match) implements Plan {}

  /** Found by name, not this resource's, no adoption: NameConflict, the intent dropped. */
  record NameTaken(DataSourceRecord match) implements Plan {}

  /**
   * updatePolicy: Recreate of an out-of-date data source: (look the new name up,) delete the old
   * one, create again. {@code ready} as for {@link Report}.
   */
  record Recreate(String oldId, String name, String outOfDateReason, Cond ready,
      boolean checkNameInOms) implements Plan {}

  /** updatePolicy: Recreate of a data source deleted outside the operator: create it again. */
  record RecreateGone(String oldId, String name) implements Plan {}

  /** Observe found the data source by name: record its ID. */
  record Observed(DataSourceRecord match) implements Plan {}

  /** Observe found no data source of that name. */
  record ObservedMissing(String name) implements Plan {}

  /** An OMS call failed: the failure path (reason, retry, lastError). */
  record Fail(OmsException failure) implements Plan {}

  /** An intent under an old name created nothing: drop it. */
  record DropIntent() implements Step {}

  /** An intent under an old name did create: record that data source as this resource's own. */
  record SettleOwn(DataSourceRecord match) implements Step {}

  /** Observe mode: forget a recorded ID that is gone (and any intent) before looking by name. */
  record Forget(boolean dataSource) implements Step {}

  // ---- cleanup

  /** Remove the finalizer without an OMS call; with a Normal Event when {@code event} is set. */
  record Release(String label, String eventReason, String eventMessage) implements Plan {}

  /** Nothing recorded but an intent: look the name up, delete what the create may have made. */
  record DeleteIfCreated(String omsName) implements Plan {}

  /** Delete the recorded data source, unless another resource holds it. */
  record Delete(String id, String omsName) implements Plan {}
}
