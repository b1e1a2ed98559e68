package io.datasource.oms.client;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
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

  /**
   * ListDataSource page size: the largest the OMS documents serve (an inventory lists every data
   * source, so fewer pages mean fewer calls). The client follows totalCount across pages.
   */
  public static final int LIST_PAGE_SIZE = 100;

  /**
   * Every value is required: the defaults are the operator's configuration table
   * ({@code config.Variables}), for the environment and for OmsConnection specs alike.
   */
  public OmsSettings {
    Objects.requireNonNull(baseUrl, "baseUrl");
    BaseUrlProblem problem = baseUrlProblem(baseUrl);
    if (problem != null) {
      throw new IllegalArgumentException(problem.message(baseUrl));
    }
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    Objects.requireNonNull(createActionName, "createActionName");
    Objects.requireNonNull(userFieldMode, "userFieldMode");
    if (listPageSize <= 0) {
      throw new IllegalArgumentException("listPageSize must be positive");
    }
  }

  /** Why a URL cannot be the base URL of OMS. */
  public enum BaseUrlProblem {
    /** User info in the URL: it may hold a password, so the message does not quote the URL. */
    CREDENTIALS,
    /** Not an absolute http or https URL with a host. */
    NOT_HTTP,
    /** A query or fragment: the client appends {@code /api/v2?Action=...}. */
    QUERY_OR_FRAGMENT;

    String message(URI url) {
      return switch (this) {
        case CREDENTIALS -> "the OMS base URL must not carry credentials: use the Basic"
            + " credentials setting";
        case NOT_HTTP -> "OMS base URL must be http or https: " + url;
        case QUERY_OR_FRAGMENT -> "the OMS base URL must not have a query or fragment: " + url;
      };
    }
  }

  /** The one check of an OMS base URL (the configuration words its own messages); null if fine. */
  public static BaseUrlProblem baseUrlProblem(URI url) {
    if (url.getRawUserInfo() != null) {
      return BaseUrlProblem.CREDENTIALS;
    }
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
      return BaseUrlProblem.NOT_HTTP;
    }
    if (url.getRawQuery() != null || url.getRawFragment() != null) {
      return BaseUrlProblem.QUERY_OR_FRAGMENT;
    }
    return null;
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
