package io.datasource.oms.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** How to reach one OMS. Holds no secret: the console user comes from a referenced Secret. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class OmsConnectionSpec {

  @JsonPropertyDescription("http or https URL of the OMS console, without /api/v2, e.g."
      + " https://oms.example.com:8089. No user or password in it: use credentialsSecretRef.")
  @Required
  @Pattern("^https?://[^@/\\s]+(/\\S*)?$")
  private String baseUrl;

  @JsonPropertyDescription("Secret with the OMS console user and password (HTTP Basic). Omit for"
      + " an OMS without authentication.")
  private ConnectionSecretRef credentialsSecretRef;

  @JsonPropertyDescription("Secret holding PEM CA certificates to trust for an https baseUrl"
      + " (key: caKey, default ca.crt). Omit to use the JDK's trust store.")
  private CaBundleSecretRef caBundleSecretRef;

  @JsonPropertyDescription("The create action tried first: CreatePolarDBDataSource (the default)"
      + " or CreatePilarDBDataSource. The other spelling is tried when OMS does not know it, and"
      + " the one that worked is remembered per connection.")
  @Pattern("^Create(Polar|Pilar)DBDataSource$")
  private String createAction;

  @JsonPropertyDescription("Which request key(s) carry the database user: BOTH (the default),"
      + " USERNAME or USER_NAME.")
  @Pattern("^(BOTH|USERNAME|USER_NAME)$")
  private String userField;

  @JsonPropertyDescription("Requests per second to this OMS, for all resources together; default"
      + " 10.")
  @Min(0.01)
  @Max(10000)
  private Double rateLimit;

  @JsonPropertyDescription("Requests that may be sent at once above the rate; default the rate"
      + " rounded up.")
  @Min(1)
  @Max(100000)
  private Integer rateBurst;

  @JsonPropertyDescription("Bound on one whole request, e.g. 30s (the default) or 1m.")
  @Pattern("^[0-9]+(ms|s|m|h)$")
  private String requestTimeout;

  @JsonPropertyDescription("Bound on establishing a connection, e.g. 5s (the default).")
  @Pattern("^[0-9]+(ms|s|m|h)$")
  private String connectTimeout;

  @JsonPropertyDescription("Namespaces whose resources may use this connection: listed by name,"
      + " or chosen by a label selector (either matches). Omit to allow every namespace.")
  private AllowedNamespaces allowedNamespaces;

  public String getBaseUrl() {
    return baseUrl;
  }

  public void setBaseUrl(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  public ConnectionSecretRef getCredentialsSecretRef() {
    return credentialsSecretRef;
  }

  public void setCredentialsSecretRef(ConnectionSecretRef credentialsSecretRef) {
    this.credentialsSecretRef = credentialsSecretRef;
  }

  public CaBundleSecretRef getCaBundleSecretRef() {
    return caBundleSecretRef;
  }

  public void setCaBundleSecretRef(CaBundleSecretRef caBundleSecretRef) {
    this.caBundleSecretRef = caBundleSecretRef;
  }

  public String getCreateAction() {
    return createAction;
  }

  public void setCreateAction(String createAction) {
    this.createAction = createAction;
  }

  public String getUserField() {
    return userField;
  }

  public void setUserField(String userField) {
    this.userField = userField;
  }

  public Double getRateLimit() {
    return rateLimit;
  }

  public void setRateLimit(Double rateLimit) {
    this.rateLimit = rateLimit;
  }

  public Integer getRateBurst() {
    return rateBurst;
  }

  public void setRateBurst(Integer rateBurst) {
    this.rateBurst = rateBurst;
  }

  public String getRequestTimeout() {
    return requestTimeout;
  }

  public void setRequestTimeout(String requestTimeout) {
    this.requestTimeout = requestTimeout;
  }

  public String getConnectTimeout() {
    return connectTimeout;
  }

  public void setConnectTimeout(String connectTimeout) {
    this.connectTimeout = connectTimeout;
  }

  public AllowedNamespaces getAllowedNamespaces() {
    return allowedNamespaces;
  }

  public void setAllowedNamespaces(AllowedNamespaces allowedNamespaces) {
    this.allowedNamespaces = allowedNamespaces;
  }

  /** A Secret in a named namespace with the OMS console user and password. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ConnectionSecretRef {
    @JsonPropertyDescription("Namespace of the Secret.")
    @Required
    private String namespace;
    @JsonPropertyDescription("Name of the Secret.")
    @Required
    private String name;
    @JsonPropertyDescription("Key of the OMS user name; default username.")
    private String usernameKey;
    @JsonPropertyDescription("Key of the OMS password; default password.")
    private String passwordKey;

    public ConnectionSecretRef() {}

    public ConnectionSecretRef(String namespace, String name) {
      this.namespace = namespace;
      this.name = name;
    }

    public String getNamespace() {
      return namespace;
    }

    public void setNamespace(String namespace) {
      this.namespace = namespace;
    }

    public String getName() {
      return name;
    }

    public void setName(String name) {
      this.name = name;
    }

    public String getUsernameKey() {
      return usernameKey == null ? "username" : usernameKey;
    }

    public void setUsernameKey(String usernameKey) {
      this.usernameKey = usernameKey;
    }

    public String getPasswordKey() {
      return passwordKey == null ? "password" : passwordKey;
    }

    public void setPasswordKey(String passwordKey) {
      this.passwordKey = passwordKey;
    }
  }

  /** A Secret in a named namespace with PEM CA certificates. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class CaBundleSecretRef {
    @JsonPropertyDescription("Namespace of the Secret.")
    @Required
    private String namespace;
    @JsonPropertyDescription("Name of the Secret.")
    @Required
    private String name;
    @JsonPropertyDescription("Key of the PEM text; default ca.crt.")
    private String caKey;

    public String getNamespace() {
      return namespace;
    }

    public void setNamespace(String namespace) {
      this.namespace = namespace;
    }

    public String getName() {
      return name;
    }

    public void setName(String name) {
      this.name = name;
    }

    public String getCaKey() {
      return caKey == null ? "ca.crt" : caKey;
    }

    public void setCaKey(String caKey) {
      this.caKey = caKey;
    }
  }

  /** Which namespaces may use a connection. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class AllowedNamespaces {
    @JsonPropertyDescription("Namespace names allowed.")
    private java.util.List<String> names;
    @JsonPropertyDescription("Labels a namespace must have to be allowed (matchLabels).")
    private java.util.Map<String, String> matchLabels;

    public java.util.List<String> getNames() {
      return names;
    }

    public void setNames(java.util.List<String> names) {
      this.names = names;
    }

    public java.util.Map<String, String> getMatchLabels() {
      return matchLabels;
    }

    public void setMatchLabels(java.util.Map<String, String> matchLabels) {
      this.matchLabels = matchLabels;
    }
  }
}
