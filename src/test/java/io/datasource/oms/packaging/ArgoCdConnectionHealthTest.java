package io.datasource.oms.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasource.oms.api.v1alpha1.Conditions.ConnectionReason;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Argo CD health check of OmsConnection (deploy/argocd/omsconnection-health.lua). */
class ArgoCdConnectionHealthTest {

  static final Path HEALTH_LUA = Path.of("deploy", "argocd", "omsconnection-health.lua");

  private final LuaHealthCheck check = new LuaHealthCheck(GoldenFile.read(HEALTH_LUA));

  private static Map<String, Object> connection(long generation, Long observed,
      List<Map<String, Object>> conditions) {
    Map<String, Object> status = new java.util.HashMap<>();
    if (observed != null) {
      status.put("observedGeneration", observed);
    }
    status.put("conditions", conditions);
    return Map.of("metadata", Map.of("name", "east", "generation", generation),
        "status", status);
  }

  private static Map<String, Object> condition(String type, String status, String reason,
      String message) {
    return Map.of("type", type, "status", status, "reason", reason, "message", message);
  }

  @Test
  void everyReasonOfTheReadyConditionHasItsHealth() {
    List<String> seen = new ArrayList<>();
    for (String reason : ConnectionReason.ALL) {
      boolean ok = ConnectionReason.CONNECTED.equals(reason);
      var health = check.run(connection(1, 1L,
          List.of(condition("Ready", ok ? "True" : "False", reason, "detail " + reason))));
      assertThat(health.status()).as(reason).isEqualTo(ok ? "Healthy" : "Degraded");
      assertThat(health.message()).contains(reason).contains("detail " + reason);
      if (!ok) {
        assertThat(GoldenFile.read(HEALTH_LUA)).containsPattern("(?m)^\\s*" + reason + " = true,$");
      }
      seen.add(reason);
    }
    assertThat(seen).contains(ConnectionReason.CONNECTED, ConnectionReason.OMS_UNAVAILABLE);
  }

  @Test
  void notCheckedYetOrAnOlderGenerationIsProgressing() {
    assertThat(check.run(Map.of("metadata", Map.of("name", "east", "generation", 1L))).status())
        .isEqualTo("Progressing");
    assertThat(check.run(connection(2, 1L, List.of(condition("Ready", "True",
        ConnectionReason.CONNECTED, "ok")))).status()).isEqualTo("Progressing");
  }

  @Test
  void deletingWhileInUseIsProgressingAndNamesTheResources() {
    var health = check.run(connection(2, 2L, List.of(
        condition("Ready", "True", ConnectionReason.CONNECTED, "ok"),
        condition("Deleting", "True", ConnectionReason.IN_USE, "Waiting for 1 resource(s)"
            + " that use this connection to go: payments/orders."))));
    assertThat(health.status()).isEqualTo("Progressing");
    assertThat(health.message()).contains("payments/orders");
  }
}
