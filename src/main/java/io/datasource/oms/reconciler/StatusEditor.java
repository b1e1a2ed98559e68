package io.datasource.oms.reconciler;

import io.datasource.oms.api.v1alpha1.CreateIntent;
import io.datasource.oms.api.v1alpha1.OmsErrorStatus;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSourceStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Copies and edits status values. Conditions keep their {@code lastTransitionTime} while their
 * status stays the same, so that an unchanged situation produces an equal status and no write.
 */
final class StatusEditor {

  private final Clock clock;

  StatusEditor(Clock clock) {
    this.clock = clock;
  }

  static PolarDBXDataSourceStatus copy(PolarDBXDataSourceStatus s) {
    PolarDBXDataSourceStatus c = new PolarDBXDataSourceStatus();
    if (s == null) {
      return c;
    }
    c.setOmsName(s.getOmsName());
    c.setDataSourceId(s.getDataSourceId());
    c.setObservedGeneration(s.getObservedGeneration());
    List<Condition> conditions = new ArrayList<>();
    for (Condition cond : s.getConditions()) {
      conditions.add(new ConditionBuilder(cond).build());
    }
    c.setConditions(conditions);
    OmsErrorStatus e = s.getLastError();
    c.setLastError(e == null ? null
        : new OmsErrorStatus(e.getCode(), e.getMessage(), e.getAdvice(), e.getRequestId()));
    c.setLastRequestId(s.getLastRequestId());
    CreateIntent i = s.getCreateIntent();
    c.setCreateIntent(i == null ? null : new CreateIntent(i.getOmsName(), i.getRecordedAt()));
    c.setSettledIntent(s.getSettledIntent());
    c.setSpecFingerprint(s.getSpecFingerprint());
    c.setSecretsFingerprint(s.getSecretsFingerprint());
    c.setLastHandledReconcileAt(s.getLastHandledReconcileAt());
    return c;
  }

  static Condition find(PolarDBXDataSourceStatus s, String type) {
    if (s == null) {
      return null;
    }
    for (Condition c : s.getConditions()) {
      if (type.equals(c.getType())) {
        return c;
      }
    }
    return null;
  }

  void set(PolarDBXDataSourceStatus s, String type, String status, String reason, String message,
      Long generation) {
    Condition existing = find(s, type);
    String transition = existing != null && Objects.equals(existing.getStatus(), status)
        && existing.getLastTransitionTime() != null
        ? existing.getLastTransitionTime() : now();
    Condition c = new ConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason(reason)
        .withMessage(message)
        .withObservedGeneration(generation)
        .withLastTransitionTime(transition)
        .build();
    List<Condition> list = new ArrayList<>(s.getConditions());
    if (existing != null) {
      list.set(list.indexOf(existing), c);
    } else {
      list.add(c);
    }
    s.setConditions(list);
  }

  static void remove(PolarDBXDataSourceStatus s, String type) {
    List<Condition> list = new ArrayList<>(s.getConditions());
    list.removeIf(c -> type.equals(c.getType()));
    s.setConditions(list);
  }

  String now() {
    return Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
