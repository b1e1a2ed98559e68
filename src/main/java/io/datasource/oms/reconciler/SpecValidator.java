package io.datasource.oms.reconciler;

import io.datasource.oms.api.v1alpha1.PolarDBXDataSource;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSourceSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The schema's limits, checked again in code: an API server without the CRD's validation (or an
 * object written before a schema change) must not reach OMS with a spec OMS would reject.
 */
final class SpecValidator {

  static final int NAME_MAX = 32;
  static final int DESCRIPTION_MAX = 128;

  /** Valid, or the list of problems (each names the field). */
  record Validation(List<String> problems) {
    Validation {
      problems = List.copyOf(problems);
    }

    boolean valid() {
      return problems.isEmpty();
    }

    String message() {
      return String.join("; ", problems) + ".";
    }
  }

  Validation validate(PolarDBXDataSource resource) {
    List<String> problems = new ArrayList<>();
    PolarDBXDataSourceSpec spec = resource.getSpec();
    if (spec == null) {
      return new Validation(List.of("spec is missing"));
    }
    String name = resource.effectiveOmsName();
    String source = spec.getName() == null || spec.getName().isEmpty()
        ? "metadata.name (used as spec.name)" : "spec.name";
    if (name == null || name.isEmpty()) {
      problems.add(source + " is empty");
    } else {
      if (name.length() > NAME_MAX) {
        problems.add(source + " is " + name.length() + " characters long; OMS allows at most "
            + NAME_MAX + ": set spec.name");
      }
      String odd = firstWhitespaceOrControl(name);
      if (odd != null) {
        problems.add(source + " contains " + odd);
      }
    }
    if (isBlank(spec.getRegion())) {
      problems.add("spec.region is required");
    }
    if (isBlank(spec.getIntranetAddr())) {
      problems.add("spec.intranetAddr is required");
    }
    if (spec.getDescription() != null && spec.getDescription().length() > DESCRIPTION_MAX) {
      problems.add("spec.description is " + spec.getDescription().length()
          + " characters long; at most " + DESCRIPTION_MAX + " are allowed");
    }
    if (spec.getCredentialsSecretRef() == null || isBlank(spec.getCredentialsSecretRef().getName())) {
      problems.add("spec.credentialsSecretRef.name is required");
    }
    if (spec.getAccessKeySecretRef() == null || isBlank(spec.getAccessKeySecretRef().getName())) {
      problems.add("spec.accessKeySecretRef.name is required");
    }
    return new Validation(problems);
  }

  /**
   * The first whitespace or control character of {@code name}, described, or null. The CRD's
   * pattern {@code ^\\S+$} (RE2, like Java's default) only knows ASCII whitespace: a no-break or
   * ideographic space, or a control character, would otherwise reach OMS in a name that looks
   * like another.
   */
  static String firstWhitespaceOrControl(String name) {
    for (int i = 0; i < name.length(); ) {
      int cp = name.codePointAt(i);
      if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
        return String.format("whitespace (U+%04X)", cp);
      }
      if (Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT) {
        return String.format("an invisible or control character (U+%04X)", cp);
      }
      i += Character.charCount(cp);
    }
    return null;
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
