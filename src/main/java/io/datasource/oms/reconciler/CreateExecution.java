package io.datasource.oms.reconciler;

import io.datasource.oms.api.v1alpha1.AdoptionPolicy;
import io.datasource.oms.api.v1alpha1.Conditions;
import io.datasource.oms.api.v1alpha1.Conditions.ReadyReason;
import io.datasource.oms.api.v1alpha1.Conditions.UpToDateReason;
import io.datasource.oms.api.v1alpha1.CreateIntent;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSource;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSourceStatus;
import io.datasource.oms.client.CreateDataSourceRequest;
import io.datasource.oms.client.CreateResult;
import io.datasource.oms.client.DataSourceRecord;
import io.datasource.oms.client.OmsClient;
import io.datasource.oms.client.OmsException;
import io.fabric8.kubernetes.api.model.Condition;

/**
 * The execute step of a create: look the name up, then record what exists, or persist the intent
 * and only then call CreatePolarDBDataSource. If the intent write fails, its exception ends the
 * reconcile and OMS is not called. A refused create is looked up before it is reported, since
 * the name may have been taken meanwhile (by this resource's earlier attempt, or another).
 */
final class CreateExecution {

  private final OmsClient oms;
  private final Inventory inventory;
  private final Observe observe;
  private final FailureTable table;
  private final ReconcilerOptions options;
  private final FailurePath failures;

  CreateExecution(OmsClient oms, Inventory inventory, Observe observe, FailureTable table,
      ReconcilerOptions options, FailurePath failures) {
    this.oms = oms;
    this.inventory = inventory;
    this.observe = observe;
    this.table = table;
    this.options = options;
    this.failures = failures;
  }

  Outcome create(Plan.Create plan, Inputs in, StatusRecorder record) {
    String name = plan.name();
    boolean hadIntent = plan.hadIntent();
    Resolution credentials = in.credentials();
    PolarDBXDataSourceStatus draft = record.draft();
    draft.setOmsName(name);
    if (!hadIntent) {
      // The inputs of the attempt the intent announces, persisted with it.
      draft.setSpecFingerprint(Fingerprints.spec(record.resource()));
      draft.setSecretsFingerprint(credentials.fingerprint());
    }
    // The create may already have happened (lost answer, crash, or someone else's). An intent of
    // this resource gets a fresh, targeted lookup; otherwise the shared snapshot.
    DataSourceRecord match;
    try {
      match = hadIntent ? observe.lookUp(record, name) : observe.lookUpInInventory(record, name);
    } catch (OmsException e) {
      return failures.fail(e, FailurePath.Failed.CREATE, record);
    }
    if (match != null) {
      return found(Planner.found(match, hadIntent, adoption(in)), in, record);
    }
    if (intentToPersist(hadIntent, name, credentials, record)) {
      record.persistIntent();
    }
    CreateResult result;
    try {
      result = oms.createPolarDbxDataSource(request(record.resource(), credentials, name));
    } catch (OmsException e) {
      record.requestId(e.requestId());
      return refused(e, hadIntent, name, in, record);
    }
    record.requestId(result.requestId());
    inventory.created(sent(result.id(), record.resource(), credentials, name));
    recordDataSource(record, result.id(), name, credentials);
    record.ready(new Plan.Cond("True", ReadyReason.CREATED, Messages.created(name, result.id())));
    record.event(TransitionEvents.NORMAL, "Created",
        Messages.createdEvent(name, result.id(), result.requestId()));
    return record.finish("created", null);
  }

  /**
   * Puts the intent in the draft; true when it must be persisted before the create call. A new
   * intent always is. An outstanding one is rewritten only when the attempt's inputs changed: the
   * lookup found nothing, so a data source found later can only come from this attempt, and it
   * must be compared with the inputs it was created from, also if this outcome gets lost. (An
   * intent recorded without inputs, as by older versions, keeps them unknown until the outcome.)
   */
  private boolean intentToPersist(boolean hadIntent, String name, Resolution credentials,
      StatusRecorder record) {
    PolarDBXDataSourceStatus draft = record.draft();
    if (!hadIntent) {
      draft.setCreateIntent(new CreateIntent(name, record.now()));
      // A retry of a failed create keeps the failure (its message says it is retried): flipping
      // Ready through Unknown would give the same repeating error a new lastTransitionTime.
      Condition ready = StatusEditor.find(draft, Conditions.READY);
      if (ready == null || !TransitionEvents.CREATE_FAILURES.contains(ready.getReason())) {
        record.ready(new Plan.Cond("Unknown", ReadyReason.CREATING, Messages.creating(name)));
      }
      return true;
    }
    String spec = Fingerprints.spec(record.resource());
    String secrets = credentials.fingerprint();
    boolean recorded = draft.getSpecFingerprint() != null && draft.getSecretsFingerprint() != null;
    boolean changed = !spec.equals(draft.getSpecFingerprint())
        || !secrets.equals(draft.getSecretsFingerprint());
    draft.setSpecFingerprint(spec);
    draft.setSecretsFingerprint(secrets);
    return recorded && changed;
  }

  /** OMS refused the create: look the name up when the table of refusals says so, then fail. */
  private Outcome refused(OmsException e, boolean hadIntent, String name, Inputs in,
      StatusRecorder record) {
    Planner.AfterFailure after = Planner.afterCreateFailure(e.kind(), hadIntent);
    if (after.lookUp()) {
      DataSourceRecord match;
      try {
        match = observe.lookUp(record, name);
      } catch (OmsException listFailure) {
        return failures.fail(listFailure, FailurePath.Failed.CREATE, record);
      }
      if (match != null) {
        return found(Planner.found(match, hadIntent, adoption(in)), in, record);
      }
    }
    if (after.dropIntent()) {
      record.draft().setCreateIntent(null);
    }
    return failures.fail(e, FailurePath.Failed.CREATE, record);
  }

  /** A data source of this name exists in OMS: {@link Planner#found} said what it is. */
  Outcome found(Plan plan, Inputs in, StatusRecorder record) {
    if (plan instanceof Plan.CreatedEarlier p) {
      recordCreatedEarlier(record, p.match(), in.credentials());
      return record.finish("created-found", null);
    }
    if (plan instanceof Plan.Adopt p) {
      String name = p.match().name();
      recordDataSource(record, p.match().id(), name, null);
      record.ready(new Plan.Cond("True", ReadyReason.ADOPTED,
          Messages.adopted(name, p.match().id())));
      record.event(TransitionEvents.NORMAL, "Adopted",
          Messages.adoptedEvent(name, p.match().id(), record.requestId()));
      return record.finish("adopted", null);
    }
    Plan.NameTaken p = (Plan.NameTaken) plan;
    record.draft().setCreateIntent(null);
    return failures.refuse(ReadyReason.NAME_CONFLICT,
        Messages.takenInOms(p.match(), options.slowRetryDelay()), "name-conflict-oms",
        options.slowRetryDelay(), record);
  }

  /**
   * Records {@code match}, found by the name of this resource's own create intent. It was created
   * from the inputs of an earlier attempt, whose fingerprints are in the status this reconcile
   * started from: a spec or Secret changed since then shows in UpToDate ({@code credentials} null:
   * the caller reports UpToDate itself).
   */
  void recordCreatedEarlier(StatusRecorder record, DataSourceRecord match,
      Resolution credentials) {
    String name = match.name();
    PolarDBXDataSourceStatus draft = record.draft();
    inventory.created(match);
    recordDataSource(record, match.id(), name, null);
    draft.setSpecFingerprint(record.before().getSpecFingerprint());
    draft.setSecretsFingerprint(record.before().getSecretsFingerprint());
    if (credentials != null
        && !Fingerprints.spec(record.resource()).equals(draft.getSpecFingerprint())) {
      record.upToDate(new Plan.Cond("False", UpToDateReason.SPEC_CHANGED,
          Messages.SPEC_CHANGED));
    } else if (credentials != null
        && !credentials.fingerprint().equals(draft.getSecretsFingerprint())) {
      record.upToDate(new Plan.Cond("False", UpToDateReason.CREDENTIALS_CHANGED,
          Messages.CREDENTIALS_CHANGED));
    }
    record.ready(new Plan.Cond("True", ReadyReason.CREATED,
        Messages.createdEarlier(name, match.id())));
    record.event(TransitionEvents.NORMAL, "Created",
        Messages.createdEarlierEvent(name, match.id(), record.requestId()));
  }

  /** The data source is this resource's now: ID, name and the inputs it matches. */
  void recordDataSource(StatusRecorder record, String id, String name, Resolution credentials) {
    table.settled(record.uid());
    PolarDBXDataSourceStatus draft = record.draft();
    draft.setDataSourceId(id);
    draft.setOmsName(name);
    draft.setCreateIntent(null);
    draft.setLastError(null);
    draft.setSpecFingerprint(Fingerprints.spec(record.resource()));
    if (credentials != null) {
      draft.setSecretsFingerprint(credentials.fingerprint());
    }
    record.upToDate(new Plan.Cond("True", UpToDateReason.IN_SYNC, Messages.IN_SYNC));
  }

  private static AdoptionPolicy adoption(Inputs in) {
    return in.resource().getSpec().getAdoptionPolicy();
  }

  /** What OMS holds after a create of ours: the fields this resource sent, no secret. */
  private static DataSourceRecord sent(String id, PolarDBXDataSource r, Resolution c,
      String name) {
    return new DataSourceRecord(id, name, null, r.getSpec().getRegion(), null, null,
        c.username(), r.getSpec().getDescription(), null, null);
  }

  private static CreateDataSourceRequest request(PolarDBXDataSource r, Resolution c, String name) {
    return new CreateDataSourceRequest(name, r.getSpec().getRegion(), c.username(), c.password(),
        c.accessKeyId(), c.accessKeySecret(), r.getSpec().getIntranetAddr(),
        r.getSpec().getDescription());
  }
}
