package io.datasource.oms.reconciler;

import io.datasource.oms.api.v1alpha1.Conditions;
import io.datasource.oms.api.v1alpha1.OmsErrorStatus;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSource;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSourceStatus;
import io.datasource.oms.config.Durations;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The record step of one reconcile (or cleanup): the status draft, built from the status the
 * reconcile started with, and its writes. Conditions keep their {@code lastTransitionTime} while
 * their status stays (see {@link StatusEditor}); {@link #finish} writes only when the draft
 * differs from what the resource holds, and hands the Ready transition to {@link
 * TransitionEvents}. Also the one log line and the {@link ReconcileObserver} call per outcome.
 */
final class StatusRecorder {

  // The log category stays the lifecycle's: operators filter the outcome lines by it.
  private static final Logger LOG = LoggerFactory.getLogger(DataSourceLifecycle.class);

  private final Ports ports;
  private final StatusEditor editor;
  private final ReconcileObserver observer;
  private final PolarDBXDataSource start;
  private final PolarDBXDataSourceStatus before;
  private final PolarDBXDataSourceStatus draft;
  private final Long generation;
  private PolarDBXDataSource resource;
  private String requestId;

  StatusRecorder(PolarDBXDataSource resource, Ports ports, StatusEditor editor,
      ReconcileObserver observer) {
    this.ports = ports;
    this.editor = editor;
    this.observer = observer;
    this.start = resource;
    this.resource = resource;
    this.before = StatusEditor.copy(resource.getStatus());
    this.draft = StatusEditor.copy(resource.getStatus());
    this.generation = resource.getMetadata().getGeneration();
  }

  /** The status being built; the steps edit it in place. */
  PolarDBXDataSourceStatus draft() {
    return draft;
  }

  /** The status this reconcile started from. */
  PolarDBXDataSourceStatus before() {
    return before;
  }

  /** The resource as last written by this reconcile (or as it started). */
  PolarDBXDataSource resource() {
    return resource;
  }

  String uid() {
    return resource.getMetadata().getUid();
  }

  String now() {
    return editor.now();
  }

  /** The request ID of the last OMS call of this reconcile, or null. */
  String requestId() {
    return requestId;
  }

  void requestId(String id) {
    if (id != null) {
      requestId = id;
    }
  }

  void ready(Plan.Cond c) {
    editor.set(draft, Conditions.READY, c.status(), c.reason(), c.message(), generation);
  }

  void upToDate(Plan.Cond c) {
    editor.set(draft, Conditions.UP_TO_DATE, c.status(), c.reason(), c.message(), generation);
  }

  void paused() {
    editor.set(draft, Conditions.PAUSED, "True", Conditions.PAUSED_BY_ANNOTATION, Messages.PAUSED,
        generation);
  }

  void event(String type, String reason, String message) {
    ports.event(resource, type, reason, message);
  }

  /**
   * Persists the draft now, with the create intent it holds: before any create call. Throws if
   * the write fails, and then no OMS call may follow.
   */
  void persistIntent() {
    draft.setObservedGeneration(generation);
    resource = ports.persistIntent(resource, StatusEditor.copy(draft));
  }

  /** Ends a reconcile: writes the draft if it changed, the transition's Event, the outcome. */
  Outcome finish(String label, Duration rescheduleAfter) {
    draft.setObservedGeneration(generation);
    keepFirstRequestIdOfRepeatedError();
    writeIfChanged();
    TransitionEvents.of(before, draft, start.isMarkedForDeletion(), requestId)
        .ifPresent(e -> ports.event(resource, TransitionEvents.WARNING, e.reason(), e.message()));
    return outcome(label, rescheduleAfter, false);
  }

  /**
   * Ends a paused reconcile: of the status only the Paused condition changes (not even
   * observedGeneration), so that resuming finds the status the pause began with.
   */
  Outcome finishPaused() {
    writeIfChanged();
    return outcome("paused", null, false);
  }

  /** Ends a cleanup that lets the finalizer go. */
  Outcome release(String label) {
    return outcome(label, null, true);
  }

  private void writeIfChanged() {
    if (!draft.equals(resource.getStatus() == null
        ? new PolarDBXDataSourceStatus() : resource.getStatus())) {
      resource = ports.writeStatus(resource, StatusEditor.copy(draft));
    }
  }

  private Outcome outcome(String label, Duration rescheduleAfter, boolean release) {
    Condition ready = StatusEditor.find(draft, Conditions.READY);
    String readyStatus = ready == null ? "Unknown" : ready.getStatus();
    String reason = ready == null ? null : ready.getReason();
    String ns = resource.getMetadata().getNamespace();
    String name = resource.getMetadata().getName();
    LOG.info("reconciled {}/{}: outcome={} ready={} reason={} omsRequestId={}{}", ns, name,
        label, readyStatus, reason, requestId,
        rescheduleAfter == null ? "" : " retryIn=" + Durations.format(rescheduleAfter));
    if (release) {
      observer.forgotten(ns, name);
    } else {
      observer.outcome(ns, name, readyStatus, reason, requestId);
    }
    return new Outcome(label, rescheduleAfter, release, requestId);
  }

  /**
   * A repeated failure with the same reason, message and OMS error keeps the status it already
   * has, including the request ID of its first occurrence: otherwise every retry would rewrite
   * status. Every request ID is in the log line.
   */
  private void keepFirstRequestIdOfRepeatedError() {
    Condition was = StatusEditor.find(before, Conditions.READY);
    Condition now = StatusEditor.find(draft, Conditions.READY);
    // While Ready stays True, a failure (a refused Recreate delete) shows in UpToDate.
    if (was == null || now == null || !sameText(was, now)
        || !sameText(StatusEditor.find(before, Conditions.UP_TO_DATE),
            StatusEditor.find(draft, Conditions.UP_TO_DATE))) {
      if (requestId != null) {
        draft.setLastRequestId(requestId);
      }
      return;
    }
    OmsErrorStatus a = before.getLastError();
    OmsErrorStatus b = draft.getLastError();
    boolean sameError = a == null ? b == null : b != null
        && Objects.equals(a.getCode(), b.getCode())
        && Objects.equals(a.getMessage(), b.getMessage())
        && Objects.equals(a.getAdvice(), b.getAdvice());
    if (sameError) {
      draft.setLastError(a);
      draft.setLastRequestId(before.getLastRequestId());
    } else if (requestId != null) {
      draft.setLastRequestId(requestId);
    }
  }

  private static boolean sameText(Condition a, Condition b) {
    return a == null ? b == null : b != null
        && Objects.equals(a.getReason(), b.getReason())
        && Objects.equals(a.getMessage(), b.getMessage());
  }
}
