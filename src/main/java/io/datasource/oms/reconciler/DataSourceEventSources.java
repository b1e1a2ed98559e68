package io.datasource.oms.reconciler;

import io.datasource.oms.api.v1alpha1.OmsConnection;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSource;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The event sources of {@link PolarDBXDataSourceReconciler} and the primary cache's indexes:
 * {@link ReferencedSecrets} (Secrets as metadata, whose events reach the resources that reference
 * the Secret, and the values of the referenced ones only), {@link
 * ClaimantsEventSource}, through which a change of one claimant of an OMS name reaches the others
 * (so that a NameConflict clears itself when the owner goes away) without a second informer on
 * this resource type, {@link InventoryEventSource} (drift), and, with OmsConnection support, an
 * OmsConnection informer whose changes reach the resources that name the connection.
 */
final class DataSourceEventSources {

  static final String SECRET_INDEX = "secretRef";
  static final String CONNECTION_INDEX = "connectionRef";
  static final String CONNECTIONS_SOURCE = "connections";

  private DataSourceEventSources() {}

  /** The indexes on the primary cache that the event sources and the ports read. */
  static void addIndexes(IndexerResourceCache<PolarDBXDataSource> primaries) {
    primaries.addIndexers(Map.of(
        SECRET_INDEX, DataSourceEventSources::secretKeys,
        NameClaims.INDEX, NameClaims::indexKeys,
        InventoryEventSource.ID_INDEX, InventoryEventSource::idIndexKeys,
        CONNECTION_INDEX, r -> r.getSpec() == null || r.getSpec().connectionName() == null
            ? List.of() : List.of(r.getSpec().connectionName())));
  }

  /** A connection created, checked or changed reconciles the resources that name it. */
  static InformerEventSource<OmsConnection, PolarDBXDataSource> connections(
      EventSourceContext<PolarDBXDataSource> context) {
    IndexerResourceCache<PolarDBXDataSource> primaries = context.getPrimaryCache();
    return new InformerEventSource<>(
        InformerEventSourceConfiguration.from(OmsConnection.class, PolarDBXDataSource.class)
            .withName(CONNECTIONS_SOURCE)
            // Cluster-scoped: watched as such also when WATCH_NAMESPACES limits the resources.
            .withWatchAllNamespaces()
            .withSecondaryToPrimaryMapper((OmsConnection c) ->
                ids(primaries.byIndex(CONNECTION_INDEX, c.getMetadata().getName())))
            .build(),
        context);
  }

  /** The OmsConnection named {@code name} from the informer's cache, during a reconcile. */
  @SuppressWarnings("unchecked")
  static Optional<OmsConnection> connection(Context<PolarDBXDataSource> context, String name) {
    InformerEventSource<OmsConnection, PolarDBXDataSource> source =
        (InformerEventSource<OmsConnection, PolarDBXDataSource>) context.eventSourceRetriever()
            .getEventSourceFor(OmsConnection.class, CONNECTIONS_SOURCE);
    return source.get(new ResourceID(name));
  }

  static List<String> secretKeys(PolarDBXDataSource r) {
    Set<String> keys = new HashSet<>();
    String ns = r.getMetadata().getNamespace();
    if (r.getSpec() != null) {
      if (r.getSpec().getCredentialsSecretRef() != null
          && r.getSpec().getCredentialsSecretRef().getName() != null) {
        keys.add(ReferencedSecrets.key(ns, r.getSpec().getCredentialsSecretRef().getName()));
      }
      if (r.getSpec().getAccessKeySecretRef() != null
          && r.getSpec().getAccessKeySecretRef().getName() != null) {
        keys.add(ReferencedSecrets.key(ns, r.getSpec().getAccessKeySecretRef().getName()));
      }
    }
    return List.copyOf(keys);
  }

  /** The resources' IDs: what an event source's mapper returns. */
  static Set<ResourceID> ids(List<PolarDBXDataSource> resources) {
    Set<ResourceID> ids = new HashSet<>();
    for (PolarDBXDataSource r : resources) {
      ids.add(ResourceID.fromResource(r));
    }
    return ids;
  }
}
