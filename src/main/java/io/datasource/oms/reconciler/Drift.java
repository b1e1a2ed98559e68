package io.datasource.oms.reconciler;

import io.datasource.oms.api.v1alpha1.PolarDBXDataSource;
import io.datasource.oms.client.DataSourceRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How the data source a resource recorded differs from what OMS lists for it: gone, or fields
 * changed in OMS since this resource created it. Pure: a snapshot and a resource in, a finding out.
 */
record Drift(Kind kind, String detail) {

  enum Kind { GONE, CHANGED }

  /**
   * @param userName the database user this resource sent (from its Secret), or null when unknown
   * @param compareFields false for an adopted data source (this resource did not create it)
   */
  static Optional<Drift> of(PolarDBXDataSource resource, Inventory.Snapshot snapshot,
      String userName, boolean compareFields) {
    String id = resource.getStatus().getDataSourceId();
    String name = resource.getStatus().getOmsName();
    Optional<DataSourceRecord> found = snapshot.id(id);
    if (found.isEmpty()) {
      String other = name == null ? null
          : snapshot.name(name).map(DataSourceRecord::id).orElse(null);
      return Optional.of(new Drift(Kind.GONE, other == null ? ""
          : " A data source named '" + name + "' now exists in OMS with another ID (" + other
              + "); it is not adopted."));
    }
    if (!compareFields) {
      return Optional.empty();
    }
    List<String> fields = differences(resource, found.get(), userName);
    return fields.isEmpty() ? Optional.empty()
        : Optional.of(new Drift(Kind.CHANGED, String.join(", ", fields)));
  }

  private static List<String> differences(PolarDBXDataSource r, DataSourceRecord oms,
      String userName) {
    List<String> out = new ArrayList<>();
    var spec = r.getSpec();
    if (oms.region() != null && !oms.region().equals(spec.getRegion())) {
      out.add("region (OMS: '" + oms.region() + "', spec: '" + spec.getRegion() + "')");
    }
    if (oms.ip() != null) {
      String address = oms.port() == null ? oms.ip() : oms.ip() + ":" + oms.port();
      if (!address.equals(spec.getIntranetAddr())) {
        out.add("intranetAddr (OMS: '" + address + "', spec: '" + spec.getIntranetAddr() + "')");
      }
    }
    if (oms.userName() != null && userName != null && !oms.userName().equals(userName)) {
      // The user name comes from a Secret: name the field, not the values.
      out.add("userName (OMS differs from the credentials Secret)");
    }
    if (oms.description() != null
        && !Objects.equals(oms.description(), nullToEmpty(spec.getDescription()))) {
      out.add("description (OMS: '" + oms.description() + "', spec: '"
          + nullToEmpty(spec.getDescription()) + "')");
    }
    return out;
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
