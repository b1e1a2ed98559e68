package io.datasource.oms.reconciler;

import io.datasource.oms.api.v1alpha1.CreateIntent;
import io.datasource.oms.api.v1alpha1.CreateIntentAnnotation;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSource;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSourceStatus;
import java.util.Objects;

/**
 * Where a create intent lives, and how the status the lifecycle works on is mapped to it. The
 * lifecycle knows one place, {@code status.createIntent}; the cluster holds the intent in the
 * annotation {@code oms.datasource.io/create-intent}, written in the same metadata patch as the
 * finalizer (one write instead of two), and holds in status only which intent is settled.
 *
 * <p>{@link #view} is what the lifecycle reads: the resource with an outstanding annotation intent
 * laid over its status, exactly as the status an intent write used to persist (the intent, its
 * inputs, no data source ID: an ID still in status then predates the intent, because an intent is
 * only written while the lifecycle holds none). {@link #plan} is the reverse: what to write for
 * the status the lifecycle wants persisted. An intent in {@code status.createIntent} without an
 * outstanding annotation (written by an earlier version) is honoured as it is and stays in status
 * until settled.
 */
final class IntentStore {

  private IntentStore() {}

  /** What persisting a status takes. */
  sealed interface Write permits StatusWrite, IntentWrite {}

  /** A status write; {@code status} is what to write (the annotation intent left out). */
  record StatusWrite(PolarDBXDataSourceStatus status) implements Write {}

  /**
   * A metadata patch (with the finalizer, if missing) that sets the annotation to {@code intent};
   * an {@code id} of null is a new intent, whose id is the resourceVersion the patch is pinned to.
   */
  record IntentWrite(CreateIntentAnnotation intent) implements Write {}

  /** {@code r} as the lifecycle sees it: {@code r} itself unless an annotation intent is open. */
  static PolarDBXDataSource view(PolarDBXDataSource r) {
    CreateIntentAnnotation open = CreateIntentAnnotation.outstanding(r).orElse(null);
    if (open == null) {
      return r;
    }
    PolarDBXDataSourceStatus s = StatusEditor.copy(r.getStatus());
    s.setCreateIntent(open.intent());
    s.setSpecFingerprint(open.specFingerprint());
    s.setSecretsFingerprint(open.secretsFingerprint());
    s.setDataSourceId(null);
    PolarDBXDataSource v = new PolarDBXDataSource();
    v.setMetadata(r.getMetadata());
    v.setSpec(r.getSpec());
    v.setStatus(s);
    return v;
  }

  /**
   * What to write so that {@code current} (raw or {@link #view}) gets {@code wanted} as the
   * lifecycle sees status.
   */
  static Write plan(PolarDBXDataSource current, PolarDBXDataSourceStatus wanted) {
    CreateIntentAnnotation open = CreateIntentAnnotation.outstanding(current).orElse(null);
    CreateIntent intent = wanted.getCreateIntent();
    PolarDBXDataSourceStatus out = StatusEditor.copy(wanted);
    if (intent == null) {
      if (open != null) {
        out.setSettledIntent(open.id()); // no outcome unknown any more: the annotation is history
      }
      return new StatusWrite(out);
    }
    if (open != null && open.isFor(intent)) {
      if (Objects.equals(open.specFingerprint(), wanted.getSpecFingerprint())
          && Objects.equals(open.secretsFingerprint(), wanted.getSecretsFingerprint())) {
        out.setCreateIntent(null); // still open, and recorded where it lives
        return new StatusWrite(out);
      }
      // The next attempt of the same intent sends other inputs: recorded before it is sent.
      return new IntentWrite(new CreateIntentAnnotation(open.id(), intent.getOmsName(),
          intent.getRecordedAt(), wanted.getSpecFingerprint(), wanted.getSecretsFingerprint()));
    }
    PolarDBXDataSourceStatus now = current.getStatus();
    if (open == null && now != null && intent.equals(now.getCreateIntent())) {
      return new StatusWrite(out); // an earlier version's intent: it stays where it was written
    }
    return new IntentWrite(new CreateIntentAnnotation(null, intent.getOmsName(),
        intent.getRecordedAt(), wanted.getSpecFingerprint(), wanted.getSecretsFingerprint()));
  }
}
