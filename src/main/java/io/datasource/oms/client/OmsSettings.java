package io.datasource.oms.client;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach one OMS endpoint.
 *
 * @param baseUrl http or https URL of the OMS console, without {@code /api/v2}
 * @param credentials HTTP Basic credentials of an OMS console user, or null for none
 * @param connectTimeout bound on establishing a connection
 * @param requestTimeout bound on one whole request, answer included
 * @param caBundlePem PEM text of the CA certificates to trust for https, or null for the JDK defaults
 * @param createActionName the first spelling tried for create (see OMS-API.md, contradiction 1)
 * @param userFieldMode which key(s) carry the database user (contradiction 2)
 * @param listPageSize page size used when listing
 */
public record OmsSettings(
    URI baseUrl,
    Credentials credentials,
    Duration connectTimeout,
    Duration requestTimeout,
    String caBundlePem,
    String createActionName,
    UserFieldMode userFieldMode,
    int listPageSize) {

  public static final String CREATE_POLAR = "CreatePolarDBDataSource";
  public static final String CREATE_PILAR = "CreatePilarDBDataSource";

  public OmsSettings {
    Objects.requireNonNull(baseUrl, "baseUrl");
    String scheme = baseUrl.getScheme();
    if (scheme == null || !(scheme.equals("http") || scheme.equals("https"))) {
      throw new IllegalArgumentException("OMS base URL must be http or https: " + baseUrl);
    }
    connectTimeout = connectTimeout == null ? Duration.ofSeconds(5) : connectTimeout;
    requestTimeout = requestTimeout == null ? Duration.ofSeconds(30) : requestTimeout;
    createActionName = createActionName == null ? CREATE_POLAR : createActionName;
    userFieldMode = userFieldMode == null ? UserFieldMode.BOTH : userFieldMode;
    listPageSize = listPageSize <= 0 ? 50 : listPageSize;
  }

  /** Settings with every default, for tests and the sandbox. */
  public static OmsSettings defaults(URI baseUrl, Credentials credentials) {
    return new OmsSettings(baseUrl, credentials, null, null, null, null, null, 0);
  }

  /** Which request key(s) carry the database user name. */
  public enum UserFieldMode {
    /** Send both {@code username} and {@code userName} (the default). */
    BOTH,
    /** Only {@code username}, as the field table says. */
    USERNAME,
    /** Only {@code userName}, as the example says. */
    USER_NAME
  }

  /** An OMS console user; {@link #toString()} redacts the password. */
  public record Credentials(String username, String password) {
    public Credentials {
      Objects.requireNonNull(username, "username");
      Objects.requireNonNull(password, "password");
    }

    @Override
    public String toString() {
      return "Credentials[username=" + username + ", password=" + Redaction.REDACTED + "]";
    }
  }

  @Override
  public String toString() {
    return "OmsSettings[baseUrl=" + baseUrl
        + ", credentials=" + credentials
        + ", connectTimeout=" + connectTimeout
        + ", requestTimeout=" + requestTimeout
        + ", caBundle=" + (caBundlePem == null ? "none" : "set")
        + ", createActionName=" + createActionName
        + ", userFieldMode=" + userFieldMode
        + ", listPageSize=" + listPageSize + "]";
  }
}
