package io.datasource.oms.reconciler;

import io.datasource.oms.api.v1alpha1.PolarDBXDataSource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.ResourceEventAware;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The Secrets that resources reference, and only those, with their values.
 *
 * <p>An informer on Secrets as metadata only ({@link SecretMetadata}) says which Secrets exist and
 * when one changes; its events reach the resources that reference the Secret, as before. The
 * values are read with a GET the first time a reconcile needs them, and kept, keyed by namespace
 * and name, while the informer reports the same resourceVersion: a rotated Secret is read again by
 * the reconcile its change starts, within seconds. A Secret no resource references any more is
 * dropped when that resource changes or goes. So the operator never holds the value of a Secret
 * that no resource references, and the values of every Secret never cross the wire.
 *
 * <p>RBAC: {@code list} and {@code watch} for the informer, {@code get} for the reads.
 */
final class ReferencedSecrets implements SecretLookup {

  static final String NAME = "secret-metadata";

  private final IndexerResourceCache<PolarDBXDataSource> primaries;
  private final String index;
  private final Function<PolarDBXDataSource, List<String>> keysOf;
  /** The metadata informers: one for all namespaces, or one per watched namespace. */
  private final Map<String, InformerEventSource<Secret, PolarDBXDataSource>> metadata =
      new HashMap<>();
  private InformerEventSource<Secret, PolarDBXDataSource> allNamespaces;
  private final Map<String, Secret> values = new ConcurrentHashMap<>();
  private volatile KubernetesClient reader;

  /**
   * @param primaries the resources' cache, with an index from each referenced Secret's key
   *     ({@link #key}) to the resources that reference it
   * @param keysOf the keys of the Secrets a resource references (the index's function)
   */
  ReferencedSecrets(IndexerResourceCache<PolarDBXDataSource> primaries, String index,
      Function<PolarDBXDataSource, List<String>> keysOf) {
    this.primaries = Objects.requireNonNull(primaries, "primaries");
    this.index = Objects.requireNonNull(index, "index");
    this.keysOf = Objects.requireNonNull(keysOf, "keysOf");
  }

  static String key(String namespace, String name) {
    return namespace + "/" + name;
  }

  /**
   * The event sources: the metadata informer(s), whose events reconcile the resources that
   * reference the Secret, and one that forgets the values of Secrets no longer referenced.
   */
  List<EventSource<?, PolarDBXDataSource>> eventSources(
      EventSourceContext<PolarDBXDataSource> context) {
    this.reader = context.getClient();
    KubernetesClient metadataClient = SecretMetadata.client(context.getClient());
    SecondaryToPrimaryMapper<Secret> mapper = s -> DataSourceEventSources.ids(primaries.byIndex(index,
        key(s.getMetadata().getNamespace(), s.getMetadata().getName())));
    var informerConfig = context.getControllerConfiguration().getInformerConfig();
    List<EventSource<?, PolarDBXDataSource>> sources = new ArrayList<>();
    if (informerConfig.watchAllNamespaces()) {
      allNamespaces = new InformerEventSource<>(config(NAME, metadataClient, mapper)
          .withNamespacesInheritedFromController().build(), context);
      sources.add(allNamespaces);
    } else {
      // One informer, and so one store, per namespace (see SecretMetadata.Store).
      for (String ns : informerConfig.getNamespaces()) {
        var source = new InformerEventSource<>(config(NAME + "-" + ns, metadataClient, mapper)
            .withNamespaces(Set.of(ns)).build(), context);
        metadata.put(ns, source);
        sources.add(source);
      }
    }
    sources.add(new Forgetter(metadataClient));
    return sources;
  }

  private static InformerEventSourceConfiguration.Builder<Secret> config(String name,
      KubernetesClient client, SecondaryToPrimaryMapper<Secret> mapper) {
    return InformerEventSourceConfiguration.from(Secret.class, PolarDBXDataSource.class)
        .withName(name)
        .withKubernetesClient(client)
        .withItemStore(new SecretMetadata.Store())
        .withSecondaryToPrimaryMapper(mapper);
  }

  /**
   * The Secret with its values, if it exists: from the values read before when the informer still
   * reports their resourceVersion, otherwise read now.
   */
  @Override
  public Optional<Secret> find(String namespace, String name) {
    String key = key(namespace, name);
    Optional<Secret> known = known(namespace, name);
    if (known.isEmpty()) {
      values.remove(key);
      return Optional.empty();
    }
    String version = known.get().getMetadata().getResourceVersion();
    Secret cached = values.get(key);
    if (cached != null && Objects.equals(version, cached.getMetadata().getResourceVersion())) {
      return Optional.of(cached);
    }
    Secret read = reader.secrets().inNamespace(namespace).withName(name).get();
    if (read == null) {
      values.remove(key);
      return Optional.empty();
    }
    Secret kept = withValuesOnly(read);
    values.put(key, kept);
    if (!referenced(key)) {
      values.remove(key); // the last resource referencing it went while this read ran
    }
    return Optional.of(kept);
  }

  /** How many Secrets' values are held (the referenced ones that reconciles have read). */
  int heldValues() {
    return values.size();
  }

  /** What the metadata informers hold, every Secret they see; for tests. */
  List<Secret> known() {
    List<Secret> all = new ArrayList<>();
    if (allNamespaces != null) {
      allNamespaces.list().forEach(all::add);
    }
    metadata.values().forEach(source -> source.list().forEach(all::add));
    return all;
  }

  private Optional<Secret> known(String namespace, String name) {
    InformerEventSource<Secret, PolarDBXDataSource> source =
        allNamespaces != null ? allNamespaces : metadata.get(namespace);
    return source == null ? Optional.empty() : source.get(new ResourceID(name, namespace));
  }

  private boolean referenced(String key) {
    return !primaries.byIndex(index, key).isEmpty();
  }

  private void forgetUnreferenced(PolarDBXDataSource resource) {
    for (String key : keysOf.apply(resource)) {
      if (!referenced(key)) {
        values.remove(key);
      }
    }
  }

  /** The values and the identity (name, UID, resourceVersion); no annotations, no managedFields. */
  private static Secret withValuesOnly(Secret s) {
    Secret kept = new Secret();
    kept.setMetadata(new ObjectMetaBuilder().withName(s.getMetadata().getName())
        .withNamespace(s.getMetadata().getNamespace()).withUid(s.getMetadata().getUid())
        .withResourceVersion(s.getMetadata().getResourceVersion()).build());
    kept.setType(s.getType());
    kept.setData(s.getData());
    kept.setStringData(s.getStringData());
    return kept;
  }

  /**
   * Told of every change of a resource (before JOSDK's filters): forgets the values of the Secrets
   * that the old version referenced and no resource references now. Closes the metadata client.
   */
  private final class Forgetter extends AbstractEventSource<Void, PolarDBXDataSource>
      implements ResourceEventAware<PolarDBXDataSource> {

    private final KubernetesClient metadataClient;

    Forgetter(KubernetesClient metadataClient) {
      super(Void.class, NAME + "-forgetter");
      this.metadataClient = metadataClient;
    }

    @Override
    public void onResourceUpdated(PolarDBXDataSource newResource,
        PolarDBXDataSource oldResource) {
      if (oldResource != null) {
        forgetUnreferenced(oldResource);
      }
    }

    @Override
    public void onResourceDeleted(PolarDBXDataSource resource) {
      forgetUnreferenced(resource);
    }

    @Override
    public Set<Void> getSecondaryResources(PolarDBXDataSource primary) {
      return Set.of();
    }

    @Override
    public void stop() {
      super.stop();
      values.clear();
      metadataClient.close();
    }
  }
}
