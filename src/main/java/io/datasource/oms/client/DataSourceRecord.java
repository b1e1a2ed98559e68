package io.datasource.oms.client;

/** One row of ListDataSource. Every field may be null except {@code id} and {@code name}. */
public record DataSourceRecord(
    String id,
    String name,
    String type,
    String region,
    String ip,
    Integer port,
    String userName,
    String description,
    String gmtCreate,
    String gmtModified) {}
