/**
 * The {@code oms.datasource.io/v1alpha1} model: data only. The CRD in {@code deploy/crds/} is
 * generated from these classes at build time. Imports only the Fabric8 model, the CRD generator
 * annotations and Jackson.
 */
package io.datasource.oms.api.v1alpha1;
