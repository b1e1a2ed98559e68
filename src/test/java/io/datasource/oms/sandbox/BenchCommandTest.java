package io.datasource.oms.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark's arithmetic and its audit-log counting; the benchmark itself runs outside. */
class BenchCommandTest {

  @Test
  void optionsDefaultToTheIssuesRolloutAndParseEveryFlag() {
    BenchCommand.Options defaults = BenchCommand.parse(new String[0]);
    assertThat(defaults.resources()).isEqualTo(1000);
    assertThat(defaults.latency()).isEqualTo(Duration.ofMillis(50));
    assertThat(defaults.concurrency()).isEqualTo(16);
    assertThat(defaults.rest()).isEqualTo(Duration.ofSeconds(60));
    assertThat(defaults.preload()).isFalse();

    BenchCommand.Options o = BenchCommand.parse(new String[] {"--resources", "10", "--latency",
        "20ms", "--concurrency", "4", "--runs", "5", "--rest", "2s", "--unrelated-secrets", "7",
        "--preload", "--histogram", "--jvm-opt", "-Xmx256m", "--env", "OMS_RATE_LIMIT=5"});
    assertThat(o.resources()).isEqualTo(10);
    assertThat(o.latency()).isEqualTo(Duration.ofMillis(20));
    assertThat(o.concurrency()).isEqualTo(4);
    assertThat(o.runs()).isEqualTo(5);
    assertThat(o.unrelatedSecrets()).isEqualTo(7);
    assertThat(o.preload()).isTrue();
    assertThat(o.histogram()).isTrue();
    assertThat(o.jvmOptions()).containsExactly("-Xmx256m");
    assertThat(o.extraEnv()).containsExactly(Map.entry("OMS_RATE_LIMIT", "5"));
  }

  @Test
  void badOptionsAreRefusedWithTheUsage() {
    assertThatThrownBy(() -> BenchCommand.parse(new String[] {"--resources", "0"}))
        .isInstanceOf(IllegalArgumentException.class);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = BenchCommand.run(new String[] {"--frobnicate"}, Map.of(),
        new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true,
            StandardCharsets.UTF_8));
    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown option --frobnicate")
        .contains("usage: bench");
  }

  @Test
  void summaryGivesMedianAndSpreadOfEachFigure() {
    Map<String, Object> summary = BenchCommand.summary(List.of(
        Map.of("cpuMsPerResource", 9.0, "writesPerResource", 4.0),
        Map.of("cpuMsPerResource", 3.0, "writesPerResource", 4.0),
        Map.of("cpuMsPerResource", 5.0, "writesPerResource", 3.0)));
    assertThat(summary.get("cpuMsPerResource"))
        .isEqualTo(Map.of("median", 5.0, "min", 3.0, "max", 9.0));
    assertThat(summary.get("writesPerResource"))
        .isEqualTo(Map.of("median", 4.0, "min", 3.0, "max", 4.0));
    assertThat(BenchCommand.median(new double[] {1, 2, 3, 10})).isEqualTo(2.5);
  }

  @Test
  void theAuditLogCountsOneIdentitysRequestsOnceEachInTheWindow(@TempDir Path dir) throws IOException {
    AuditLog audit = AuditLog.in(dir);
    String op = "system:serviceaccount:ns:op";
    Files.writeString(dir.resolve("audit.log"), String.join("\n",
        line("a1", op, "patch", "polardbxdatasources", null, "2026-01-01T10:00:01Z"),
        line("a2", op, "update", "polardbxdatasources", "status", "2026-01-01T10:00:02Z"),
        line("a2", op, "update", "polardbxdatasources", "status", "2026-01-01T10:00:02Z"),
        line("a3", op, "create", "events", null, "2026-01-01T10:00:03Z"),
        line("a4", op, "list", "secrets", null, "2026-01-01T10:00:04Z"),
        line("a5", "admin", "create", "polardbxdatasources", null, "2026-01-01T10:00:05Z"),
        line("a6", op, "create", "events", null, "2026-01-01T10:00:09Z"),
        "{\"partial"), StandardCharsets.UTF_8);

    Map<String, Integer> counts = audit.count(op, Instant.parse("2026-01-01T10:00:00Z"),
        Instant.parse("2026-01-01T10:00:08Z"));

    assertThat(counts).containsExactlyInAnyOrderEntriesOf(Map.of(
        "patch polardbxdatasources", 1, "update polardbxdatasources/status", 1,
        "create events", 1, "list secrets", 1));
    assertThat(AuditLog.writes(counts)).isEqualTo(3);
    assertThat(audit.flags()).anyMatch(f -> f.startsWith("--audit-policy-file="));
  }

  private static String line(String id, String user, String verb, String resource,
      String subresource, String at) {
    return "{\"auditID\":\"" + id + "\",\"stage\":\"ResponseComplete\",\"verb\":\"" + verb
        + "\",\"user\":{\"username\":\"" + user + "\"},\"objectRef\":{\"resource\":\"" + resource
        + "\"" + (subresource == null ? "" : ",\"subresource\":\"" + subresource + "\"")
        + "},\"stageTimestamp\":\"" + at + "\"}";
  }
}
