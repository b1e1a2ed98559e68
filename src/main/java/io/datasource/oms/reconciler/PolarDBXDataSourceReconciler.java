package io.datasource.oms.reconciler;

import io.datasource.oms.api.v1alpha1.Annotations;
import io.datasource.oms.api.v1alpha1.OmsConnection;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSource;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSourceStatus;
import io.datasource.oms.client.OmsClient;
import io.fabric8.kubernetes.api.model.Namespace;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * The JOSDK side of the controller: event sources, caches, status writes and Events. What happens
 * to a resource is decided by {@link DataSourceLifecycle}.
 *
 * <p>Event sources: the controller's own informer (with two indexes: by referenced Secret and by
 * OMS name), {@link ReferencedSecrets} (Secrets as metadata, whose events reach the resources that
 * reference the Secret, and the values of the referenced ones only), and
 * {@link ClaimantsEventSource}, through which a change of one claimant of an OMS name reaches the
 * others (so that a NameConflict clears itself when the owner goes away) without a second
 * informer on this resource type.
 *
 * <p>Every status write goes through {@link PrimaryUpdateAndCacheUtils} (optimistic locking, result
 * cached), and {@code reconcile} returns {@link UpdateControl#noUpdate()}: the next reconcile thus
 * sees the intent and the ID it wrote, even when the informer still holds an older copy.
 */
// Generation-aware processing is off only so that the control annotations start a reconcile;
// SpecOrControlsChanged keeps every other metadata-only or status change out.
@ControllerConfiguration(name = PolarDBXDataSourceReconciler.CONTROLLER_NAME,
    generationAwareEventProcessing = false,
    informer = @Informer(onUpdateFilter = SpecOrControlsChanged.class))
public class PolarDBXDataSourceReconciler
    implements Reconciler<PolarDBXDataSource>, Cleaner<PolarDBXDataSource> {

  public static final String CONTROLLER_NAME = "polardbxdatasource";

  static final String SECRET_INDEX = "secretRef";

  static final String CONNECTION_INDEX = "connectionRef";
  static final String CONNECTIONS_SOURCE = "connections";

  private final DataSourceLifecycle lifecycle;
  private final Connections connections;
  private final ReconcilerOptions options;
  private final Inventory inventory;
  private final InventorySettings inventorySettings;
  private final BooleanSupplier leading;
  private final EventRecorder events = new EventRecorder();
  /** Set when JOSDK prepares the event sources, before the first reconcile. */
  private volatile ClaimantsEventSource claimants;
  /** The referenced Secrets' values; set with the event sources, before the first reconcile. */
  private volatile ReferencedSecrets secrets;

  /**
   * @param inventory the shared view of this OMS (the runtime also meters it)
   * @param leading whether this process leads: only the leader refreshes the inventory
   */
  public PolarDBXDataSourceReconciler(OmsClient oms, Inventory inventory,
      ReconcilerOptions options, ReconcileObserver observer, InventorySettings inventorySettings,
      BooleanSupplier leading) {
    this(oms, inventory, options, observer, inventorySettings, leading, null);
  }

  /**
   * @param connectionClients builds the clients of OmsConnections; null: OmsConnection support
   *     off (a resource naming one gets ConnectionNotFound, and no OmsConnection is watched)
   */
  public PolarDBXDataSourceReconciler(OmsClient oms, Inventory inventory,
      ReconcilerOptions options, ReconcileObserver observer, InventorySettings inventorySettings,
      BooleanSupplier leading, Connections.ClientFactory connectionClients) {
    Objects.requireNonNull(oms, "oms");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(observer, "observer");
    this.options = options;
    this.inventory = Objects.requireNonNull(inventory, "inventory");
    this.inventorySettings = Objects.requireNonNull(inventorySettings, "inventorySettings");
    this.leading = Objects.requireNonNull(leading, "leading");
    this.lifecycle = new DataSourceLifecycle(oms, inventory, options, observer,
        new FailureTable(options));
    this.connections = new Connections(lifecycle, connectionClients, options, observer,
        inventorySettings.maxAge());
  }

  /** The referenced Secrets' values (null before the event sources are prepared); for tests. */
  ReferencedSecrets referencedSecrets() {
    return secrets;
  }

  /** The connections of this process, shared with the {@link OmsConnectionReconciler}. */
  public Connections connections() {
    return connections;
  }

  @Override
  public List<EventSource<?, PolarDBXDataSource>> prepareEventSources(
      EventSourceContext<PolarDBXDataSource> context) {
    IndexerResourceCache<PolarDBXDataSource> primaries = context.getPrimaryCache();
    primaries.addIndexers(Map.of(
        SECRET_INDEX, PolarDBXDataSourceReconciler::secretKeys,
        NameClaims.INDEX, NameClaims::indexKeys,
        InventoryEventSource.ID_INDEX, InventoryEventSource::idIndexKeys,
        CONNECTION_INDEX, r -> r.getSpec() == null || r.getSpec().connectionName() == null
            ? List.of() : List.of(r.getSpec().connectionName())));

    var referenced = new ReferencedSecrets(primaries, SECRET_INDEX,
        PolarDBXDataSourceReconciler::secretKeys);
    this.secrets = referenced;
    List<EventSource<?, PolarDBXDataSource>> sources =
        new ArrayList<>(referenced.eventSources(context));

    var claimantsSource = new ClaimantsEventSource(primaries);
    this.claimants = claimantsSource;
    var drift = new InventoryEventSource(inventory, connections.enabled() ? connections : null,
        inventorySettings.syncInterval(), leading, primaries);
    sources.add(claimantsSource);
    sources.add(drift);
    if (!connections.enabled()) {
      return sources;
    }
    // A connection created, checked or changed reconciles the resources that name it.
    var omsConnections = new InformerEventSource<>(
        InformerEventSourceConfiguration.from(OmsConnection.class, PolarDBXDataSource.class)
            .withName(CONNECTIONS_SOURCE)
            // Cluster-scoped: watched as such also when WATCH_NAMESPACES limits the resources.
            .withWatchAllNamespaces()
            .withSecondaryToPrimaryMapper((OmsConnection c) ->
                ids(primaries.byIndex(CONNECTION_INDEX, c.getMetadata().getName())))
            .build(),
        context);
    sources.add(omsConnections);
    return sources;
  }

  @Override
  public UpdateControl<PolarDBXDataSource> reconcile(PolarDBXDataSource resource,
      Context<PolarDBXDataSource> context) {
    if (!Objects.equals(resource.getMetadata().getGeneration(), resource.getStatus() == null
        ? null : resource.getStatus().getObservedGeneration())) {
      wakeClaimantsOf(resource); // a changed spec may let a name go
    }
    Connections.Route route = route(resource, context);
    Outcome outcome = route instanceof Connections.Use use
        ? use.lifecycle().reconcile(resource, ports(context, resource))
        : lifecycle.blocked(resource, ports(context, resource),
            ((Connections.Blocked) route).reason(), ((Connections.Blocked) route).message());
    UpdateControl<PolarDBXDataSource> control = UpdateControl.noUpdate();
    if (outcome.rescheduleAfter() != null) {
      control.rescheduleAfter(outcome.rescheduleAfter());
    }
    return control;
  }

  /**
   * An unexpected failure (e.g. the API server refused a status write): JOSDK retries it with its
   * own backoff. When those retries are used up, try again after the slow delay instead of waiting
   * for the next event, so that a resource is never left behind.
   */
  @Override
  public ErrorStatusUpdateControl<PolarDBXDataSource> updateErrorStatus(
      PolarDBXDataSource resource, Context<PolarDBXDataSource> context, Exception e) {
    if (context.getRetryInfo().map(RetryInfo::isLastAttempt).orElse(false)) {
      return ErrorStatusUpdateControl.<PolarDBXDataSource>noStatusUpdate()
          .withNoRetry()
          .rescheduleAfter(options.slowRetryDelay());
    }
    return ErrorStatusUpdateControl.defaultErrorProcessing();
  }

  @Override
  public DeleteControl cleanup(PolarDBXDataSource resource, Context<PolarDBXDataSource> context) {
    wakeClaimantsOf(resource); // an owner on its way out: the others retry until it is gone
    Connections.Route route = route(resource, context);
    Outcome outcome;
    if (route instanceof Connections.Use use) {
      outcome = use.lifecycle().cleanup(resource, ports(context, resource));
    } else if (lifecycle.releasesWithoutOms(resource)) {
      outcome = lifecycle.cleanup(resource, ports(context, resource));
    } else {
      Connections.Blocked b = (Connections.Blocked) route;
      outcome = lifecycle.blocked(resource, ports(context, resource), b.reason(), b.message()
          + " The data source cannot be deleted meanwhile: to release the resource and keep it,"
          + " set spec.deletionPolicy: Orphan (or the annotation " + Annotations.PAUSED + ").");
    }
    if (outcome.release()) {
      return DeleteControl.defaultDelete();
    }
    DeleteControl control = DeleteControl.noFinalizerRemoval();
    if (outcome.rescheduleAfter() != null) {
      control.rescheduleAfter(outcome.rescheduleAfter().toMillis());
    }
    return control;
  }

  private Connections.Route route(PolarDBXDataSource resource,
      Context<PolarDBXDataSource> context) {
    String name = resource.getSpec() == null ? null : resource.getSpec().connectionName();
    if (name == null || !connections.enabled()) {
      return connections.route(resource, null, ns -> Map.of());
    }
    @SuppressWarnings("unchecked")
    InformerEventSource<OmsConnection, PolarDBXDataSource> source =
        (InformerEventSource<OmsConnection, PolarDBXDataSource>) context.eventSourceRetriever()
            .getEventSourceFor(OmsConnection.class, CONNECTIONS_SOURCE);
    OmsConnection connection = source.get(new ResourceID(name)).orElse(null);
    return connections.route(resource, connection, ns -> {
      Namespace n = context.getClient().namespaces().withName(ns).get();
      return n == null || n.getMetadata().getLabels() == null ? Map.of()
          : n.getMetadata().getLabels();
    });
  }

  private Ports ports(Context<PolarDBXDataSource> context, PolarDBXDataSource subject) {
    String connection = subject.getSpec() == null ? null : subject.getSpec().connectionName();
    SecretLookup referenced = secrets;
    return new Ports() {
      @Override
      public SecretLookup secrets() {
        return referenced;
      }

      @Override
      public List<PolarDBXDataSource> claimants(String omsName) {
        return context.getPrimaryCache().byIndex(NameClaims.INDEX,
            NameClaims.key(connection, omsName));
      }

      @Override
      public PolarDBXDataSource writeStatus(PolarDBXDataSource resource,
          PolarDBXDataSourceStatus status) {
        // No retry on conflict: a 409 means this reconcile worked from an outdated copy, so its
        // status must not be forced onto the newer one. The exception ends the reconcile (and
        // prevents any OMS call after it); JOSDK runs it again on the fresh resource.
        List<String> claimedBefore = NameClaims.indexKeys(resource);
        PolarDBXDataSource written = PrimaryUpdateAndCacheUtils.updateAndCacheResource(resource,
            context, r -> {
              r.setStatus(status);
              return r;
            }, r -> context.getClient().resource(r).updateStatus(), 0,
            PrimaryUpdateAndCacheUtils.DEFAULT_RESOURCE_CACHE_TIMEOUT_MILLIS,
            PrimaryUpdateAndCacheUtils.DEFAULT_RESOURCE_CACHE_POLL_PERIOD_MILLIS);
        if (!claimedBefore.equals(NameClaims.indexKeys(written))) {
          // An intent or an ID came or went: the other claimants of both names decide again.
          wakeClaimantsOf(resource);
          wakeClaimantsOf(written);
        }
        return written;
      }

      @Override
      public void event(PolarDBXDataSource resource, String type, String reason, String message) {
        events.record(context.getClient(), resource, type, reason, message);
      }
    };
  }

  private void wakeClaimantsOf(PolarDBXDataSource resource) {
    ClaimantsEventSource source = claimants;
    if (source != null) {
      source.wakeClaimantsOf(resource);
    }
  }

  private static List<String> secretKeys(PolarDBXDataSource r) {
    Set<String> keys = new HashSet<>();
    String ns = r.getMetadata().getNamespace();
    if (r.getSpec() != null) {
      if (r.getSpec().getCredentialsSecretRef() != null
          && r.getSpec().getCredentialsSecretRef().getName() != null) {
        keys.add(secretKey(ns, r.getSpec().getCredentialsSecretRef().getName()));
      }
      if (r.getSpec().getAccessKeySecretRef() != null
          && r.getSpec().getAccessKeySecretRef().getName() != null) {
        keys.add(secretKey(ns, r.getSpec().getAccessKeySecretRef().getName()));
      }
    }
    return List.copyOf(keys);
  }

  private static String secretKey(String namespace, String name) {
    return ReferencedSecrets.key(namespace, name);
  }

  private static Set<ResourceID> ids(List<PolarDBXDataSource> resources) {
    Set<ResourceID> ids = new HashSet<>();
    for (PolarDBXDataSource r : resources) {
      ids.add(ResourceID.fromResource(r));
    }
    return ids;
  }
}
