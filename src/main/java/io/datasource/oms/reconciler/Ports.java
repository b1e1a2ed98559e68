package io.datasource.oms.reconciler;

import io.datasource.oms.api.v1alpha1.PolarDBXDataSource;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSourceStatus;
import java.util.List;

/**
 * What the lifecycle needs from Kubernetes during one reconcile. The JOSDK adapter implements it
 * with informer caches, cached status writes and Events; unit tests with plain collections.
 */
interface Ports {

  /**
   * Secrets, from {@link ReferencedSecrets}: a GET only when a referenced Secret is first read or
   * has changed, never one per reconcile.
   */
  SecretLookup secrets();

  /** The resources in the cluster that create or hold {@code omsName}, from the primary cache. */
  List<PolarDBXDataSource> claimants(String omsName);

  /**
   * Persists {@code status} as the status of {@code resource} and returns the written resource, as
   * the lifecycle sees it. A new {@code createIntent} is persisted where intents live (the JOSDK
   * adapter: an annotation, in one patch with the finalizer; see {@code IntentStore}). The write is
   * optimistic-locked and its result cached, so that the next reconcile never sees an older copy.
   * Throws if the write fails: the caller must then not call OMS.
   */
  PolarDBXDataSource writeStatus(PolarDBXDataSource resource, PolarDBXDataSourceStatus status);

  /**
   * Persists the create intent in {@code status} before a create call, with the guarantees of
   * {@link #writeStatus}: the lifecycle's only write before an OMS call. Today a status write.
   */
  default PolarDBXDataSource persistIntent(PolarDBXDataSource resource,
      PolarDBXDataSourceStatus status) {
    return writeStatus(resource, status);
  }

  /** Records a Kubernetes Event about {@code resource}; failures are logged, never thrown. */
  void event(PolarDBXDataSource resource, String type, String reason, String message);
}
