package io.datasource.oms.reconciler;

import static io.datasource.oms.testing.ConditionAssertions.assertThat;
import static io.datasource.oms.testing.ConditionAssertions.ready;
import static io.datasource.oms.testing.Fixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.datasource.oms.api.v1alpha1.Conditions.ReadyReason;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSource;
import io.datasource.oms.testing.ItEnv;
import io.datasource.oms.testing.TestOperator;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Nothing changed means nothing written and nothing called, even with a periodic resync every
 * 300ms (RESYNC_INTERVAL); a repeating error gives one Event and an unchanged status.
 */
class QuietIT {

  static ItEnv env;
  static TestOperator operator;

  @BeforeAll
  static void start() {
    env = new ItEnv();
    operator = env.operator().env("RESYNC_INTERVAL", "300ms").start();
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      env.assertNoSecretLeaked();
    } finally {
      operator.close();
      env.close();
    }
  }

  @Test
  void aReadyUnchangedResourceCausesNoCallNoWriteNoEvent() {
    String ns = env.namespace("quiet");
    env.createWithSecrets(resource(ns, "calm"));
    env.awaitReady(ns, "calm", "True", ReadyReason.CREATED);
    await().atMost(Duration.ofSeconds(5)).until(() -> !env.events(ns).isEmpty());

    String version = env.get(ns, "calm").getMetadata().getResourceVersion();
    int calls = env.sim.totalCalls();
    int events = env.events(ns).size();
    int reconcilesBefore = count(ns + "/calm", "True", "Created");
    await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() ->
        version.equals(env.get(ns, "calm").getMetadata().getResourceVersion())
            && env.sim.totalCalls() == calls
            && env.events(ns).size() == events);
    assertThat(count(ns + "/calm", "True", "Created")).as("resyncs happened, one log line each")
        .isGreaterThan(reconcilesBefore + 3);
  }

  @Test
  void aRepeatingErrorGivesOneEventAndAnUnchangedStatus() {
    String ns = env.namespace("noisy");
    env.sim.faults().unavailable(true);
    try {
      env.createWithSecrets(resource(ns, "down"));
      PolarDBXDataSource first = env.awaitReady(ns, "down", "False", ReadyReason.OMS_UNAVAILABLE);
      String version = first.getMetadata().getResourceVersion();
      String transition = ready(first).getLastTransitionTime();
      int calls = env.sim.totalCalls();

      await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() ->
          version.equals(env.get(ns, "down").getMetadata().getResourceVersion()));
      assertThat(env.get(ns, "down")).ready().hasLastTransitionTime(transition);
      assertThat(env.sim.totalCalls()).as("it kept retrying").isGreaterThan(calls);
      assertThat(env.events(ns, "CreateFailed")).hasSize(1);
    } finally {
      env.sim.faults().unavailable(false);
    }
    env.awaitReady(ns, "down", "True", ReadyReason.CREATED);
    assertThat(env.sim.dataSources()).hasSize(1);
  }

  /**
   * How many reconciles of {@code namespace/name} ended with this Ready status and reason: the
   * operator logs one line per reconcile outcome.
   */
  private static int count(String resource, String status, String reason) {
    return env.logLines(l -> l.startsWith("reconciled " + resource + ":")
        && l.contains(" ready=" + status + " reason=" + reason + " ")).size();
  }
}
