package io.datasource.oms.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * The two image builds (the Dockerfile and the pom's Jib profile) agree with each other and with
 * the chart: same jar and main class, the chart's UID, the chart's ports, the chart's image.
 * (Building the images needs a container engine or the network-free Jib run, which CI does not
 * do on every build; the README shows both.)
 */
class ImageTest {

  static Document pom;
  static XPath xpath = XPathFactory.newInstance().newXPath();
  static String dockerfile;
  static Chart.Rendered chart;

  @BeforeAll
  static void read() throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    pom = factory.newDocumentBuilder().parse(Paths.get("pom.xml").toFile());
    dockerfile = Files.readString(Paths.get("Dockerfile"));
    chart = Chart.withDefaults().render();
  }

  @Test
  void jibBuildsTheImageTheChartDeploysAsTheChartsUser() throws Exception {
    String jib = "/project/profiles/profile[id='image']/build/plugins/plugin"
        + "[artifactId='jib-maven-plugin']/configuration";

    assertThat(text(jib + "/to/image")).isEqualTo("${image.repository}:${image.tag}");
    assertThat(container().getImage()).isEqualTo(PomImage.read().reference());
    assertThat(text(jib + "/from/image")).as("offline: no base image to pull").isEqualTo("scratch");
    assertThat(text(jib + "/container/user")).isEqualTo(chartUser());
    assertThat(texts(jib + "/container/entrypoint/arg")).contains(mainClass());
    assertThat(texts(jib + "/container/ports/port")).containsExactlyInAnyOrderElementsOf(chartPorts());
    assertThat(Paths.get("deploy", "image", "prepare-rootfs.sh")).exists();
  }

  @Test
  void dockerfileRunsTheShadedJarAsTheChartsUser() throws Exception {
    String jar = "target/" + text("/project/build/finalName")
        .replace("${project.artifactId}", text("/project/artifactId")) + ".jar";

    assertThat(dockerfile).containsPattern("(?m)^COPY .*" + Pattern.quote(jar) + " ");
    assertThat(single("(?m)^USER (\\S+)$")).isEqualTo(chartUser());
    assertThat(List.of(single("(?m)^EXPOSE (.+)$").split("\\s+")))
        .containsExactlyInAnyOrderElementsOf(chartPorts());
    assertThat(Files.readString(Paths.get(".dockerignore"))).contains("!" + jar);
  }

  @Test
  void shadedJarAndJibImageStartTheSameMainClass() throws Exception {
    assertThat(mainClass()).isEqualTo("io.datasource.oms.OperatorMain");
    assertThat(Path.of("src/main/java/" + mainClass().replace('.', '/') + ".java")).exists();
  }

  private static String chartUser() {
    PodSecurityContext pod = chart.deployment().getSpec().getTemplate().getSpec()
        .getSecurityContext();
    return pod.getRunAsUser() + ":" + pod.getRunAsGroup();
  }

  private static List<String> chartPorts() {
    return container().getPorts().stream().map(ContainerPort::getContainerPort)
        .map(String::valueOf).toList();
  }

  private static Container container() {
    return chart.deployment().getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  private static String mainClass() throws Exception {
    return text("//plugin[artifactId='maven-shade-plugin']//transformer/mainClass");
  }

  private static String single(String regex) {
    Matcher m = Pattern.compile(regex).matcher(dockerfile);
    assertThat(m.find()).as("Dockerfile matches %s", regex).isTrue();
    String value = m.group(1).trim();
    assertThat(m.find()).as("Dockerfile has one %s", regex).isFalse();
    return value;
  }

  private static String text(String path) throws Exception {
    String value = (String) xpath.evaluate(path, pom, XPathConstants.STRING);
    assertThat(value).as("pom.xml %s", path).isNotBlank();
    return value.trim();
  }

  private static List<String> texts(String path) throws Exception {
    NodeList nodes = (NodeList) xpath.evaluate(path, pom, XPathConstants.NODESET);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      out.add(nodes.item(i).getTextContent().trim());
    }
    return out;
  }
}
