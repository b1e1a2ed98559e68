package io.datasource.oms.reconciler;

import io.datasource.oms.api.v1alpha1.Conditions;
import io.datasource.oms.api.v1alpha1.Conditions.ConnectionReason;
import io.datasource.oms.api.v1alpha1.OmsConnection;
import io.datasource.oms.api.v1alpha1.OmsConnectionSpec;
import io.datasource.oms.api.v1alpha1.OmsConnectionStatus;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSource;
import io.datasource.oms.config.Durations;
import io.datasource.oms.config.Variable;
import io.datasource.oms.config.Variables;
import io.datasource.oms.client.OmsException;
import io.datasource.oms.client.OmsFailureKind;
import io.datasource.oms.client.OmsSettings;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
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
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks each OmsConnection (its Secret, then a cheap ListDataSource) on every change and every
 * {@code checkInterval}, keeps {@link Connections} up to date, counts the resources that use it,
 * and holds its finalizer while any does.
 *
 * <p>The Secret is read with a GET at each check (a connection's Secret may live in any
 * namespace): a rotated password is thus picked up within one check interval, no restart.
 */
@ControllerConfiguration(name = OmsConnectionReconciler.CONTROLLER_NAME)
public class OmsConnectionReconciler implements Reconciler<OmsConnection>, Cleaner<OmsConnection> {

  public static final String CONTROLLER_NAME = "omsconnection";
  static final String USERS_INDEX = "connection";
  /** A search key no data source has: the check lists one empty page. */
  static final String CHECK_SEARCH_KEY = "oms-datasource-operator-connection-check";
  private static final int USED_BY_LIMIT = 50;
  private static final Logger LOG = LoggerFactory.getLogger(OmsConnectionReconciler.class);

  private final Connections connections;
  private final Duration checkInterval;

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
    Check check = check(connection, context.getClient());
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

  private record Check(boolean ready, String reason, String message, Connections.Entry entry) {}

  private Check check(OmsConnection connection, KubernetesClient client) {
    String name = connection.getMetadata().getName();
    Long generation = connection.getMetadata().getGeneration();
    OmsConnectionSpec spec = connection.getSpec();
    StringBuilder fingerprint = new StringBuilder(Serialization.asJson(spec));
    OmsSettings.Credentials credentials = null;
    var ref = spec.getCredentialsSecretRef();
    if (ref != null) {
      Secret s = client.secrets().inNamespace(ref.getNamespace()).withName(ref.getName()).get();
      if (s == null) {
        return new Check(false, ConnectionReason.SECRET_NOT_FOUND, "The Secret "
            + ref.getNamespace() + "/" + ref.getName() + " (spec.credentialsSecretRef) does not"
            + " exist. Create it with the keys " + ref.getUsernameKey() + " and "
            + ref.getPasswordKey() + ".", null);
      }
      String user = value(s, ref.getUsernameKey());
      String password = value(s, ref.getPasswordKey());
      String missing = user == null ? ref.getUsernameKey() : password == null
          ? ref.getPasswordKey() : null;
      if (missing != null) {
        return new Check(false, ConnectionReason.SECRET_KEY_MISSING, "The Secret "
            + ref.getNamespace() + "/" + ref.getName() + " has no (or an empty) key '" + missing
            + "'.", null);
      }
      credentials = new OmsSettings.Credentials(user, password);
      fingerprint.append('|').append(s.getMetadata().getUid()).append('/')
          .append(s.getMetadata().getResourceVersion());
    }
    String ca = null;
    var caRef = spec.getCaBundleSecretRef();
    if (caRef != null) {
      Secret s = client.secrets().inNamespace(caRef.getNamespace()).withName(caRef.getName())
          .get();
      if (s == null) {
        return new Check(false, ConnectionReason.SECRET_NOT_FOUND, "The Secret "
            + caRef.getNamespace() + "/" + caRef.getName() + " (spec.caBundleSecretRef) does not"
            + " exist.", null);
      }
      ca = value(s, caRef.getCaKey());
      if (ca == null) {
        return new Check(false, ConnectionReason.SECRET_KEY_MISSING, "The Secret "
            + caRef.getNamespace() + "/" + caRef.getName() + " has no (or an empty) key '"
            + caRef.getCaKey() + "'.", null);
      }
      fingerprint.append('|').append(s.getMetadata().getUid()).append('/')
          .append(s.getMetadata().getResourceVersion());
    }
    OmsSettings settings;
    double rate;
    int burst;
    try {
      // What the spec leaves out is what the operator's own variables default to.
      settings = new OmsSettings(URI.create(spec.getBaseUrl()), credentials,
          duration(spec.getConnectTimeout(), Variables.OMS_CONNECT_TIMEOUT),
          duration(spec.getRequestTimeout(), Variables.OMS_REQUEST_TIMEOUT), ca,
          spec.getCreateAction() == null ? Variables.OMS_CREATE_ACTION.defaultValue()
              : spec.getCreateAction(),
          spec.getUserField() == null ? Variables.OMS_USER_FIELD.defaultValue()
              : OmsSettings.UserFieldMode.valueOf(spec.getUserField()),
          OmsSettings.LIST_PAGE_SIZE);
      rate = spec.getRateLimit() == null ? Variables.OMS_RATE_LIMIT.defaultValue()
          : spec.getRateLimit();
      burst = spec.getRateBurst() == null ? Variables.burstFor(rate) : spec.getRateBurst();
    } catch (RuntimeException e) {
      return new Check(false, ConnectionReason.INVALID_SPEC, "The spec cannot be used: "
          + e.getMessage() + ". Fix the spec.", null);
    }
    Connections.Entry entry = connections.settle(name, generation, hash(fingerprint.toString()),
        settings, rate, burst);
    try {
      entry.client().listDataSources(CHECK_SEARCH_KEY);
    } catch (OmsException e) {
      String reason = e.kind() == OmsFailureKind.AUTHENTICATION
          ? ConnectionReason.AUTHENTICATION_FAILED : ConnectionReason.OMS_UNAVAILABLE;
      String message = (e.kind() == OmsFailureKind.AUTHENTICATION
          ? "OMS refused the credentials of the Secret in spec.credentialsSecretRef: "
          : "OMS could not be reached or answered an error: ")
          + DataSourceLifecycle.describe(e.error()) + ". Checked again every "
          + Durations.format(checkInterval) + ".";
      return new Check(false, reason, message, withReady(entry, generation, false, message));
    }
    String message = "Reached OMS at " + spec.getBaseUrl() + " with "
        + (credentials == null ? "no credentials" : "the credentials of the Secret") + ".";
    return new Check(true, ConnectionReason.CONNECTED, message,
        withReady(entry, generation, true, message));
  }

  private static Connections.Entry withReady(Connections.Entry e, Long generation, boolean ready,
      String message) {
    return new Connections.Entry(e.name(), e.fingerprint(), generation, e.client(), e.inventory(),
        e.lifecycle(), ready, message);
  }

  private static Duration duration(String text, Variable<Duration> unset) {
    return text == null ? unset.defaultValue() : Durations.parse(text);
  }

  private static String value(Secret s, String key) {
    Map<String, String> data = s.getData();
    if (data != null && data.get(key) != null) {
      String v = new String(Base64.getDecoder().decode(data.get(key)), StandardCharsets.UTF_8);
      return v.isEmpty() ? null : v;
    }
    Map<String, String> plain = s.getStringData();
    return plain == null || plain.get(key) == null || plain.get(key).isEmpty() ? null
        : plain.get(key);
  }

  private static String hash(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8)), 0, 8);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
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
