package io.datasource.oms.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.datasource.oms.simulator.SimulatedDataSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's kubectl session, run with the machine's kubectl against the sandbox (real API
 * server, OMS simulator and operator) through the kubeconfig the sandbox writes.
 */
class SandboxKubectlIT {

  @TempDir static Path dir;
  private static Sandbox sandbox;

  /** What a kubectl run printed and how it ended. */
  record Result(int exitCode, String out, String err) {
    String both() {
      return out + err;
    }
  }

  @BeforeAll
  static void startTheSandbox() throws Exception {
    Result version = runKubectl(List.of("version", "--client"));
    assertThat(version.exitCode()).as("kubectl version --client: %s", version.both()).isZero();
    sandbox = Sandbox.start(new Sandbox.Options(dir.resolve("sandbox"), Path.of("examples"), false,
        Map.of(), Duration.ofMinutes(2)));
    assertThat(sandbox.kubernetes().servesKubectl()).as("a real API server").isTrue();
    assertThat(sandbox.awaitSettled(Duration.ofMinutes(2))).as("every resource settled").isTrue();
  }

  @AfterAll
  static void stopTheSandbox() {
    if (sandbox != null) {
      sandbox.close();
    }
  }

  @Test
  void getShowsThePrinterColumns() throws Exception {
    Result get = kubectl("get", "pxds");
    assertThat(get.exitCode()).as(get.both()).isZero();
    String header = get.out().lines().findFirst().orElse("");
    // Presence, not order: the column order is the CRD's business.
    assertThat(header.split("\\s{2,}"))
        .contains("NAME", "READY", "REASON", "ID", "OMS NAME", "AGE");
    assertThat(line(get.out(), "orders")).contains("True", "Created").containsPattern(" e_\\w{12} ");
    assertThat(line(get.out(), "wrong-region")).contains("False", "Rejected");
  }

  @Test
  void describeShowsTheConditionsAndEvents() throws Exception {
    Result describe = kubectl("describe", "pxds", "orders");
    assertThat(describe.exitCode()).as(describe.both()).isZero();
    String events = describe.out().substring(describe.out().indexOf("\nEvents:"));
    assertThat(events).containsPattern("Normal\\s+Created\\s+.*oms-datasource-operator\\s+Created"
        + " data source 'orders' with ID e_\\w{12}");
    assertThat(describe.out()).contains("Type:", "Ready", "UpToDate", "InSync");
  }

  @Test
  void deleteThenApplyExamplesThenWaitForReady() throws Exception {
    String oldId = sandbox.simulator().findByName("orders-drds").orElseThrow().id();

    Result delete = kubectl("delete", "pxds", "orders-drds");
    assertThat(delete.exitCode()).as(delete.both()).isZero();
    assertThat(delete.out()).contains("\"orders-drds\" deleted");
    // deletionPolicy: Delete, and kubectl waits for the finalizer: gone from OMS already.
    assertThat(sandbox.simulator().findByName("orders-drds")).isEmpty();

    Result apply = kubectl("apply", "-f", "examples/");
    assertThat(apply.exitCode()).as(apply.both()).isZero();
    assertThat(apply.out()).contains("polardbxdatasource.oms.datasource.io/orders-drds created")
        // The sandbox applied it as kubectl does: kubectl recognises it and changes nothing.
        .contains("polardbxdatasource.oms.datasource.io/broken-drds unchanged");
    assertThat(apply.err()).doesNotContain("Warning");

    Result wait = kubectl("wait", "--for=condition=Ready", "pxds/orders-drds", "--timeout=60s");
    assertThat(wait.exitCode()).as(wait.both()).isZero();
    assertThat(wait.out()).contains("orders-drds condition met");
    SimulatedDataSource again = sandbox.simulator().findByName("orders-drds").orElseThrow();
    assertThat(again.id()).isNotEqualTo(oldId);
    assertThat(line(kubectl("get", "pxds", "orders-drds").out(), "orders-drds"))
        .contains(again.id().strip(), "True", "Created");
  }

  @Test
  void waitingForAResourceThatFailsTimesOut() throws Exception {
    Result wait = kubectl("wait", "--for=condition=Ready", "pxds/broken-drds", "--timeout=2s");
    assertThat(wait.exitCode()).isNotZero();
    assertThat(wait.err()).contains("timed out");
  }

  @Test
  void explainDescribesTheSpec() throws Exception {
    Result explain = kubectl("explain", "pxds.spec");
    assertThat(explain.exitCode()).as(explain.both()).isZero();
    assertThat(explain.out()).contains("KIND:", "PolarDBXDataSource", "VERSION:", "v1alpha1")
        .containsPattern("region\\s+<string> -required-")
        .containsPattern("intranetAddr\\s+<string> -required-")
        .containsPattern("credentialsSecretRef\\s+<Object> -required-")
        .containsPattern("deletionPolicy\\s+<string>");
  }

  private static String line(String table, String name) {
    return table.lines().filter(l -> l.startsWith(name + " ")).findFirst()
        .orElseGet(() -> fail("no row " + name + " in\n" + table));
  }

  private static Result kubectl(String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--kubeconfig=" + dir.resolve("sandbox").resolve(SandboxApi.KUBECONFIG));
    all.add("--cache-dir=" + dir.resolve("kube-cache"));
    return runKubectl(all);
  }

  /** Runs the machine's kubectl; fails clearly where there is none. */
  private static Result runKubectl(List<String> args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add("kubectl");
    command.addAll(args);
    Path out = Files.createTempFile(dir, "kubectl", ".out");
    Path err = Files.createTempFile(dir, "kubectl", ".err");
    Process process;
    try {
      process = new ProcessBuilder(command).redirectOutput(out.toFile())
          .redirectError(err.toFile()).start();
    } catch (IOException e) {
      return fail("this test runs the machine's kubectl, and there is none on the PATH ("
          + e.getMessage() + "): install kubectl (CI machines have it)");
    }
    if (!process.waitFor(90, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail("kubectl " + args + " did not finish within 90 s");
    }
    return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
