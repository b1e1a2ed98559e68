package io.datasource.oms.sandbox;

import io.datasource.oms.api.v1alpha1.Annotations;
import io.datasource.oms.api.v1alpha1.Conditions;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSource;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSourceStatus;
import io.datasource.oms.config.OperatorConfig;
import io.datasource.oms.config.Variables;
import io.datasource.oms.client.HttpOmsClient;
import io.datasource.oms.runtime.OperatorRuntime;
import io.datasource.oms.simulator.OmsSimulator;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kubernetes API, an OMS and (unless servers-only) the operator, all in this process and on
 * loopback. Files for other programs go to {@link Options#dir()}: {@code kubeconfig},
 * {@code oms-url}, {@code oms-password} and {@code operator.env}.
 */
public final class Sandbox implements AutoCloseable {

  /** Where the examples go unless they name a namespace. */
  public static final String NAMESPACE = "oms-sandbox";
  /** The simulator's console user. */
  public static final String OMS_USER = "oms-admin";
  public static final String OMS_PASSWORD = "oms-sandbox-password";

  /** Regions the sandbox's OMS accepts (Alibaba Cloud region IDs); others are rejected. */
  static final Set<String> VALID_REGIONS = Set.of("cn-anhui", "cn-hangzhou", "cn-shanghai",
      "cn-beijing", "cn-shenzhen", "cn-qingdao", "cn-zhangjiakou", "cn-chengdu", "cn-hongkong",
      "ap-southeast-1");

  /**
   * @param dir where the kubeconfig and the other files are written
   * @param examplesDir YAML files to apply in addition to the built-in examples (may not exist)
   * @param serversOnly start only the API server and the simulator
   * @param environment the process environment; LOG_* and the sandbox's own values are used
   * @param readyTimeout how long to wait for every resource to have a settled Ready condition
   * @param binaries kube-api-test's binaries folder, or null for its own choice
   *     ({@code KUBE_API_TEST_DIR}, else {@code ~/.kubeapitest})
   * @param offline true: never download binaries (fall back to the mock at once without them)
   */
  public record Options(Path dir, Path examplesDir, boolean serversOnly,
      Map<String, String> environment, Duration readyTimeout, Path binaries, boolean offline) {
    public Options {
      Objects.requireNonNull(dir, "dir");
      environment = Map.copyOf(environment);
    }

    /** Binaries where kube-api-test looks for them, downloaded there if missing. */
    public Options(Path dir, Path examplesDir, boolean serversOnly,
        Map<String, String> environment, Duration readyTimeout) {
      this(dir, examplesDir, serversOnly, environment, readyTimeout, null, false);
    }
  }

  /** One row of the table. */
  public record Row(String namespace, String name, String omsName, String id, String ready,
      String reason, String message) {}

  private final Options options;
  private static final Logger LOG = LoggerFactory.getLogger(Sandbox.class);

  private final SandboxApi kubernetes;
  private final OmsSimulator simulator;
  private final OmsSimulator secondSimulator;
  private final KubernetesClient operatorClient;
  private final OperatorRuntime operator;
  private final int expectedResources;
  private final long startedNanos;

  private Sandbox(Options options, long startedNanos, Consumer<String> progress) {
    this.options = options;
    this.startedNanos = startedNanos;
    SandboxApi k8s = startApi(options, progress);
    OmsSimulator sim = null;
    OmsSimulator west = null;
    KubernetesClient opClient = null;
    OperatorRuntime op = null;
    try {
      sim = OmsSimulator.builder()
          .credentials(OMS_USER, OMS_PASSWORD)
          .validRegions(VALID_REGIONS)
          .port(0)
          .start();
      sim.unreachableAddresses(Set.of(Examples.UNREACHABLE_ADDRESS));
      sim.addExisting(Examples.PRE_EXISTING_NAME, "cn-anhui");
      // A second OMS (another region's console), reached through an OmsConnection.
      west = OmsSimulator.builder()
          .credentials(OMS_USER, OMS_PASSWORD)
          .validRegions(VALID_REGIONS)
          .port(0)
          .start();
      writeFiles(options.dir(), k8s, sim);

      List<HasMetadata> objects = new ArrayList<>(Examples.builtIn());
      objects.addAll(Examples.connections(sim.baseUrl(), west.baseUrl(), OMS_USER,
          OMS_PASSWORD));
      objects.addAll(Examples.fromDirectory(options.examplesDir()));
      if (!options.serversOnly()) {
        opClient = k8s.newOperatorClient();
        OperatorConfig config = OperatorConfig.fromEnvironment(operatorEnvironment(sim));
        op = OperatorRuntime.start(config, opClient, new HttpOmsClient(config.toOmsSettings()),
            InetAddress.getLoopbackAddress(), () -> { });
      }
      Examples.apply(k8s.adminClient(), objects);
      this.expectedResources = (int) objects.stream()
          .filter(o -> o instanceof PolarDBXDataSource).count();
    } catch (RuntimeException e) {
      if (op != null) {
        op.stop();
      }
      if (opClient != null) {
        opClient.close();
      }
      if (sim != null) {
        sim.close();
      }
      if (west != null) {
        west.close();
      }
      k8s.close();
      throw e;
    }
    this.kubernetes = k8s;
    this.simulator = sim;
    this.secondSimulator = west;
    this.operatorClient = opClient;
    this.operator = op;
  }

  /** Starts the servers, the operator (unless servers-only) and applies the examples. */
  public static Sandbox start(Options options) {
    return start(options, line -> { });
  }

  /**
   * As {@link #start(Options)}; {@code progress} receives, first, the line that says which
   * Kubernetes API runs (and, on the mock fallback, that kubectl will not work).
   */
  public static Sandbox start(Options options, Consumer<String> progress) {
    return new Sandbox(options, System.nanoTime(), progress);
  }

  /** A real kube-apiserver; the CRUD mock only where none can be started. */
  private static SandboxApi startApi(Options options, Consumer<String> progress) {
    try {
      SandboxApi real = RealSandboxApi.start(options.dir(), options.binaries(), options.offline());
      progress.accept(real.describe());
      return real;
    } catch (RealSandboxApi.Unavailable e) {
      LOG.debug("no kube-apiserver", e);
      if (!mockAvailable()) {
        throw new NoKubernetesApi(noFallbackNotice(e.getMessage()), e);
      }
      EmbeddedKubernetes mock = EmbeddedKubernetes.start(0);
      progress.accept(fallbackNotice(e.getMessage()));
      return mock;
    }
  }

  /** No kube-apiserver could be started, and there is no mock to fall back to. */
  public static final class NoKubernetesApi extends IllegalStateException {
    NoKubernetesApi(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * Whether the mock server is on the class path: it is a provided dependency, there when the
   * sandbox runs from the source tree ({@code mvn compile exec:java}) and in the tests, absent
   * from the jar and the image. Asked here, not in {@link EmbeddedKubernetes}: loading that class
   * already needs the mock's classes.
   */
  static boolean mockAvailable() {
    try {
      Class.forName("io.fabric8.kubernetes.client.server.mock.KubernetesMockServer", false,
          Sandbox.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /**
   * Why the sandbox cannot start from the jar without binaries: the mock fallback is left out of
   * the jar and the image (they carry what the operator runs); the source tree's command has it.
   */
  static String noFallbackNotice(String reason) {
    return "NO REAL KUBERNETES API: kube-api-test could not start a kube-apiserver (" + reason
        + "), and this class path has no Fabric8 CRUD mock server to fall back to (the jar and"
        + " the image leave it out). Run the sandbox from the source tree (mvn -B -q compile"
        + " exec:java -Dexec.args=sandbox), or set KUBE_API_TEST_DIR to a folder that has the"
        + " binaries (kube-api-test downloads them into ~/.kubeapitest once, given internet"
        + " access).";
  }

  /** The first line of the output when the sandbox runs on the mock. */
  static String fallbackNotice(String reason) {
    return "NO REAL KUBERNETES API: kube-api-test could not start a kube-apiserver (" + reason
        + "), so this sandbox runs on the Fabric8 CRUD mock server, and kubectl will NOT work"
        + " against it (no discovery). kube-api-test downloads the binaries into ~/.kubeapitest"
        + " once, given internet access; or set KUBE_API_TEST_DIR to a folder that has them.";
  }
  private Map<String, String> operatorEnvironment(OmsSimulator sim) {
    Map<String, String> env = new HashMap<>();
    for (String passThrough : List.of(Variables.LOG_FORMAT.name(), Variables.LOG_LEVEL.name(),
        Variables.OMS_RATE_LIMIT.name(), Variables.RECONCILE_CONCURRENCY.name())) {
      String value = options.environment().get(passThrough);
      if (value != null) {
        env.put(passThrough, value);
      }
    }
    env.put(Variables.OMS_BASE_URL.name(), sim.baseUrl().toString());
    env.put(Variables.OMS_USERNAME.name(), OMS_USER);
    env.put(Variables.OMS_PASSWORD.name(), OMS_PASSWORD);
    env.put(Variables.HEALTH_PORT.name(), "0");
    env.put(Variables.METRICS_PORT.name(), "0");
    env.put(Variables.SHUTDOWN_TIMEOUT.name(), "5s");
    env.put(Variables.OMS_CONNECTIONS_ENABLED.name(), "true");
    return env;
  }

  private static void writeFiles(Path dir, SandboxApi k8s, OmsSimulator sim) {
    try {
      Files.createDirectories(dir);
      k8s.writeKubeconfigs(dir);
      Files.writeString(dir.resolve("oms-url"), sim.baseUrl() + "\n", StandardCharsets.UTF_8);
      Files.writeString(dir.resolve("oms-password"), OMS_PASSWORD + "\n", StandardCharsets.UTF_8);
      Path abs = dir.toAbsolutePath();
      Files.writeString(dir.resolve("operator.env"), String.join("\n",
          // The operator's own identity (on a real API server: the chart's ClusterRole).
          "KUBECONFIG=" + abs.resolve(SandboxApi.OPERATOR_KUBECONFIG),
          "OMS_BASE_URL=" + sim.baseUrl(),
          "OMS_USERNAME=" + OMS_USER,
          "OMS_PASSWORD_FILE=" + abs.resolve("oms-password"),
          "OMS_CONNECTIONS_ENABLED=true",
          "HEALTH_PORT=18081",
          "METRICS_PORT=18080",
          ""), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the sandbox files to " + dir, e);
    }
  }

  /**
   * Waits until every example resource has a Ready condition that is True or False (not the
   * transient Unknown, nor a connection not checked yet), watching rather than polling; returns
   * false on timeout.
   */
  public boolean awaitSettled(Duration timeout) throws InterruptedException {
    try {
      kubernetes.adminClient().resources(PolarDBXDataSource.class).inAnyNamespace()
          .informOnCondition(list -> list.size() >= expectedResources
              && list.stream().allMatch(Sandbox::settled))
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      throw new IllegalStateException("watching the resources failed", e.getCause());
    }
  }

  private static boolean settled(PolarDBXDataSource resource) {
    if (paused(resource) != null) {
      return true;
    }
    Condition ready = ready(resource);
    // ConnectionNotReady passes by itself once the operator has checked the connection.
    return ready != null && ("True".equals(ready.getStatus()) || "False".equals(ready.getStatus()))
        && !Conditions.ReadyReason.CONNECTION_NOT_READY.equals(ready.getReason());
  }

  /** The Paused condition, present while the resource is paused. */
  private static Condition paused(PolarDBXDataSource resource) {
    PolarDBXDataSourceStatus status = resource.getStatus();
    return status == null ? null : status.getConditions().stream()
        .filter(c -> Conditions.PAUSED.equals(c.getType())).findFirst().orElse(null);
  }

  private static Condition ready(PolarDBXDataSource resource) {
    PolarDBXDataSourceStatus status = resource.getStatus();
    if (status == null || status.getConditions() == null) {
      return null;
    }
    return status.getConditions().stream()
        .filter(c -> Conditions.READY.equals(c.getType()))
        .findFirst().orElse(null);
  }

  /** The resources as the table shows them, sorted by namespace and name. */
  public List<Row> rows() {
    List<Row> rows = new ArrayList<>();
    for (PolarDBXDataSource r : kubernetes.adminClient().resources(PolarDBXDataSource.class)
        .inAnyNamespace().list().getItems()) {
      PolarDBXDataSourceStatus status = r.getStatus();
      Condition ready = ready(r);
      String message = ready == null ? "" : nullToEmpty(ready.getMessage());
      if (status != null && status.getLastError() != null && status.getLastError().getCode() != null) {
        message = "OMS " + status.getLastError().getCode()
            + (status.getLastError().getMessage() == null ? ""
                : ": " + status.getLastError().getMessage());
      }
      Condition paused = paused(r);
      if (paused != null) {
        message = "paused (" + Annotations.PAUSED + "): no OMS call until the annotation goes";
      }
      rows.add(new Row(r.getMetadata().getNamespace(), r.getMetadata().getName(),
          status == null || status.getOmsName() == null ? r.effectiveOmsName() : status.getOmsName(),
          status == null ? "" : nullToEmpty(status.getDataSourceId()),
          ready == null ? "-" : ready.getStatus(),
          paused != null ? Conditions.PAUSED : ready == null ? "" : nullToEmpty(ready.getReason()),
          message));
    }
    rows.sort(Comparator.comparing(Row::namespace).thenComparing(Row::name));
    return rows;
  }

  /** Prints the table of resources. */
  public void printTable(PrintStream out) {
    List<String[]> cells = new ArrayList<>();
    cells.add(new String[] {"NAMESPACE", "NAME", "OMS NAME", "ID", "READY", "REASON", "MESSAGE"});
    for (Row row : rows()) {
      cells.add(new String[] {row.namespace(), row.name(), row.omsName(), row.id(), row.ready(),
          row.reason(), abbreviate(row.message(), 90)});
    }
    int[] widths = new int[7];
    for (String[] line : cells) {
      for (int i = 0; i < line.length; i++) {
        widths[i] = Math.max(widths[i], line[i].length());
      }
    }
    for (String[] line : cells) {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < line.length; i++) {
        b.append(i == line.length - 1 ? line[i] : pad(line[i], widths[i] + 3));
      }
      out.println(b.toString().stripTrailing());
    }
  }

  /** Prints where everything is and how to connect. */
  public void printConnectionInfo(PrintStream out) {
    Path abs = options.dir().toAbsolutePath();
    out.println("Kubernetes API: " + kubernetes.url() + "  (kubeconfig: "
        + abs.resolve(SandboxApi.KUBECONFIG) + ")");
    if (kubernetes.servesKubectl()) {
      out.println("  try: KUBECONFIG=" + abs.resolve(SandboxApi.KUBECONFIG) + " kubectl get pxds");
    } else {
      out.println("  (the CRUD mock: kubectl does not work against it)");
    }
    out.println("OMS simulator:  " + simulator.baseUrl() + "  (user " + OMS_USER + ", password in "
        + abs.resolve("oms-password") + "; URL also in " + abs.resolve("oms-url") + ")");
    if (operator != null) {
      out.println("Operator:       " + operator.endpoints().healthUrl() + "/readyz, "
          + operator.endpoints().metricsUrl() + "/metrics");
    } else {
      out.println("Operator:       not started (--servers-only). Run it separately with:");
      out.println("  env $(cat " + abs.resolve("operator.env")
          + " | xargs) java -jar target/oms-datasource-operator.jar");
    }
  }

  /** Seconds since {@link #start(Options)} was called. */
  public double elapsedSeconds() {
    return (System.nanoTime() - startedNanos) / 1e9;
  }

  public SandboxApi kubernetes() {
    return kubernetes;
  }

  public OmsSimulator simulator() {
    return simulator;
  }

  /** The second OMS, behind the OmsConnection {@value Examples#CONNECTION_WEST}. */
  public OmsSimulator secondSimulator() {
    return secondSimulator;
  }

  /** The operator, or null in servers-only mode. */
  public OperatorRuntime operator() {
    return operator;
  }

  public int expectedResources() {
    return expectedResources;
  }

  @Override
  public void close() {
    if (operator != null) {
      operator.stop();
    }
    if (operatorClient != null) {
      operatorClient.close();
    }
    simulator.close();
    secondSimulator.close();
    kubernetes.close();
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  private static String pad(String s, int width) {
    StringBuilder b = new StringBuilder(s);
    while (b.length() < width) {
      b.append(' ');
    }
    return b.toString();
  }

  private static String abbreviate(String s, int max) {
    String oneLine = s.replace('\n', ' ');
    return oneLine.length() <= max ? oneLine : oneLine.substring(0, max - 3) + "...";
  }
}
