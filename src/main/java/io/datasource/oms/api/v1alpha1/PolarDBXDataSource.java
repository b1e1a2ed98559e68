package io.datasource.oms.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
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
// The generator orders printer columns by jsonPath, whatever the declaration order.
@AdditionalPrinterColumn(name = "OMS Name", type = AdditionalPrinterColumn.Type.STRING,
    jsonPath = ".status.omsName")
@AdditionalPrinterColumn(name = "ID", type = AdditionalPrinterColumn.Type.STRING,
    jsonPath = ".status.dataSourceId")
@AdditionalPrinterColumn(name = "Ready", type = AdditionalPrinterColumn.Type.STRING,
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(name = "Reason", type = AdditionalPrinterColumn.Type.STRING,
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason")
@AdditionalPrinterColumn(name = "Age", type = AdditionalPrinterColumn.Type.DATE,
    jsonPath = ".metadata.creationTimestamp")
public class PolarDBXDataSource
    extends CustomResource<PolarDBXDataSourceSpec, PolarDBXDataSourceStatus>
    implements Namespaced {

  public static final String GROUP = "oms.datasource.io";
  public static final String VERSION = "v1alpha1";

  /** The OMS name this resource manages: {@code spec.name}, or {@code metadata.name} when unset. */
  public String effectiveOmsName() {
    PolarDBXDataSourceSpec spec = getSpec();
    if (spec != null && spec.getName() != null && !spec.getName().isEmpty()) {
      return spec.getName();
    }
    return getMetadata() == null ? null : getMetadata().getName();
  }
}
