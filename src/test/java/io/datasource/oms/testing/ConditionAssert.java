package io.datasource.oms.testing;

import io.fabric8.kubernetes.api.model.Condition;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.AbstractStringAssert;
import org.assertj.core.api.Assertions;

/**
 * Assertions on one condition (see {@link ConditionAssertions#assertThat}), e.g.
 * {@code assertThat(r).hasReady("False", "Rejected").hasMessageContaining("Invalid region")}.
 */
public final class ConditionAssert extends AbstractAssert<ConditionAssert, Condition> {

  private final String where;

  ConditionAssert(Condition actual, String where) {
    super(actual, ConditionAssert.class);
    this.where = where;
    describedAs(where);
  }

  public ConditionAssert hasStatus(String status) {
    isNotNull();
    Assertions.assertThat(actual.getStatus()).as("%s: status", where).isEqualTo(status);
    return this;
  }

  public ConditionAssert hasReason(String reason) {
    isNotNull();
    Assertions.assertThat(actual.getReason()).as("%s: reason (message: %s)", where,
        actual.getMessage()).isEqualTo(reason);
    return this;
  }

  public ConditionAssert hasMessage(String message) {
    isNotNull();
    Assertions.assertThat(actual.getMessage()).as("%s: message", where).isEqualTo(message);
    return this;
  }

  /** The message contains each of these. */
  public ConditionAssert hasMessageContaining(CharSequence... parts) {
    isNotNull();
    Assertions.assertThat(actual.getMessage()).as("%s: message", where).contains(parts);
    return this;
  }

  public ConditionAssert hasMessageNotContaining(CharSequence... parts) {
    isNotNull();
    Assertions.assertThat(actual.getMessage()).as("%s: message", where).doesNotContain(parts);
    return this;
  }

  public ConditionAssert hasLastTransitionTime(String time) {
    isNotNull();
    Assertions.assertThat(actual.getLastTransitionTime()).as("%s: lastTransitionTime", where)
        .isEqualTo(time);
    return this;
  }

  /** The message, for assertions this class does not offer (patterns, lengths). */
  public AbstractStringAssert<?> message() {
    isNotNull();
    return Assertions.assertThat(actual.getMessage()).as("%s: message", where);
  }
}
