package io.datasource.oms.reconciler;

import io.datasource.oms.api.v1alpha1.Annotations;
import io.datasource.oms.api.v1alpha1.OmsConnection;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSource;
import io.datasource.oms.client.OmsClient;
import io.fabric8.kubernetes.api.model.Namespace;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * The JOSDK side of the controller: routes each resource to the lifecycle of its OMS connection
 * and turns outcomes into JOSDK controls. What happens to a resource is decided by {@link
 * DataSourceLifecycle}; the event sources are in {@link DataSourceEventSources}, the caches,
 * status writes and Events behind {@link CachedPorts}. Every write goes through those ports
 * ({@link PrimaryWrites}: optimistic locking, result cached), and {@code reconcile} returns
 * {@link UpdateControl#noUpdate()}: the next reconcile thus sees the intent and the ID it wrote,
 * even when the informer still holds an older copy. The lifecycle sees each resource through
 * {@link IntentStore#view}, with its create intent where it always was.
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

  private final DataSourceLifecycle lifecycle;
  private final Connections connections;
  private final ReconcilerOptions options;
  private final Inventory inventory;
  private final InventorySettings inventorySettings;
  private final BooleanSupplier leading;
  private final EventRecorder events;
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
    this.events = new EventRecorder(options.clock());
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
    DataSourceEventSources.addIndexes(context.getPrimaryCache());
    var referenced = new ReferencedSecrets(context.getPrimaryCache(),
        DataSourceEventSources.SECRET_INDEX, DataSourceEventSources::secretKeys);
    this.secrets = referenced;
    List<EventSource<?, PolarDBXDataSource>> sources =
        new ArrayList<>(referenced.eventSources(context));
    var claimantsSource = new ClaimantsEventSource(context.getPrimaryCache());
    this.claimants = claimantsSource;
    sources.add(claimantsSource);
    sources.add(new InventoryEventSource(inventory, connections.enabled() ? connections : null,
        inventorySettings.syncInterval(), leading, context.getPrimaryCache()));
    if (connections.enabled()) {
      sources.add(DataSourceEventSources.connections(context));
    }
    return sources;
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
    CachedPorts ports = ports(context, view);
    Outcome outcome = route instanceof Connections.Use use
        ? use.lifecycle().reconcile(view, ports)
        : lifecycle.blocked(view, ports,
            ((Connections.Blocked) route).reason(), ((Connections.Blocked) route).message());
    if (!ports.wrote()) {
      ports.writes().ensureFinalizer(resource); // a resource this operator reconciles has it
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
    CachedPorts ports = ports(context, view);
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
      ports.writes().removeFinalizer(ports.latest());
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
    OmsConnection connection = DataSourceEventSources.connection(context, name).orElse(null);
    return connections.route(resource, connection, ns -> {
      Namespace n = context.getClient().namespaces().withName(ns).get();
      return n == null || n.getMetadata().getLabels() == null ? Map.of()
          : n.getMetadata().getLabels();
    });
  }

  private CachedPorts ports(Context<PolarDBXDataSource> context, PolarDBXDataSource subject) {
    return new CachedPorts(context, secrets, subject, events, this::wakeClaimantsOf);
  }

  private void wakeClaimantsOf(PolarDBXDataSource resource) {
    ClaimantsEventSource source = claimants;
    if (source != null) {
      source.wakeClaimantsOf(resource);
    }
  }
}
