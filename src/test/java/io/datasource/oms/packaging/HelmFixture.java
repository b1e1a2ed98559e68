package io.datasource.oms.packaging;

import io.datasource.oms.simulator.OmsSimulator;
import io.datasource.oms.testing.Fixtures;
import io.datasource.oms.testing.KubeApi;
import java.util.List;
import java.util.Map;

/**
 * What a chart IT installs into: a real API server of its own with no CRD yet, the chart's
 * namespace holding the Secret {@code oms-credentials} the chart's default values name, an OMS
 * simulator that accepts those credentials, a namespace for the resources, and the release.
 */
record HelmFixture(KubeApi kube, OmsSimulator sim, HelmRelease release, String apps)
    implements AutoCloseable {

  static final String OMS_USER = "oms-admin";
  static final String OMS_PASSWORD = "oms-secret";

  static HelmFixture start() {
    KubeApi kube = KubeApi.dedicated(null, List.of(), false);
    OmsSimulator sim = null;
    try {
      sim = OmsSimulator.builder().credentials(OMS_USER, OMS_PASSWORD).port(0).start();
      kube.server().ensureNamespace(Chart.NAMESPACE);
      kube.admin().resource(Fixtures.secret(Chart.NAMESPACE, "oms-credentials",
          Map.of("username", OMS_USER, "password", OMS_PASSWORD))).create();
      return new HelmFixture(kube, sim, new HelmRelease(kube, Chart.RELEASE, Chart.NAMESPACE),
          kube.namespace("apps"));
    } catch (RuntimeException e) {
      if (sim != null) {
        sim.close();
      }
      kube.close();
      throw e;
    }
  }

  @Override
  public void close() {
    try {
      sim.close();
    } finally {
      kube.close();
    }
  }
}
