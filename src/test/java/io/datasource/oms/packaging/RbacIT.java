package io.datasource.oms.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The chart's RBAC is exactly what the operator uses: the API calls it made in a recorded run
 * (see {@link RecordedOperatorRun}) against the rules the chart renders. A verb the operator uses
 * and the chart does not grant fails; so does a verb the chart grants and the operator never uses.
 * Watching a resource is a list then a watch of it, so both appear in the recording.
 */
class RbacIT {

  /**
   * Granted to every authenticated user by the default {@code system:basic-user} ClusterRole, so
   * the chart need not (and should not) grant it: JOSDK's leader election reviews its own rules.
   */
  static final Set<ApiCall.Permission> GRANTED_TO_EVERYONE = Set.of(
      new ApiCall.Permission("authorization.k8s.io", "selfsubjectrulesreviews", "create"));

  static List<ApiCall> calls;

  @BeforeAll
  static void record() throws InterruptedException {
    calls = RecordedOperatorRun.run(Set.of(), "payments", null);
  }

  @Test
  void clusterRoleGrantsExactlyWhatTheOperatorCalls() {
    Chart.Rendered rendered = Chart.withDefaults().set("replicas", 2).render();
    ClusterRole clusterRole = rendered.single("ClusterRole", ClusterRole.class);

    assertThat(permissions(clusterRole.getRules()))
        .as("ClusterRole rules vs. the operator's recorded calls (leases apart)")
        .containsExactlyElementsOf(used(false));
  }

  @Test
  void leaseRoleGrantsExactlyTheLeaderElectionCalls() {
    Chart.Rendered rendered = Chart.withDefaults().set("replicas", 2).render();
    Role leaseRole = rendered.ofKind("Role").stream().map(Role.class::cast)
        .filter(r -> r.getMetadata().getName().endsWith("-leader-election"))
        .findFirst().orElseThrow();

    assertThat(permissions(leaseRole.getRules())).containsExactlyElementsOf(used(true));
    // The named rule covers every call that addresses a Lease by name.
    Set<String> named = leaseRole.getRules().stream()
        .filter(r -> r.getResourceNames() != null && !r.getResourceNames().isEmpty())
        .flatMap(r -> r.getVerbs().stream()).collect(Collectors.toSet());
    assertThat(calls).filteredOn(c -> isLease(c) && c.name() != null).allSatisfy(c -> {
      assertThat(c.namespace()).isEqualTo(leaseRole.getMetadata().getNamespace());
      assertThat(c.name()).isEqualTo(RecordedOperatorRun.LEASE_NAME);
      assertThat(named).contains(c.verb());
    });
    assertThat(calls).filteredOn(c -> isLease(c) && c.name() == null)
        .allSatisfy(c -> assertThat(c.verb()).isEqualTo("create"));
  }

  @Test
  void operatorMakesNoCallOutsideWhatItNeeds() {
    // Sanity: the run exercised watches, status writes, Events and the lease.
    assertThat(used(false)).extracting(ApiCall.Permission::toString).contains(
        "oms.datasource.io polardbxdatasources watch",
        "oms.datasource.io polardbxdatasources get",
        "oms.datasource.io polardbxdatasources/status update",
        "core secrets watch",
        "core events create");
    assertThat(used(true)).extracting(ApiCall.Permission::toString)
        .contains("coordination.k8s.io leases create", "coordination.k8s.io leases patch");
  }

  private static TreeSet<ApiCall.Permission> used(boolean leases) {
    return calls.stream()
        .filter(c -> isLease(c) == leases)
        .map(ApiCall::permission)
        .filter(p -> !GRANTED_TO_EVERYONE.contains(p))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static boolean isLease(ApiCall c) {
    return c.group().equals("coordination.k8s.io") && c.resource().equals("leases");
  }

  static TreeSet<ApiCall.Permission> permissions(List<PolicyRule> rules) {
    TreeSet<ApiCall.Permission> out = new TreeSet<>();
    for (PolicyRule rule : rules) {
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          for (String verb : rule.getVerbs()) {
            if (group.contains("*") || resource.contains("*") || verb.contains("*")) {
              throw new AssertionError("wildcard in a rule: " + rule);
            }
            out.add(new ApiCall.Permission(group, resource, verb));
          }
        }
      }
    }
    return out;
  }
}
