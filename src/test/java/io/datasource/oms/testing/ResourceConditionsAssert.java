package io.datasource.oms.testing;

import io.datasource.oms.api.v1alpha1.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.stream.Collectors;
import org.assertj.core.api.AbstractAssert;

/** Assertions on the conditions of one resource (see {@link ConditionAssertions#assertThat}). */
public final class ResourceConditionsAssert
    extends AbstractAssert<ResourceConditionsAssert, HasMetadata> {

  ResourceConditionsAssert(HasMetadata actual) {
    super(actual, ResourceConditionsAssert.class);
  }

  /** The Ready condition, which must exist. */
  public ConditionAssert ready() {
    return condition(Conditions.READY);
  }

  /** The condition of this type, which must exist. */
  public ConditionAssert condition(String type) {
    isNotNull();
    Condition c = ConditionAssertions.condition(actual, type);
    if (c == null) {
      failWithMessage("%s has no %s condition; it has %s", name(), type, summary());
    }
    return new ConditionAssert(c, name() + " " + type);
  }

  /** Ready has this status and reason; returns the condition for more. */
  public ConditionAssert hasReady(String status, String reason) {
    return hasCondition(Conditions.READY, status, reason);
  }

  /** The condition of this type has this status and reason; returns it for more. */
  public ConditionAssert hasCondition(String type, String status, String reason) {
    isNotNull();
    Condition c = ConditionAssertions.condition(actual, type);
    if (c == null || !status.equals(c.getStatus()) || !reason.equals(c.getReason())) {
      failWithMessage("expected %s of %s to be %s/%s; the conditions are %s", type, name(),
          status, reason, summary());
    }
    return new ConditionAssert(c, name() + " " + type);
  }

  /** No condition of this type. */
  public ResourceConditionsAssert doesNotHaveCondition(String type) {
    isNotNull();
    if (ConditionAssertions.condition(actual, type) != null) {
      failWithMessage("expected %s to have no %s condition; the conditions are %s", name(), type,
          summary());
    }
    return this;
  }

  /** No condition at all (no status, or a status without conditions). */
  public ResourceConditionsAssert hasNoConditions() {
    isNotNull();
    if (!ConditionAssertions.conditions(actual).isEmpty()) {
      failWithMessage("expected %s to have no conditions; they are %s", name(), summary());
    }
    return this;
  }

  private String name() {
    String ns = actual.getMetadata().getNamespace();
    return actual.getKind() + " " + (ns == null ? "" : ns + "/") + actual.getMetadata().getName();
  }

  private String summary() {
    List<Condition> all = ConditionAssertions.conditions(actual);
    return all.isEmpty() ? "none" : all.stream()
        .map(c -> c.getType() + "=" + c.getStatus() + "/" + c.getReason() + " (" + c.getMessage()
            + ")")
        .collect(Collectors.joining(", "));
  }
}
