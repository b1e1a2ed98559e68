package io.datasource.oms.packaging;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** The image reference the pom's {@code image} profile produces, read from pom.xml. */
record PomImage(String repository, String tag) {

  static PomImage read() {
    Element project = project();
    String version = child(project, "version");
    Element properties = (Element) project.getElementsByTagName("properties").item(0);
    String repository = child(properties, "image.repository");
    String tag = child(properties, "image.tag").replace("${project.version}", version);
    return new PomImage(repository, tag);
  }

  /** The pom's {@code project.version}: the one version of the operator, image and chart. */
  static String projectVersion() {
    return child(project(), "version");
  }

  /** The pom's {@code image.tag} property as written (not resolved). */
  static String tagProperty() {
    Element properties = (Element) project().getElementsByTagName("properties").item(0);
    return child(properties, "image.tag");
  }

  private static Element project() {
    try {
      Path pom = Paths.get("pom.xml");
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      Document doc = factory.newDocumentBuilder().parse(Files.newInputStream(pom));
      return doc.getDocumentElement();
    } catch (Exception e) {
      throw new IllegalStateException("cannot read pom.xml", e);
    }
  }

  private static String child(Element parent, String name) {
    for (var n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(name)) {
        return e.getTextContent().trim();
      }
    }
    throw new IllegalStateException("pom.xml has no <" + name + ">");
  }

  String reference() {
    return repository + ":" + tag;
  }
}
