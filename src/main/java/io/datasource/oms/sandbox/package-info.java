/**
 * The sandbox: an embedded Kubernetes API (the Fabric8 CRUD mock server on loopback) and the OMS
 * simulator, with the operator running against them, so that the operator can be tried with no
 * cluster. Used by {@code OperatorMain sandbox} and by the integration tests.
 *
 * <p>May import every other package of the project.
 */
package io.datasource.oms.sandbox;
