/**
 * The controller. {@code PolarDBXDataSourceReconciler} is the JOSDK adapter (event sources in
 * {@code DataSourceEventSources}, caches and writes behind {@code CachedPorts}); {@code
 * DataSourceLifecycle} runs one resource through five steps: inputs ({@code Inputs}: {@code
 * SecretResolver} over {@code ReferencedSecrets}, {@code SpecValidator}, {@code NameClaims}), observe ({@code Observe}, to an
 * {@code Observation}), plan ({@code Planner} and {@code CleanupPlanner}, pure, to a sealed {@code
 * Plan}), execute ({@code Execute}, {@code CreateExecution}, one {@code FailurePath}) and record
 * ({@code StatusRecorder}, {@code TransitionEvents}). User-facing sentences are in {@code
 * Messages}; failure reasons and retries in {@code FailureTable}. May import {@code api}, {@code
 * client} and {@code config}; makes no HTTP call and parses no JSON itself.
 */
package io.datasource.oms.reconciler;
