package io.datasource.oms.simulator;

import java.time.Instant;

/**
 * A data source held by the simulator, as a snapshot. Holds no secret: the password and the
 * AccessKey secret are checked and then forgotten (tests read what was sent from
 * {@link OmsSimulator#recentRequests()}).
 */
public record SimulatedDataSource(
    String id,
    String name,
    String type,
    String region,
    String userName,
    String intranetAddr,
    String description,
    String accessKeyId,
    boolean inUse,
    Instant createdAt) {}
