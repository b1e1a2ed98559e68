package io.datasource.oms.reconciler;

import io.datasource.oms.api.v1alpha1.Conditions.ConnectionReason;
import io.datasource.oms.api.v1alpha1.OmsConnection;
import io.datasource.oms.api.v1alpha1.OmsConnectionSpec;
import io.datasource.oms.client.OmsException;
import io.datasource.oms.client.OmsFailureKind;
import io.datasource.oms.client.OmsSettings;
import io.datasource.oms.config.Durations;
import io.datasource.oms.config.Variable;
import io.datasource.oms.config.Variables;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

/**
 * One check of an OmsConnection: its Secrets, its settings, then a cheap ListDataSource with the
 * client {@link Connections#settle} keeps for its current spec and Secret versions.
 *
 * <p>The Secrets are read with a GET at each check (a connection's Secret may live in any
 * namespace): a rotated password is thus picked up within one check interval, no restart.
 */
final class ConnectionCheck {

  /** A search key no data source has: the check lists one empty page. */
  static final String SEARCH_KEY = "oms-datasource-operator-connection-check";

  /** The outcome: the Ready condition's status, reason and message, and the entry to keep. */
  record Result(boolean ready, String reason, String message, Connections.Entry entry) {}

  private final Connections connections;
  private final Duration checkInterval;

  ConnectionCheck(Connections connections, Duration checkInterval) {
    this.connections = connections;
    this.checkInterval = checkInterval;
  }


  Result check(OmsConnection connection, KubernetesClient client) {
    String name = connection.getMetadata().getName();
    Long generation = connection.getMetadata().getGeneration();
    OmsConnectionSpec spec = connection.getSpec();
    StringBuilder fingerprint = new StringBuilder(Serialization.asJson(spec));
    OmsSettings.Credentials credentials = null;
    var ref = spec.getCredentialsSecretRef();
    if (ref != null) {
      Secret s = client.secrets().inNamespace(ref.getNamespace()).withName(ref.getName()).get();
      if (s == null) {
        return new Result(false, ConnectionReason.SECRET_NOT_FOUND, "The Secret "
            + ref.getNamespace() + "/" + ref.getName() + " (spec.credentialsSecretRef) does not"
            + " exist. Create it with the keys " + ref.getUsernameKey() + " and "
            + ref.getPasswordKey() + ".", null);
      }
      String user = value(s, ref.getUsernameKey());
      String password = value(s, ref.getPasswordKey());
      String missing = user == null ? ref.getUsernameKey() : password == null
          ? ref.getPasswordKey() : null;
      if (missing != null) {
        return new Result(false, ConnectionReason.SECRET_KEY_MISSING, "The Secret "
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
        return new Result(false, ConnectionReason.SECRET_NOT_FOUND, "The Secret "
            + caRef.getNamespace() + "/" + caRef.getName() + " (spec.caBundleSecretRef) does not"
            + " exist.", null);
      }
      ca = value(s, caRef.getCaKey());
      if (ca == null) {
        return new Result(false, ConnectionReason.SECRET_KEY_MISSING, "The Secret "
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
      return new Result(false, ConnectionReason.INVALID_SPEC, "The spec cannot be used: "
          + e.getMessage() + ". Fix the spec.", null);
    }
    Connections.Entry entry = connections.settle(name, generation, Fingerprints.hash(fingerprint.toString()),
        settings, rate, burst);
    try {
      entry.client().listDataSources(SEARCH_KEY);
    } catch (OmsException e) {
      String reason = e.kind() == OmsFailureKind.AUTHENTICATION
          ? ConnectionReason.AUTHENTICATION_FAILED : ConnectionReason.OMS_UNAVAILABLE;
      String message = (e.kind() == OmsFailureKind.AUTHENTICATION
          ? "OMS refused the credentials of the Secret in spec.credentialsSecretRef: "
          : "OMS could not be reached or answered an error: ")
          + Messages.describe(e.error()) + ". Checked again every "
          + Durations.format(checkInterval) + ".";
      return new Result(false, reason, message, withReady(entry, generation, false, message));
    }
    String message = "Reached OMS at " + spec.getBaseUrl() + " with "
        + (credentials == null ? "no credentials" : "the credentials of the Secret") + ".";
    return new Result(true, ConnectionReason.CONNECTED, message,
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
}
