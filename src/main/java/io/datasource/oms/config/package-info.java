/**
 * The operator's configuration: one table of environment variables ({@code Variables}: name,
 * parser, default, secrecy, documentation) and the immutable record, grouped by concern, that is
 * parsed and validated from it at start-up, so that a bad value stops the process before anything
 * connects anywhere.
 *
 * <p>Imports only the JDK and the value types it hands on ({@code client.OmsSettings},
 * {@code api.v1alpha1.DeletionPolicy}); never {@code reconciler} or {@code runtime} (which turns
 * the configuration into the reconciler's options), no Kubernetes client or Java Operator SDK
 * type.
 */
package io.datasource.oms.config;
