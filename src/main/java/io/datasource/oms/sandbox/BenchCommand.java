package io.datasource.oms.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.datasource.oms.api.v1alpha1.AccessKeySecretRef;
import io.datasource.oms.api.v1alpha1.Conditions;
import io.datasource.oms.api.v1alpha1.CredentialsSecretRef;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSource;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSourceSpec;
import io.datasource.oms.config.Durations;
import io.datasource.oms.simulator.CreateSpelling;
import io.datasource.oms.simulator.OmsSimulator;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code bench [options]}: the rollout benchmark. Per run it starts a real API server (with an
 * audit log) and the OMS simulator (with a fixed latency) in this process, the operator in a JVM
 * of its own (from the jar), applies N resources and measures: wall times, time to Ready per
 * resource, OMS calls and Kubernetes requests per resource, the operator's CPU, heap after a full
 * GC and resident memory, then a period at rest. Prints a table and writes
 * {@code <out>/bench-<time>.json}; with several runs, the median and the spread.
 */
public final class BenchCommand {

  static final String USAGE = "usage: bench [--resources N (1000)] [--latency DURATION (50ms)]"
      + " [--concurrency C (16)] [--runs R (3)] [--rest DURATION (60s)]"
      + " [--unrelated-secrets M (0)] [--preload] [--histogram] [--jvm-opt OPTION]..."
      + " [--env NAME=VALUE]... [--jar PATH (target/oms-datasource-operator.jar)]"
      + " [--out PATH (target/bench)] [--timeout DURATION (10m)]";

  static final String NAMESPACE = "bench";
  static final String UNRELATED_NAMESPACE = "bench-unrelated";
  private static final int APPLY_THREADS = 8;

  record Options(int resources, Duration latency, int concurrency, int runs, Duration rest,
      int unrelatedSecrets, boolean preload, boolean histogram, List<String> jvmOptions,
      Map<String, String> extraEnv, Path jar, Path out, Duration timeout) {}

  private BenchCommand() {}

  public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    Options options;
    try {
      options = parse(args);
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      err.println(USAGE);
      return 2;
    }
    if (!Files.isRegularFile(options.jar())) {
      err.println("no operator jar at " + options.jar() + ": build it first (mvn -B -DskipTests"
          + " package), or name it with --jar");
      return 2;
    }
    try {
      Files.createDirectories(options.out());
      List<Map<String, Object>> runs = new ArrayList<>();
      for (int i = 1; i <= options.runs(); i++) {
        out.printf("run %d of %d: N=%d, L=%s, C=%d%s%s; load average %s%n", i, options.runs(),
            options.resources(), Durations.format(options.latency()), options.concurrency(),
            options.preload() ? ", resources applied before the operator starts" : "",
            options.unrelatedSecrets() > 0
                ? ", " + options.unrelatedSecrets() + " unrelated Secrets" : "", loadAverage());
        out.flush();
        Map<String, Object> result = runOnce(options, i, out);
        runs.add(result);
        printRun(result, out);
      }
      Map<String, Object> report = new LinkedHashMap<>();
      report.put("options", describe(options));
      report.put("machine", machine());
      report.put("runs", runs);
      report.put("summary", summary(runs));
      printSummary(runs, out);
      Path json = options.out().resolve("bench-" + Instant.now().toString().replace(':', '-')
          + ".json");
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), report);
      out.println("JSON: " + json.toAbsolutePath());
      return 0;
    } catch (IOException e) {
      err.println("bench failed: " + e);
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
  }

  static Options parse(String[] args) {
    int resources = 1000;
    Duration latency = Duration.ofMillis(50);
    int concurrency = 16;
    int runs = 3;
    Duration rest = Duration.ofSeconds(60);
    int unrelated = 0;
    boolean preload = false;
    boolean histogram = false;
    List<String> jvm = new ArrayList<>();
    Map<String, String> extraEnv = new LinkedHashMap<>();
    Path jar = Path.of("target", "oms-datasource-operator.jar");
    Path out = Path.of("target", "bench");
    Duration timeout = Duration.ofMinutes(10);
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--resources" -> resources = Integer.parseInt(value(args, ++i));
        case "--latency" -> latency = Durations.parse(value(args, ++i));
        case "--concurrency" -> concurrency = Integer.parseInt(value(args, ++i));
        case "--runs" -> runs = Integer.parseInt(value(args, ++i));
        case "--rest" -> rest = Durations.parse(value(args, ++i));
        case "--unrelated-secrets" -> unrelated = Integer.parseInt(value(args, ++i));
        case "--preload" -> preload = true;
        case "--histogram" -> histogram = true;
        case "--jvm-opt" -> jvm.add(value(args, ++i));
        case "--env" -> {
          String kv = value(args, ++i);
          int eq = kv.indexOf('=');
          if (eq < 1) {
            throw new IllegalArgumentException("--env needs NAME=VALUE, not " + kv);
          }
          extraEnv.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        case "--jar" -> jar = Path.of(value(args, ++i));
        case "--out" -> out = Path.of(value(args, ++i));
        case "--timeout" -> timeout = Durations.parse(value(args, ++i));
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (resources < 1 || concurrency < 1 || runs < 1 || unrelated < 0) {
      throw new IllegalArgumentException("--resources, --concurrency and --runs must be positive");
    }
    return new Options(resources, latency, concurrency, runs, rest, unrelated, preload, histogram,
        List.copyOf(jvm), Map.copyOf(extraEnv), jar, out, timeout);
  }

  private static String value(String[] args, int i) {
    if (i >= args.length) {
      throw new IllegalArgumentException("missing value after " + args[i - 1]);
    }
    return args[i];
  }

  private static Map<String, Object> runOnce(Options o, int index, PrintStream out)
      throws IOException, InterruptedException {
    Path dir = o.out().resolve("run-" + index);
    Files.createDirectories(dir);
    AuditLog audit = AuditLog.in(dir);
    int n = o.resources();
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("loadAverageBefore", loadAverage());
    try (RealSandboxApi api = RealSandboxApi.start(dir, null, false, audit.flags());
        OmsSimulator sim = OmsSimulator.builder().credentials(Sandbox.OMS_USER, Sandbox.OMS_PASSWORD)
            .validRegions(Sandbox.VALID_REGIONS).port(0).start()) {
      sim.faults().fixedLatency(o.latency());
      api.writeKubeconfigs(dir);
      Files.writeString(dir.resolve("oms-password"), Sandbox.OMS_PASSWORD, StandardCharsets.UTF_8);
      KubernetesClient admin = api.adminClient();
      ensureNamespace(admin, NAMESPACE);
      admin.resource(secret(NAMESPACE, "bench-credentials", Map.of("username", "bench",
          "password", "bench-only-password"))).create();
      admin.resource(secret(NAMESPACE, "bench-access-key", Map.of("accessKeyId", "LTAI-bench",
          "accessKeySecret", "bench-only-secret"))).create();
      if (o.unrelatedSecrets() > 0) {
        ensureNamespace(admin, UNRELATED_NAMESPACE);
        long t = System.nanoTime();
        parallel(o.unrelatedSecrets(), i -> admin.resource(unrelatedSecret(i)).create());
        out.printf("  %d unrelated Secrets of 2 KiB created in %.1f s%n", o.unrelatedSecrets(),
            seconds(System.nanoTime() - t));
      }
      Map<String, Long> appliedAt = new ConcurrentHashMap<>();
      if (o.preload()) {
        long t = System.nanoTime();
        parallel(n, i -> admin.resource(resource(i)).create());
        out.printf("  %d resources created in %.1f s%n", n, seconds(System.nanoTime() - t));
      }

      Map<String, Long> readyAt = new ConcurrentHashMap<>();
      SharedIndexInformer<PolarDBXDataSource> watcher = admin.resources(PolarDBXDataSource.class)
          .inNamespace(NAMESPACE).inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(PolarDBXDataSource obj) {
              note(obj);
            }

            @Override
            public void onUpdate(PolarDBXDataSource old, PolarDBXDataSource obj) {
              note(obj);
            }

            @Override
            public void onDelete(PolarDBXDataSource obj, boolean unknownFinalState) {}

            private void note(PolarDBXDataSource obj) {
              if (ready(obj)) {
                readyAt.putIfAbsent(obj.getMetadata().getName(), System.nanoTime());
              }
            }
          });
      try {
        int healthPort = freePort();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KUBECONFIG", dir.resolve(SandboxApi.OPERATOR_KUBECONFIG).toAbsolutePath().toString());
        env.put("OMS_BASE_URL", sim.baseUrl().toString());
        env.put("OMS_USERNAME", Sandbox.OMS_USER);
        env.put("OMS_PASSWORD_FILE", dir.resolve("oms-password").toAbsolutePath().toString());
        env.put("HEALTH_PORT", Integer.toString(healthPort));
        env.put("METRICS_PORT", Integer.toString(freePort()));
        env.put("RECONCILE_CONCURRENCY", Integer.toString(o.concurrency()));
        env.put("OMS_RATE_LIMIT", "10000"); // no OMS rate limit: the benchmark measures the rest
        env.put("OMS_RATE_BURST", "100000");
        env.put("LOG_LEVEL", "WARN");
        env.putAll(o.extraEnv());
        Instant operatorStart = Instant.now();
        long start = System.nanoTime();
        try (OperatorProcess op = OperatorProcess.start(o.jar(), o.jvmOptions(), env, healthPort,
            dir.resolve("operator.log"))) {
          op.awaitReady(Duration.ofMinutes(5));
          long operatorReady = System.nanoTime();
          long cpuAtReady = op.cpuMillis();
          r.put("operatorStartSeconds", seconds(operatorReady - start));
          r.put("operatorStartCpuMs", cpuAtReady);
          long firstApply = System.nanoTime();
          if (!o.preload()) {
            parallel(n, i -> {
              PolarDBXDataSource created = admin.resource(resource(i)).create();
              appliedAt.put(created.getMetadata().getName(), System.nanoTime());
            });
            r.put("applySeconds", seconds(System.nanoTime() - firstApply));
          }
          long deadline = System.nanoTime() + o.timeout().toNanos();
          while (readyAt.size() < n) {
            if (System.nanoTime() > deadline) {
              throw new IllegalStateException(readyAt.size() + " of " + n
                  + " resources Ready after " + o.timeout());
            }
            Thread.sleep(20); // polls a map the watch fills; the times come from the watch
          }
          long allReady = readyAt.values().stream().mapToLong(Long::longValue).max().orElseThrow();
          long cpuAtAllReady = op.cpuMillis();
          Instant rolloutEnd = Instant.now();
          double ideal = n * o.latency().toMillis() / 1000.0 / o.concurrency();
          r.put("fromOperatorStartSeconds", seconds(allReady - start));
          r.put("fromFirstApplySeconds", seconds(allReady - (o.preload() ? start : firstApply)));
          r.put("idealSeconds", ideal);
          r.put("ratioToIdeal", seconds(allReady - (o.preload() ? start : firstApply)) / ideal);
          long[] latencies = readyAt.entrySet().stream()
              .mapToLong(e -> e.getValue() - appliedAt.getOrDefault(e.getKey(),
                  o.preload() ? start : firstApply))
              .sorted().toArray();
          r.put("timeToReadyP50Ms", percentile(latencies, 50) / 1e6);
          r.put("timeToReadyP99Ms", percentile(latencies, 99) / 1e6);
          r.put("cpuMsPerResource", (double) (cpuAtAllReady - cpuAtReady) / n);
          r.put("omsCallsPerResource", (double) sim.totalCalls() / n);
          r.put("omsCreatesPerResource",
              (double) sim.callCount(CreateSpelling.POLAR_ACTION) / n);
          r.put("omsListsPerResource", (double) sim.callCount(OmsSimulator.LIST_ACTION) / n);

          Thread.sleep(2000); // let the last Events and status writes land before the GC
          r.put("heapAfterGcMiB", op.heapAfterGcKib() / 1024.0);
          r.put("rssMiB", op.rssKib() / 1024.0);
          if (o.histogram()) {
            Files.writeString(dir.resolve("class-histogram.txt"), op.classHistogram(45),
                StandardCharsets.UTF_8);
          }

          Instant restStart = Instant.now();
          int omsAtRest = sim.totalCalls();
          long cpuAtRest = op.cpuMillis();
          Thread.sleep(o.rest().toMillis()); // the period at rest is the measurement
          Instant restEnd = Instant.now();
          r.put("restSeconds", o.rest().toSeconds());
          r.put("restOmsCalls", sim.totalCalls() - omsAtRest);
          r.put("restCpuMs", op.cpuMillis() - cpuAtRest);

          Map<String, Integer> rollout = audit.count(RealSandboxApi.OPERATOR_USER, operatorStart,
              restStart);
          Map<String, Integer> atRest = audit.count(RealSandboxApi.OPERATOR_USER, restStart,
              restEnd);
          r.put("writesPerResource", (double) AuditLog.writes(rollout) / n);
          r.put("restWrites", AuditLog.writes(atRest));
          Map<String, Double> perResource = new LinkedHashMap<>();
          rollout.forEach((k, v) -> perResource.put(k, (double) v / n));
          r.put("kubernetesRequestsPerResource", perResource);
          r.put("kubernetesRequestsAtRest", atRest);
          r.put("rolloutEnd", rolloutEnd.toString());
        }
      } finally {
        watcher.close();
      }
    }
    r.put("loadAverageAfter", loadAverage());
    return r;
  }

  private static boolean ready(PolarDBXDataSource r) {
    return r.getStatus() != null && r.getStatus().getConditions() != null
        && r.getStatus().getConditions().stream().anyMatch(c ->
            Conditions.READY.equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static void parallel(int count, java.util.function.IntConsumer task)
      throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(APPLY_THREADS);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int index = i;
        futures.add(pool.submit(() -> task.accept(index)));
      }
      for (Future<?> f : futures) {
        try {
          f.get();
        } catch (java.util.concurrent.ExecutionException e) {
          throw new IllegalStateException("applying failed", e.getCause());
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static void ensureNamespace(KubernetesClient admin, String name) {
    admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name)
        .endMetadata().build()).createOr(NonDeletingOperation::update);
  }

  static PolarDBXDataSource resource(int i) {
    PolarDBXDataSourceSpec spec = new PolarDBXDataSourceSpec();
    spec.setRegion("cn-anhui");
    spec.setIntranetAddr("10.1." + (i / 250) + "." + (i % 250 + 1) + ":3306");
    spec.setCredentialsSecretRef(new CredentialsSecretRef("bench-credentials"));
    spec.setAccessKeySecretRef(new AccessKeySecretRef("bench-access-key"));
    PolarDBXDataSource resource = new PolarDBXDataSource();
    resource.setMetadata(new ObjectMetaBuilder().withName(String.format("bench-%05d", i))
        .withNamespace(NAMESPACE).build());
    resource.setSpec(spec);
    return resource;
  }

  private static Secret secret(String namespace, String name, Map<String, String> plain) {
    Map<String, String> data = new LinkedHashMap<>();
    plain.forEach((k, v) -> data.put(k,
        Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
    return new SecretBuilder().withNewMetadata().withName(name).withNamespace(namespace)
        .endMetadata().withData(data).build();
  }

  /** A Secret no resource references, with 2 KiB of random data. */
  private static Secret unrelatedSecret(int i) {
    byte[] bytes = new byte[2048];
    new Random(i).nextBytes(bytes);
    return new SecretBuilder().withNewMetadata().withName(String.format("unrelated-%05d", i))
        .withNamespace(UNRELATED_NAMESPACE).endMetadata()
        .withData(Map.of("blob", Base64.getEncoder().encodeToString(bytes))).build();
  }

  private static long percentile(long[] sorted, int p) {
    if (sorted.length == 0) {
      return 0;
    }
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static Map<String, Object> machine() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cores", Runtime.getRuntime().availableProcessors());
    m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    try {
      Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:"))
          .findFirst().ifPresent(l -> m.put("memTotalKiB",
              Long.parseLong(l.replaceAll("\\D", ""))));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return m;
  }

  private static Map<String, Object> describe(Options o) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("resources", o.resources());
    m.put("latencyMs", o.latency().toMillis());
    m.put("concurrency", o.concurrency());
    m.put("runs", o.runs());
    m.put("restSeconds", o.rest().toSeconds());
    m.put("unrelatedSecrets", o.unrelatedSecrets());
    m.put("preload", o.preload());
    m.put("jvmOptions", o.jvmOptions());
    m.put("extraEnv", o.extraEnv());
    return m;
  }

  /** The numeric figures of a run, in the order the table shows them. */
  static final List<String> FIGURES = List.of("fromOperatorStartSeconds", "fromFirstApplySeconds",
      "ratioToIdeal", "timeToReadyP50Ms", "timeToReadyP99Ms", "omsCallsPerResource",
      "writesPerResource", "cpuMsPerResource", "heapAfterGcMiB", "rssMiB", "restOmsCalls",
      "restWrites", "restCpuMs", "operatorStartSeconds", "operatorStartCpuMs", "applySeconds");

  static Map<String, Object> summary(List<Map<String, Object>> runs) {
    Map<String, Object> s = new LinkedHashMap<>();
    for (String figure : FIGURES) {
      double[] values = runs.stream().filter(r -> r.get(figure) instanceof Number)
          .mapToDouble(r -> ((Number) r.get(figure)).doubleValue()).sorted().toArray();
      if (values.length == 0) {
        continue;
      }
      s.put(figure, Map.of("median", median(values), "min", values[0],
          "max", values[values.length - 1]));
    }
    return s;
  }

  static double median(double[] sorted) {
    int m = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
  }

  private static void printRun(Map<String, Object> r, PrintStream out) {
    for (String figure : FIGURES) {
      if (r.containsKey(figure)) {
        out.printf("  %-26s %s%n", figure, format(r.get(figure)));
      }
    }
    out.println("  Kubernetes requests per resource (rollout, operator's identity):");
    @SuppressWarnings("unchecked")
    Map<String, Double> requests = (Map<String, Double>) r.get("kubernetesRequestsPerResource");
    requests.forEach((k, v) -> out.printf("    %-40s %.3f%n", k, v));
    out.println("  Kubernetes requests at rest: " + r.get("kubernetesRequestsAtRest"));
    out.println("  load average after: " + r.get("loadAverageAfter"));
    out.flush();
  }

  private static void printSummary(List<Map<String, Object>> runs, PrintStream out) {
    out.println();
    out.printf("%-26s %10s %10s %10s   (%d runs)%n", "figure", "median", "min", "max",
        runs.size());
    for (Map.Entry<String, Object> e : summary(runs).entrySet()) {
      @SuppressWarnings("unchecked")
      Map<String, Double> v = (Map<String, Double>) e.getValue();
      out.printf("%-26s %10s %10s %10s%n", e.getKey(), format(v.get("median")),
          format(v.get("min")), format(v.get("max")));
    }
  }

  private static String format(Object value) {
    if (value instanceof Double d) {
      return d >= 100 ? String.format("%.0f", d) : String.format("%.3f", d);
    }
    return String.valueOf(value);
  }
}
