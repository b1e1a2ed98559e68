package io.datasource.oms.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The chart's RBAC is what the operator needs, derived from the operator itself: the API calls it
 * made in a recorded run ({@link RecordedOperatorRun}, the production wiring configured by the
 * chart's own environment) against the rules the chart renders. A verb the operator uses and the
 * chart does not grant fails. A verb the chart grants and the operator never uses fails too,
 * unless the operator refuses to start without it (JOSDK's leader election checks its Lease
 * permissions with a SelfSubjectRulesReview before it starts): the test proves that by starting
 * the operator with exactly that verb taken away. Watching a resource is a list and a watch.
 */
class RbacIT {

  /**
   * Granted to every authenticated user by the default {@code system:basic-user} ClusterRole, so
   * the chart need not (and should not) grant it: JOSDK's leader election reviews its own rules.
   */
  static final Set<ApiCall.Permission> GRANTED_TO_EVERYONE = Set.of(
      new ApiCall.Permission("authorization.k8s.io", "selfsubjectrulesreviews", "create"));

  static RecordedOperatorRun.Recording recording;

  @BeforeAll
  static void record() throws InterruptedException {
    recording = RecordedOperatorRun.run(Chart.withDefaults().set("replicas", 2), "payments", null);
  }

  @Test
  void runUsedTheChartsLeaderElectionSettings() {
    assertThat(recording.config().leaderElectionEnabled()).isTrue();
    assertThat(recording.config().leaderElectionNamespace()).isEqualTo(Chart.NAMESPACE);
    assertThat(recording.config().watchNamespaces()).isEmpty();
  }

  @Test
  void clusterRoleGrantsExactlyWhatTheOperatorCalls() {
    ClusterRole clusterRole = recording.chart().single("ClusterRole", ClusterRole.class);

    assertThat(permissions(clusterRole.getRules()))
        .as("ClusterRole rules vs. the operator's recorded calls (leases apart)")
        .containsExactlyElementsOf(used(false));
  }

  @Test
  void leaseRoleGrantsWhatLeaderElectionCallsAndNothingItCouldStartWithout() {
    Role leaseRole = leaseRole();
    TreeSet<ApiCall.Permission> granted = permissions(leaseRole.getRules());

    assertThat(granted).as("Lease Role rules cover the recorded Lease calls")
        .containsAll(used(true));
    List<PolicyRule> all = RecordedOperatorRun.rulesIn(recording.chart(),
        RecordedOperatorRun.leaseNamespace(recording.chart()));
    for (ApiCall.Permission surplus : difference(granted, used(true))) {
      RuntimeException failure = RecordedOperatorRun.startWithRules(recording.chart(),
          without(all, surplus));
      assertThat(failure)
          .as("%s is granted but never called: the operator must fail to start without it", surplus)
          .isNotNull();
    }
  }

  @Test
  void leaseCallsAddressOnlyTheConfiguredLease() {
    Role leaseRole = leaseRole();
    Set<String> named = leaseRole.getRules().stream()
        .filter(r -> r.getResourceNames() != null && !r.getResourceNames().isEmpty())
        .flatMap(r -> r.getVerbs().stream()).collect(Collectors.toSet());

    assertThat(recording.calls()).filteredOn(c -> isLease(c) && c.name() != null).isNotEmpty()
        .allSatisfy(c -> {
          assertThat(c.namespace()).isEqualTo(leaseRole.getMetadata().getNamespace());
          assertThat(c.name()).isEqualTo(recording.config().leaderElectionLeaseName());
          assertThat(named).contains(c.verb());
        });
    assertThat(recording.calls()).filteredOn(c -> isLease(c) && c.name() == null)
        .allSatisfy(c -> assertThat(c.verb()).isEqualTo("create"));
  }

  @Test
  void runExercisedWatchesStatusEventsConflictsAndTheLease() {
    assertThat(used(false)).extracting(ApiCall.Permission::toString).contains(
        "oms.datasource.io polardbxdatasources watch",
        "oms.datasource.io polardbxdatasources get",
        "oms.datasource.io polardbxdatasources/status update",
        "core secrets watch",
        "core events create");
    assertThat(used(true)).extracting(ApiCall.Permission::toString)
        .contains("coordination.k8s.io leases create", "coordination.k8s.io leases patch");
  }

  /**
   * What Argo CD compares: the operator writes the resource itself only to add or remove its
   * finalizer, never spec, labels or annotations; everything else goes to the status subresource.
   */
  @Test
  void operatorWritesOnlyFinalizersOutsideStatus() throws Exception {
    List<RecordedOperatorRun.Write> patches = recording.writes().stream()
        .filter(w -> w.call().resource().equals("polardbxdatasources")).toList();

    assertThat(patches).isNotEmpty().allSatisfy(w -> {
      assertThat(w.call().verb()).isEqualTo("patch");
      assertThat(w.contentType()).startsWith("application/json-patch+json");
      JsonNode ops = new ObjectMapper().readTree(w.body());
      assertThat(ops.isArray() && ops.size() > 0).as("a JSON patch: %s", w.body()).isTrue();
      assertThat(ops).allSatisfy(op -> assertThat(op.get("path").asText())
          .as("patch %s", w.body()).matches("/metadata/(finalizers(/.*)?|resourceVersion)"));
    });
  }

  private static Role leaseRole() {
    return recording.chart().ofKind("Role").stream().map(Role.class::cast)
        .filter(r -> r.getMetadata().getName().endsWith("-leader-election"))
        .findFirst().orElseThrow();
  }

  private static TreeSet<ApiCall.Permission> used(boolean leases) {
    return recording.calls().stream()
        .filter(c -> isLease(c) == leases)
        .map(ApiCall::permission)
        .filter(p -> !GRANTED_TO_EVERYONE.contains(p))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static boolean isLease(ApiCall c) {
    return c.group().equals("coordination.k8s.io") && c.resource().equals("leases");
  }

  private static TreeSet<ApiCall.Permission> difference(Set<ApiCall.Permission> a,
      Set<ApiCall.Permission> b) {
    TreeSet<ApiCall.Permission> out = new TreeSet<>(a);
    out.removeAll(b);
    return out;
  }

  /** The rules with one permission taken away (rules left without a verb disappear). */
  static List<PolicyRule> without(List<PolicyRule> rules, ApiCall.Permission taken) {
    List<PolicyRule> out = new ArrayList<>();
    for (PolicyRule rule : rules) {
      boolean matches = rule.getApiGroups().contains(taken.group())
          && rule.getResources().contains(taken.resource());
      List<String> verbs = rule.getVerbs().stream()
          .filter(v -> !(matches && v.equals(taken.verb()))).toList();
      if (!verbs.isEmpty()) {
        out.add(new PolicyRuleBuilder(rule).withVerbs(verbs).build());
      }
    }
    return out;
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
