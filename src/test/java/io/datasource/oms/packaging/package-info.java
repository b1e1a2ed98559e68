/**
 * Tests of the installation artefacts: the Helm chart (rendered by real Helm through helm-java),
 * the kubectl manifests rendered from it, the Argo CD health check, and the RBAC rules derived
 * from the API calls the operator makes. May use any production package; nothing depends on it.
 */
package io.datasource.oms.packaging;
