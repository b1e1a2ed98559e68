package io.datasource.oms.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasource.oms.sandbox.ApiCall;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The chart's RBAC with {@code connections.enabled=true}, checked as {@link RbacIT} checks the
 * default: the operator runs as the chart's service account with exactly the rendered rules, goes
 * through RbacRun's scenario plus an OmsConnection's life (its Secret in the operator's namespace,
 * an allow-list by namespace label, deletion while in use), and the audit log is compared with
 * the two ClusterRoles.
 */
class RbacConnectionsIT {

  /**
   * Granted and not necessarily called: JOSDK reads an OmsConnection again after a 409 on its
   * finalizer patch (as for polardbxdatasources, which RbacIT provokes), and the scenario does not
   * provoke that conflict for a connection.
   */
  static final ApiCall.Permission REREAD_AFTER_CONFLICT =
      new ApiCall.Permission("oms.datasource.io", "omsconnections", "get");

  static RbacRun run;
  static RbacRun.Recording recording;

  @BeforeAll
  static void record() {
    run = new RbacRun(Chart.withDefaults().set("connections.enabled", true));
    recording = run.run("payments", null);
  }

  @AfterAll
  static void stop() {
    if (run != null) {
      run.close();
    }
  }

  @Test
  void theServerRefusedTheOperatorNothing() {
    assertThat(recording.config().connections().enabled()).isTrue();
    assertThat(recording.entries()).isNotEmpty()
        .allSatisfy(e -> assertThat(e.code()).as("%s %s", e.verb(), e.uri()).isNotIn(401, 403));
  }

  @Test
  void theClusterRolesGrantExactlyWhatTheOperatorCalls() {
    List<ClusterRole> roles = recording.chart().ofKind("ClusterRole").stream()
        .map(ClusterRole.class::cast).toList();
    assertThat(roles).extracting(r -> r.getMetadata().getName())
        .anyMatch(n -> n.endsWith("-connections"));
    TreeSet<ApiCall.Permission> granted = new TreeSet<>();
    roles.forEach(r -> granted.addAll(RbacIT.permissions(r.getRules())));

    Set<ApiCall.Permission> used = recording.calls().stream()
        .filter(c -> !(c.group().equals("coordination.k8s.io") && c.resource().equals("leases")))
        .map(ApiCall::permission)
        .filter(p -> !RbacIT.GRANTED_TO_EVERYONE.contains(p))
        .collect(Collectors.toCollection(TreeSet::new));

    assertThat(used).extracting(ApiCall.Permission::toString).contains(
        "oms.datasource.io omsconnections watch",
        "oms.datasource.io omsconnections patch",
        "oms.datasource.io omsconnections/status update",
        "core secrets get",
        "core namespaces get");
    TreeSet<ApiCall.Permission> expected = new TreeSet<>(used);
    expected.add(REREAD_AFTER_CONFLICT);
    assertThat(granted).as("ClusterRole rules vs. the operator's audited calls")
        .containsExactlyElementsOf(expected);
  }
}
