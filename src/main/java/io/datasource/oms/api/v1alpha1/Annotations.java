package io.datasource.oms.api.v1alpha1;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Map;

/** The annotations a user sets on a PolarDBXDataSource to control the operator. */
public final class Annotations {

  private Annotations() {}

  /**
   * {@code "true"}: the operator makes no OMS call and changes no status except the Paused
   * condition; deleting the resource releases it without an OMS call (the data source stays).
   */
  public static final String PAUSED = PolarDBXDataSource.GROUP + "/paused";

  /**
   * Any token: when it differs from {@code status.lastHandledReconcileAt}, the operator reconciles
   * at once with a fresh OMS listing and then copies the token there.
   */
  public static final String RECONCILE_REQUESTED_AT =
      PolarDBXDataSource.GROUP + "/reconcile-requested-at";

  /**
   * Written by the operator, never by users: the create it is about to make, or made without
   * learning its outcome ({@link CreateIntentAnnotation}, JSON). Outstanding until
   * {@code status.settledIntent} names its id.
   */
  public static final String CREATE_INTENT = PolarDBXDataSource.GROUP + "/create-intent";

  /** Whether the resource carries {@code paused: "true"} (any other value does not pause). */
  public static boolean paused(HasMetadata r) {
    Map<String, String> a = r.getMetadata() == null ? null : r.getMetadata().getAnnotations();
    return a != null && "true".equals(a.get(PAUSED));
  }

  /** The reconcile-now token, or null. */
  public static String reconcileRequestedAt(HasMetadata r) {
    Map<String, String> a = r.getMetadata() == null ? null : r.getMetadata().getAnnotations();
    return a == null ? null : a.get(RECONCILE_REQUESTED_AT);
  }
}
