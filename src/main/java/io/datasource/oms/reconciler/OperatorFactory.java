package io.datasource.oms.reconciler;

import io.datasource.oms.api.v1alpha1.PolarDBXDataSource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ConfigurationServiceOverrider;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import java.util.function.Consumer;

/**
 * Builds the JOSDK {@link Operator} with the settings that production and the tests must share, so
 * that what CI runs is what users run.
 */
public final class OperatorFactory {

  private OperatorFactory() {}

  /**
   * Returns an un-started operator with the reconciler registered.
   *
   * <p>Fixed here: the primary resource is patched without server-side apply (the CRUD mock
   * server has none, and one patch strategy everywhere keeps tests honest), and the client is not
   * closed when the operator stops (its owner closes it).
   *
   * @param serviceOverrides applied after the fixed settings (e.g. concurrency, metrics, leader
   *     election)
   * @param controllerOverrides applied to the controller (e.g. namespaces, label selector, resync)
   */
  public static Operator create(
      KubernetesClient client,
      PolarDBXDataSourceReconciler reconciler,
      Consumer<ConfigurationServiceOverrider> serviceOverrides,
      Consumer<ControllerConfigurationOverrider<PolarDBXDataSource>> controllerOverrides) {
    Operator operator = new Operator(o -> {
      o.withKubernetesClient(client);
      o.withUseSSAToPatchPrimaryResource(false);
      o.withSSABasedCreateUpdateMatchForDependentResources(false);
      o.withCloseClientOnStop(false);
      serviceOverrides.accept(o);
    });
    operator.register(reconciler, controllerOverrides::accept);
    return operator;
  }
}
