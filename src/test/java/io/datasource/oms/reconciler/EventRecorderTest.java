package io.datasource.oms.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasource.oms.api.v1alpha1.PolarDBXDataSource;
import io.datasource.oms.testing.Fixtures;
import io.fabric8.kubernetes.api.model.Event;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class EventRecorderTest {

  private final EventRecorder recorder = new EventRecorder(
      Clock.fixed(Instant.parse("2026-03-04T05:06:07.890Z"), ZoneOffset.UTC));

  @Test
  void eventsCarryTheInjectedClocksTime() {
    PolarDBXDataSource r = Fixtures.resource("ns", "ds");
    r.getMetadata().setUid("uid-1");

    Event e = recorder.event(r, "Normal", "Created", "Created data source 'ds'.");

    assertThat(e.getFirstTimestamp()).isEqualTo("2026-03-04T05:06:07Z");
    assertThat(e.getLastTimestamp()).isEqualTo("2026-03-04T05:06:07Z");
    assertThat(e.getInvolvedObject().getUid()).isEqualTo("uid-1");
    assertThat(e.getMetadata().getName()).startsWith("ds.");
    assertThat(e.getReportingComponent()).isEqualTo(EventRecorder.COMPONENT);
  }

  @Test
  void longMessagesAreCutToTheApiServersLimit() {
    Event e = recorder.event(Fixtures.resource("ns", "ds"), "Warning", "CreateFailed",
        "x".repeat(2000));
    assertThat(e.getMessage()).hasSize(1024).endsWith("...");
  }
}
