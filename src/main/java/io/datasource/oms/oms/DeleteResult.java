package io.datasource.oms.oms;

/** A successful delete. */
public record DeleteResult(String requestId, String cost) {}
