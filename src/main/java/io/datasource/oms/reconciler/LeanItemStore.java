package io.datasource.oms.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;

/**
 * An informer store that drops {@code metadata.managedFields} from what it keeps. The operator
 * never reads them (its writes send no managedFields, so the API server keeps its own), and they
 * were the largest part of the cache: a nested map per field manager for every cached object (the
 * class histogram in docs/BENCHMARKS.md).
 *
 * <p>One store per informer: a store shared by informers of several namespaces would lose the
 * other namespaces' objects when one of them relists.
 */
public final class LeanItemStore<T extends HasMetadata> extends BasicItemStore<T> {

  public LeanItemStore() {
    super(Cache::metaNamespaceKeyFunc);
  }

  @Override
  public T put(String key, T obj) {
    if (obj != null && obj.getMetadata() != null) {
      obj.getMetadata().setManagedFields(null);
    }
    return super.put(key, obj);
  }
}
