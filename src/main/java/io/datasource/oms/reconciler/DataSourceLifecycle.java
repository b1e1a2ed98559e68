package io.datasource.oms.reconciler;

import io.datasource.oms.api.v1alpha1.PolarDBXDataSource;
import io.datasource.oms.client.OmsClient;

/**
 * What the operator does for one resource, free of JOSDK plumbing, in five steps: read the inputs
 * ({@link Inputs}: Secrets, spec, name claim), observe OMS ({@link Observe}), decide ({@link
 * Planner}, a pure function to a {@link Plan}), act ({@link Execute}), record ({@link
 * StatusRecorder}, {@link TransitionEvents}). Kubernetes is reached only through {@link Ports},
 * OMS only through {@link OmsClient}, and only by Observe and Execute.
 */
final class DataSourceLifecycle {

  private final ReconcilerOptions options;
  private final ReconcileObserver observer;
  private final StatusEditor editor;
  private final SpecValidator validator = new SpecValidator();
  private final NameClaims claims = new NameClaims();
  private final Observe observe;
  private final Execute execute;

  DataSourceLifecycle(OmsClient oms, Inventory inventory, ReconcilerOptions options,
      ReconcileObserver observer, FailureTable table) {
    this.options = options;
    this.observer = observer;
    this.editor = new StatusEditor(options.clock());
    this.observe = new Observe(oms, inventory);
    this.execute = new Execute(oms, inventory, observe, table, options);
  }

  Outcome reconcile(PolarDBXDataSource resource, Ports ports) {
    StatusRecorder record = new StatusRecorder(resource, ports, editor, observer);
    Inputs in = Inputs.read(resource, ports, validator, claims);
    Observation seen = observe.reconcile(in, record);
    Plan plan = Planner.reconcile(in, seen, record.draft(), record.before(), options);
    return execute.reconcile(plan, in, seen, record);
  }

  Outcome cleanup(PolarDBXDataSource resource, Ports ports) {
    StatusRecorder record = new StatusRecorder(resource, ports, editor, observer);
    Plan plan = CleanupPlanner.plan(resource, record.draft(), options.defaultDeletionPolicy());
    return execute.cleanup(plan, record, ports);
  }

  /**
   * The resource's connection cannot be used (missing, not Ready, namespace not allowed): say so,
   * call nothing. Paused still wins: then only the Paused condition is written.
   */
  Outcome blocked(PolarDBXDataSource resource, Ports ports, String reason, String message) {
    StatusRecorder record = new StatusRecorder(resource, ports, editor, observer);
    Plan plan = Planner.blocked(resource, reason, message, options);
    return execute.reconcile(plan, null, Observation.NOTHING, record);
  }

  /**
   * Whether {@link #cleanup} releases this resource without any OMS call (paused, observer,
   * Orphan, nothing created or gone from OMS): then it needs no usable connection.
   */
  boolean releasesWithoutOms(PolarDBXDataSource resource) {
    return CleanupPlanner.plan(resource, StatusEditor.copy(resource.getStatus()),
        options.defaultDeletionPolicy()) instanceof Plan.Release;
  }
}
