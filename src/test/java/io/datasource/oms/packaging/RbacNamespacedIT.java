package io.datasource.oms.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasource.oms.api.v1alpha1.PolarDBXDataSource;
import io.datasource.oms.sandbox.ApiCall;
import io.fabric8.kubernetes.api.model.rbac.Role;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * With a list of namespaces the chart grants Roles only, no ClusterRole: the operator must then
 * make no call outside those namespaces and the Lease's. Recorded as in {@link RbacIT}, with a
 * resource in an unwatched namespace that the operator must leave alone. The operator is
 * configured by the environment the chart renders for that list, and the API server holds no
 * other rules for it: a call outside those namespaces would be refused (and fail the run).
 */
class RbacNamespacedIT {

  static final String WATCHED = "team-a";
  static final String UNWATCHED = "team-b";

  static RbacRun run;
  static RbacRun.Recording recording;
  static List<ApiCall> calls;

  @BeforeAll
  static void record() {
    run = new RbacRun(Chart.withDefaults()
        .setList("watchNamespaces", List.of(WATCHED)).set("replicas", 2));
    recording = run.run(WATCHED, UNWATCHED);
    calls = recording.calls();
  }

  @AfterAll
  static void stop() {
    if (run != null) {
      run.close();
    }
  }

  @Test
  void runWatchedOnlyTheChartsNamespaces() {
    assertThat(recording.config().reconcile().watchNamespaces()).containsExactly(WATCHED);
  }

  @Test
  void theServerRefusedTheOperatorNothing() {
    assertThat(recording.entries()).isNotEmpty()
        .allSatisfy(e -> assertThat(e.code()).as("%s %s", e.verb(), e.uri()).isNotIn(401, 403));
  }

  @Test
  void theUnwatchedResourceWasLeftAlone() {
    assertThat(run.kube.admin().resources(PolarDBXDataSource.class)
        .inNamespace(UNWATCHED).withName("elsewhere").get().getStatus()).isNull();
  }

  @Test
  void everyCallStaysInTheWatchedNamespaceOrTheLeases() {
    assertThat(calls).isNotEmpty().allSatisfy(c -> {
      if (c.namespace() == null) {
        assertThat(RbacIT.GRANTED_TO_EVERYONE).as("cluster-scoped call %s", c)
            .contains(c.permission());
      } else {
        assertThat(c.namespace()).as("%s", c)
            .isIn(WATCHED, recording.config().leaderElection().namespace());
      }
    });
  }

  @Test
  void roleInTheWatchedNamespaceGrantsExactlyTheCallsMadeThere() {
    Chart.Rendered rendered = recording.chart();
    Role role = rendered.ofKind("Role").stream().map(Role.class::cast)
        .filter(r -> r.getMetadata().getNamespace().equals(WATCHED))
        .findFirst().orElseThrow();
    TreeSet<ApiCall.Permission> used = calls.stream()
        .filter(c -> WATCHED.equals(c.namespace()))
        .map(ApiCall::permission)
        .collect(Collectors.toCollection(TreeSet::new));

    assertThat(rendered.ofKind("ClusterRole")).isEmpty();
    assertThat(RbacIT.permissions(role.getRules())).containsExactlyElementsOf(used);
  }
}
