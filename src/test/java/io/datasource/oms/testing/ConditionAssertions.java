package io.datasource.oms.testing;

import io.datasource.oms.api.v1alpha1.Conditions;
import io.datasource.oms.api.v1alpha1.OmsConnection;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSource;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.function.Predicate;

/**
 * The tests' one way to look at status conditions, in the style of AssertJ's custom assertions:
 * {@code assertThat(resource).hasReady("True", "Created")}, {@code
 * assertThat(resource).ready().hasMessageContaining("late-db")}, {@code
 * assertThat(connection).hasCondition("Ready", "True", "Connected")}; and, for waiting, the
 * predicates {@link #readyIs} and {@link #conditionIs} and the lookups {@link #ready} and {@link
 * #condition}. Import {@code assertThat} statically next to AssertJ's: the overloads here are the
 * more specific ones.
 */
public final class ConditionAssertions {

  private ConditionAssertions() {}

  public static ResourceConditionsAssert assertThat(PolarDBXDataSource resource) {
    return new ResourceConditionsAssert(resource);
  }

  public static ResourceConditionsAssert assertThat(OmsConnection connection) {
    return new ResourceConditionsAssert(connection);
  }

  public static ConditionAssert assertThat(Condition condition) {
    return new ConditionAssert(condition, "condition");
  }

  /** The conditions of a PolarDBXDataSource or an OmsConnection; empty without a status. */
  public static List<Condition> conditions(HasMetadata resource) {
    if (resource instanceof PolarDBXDataSource r) {
      return r.getStatus() == null || r.getStatus().getConditions() == null
          ? List.of() : r.getStatus().getConditions();
    }
    if (resource instanceof OmsConnection c) {
      return c.getStatus() == null || c.getStatus().getConditions() == null
          ? List.of() : c.getStatus().getConditions();
    }
    if (resource == null) {
      return List.of();
    }
    throw new IllegalArgumentException("no conditions on a " + resource.getKind());
  }

  /** The condition of this type, or null (also for a null resource or one without status). */
  public static Condition condition(HasMetadata resource, String type) {
    return conditions(resource).stream().filter(c -> type.equals(c.getType())).findFirst()
        .orElse(null);
  }

  /** The Ready condition, or null. */
  public static Condition ready(HasMetadata resource) {
    return condition(resource, Conditions.READY);
  }

  /** Has a condition of this type with this status and reason. */
  public static <T extends HasMetadata> Predicate<T> conditionIs(String type, String status,
      String reason) {
    return r -> {
      Condition c = condition(r, type);
      return c != null && status.equals(c.getStatus()) && reason.equals(c.getReason());
    };
  }

  /** Ready has this status and reason. */
  public static <T extends HasMetadata> Predicate<T> readyIs(String status, String reason) {
    return conditionIs(Conditions.READY, status, reason);
  }

  /** Has a condition of this type with this status, whatever the reason. */
  public static <T extends HasMetadata> Predicate<T> conditionIs(String type, String status) {
    return r -> {
      Condition c = condition(r, type);
      return c != null && status.equals(c.getStatus());
    };
  }

  /** Has a condition of this type, whatever its status. */
  public static <T extends HasMetadata> Predicate<T> hasCondition(String type) {
    return r -> condition(r, type) != null;
  }

  /** Ready has this status, whatever the reason. */
  public static <T extends HasMetadata> Predicate<T> readyIs(String status) {
    return conditionIs(Conditions.READY, status);
  }

  /** Ready has this reason, whatever the status. */
  public static <T extends HasMetadata> Predicate<T> readyReasonIs(String reason) {
    return r -> {
      Condition c = ready(r);
      return c != null && reason.equals(c.getReason());
    };
  }
}
