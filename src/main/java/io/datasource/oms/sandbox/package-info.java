/**
 * The sandbox: a real Kubernetes API server on loopback (etcd and kube-apiserver, started by
 * Fabric8 kube-api-test; the Fabric8 CRUD mock only where no binaries can be had) and the OMS
 * simulator, with the operator running against them, so that the operator can be tried with no
 * cluster. Used by {@code OperatorMain sandbox}; {@link io.datasource.oms.sandbox.RealKubernetes}
 * also serves the integration tests. {@link io.datasource.oms.sandbox.BenchCommand} ({@code
 * OperatorMain bench}) reuses the same servers, with an audit log, for the rollout benchmark, and
 * runs the operator in a JVM of its own.
 *
 * <p>May import every other package of the project.
 */
package io.datasource.oms.sandbox;
