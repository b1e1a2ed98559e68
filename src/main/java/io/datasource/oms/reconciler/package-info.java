/**
 * The controller: observe (referenced Secrets through {@code ReferencedSecrets}, name claims from
 * the informer cache, OMS by name), decide, act, write status. {@code PolarDBXDataSourceReconciler} is the JOSDK adapter; {@code
 * DataSourceLifecycle} holds the decisions and reaches Kubernetes only through {@code Ports}.
 * May import {@code api}, {@code oms} and {@code config}; makes no HTTP call and parses no JSON
 * itself.
 */
package io.datasource.oms.reconciler;
