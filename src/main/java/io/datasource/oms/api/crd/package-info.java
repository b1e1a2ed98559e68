/**
 * Build-time touches to the CRDs that the Fabric8 generator writes from {@code api.v1alpha1}:
 * run by the pom at {@code process-classes}, right after the generator, so that the classpath
 * resource, {@code deploy/crds/} and the chart's copy are all the finished file. Imports only the
 * Fabric8 model and its serialization, like the model itself.
 */
package io.datasource.oms.api.crd;
