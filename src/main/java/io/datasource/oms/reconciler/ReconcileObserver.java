package io.datasource.oms.reconciler;

/**
 * Told the outcome of every reconcile, so that the runtime can export a Ready gauge without the
 * reconciler knowing about metrics. Implementations must be fast and thread-safe.
 */
public interface ReconcileObserver {

  /** Does nothing. */
  ReconcileObserver NONE = new ReconcileObserver() {
    @Override
    public void outcome(String namespace, String name, String readyStatus, String reason,
        String omsRequestId) {}

    @Override
    public void forgotten(String namespace, String name) {}
  };

  /**
   * One reconcile ended.
   *
   * @param readyStatus the Ready condition's status: True, False or Unknown
   * @param reason the Ready condition's reason (one of {@code Conditions.ReadyReason.ALL})
   * @param omsRequestId the request ID of the last OMS call of this reconcile, or null if none
   */
  void outcome(String namespace, String name, String readyStatus, String reason,
      String omsRequestId);

  /** The resource is gone (its finalizer was released): forget it. */
  void forgotten(String namespace, String name);
}
