package io.datasource.oms.api.crd;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.kubernetes.client.utils.YamlDumpSettingsBuilder;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Puts the printer columns of each generated CRD in the order of the kind's
 * {@code @AdditionalPrinterColumn} annotations. The Fabric8 generator sorts them by jsonPath,
 * which makes {@code kubectl get} show AGE first; users expect the state first and AGE last.
 * Columns the annotations do not declare (e.g. {@code @PrinterColumn} on a field) follow in the
 * generator's order. The file is rewritten with the generator's own serialization settings, so
 * that nothing but the column order changes and a second run changes nothing.
 */
public final class CrdPrinterColumns {

  /** The package whose custom resource classes have CRDs; this class lives next to it. */
  private static final String API_PACKAGE = "io.datasource.oms.api";

  /** What the generator writes: minimal quoting (the pom's {@code minimizeQuotes}). */
  private static final KubernetesSerialization YAML = new KubernetesSerialization(
      new ObjectMapper(), false, new YamlDumpSettingsBuilder().setMinimizeQuotes(true).build());

  private CrdPrinterColumns() {}

  /**
   * Reorders the CRDs in {@code args[1]} (the generator's output folder) of every custom resource
   * class under {@code args[0]} (the compiled classes).
   */
  public static void main(String[] args) throws IOException, ClassNotFoundException {
    if (args.length != 2) {
      throw new IllegalArgumentException("usage: CrdPrinterColumns <classes dir> <crd dir>");
    }
    Path classes = Path.of(args[0]);
    Path crds = Path.of(args[1]);
    for (Class<? extends CustomResource<?, ?>> kind : customResources(classes)) {
      Path file = crds.resolve(HasMetadata.getFullResourceName(kind) + "-v1.yml");
      if (!Files.exists(file)) {
        throw new IllegalStateException("no generated CRD " + file + " for " + kind.getName());
      }
      Files.writeString(file, reorder(Files.readString(file, StandardCharsets.UTF_8), kind),
          StandardCharsets.UTF_8);
    }
  }

  /** The CRD text with the columns of every version in {@code kind}'s declared order. */
  public static String reorder(String crdYaml, Class<?> kind) {
    CustomResourceDefinition crd = YAML.unmarshal(crdYaml, CustomResourceDefinition.class);
    List<String> declared = Arrays.stream(
            kind.getAnnotationsByType(AdditionalPrinterColumn.class))
        .map(AdditionalPrinterColumn::jsonPath).toList();
    for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
      if (version.getAdditionalPrinterColumns() != null) {
        List<CustomResourceColumnDefinition> columns =
            new ArrayList<>(version.getAdditionalPrinterColumns());
        // A stable sort: undeclared columns keep the generator's order behind the declared ones.
        columns.sort(Comparator.comparingInt(c -> rank(declared, c.getJsonPath())));
        version.setAdditionalPrinterColumns(columns);
      }
    }
    // The generator writes its comment line, then the YAML without the document marker.
    int firstLine = crdYaml.startsWith("#") ? crdYaml.indexOf('\n') + 1 : 0;
    String yaml = YAML.asYaml(crd);
    return crdYaml.substring(0, firstLine)
        + (yaml.startsWith("---\n") ? yaml.substring(4) : yaml);
  }

  private static int rank(List<String> declared, String jsonPath) {
    int index = declared.indexOf(jsonPath);
    return index < 0 ? declared.size() : index;
  }

  /** The concrete custom resource classes compiled under {@link #API_PACKAGE}. */
  @SuppressWarnings("unchecked")
  static List<Class<? extends CustomResource<?, ?>>> customResources(Path classes)
      throws IOException, ClassNotFoundException {
    Path root = classes.resolve(API_PACKAGE.replace('.', '/'));
    List<Class<? extends CustomResource<?, ?>>> found = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(root)) {
      files = walk.filter(f -> f.toString().endsWith(".class")).sorted().toList();
    }
    ClassLoader loader = CrdPrinterColumns.class.getClassLoader();
    for (Path file : files) {
      String name = classes.relativize(file).toString().replace(file.getFileSystem()
          .getSeparator(), ".").replaceAll("\\.class$", "");
      Class<?> type = Class.forName(name, false, loader);
      if (CustomResource.class.isAssignableFrom(type)
          && !Modifier.isAbstract(type.getModifiers())) {
        found.add((Class<? extends CustomResource<?, ?>>) type);
      }
    }
    return found;
  }
}
