package io.datasource.oms.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Objects;

/**
 * What the user declares. Holds no secret: credentials come from referenced Secrets.
 *
 * <p>The CEL rule sets only {@code rule} and {@code message}: {@code reason}, {@code fieldPath}
 * and {@code messageExpression} are newer than the oldest Kubernetes the chart supports, whose
 * API server refuses a CRD that uses them (CrdFloorTest).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!has(oldSelf.name) || (has(self.name) && self.name == oldSelf.name)",
    message = "spec.name is immutable once set: create a new resource to use another OMS name")
@ValidationRule(
    value = "has(self.connectionRef) == has(oldSelf.connectionRef)"
        + " && (!has(self.connectionRef) || self.connectionRef.name == oldSelf.connectionRef.name)",
    message = "spec.connectionRef is immutable: a data source stays in the OMS it was created in;"
        + " create a new resource to use another connection")
public class PolarDBXDataSourceSpec {

  @JsonPropertyDescription(
      "Name of the data source in OMS; defaults to metadata.name. 1 to 32 characters, no"
          + " whitespace, unique in the OMS instance. Immutable once set.")
  @Size(min = 1, max = 32)
  @Pattern("^\\S+$")
  private String name;

  @JsonPropertyDescription("OMS region (the cm_region chosen when OMS was deployed), e.g. cn-anhui.")
  @Required
  @Size(min = 1)
  private String region;

  @JsonPropertyDescription("Internal address of the PolarDB-X 1.0 database, as OMS should reach it.")
  @Required
  @Size(min = 1)
  private String intranetAddr;

  @JsonPropertyDescription("Optional description shown in OMS; at most 128 characters.")
  @Size(max = 128)
  private String description;

  @JsonPropertyDescription("Secret in this namespace holding the database user and password.")
  @Required
  private CredentialsSecretRef credentialsSecretRef;

  @JsonPropertyDescription("Secret in this namespace holding the Alibaba Cloud AccessKey pair.")
  @Required
  private AccessKeySecretRef accessKeySecretRef;

  @JsonPropertyDescription(
      "What happens in OMS when this resource is deleted: Delete removes the data source, Orphan"
          + " leaves it. When unset, the operator's configured default applies (Delete unless"
          + " changed).")
  private DeletionPolicy deletionPolicy;

  @JsonPropertyDescription(
      "Whether to adopt a data source of the same name that already exists in OMS and was not"
          + " created by this resource. Refuse (the default) reports NameConflict; Adopt takes it"
          + " over.")
  @Default("Refuse")
  private AdoptionPolicy adoptionPolicy;

  @JsonPropertyDescription(
      "What to do when the spec or the credentials change after the data source was created (OMS"
          + " has no update). None (the default) reports UpToDate=False and changes nothing;"
          + " Recreate deletes the data source in OMS and creates it again, which gives it a new"
          + " ID.")
  @Default("None")
  private UpdatePolicy updatePolicy;

  @JsonPropertyDescription(
      "Manage (the default) creates, recreates and deletes the data source in OMS. Observe only"
          + " finds it by name, records its ID and reports drift: it never creates, recreates or"
          + " deletes it, and deleting this resource leaves it in OMS.")
  @Default("Manage")
  private ManagementPolicy managementPolicy;

  @JsonPropertyDescription(
      "The OmsConnection (cluster-scoped) whose OMS holds this data source. Omit to use the"
          + " operator's own configuration (the default connection). Immutable.")
  private ConnectionRef connectionRef;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getRegion() {
    return region;
  }

  public void setRegion(String region) {
    this.region = region;
  }

  public String getIntranetAddr() {
    return intranetAddr;
  }

  public void setIntranetAddr(String intranetAddr) {
    this.intranetAddr = intranetAddr;
  }

  public String getDescription() {
    return description;
  }

  public void setDescription(String description) {
    this.description = description;
  }

  public CredentialsSecretRef getCredentialsSecretRef() {
    return credentialsSecretRef;
  }

  public void setCredentialsSecretRef(CredentialsSecretRef credentialsSecretRef) {
    this.credentialsSecretRef = credentialsSecretRef;
  }

  public AccessKeySecretRef getAccessKeySecretRef() {
    return accessKeySecretRef;
  }

  public void setAccessKeySecretRef(AccessKeySecretRef accessKeySecretRef) {
    this.accessKeySecretRef = accessKeySecretRef;
  }

  public DeletionPolicy getDeletionPolicy() {
    return deletionPolicy;
  }

  public void setDeletionPolicy(DeletionPolicy deletionPolicy) {
    this.deletionPolicy = deletionPolicy;
  }

  public AdoptionPolicy getAdoptionPolicy() {
    return adoptionPolicy;
  }

  public void setAdoptionPolicy(AdoptionPolicy adoptionPolicy) {
    this.adoptionPolicy = adoptionPolicy;
  }

  public UpdatePolicy getUpdatePolicy() {
    return updatePolicy;
  }

  public void setUpdatePolicy(UpdatePolicy updatePolicy) {
    this.updatePolicy = updatePolicy;
  }

  public ManagementPolicy getManagementPolicy() {
    return managementPolicy;
  }

  public void setManagementPolicy(ManagementPolicy managementPolicy) {
    this.managementPolicy = managementPolicy;
  }

  public ConnectionRef getConnectionRef() {
    return connectionRef;
  }

  public void setConnectionRef(ConnectionRef connectionRef) {
    this.connectionRef = connectionRef;
  }

  /** The OmsConnection name, or null for the default connection. */
  public String connectionName() {
    return connectionRef == null ? null : connectionRef.getName();
  }

  /** Observe set explicitly; unset (an object written before the field existed) is Manage. */
  public boolean observeOnly() {
    return managementPolicy == ManagementPolicy.Observe;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof PolarDBXDataSourceSpec that)) {
      return false;
    }
    return Objects.equals(name, that.name)
        && Objects.equals(region, that.region)
        && Objects.equals(intranetAddr, that.intranetAddr)
        && Objects.equals(description, that.description)
        && Objects.equals(credentialsSecretRef, that.credentialsSecretRef)
        && Objects.equals(accessKeySecretRef, that.accessKeySecretRef)
        && deletionPolicy == that.deletionPolicy
        && adoptionPolicy == that.adoptionPolicy
        && updatePolicy == that.updatePolicy
        && managementPolicy == that.managementPolicy
        && Objects.equals(connectionRef, that.connectionRef);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, region, intranetAddr, description, credentialsSecretRef,
        accessKeySecretRef, deletionPolicy, adoptionPolicy, updatePolicy, managementPolicy,
        connectionRef);
  }

  @Override
  public String toString() {
    return "PolarDBXDataSourceSpec[name=" + name + ", region=" + region
        + ", intranetAddr=" + intranetAddr + ", description=" + description
        + ", credentialsSecretRef=" + credentialsSecretRef
        + ", accessKeySecretRef=" + accessKeySecretRef
        + ", deletionPolicy=" + deletionPolicy + ", adoptionPolicy=" + adoptionPolicy
        + ", updatePolicy=" + updatePolicy + ", managementPolicy=" + managementPolicy
        + ", connectionRef=" + connectionRef + "]";
  }
}
