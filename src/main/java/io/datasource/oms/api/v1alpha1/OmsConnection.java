package io.datasource.oms.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * One OMS instance and how to reach it, cluster-scoped: PolarDBXDataSource resources choose one
 * with {@code spec.connectionRef.name}; without one they use the operator's environment
 * configuration (the default connection).
 */
@Group(PolarDBXDataSource.GROUP)
@Version(PolarDBXDataSource.VERSION)
@Kind("OmsConnection")
@Plural("omsconnections")
@Singular("omsconnection")
@ShortNames("omsconn")
// Not in the "oms" category: kubectl get oms keeps printing the data sources' own table.
@AdditionalPrinterColumn(name = "Ready", type = AdditionalPrinterColumn.Type.STRING,
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(name = "Reason", type = AdditionalPrinterColumn.Type.STRING,
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason")
@AdditionalPrinterColumn(name = "URL", type = AdditionalPrinterColumn.Type.STRING,
    jsonPath = ".spec.baseUrl")
@AdditionalPrinterColumn(name = "Resources", type = AdditionalPrinterColumn.Type.INTEGER,
    jsonPath = ".status.resourceCount")
@AdditionalPrinterColumn(name = "Age", type = AdditionalPrinterColumn.Type.DATE,
    jsonPath = ".metadata.creationTimestamp")
public class OmsConnection extends CustomResource<OmsConnectionSpec, OmsConnectionStatus> {

  /** The finalizer that keeps a connection while resources use it. */
  public static final String FINALIZER = "omsconnections.oms.datasource.io/finalizer";

  @Override
  @JsonPropertyDescription("Where OMS is, the Secret with its console user, and how to talk to it.")
  public OmsConnectionSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription("Whether the operator can reach OMS with these credentials, and which"
      + " resources use this connection.")
  public OmsConnectionStatus getStatus() {
    return super.getStatus();
  }
}
