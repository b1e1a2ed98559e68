package io.datasource.oms.reconciler;

import io.datasource.oms.api.v1alpha1.Annotations;
import io.datasource.oms.api.v1alpha1.Conditions;
import io.datasource.oms.api.v1alpha1.Conditions.ReadyReason;
import io.datasource.oms.api.v1alpha1.CreateIntent;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSourceStatus;
import io.datasource.oms.client.DataSourceRecord;
import io.datasource.oms.client.ListResult;
import io.datasource.oms.client.OmsClient;
import io.datasource.oms.client.OmsException;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The observe step: what OMS holds for one resource. Besides {@link Execute}, the only step that
 * talks to OMS, and it only reads: the inventory, a listing by name, and the settling of a create
 * intent left under a name the spec no longer asks for. The request ID of every call goes to the
 * {@link StatusRecorder}.
 */
final class Observe {

  private static final Logger LOG = LoggerFactory.getLogger(Observe.class);

  private final OmsClient oms;
  private final Inventory inventory;

  Observe(OmsClient oms, Inventory inventory) {
    this.oms = oms;
    this.inventory = inventory;
  }

  /** Everything the first decision of a reconcile needs; nothing when paused. */
  Observation reconcile(Inputs in, StatusRecorder record) {
    if (in.paused()) {
      return Observation.NOTHING;
    }
    PolarDBXDataSourceStatus status = record.draft();
    String token = Annotations.reconcileRequestedAt(in.resource());
    if (token != null && !token.equals(status.getLastHandledReconcileAt())) {
      refresh(record, token);
    } else {
      token = null;
    }
    if (in.observeOnly()) {
      Drift drift = drift(in, record);
      if (status.getDataSourceId() != null && (drift == null || drift.kind() != Drift.Kind.GONE)) {
        return new Observation(token, drift, Observation.Settle.NONE, null, null);
      }
      try {
        return new Observation(token, drift, Observation.Settle.NONE,
            lookUpInInventory(record, in.name()), null);
      } catch (OmsException e) {
        return new Observation(token, drift, Observation.Settle.NONE, null, e);
      }
    }
    CreateIntent intent = status.getCreateIntent();
    if (status.getDataSourceId() == null && intent != null
        && !Objects.equals(intent.getOmsName(), in.name())) {
      // spec.name was set while a create under the old name had an unknown outcome: settle that
      // create first, or the intent for the new name would replace it and leak what it created.
      try {
        DataSourceRecord match = lookUp(record, intent.getOmsName());
        return new Observation(token, null, match == null ? Observation.Settle.NOTHING
            : Observation.Settle.FOUND, match, null);
      } catch (OmsException e) {
        return new Observation(token, null, Observation.Settle.NONE, null, e);
      }
    }
    return new Observation(token, drift(in, record), Observation.Settle.NONE, null, null);
  }

  /** After a {@link Plan.Step} changed the draft: the same OMS, seen against the new status. */
  Observation after(Plan.Step step, Inputs in, StatusRecorder record, Observation seen) {
    return step instanceof Plan.Forget ? seen
        : new Observation(seen.token(), drift(in, record), Observation.Settle.NONE, null, null);
  }

  /**
   * A new reconcile-now token: list OMS afresh so that this reconcile sees OMS as it is now. A
   * failed listing is not an error of its own: the steps that need OMS look again and report it.
   */
  private void refresh(StatusRecorder record, String token) {
    try {
      inventory.refresh();
    } catch (OmsException e) {
      record.requestId(e.requestId());
      LOG.debug("reconcile requested ({}): listing OMS failed ({})", token, e.kind());
    }
  }

  /**
   * What the inventory shows for the recorded data source, without calling OMS. Only a listing
   * taken after Ready turned True counts: an older one may predate the create.
   */
  Drift drift(Inputs in, StatusRecorder record) {
    var snapshot = inventory.current().orElse(null);
    Condition ready = StatusEditor.find(record.draft(), Conditions.READY);
    if (record.draft().getDataSourceId() == null || snapshot == null || ready == null) {
      return null;
    }
    // Already found missing by a listing: the current one is that or a newer one.
    boolean reportedGone = ReadyReason.NOT_FOUND_IN_OMS.equals(ready.getReason());
    if (!reportedGone && !("True".equals(ready.getStatus())
        && listedAfter(snapshot, ready.getLastTransitionTime()))) {
      return null;
    }
    boolean created = !ReadyReason.ADOPTED.equals(ready.getReason());
    return Drift.of(in.resource(), snapshot,
        in.credentials().ok() ? in.credentials().username() : null, created).orElse(null);
  }

  private static boolean listedAfter(Inventory.Snapshot snapshot, String time) {
    try {
      return time != null && snapshot.takenAt().isAfter(Instant.parse(time));
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  /**
   * The name in a snapshot no older than OMS_INVENTORY_MAX_AGE. If the listing fails, a targeted
   * lookup instead: never a create without looking.
   */
  DataSourceRecord lookUpInInventory(StatusRecorder record, String name) {
    try {
      return inventory.fresh().name(name).orElse(null);
    } catch (OmsException e) {
      LOG.debug("inventory refresh failed ({}); looking '{}' up directly", e.kind(), name);
      return lookUp(record, name);
    }
  }

  /** A fresh, targeted lookup of {@code name}; null when OMS has no data source of that name. */
  DataSourceRecord lookUp(StatusRecorder record, String name) {
    ListResult list = oms.listDataSources(name);
    record.requestId(list.requestId());
    // ListDataSource may match substrings: only an exact name counts.
    return list.dataSources().stream()
        .filter(r -> name.equals(r.name() == null ? null : r.name().trim()))
        .findFirst()
        .orElse(null);
  }
}
