package io.datasource.oms.reconciler;

import io.datasource.oms.api.v1alpha1.AdoptionPolicy;
import io.datasource.oms.api.v1alpha1.Annotations;
import io.datasource.oms.api.v1alpha1.Conditions;
import io.datasource.oms.api.v1alpha1.Conditions.ReadyReason;
import io.datasource.oms.api.v1alpha1.Conditions.UpToDateReason;
import io.datasource.oms.api.v1alpha1.CreateIntent;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSource;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSourceStatus;
import io.datasource.oms.api.v1alpha1.UpdatePolicy;
import io.datasource.oms.client.DataSourceRecord;
import io.datasource.oms.client.OmsFailureKind;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Duration;
import java.util.Objects;

/**
 * The plan step: a pure function from the inputs, the observation, the status and the options to a
 * {@link Plan}. No OMS client, no Kubernetes, no clock: {@code PlanTest} holds it with tables.
 *
 * <p>Crash safety of create rests on one invariant: {@code status.createIntent} is persisted before
 * every first create call and removed only once the ID is recorded or a lookup shows that no data
 * source of that name exists. While an intent exists, a data source found by that name is this
 * resource's own (an earlier attempt whose answer was lost) and is recorded, never created again.
 */
final class Planner {

  private Planner() {}

  /** The next thing to do for a resource that is not being deleted. */
  static Plan reconcile(Inputs in, Observation seen, PolarDBXDataSourceStatus status,
      PolarDBXDataSourceStatus before, ReconcilerOptions options) {
    if (in.paused()) {
      return new Plan.Pause();
    }
    if (in.observeOnly()) {
      return observe(in, seen, status, options);
    }
    if (seen.failure() != null) {
      return new Plan.Fail(seen.failure());
    }
    if (seen.settle() == Observation.Settle.FOUND) {
      return new Plan.SettleOwn(seen.match());
    }
    if (seen.settle() == Observation.Settle.NOTHING) {
      return new Plan.DropIntent();
    }
    if (status.getDataSourceId() != null) {
      return maintain(in, seen.drift(), status, options);
    }
    if (!in.validation().valid()) {
      return new Plan.Refuse(ReadyReason.INVALID_SPEC,
          Messages.invalidSpec(in.validation().message()), "invalid-spec", null);
    }
    if (!in.credentials().ok()) {
      return new Plan.Refuse(in.credentials().reason(), in.credentials().message(),
          "credentials-unavailable", null);
    }
    if (!in.claim().owned()) {
      return new Plan.Refuse(ReadyReason.NAME_CONFLICT,
          Messages.claimedByOther(in.name(), in.claim()), "name-conflict",
          claimRetry(in.claim(), options));
    }
    if (rejectedBefore(in, before)) {
      return new Plan.Keep("rejected-unchanged");
    }
    return create(in.name(), status);
  }

  /** The resource's OmsConnection cannot be used: say so, call nothing. Paused still wins. */
  static Plan blocked(PolarDBXDataSource resource, String reason, String message,
      ReconcilerOptions options) {
    return Annotations.paused(resource) ? new Plan.Pause()
        : new Plan.Refuse(reason, message, "connection-unusable", options.slowRetryDelay());
  }

  /** A create of {@code name}; targeted lookup first when this resource's intent is for it. */
  static Plan.Create create(String name, PolarDBXDataSourceStatus status) {
    CreateIntent intent = status.getCreateIntent();
    return new Plan.Create(name, intent != null && name.equals(intent.getOmsName()));
  }

  /** A data source of the name to create exists in OMS. */
  static Plan found(DataSourceRecord match, boolean hadIntent, AdoptionPolicy adoption) {
    if (hadIntent) {
      return new Plan.CreatedEarlier(match);
    }
    return adoption == AdoptionPolicy.Adopt ? new Plan.Adopt(match) : new Plan.NameTaken(match);
  }

  /**
   * What a failed create means before it is reported.
   *
   * @param lookUp look the name up first: a data source found is handled as {@link #found}
   * @param dropIntent no data source can exist because of this resource: the intent goes
   */
  record AfterFailure(boolean lookUp, boolean dropIntent) {}

  static AfterFailure afterCreateFailure(OmsFailureKind kind, boolean hadIntent) {
    return switch (kind) {
      // The code and words for "name taken" are undocumented, and the name was checked against a
      // snapshot that may predate someone else's create: look before deciding.
      case REJECTED -> new AfterFailure(true, true);
      case ENVIRONMENT -> new AfterFailure(true, !hadIntent);
      // Outcome unknown: keep the intent; the next attempt looks the name up first.
      case TRANSIENT, NOT_FOUND -> new AfterFailure(false, false);
      // OMS answered that it did not create. If no earlier attempt is unaccounted for, nothing
      // can exist under this name because of this resource.
      default -> new AfterFailure(false, !hadIntent);
    };
  }

  /** Before a Recreate under a new name: that name is taken in OMS by someone else. */
  static Plan.Report recreateNameTaken(Plan.Recreate plan, DataSourceRecord taken,
      ReconcilerOptions options) {
    return new Plan.Report(null, new Plan.Cond("False", plan.outOfDateReason(),
        Messages.notRecreatedTaken(plan.name(), taken, plan.oldId(), options.slowRetryDelay())),
        "recreate-name-conflict-oms", options.slowRetryDelay());
  }

  /**
   * managementPolicy: Observe. Find the data source by name, record its ID, report drift against
   * the spec; never create, recreate or delete. Name claims are not checked: observers only look.
   */
  private static Plan observe(Inputs in, Observation seen, PolarDBXDataSourceStatus status,
      ReconcilerOptions options) {
    if (status.getDataSourceId() != null) {
      Drift drift = seen.drift();
      if (drift != null && drift.kind() == Drift.Kind.GONE) {
        // Follow the name, in case its owner created it again under a new ID.
        return new Plan.Forget(true);
      }
      Condition ready = StatusEditor.find(status, Conditions.READY);
      Plan.Cond observed = ready == null || !"True".equals(ready.getStatus())
          || !ReadyReason.OBSERVED.equals(ready.getReason())
          ? new Plan.Cond("True", ReadyReason.OBSERVED,
              Messages.observedExists(status.getOmsName(), status.getDataSourceId()))
          : null;
      return drift != null
          ? new Plan.Report(observed, new Plan.Cond("False", UpToDateReason.CHANGED_IN_OMS,
              Messages.observedDrift(drift.detail())), "observed-drift", null)
          : new Plan.Report(observed, new Plan.Cond("True", UpToDateReason.IN_SYNC,
              Messages.OBSERVED_IN_SYNC), "observed-in-sync", null);
    }
    if (status.getCreateIntent() != null) {
      // No create is made in Observe, so no intent of this resource can be outstanding any more.
      return new Plan.Forget(false);
    }
    if (seen.failure() != null) {
      return new Plan.Fail(seen.failure());
    }
    return seen.match() == null ? new Plan.ObservedMissing(in.name())
        : new Plan.Observed(seen.match());
  }

  /** The data source exists: report whether it is up to date; recreate only when asked. */
  private static Plan maintain(Inputs in, Drift drift, PolarDBXDataSourceStatus status,
      ReconcilerOptions options) {
    if (drift != null && drift.kind() == Drift.Kind.GONE) {
      return gone(in, drift, status);
    }
    Condition ready = StatusEditor.find(status, Conditions.READY);
    Plan.Cond created = ready == null || !"True".equals(ready.getStatus())
        || ReadyReason.NOT_FOUND_IN_OMS.equals(ready.getReason())
        ? new Plan.Cond("True", ReadyReason.CREATED,
            Messages.exists(status.getOmsName(), status.getDataSourceId()))
        : null;
    Resolution credentials = in.credentials();
    Plan.Cond upToDate;
    if (!in.validation().valid()) {
      upToDate = outOfDate(UpToDateReason.SPEC_CHANGED,
          Messages.invalidSinceCreated(in.validation().message()));
    } else if (!Fingerprints.spec(in.resource()).equals(status.getSpecFingerprint())) {
      upToDate = outOfDate(UpToDateReason.SPEC_CHANGED, Messages.SPEC_CHANGED);
    } else if (!credentials.ok()) {
      upToDate = outOfDate(UpToDateReason.CREDENTIALS_UNAVAILABLE,
          Messages.credentialsUnavailable(credentials.message()));
    } else if (!credentials.fingerprint().equals(status.getSecretsFingerprint())) {
      upToDate = outOfDate(UpToDateReason.CREDENTIALS_CHANGED, Messages.CREDENTIALS_CHANGED);
    } else if (drift != null) {
      upToDate = outOfDate(UpToDateReason.CHANGED_IN_OMS, Messages.changedInOms(drift.detail()));
    } else {
      return new Plan.Report(created,
          new Plan.Cond("True", UpToDateReason.IN_SYNC, Messages.IN_SYNC), "in-sync", null);
    }
    if (in.validation().valid() && credentials.ok()
        && in.resource().getSpec().getUpdatePolicy() == UpdatePolicy.Recreate) {
      return recreate(in, status, upToDate.reason(), created, options);
    }
    return new Plan.Report(created, upToDate, "out-of-date", null);
  }

  private static Plan.Cond outOfDate(String reason, String message) {
    return new Plan.Cond("False", reason, message);
  }

  /**
   * updatePolicy: Recreate. The name claim is checked before anything is deleted: the create
   * could not follow, and the old data source would be lost.
   */
  private static Plan recreate(Inputs in, PolarDBXDataSourceStatus status, String reason,
      Plan.Cond ready, ReconcilerOptions options) {
    String oldId = status.getDataSourceId();
    String name = in.name();
    if (!in.claim().owned()) {
      return new Plan.Report(ready, outOfDate(reason,
          Messages.notRecreatedClaimed(name, in.claim(), oldId)), "recreate-name-conflict",
          claimRetry(in.claim(), options));
    }
    // A new name that OMS already has would end in NameConflict after the delete.
    boolean checkName = !name.equals(status.getOmsName())
        && in.resource().getSpec().getAdoptionPolicy() != AdoptionPolicy.Adopt;
    return new Plan.Recreate(oldId, name, reason, ready, checkName);
  }

  /**
   * The recorded data source is no longer in OMS. Recreate under updatePolicy: Recreate (intent
   * first, as any create); otherwise report it, keeping the old ID for reference.
   */
  private static Plan gone(Inputs in, Drift drift, PolarDBXDataSourceStatus status) {
    String oldId = status.getDataSourceId();
    if (in.resource().getSpec().getUpdatePolicy() == UpdatePolicy.Recreate
        && in.validation().valid() && in.credentials().ok() && in.claim().owned()) {
      return new Plan.RecreateGone(oldId, in.name());
    }
    return new Plan.Refuse(ReadyReason.NOT_FOUND_IN_OMS,
        Messages.goneFromOms(status.getOmsName(), oldId, drift.detail()), "not-found-in-oms",
        null);
  }

  /**
   * Rejected before with exactly this generation and these Secret versions: do not retry. An
   * intent means a later attempt's outcome is unknown (a retry keeps the Rejected condition
   * while it runs): that attempt must be looked up, not skipped.
   */
  static boolean rejectedBefore(Inputs in, PolarDBXDataSourceStatus before) {
    Condition ready = StatusEditor.find(before, Conditions.READY);
    return ready != null && ReadyReason.REJECTED.equals(ready.getReason())
        && before.getCreateIntent() == null
        && Objects.equals(ready.getObservedGeneration(), in.generation())
        && Objects.equals(before.getSecretsFingerprint(), in.credentials().fingerprint())
        && Objects.equals(before.getSpecFingerprint(), Fingerprints.spec(in.resource()));
  }

  /**
   * Another resource owns the name. Its changes re-trigger this one (ClaimantsEventSource); as a
   * safety net the claim is also checked again after a delay, soon when the owner is leaving.
   */
  private static Duration claimRetry(NameClaims.Claim claim, ReconcilerOptions options) {
    return claim.ownerLeaving() ? options.retryBaseDelay() : options.slowRetryDelay();
  }
}
