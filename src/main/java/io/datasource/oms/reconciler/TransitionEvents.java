package io.datasource.oms.reconciler;

import io.datasource.oms.api.v1alpha1.Conditions;
import io.datasource.oms.api.v1alpha1.Conditions.ReadyReason;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSourceStatus;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The one place that turns a condition transition into an Event: one Warning Event when Ready
 * turns False with a new reason, not one per retry. Pure: two statuses in, an Event or none out.
 */
final class TransitionEvents {

  static final String NORMAL = "Normal";
  static final String WARNING = "Warning";

  /** The Ready reasons of a failed create (or of a list or delete while being deleted). */
  static final Set<String> CREATE_FAILURES = Set.of(ReadyReason.REJECTED,
      ReadyReason.ENVIRONMENT_ERROR, ReadyReason.AUTHENTICATION_FAILED,
      ReadyReason.OMS_UNAVAILABLE, ReadyReason.UNSUPPORTED_ACTION);

  /** A Warning Event's reason and message. */
  record Warning(String reason, String message) {}

  private TransitionEvents() {}

  /**
   * @param deleting whether the resource was being deleted when the reconcile began
   * @param requestId the request ID of the last OMS call, or null
   */
  static Optional<Warning> of(PolarDBXDataSourceStatus before, PolarDBXDataSourceStatus after,
      boolean deleting, String requestId) {
    Condition was = StatusEditor.find(before, Conditions.READY);
    Condition now = StatusEditor.find(after, Conditions.READY);
    if (now == null || "True".equals(now.getStatus()) || "Unknown".equals(now.getStatus())) {
      return Optional.empty();
    }
    if (was != null && Objects.equals(was.getStatus(), now.getStatus())
        && Objects.equals(was.getReason(), now.getReason())) {
      return Optional.empty();
    }
    String reason = now.getReason();
    String eventReason;
    if (CREATE_FAILURES.contains(reason)) {
      eventReason = deleting ? "DeleteFailed" : "CreateFailed";
    } else if (ReadyReason.DELETE_FAILED.equals(reason)
        || ReadyReason.DELETE_UNSUPPORTED.equals(reason)
        || ReadyReason.DELETING.equals(reason)) {
      eventReason = "DeleteFailed";
    } else {
      eventReason = reason;
    }
    return Optional.of(new Warning(eventReason,
        Messages.transitionEvent(reason, now.getMessage(), requestId)));
  }
}
