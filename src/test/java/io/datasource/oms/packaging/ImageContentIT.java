package io.datasource.oms.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

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
          "io/fabric8/kubernetes/client/jdkhttp/JdkHttpClientFactory.class");
      for (String prefix : FORBIDDEN) {
        assertThat(entries).as("nothing under %s in %s", prefix, JAR)
            .noneMatch(e -> e.startsWith(prefix));
      }
      // The sandbox's fallback class itself is there; without the mock it says what to do.
      assertThat(entries).contains("io/datasource/oms/sandbox/EmbeddedKubernetes.class");
    }
    assertThat(Files.size(JAR)).isPositive();
  }
}
