package io.datasource.oms.runtime;

import io.datasource.oms.reconciler.ReconcileObserver;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The gauge {@code pxds_resources{ready,reason}}: how many resources this process last saw in each
 * Ready status and reason, fed by the reconciler's outcomes. A (ready, reason) pair, once seen,
 * stays exported (at 0 when empty) so that alerts on it do not flap into "no data".
 *
 * <p>The log line per reconcile outcome is the reconciler's; this class only counts.
 */
public final class ReadyGauge implements ReconcileObserver {

  static final String NAME = "pxds.resources";

  private record State(String ready, String reason) {}

  private final MeterRegistry registry;
  private final Map<String, State> byResource = new ConcurrentHashMap<>();
  private final Set<State> registered = ConcurrentHashMap.newKeySet();

  public ReadyGauge(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  @Override
  public void outcome(String namespace, String name, String readyStatus, String reason,
      String omsRequestId) {
    State state = new State(readyStatus == null ? "Unknown" : readyStatus,
        reason == null ? "" : reason);
    if (registered.add(state)) {
      Gauge.builder(NAME, this, g -> g.count(state))
          .description("PolarDBXDataSource resources by Ready condition status and reason")
          .tag("ready", state.ready())
          .tag("reason", state.reason())
          .register(registry);
    }
    byResource.put(namespace + "/" + name, state);
  }

  @Override
  public void forgotten(String namespace, String name) {
    byResource.remove(namespace + "/" + name);
  }

  private double count(State state) {
    return byResource.values().stream().filter(state::equals).count();
  }
}
