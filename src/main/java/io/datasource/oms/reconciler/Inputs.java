package io.datasource.oms.reconciler;

import io.datasource.oms.api.v1alpha1.Annotations;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSource;

/**
 * What one reconcile starts from besides the status and OMS: the resource, its credentials from
 * the Secrets, the spec's validity, and whether it owns its OMS name among the resources in the
 * cluster. Read from informer caches only: no OMS call, no Kubernetes request.
 */
record Inputs(PolarDBXDataSource resource, Resolution credentials,
    SpecValidator.Validation validation, NameClaims.Claim claim) {

  static Inputs read(PolarDBXDataSource resource, Ports ports, SpecValidator validator,
      NameClaims claims) {
    String name = resource.effectiveOmsName();
    return new Inputs(resource, new SecretResolver(ports.secrets()).resolve(resource),
        validator.validate(resource), claims.check(resource, name, ports.claimants(name)));
  }

  /** The OMS name the spec asks for. */
  String name() {
    return resource.effectiveOmsName();
  }

  boolean paused() {
    return Annotations.paused(resource);
  }

  boolean observeOnly() {
    return resource.getSpec().observeOnly();
  }

  Long generation() {
    return resource.getMetadata().getGeneration();
  }
}
