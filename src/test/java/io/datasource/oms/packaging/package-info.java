/**
 * Tests of the installation artefacts: the Helm chart (rendered by real Helm through helm-java),
 * the kubectl manifests rendered from it, the Argo CD health check, the RBAC rules checked by a
 * real API server against the calls the operator makes, and the chart installed, upgraded and
 * uninstalled on a real API server. May use any production package; nothing depends on it.
 */
package io.datasource.oms.packaging;
