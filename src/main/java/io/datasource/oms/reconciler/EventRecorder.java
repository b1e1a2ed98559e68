package io.datasource.oms.reconciler;

import io.datasource.oms.api.v1alpha1.PolarDBXDataSource;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes core/v1 Events (the kind {@code kubectl describe} shows). The lifecycle emits them only on
 * transitions, so each is created once; a failure to record one is logged and never fails the
 * reconcile.
 */
final class EventRecorder {

  static final String COMPONENT = "oms-datasource-operator";
  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);

  private final Clock clock;

  /** @param clock the time of each Event (the reconciler's clock, as for conditions) */
  EventRecorder(Clock clock) {
    this.clock = clock;
  }

  void record(KubernetesClient client, PolarDBXDataSource resource, String type, String reason,
      String message) {
    Event event = event(resource, type, reason, message);
    String ns = resource.getMetadata().getNamespace();
    try {
      client.v1().events().inNamespace(ns).resource(event).create();
    } catch (KubernetesClientException e) {
      LOG.warn("could not record Event {} for {}/{}: HTTP {}", reason, ns,
          resource.getMetadata().getName(), e.getCode());
    }
  }

  /** The Event, named uniquely after the resource, stamped with the clock's time. */
  Event event(PolarDBXDataSource resource, String type, String reason, String message) {
    String ns = resource.getMetadata().getNamespace();
    String now = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
    byte[] suffix = new byte[8];
    ThreadLocalRandom.current().nextBytes(suffix);
    return new EventBuilder()
        .withNewMetadata()
            .withName(resource.getMetadata().getName() + "." + HexFormat.of().formatHex(suffix))
            .withNamespace(ns)
        .endMetadata()
        .withNewInvolvedObject()
            .withApiVersion(resource.getApiVersion())
            .withKind(resource.getKind())
            .withName(resource.getMetadata().getName())
            .withNamespace(ns)
            .withUid(resource.getMetadata().getUid())
            .withResourceVersion(resource.getMetadata().getResourceVersion())
        .endInvolvedObject()
        .withType(type)
        .withReason(reason)
        .withMessage(truncate(message))
        .withNewSource().withComponent(COMPONENT).endSource()
        .withReportingComponent(COMPONENT)
        .withFirstTimestamp(now)
        .withLastTimestamp(now)
        .withCount(1)
        .build();
  }

  private static String truncate(String message) {
    return message.length() <= 1024 ? message : message.substring(0, 1021) + "...";
  }
}
