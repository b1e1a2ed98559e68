package io.datasource.oms.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operator in a JVM of its own, so that the benchmark measures its CPU and memory alone: CPU
 * time from {@code /proc/<pid>/stat}, resident memory from {@code /proc/<pid>/status}, the heap
 * after a full GC and a class histogram through {@code jcmd}. Linux only.
 */
final class OperatorProcess implements AutoCloseable {

  /**
   * A heap space's line of {@code GC.heap_info}: G1 has one ("garbage-first heap total ...K, used
   * ...K"), Serial and Parallel one per generation ("def new generation", "tenured generation",
   * "PSYoungGen", "ParOldGen"); Metaspace's lines have no "total".
   */
  private static final Pattern HEAP_USED = Pattern.compile("total \\d+K, used (\\d+)K");

  private final Process process;
  private final URI readyz;
  private final long clockTicks;

  private OperatorProcess(Process process, URI readyz, long clockTicks) {
    this.process = process;
    this.readyz = readyz;
    this.clockTicks = clockTicks;
  }

  /**
   * Starts {@code java [jvmOptions] -jar jar} with this environment (added to none of the
   * benchmark's own, so nothing leaks in), its output into {@code log}.
   */
  static OperatorProcess start(Path jar, List<String> jvmOptions, Map<String, String> env,
      int healthPort, Path log) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-jar");
    command.add(jar.toAbsolutePath().toString());
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    builder.environment().clear();
    builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    builder.environment().putAll(env);
    try {
      return new OperatorProcess(builder.start(),
          URI.create("http://127.0.0.1:" + healthPort + "/readyz"), clockTicks());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the operator JVM", e);
    }
  }

  long pid() {
    return process.pid();
  }

  /** Polls {@code /readyz} until it answers 200; throws when the process dies or time is up. */
  void awaitReady(Duration timeout) throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the operator exited with code " + process.exitValue());
      }
      try {
        HttpResponse<Void> response = http.send(HttpRequest.newBuilder(readyz)
            .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(50); // a poll interval against another process, not a wait in a test
    }
    throw new IllegalStateException("the operator was not ready within " + timeout);
  }

  /** User plus system CPU time of the process so far, in milliseconds. */
  long cpuMillis() {
    String stat = read(Path.of("/proc", Long.toString(pid()), "stat"));
    // Fields after the command name, which is in parentheses and may contain spaces.
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    long utime = Long.parseLong(fields[11]);
    long stime = Long.parseLong(fields[12]);
    return (utime + stime) * 1000 / clockTicks;
  }

  /** Resident set size in KiB. */
  long rssKib() {
    for (String line : read(Path.of("/proc", Long.toString(pid()), "status")).split("\n")) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D", ""));
      }
    }
    throw new IllegalStateException("no VmRSS for pid " + pid());
  }

  /** Runs a full GC in the operator, then returns the heap in use, in KiB. */
  long heapAfterGcKib() {
    jcmd("GC.run");
    return heapUsedKib(jcmd("GC.heap_info"));
  }

  /** The heap in use in the output of {@code jcmd GC.heap_info}: the sum over its spaces, in KiB. */
  static long heapUsedKib(String heapInfo) {
    Matcher m = HEAP_USED.matcher(heapInfo);
    long used = 0;
    boolean found = false;
    while (m.find()) {
      used += Long.parseLong(m.group(1));
      found = true;
    }
    if (!found) {
      throw new IllegalStateException("cannot read the heap from: " + heapInfo.lines().findFirst()
          .orElse(""));
    }
    return used;
  }

  /** The first {@code lines} lines of the class histogram (after a full GC: live objects only). */
  String classHistogram(int lines) {
    return jcmd("GC.class_histogram").lines().limit(lines)
        .reduce("", (a, b) -> a + b + "\n");
  }

  private String jcmd(String what) {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    try {
      Process p = new ProcessBuilder(Files.isExecutable(jcmd) ? jcmd.toString() : "jcmd",
          Long.toString(pid()), what).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("jcmd " + what + " failed: " + out);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static long clockTicks() {
    try {
      Process p = new ProcessBuilder("getconf", "CLK_TCK").start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      p.waitFor(10, TimeUnit.SECONDS);
      return Long.parseLong(out);
    } catch (IOException | NumberFormatException e) {
      return 100; // the Linux default
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 100;
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** SIGTERM, then SIGKILL after ten seconds. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
