/**
 * The operator's configuration: one immutable record parsed and validated from the environment at
 * start-up, so that a bad value stops the process before anything connects anywhere.
 *
 * <p>Imports only the JDK and the value types it hands on ({@code oms.OmsSettings},
 * {@code reconciler.ReconcilerOptions}, {@code api.v1alpha1.DeletionPolicy}); no Kubernetes client
 * or Java Operator SDK type.
 */
package io.datasource.oms.config;
