package io.datasource.oms.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.datasource.oms.api.v1alpha1.PolarDBXDataSource;
import io.datasource.oms.config.OperatorConfig;
import io.datasource.oms.client.HttpOmsClient;
import io.datasource.oms.client.DataSourceRecord;
import io.datasource.oms.testing.TestOperator;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.okhttp.OkHttpClientFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's first command, in-process: {@code OperatorMain sandbox}. */
class SandboxIT {

  @TempDir Path dir;

  /** Output of a command run in a background thread. */
  private static final class Run {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    final AtomicInteger exitCode = new AtomicInteger(-1);
    Thread thread;

    String text() {
      return bytes.toString(StandardCharsets.UTF_8);
    }

    static Run inBackground(String... args) {
      Run run = new Run();
      run.thread = new Thread(() -> run.exitCode.set(
          SandboxCommand.run(args, Map.of(), run.out, run.out)), "sandbox-under-test");
      run.thread.start();
      return run;
    }

    int interruptAndJoin() throws InterruptedException {
      thread.interrupt();
      thread.join(30_000);
      assertThat(thread.isAlive()).isFalse();
      return exitCode.get();
    }
  }

  private static String row(String text, String name) {
    return text.lines().filter(l -> l.startsWith(Sandbox.NAMESPACE + " ")
        && l.split("\\s+")[1].equals(name)).findFirst().orElse("");
  }

  @Test
  void printsReadyRowsAndTheFailingExampleThenServesWithAWorkingKubeconfig() throws Exception {
    Run run = Run.inBackground("--dir", dir.toString());
    await().atMost(Duration.ofMinutes(2)).until(() -> run.text().contains("Serving until interrupted"));
    String text = run.text();

    assertThat(text.lines().findFirst().orElse(""))
        .startsWith("Kubernetes API: a real kube-apiserver v1.");
    assertThat(text).contains("NAMESPACE", "NAME", "OMS NAME", "ID", "READY", "REASON", "MESSAGE");
    assertThat(row(text, "orders")).matches(".*orders\\s+e_\\w+\\s+True\\s+Created\\s.*");
    assertThat(row(text, "payments")).matches(".*payments\\s+e_\\w+\\s+True\\s+Created\\s.*");
    assertThat(row(text, "legacy-billing")).matches(".*\\s+e_\\w+\\s+True\\s+Adopted\\s.*");
    assertThat(row(text, "wrong-region"))
        .matches(".*wrong-region\\s+False\\s+Rejected\\s+OMS PARAM_ERROR: Invalid region:"
            + " cn-atlantis");
    assertThat(row(text, "unreachable-db"))
        .contains("False", "EnvironmentError", "OMS PARAM_ERROR: Connectivity test failed");
    // One is created paused: it shows the Paused condition, and OMS never hears of it.
    assertThat(row(text, "paused-reports")).matches(".*paused-reports\\s+-\\s+Paused\\s+paused.*");
    // The repository's examples/ are applied too: one works, one fails on purpose.
    assertThat(row(text, "orders-drds")).matches(".*orders-drds\\s+e_\\w+\\s+True\\s+Created\\s.*");
    assertThat(row(text, "broken-drds")).contains("False", "SecretNotFound");
    assertThat(text).containsPattern("Table after \\d+\\.\\d s");

    // Another program can use the kubeconfig the sandbox wrote.
    Path kubeconfig = dir.resolve("kubeconfig");
    assertThat(text).contains(kubeconfig.toAbsolutePath().toString());
    Config config = Config.fromKubeconfig(Files.readString(kubeconfig));
    try (KubernetesClient fresh = new KubernetesClientBuilder().withConfig(config)
        .withHttpClientFactory(new OkHttpClientFactory()).build()) {
      List<PolarDBXDataSource> items = fresh.resources(PolarDBXDataSource.class).list().getItems();
      assertThat(items).extracting(r -> r.getMetadata().getName())
          .contains("orders", "payments", "legacy-billing", "wrong-region", "unreachable-db");
      assertThat(config.getNamespace()).isEqualTo(Sandbox.NAMESPACE);
      // Two OmsConnections, one per simulator, and a resource on each, created in its own OMS.
      String defaultUrl = Files.readString(dir.resolve("oms-url")).trim();
      Map<String, String> urls = new HashMap<>();
      for (String[] pair : new String[][] {{Examples.CONNECTION_EAST, Examples.ON_EAST},
          {Examples.CONNECTION_WEST, Examples.ON_WEST}}) {
        String url = fresh.resources(io.datasource.oms.api.v1alpha1.OmsConnection.class)
            .withName(pair[0]).get().getSpec().getBaseUrl();
        urls.put(pair[0], url);
        PolarDBXDataSource r = fresh.resources(PolarDBXDataSource.class)
            .inNamespace(Sandbox.NAMESPACE).withName(pair[1]).get();
        assertThat(r.getSpec().connectionName()).isEqualTo(pair[0]);
        List<DataSourceRecord> there = omsClient(dir, url).listDataSources(pair[1]).dataSources();
        assertThat(there).filteredOn(d -> d.name().equals(pair[1])).singleElement()
            .satisfies(d -> assertThat(d.id()).isEqualTo(r.getStatus().getDataSourceId()));
      }
      assertThat(urls.get(Examples.CONNECTION_EAST)).isEqualTo(defaultUrl);
      assertThat(urls.get(Examples.CONNECTION_WEST)).isNotEqualTo(defaultUrl);
      assertThat(omsClient(dir, defaultUrl).listDataSources(Examples.ON_WEST).dataSources())
          .extracting(DataSourceRecord::name).doesNotContain(Examples.ON_WEST);
    }
    assertThat(row(text, Examples.ON_EAST)).matches(".*\\s+e_\\w+\\s+True\\s+Created\\s.*");
    assertThat(row(text, Examples.ON_WEST)).matches(".*\\s+e_\\w+\\s+True\\s+Created\\s.*");
    // ... and the OMS URL and password files reach the simulator that holds the data sources.
    List<DataSourceRecord> inOms = omsClient(dir).listDataSources("orders").dataSources();
    assertThat(inOms).extracting(DataSourceRecord::name).contains("orders");

    assertThat(run.interruptAndJoin()).isZero();
  }

  @Test
  void exitsAfterTheTableWithTheFlag() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    int code = SandboxCommand.run(new String[] {"--exit-after-table", "--dir", dir.toString()},
        Map.of(), out, out);
    String text = bytes.toString(StandardCharsets.UTF_8);
    assertThat(code).isZero();
    assertThat(row(text, "wrong-region")).contains("Rejected", "OMS PARAM_ERROR");
    assertThat(text).doesNotContain("Serving until interrupted");
  }

  @Test
  void serversOnlyLetsTheOperatorRunSeparatelyFromTheWrittenFiles() throws Exception {
    Run run = Run.inBackground("--servers-only", "--dir", dir.toString());
    await().atMost(Duration.ofMinutes(1)).until(() -> run.text().contains("Serving until interrupted"));
    assertThat(run.text()).contains("operator.env").doesNotContain("NAMESPACE ");

    // What `env $(cat operator.env | xargs) java -jar ...` does, in this JVM.
    Map<String, String> env = new HashMap<>();
    for (String line : Files.readAllLines(dir.resolve("operator.env"))) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        env.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    Config kube = Config.fromKubeconfig(Files.readString(Path.of(env.get("KUBECONFIG"))));
    Supplier<KubernetesClient> clients = () -> new KubernetesClientBuilder().withConfig(kube)
        .withHttpClientFactory(new OkHttpClientFactory()).build();
    try (KubernetesClient client = clients.get();
        // Free ports instead of the file's fixed ones.
        TestOperator operator = TestOperator.on(clients).env(env)
            .env("HEALTH_PORT", "0", "METRICS_PORT", "0").start()) {
      // Its own identity, not the admin's: the chart's ClusterRole grants no namespaces.
      assertThatThrownBy(() -> client.namespaces().list())
          .hasMessageContaining("system:serviceaccount:" + Sandbox.NAMESPACE
              + ":oms-datasource-operator").hasMessageContaining("forbidden");
      // ignoreExceptions: the status is null until the first reconcile has written it.
      await().atMost(Duration.ofMinutes(1)).ignoreExceptions().untilAsserted(() -> assertThat(
          client.resources(PolarDBXDataSource.class).inNamespace(Sandbox.NAMESPACE)
              .withName("orders").get().getStatus().getDataSourceId()).startsWith("e_"));
    }
    assertThat(run.interruptAndJoin()).isZero();
  }

  @Test
  void withoutBinariesFallsBackToTheMockAndSaysSoOnTheFirstLine() throws Exception {
    Path noBinaries = Files.createDirectories(dir.resolve("no-binaries"));
    List<String> lines = new ArrayList<>();
    // Offline: without it kube-api-test would try to download the binaries (and, with internet,
    // succeed).
    try (Sandbox sandbox = Sandbox.start(new Sandbox.Options(dir.resolve("files"), Path.of("none"),
        false, Map.of(), Duration.ofMinutes(1), noBinaries, true), lines::add)) {
      assertThat(lines.get(0)).startsWith("NO REAL KUBERNETES API:")
          .contains("no binaries in " + noBinaries.toAbsolutePath(), "Fabric8 CRUD mock",
              "kubectl will NOT work");
      assertThat(sandbox.kubernetes().servesKubectl()).isFalse();
      // The operator works on the mock all the same.
      assertThat(sandbox.awaitSettled(Duration.ofMinutes(1))).isTrue();
      assertThat(sandbox.rows()).filteredOn(r -> r.name().equals("orders"))
          .singleElement().satisfies(r -> assertThat(r.reason()).isEqualTo("Created"));
      ByteArrayOutputStream info = new ByteArrayOutputStream();
      sandbox.printConnectionInfo(new PrintStream(info, true, StandardCharsets.UTF_8));
      assertThat(info.toString(StandardCharsets.UTF_8))
          .contains("kubectl does not work against it");
    }
  }

  private static HttpOmsClient omsClient(Path dir) throws IOException {
    return omsClient(dir, Files.readString(dir.resolve("oms-url")).trim());
  }

  private static HttpOmsClient omsClient(Path dir, String url) {
    Map<String, String> env = new HashMap<>();
    env.put("OMS_BASE_URL", url);
    env.put("OMS_USERNAME", Sandbox.OMS_USER);
    env.put("OMS_PASSWORD_FILE", dir.resolve("oms-password").toString());
    return new HttpOmsClient(OperatorConfig.fromEnvironment(env).toOmsSettings());
  }
}
