package io.datasource.oms.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasource.oms.api.v1alpha1.DeletionPolicy;
import io.datasource.oms.config.OperatorConfig;
import io.datasource.oms.reconciler.ReconcilerOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The configuration reaches the reconciler's options (wired here, so that config needs no reconciler). */
class ReconcilerOptionsWiringTest {

  @Test
  void optionsCarryTheValues() {
    OperatorConfig c = OperatorConfig.fromEnvironment(Map.of(
        "OMS_BASE_URL", "https://oms.example:8089", "DEFAULT_DELETION_POLICY", "Orphan",
        "RETRY_BASE_DELAY", "1s", "RETRY_MAX_DELAY", "10s", "SLOW_RETRY_DELAY", "20s"));

    ReconcilerOptions o = OperatorRuntime.reconcilerOptions(c.reconcile());

    assertThat(o.defaultDeletionPolicy()).isEqualTo(DeletionPolicy.Orphan);
    assertThat(o.retryBaseDelay()).isEqualTo(Duration.ofSeconds(1));
    assertThat(o.retryMaxDelay()).isEqualTo(Duration.ofSeconds(10));
    assertThat(o.slowRetryDelay()).isEqualTo(Duration.ofSeconds(20));
    assertThat(o.clock()).isEqualTo(Clock.systemUTC());
  }

  @Test
  void defaultsComeFromTheConfigurationTable() {
    OperatorConfig c = OperatorConfig.fromEnvironment(Map.of("OMS_BASE_URL", "http://oms"));

    ReconcilerOptions o = OperatorRuntime.reconcilerOptions(c.reconcile());

    assertThat(o.defaultDeletionPolicy()).isEqualTo(DeletionPolicy.Delete);
    assertThat(o.retryBaseDelay()).isEqualTo(Duration.ofSeconds(5));
    assertThat(o.retryMaxDelay()).isEqualTo(Duration.ofMinutes(5));
    assertThat(o.slowRetryDelay()).isEqualTo(Duration.ofMinutes(2));
  }
}
