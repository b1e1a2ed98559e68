/**
 * The running program around the reconciler: OMS client decorators (rate limit, metrics), the Ready
 * gauge, the HTTP endpoints for probes and metrics, logging set-up, and the wiring of one operator
 * process with leader election and graceful shutdown.
 *
 * <p>May import every other package of the project; nothing imports it except
 * {@code OperatorMain} and the sandbox.
 */
package io.datasource.oms.runtime;
