package io.datasource.oms.testing;

import io.datasource.oms.sandbox.RealKubernetes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The machine's {@code kubectl}, pointed at one API server by a kubeconfig file. Where there is no
 * kubectl, a test that runs it fails (it does not skip).
 */
public record Kubectl(Path kubeconfig, Path cacheDir) {

  /**
   * kubectl as the admin of this server: writes the server's admin kubeconfig into {@code dir}
   * (the tests' one place that writes one), with a cache folder beside it.
   */
  public static Kubectl admin(RealKubernetes server, Path dir) {
    try {
      Path kubeconfig = Files.createDirectories(dir).resolve("kubeconfig");
      server.writeKubeconfig(kubeconfig, null);
      return new Kubectl(kubeconfig, Files.createDirectories(dir.resolve("cache")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What one command printed (stdout and stderr together) and its exit code. */
  public record Result(int exitCode, String output) {

    public List<String> lines() {
      return output.lines().filter(l -> !l.isBlank()).toList();
    }
  }

  public Result run(String... args) {
    List<String> command = new ArrayList<>(List.of("kubectl", "--kubeconfig",
        kubeconfig.toString(), "--cache-dir", cacheDir.toString()));
    command.addAll(List.of(args));
    try {
      // Output to a file, not a pipe: a full pipe would stall kubectl until the timeout.
      Path out = Files.createTempFile(cacheDir.getParent(), "kubectl", ".out");
      Process process;
      try {
        process = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(out.toFile()).start();
      } catch (IOException e) {
        throw new AssertionError("this test runs the machine's kubectl, and there is none on the"
            + " PATH (" + e.getMessage() + "): install kubectl (CI machines have it)", e);
      }
      process.getOutputStream().close();
      // A loaded machine: kubectl's own discovery can take seconds; one minute is a hang.
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("kubectl " + String.join(" ", args) + " hung for a minute");
      }
      String output = Files.readString(out, StandardCharsets.UTF_8);
      Files.delete(out);
      return new Result(process.exitValue(), output);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run kubectl", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
