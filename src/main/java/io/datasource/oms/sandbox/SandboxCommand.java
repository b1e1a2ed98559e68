package io.datasource.oms.sandbox;

import io.datasource.oms.config.Durations;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code sandbox [--exit-after-table|--once] [--servers-only] [--dir PATH] [--examples PATH]
 * [--timeout DURATION]}: starts the sandbox, prints the table of resources once every one has
 * settled, then keeps serving until interrupted (or exits, with the flag).
 */
public final class SandboxCommand {

  static final String USAGE = "usage: sandbox [--exit-after-table|--once] [--servers-only]"
      + " [--dir PATH (default target/sandbox)] [--examples PATH (default examples)]"
      + " [--timeout DURATION (default 3m)]";

  private SandboxCommand() {}

  /**
   * Runs the command in the calling thread; returns the exit code. Interrupting the thread stops
   * the sandbox and returns 0.
   */
  public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    boolean exitAfterTable = false;
    boolean serversOnly = false;
    Path dir = Path.of("target", "sandbox");
    Path examples = Path.of("examples");
    Duration timeout = Duration.ofMinutes(3);
    try {
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--exit-after-table":
          case "--once":
            exitAfterTable = true;
            break;
          case "--servers-only":
            serversOnly = true;
            break;
          case "--dir":
            dir = Path.of(value(args, ++i, "--dir"));
            break;
          case "--examples":
            examples = Path.of(value(args, ++i, "--examples"));
            break;
          case "--timeout":
            timeout = Durations.parse(value(args, ++i, "--timeout"));
            break;
          default:
            throw new IllegalArgumentException("unknown option " + args[i]);
        }
      }
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      err.println(USAGE);
      return 2;
    }

    // Nothing before the API server's line: where the sandbox falls back to the mock, the first
    // line says so (and that kubectl will not work).
    boolean withOperator = !serversOnly;
    try (Sandbox sandbox = Sandbox.start(
        new Sandbox.Options(dir, examples, serversOnly, env, timeout), line -> {
          out.println(line);
          out.println(withOperator
              ? "Starting the OMS simulator and the operator, applying the examples ..."
              : "Starting the OMS simulator (not the operator), applying the examples ...");
          out.flush();
        })) {
      int code = 0;
      if (!serversOnly) {
        out.printf("Applied %d PolarDBXDataSource resources; waiting for their Ready conditions"
            + " ...%n", sandbox.expectedResources());
        boolean settled = sandbox.awaitSettled(timeout);
        if (!settled) {
          err.println("Not every resource has a settled Ready condition after "
              + Durations.format(timeout) + "; the table shows where they are.");
          code = 1;
        }
        out.println();
        sandbox.printTable(out);
        out.println();
        out.printf("Table after %.1f s.%n", sandbox.elapsedSeconds());
      }
      sandbox.printConnectionInfo(out);
      if (exitAfterTable) {
        return code;
      }
      out.println("Serving until interrupted (Ctrl+C).");
      out.flush();
      new CountDownLatch(1).await();
      return code;
    } catch (Sandbox.NoKubernetesApi e) {
      err.println(e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
  }

  private static String value(String[] args, int i, String flag) {
    if (i >= args.length) {
      throw new IllegalArgumentException("missing value after " + flag);
    }
    return args[i];
  }
}
