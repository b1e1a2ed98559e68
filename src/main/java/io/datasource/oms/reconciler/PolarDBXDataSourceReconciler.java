package io.datasource.oms.reconciler;

import io.datasource.oms.api.v1alpha1.Annotations;
import io.datasource.oms.api.v1alpha1.OmsConnection;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSource;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSourceStatus;
import io.datasource.oms.client.OmsClient;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
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
 * OMS name), a Secret informer whose events reach the resources that reference the Secret, and
 * {@link ClaimantsEventSource}, through which a change of one claimant of an OMS name reaches the
 * others (so that a NameConflict clears itself when the owner goes away) without a second
 * informer on this resource type.
 *
 * <p>Every write goes through {@link PrimaryWrites} (optimistic locking, result cached), and
 * {@code reconcile} returns {@link UpdateControl#noUpdate()}: the next reconcile thus sees the
 * intent and the ID it wrote, even when the informer still holds an older copy. The lifecycle sees
 * each resource through {@link IntentStore#view}, with its create intent where it always was.
 *
 * <p>The controller manages its finalizer itself ({@code triggerReconcilerOnAllEvents}: JOSDK
 * neither adds it nor calls a cleanup; {@link #reconcile} sees deletions): added with a resource's
 * first write, so that the create intent and the finalizer take one patch.
 */
// Generation-aware processing is off only so that the control annotations start a reconcile;
// SpecOrControlsChanged keeps every other metadata-only or status change out.
@ControllerConfiguration(name = PolarDBXDataSourceReconciler.CONTROLLER_NAME,
    generationAwareEventProcessing = false,
    triggerReconcilerOnAllEvents = true,
    informer = @Informer(onUpdateFilter = SpecOrControlsChanged.class))
public class PolarDBXDataSourceReconciler implements Reconciler<PolarDBXDataSource> {

  public static final String CONTROLLER_NAME = "polardbxdatasource";

  static final String SECRET_INDEX = "secretRef";
  static final String SECRETS_SOURCE = "secrets";

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

    var secretsConfig = InformerEventSourceConfiguration.from(Secret.class, PolarDBXDataSource.class)
        .withName(SECRETS_SOURCE)
        .withNamespacesInheritedFromController()
        .withSecondaryToPrimaryMapper((Secret s) -> ids(primaries.byIndex(SECRET_INDEX,
            secretKey(s.getMetadata().getNamespace(), s.getMetadata().getName()))));
    if (context.getControllerConfiguration().getInformerConfig().watchAllNamespaces()) {
      secretsConfig.withItemStore(new LeanItemStore<>()); // one informer: a store of its own
    }
    var secrets = new InformerEventSource<>(secretsConfig.build(), context);

    var claimantsSource = new ClaimantsEventSource(primaries);
    this.claimants = claimantsSource;
    var drift = new InventoryEventSource(inventory, connections.enabled() ? connections : null,
        inventorySettings.syncInterval(), leading, primaries);
    if (!connections.enabled()) {
      return List.of(secrets, claimantsSource, drift);
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
    return List.of(secrets, claimantsSource, drift, omsConnections);
  }

  @Override
  public UpdateControl<PolarDBXDataSource> reconcile(PolarDBXDataSource resource,
      Context<PolarDBXDataSource> context) {
    if (context.isPrimaryResourceDeleted()) {
      wakeClaimantsOf(resource); // gone: the other claimants of its names decide again
      return UpdateControl.noUpdate();
    }
    if (resource.isMarkedForDeletion()) {
      return resource.hasFinalizer(PrimaryWrites.FINALIZER) ? cleanup(resource, context)
          : UpdateControl.noUpdate(); // released already, or never held anything
    }
    PolarDBXDataSource view = IntentStore.view(resource);
    if (!Objects.equals(view.getMetadata().getGeneration(), view.getStatus() == null
        ? null : view.getStatus().getObservedGeneration())) {
      wakeClaimantsOf(view); // a changed spec may let a name go
    }
    Connections.Route route = route(view, context);
    LifecyclePorts ports = ports(context, view);
    Outcome outcome = route instanceof Connections.Use use
        ? use.lifecycle().reconcile(view, ports)
        : lifecycle.blocked(view, ports,
            ((Connections.Blocked) route).reason(), ((Connections.Blocked) route).message());
    if (!ports.wrote) {
      ports.writes.ensureFinalizer(resource); // a resource this operator reconciles has it
    }
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

  /** The resource is being deleted and holds the finalizer: release it, or say why not yet. */
  private UpdateControl<PolarDBXDataSource> cleanup(PolarDBXDataSource resource,
      Context<PolarDBXDataSource> context) {
    PolarDBXDataSource view = IntentStore.view(resource);
    wakeClaimantsOf(view); // an owner on its way out: the others retry until it is gone
    Connections.Route route = route(view, context);
    LifecyclePorts ports = ports(context, view);
    Outcome outcome;
    if (route instanceof Connections.Use use) {
      outcome = use.lifecycle().cleanup(view, ports);
    } else if (lifecycle.releasesWithoutOms(view)) {
      outcome = lifecycle.cleanup(view, ports);
    } else {
      Connections.Blocked b = (Connections.Blocked) route;
      outcome = lifecycle.blocked(view, ports, b.reason(), b.message()
          + " The data source cannot be deleted meanwhile: to release the resource and keep it,"
          + " set spec.deletionPolicy: Orphan (or the annotation " + Annotations.PAUSED + ").");
    }
    if (outcome.release()) {
      ports.writes.removeFinalizer(ports.latest);
      return UpdateControl.noUpdate();
    }
    UpdateControl<PolarDBXDataSource> control = UpdateControl.noUpdate();
    if (outcome.rescheduleAfter() != null) {
      control.rescheduleAfter(outcome.rescheduleAfter());
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

  private LifecyclePorts ports(Context<PolarDBXDataSource> context, PolarDBXDataSource subject) {
    @SuppressWarnings("unchecked")
    InformerEventSource<Secret, PolarDBXDataSource> secrets =
        (InformerEventSource<Secret, PolarDBXDataSource>)
            context.eventSourceRetriever().getEventSourceFor(Secret.class, SECRETS_SOURCE);
    return new LifecyclePorts(context, subject, secrets);
  }

  /** The lifecycle's ports for one reconcile; remembers what it wrote last. */
  private final class LifecyclePorts implements Ports {
    final PrimaryWrites writes;
    private final Context<PolarDBXDataSource> context;
    private final InformerEventSource<Secret, PolarDBXDataSource> secrets;
    private final String connection;
    PolarDBXDataSource latest;
    boolean wrote;

    LifecyclePorts(Context<PolarDBXDataSource> context, PolarDBXDataSource subject,
        InformerEventSource<Secret, PolarDBXDataSource> secrets) {
      this.context = context;
      this.secrets = secrets;
      this.writes = new PrimaryWrites(context);
      this.latest = subject;
      this.connection = subject.getSpec() == null ? null : subject.getSpec().connectionName();
    }

    @Override
    public SecretLookup secrets() {
      return (namespace, name) -> secrets.get(new ResourceID(name, namespace));
    }

    @Override
    public List<PolarDBXDataSource> claimants(String omsName) {
      // As the lifecycle sees them: an open annotation intent in place of an older ID.
      return context.getPrimaryCache().byIndex(NameClaims.INDEX,
          NameClaims.key(connection, omsName)).stream().map(IntentStore::view).toList();
    }

    @Override
    public PolarDBXDataSource writeStatus(PolarDBXDataSource resource,
        PolarDBXDataSourceStatus status) {
      // No retry on conflict: a 409 means this reconcile worked from an outdated copy, so its
      // status (or intent) must not be forced onto the newer one. The exception ends the
      // reconcile (and prevents any OMS call after it); JOSDK runs it again on the fresh resource.
      List<String> claimedBefore = NameClaims.indexKeys(resource);
      PolarDBXDataSource written = writes.write(resource, status);
      wrote = true;
      latest = written;
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
    return namespace + "/" + name;
  }

  private static Set<ResourceID> ids(List<PolarDBXDataSource> resources) {
    Set<ResourceID> ids = new HashSet<>();
    for (PolarDBXDataSource r : resources) {
      ids.add(ResourceID.fromResource(r));
    }
    return ids;
  }
}
