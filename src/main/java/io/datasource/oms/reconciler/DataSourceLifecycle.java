package io.datasource.oms.reconciler;

import io.datasource.oms.api.v1alpha1.AdoptionPolicy;
import io.datasource.oms.api.v1alpha1.Annotations;
import io.datasource.oms.api.v1alpha1.Conditions;
import io.datasource.oms.api.v1alpha1.Conditions.ReadyReason;
import io.datasource.oms.api.v1alpha1.Conditions.UpToDateReason;
import io.datasource.oms.api.v1alpha1.CreateIntent;
import io.datasource.oms.api.v1alpha1.DeletionPolicy;
import io.datasource.oms.api.v1alpha1.OmsErrorStatus;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSource;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSourceStatus;
import io.datasource.oms.api.v1alpha1.UpdatePolicy;
import io.datasource.oms.config.Durations;
import io.datasource.oms.client.CreateDataSourceRequest;
import io.datasource.oms.client.CreateResult;
import io.datasource.oms.client.DataSourceRecord;
import io.datasource.oms.client.DeleteResult;
import io.datasource.oms.client.ListResult;
import io.datasource.oms.client.OmsClient;
import io.datasource.oms.client.OmsError;
import io.datasource.oms.client.OmsException;
import io.datasource.oms.client.OmsFailureKind;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the operator does for one resource, free of JOSDK plumbing: resolve credentials, validate,
 * check the name claim, observe OMS, act, build status. Kubernetes is reached only through
 * {@link Ports}, OMS only through {@link OmsClient}.
 *
 * <p>Crash safety of create rests on one invariant: {@code status.createIntent} is persisted before
 * every first create call and removed only once the ID is recorded or ListDataSource shows that no
 * data source of that name exists. While an intent exists, a data source found by that name is this
 * resource's own (an earlier attempt whose answer was lost) and is adopted, never created again.
 */
final class DataSourceLifecycle {

  static final String NORMAL = "Normal";
  static final String WARNING = "Warning";

  private static final Logger LOG = LoggerFactory.getLogger(DataSourceLifecycle.class);

  private static final Set<String> CREATE_FAILURES = Set.of(ReadyReason.REJECTED,
      ReadyReason.ENVIRONMENT_ERROR, ReadyReason.AUTHENTICATION_FAILED,
      ReadyReason.OMS_UNAVAILABLE, ReadyReason.UNSUPPORTED_ACTION);

  private static final String SPEC_CHANGED_TEXT = "Fields sent to OMS (name, region,"
      + " intranetAddr or description) changed after the data source was created, and OMS cannot"
      + " update a data source. Revert the change, or set spec.updatePolicy: Recreate to delete"
      + " and create it again (new ID).";
  private static final String CREDENTIALS_CHANGED_TEXT = "A referenced Secret changed after the"
      + " data source was created with the older credentials, and OMS cannot update them. Set"
      + " spec.updatePolicy: Recreate to delete and create it again (new ID), or restore the"
      + " Secret.";

  private final OmsClient oms;
  private final Inventory inventory;
  private final ReconcilerOptions options;
  private final FailureTable table;
  private final SpecValidator validator = new SpecValidator();
  private final NameClaims claims = new NameClaims();
  private final StatusEditor editor;
  private final ReconcileObserver observer;
  /** Consecutive backoff-class failures per resource UID; in memory: a restart starts afresh. */
  private final Map<String, Integer> failures = new ConcurrentHashMap<>();

  DataSourceLifecycle(OmsClient oms, Inventory inventory, ReconcilerOptions options,
      ReconcileObserver observer, FailureTable table) {
    this.oms = oms;
    this.inventory = inventory;
    this.options = options;
    this.observer = observer;
    this.table = table;
    this.editor = new StatusEditor(options.clock());
  }

  // ---------------------------------------------------------------------------------------------
  // reconcile

  Outcome reconcile(PolarDBXDataSource resource, Ports ports) {
    Work w = new Work(resource, ports);
    if (Annotations.paused(resource)) {
      return paused(w);
    }
    StatusEditor.remove(w.draft, Conditions.PAUSED);
    String token = Annotations.reconcileRequestedAt(resource);
    if (token != null && !token.equals(w.draft.getLastHandledReconcileAt())) {
      freshListing(w, token);
    }
    Resolution credentials = new SecretResolver(ports.secrets()).resolve(resource);
    SpecValidator.Validation validation = validator.validate(resource);
    if (resource.getSpec().observeOnly()) {
      return observe(w, credentials);
    }

    CreateIntent intent = w.draft.getCreateIntent();
    if (w.draft.getDataSourceId() == null && intent != null
        && !Objects.equals(intent.getOmsName(), resource.effectiveOmsName())) {
      // spec.name was set while a create under the old name had an unknown outcome: settle that
      // create first, or the intent for the new name would replace it and leak what it created.
      DataSourceRecord match;
      try {
        match = lookUp(w, intent.getOmsName());
      } catch (OmsException e) {
        return failure(w, e);
      }
      if (match == null) {
        w.draft.setCreateIntent(null);
      } else {
        // Ours, created under the old name: the name change is then a spec change like any other.
        foundAfterLostAnswer(w, match, null);
      }
    }
    if (w.draft.getDataSourceId() != null) {
      return maintain(w, validation, credentials);
    }
    if (!validation.valid()) {
      return w.notReady(ReadyReason.INVALID_SPEC,
          "The spec is invalid: " + validation.message() + " Fix the spec; OMS is not called.")
          .finish("invalid-spec", null);
    }
    if (!credentials.ok()) {
      return w.notReady(credentials.reason(), credentials.message())
          .finish("credentials-unavailable", null);
    }
    String name = resource.effectiveOmsName();
    NameClaims.Claim claim = claims.check(resource, name, ports.claimants(name));
    if (!claim.owned()) {
      return claimConflict(w, name, claim);
    }
    if (w.rejectedBefore(credentials)) {
      return w.finish("rejected-unchanged", null);
    }
    return create(w, credentials, name);
  }

  /**
   * The resource's connection cannot be used (missing, not Ready, namespace not allowed): say so,
   * call nothing. Paused still wins: then only the Paused condition is written.
   */
  Outcome blocked(PolarDBXDataSource resource, Ports ports, String reason, String message) {
    Work w = new Work(resource, ports);
    if (Annotations.paused(resource)) {
      return paused(w);
    }
    StatusEditor.remove(w.draft, Conditions.PAUSED);
    w.notReady(reason, message);
    return w.finish("connection-unusable", options.slowRetryDelay());
  }

  /**
   * Whether {@link #cleanup} releases this resource without any OMS call (paused, observer,
   * Orphan, nothing created or gone from OMS): then it needs no usable connection.
   */
  boolean releasesWithoutOms(PolarDBXDataSource resource) {
    PolarDBXDataSourceStatus s = resource.getStatus();
    DeletionPolicy policy = resource.getSpec() != null
        && resource.getSpec().getDeletionPolicy() != null
        ? resource.getSpec().getDeletionPolicy() : options.defaultDeletionPolicy();
    Condition ready = StatusEditor.find(s, Conditions.READY);
    return Annotations.paused(resource) || resource.getSpec().observeOnly()
        || policy == DeletionPolicy.Orphan
        || s == null || s.getDataSourceId() == null && s.getCreateIntent() == null
        || s.getDataSourceId() != null && ready != null
            && ReadyReason.NOT_FOUND_IN_OMS.equals(ready.getReason());
  }

  /**
   * Paused: no OMS call, and of the status only the Paused condition changes (not even
   * observedGeneration), so that resuming finds the status the pause began with.
   */
  private Outcome paused(Work w) {
    editor.set(w.draft, Conditions.PAUSED, "True", Conditions.PAUSED_BY_ANNOTATION,
        "The annotation " + Annotations.PAUSED + " is \"true\": the operator makes no OMS call"
            + " and leaves the other conditions as they were. Remove the annotation to resume."
            + " Deleting the resource while paused releases it and leaves the data source in OMS.",
        w.generation);
    if (!w.draft.equals(w.resource.getStatus() == null
        ? new PolarDBXDataSourceStatus() : w.resource.getStatus())) {
      w.resource = w.ports.writeStatus(w.resource, StatusEditor.copy(w.draft));
    }
    return w.outcome("paused", null, false);
  }

  /**
   * A new reconcile-now token: list OMS afresh so that this reconcile sees OMS as it is now (drift,
   * a data source created or deleted outside the operator). The token is copied to status by this
   * reconcile's status write. A failed listing is not an error of its own: the steps that need OMS
   * look again and report it.
   */
  private void freshListing(Work w, String token) {
    w.draft.setLastHandledReconcileAt(token);
    try {
      inventory.refresh();
    } catch (OmsException e) {
      w.requestId(e.requestId());
      LOG.debug("reconcile requested ({}): listing OMS failed ({})", token, e.kind());
    }
  }

  /**
   * managementPolicy: Observe. Find the data source by name, record its ID, report drift against
   * the spec; never create, recreate or delete. Name claims are not checked: observers only look,
   * so any number of them (and one manager) may name the same data source.
   */
  private Outcome observe(Work w, Resolution credentials) {
    String name = w.resource.effectiveOmsName();
    Condition ready = StatusEditor.find(w.draft, Conditions.READY);
    if (w.draft.getDataSourceId() != null) {
      Drift drift = drift(w, credentials, ready);
      if (drift == null || drift.kind() != Drift.Kind.GONE) {
        return observed(w, ready, drift);
      }
      // Gone: follow the name, in case its owner created it again under a new ID.
      w.draft.setDataSourceId(null);
      StatusEditor.remove(w.draft, Conditions.UP_TO_DATE);
    }
    // No create is made in Observe, so no intent of this resource can be outstanding any more.
    w.draft.setCreateIntent(null);
    DataSourceRecord match;
    try {
      match = lookUpInInventory(w, name);
    } catch (OmsException e) {
      return failure(w, e);
    }
    if (match == null) {
      Duration slow = options.slowRetryDelay();
      w.notReady(ReadyReason.NOT_FOUND_IN_OMS, "No data source named '" + name + "' in OMS."
          + " spec.managementPolicy is Observe, so the operator never creates it: create it in"
          + " OMS, or set spec.managementPolicy: Manage. Looked for again every "
          + Durations.format(slow) + ".");
      w.draft.setOmsName(name);
      return w.finish("observe-not-found", slow);
    }
    failures.remove(w.uid());
    w.record(match.id(), name, credentials.ok() ? credentials : null);
    w.ready(ReadyReason.OBSERVED, "Found data source '" + name + "' in OMS with ID " + match.id()
        + ". spec.managementPolicy is Observe: the operator never changes or deletes it.");
    w.ports.event(w.resource, NORMAL, ReadyReason.OBSERVED, "Found data source '" + name
        + "' with ID " + match.id() + " (managementPolicy: Observe)"
        + requestIdSuffix(w.requestId));
    return w.finish("observed", null);
  }

  /** Observe, the ID known: report how OMS differs from the spec, change nothing. */
  private Outcome observed(Work w, Condition ready, Drift drift) {
    if (ready == null || !"True".equals(ready.getStatus())
        || !ReadyReason.OBSERVED.equals(ready.getReason())) {
      w.ready(ReadyReason.OBSERVED, "Data source '" + w.draft.getOmsName() + "' exists in OMS"
          + " with ID " + w.draft.getDataSourceId() + ". spec.managementPolicy is Observe: the"
          + " operator never changes or deletes it.");
    }
    w.draft.setLastError(null);
    if (drift != null) {
      w.upToDate("False", UpToDateReason.CHANGED_IN_OMS, "The data source in OMS differs from"
          + " the spec: " + drift.detail() + ". spec.managementPolicy is Observe, so the operator"
          + " changes nothing: change the spec or ask the owner of the data source.");
      return w.finish("observed-drift", null);
    }
    w.upToDate("True", UpToDateReason.IN_SYNC,
        "The data source in OMS matches the spec (as last listed).");
    return w.finish("observed-in-sync", null);
  }

  /**
   * Another resource owns the name. Its changes re-trigger this one (ClaimantsEventSource); as a
   * safety net against a peer that reads the owner before the cache has its change, the claim is
   * also checked again after a delay (a cache read, no OMS call), soon when the owner is being
   * deleted.
   */
  private Outcome claimConflict(Work w, String name, NameClaims.Claim claim) {
    w.notReady(ReadyReason.NAME_CONFLICT, "The OMS name '" + name + "' belongs to the resource "
        + claim.ownerNamespace() + "/" + claim.ownerName() + " (it holds the data source or is"
        + " older). Choose another spec.name, or delete one of the two resources.");
    return w.finish("name-conflict",
        claim.ownerLeaving() ? options.retryBaseDelay() : options.slowRetryDelay());
  }

  /** The data source exists: report whether it is up to date; recreate only when asked. */
  private Outcome maintain(Work w, SpecValidator.Validation validation, Resolution credentials) {
    PolarDBXDataSource resource = w.resource;
    Condition ready = StatusEditor.find(w.draft, Conditions.READY);
    Drift drift = drift(w, credentials, ready);
    if (drift != null && drift.kind() == Drift.Kind.GONE) {
      return goneFromOms(w, drift, validation, credentials);
    }
    if (ready == null || !"True".equals(ready.getStatus())
        || ReadyReason.NOT_FOUND_IN_OMS.equals(ready.getReason())) {
      w.ready(ReadyReason.CREATED, "Data source '" + w.draft.getOmsName() + "' exists in OMS"
          + " with ID " + w.draft.getDataSourceId() + ".");
    }
    w.draft.setLastError(null);

    String reason;
    String message;
    if (!validation.valid()) {
      reason = UpToDateReason.SPEC_CHANGED;
      message = "The spec is invalid: " + validation.message()
          + " The data source in OMS is unchanged.";
    } else if (!Fingerprints.spec(resource).equals(w.draft.getSpecFingerprint())) {
      reason = UpToDateReason.SPEC_CHANGED;
      message = SPEC_CHANGED_TEXT;
    } else if (!credentials.ok()) {
      reason = UpToDateReason.CREDENTIALS_UNAVAILABLE;
      message = credentials.message() + " The data source in OMS stays as it is; deleting the"
          + " resource still works.";
    } else if (!credentials.fingerprint().equals(w.draft.getSecretsFingerprint())) {
      reason = UpToDateReason.CREDENTIALS_CHANGED;
      message = CREDENTIALS_CHANGED_TEXT;
    } else if (drift != null) {
      reason = UpToDateReason.CHANGED_IN_OMS;
      message = "The data source was changed in OMS after this resource created it: "
          + drift.detail() + ". Change it back in OMS, or set spec.updatePolicy: Recreate to"
          + " delete and create it again (new ID).";
    } else {
      reason = UpToDateReason.IN_SYNC;
      message = "The data source matches the spec and the Secrets it was created from.";
    }
    boolean outOfDate = !UpToDateReason.IN_SYNC.equals(reason);
    boolean recreate = outOfDate && validation.valid() && credentials.ok()
        && resource.getSpec().getUpdatePolicy() == UpdatePolicy.Recreate
        && !UpToDateReason.CREDENTIALS_UNAVAILABLE.equals(reason);
    if (recreate) {
      return recreate(w, credentials, reason);
    }
    w.upToDate(outOfDate ? "False" : "True", reason, message);
    return w.finish(outOfDate ? "out-of-date" : "in-sync", null);
  }

  /**
   * What the inventory shows for the recorded data source, without calling OMS. Only a listing
   * taken after Ready turned True counts: an older one may predate the create.
   */
  private Drift drift(Work w, Resolution credentials, Condition ready) {
    var snapshot = inventory.current().orElse(null);
    if (snapshot == null || ready == null) {
      return null;
    }
    // Already found missing by a listing: the current one is that or a newer one.
    boolean reportedGone = ReadyReason.NOT_FOUND_IN_OMS.equals(ready.getReason());
    if (!reportedGone && !("True".equals(ready.getStatus())
        && listedAfter(snapshot, ready.getLastTransitionTime()))) {
      return null;
    }
    boolean created = !ReadyReason.ADOPTED.equals(ready.getReason());
    return Drift.of(w.resource, snapshot, credentials.ok() ? credentials.username() : null,
        created).orElse(null);
  }

  private static boolean listedAfter(Inventory.Snapshot snapshot, String time) {
    try {
      return time != null && snapshot.takenAt().isAfter(java.time.Instant.parse(time));
    } catch (java.time.format.DateTimeParseException e) {
      return false;
    }
  }

  /**
   * The recorded data source is no longer in OMS. Recreate under updatePolicy: Recreate (intent
   * first, as any create); otherwise report it, keeping the old ID for reference.
   */
  private Outcome goneFromOms(Work w, Drift drift, SpecValidator.Validation validation,
      Resolution credentials) {
    String oldId = w.draft.getDataSourceId();
    if (w.resource.getSpec().getUpdatePolicy() == UpdatePolicy.Recreate && validation.valid()
        && credentials.ok()) {
      String name = w.resource.effectiveOmsName();
      NameClaims.Claim claim = claims.check(w.resource, name, w.ports.claimants(name));
      if (claim.owned()) {
        w.ports.event(w.resource, WARNING, ReadyReason.NOT_FOUND_IN_OMS, "Data source " + oldId
            + " is no longer in OMS; creating it again (updatePolicy: Recreate)");
        w.forgetDataSource();
        return create(w, credentials, name);
      }
    }
    w.notReady(ReadyReason.NOT_FOUND_IN_OMS, "Data source '" + w.draft.getOmsName() + "' (ID "
        + oldId + ") is no longer in OMS: it was deleted outside the operator." + drift.detail()
        + " Set spec.updatePolicy: Recreate to create it again, or delete this resource (no OMS"
        + " call is made).");
    return w.finish("not-found-in-oms", null);
  }

  /**
   * updatePolicy: Recreate. Delete the old data source (not found counts as deleted), then create
   * as if new. A crash between the two leaves the old ID in status; the next reconcile deletes it
   * again (not found) and goes on, so nothing leaks and nothing is created twice.
   */
  private Outcome recreate(Work w, Resolution credentials, String outOfDateReason) {
    String oldId = w.draft.getDataSourceId();
    String name = w.resource.effectiveOmsName();
    NameClaims.Claim claim = claims.check(w.resource, name, w.ports.claimants(name));
    if (!claim.owned()) {
      // Checked before deleting: the create could not follow, and the old data source would be
      // lost.
      w.upToDate("False", outOfDateReason, "Not recreated: the OMS name '" + name
          + "' belongs to the resource " + claim.ownerNamespace() + "/" + claim.ownerName()
          + ", so data source " + oldId + " is kept. Choose another spec.name, or delete one of"
          + " the two resources.");
      return w.finish("recreate-name-conflict",
          claim.ownerLeaving() ? options.retryBaseDelay() : options.slowRetryDelay());
    }
    if (!name.equals(w.draft.getOmsName())
        && w.resource.getSpec().getAdoptionPolicy() != AdoptionPolicy.Adopt) {
      // A new name that OMS already has would end in NameConflict after the delete.
      DataSourceRecord taken;
      try {
        taken = lookUp(w, name);
      } catch (OmsException e) {
        w.requestId(e.requestId());
        FailureTable.Decision d = table.forCreate(e.kind(), w.countFailure(e.kind()));
        w.draft.setLastError(errorStatus(e.error()));
        w.upToDate("False", outOfDateReason, "Not recreated yet: could not look up '" + name
            + "' in OMS: " + describe(e.error()) + " " + d.retryText());
        return w.finish("recreate-lookup-failed", d.rescheduleAfter());
      }
      if (taken != null) {
        w.upToDate("False", outOfDateReason, "Not recreated: a data source named '" + name
            + "' already exists in OMS (ID " + taken.id() + ") and was not created by this"
            + " resource, so data source " + oldId + " is kept. Set spec.adoptionPolicy: Adopt to"
            + " take it over, or choose another spec.name. Checked again every "
            + Durations.format(options.slowRetryDelay()) + ".");
        return w.finish("recreate-name-conflict-oms", options.slowRetryDelay());
      }
    }
    w.upToDate("False", UpToDateReason.RECREATING, "Deleting data source " + oldId
        + " to create it again (spec.updatePolicy: Recreate).");
    try {
      DeleteResult result = oms.deleteDataSource(oldId);
      w.requestId(result.requestId());
    } catch (OmsException.NotFound gone) {
      w.requestId(gone.requestId());
    } catch (OmsException e) {
      w.requestId(e.requestId());
      FailureTable.Decision d = table.forDelete(e.kind(), w.countFailure(e.kind()));
      w.draft.setLastError(errorStatus(e.error()));
      w.upToDate("False", UpToDateReason.RECREATING, "Could not delete data source " + oldId
          + " to recreate it: " + describe(e.error()) + " " + d.retryText());
      return w.finish("recreate-delete-failed", d.rescheduleAfter());
    }
    inventory.deleted(oldId);
    w.ports.event(w.resource, NORMAL, "Deleted", "Deleted data source " + oldId
        + " to create it again (updatePolicy: Recreate)" + requestIdSuffix(w.requestId));
    w.forgetDataSource();
    return create(w, credentials, name);
  }

  /** No ID yet: look the name up, then adopt, refuse, or create behind a persisted intent. */
  private Outcome create(Work w, Resolution credentials, String name) {
    boolean hadIntent = w.draft.getCreateIntent() != null
        && name.equals(w.draft.getCreateIntent().getOmsName());
    w.draft.setOmsName(name);
    if (!hadIntent) {
      // The inputs of the attempt the intent announces, persisted with it.
      w.draft.setSpecFingerprint(Fingerprints.spec(w.resource));
      w.draft.setSecretsFingerprint(credentials.fingerprint());
    }

    // Observe: the create may already have happened (lost answer, crash, or someone else's).
    // An intent of this resource gets a fresh, targeted lookup; otherwise the shared snapshot.
    DataSourceRecord match;
    try {
      match = hadIntent ? lookUp(w, name) : lookUpInInventory(w, name);
    } catch (OmsException e) {
      return failure(w, e);
    }
    if (match != null) {
      return found(w, match, hadIntent, credentials);
    }

    // Act: persist the intent first. If this write fails, the exception ends the reconcile and no
    // OMS call is made.
    if (!hadIntent) {
      w.draft.setCreateIntent(new CreateIntent(name, editor.now()));
      // A retry of a failed create keeps the failure (its message says it is retried): flipping
      // Ready through Unknown would give the same repeating error a new lastTransitionTime.
      Condition ready = StatusEditor.find(w.draft, Conditions.READY);
      if (ready == null || !CREATE_FAILURES.contains(ready.getReason())) {
        w.setReady("Unknown", ReadyReason.CREATING, "Creating data source '" + name + "' in OMS.");
      }
      w.write();
    } else {
      // The lookup found nothing, so no earlier attempt created anything: a data source found
      // later can only come from this attempt (or a later one). If its inputs differ from the
      // recorded ones (a Secret rotated or the spec changed since the intent), record them before
      // sending, as the intent was: recorded only with the outcome, a lost outcome (crash, or a
      // 409 on that status write) would leave the older inputs on record, and the data source
      // would be compared with inputs it was not created from.
      // (An intent recorded without inputs, as by older versions, keeps them unknown until the
      // outcome.)
      String spec = Fingerprints.spec(w.resource);
      String secrets = credentials.fingerprint();
      boolean recorded = w.draft.getSpecFingerprint() != null
          && w.draft.getSecretsFingerprint() != null;
      boolean changed = !spec.equals(w.draft.getSpecFingerprint())
          || !secrets.equals(w.draft.getSecretsFingerprint());
      w.draft.setSpecFingerprint(spec);
      w.draft.setSecretsFingerprint(secrets);
      if (recorded && changed) {
        w.write();
      }
    }
    CreateResult result;
    try {
      result = oms.createPolarDbxDataSource(request(w.resource, credentials, name));
    } catch (OmsException e) {
      w.requestId(e.requestId());
      return createFailed(w, e, hadIntent, name, credentials);
    }
    w.requestId(result.requestId());
    inventory.created(sent(result.id(), w.resource, credentials, name));
    w.record(result.id(), name, credentials);
    w.ready(ReadyReason.CREATED, "Created data source '" + name + "' in OMS with ID "
        + result.id() + ".");
    w.ports.event(w.resource, NORMAL, "Created", "Created data source '" + name + "' with ID "
        + result.id() + requestIdSuffix(result.requestId()));
    return w.finish("created", null);
  }

  private Outcome createFailed(Work w, OmsException e, boolean hadIntent, String name,
      Resolution credentials) {
    switch (e.kind()) {
      case REJECTED:
      case ENVIRONMENT:
        // The code and words for "name taken" are undocumented, and the name was checked against
        // a snapshot that may predate someone else's create: look before deciding.
        DataSourceRecord match;
        try {
          match = lookUp(w, name);
        } catch (OmsException listFailure) {
          return failure(w, listFailure);
        }
        if (match != null) {
          return found(w, match, hadIntent, credentials);
        }
        if (e.kind() == OmsFailureKind.REJECTED || !hadIntent) {
          w.draft.setCreateIntent(null);
        }
        return failure(w, e);
      case TRANSIENT:
      case NOT_FOUND:
        // Outcome unknown: keep the intent; the next attempt looks the name up first.
        return failure(w, e);
      default:
        // OMS answered that it did not create. If no earlier attempt is unaccounted for, nothing
        // can exist under this name because of this resource.
        if (!hadIntent) {
          w.draft.setCreateIntent(null);
        }
        return failure(w, e);
    }
  }

  /** A data source of this name exists in OMS. */
  private Outcome found(Work w, DataSourceRecord match, boolean hadIntent,
      Resolution credentials) {
    String name = match.name();
    if (hadIntent) {
      foundAfterLostAnswer(w, match, credentials);
      return w.finish("created-found", null);
    }
    if (w.resource.getSpec().getAdoptionPolicy() == AdoptionPolicy.Adopt) {
      w.record(match.id(), name, null);
      w.ready(ReadyReason.ADOPTED, "Adopted the existing data source '" + name + "' with ID "
          + match.id() + " (spec.adoptionPolicy: Adopt).");
      w.ports.event(w.resource, NORMAL, "Adopted", "Adopted data source '" + name + "' with ID "
          + match.id() + requestIdSuffix(w.requestId));
      return w.finish("adopted", null);
    }
    w.draft.setCreateIntent(null);
    Duration slow = options.slowRetryDelay();
    w.notReady(ReadyReason.NAME_CONFLICT, "A data source named '" + name
        + "' already exists in OMS (ID " + match.id() + ") and was not created by this resource."
        + " Set spec.adoptionPolicy: Adopt to take it over, or choose another spec.name. Checked"
        + " again every " + Durations.format(slow) + ".");
    return w.finish("name-conflict-oms", slow);
  }

  /**
   * Records {@code match}, found by the name of this resource's own create intent. It was created
   * from the inputs of an earlier attempt, whose fingerprints are in the status this reconcile
   * started from: a spec or Secret changed since then shows in UpToDate ({@code credentials} null:
   * the caller reports UpToDate itself).
   */
  private void foundAfterLostAnswer(Work w, DataSourceRecord match, Resolution credentials) {
    String name = match.name();
    inventory.created(match);
    w.record(match.id(), name, null);
    w.draft.setSpecFingerprint(w.before.getSpecFingerprint());
    w.draft.setSecretsFingerprint(w.before.getSecretsFingerprint());
    if (credentials != null
        && !Fingerprints.spec(w.resource).equals(w.draft.getSpecFingerprint())) {
      w.upToDate("False", UpToDateReason.SPEC_CHANGED, SPEC_CHANGED_TEXT);
    } else if (credentials != null
        && !credentials.fingerprint().equals(w.draft.getSecretsFingerprint())) {
      w.upToDate("False", UpToDateReason.CREDENTIALS_CHANGED, CREDENTIALS_CHANGED_TEXT);
    }
    w.ready(ReadyReason.CREATED, "Created data source '" + name + "' in OMS with ID "
        + match.id() + " (found by name after an attempt whose answer was lost).");
    w.ports.event(w.resource, NORMAL, "Created", "Found data source '" + name + "' with ID "
        + match.id() + ", created by an earlier attempt whose answer was lost"
        + requestIdSuffix(w.requestId));
  }

  private Outcome failure(Work w, OmsException e) {
    w.requestId(e.requestId());
    FailureTable.Decision d = table.forCreate(e.kind(), w.countFailure(e.kind()));
    w.draft.setLastError(errorStatus(e.error()));
    w.notReady(d.reason(), failureText(e) + " " + d.retryText());
    return w.finish("oms-failure", d.rescheduleAfter());
  }

  /**
   * The name in a snapshot no older than OMS_INVENTORY_MAX_AGE. If the listing fails, a targeted
   * lookup instead: never a create without looking.
   */
  private DataSourceRecord lookUpInInventory(Work w, String name) {
    try {
      return inventory.fresh().name(name).orElse(null);
    } catch (OmsException e) {
      LOG.debug("inventory refresh failed ({}); looking '{}' up directly", e.kind(), name);
      return lookUp(w, name);
    }
  }

  /** What OMS holds after a create of ours: the fields this resource sent, no secret. */
  private static DataSourceRecord sent(String id, PolarDBXDataSource r, Resolution c,
      String name) {
    return new DataSourceRecord(id, name, null, r.getSpec().getRegion(), null, null,
        c.username(), r.getSpec().getDescription(), null, null);
  }

  private DataSourceRecord lookUp(Work w, String name) {
    ListResult list = oms.listDataSources(name);
    w.requestId(list.requestId());
    // ListDataSource may match substrings: only an exact name counts.
    return list.dataSources().stream()
        .filter(r -> name.equals(r.name() == null ? null : r.name().trim()))
        .findFirst()
        .orElse(null);
  }

  private static CreateDataSourceRequest request(PolarDBXDataSource r, Resolution c, String name) {
    return new CreateDataSourceRequest(name, r.getSpec().getRegion(), c.username(), c.password(),
        c.accessKeyId(), c.accessKeySecret(), r.getSpec().getIntranetAddr(),
        r.getSpec().getDescription());
  }

  // ---------------------------------------------------------------------------------------------
  // cleanup

  Outcome cleanup(PolarDBXDataSource resource, Ports ports) {
    Work w = new Work(resource, ports);
    String held = w.draft.getDataSourceId();
    if (Annotations.paused(resource)) {
      ports.event(resource, NORMAL, "Released", "Released while paused without an OMS call"
          + (held == null ? "." : "; data source " + held + " stays in OMS."));
      return w.release("released-paused");
    }
    if (resource.getSpec() != null && resource.getSpec().observeOnly()) {
      if (held != null) {
        ports.event(resource, NORMAL, "Released", "Released; data source " + held
            + " stays in OMS (managementPolicy: Observe)");
      }
      return w.release("released-observer");
    }
    DeletionPolicy policy = resource.getSpec() != null
        && resource.getSpec().getDeletionPolicy() != null
        ? resource.getSpec().getDeletionPolicy() : options.defaultDeletionPolicy();
    String id = w.draft.getDataSourceId();
    CreateIntent intent = w.draft.getCreateIntent();

    if (policy == DeletionPolicy.Orphan) {
      if (id != null) {
        ports.event(resource, NORMAL, "Orphaned", "Released; data source " + id
            + " stays in OMS (deletionPolicy: Orphan)");
      }
      return w.release("orphaned");
    }
    if (id == null && intent == null) {
      return w.release("released-without-data-source");
    }
    Condition ready = StatusEditor.find(w.draft, Conditions.READY);
    if (id != null && ready != null && ReadyReason.NOT_FOUND_IN_OMS.equals(ready.getReason())) {
      ports.event(resource, NORMAL, "Released", "Released; data source " + id
          + " was already gone from OMS");
      return w.release("released-gone-from-oms");
    }
    if (id == null) {
      // A create may have committed without its answer: find it so that nothing leaks.
      try {
        DataSourceRecord match = lookUp(w, intent.getOmsName());
        if (match == null) {
          return w.release("released-nothing-created");
        }
        id = match.id();
      } catch (OmsException e) {
        return deleteFailed(w, e, intent.getOmsName());
      }
    }
    PolarDBXDataSource holder = otherHolder(resource, ports, id,
        w.draft.getDataSourceId() != null ? w.draft.getOmsName() : intent.getOmsName());
    if (holder != null) {
      // Found by name after a race, or adopted by both: deleting it would take it from the other.
      ports.event(resource, NORMAL, "Orphaned", "Released; data source " + id + " stays in OMS"
          + " because " + holder.getMetadata().getNamespace() + "/"
          + holder.getMetadata().getName() + " holds it");
      return w.release("released-held-by-other");
    }
    try {
      DeleteResult result = oms.deleteDataSource(id);
      w.requestId(result.requestId());
      inventory.deleted(id);
      ports.event(resource, NORMAL, "Deleted", "Deleted data source " + id
          + requestIdSuffix(result.requestId()));
    } catch (OmsException.NotFound gone) {
      w.requestId(gone.requestId());
      inventory.deleted(id);
      ports.event(resource, NORMAL, "Deleted", "Data source " + id
          + " was already gone from OMS" + requestIdSuffix(gone.requestId()));
    } catch (OmsException e) {
      return deleteFailed(w, e, id);
    }
    return w.release("deleted");
  }

  /** Another resource, not itself being deleted, whose status holds data source {@code id}. */
  private static PolarDBXDataSource otherHolder(PolarDBXDataSource self, Ports ports, String id,
      String omsName) {
    if (omsName == null) {
      return null;
    }
    for (PolarDBXDataSource c : ports.claimants(omsName)) {
      if (!Objects.equals(c.getMetadata().getUid(), self.getMetadata().getUid())
          && c.getMetadata().getDeletionTimestamp() == null && !NameClaims.observer(c)
          && c.getStatus() != null && id.equals(c.getStatus().getDataSourceId())) {
        return c;
      }
    }
    return null;
  }

  private Outcome deleteFailed(Work w, OmsException e, String what) {
    w.requestId(e.requestId());
    FailureTable.Decision d = table.forDelete(e.kind(), w.countFailure(e.kind()));
    String advice = d.retry() == FailureTable.Retry.BACKOFF ? ""
        : " To release the resource and keep the data source in OMS, set"
            + " spec.deletionPolicy: Orphan.";
    w.draft.setLastError(errorStatus(e.error()));
    w.notReady(d.reason(), "Could not delete data source " + what + ": " + failureText(e)
        + " " + d.retryText() + advice);
    return w.finish("delete-failed", d.rescheduleAfter());
  }

  // ---------------------------------------------------------------------------------------------
  // texts

  private static String failureText(OmsException e) {
    String what;
    switch (e.kind()) {
      case TRANSIENT:
        what = "OMS is unavailable or failing transiently";
        break;
      case ENVIRONMENT:
        what = "OMS could not reach the database (check intranetAddr and the network)";
        break;
      case AUTHENTICATION:
        what = "OMS refused the operator's credentials (check the operator's OMS user)";
        break;
      case REJECTED:
        what = "OMS rejected the request (check the spec and the Secrets)";
        break;
      case UNSUPPORTED_ACTION:
        what = "This OMS does not support " + e.action();
        break;
      default:
        what = "OMS answered " + e.kind();
    }
    return what + ": " + describe(e.error()) + ".";
  }

  /** OMS's own words (code, message, advice), never exception text. */
  static String describe(OmsError error) {
    StringBuilder b = new StringBuilder();
    if (error.code() == null && error.message() == null) {
      return error.httpStatus() == 0
          ? "no answer (connection failed, reset or timed out)"
          : "HTTP " + error.httpStatus();
    }
    if (error.code() != null) {
      b.append('[').append(error.code()).append("] ");
    }
    b.append(error.message() == null ? "no message" : error.message().trim());
    if (error.advice() != null && !error.advice().isBlank()) {
      b.append(" Advice: ").append(error.advice().trim());
    }
    return b.toString();
  }

  private static OmsErrorStatus errorStatus(OmsError e) {
    return new OmsErrorStatus(e.code(), e.message(), e.advice(), e.requestId());
  }

  private static String requestIdSuffix(String requestId) {
    return requestId == null ? "." : " (OMS request ID " + requestId + ").";
  }

  // ---------------------------------------------------------------------------------------------

  /** The state of one reconcile: the resource as last written, the status being built. */
  private final class Work {
    final Ports ports;
    final PolarDBXDataSource start;
    final PolarDBXDataSourceStatus before;
    final PolarDBXDataSourceStatus draft;
    final Long generation;
    PolarDBXDataSource resource;
    String requestId;

    Work(PolarDBXDataSource resource, Ports ports) {
      this.ports = ports;
      this.start = resource;
      this.resource = resource;
      this.before = StatusEditor.copy(resource.getStatus());
      this.draft = StatusEditor.copy(resource.getStatus());
      this.generation = resource.getMetadata().getGeneration();
    }

    String uid() {
      return resource.getMetadata().getUid();
    }

    void requestId(String id) {
      if (id != null) {
        requestId = id;
      }
    }

    int countFailure(OmsFailureKind kind) {
      return failures.merge(uid(), 1, Integer::sum);
    }

    /**
     * Rejected before with exactly this generation and these Secret versions: do not retry. An
     * intent means a later attempt's outcome is unknown (a retry keeps the Rejected condition
     * while it runs): that attempt must be looked up, not skipped.
     */
    boolean rejectedBefore(Resolution credentials) {
      Condition ready = StatusEditor.find(before, Conditions.READY);
      return ready != null && ReadyReason.REJECTED.equals(ready.getReason())
          && before.getCreateIntent() == null
          && Objects.equals(ready.getObservedGeneration(), generation)
          && Objects.equals(before.getSecretsFingerprint(), credentials.fingerprint())
          && Objects.equals(before.getSpecFingerprint(), Fingerprints.spec(resource));
    }

    void record(String id, String name, Resolution credentials) {
      failures.remove(uid());
      draft.setDataSourceId(id);
      draft.setOmsName(name);
      draft.setCreateIntent(null);
      draft.setLastError(null);
      draft.setSpecFingerprint(Fingerprints.spec(resource));
      if (credentials != null) {
        draft.setSecretsFingerprint(credentials.fingerprint());
      }
      upToDate("True", UpToDateReason.IN_SYNC,
          "The data source matches the spec and the Secrets it was created from.");
    }

    /** Drops the recorded data source before creating it again (updatePolicy: Recreate). */
    void forgetDataSource() {
      draft.setDataSourceId(null);
      draft.setSpecFingerprint(null);
      draft.setSecretsFingerprint(null);
      StatusEditor.remove(draft, Conditions.UP_TO_DATE);
      setReady("Unknown", ReadyReason.CREATING, "Recreating the data source in OMS.");
    }

    Work ready(String reason, String message) {
      setReady("True", reason, message);
      return this;
    }

    Work notReady(String reason, String message) {
      // Any outcome other than an outage ends a run of consecutive failures.
      if (!ReadyReason.OMS_UNAVAILABLE.equals(reason) && !ReadyReason.DELETING.equals(reason)) {
        failures.remove(uid());
      }
      setReady("False", reason, message);
      return this;
    }

    void setReady(String status, String reason, String message) {
      editor.set(draft, Conditions.READY, status, reason, message, generation);
    }

    void upToDate(String status, String reason, String message) {
      editor.set(draft, Conditions.UP_TO_DATE, status, reason, message, generation);
    }

    /** Persists the draft now (used for the intent, before calling OMS). */
    void write() {
      draft.setObservedGeneration(generation);
      resource = ports.writeStatus(resource, StatusEditor.copy(draft));
    }

    Outcome finish(String label, Duration rescheduleAfter) {
      draft.setObservedGeneration(generation);
      keepFirstRequestIdOfRepeatedError();
      if (!draft.equals(resource.getStatus() == null
          ? new PolarDBXDataSourceStatus() : resource.getStatus())) {
        resource = ports.writeStatus(resource, StatusEditor.copy(draft));
      }
      emitTransitionEvent();
      return outcome(label, rescheduleAfter, false);
    }

    Outcome release(String label) {
      failures.remove(uid());
      return outcome(label, null, true);
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

    private boolean sameText(Condition a, Condition b) {
      return a == null ? b == null : b != null
          && Objects.equals(a.getReason(), b.getReason())
          && Objects.equals(a.getMessage(), b.getMessage());
    }

    /** One Warning Event when Ready turns into a failure reason, not one per retry. */
    private void emitTransitionEvent() {
      Condition was = StatusEditor.find(before, Conditions.READY);
      Condition now = StatusEditor.find(draft, Conditions.READY);
      if (now == null || "True".equals(now.getStatus()) || "Unknown".equals(now.getStatus())) {
        return;
      }
      if (was != null && Objects.equals(was.getStatus(), now.getStatus())
          && Objects.equals(was.getReason(), now.getReason())) {
        return;
      }
      String reason = now.getReason();
      String eventReason;
      if (CREATE_FAILURES.contains(reason)) {
        eventReason = start.isMarkedForDeletion() ? "DeleteFailed" : "CreateFailed";
      } else if (ReadyReason.DELETE_FAILED.equals(reason)
          || ReadyReason.DELETE_UNSUPPORTED.equals(reason)
          || ReadyReason.DELETING.equals(reason)) {
        eventReason = "DeleteFailed";
      } else {
        eventReason = reason;
      }
      ports.event(resource, WARNING, eventReason, reason + ": " + now.getMessage()
          + (requestId == null ? "" : " (OMS request ID " + requestId + ")"));
    }
  }
}
