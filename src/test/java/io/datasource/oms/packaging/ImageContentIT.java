package io.datasource.oms.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasource.oms.sandbox.Sandbox;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the production image carries: the shaded jar that {@code package} built (the Dockerfile
 * copies it) holds the project's runtime class path, the same artifacts that the Jib profile puts
 * in its image. Neither may carry the sandbox's CRUD mock API server (a provided dependency, on
 * the class path of the source tree's sandbox command only) nor a test library. An IT, so that it
 * runs after {@code package} (failsafe, integration-test phase).
 */
class ImageContentIT {

  static final Path JAR = Path.of("target", "oms-datasource-operator.jar");

  /** Package prefixes of the mock server and what only it needs, and of the test libraries. */
  static final List<String> FORBIDDEN = List.of(
      "io/fabric8/kubernetes/client/server/mock/", "io/fabric8/mockwebserver/", "io/vertx/",
      "io/netty/",
      "org/junit/", "org/assertj/", "org/awaitility/", "io/fabric8/junit/",
      "com/tngtech/archunit/", "dev/cel/", "com/marcnuri/helm/", "org/luaj/");

  @Test
  void theJarCarriesTheOperatorAndNeitherTheMockServerNorTestLibraries() throws Exception {
    assertThat(JAR).as("built by mvn package (run the ITs with mvn verify)").exists();
    try (JarFile jar = new JarFile(JAR.toFile())) {
      List<String> entries = jar.stream().map(ZipEntry::getName).toList();
      assertThat(entries).as("the operator and its runtime").contains(
          "io/datasource/oms/OperatorMain.class",
          "io/javaoperatorsdk/operator/Operator.class",
          "io/fabric8/kubernetes/client/okhttp/OkHttpClientFactory.class");
      for (String prefix : FORBIDDEN) {
        assertThat(entries).as("nothing under %s in %s", prefix, JAR)
            .noneMatch(e -> e.startsWith(prefix));
      }
      // One Kubernetes HTTP transport, the measured one: JOSDK would bring the JDK client's and
      // Fabric8 Vert.x's, and with several Fabric8 picks one at random where none is named.
      assertThat(entries).as("HTTP client factories of Fabric8 in %s", JAR)
          .filteredOn(e -> e.startsWith("io/fabric8/kubernetes/client/")
              && e.endsWith("HttpClientFactory.class") && !e.contains("$"))
          .containsExactly("io/fabric8/kubernetes/client/okhttp/OkHttpClientFactory.class");
      // The sandbox's fallback class itself is there; without the mock it says what to do.
      assertThat(entries).contains("io/datasource/oms/sandbox/EmbeddedKubernetes.class");
    }
    assertThat(Files.size(JAR)).isPositive();
  }

  @Test
  void fromTheJarWithoutBinariesTheSandboxNamesTheCommandThatHasTheMock(@TempDir Path dir)
      throws Exception {
    // The jar's class path (no mock) plus this probe, in a JVM of its own.
    Files.createDirectories(dir.resolve("no-binaries"));
    Path out = dir.resolve("probe.out");
    Process probe = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-cp", JAR + File.pathSeparator + Path.of("target", "test-classes"),
        JarProbe.class.getName(), dir.toString())
        .redirectErrorStream(true).redirectOutput(out.toFile()).start();
    assertThat(probe.waitFor(90, TimeUnit.SECONDS)).as("the probe finished").isTrue();
    String output = Files.readString(out, StandardCharsets.UTF_8);

    assertThat(output).as(output).contains("NO REAL KUBERNETES API",
        "no Fabric8 CRUD mock server to fall back to",
        "mvn -B -q compile exec:java -Dexec.args=sandbox");
    assertThat(probe.exitValue()).as(output).isZero();
  }

  /** Starts the sandbox offline with an empty binaries folder; prints why it could not. */
  public static final class JarProbe {
    public static void main(String[] args) {
      Path dir = Path.of(args[0]);
      try (Sandbox sandbox = Sandbox.start(new Sandbox.Options(dir.resolve("files"),
          Path.of("none"), false, Map.of(), Duration.ofMinutes(1),
          dir.resolve("no-binaries"), true))) {
        System.out.println("the sandbox started: " + sandbox.kubernetes().url());
        System.exit(3);
      } catch (Sandbox.NoKubernetesApi e) {
        System.out.println(e.getMessage());
      }
      System.exit(0);
    }
  }
}
