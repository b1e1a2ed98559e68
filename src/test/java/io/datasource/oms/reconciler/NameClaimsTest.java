package io.datasource.oms.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasource.oms.api.v1alpha1.CreateIntent;
import io.datasource.oms.api.v1alpha1.ManagementPolicy;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSource;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSourceStatus;
import io.datasource.oms.testing.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

class NameClaimsTest {

  final NameClaims claims = new NameClaims();

  static PolarDBXDataSource r(String name, String created, String uid) {
    PolarDBXDataSource r = Fixtures.resource("ns", name);
    r.getSpec().setName("shared");
    r.getMetadata().setCreationTimestamp(created);
    r.getMetadata().setUid(uid);
    return r;
  }

  @Test
  void theOldestOwnsTheName() {
    PolarDBXDataSource old = r("old", "2026-01-01T00:00:00Z", "b");
    PolarDBXDataSource young = r("young", "2026-01-02T00:00:00Z", "a");
    List<PolarDBXDataSource> all = List.of(old, young);
    assertThat(claims.check(old, "shared", all).owned()).isTrue();
    NameClaims.Claim lost = claims.check(young, "shared", all);
    assertThat(lost.owned()).isFalse();
    assertThat(lost.ownerName()).isEqualTo("old");
  }

  @Test
  void anObserverNeverBlocksAManagerEvenWhenOlderOrHoldingTheDataSource() {
    PolarDBXDataSource observer = r("observer", "2026-01-01T00:00:00Z", "a");
    observer.getSpec().setManagementPolicy(ManagementPolicy.Observe);
    PolarDBXDataSourceStatus s = new PolarDBXDataSourceStatus();
    s.setDataSourceId("e_1");
    s.setOmsName("shared");
    observer.setStatus(s);
    PolarDBXDataSource manager = r("manager", "2026-01-02T00:00:00Z", "b");
    assertThat(claims.check(manager, "shared", List.of(observer, manager)).owned()).isTrue();

    observer.getSpec().setManagementPolicy(ManagementPolicy.Manage);
    assertThat(claims.check(manager, "shared", List.of(observer, manager)).owned()).isFalse();
  }

  @Test
  void theUidBreaksATieOfTimestamps() {
    PolarDBXDataSource a = r("x", "2026-01-01T00:00:00Z", "a");
    PolarDBXDataSource b = r("y", "2026-01-01T00:00:00Z", "b");
    assertThat(claims.check(a, "shared", List.of(a, b)).owned()).isTrue();
    assertThat(claims.check(b, "shared", List.of(a, b)).owned()).isFalse();
  }

  @Test
  void aHolderOfTheDataSourceOwnsItWhateverItsAge() {
    PolarDBXDataSource old = r("old", "2026-01-01T00:00:00Z", "a");
    PolarDBXDataSource holder = r("holder", "2026-01-02T00:00:00Z", "b");
    PolarDBXDataSourceStatus s = new PolarDBXDataSourceStatus();
    s.setDataSourceId("e_1");
    s.setOmsName("shared");
    holder.setStatus(s);
    assertThat(claims.check(old, "shared", List.of(old, holder)).ownerName()).isEqualTo("holder");
    assertThat(NameClaims.indexKeys(holder)).containsExactly("shared");
  }

  @Test
  void aNewerResourceBeingDeletedWithoutDataSourceClaimsNothing() {
    PolarDBXDataSource old = r("old", "2026-01-01T00:00:00Z", "a");
    old.getMetadata().setDeletionTimestamp("2026-01-03T00:00:00Z");
    PolarDBXDataSource young = r("young", "2026-01-02T00:00:00Z", "b");
    assertThat(claims.check(young, "shared", List.of(old, young)).owned()).isTrue();
  }
  static void intent(PolarDBXDataSource r, String omsName) {
    PolarDBXDataSourceStatus s = new PolarDBXDataSourceStatus();
    s.setOmsName(omsName);
    s.setCreateIntent(new CreateIntent(omsName, "2026-01-03T00:00:00Z"));
    r.setStatus(s);
  }

  @Test
  void anOutstandingIntentClaimsItsNameAfterSpecNameMovedOn() {
    // A create under "shared" had an unknown outcome; then spec.name was set to another name.
    PolarDBXDataSource intender = r("intender", "2026-01-02T00:00:00Z", "b");
    intender.getSpec().setName("elsewhere");
    intent(intender, "shared");
    PolarDBXDataSource other = r("other", "2026-01-01T00:00:00Z", "a");

    assertThat(NameClaims.indexKeys(intender)).contains("shared", "elsewhere");
    NameClaims.Claim c = claims.check(other, "shared", List.of(intender, other));
    assertThat(c.owned()).as("the data source may exist and is the intender's").isFalse();
    assertThat(c.ownerName()).isEqualTo("intender");
  }

  @Test
  void anIntentOutranksAnOlderResourceThatHasNone() {
    // The older resource reached the cache only after the newer one had recorded its intent.
    PolarDBXDataSource old = r("old", "2026-01-01T00:00:00Z", "a");
    PolarDBXDataSource intender = r("intender", "2026-01-02T00:00:00Z", "b");
    intent(intender, "shared");
    List<PolarDBXDataSource> all = List.of(old, intender);

    assertThat(claims.check(intender, "shared", all).owned()).isTrue();
    assertThat(claims.check(old, "shared", all).ownerName()).isEqualTo("intender");
  }

  @Test
  void ofTwoIntentsTheOlderResourceOwnsTheName() {
    PolarDBXDataSource a = r("a", "2026-01-01T00:00:00Z", "a");
    PolarDBXDataSource b = r("b", "2026-01-02T00:00:00Z", "b");
    intent(a, "shared");
    intent(b, "shared");
    assertThat(claims.check(a, "shared", List.of(a, b)).owned()).isTrue();
    assertThat(claims.check(b, "shared", List.of(a, b)).ownerName()).isEqualTo("a");
  }
}
