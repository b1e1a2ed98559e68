package io.datasource.oms;

import io.datasource.oms.config.ConfigException;
import io.datasource.oms.config.LogFormat;
import io.datasource.oms.config.OperatorConfig;
import io.datasource.oms.config.Variables;
import io.datasource.oms.client.HttpOmsClient;
import io.datasource.oms.runtime.Logging;
import io.datasource.oms.runtime.OperatorRuntime;
import io.datasource.oms.sandbox.BenchCommand;
import io.datasource.oms.sandbox.SandboxCommand;
import io.datasource.oms.simulator.OmsSimulatorMain;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.okhttp.OkHttpClientFactory;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point, wiring only. Subcommands: none runs the operator against the cluster of the
 * current kubeconfig (or the in-cluster configuration); {@code sandbox} runs it on a local
 * Kubernetes API server (kube-api-test) and OMS simulator; {@code simulator} runs the OMS
 * simulator alone.
 */
public final class OperatorMain {

  private static final int STOPPED_BY_SIGNAL = -1;

  private OperatorMain() {}

  public static void main(String[] args) throws Exception {
    String command = args.length == 0 ? "" : args[0];
    String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
    switch (command) {
      case "":
        System.exit(runOperator(System.getenv()));
        break;
      case "sandbox":
        int code = runSandbox(rest, System.getenv());
        if (code != STOPPED_BY_SIGNAL) {
          System.exit(code);
        }
        // Else the JVM is already exiting (System.exit would wait for the hook that waits for us).
        break;
      case "bench":
        Logging.configure(LogFormat.TEXT, "WARN");
        System.exit(BenchCommand.run(rest, System.getenv(), System.out, System.err));
        break;
      case "simulator":
        OmsSimulatorMain.main(rest);
        break;
      default:
        System.err.println("unknown command " + command);
        System.err.println("usage: java -jar oms-datasource-operator.jar [sandbox [options] | bench"
            + " [options] | simulator [options]]");
        System.exit(2);
    }
  }

  /** Runs the operator until SIGTERM; returns the exit code. */
  static int runOperator(Map<String, String> env) throws InterruptedException {
    OperatorConfig config;
    try {
      config = OperatorConfig.fromEnvironment(env);
    } catch (ConfigException e) {
      System.err.println("configuration error: " + e.getMessage());
      return 2;
    }
    Logging.configure(config.logging().format(), config.logging().level());
    Logger log = LoggerFactory.getLogger(OperatorMain.class);
    log.info("starting with {}", config);

    KubernetesClient client = kubernetesClient(new KubernetesClientBuilder());
    OperatorRuntime runtime;
    try {
      runtime = OperatorRuntime.start(config, client, new HttpOmsClient(config.toOmsSettings()),
          InetAddress.getByName("0.0.0.0"), OperatorMain::exitAfterLostLeadership);
    } catch (Exception e) {
      log.error("start-up failed: {}", e.toString());
      client.close();
      return 1;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      runtime.stop();
      client.close();
    }, "operator-shutdown"));
    runtime.awaitStop();
    return 0;
  }

  /**
   * The operator's Kubernetes client on OkHttp, the transport chosen by measurement
   * (docs/BENCHMARKS.md): the pom keeps it the only one on the class path, and naming it here keeps
   * the choice independent of the class path. The configuration's connect and request timeouts
   * apply to every call but watches ({@code KubernetesTransportTest}).
   */
  static KubernetesClient kubernetesClient(KubernetesClientBuilder builder) {
    return builder.withHttpClientFactory(new OkHttpClientFactory()).build();
  }

  /** A replica that lost its lease must not go on reconciling: exit, the shutdown hook cleans up. */
  private static void exitAfterLostLeadership() {
    // Not on the caller's thread: System.exit waits for the shutdown hook, which stops the
    // operator, which waits for the leader-election thread that is calling us.
    Thread exit = new Thread(() -> System.exit(1), "exit-after-lost-leadership");
    exit.start();
  }

  /**
   * Runs the sandbox command in this thread; Ctrl+C interrupts it so that it cleans up. Returns
   * the exit code, or {@link #STOPPED_BY_SIGNAL} when the JVM is exiting already.
   */
  static int runSandbox(String[] args, Map<String, String> env) {
    // Quiet by default: the table is the point. LOG_LEVEL=INFO shows the operator's own lines.
    String level = env.getOrDefault(Variables.LOG_LEVEL.name(), "WARN").toUpperCase(Locale.ROOT);
    Logging.configure(
        "json".equalsIgnoreCase(env.get(Variables.LOG_FORMAT.name())) ? LogFormat.JSON : LogFormat.TEXT,
        level.matches("TRACE|DEBUG|INFO|WARN|ERROR|OFF") ? level : "WARN");
    Thread main = Thread.currentThread();
    AtomicBoolean signalled = new AtomicBoolean();
    Thread hook = new Thread(() -> {
      signalled.set(true);
      main.interrupt();
      try {
        main.join(15_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "sandbox-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    int code = SandboxCommand.run(args, env, System.out, System.err);
    if (signalled.get()) {
      return STOPPED_BY_SIGNAL;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      return STOPPED_BY_SIGNAL;
    }
    return code;
  }
}
