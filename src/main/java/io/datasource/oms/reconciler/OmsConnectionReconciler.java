package io.datasource.oms.reconciler;

import io.datasource.oms.api.v1alpha1.Conditions;
import io.datasource.oms.api.v1alpha1.Conditions.ConnectionReason;
import io.datasource.oms.api.v1alpha1.OmsConnection;
import io.datasource.oms.api.v1alpha1.OmsConnectionStatus;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSource;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks each OmsConnection ({@link ConnectionCheck}) on every change and every {@code
 * checkInterval}, keeps {@link Connections} up to date, counts the resources that use it, and
 * holds its finalizer while any does.
 */
@ControllerConfiguration(name = OmsConnectionReconciler.CONTROLLER_NAME)
public class OmsConnectionReconciler implements Reconciler<OmsConnection>, Cleaner<OmsConnection> {

  public static final String CONTROLLER_NAME = "omsconnection";
  static final String USERS_INDEX = "connection";
  /** A search key no data source has: the check lists one empty page. */
  static final String CHECK_SEARCH_KEY = ConnectionCheck.SEARCH_KEY;
  private static final int USED_BY_LIMIT = 50;
  private static final Logger LOG = LoggerFactory.getLogger(OmsConnectionReconciler.class);

  private final Connections connections;
  private final Duration checkInterval;
  private final ConnectionCheck check;

  private final Set<String> watchNamespaces;

  public OmsConnectionReconciler(Connections connections, Duration checkInterval) {
    this(connections, checkInterval, Set.of());
  }

  /**
   * @param watchNamespaces where PolarDBXDataSources are read to count a connection's users (its
   *     usage and the finalizer's in-use check): WATCH_NAMESPACES; empty means every namespace
   */
  public OmsConnectionReconciler(Connections connections, Duration checkInterval,
      Set<String> watchNamespaces) {
    this.connections = Objects.requireNonNull(connections, "connections");
    this.checkInterval = Objects.requireNonNull(checkInterval, "checkInterval");
    this.check = new ConnectionCheck(connections, checkInterval);
    this.watchNamespaces = Set.copyOf(watchNamespaces);
  }

  @Override
  public List<EventSource<?, OmsConnection>> prepareEventSources(
      EventSourceContext<OmsConnection> context) {
    var usersConfig = InformerEventSourceConfiguration.from(PolarDBXDataSource.class,
        OmsConnection.class);
    if (watchNamespaces.isEmpty()) {
      usersConfig.withNamespacesInheritedFromController();
    } else {
      usersConfig.withNamespaces(watchNamespaces);
    }
    var users = new InformerEventSource<>(
        usersConfig
            .withName("users")
            .withSecondaryToPrimaryMapper((PolarDBXDataSource r) -> {
              String name = r.getSpec() == null ? null : r.getSpec().connectionName();
              return name == null ? Set.of() : Set.of(new ResourceID(name));
            })
            .build(),
        context);
    return List.of(users);
  }

  @Override
  public UpdateControl<OmsConnection> reconcile(OmsConnection connection,
      Context<OmsConnection> context) {
    String name = connection.getMetadata().getName();
    Long generation = connection.getMetadata().getGeneration();
    OmsConnectionStatus status = baseStatus(connection, context);
    ConnectionCheck.Result check = this.check.check(connection, context.getClient());
    if (check.entry() != null) {
      connections.put(check.entry());
    } else {
      connections.unusable(name, generation, check.message());
    }
    setCondition(status, Conditions.READY, check.ready() ? "True" : "False", check.reason(),
        check.message(), generation);
    LOG.info("checked OmsConnection {}: ready={} reason={}", name, check.ready(), check.reason());
    writeIfChanged(connection, status, context);
    return UpdateControl.<OmsConnection>noUpdate().rescheduleAfter(checkInterval);
  }

  @Override
  public DeleteControl cleanup(OmsConnection connection, Context<OmsConnection> context) {
    OmsConnectionStatus status = baseStatus(connection, context);
    if (status.getResourceCount() > 0) {
      setCondition(status, "Deleting", "True", ConnectionReason.IN_USE, "Waiting for "
          + status.getResourceCount() + " resource(s) that use this connection to go: "
          + String.join(", ", status.getUsedBy()) + ". Delete them (or move them away: a new"
          + " resource per data source) and the connection goes.", connection.getMetadata()
          .getGeneration());
      writeIfChanged(connection, status, context);
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(checkInterval.toMillis());
    }
    connections.remove(connection.getMetadata().getName());
    LOG.info("released OmsConnection {}: no resource uses it", connection.getMetadata().getName());
    return DeleteControl.defaultDelete();
  }

  /** The status with the usage filled in from the informer cache; conditions as they were. */
  private static OmsConnectionStatus baseStatus(OmsConnection connection,
      Context<OmsConnection> context) {
    List<String> users = new ArrayList<>();
    context.getSecondaryResourcesAsStream(PolarDBXDataSource.class)
        .map(r -> r.getMetadata().getNamespace() + "/" + r.getMetadata().getName())
        .sorted()
        .forEach(users::add);
    OmsConnectionStatus status = new OmsConnectionStatus();
    OmsConnectionStatus old = connection.getStatus();
    if (old != null) {
      for (Condition c : old.getConditions()) {
        status.getConditions().add(new ConditionBuilder(c).build());
      }
    }
    status.setObservedGeneration(connection.getMetadata().getGeneration());
    status.setResourceCount(users.size());
    status.setUsedBy(users.isEmpty() ? null
        : List.copyOf(users.subList(0, Math.min(USED_BY_LIMIT, users.size()))));
    return status;
  }

  private static void setCondition(OmsConnectionStatus s, String type, String status,
      String reason, String message, Long generation) {
    List<Condition> list = new ArrayList<>(s.getConditions());
    Condition existing = list.stream().filter(c -> type.equals(c.getType())).findFirst()
        .orElse(null);
    String transition = existing != null && status.equals(existing.getStatus())
        ? existing.getLastTransitionTime()
        : Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    Condition c = new ConditionBuilder().withType(type).withStatus(status).withReason(reason)
        .withMessage(message).withObservedGeneration(generation)
        .withLastTransitionTime(transition).build();
    if (existing != null) {
      list.set(list.indexOf(existing), c);
    } else {
      list.add(c);
    }
    s.setConditions(list);
  }

  private static void writeIfChanged(OmsConnection connection, OmsConnectionStatus status,
      Context<OmsConnection> context) {
    if (status.equals(connection.getStatus())) {
      return;
    }
    OmsConnection copy = new OmsConnection();
    copy.setMetadata(connection.getMetadata());
    copy.setSpec(connection.getSpec());
    copy.setStatus(status);
    context.getClient().resource(copy).updateStatus();
  }
}
