package io.datasource.oms.reconciler;

import io.datasource.oms.api.v1alpha1.PolarDBXDataSource;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSourceStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntSupplier;

/** Ports backed by plain collections: Secrets by name, claimants, recorded writes and Events. */
final class FakePorts implements Ports {

  record Write(PolarDBXDataSourceStatus status, int omsCreateCallsBefore) {}

  record RecordedEvent(String type, String reason, String message) {}

  final Map<String, Secret> secrets = new HashMap<>();
  final List<PolarDBXDataSource> claimants = new ArrayList<>();
  final List<Write> writes = new ArrayList<>();
  final List<RecordedEvent> events = new ArrayList<>();
  boolean failWrites;
  /** When set: every write fails with a 409 once this many creates were made. */
  Integer failWritesOnceCreatesReach;
  /** The resource as last written (or as given to {@link #start}). */
  PolarDBXDataSource latest;
  private final IntSupplier createCalls;

  FakePorts(IntSupplier createCalls) {
    this.createCalls = createCalls;
  }

  FakePorts secret(Secret s) {
    secrets.put(s.getMetadata().getNamespace() + "/" + s.getMetadata().getName(), s);
    return this;
  }

  @Override
  public SecretLookup secrets() {
    return (ns, name) -> Optional.ofNullable(secrets.get(ns + "/" + name));
  }

  @Override
  public List<PolarDBXDataSource> claimants(String omsName) {
    return claimants;
  }

  @Override
  public PolarDBXDataSource writeStatus(PolarDBXDataSource resource,
      PolarDBXDataSourceStatus status) {
    if (failWrites || (failWritesOnceCreatesReach != null
        && createCalls.getAsInt() >= failWritesOnceCreatesReach)) {
      throw new KubernetesClientException("conflict", 409, null);
    }
    writes.add(new Write(StatusEditor.copy(status), createCalls.getAsInt()));
    PolarDBXDataSource written = new PolarDBXDataSource();
    written.setMetadata(new ObjectMetaBuilder(resource.getMetadata())
        .withResourceVersion(String.valueOf(
            Long.parseLong(resource.getMetadata().getResourceVersion()) + 1))
        .build());
    written.setSpec(resource.getSpec());
    written.setStatus(StatusEditor.copy(status));
    latest = written;
    return written;
  }

  @Override
  public void event(PolarDBXDataSource resource, String type, String reason, String message) {
    events.add(new RecordedEvent(type, reason, message));
  }

  FakePorts start(PolarDBXDataSource resource) {
    latest = resource;
    return this;
  }

  PolarDBXDataSourceStatus lastWritten() {
    return writes.get(writes.size() - 1).status();
  }
}
