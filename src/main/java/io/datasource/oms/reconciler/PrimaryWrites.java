package io.datasource.oms.reconciler;

import io.datasource.oms.api.v1alpha1.Annotations;
import io.datasource.oms.api.v1alpha1.CreateIntentAnnotation;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSource;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSourceStatus;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's writes to its own resource: the finalizer, the create intent (one metadata
 * patch), status, and the finalizer's removal. The operator manages its finalizer itself (JOSDK's
 * would cost a patch and a reconcile round of its own): it is added with the first write a
 * resource gets, which for a create is the intent's patch, so it is in place before any create
 * call. Every write is optimistic-locked and its result cached (so the next reconcile never sees
 * an older copy); what {@link #write} returns is the {@link IntentStore#view} of the result.
 */
final class PrimaryWrites {

  /** The finalizer, by the name JOSDK gave it (resources of earlier versions carry it). */
  static final String FINALIZER = "polardbxdatasources.oms.datasource.io/finalizer";

  private static final Logger LOG = LoggerFactory.getLogger(PrimaryWrites.class);
  /** Attempts of a finalizer-only patch that meets a 409 on a copy that is otherwise current. */
  private static final int FINALIZER_ATTEMPTS = 3;
  private static final long FINALIZER_BACKOFF_MILLIS = 20;

  private final Context<PolarDBXDataSource> context;

  PrimaryWrites(Context<PolarDBXDataSource> context) {
    this.context = context;
  }

  /**
   * Persists {@code status} for {@code current} (raw or view): as a status write, or, for a new
   * create intent, as a metadata patch of the finalizer and the intent annotation. Throws on a
   * conflict: a stale copy writes nothing, and the caller then must not call OMS.
   */
  PolarDBXDataSource write(PolarDBXDataSource current, PolarDBXDataSourceStatus status) {
    IntentStore.Write plan = IntentStore.plan(current, status);
    if (plan instanceof IntentStore.IntentWrite w) {
      CreateIntentAnnotation intent = w.intent().id() != null ? w.intent()
          : w.intent().withId(current.getMetadata().getResourceVersion());
      String value = intent.toJson();
      return IntentStore.view(cached(current, r -> patch(r, c -> {
        if (!c.isMarkedForDeletion() && !c.hasFinalizer(FINALIZER)) {
          c.addFinalizer(FINALIZER);
        }
        annotations(c).put(Annotations.CREATE_INTENT, value);
        return c;
      })));
    }
    PolarDBXDataSourceStatus wanted = ((IntentStore.StatusWrite) plan).status();
    PolarDBXDataSource base = needsFinalizer(current) ? addFinalizer(current) : current;
    PolarDBXDataSource written = cached(base, r -> {
      r.setStatus(wanted);
      return context.getClient().resource(r).updateStatus();
    });
    if (wanted.getSettledIntent() != null && written.getStatus() != null
        && written.getStatus().getSettledIntent() == null) {
      written = dropIntentPrunedFromStatus(written);
    }
    return IntentStore.view(written);
  }

  /** Adds the finalizer if a reconcile wrote nothing and it is missing (e.g. someone removed it). */
  void ensureFinalizer(PolarDBXDataSource current) {
    if (needsFinalizer(current)) {
      addFinalizer(current);
    }
  }

  /** Removes the finalizer: the resource is released (JOSDK's conflict-retrying patch). */
  void removeFinalizer(PolarDBXDataSource current) {
    if (current.hasFinalizer(FINALIZER)) {
      PrimaryUpdateAndCacheUtils.removeFinalizer(context.getClient(), current, FINALIZER);
    }
  }

  static boolean needsFinalizer(PolarDBXDataSource r) {
    return !r.isMarkedForDeletion() && !r.hasFinalizer(FINALIZER);
  }

  /**
   * The finalizer alone, before a status write. A 409 that comes only from changes this reconcile
   * does not depend on (labels, other annotations) is retried on a fresh read, as JOSDK did; any
   * other change ends the reconcile, so that status is never written from a stale copy.
   */
  private PolarDBXDataSource addFinalizer(PolarDBXDataSource current) {
    PolarDBXDataSource base = current;
    for (int attempt = 1; ; attempt++) {
      try {
        return cached(base, r -> patch(r, c -> {
          c.addFinalizer(FINALIZER);
          return c;
        }));
      } catch (RuntimeException e) {
        if (!conflict(e) || attempt >= FINALIZER_ATTEMPTS) {
          throw e;
        }
        PolarDBXDataSource fresh = context.getClient().resources(PolarDBXDataSource.class)
            .inNamespace(current.getMetadata().getNamespace())
            .withName(current.getMetadata().getName()).get();
        if (fresh == null || !sameForReconcile(current, fresh)) {
          throw e;
        }
        if (!needsFinalizer(fresh)) {
          return fresh;
        }
        base = fresh;
        pause(FINALIZER_BACKOFF_MILLIS * attempt);
      }
    }
  }

  /**
   * The status write named an intent settled, and the server dropped the field: its CRD predates
   * {@code status.settledIntent} (the upgrade step that applies the CRD was skipped). Then the
   * annotation is removed instead, or the intent would look open forever. Failing that, the next
   * reconcile finds the data source by name and settles it again: nothing is lost.
   */
  private PolarDBXDataSource dropIntentPrunedFromStatus(PolarDBXDataSource written) {
    LOG.warn("{}/{}: the API server dropped status.settledIntent (is the CRD of this version"
        + " applied?); removing the create-intent annotation instead",
        written.getMetadata().getNamespace(), written.getMetadata().getName());
    try {
      return cached(written, r -> patch(r, c -> {
        annotations(c).remove(Annotations.CREATE_INTENT);
        return c;
      }));
    } catch (RuntimeException e) {
      LOG.warn("{}/{}: could not remove the create-intent annotation ({})",
          written.getMetadata().getNamespace(), written.getMetadata().getName(),
          e.getClass().getSimpleName());
      return written;
    }
  }

  /** Whether the reconcile's decisions still hold for {@code fresh}: only other metadata moved. */
  static boolean sameForReconcile(PolarDBXDataSource seen, PolarDBXDataSource fresh) {
    return Objects.equals(seen.getMetadata().getGeneration(), fresh.getMetadata().getGeneration())
        && Objects.equals(seen.getMetadata().getDeletionTimestamp(),
            fresh.getMetadata().getDeletionTimestamp())
        && Objects.equals(seen.getStatus(), IntentStore.view(fresh).getStatus())
        && Objects.equals(annotation(seen, Annotations.PAUSED), annotation(fresh, Annotations.PAUSED))
        && Objects.equals(annotation(seen, Annotations.RECONCILE_REQUESTED_AT),
            annotation(fresh, Annotations.RECONCILE_REQUESTED_AT))
        && Objects.equals(annotation(seen, Annotations.CREATE_INTENT),
            annotation(fresh, Annotations.CREATE_INTENT));
  }

  /** A JSON patch of {@code r}'s metadata, pinned to its resourceVersion (Fabric8's edit). */
  private PolarDBXDataSource patch(PolarDBXDataSource r, UnaryOperator<PolarDBXDataSource> edit) {
    PolarDBXDataSource copy = context.getClient().getKubernetesSerialization().clone(r);
    return context.getClient().resource(copy).edit(edit);
  }

  /** One optimistic-locked write whose result JOSDK caches; no retry on conflict. */
  private PolarDBXDataSource cached(PolarDBXDataSource resource,
      UnaryOperator<PolarDBXDataSource> write) {
    return PrimaryUpdateAndCacheUtils.updateAndCacheResource(resource, context, r -> r, write, 0,
        PrimaryUpdateAndCacheUtils.DEFAULT_RESOURCE_CACHE_TIMEOUT_MILLIS,
        PrimaryUpdateAndCacheUtils.DEFAULT_RESOURCE_CACHE_POLL_PERIOD_MILLIS);
  }

  private static Map<String, String> annotations(PolarDBXDataSource r) {
    if (r.getMetadata().getAnnotations() == null) {
      r.getMetadata().setAnnotations(new HashMap<>());
    }
    return r.getMetadata().getAnnotations();
  }

  private static String annotation(PolarDBXDataSource r, String key) {
    Map<String, String> a = r.getMetadata().getAnnotations();
    return a == null ? null : a.get(key);
  }

  private static boolean conflict(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof KubernetesClientException k && k.getCode() == 409) {
        return true;
      }
    }
    return false;
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
