package io.datasource.oms.simulator;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/** A data source held by {@link SimulatedOms}; mutable only under that store's lock. */
final class StoredDataSource {

  private static final DateTimeFormatter GMT_FORMAT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  final String id;
  final String name;
  final String type;
  String region;
  final String userName;
  String intranetAddr;
  String description;
  final String accessKeyId;
  final Instant createdAt;
  boolean inUse;

  StoredDataSource(String id, String name, String type, String region, String userName,
      String intranetAddr, String description, String accessKeyId, Instant createdAt) {
    this.id = id;
    this.name = name;
    this.type = type;
    this.region = region;
    this.userName = userName;
    this.intranetAddr = intranetAddr;
    this.description = description;
    this.accessKeyId = accessKeyId;
    this.createdAt = createdAt;
  }

  SimulatedDataSource snapshot() {
    return new SimulatedDataSource(id, name, type, region, userName, intranetAddr, description,
        accessKeyId, inUse, createdAt);
  }

  /** The item ListDataSource answers: the intranet address split into ip and port. */
  Map<String, Object> asListItem() {
    String ip = intranetAddr;
    Integer port = null;
    int colon = intranetAddr.lastIndexOf(':');
    if (colon > 0 && intranetAddr.substring(colon + 1).matches("\\d{1,5}")) {
      ip = intranetAddr.substring(0, colon);
      port = Integer.valueOf(intranetAddr.substring(colon + 1));
    }
    Map<String, Object> item = new LinkedHashMap<>();
    item.put("id", id);
    item.put("name", name);
    item.put("type", type);
    item.put("region", region);
    item.put("ip", ip);
    item.put("port", port);
    item.put("userName", userName);
    item.put("description", description);
    item.put("gmtCreate", GMT_FORMAT.format(createdAt));
    item.put("gmtModified", GMT_FORMAT.format(createdAt));
    item.put("creator", "oms-simulator"); // an unknown field: clients must ignore it
    return item;
  }
}
