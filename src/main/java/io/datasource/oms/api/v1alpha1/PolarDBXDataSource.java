package io.datasource.oms.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** A PolarDB-X 1.0 data source in OceanBase Migration Service, declared in Kubernetes. */
@Group(PolarDBXDataSource.GROUP)
@Version(PolarDBXDataSource.VERSION)
@Kind("PolarDBXDataSource")
@Plural("polardbxdatasources")
@Singular("polardbxdatasource")
@ShortNames("pxds")
@Categories(PolarDBXDataSource.CATEGORY)
// kubectl shows these columns after NAME in this order (state first, AGE last, as Crossplane and
// cert-manager do). The generator sorts them by jsonPath; the build puts them back in this order
// (CrdPrinterColumns, run by the pom at process-classes), so this list is the one place it is set.
@AdditionalPrinterColumn(name = "Ready", type = AdditionalPrinterColumn.Type.STRING,
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(name = "Reason", type = AdditionalPrinterColumn.Type.STRING,
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason")
@AdditionalPrinterColumn(name = "ID", type = AdditionalPrinterColumn.Type.STRING,
    jsonPath = ".status.dataSourceId")
@AdditionalPrinterColumn(name = "OMS Name", type = AdditionalPrinterColumn.Type.STRING,
    jsonPath = ".status.omsName")
@AdditionalPrinterColumn(name = "Age", type = AdditionalPrinterColumn.Type.DATE,
    jsonPath = ".metadata.creationTimestamp")
public class PolarDBXDataSource
    extends CustomResource<PolarDBXDataSourceSpec, PolarDBXDataSourceStatus>
    implements Namespaced {

  public static final String GROUP = "oms.datasource.io";
  public static final String VERSION = "v1alpha1";
  /** The kubectl category of every kind this project ships: {@code kubectl get oms}. */
  public static final String CATEGORY = "oms";

  // Overridden only to describe spec and status in the CRD (kubectl explain pxds.spec).
  @Override
  @JsonPropertyDescription("The PolarDB-X 1.0 data source to keep in OMS, and what to do on"
      + " conflicts, changes and deletion.")
  public PolarDBXDataSourceSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription("What the operator last observed and did: the OMS data source ID, the"
      + " Ready and UpToDate conditions, and the last OMS error.")
  public PolarDBXDataSourceStatus getStatus() {
    return super.getStatus();
  }

  /** The OMS name this resource manages: {@code spec.name}, or {@code metadata.name} when unset. */
  public String effectiveOmsName() {
    PolarDBXDataSourceSpec spec = getSpec();
    if (spec != null && spec.getName() != null && !spec.getName().isEmpty()) {
      return spec.getName();
    }
    return getMetadata() == null ? null : getMetadata().getName();
  }
}
