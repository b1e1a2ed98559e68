package io.datasource.oms.reconciler;

import io.datasource.oms.api.v1alpha1.Conditions;
import io.datasource.oms.api.v1alpha1.Conditions.ReadyReason;
import io.datasource.oms.api.v1alpha1.Conditions.UpToDateReason;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSource;
import io.datasource.oms.client.DataSourceRecord;
import io.datasource.oms.client.DeleteResult;
import io.datasource.oms.client.OmsClient;
import io.datasource.oms.client.OmsException;
import java.util.Objects;

/**
 * The execute step: carries out a {@link Plan}. The deletes of OMS are made here, the create
 * (behind its persisted intent) in {@link CreateExecution}; every failed OMS call of either goes
 * through the one failure path, {@link FailurePath}. A {@link Plan.Step} changes the status
 * draft, after which {@link Observe} and {@link Planner} decide again.
 */
final class Execute {

  private final OmsClient oms;
  private final Inventory inventory;
  private final Observe observe;
  private final FailureTable table;
  private final ReconcilerOptions options;
  private final FailurePath failures;
  private final CreateExecution creation;

  Execute(OmsClient oms, Inventory inventory, Observe observe, FailureTable table,
      ReconcilerOptions options) {
    this.oms = oms;
    this.inventory = inventory;
    this.observe = observe;
    this.table = table;
    this.options = options;
    this.failures = new FailurePath(table);
    this.creation = new CreateExecution(oms, inventory, observe, table, options, failures);
  }

  /** Runs the plan of a reconcile; {@code in} may be null for a plan that needs no inputs. */
  Outcome reconcile(Plan plan, Inputs in, Observation seen, StatusRecorder record) {
    if (plan instanceof Plan.Pause) {
      record.paused();
      return record.finishPaused();
    }
    StatusEditor.remove(record.draft(), Conditions.PAUSED);
    if (seen.token() != null) {
      // Copied to status by this reconcile's status write, so that a script can wait for it.
      record.draft().setLastHandledReconcileAt(seen.token());
    }
    while (plan instanceof Plan.Step step) {
      apply(step, record);
      seen = observe.after(step, in, record, seen);
      plan = Planner.reconcile(in, seen, record.draft(), record.before(), options);
    }
    return run(plan, in, record);
  }

  private Outcome run(Plan plan, Inputs in, StatusRecorder record) {
    if (plan instanceof Plan.Refuse p) {
      return failures.refuse(p.reason(), p.message(), p.label(), p.retry(), record);
    } else if (plan instanceof Plan.Keep p) {
      return record.finish(p.label(), null);
    } else if (plan instanceof Plan.Report p) {
      return report(p, record);
    } else if (plan instanceof Plan.Fail p) {
      return failures.fail(p.failure(), FailurePath.Failed.CREATE, record);
    } else if (plan instanceof Plan.Recreate p) {
      return recreate(p, in, record);
    } else if (plan instanceof Plan.RecreateGone p) {
      record.event(TransitionEvents.WARNING, ReadyReason.NOT_FOUND_IN_OMS,
          Messages.goneRecreatingEvent(p.oldId()));
      forgetDataSource(record);
      return creation.create(Planner.create(p.name(), record.draft()), in, record);
    } else if (plan instanceof Plan.Observed p) {
      String name = in.name();
      String id = p.match().id();
      creation.recordDataSource(record, id, name, in.credentials().ok() ? in.credentials() : null);
      record.ready(new Plan.Cond("True", ReadyReason.OBSERVED, Messages.observedFound(name, id)));
      record.event(TransitionEvents.NORMAL, ReadyReason.OBSERVED,
          Messages.observedEvent(name, id, record.requestId()));
      return record.finish("observed", null);
    } else if (plan instanceof Plan.ObservedMissing p) {
      record.draft().setOmsName(p.name());
      return failures.refuse(ReadyReason.NOT_FOUND_IN_OMS,
          Messages.observedMissing(p.name(), options.slowRetryDelay()), "observe-not-found",
          options.slowRetryDelay(), record);
    } else if (plan instanceof Plan.Create p) {
      return creation.create(p, in, record);
    }
    return creation.found(plan, in, record);
  }

  /** Runs the plan of a cleanup. */
  Outcome cleanup(Plan plan, StatusRecorder record, Ports ports) {
    if (plan instanceof Plan.Release p) {
      if (p.eventReason() != null) {
        record.event(TransitionEvents.NORMAL, p.eventReason(), p.eventMessage());
      }
      return release(p.label(), record);
    }
    if (plan instanceof Plan.DeleteIfCreated p) {
      DataSourceRecord match;
      try {
        match = observe.lookUp(record, p.omsName());
      } catch (OmsException e) {
        return failures.fail(e, FailurePath.Failed.delete(p.omsName()), record);
      }
      return match == null ? release("released-nothing-created", record)
          : delete(match.id(), p.omsName(), record, ports);
    }
    Plan.Delete p = (Plan.Delete) plan;
    return delete(p.id(), p.omsName(), record, ports);
  }

  private Outcome delete(String id, String omsName, StatusRecorder record, Ports ports) {
    PolarDBXDataSource holder = otherHolder(record.resource(), ports, id, omsName);
    if (holder != null) {
      // Found by name after a race, or adopted by both: deleting it would take it from the other.
      record.event(TransitionEvents.NORMAL, "Orphaned", Messages.heldByOtherEvent(id,
          holder.getMetadata().getNamespace(), holder.getMetadata().getName()));
      return release("released-held-by-other", record);
    }
    try {
      DeleteResult result = oms.deleteDataSource(id);
      record.requestId(result.requestId());
      inventory.deleted(id);
      record.event(TransitionEvents.NORMAL, "Deleted",
          Messages.deletedEvent(id, result.requestId()));
    } catch (OmsException.NotFound gone) {
      record.requestId(gone.requestId());
      inventory.deleted(id);
      record.event(TransitionEvents.NORMAL, "Deleted",
          Messages.alreadyGoneEvent(id, gone.requestId()));
    } catch (OmsException e) {
      return failures.fail(e, FailurePath.Failed.delete(id), record);
    }
    return release("deleted", record);
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

  /**
   * updatePolicy: Recreate. Delete the old data source (not found counts as deleted), then create
   * as if new. A crash between the two leaves the old ID in status; the next reconcile deletes it
   * again (not found) and goes on, so nothing leaks and nothing is created twice.
   */
  private Outcome recreate(Plan.Recreate p, Inputs in, StatusRecorder record) {
    if (p.ready() != null) {
      record.ready(p.ready());
    }
    record.draft().setLastError(null);
    if (p.checkNameInOms()) {
      DataSourceRecord taken;
      try {
        taken = observe.lookUp(record, p.name());
      } catch (OmsException e) {
        return failures.fail(e,
            FailurePath.Failed.recreateLookUp(p.name(), p.outOfDateReason()), record);
      }
      if (taken != null) {
        return report(Planner.recreateNameTaken(p, taken, options), record);
      }
    }
    record.upToDate(new Plan.Cond("False", UpToDateReason.RECREATING,
        Messages.recreating(p.oldId())));
    try {
      DeleteResult result = oms.deleteDataSource(p.oldId());
      record.requestId(result.requestId());
    } catch (OmsException.NotFound gone) {
      record.requestId(gone.requestId());
    } catch (OmsException e) {
      return failures.fail(e, FailurePath.Failed.recreateDelete(p.oldId()), record);
    }
    inventory.deleted(p.oldId());
    record.event(TransitionEvents.NORMAL, "Deleted",
        Messages.deletedToRecreateEvent(p.oldId(), record.requestId()));
    forgetDataSource(record);
    return creation.create(Planner.create(p.name(), record.draft()), in, record);
  }

  private void apply(Plan.Step step, StatusRecorder record) {
    if (step instanceof Plan.SettleOwn p) {
      // Ours, created under the old name: the name change is then a spec change like any other.
      creation.recordCreatedEarlier(record, p.match(), null);
    } else if (step instanceof Plan.Forget p) {
      if (p.dataSource()) {
        record.draft().setDataSourceId(null);
        StatusEditor.remove(record.draft(), Conditions.UP_TO_DATE);
      }
      record.draft().setCreateIntent(null);
    } else {
      record.draft().setCreateIntent(null); // DropIntent
    }
  }

  /** Drops the recorded data source before creating it again (updatePolicy: Recreate). */
  private static void forgetDataSource(StatusRecorder record) {
    record.draft().setDataSourceId(null);
    record.draft().setSpecFingerprint(null);
    record.draft().setSecretsFingerprint(null);
    StatusEditor.remove(record.draft(), Conditions.UP_TO_DATE);
    record.ready(new Plan.Cond("Unknown", ReadyReason.CREATING, Messages.RECREATING));
  }

  private Outcome report(Plan.Report p, StatusRecorder record) {
    if (p.ready() != null) {
      record.ready(p.ready());
    }
    record.draft().setLastError(null);
    record.upToDate(p.upToDate());
    return record.finish(p.label(), p.retry());
  }

  private Outcome release(String label, StatusRecorder record) {
    table.settled(record.uid());
    return record.release(label);
  }
}
