package io.datasource.oms.testing;

import static io.datasource.oms.testing.ConditionAssertions.assertThat;
import static io.datasource.oms.testing.ConditionAssertions.readyIs;
import static io.datasource.oms.testing.ConditionAssertions.readyReasonIs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datasource.oms.api.v1alpha1.OmsConnection;
import io.datasource.oms.api.v1alpha1.OmsConnectionStatus;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSource;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSourceStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The condition assertions pass on what they claim and fail, naming the resource, otherwise. */
class ConditionAssertionsTest {

  static PolarDBXDataSource withConditions(Condition... conditions) {
    PolarDBXDataSource r = Fixtures.resource("ns", "orders");
    PolarDBXDataSourceStatus status = new PolarDBXDataSourceStatus();
    status.setConditions(List.of(conditions));
    r.setStatus(status);
    return r;
  }

  static Condition condition(String type, String status, String reason, String message) {
    return new ConditionBuilder().withType(type).withStatus(status).withReason(reason)
        .withMessage(message).withLastTransitionTime("2026-01-01T00:00:00Z").build();
  }

  @Test
  void passesOnTheReadyConditionItsStatusReasonAndMessage() {
    PolarDBXDataSource r = withConditions(
        condition("Ready", "False", "Rejected", "OMS PARAM_ERROR: Invalid region: cn-x"),
        condition("UpToDate", "True", "InSync", "in sync"));

    assertThat(r).hasReady("False", "Rejected").hasMessageContaining("Invalid region", "cn-x")
        .hasLastTransitionTime("2026-01-01T00:00:00Z");
    assertThat(r).condition("UpToDate").hasStatus("True").hasReason("InSync");
    assertThat(r).doesNotHaveCondition("Paused");
    assertThat(readyIs("False", "Rejected").test(r)).isTrue();
    assertThat(readyReasonIs("Created").test(r)).isFalse();
    assertThat(readyIs("True").test(null)).isFalse();
  }

  @Test
  void failsNamingTheResourceAndTheConditionsItHas() {
    PolarDBXDataSource r = withConditions(condition("Ready", "True", "Created", "made"));

    assertThatThrownBy(() -> assertThat(r).hasReady("False", "Rejected"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("ns/orders").hasMessageContaining("Ready=True/Created (made)");
    assertThatThrownBy(() -> assertThat(r).ready().hasMessageContaining("other"))
        .isInstanceOf(AssertionError.class);
    assertThatThrownBy(() -> assertThat(r).condition("Paused"))
        .isInstanceOf(AssertionError.class).hasMessageContaining("no Paused condition");
    assertThatThrownBy(() -> assertThat(r).hasNoConditions())
        .isInstanceOf(AssertionError.class);
    assertThatThrownBy(() -> assertThat(Fixtures.resource("ns", "new")).ready())
        .isInstanceOf(AssertionError.class).hasMessageContaining("it has none");
  }

  @Test
  void readsTheConditionsOfAnOmsConnectionToo() {
    OmsConnection c = new OmsConnection();
    c.setMetadata(new ObjectMetaBuilder().withName("east").build());
    OmsConnectionStatus status = new OmsConnectionStatus();
    status.setConditions(List.of(condition("Ready", "True", "Connected", "ok")));
    c.setStatus(status);

    assertThat(c).hasReady("True", "Connected");
    assertThatThrownBy(() -> assertThat(c).hasReady("False", "Unreachable"))
        .hasMessageContaining("OmsConnection east");
  }
}
