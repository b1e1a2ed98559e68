package io.datasource.oms.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;

/** The jlink'd JRE of the image holds every JDK module the Kubernetes transport (OkHttp) needs. */
class ImageModulesTest {

  @Test
  void theImagesModulesCoverWhatTheOkHttpTransportNeeds() throws Exception {
    Set<String> image = imageModules();
    Set<String> needed = new LinkedHashSet<>();
    for (Class<?> c : List.of(okhttp3.OkHttpClient.class, okio.Buffer.class, kotlin.Unit.class,
        io.fabric8.kubernetes.client.okhttp.OkHttpClientFactory.class)) {
      needed.addAll(moduleDeps(Path.of(c.getProtectionDomain().getCodeSource().getLocation()
          .toURI())));
    }
    assertThat(needed).as("jdeps of the transport's jars").contains("java.base", "java.logging");
    assertThat(image).as("deploy/image/prepare-rootfs.sh").containsAll(needed);
  }

  private static Set<String> imageModules() throws Exception {
    String script = Files.readString(Path.of("deploy/image/prepare-rootfs.sh"));
    Matcher m = Pattern.compile("modules=\"([^\"]+)\"", Pattern.DOTALL).matcher(script);
    assertThat(m.find()).as("a modules=\"...\" line").isTrue();
    Set<String> modules = new LinkedHashSet<>();
    for (String s : m.group(1).replace("\\\n", "").split(",")) {
      modules.add(s.trim());
    }
    return modules;
  }

  private static Set<String> moduleDeps(Path jar) {
    ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
    StringWriter out = new StringWriter();
    int code = jdeps.run(new PrintWriter(out), new PrintWriter(new StringWriter()),
        "--multi-release", "17", "--print-module-deps", "--ignore-missing-deps", jar.toString());
    assertThat(code).as("jdeps %s", jar).isZero();
    Set<String> modules = new LinkedHashSet<>();
    Arrays.stream(out.toString().trim().split(",")).map(String::trim)
        .filter(s -> !s.isEmpty()).forEach(modules::add);
    return modules;
  }
}
