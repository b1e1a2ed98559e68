package io.datasource.oms.reconciler;

import io.datasource.oms.api.v1alpha1.Conditions.UpToDateReason;
import io.datasource.oms.api.v1alpha1.OmsErrorStatus;
import io.datasource.oms.client.OmsError;
import io.datasource.oms.client.OmsException;
import java.time.Duration;
import java.util.function.BiFunction;

/**
 * The one way a reconcile ends in failure. A failed OMS call: the {@link FailureTable} gives the
 * reason and the retry (and counts the failure), the status gets OMS's own words ({@code
 * lastError}) and a message saying what happens next. A refusal without a call: Ready False.
 */
final class FailurePath {

  /** Where a failed call is reported: Ready (no UpToDate reason) or UpToDate, its words, label. */
  record Failed(boolean delete, String upToDateReason, String label,
      BiFunction<OmsException, FailureTable.Decision, String> message) {

    /** A create, or a lookup before one. */
    static final Failed CREATE = new Failed(false, null, "oms-failure", Messages::createFailed);

    /** A delete, or a lookup before one, while the resource is being deleted. */
    static Failed delete(String what) {
      return new Failed(true, null, "delete-failed", (e, d) -> Messages.deleteFailed(what, e, d));
    }

    /** The lookup of the new name before a Recreate: Ready stays True. */
    static Failed recreateLookUp(String name, String outOfDateReason) {
      return new Failed(false, outOfDateReason, "recreate-lookup-failed",
          (e, d) -> Messages.recreateLookUpFailed(name, e, d));
    }

    /** The delete of a Recreate: Ready stays True. */
    static Failed recreateDelete(String oldId) {
      return new Failed(true, UpToDateReason.RECREATING, "recreate-delete-failed",
          (e, d) -> Messages.recreateDeleteFailed(oldId, e, d));
    }
  }

  private final FailureTable table;

  FailurePath(FailureTable table) {
    this.table = table;
  }

  Outcome fail(OmsException e, Failed failed, StatusRecorder record) {
    record.requestId(e.requestId());
    FailureTable.Decision d = failed.delete() ? table.deleteFailed(record.uid(), e.kind())
        : table.createFailed(record.uid(), e.kind());
    record.draft().setLastError(errorStatus(e.error()));
    String message = failed.message().apply(e, d);
    if (failed.upToDateReason() == null) {
      table.reported(record.uid(), d.reason());
      record.ready(new Plan.Cond("False", d.reason(), message));
    } else {
      // While Ready stays True (a Recreate not done yet), the failure is UpToDate's.
      record.upToDate(new Plan.Cond("False", failed.upToDateReason(), message));
    }
    return record.finish(failed.label(), d.rescheduleAfter());
  }

  /** Ready False without an OMS call; the table decides whether that ends a run of failures. */
  Outcome refuse(String reason, String message, String label, Duration retry,
      StatusRecorder record) {
    table.reported(record.uid(), reason);
    record.ready(new Plan.Cond("False", reason, message));
    return record.finish(label, retry);
  }

  private static OmsErrorStatus errorStatus(OmsError e) {
    return new OmsErrorStatus(e.code(), e.message(), e.advice(), e.requestId());
  }
}
