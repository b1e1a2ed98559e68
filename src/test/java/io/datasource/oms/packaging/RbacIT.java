package io.datasource.oms.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.datasource.oms.api.v1alpha1.Annotations;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSource;
import io.datasource.oms.sandbox.ApiCall;
import io.datasource.oms.sandbox.AuditLog;
import io.datasource.oms.testing.Fixtures;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.javaoperatorsdk.operator.LeaderElectionManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The chart's RBAC is what the operator needs, checked by the API server itself: the operator runs
 * as the chart's service account with exactly the rules of the rendered chart on a real API
 * server ({@link RbacRun}, the production wiring configured by the chart's own pod environment),
 * which refuses anything the chart does not grant. A missing permission fails here twice: the
 * scenario never completes (nothing becomes Ready, or leader election cannot start), and the
 * audit log shows a 403. A verb the chart grants and the operator never uses fails too, unless
 * the operator refuses to start without it (JOSDK's leader election checks its Lease permissions
 * with a SelfSubjectRulesReview before it starts): the test proves that by starting the operator
 * with exactly that verb taken away on the server. Watching a resource is a list and a watch.
 */
class RbacIT {

  /**
   * Granted to every authenticated user by the default {@code system:basic-user} ClusterRole, so
   * the chart need not (and should not) grant it: JOSDK's leader election reviews its own rules.
   */
  static final Set<ApiCall.Permission> GRANTED_TO_EVERYONE = Set.of(
      new ApiCall.Permission("authorization.k8s.io", "selfsubjectrulesreviews", "create"));

  static RbacRun run;
  static RbacRun.Recording recording;

  @BeforeAll
  static void record() {
    run = new RbacRun(Chart.withDefaults().set("replicas", 2));
    recording = run.run("payments", null);
  }

  @AfterAll
  static void stop() {
    if (run != null) {
      run.close();
    }
  }

  @Test
  void runUsedTheChartsLeaderElectionSettings() {
    assertThat(recording.config().leaderElection().enabled()).isTrue();
    assertThat(recording.config().leaderElection().namespace()).isEqualTo(Chart.NAMESPACE);
    assertThat(recording.config().reconcile().watchNamespaces()).isEmpty();
  }

  @Test
  void theServerRefusedTheOperatorNothing() {
    assertThat(recording.entries()).isNotEmpty()
        .allSatisfy(e -> assertThat(e.code()).as("%s %s", e.verb(), e.uri()).isNotIn(401, 403));
  }

  @Test
  void clusterRoleGrantsExactlyWhatTheOperatorCalls() {
    ClusterRole clusterRole = recording.chart().single("ClusterRole", ClusterRole.class);

    assertThat(permissions(clusterRole.getRules()))
        .as("ClusterRole rules vs. the operator's audited calls (leases apart)")
        .containsExactlyElementsOf(used(false));
  }

  @Test
  void leaseRoleGrantsWhatLeaderElectionCallsAndNothingItCouldStartWithout() {
    Role leaseRole = leaseRole();
    TreeSet<ApiCall.Permission> granted = permissions(leaseRole.getRules());

    assertThat(granted).as("Lease Role rules cover the audited Lease calls")
        .containsAll(used(true));
    for (ApiCall.Permission surplus : difference(granted, used(true))) {
      ApiCall probe = new ApiCall(surplus.group(), surplus.resource(), surplus.verb(),
          leaseRole.getMetadata().getNamespace(), recording.config().leaderElection().leaseName());
      run.replace(new RoleBuilder(leaseRole).withRules(without(leaseRole.getRules(), surplus))
          .build(), recording.user(), probe, false);
      try {
        assertThat(OperatorPod.startFailure(run.kube, recording.chart().deployment()))
            .as("%s is granted but never called: the operator must fail to start without it",
                surplus)
            .isNotNull()
            .hasStackTraceContaining(LeaderElectionManager.NO_PERMISSION_TO_LEASE_RESOURCE_MESSAGE);
      } finally {
        run.replace(new RoleBuilder(leaseRole).build(), recording.user(), probe, true);
      }
    }
  }

  /**
   * The harness can fail: with one rule of the chart taken away on the server (status writes),
   * the server refuses the operator (a 403 in the audit log) and the resource never gets a status.
   */
  @Test
  void withAPermissionMissingTheServerRefusesTheOperator() {
    ClusterRole clusterRole = recording.chart().single("ClusterRole", ClusterRole.class);
    ApiCall.Permission taken = new ApiCall.Permission("oms.datasource.io",
        "polardbxdatasources/status", "update");
    String ns = run.kube.namespace("missing-permission");
    ApiCall probe = new ApiCall(taken.group(), taken.resource(), taken.verb(), ns, "orders");
    run.replace(new ClusterRoleBuilder(clusterRole)
        .withRules(without(clusterRole.getRules(), taken)).build(), recording.user(), probe, false);
    try (OperatorPod pod = OperatorPod.start(run.kube, recording.chart().deployment())) {
      run.kube.admin().resource(Fixtures.resource(ns, "orders")).create();

      await().atMost(Duration.ofSeconds(60)).until(() -> run.audit.entriesOf(pod.serviceAccount)
          .stream().anyMatch(e -> e.code() == 403 && probe.equals(e.call())));
      assertThat(run.kube.admin().resources(PolarDBXDataSource.class).inNamespace(ns)
          .withName("orders").get().getStatus()).isNull();
    } finally {
      run.replace(new ClusterRoleBuilder(clusterRole).build(), recording.user(), probe, true);
    }
  }

  /**
   * Every Lease call names the configured Lease (a create too: the server audits the name of the
   * object created), and every verb but create is granted only on that name. RBAC cannot restrict
   * create by name, so create comes from the rule without names.
   */
  @Test
  void leaseCallsAddressOnlyTheConfiguredLease() {
    Role leaseRole = leaseRole();
    Set<String> named = leaseRole.getRules().stream()
        .filter(r -> r.getResourceNames() != null && !r.getResourceNames().isEmpty())
        .flatMap(r -> r.getVerbs().stream()).collect(Collectors.toSet());
    Set<String> unnamed = leaseRole.getRules().stream()
        .filter(r -> r.getResourceNames() == null || r.getResourceNames().isEmpty())
        .flatMap(r -> r.getVerbs().stream()).collect(Collectors.toSet());

    assertThat(unnamed).containsExactly("create");
    assertThat(recording.calls()).filteredOn(RbacIT::isLease).isNotEmpty().allSatisfy(c -> {
      assertThat(c.namespace()).isEqualTo(leaseRole.getMetadata().getNamespace());
      assertThat(c.name()).isEqualTo(recording.config().leaderElection().leaseName());
      assertThat(c.verb().equals("create") || named.contains(c.verb())).as("%s", c).isTrue();
    });
  }

  @Test
  void runExercisedWatchesStatusEventsConflictsAndTheLease() {
    assertThat(used(false)).extracting(ApiCall.Permission::toString).contains(
        "oms.datasource.io polardbxdatasources watch",
        "oms.datasource.io polardbxdatasources get",
        "oms.datasource.io polardbxdatasources/status update",
        "core secrets watch",
        "core secrets get",
        "core events create");
    assertThat(used(true)).extracting(ApiCall.Permission::toString)
        .contains("coordination.k8s.io leases create");
    assertThat(recording.entries()).as("a 409 on the finalizer patch, then a re-read")
        .anySatisfy(e -> {
          assertThat(e.code()).isEqualTo(409);
          assertThat(e.call().permission().toString())
              .isEqualTo("oms.datasource.io polardbxdatasources patch");
        });
  }

  /**
   * What Argo CD compares: the operator writes the resource itself only to add or remove its
   * finalizer and to set its own create-intent annotation (in the same patch as the finalizer),
   * never spec, labels or other annotations; everything else goes to the status subresource.
   * The audit policy logs these writes with their body; a JSON patch is an array of operations.
   * After a 409 JOSDK diffs its first copy against the one it read again, so that patch also
   * repeats what others changed in between (here the test's labels, and managedFields); it is
   * pinned to the resourceVersion it read, so the server applies it only to the very version
   * whose values it repeats, and the finalizer is still the only change. Checked on the
   * uncontended resources, and the pin on all of them.
   */
  @Test
  void operatorWritesOnlyFinalizersOutsideStatus() {
    List<AuditLog.Entry> writes = recording.entries().stream()
        .filter(e -> e.call() != null && e.call().resource().equals("polardbxdatasources"))
        .filter(e -> !List.of("get", "list", "watch").contains(e.verb())).toList();

    assertThat(writes).isNotEmpty().allSatisfy(w -> {
      assertThat(w.verb()).isEqualTo("patch");
      JsonNode ops = w.requestObject();
      assertThat(ops != null && ops.isArray() && ops.size() > 0).as("a JSON patch: %s", ops)
          .isTrue();
      assertThat(ops).as("pinned to a resourceVersion: %s", ops)
          .anySatisfy(op -> assertThat(op.get("path").asText())
              .isEqualTo("/metadata/resourceVersion"));
    });
    assertThat(writes).filteredOn(w -> !w.call().name().startsWith(RbacRun.CONTENDED))
        .isNotEmpty().allSatisfy(w -> assertThat(w.requestObject())
            .allSatisfy(op -> assertThat(op.get("path").asText()).as("patch %s", w.requestObject())
                .matches("/metadata/(finalizers(/.*)?|resourceVersion|annotations("
                    + Pattern.quote("/" + Annotations.CREATE_INTENT.replace("/", "~1")) + ")?)")))
        .allSatisfy(w -> assertThat(w.requestObject())
            .filteredOn(op -> op.get("path").asText().equals("/metadata/annotations"))
            .allSatisfy(op -> assertThat(op.get("value").fieldNames()).toIterable()
                .as("a whole annotations map holds only the intent: %s", op)
                .containsExactly(Annotations.CREATE_INTENT)));
    assertThat(writes).as("the create intent went with the finalizer, in one patch")
        .anySatisfy(w -> assertThat(w.requestObject().toString())
            .contains("finalizers").contains("create-intent"));
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
