package io.datasource.oms.api;

/**
 * The oldest Kubernetes the project supports, in one place for the tests: CrdOnEveryVersionIT
 * always starts it, CrdFloorTest checks every CRD against it, and SupportedVersionsTest holds the
 * README and the chart's {@code kubeVersion} to it.
 */
final class KubernetesFloor {

  static final int MAJOR = 1;
  static final int MINOR = 26;
  /** As the README writes it: {@code 1.26}. */
  static final String VERSION = MAJOR + "." + MINOR;

  private KubernetesFloor() {}

  /** The kube-api-test version pattern of the floor ({@code 1.26.*}; a bare 1.26 is no pattern). */
  static String pattern() {
    return VERSION + ".*";
  }

  /** Whether a version such as {@code 1.26.0} or {@code 1.26.*} is of the floor's minor. */
  static boolean isFloor(String version) {
    return version.startsWith(VERSION + ".");
  }
}
