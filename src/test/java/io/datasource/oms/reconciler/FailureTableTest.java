package io.datasource.oms.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasource.oms.api.v1alpha1.Conditions.ReadyReason;
import io.datasource.oms.api.v1alpha1.DeletionPolicy;
import io.datasource.oms.client.OmsFailureKind;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FailureTableTest {

  static final ReconcilerOptions OPTIONS = new ReconcilerOptions(DeletionPolicy.Delete,
      Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofMinutes(2), Clock.systemUTC());

  @Test
  void createFailuresMapToOneReasonAndRetryEach() {
    FailureTable t = new FailureTable(OPTIONS);
    assertThat(t.forCreate(OmsFailureKind.TRANSIENT, 1).reason())
        .isEqualTo(ReadyReason.OMS_UNAVAILABLE);
    assertThat(t.forCreate(OmsFailureKind.TRANSIENT, 1).retry())
        .isEqualTo(FailureTable.Retry.BACKOFF);
    assertThat(t.forCreate(OmsFailureKind.ENVIRONMENT, 1).reason())
        .isEqualTo(ReadyReason.ENVIRONMENT_ERROR);
    assertThat(t.forCreate(OmsFailureKind.ENVIRONMENT, 1).rescheduleAfter())
        .isEqualTo(Duration.ofMinutes(2));
    assertThat(t.forCreate(OmsFailureKind.AUTHENTICATION, 1).reason())
        .isEqualTo(ReadyReason.AUTHENTICATION_FAILED);
    assertThat(t.forCreate(OmsFailureKind.AUTHENTICATION, 1).retry())
        .isEqualTo(FailureTable.Retry.SLOW);
    assertThat(t.forCreate(OmsFailureKind.REJECTED, 1).reason()).isEqualTo(ReadyReason.REJECTED);
    assertThat(t.forCreate(OmsFailureKind.REJECTED, 1).rescheduleAfter()).isNull();
    assertThat(t.forCreate(OmsFailureKind.REJECTED, 1).retryText()).contains("Not retried");
    assertThat(t.forCreate(OmsFailureKind.UNSUPPORTED_ACTION, 1).reason())
        .isEqualTo(ReadyReason.UNSUPPORTED_ACTION);
  }

  @Test
  void deleteFailuresSayDeleteFailedOrUnsupported() {
    FailureTable t = new FailureTable(OPTIONS);
    assertThat(t.forDelete(OmsFailureKind.REJECTED, 1).reason())
        .isEqualTo(ReadyReason.DELETE_FAILED);
    assertThat(t.forDelete(OmsFailureKind.UNSUPPORTED_ACTION, 1).reason())
        .isEqualTo(ReadyReason.DELETE_UNSUPPORTED);
    assertThat(t.forDelete(OmsFailureKind.TRANSIENT, 1).reason()).isEqualTo(ReadyReason.DELETING);
    assertThat(t.forDelete(OmsFailureKind.TRANSIENT, 1).retry())
        .isEqualTo(FailureTable.Retry.BACKOFF);
  }

  @Test
  void backoffDoublesWithJitterAndStaysUnderTheCap() {
    FailureTable low = new FailureTable(OPTIONS, () -> 0.0);
    FailureTable high = new FailureTable(OPTIONS, () -> 0.999999);
    assertThat(low.backoff(1)).isEqualTo(Duration.ofMillis(2500));
    assertThat(high.backoff(1)).isBetween(Duration.ofMillis(4990), Duration.ofSeconds(5));
    assertThat(low.backoff(2)).isEqualTo(Duration.ofSeconds(5));
    assertThat(low.backoff(3)).isEqualTo(Duration.ofSeconds(10));
    for (int n = 1; n < 100; n++) {
      assertThat(high.backoff(n)).isLessThanOrEqualTo(Duration.ofMinutes(5));
      assertThat(low.backoff(n)).isGreaterThanOrEqualTo(Duration.ofMillis(2500));
    }
    assertThat(low.backoff(60)).isEqualTo(Duration.ofSeconds(150));
  }

  @Test
  void consecutiveFailuresGrowTheBackoffUntilTheTableSaysTheRunIsOver() {
    FailureTable t = new FailureTable(OPTIONS, () -> 0.0);
    assertThat(t.createFailed("a", OmsFailureKind.TRANSIENT).delay())
        .isEqualTo(Duration.ofMillis(2500));
    t.reported("a", ReadyReason.OMS_UNAVAILABLE); // an outage continues the run
    assertThat(t.createFailed("a", OmsFailureKind.TRANSIENT).delay())
        .isEqualTo(Duration.ofSeconds(5));
    assertThat(t.deleteFailed("a", OmsFailureKind.TRANSIENT).delay())
        .isEqualTo(Duration.ofSeconds(10));
    t.reported("a", ReadyReason.DELETING); // so does a delete that backs off
    assertThat(t.consecutiveFailures("a")).isEqualTo(3);
    assertThat(t.consecutiveFailures("b")).isZero();

    t.reported("a", ReadyReason.SECRET_NOT_FOUND); // any other reason ends it
    assertThat(t.consecutiveFailures("a")).isZero();
    t.createFailed("a", OmsFailureKind.TRANSIENT);
    t.settled("a"); // and so does a recorded data source
    assertThat(t.consecutiveFailures("a")).isZero();
  }
}
