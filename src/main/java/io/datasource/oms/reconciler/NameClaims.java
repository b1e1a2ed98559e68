package io.datasource.oms.reconciler;

import io.datasource.oms.api.v1alpha1.CreateIntentAnnotation;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSource;
import io.datasource.oms.api.v1alpha1.PolarDBXDataSourceStatus;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Decides which resource in the cluster owns an OMS name when several claim it. A resource that
 * already holds a data source of that name owns it; then one with an outstanding create intent for
 * it (its create may have committed: the data source would be its own); otherwise the oldest
 * (creationTimestamp, then UID) does. All these inputs survive restarts, so the answer is stable.
 */
final class NameClaims {

  /** Name of the primary-cache index from OMS name to the resources that claim it. */
  static final String INDEX = "omsName";

  /** The outcome: owned, or the resource that owns the name instead. */
  record Claim(String ownerNamespace, String ownerName, boolean ownerLeaving) {
    static final Claim OWNED = new Claim(null, null, false);

    boolean owned() {
      return ownerName == null;
    }
  }

  /**
   * Index keys of one resource: the name it would create, holds, or may have created, within its
   * connection (names are unique per OMS, not across them).
   */
  static List<String> indexKeys(PolarDBXDataSource r) {
    List<String> keys = new ArrayList<>(3);
    String connection = r.getSpec() == null ? null : r.getSpec().connectionName();
    for (String name : new String[] {r.effectiveOmsName(), heldName(r), intendedName(r)}) {
      if (name != null && !keys.contains(key(connection, name))) {
        keys.add(key(connection, name));
      }
    }
    return keys;
  }

  /**
   * The index key of {@code name} in {@code connection} (null: the default connection, whose
   * keys are the bare names). OMS names hold no whitespace, so the newline cannot clash.
   */
  static String key(String connection, String name) {
    return connection == null ? name : connection + "\n" + name;
  }

  /**
   * The OMS name this resource holds a data source for, or null. An ID in status does not count
   * while an annotation intent is open: it predates that intent (see {@link IntentStore#view}).
   */
  static String heldName(PolarDBXDataSource r) {
    PolarDBXDataSourceStatus s = r.getStatus();
    return s != null && s.getDataSourceId() != null
        && CreateIntentAnnotation.outstanding(r).isEmpty() ? s.getOmsName() : null;
  }

  /**
   * The OMS name of an outstanding create intent (outcome unknown, no ID yet), or null: the open
   * annotation intent, else one in {@code status.createIntent} (written by earlier versions).
   */
  static String intendedName(PolarDBXDataSource r) {
    CreateIntentAnnotation open = CreateIntentAnnotation.outstanding(r).orElse(null);
    if (open != null) {
      return open.omsName();
    }
    PolarDBXDataSourceStatus s = r.getStatus();
    return s != null && s.getDataSourceId() == null && s.getCreateIntent() != null
        ? s.getCreateIntent().getOmsName() : null;
  }

  /** Whether {@code self} may create or adopt {@code name}, given the resources claiming it. */
  Claim check(PolarDBXDataSource self, String name, Collection<PolarDBXDataSource> claimants) {
    String selfUid = self.getMetadata().getUid();
    List<PolarDBXDataSource> others = new ArrayList<>();
    for (PolarDBXDataSource c : claimants) {
      // An observer (managementPolicy: Observe) only looks: it never blocks a manager.
      if (!Objects.equals(c.getMetadata().getUid(), selfUid) && !observer(c)) {
        others.add(c);
      }
    }
    for (PolarDBXDataSource o : others) {
      if (name.equals(heldName(o))) {
        return claim(o);
      }
    }
    boolean selfIntends = name.equals(intendedName(self));
    PolarDBXDataSource intender = others.stream()
        .filter(o -> name.equals(intendedName(o)))
        .filter(o -> !selfIntends || AGE.compare(o, self) < 0)
        .min(AGE)
        .orElse(null);
    if (intender != null) {
      return claim(intender);
    }
    if (selfIntends) {
      return Claim.OWNED;
    }
    return others.stream()
        .filter(o -> name.equals(o.effectiveOmsName()))
        // A resource on its way out without a data source no longer claims anything.
        .filter(o -> o.getMetadata().getDeletionTimestamp() == null)
        .filter(o -> AGE.compare(o, self) < 0)
        .min(AGE)
        .map(NameClaims::claim)
        .orElse(Claim.OWNED);
  }

  static boolean observer(PolarDBXDataSource r) {
    return r.getSpec() != null && r.getSpec().observeOnly();
  }

  private static Claim claim(PolarDBXDataSource o) {
    return new Claim(o.getMetadata().getNamespace(), o.getMetadata().getName(),
        o.getMetadata().getDeletionTimestamp() != null);
  }

  static final Comparator<PolarDBXDataSource> AGE =
      Comparator.comparing((PolarDBXDataSource r) -> created(r),
              Comparator.nullsLast(Comparator.naturalOrder()))
          .thenComparing(r -> r.getMetadata().getUid(),
              Comparator.nullsLast(Comparator.naturalOrder()));

  private static Instant created(PolarDBXDataSource r) {
    String ts = r.getMetadata().getCreationTimestamp();
    if (ts == null) {
      return null;
    }
    try {
      return Instant.parse(ts);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
