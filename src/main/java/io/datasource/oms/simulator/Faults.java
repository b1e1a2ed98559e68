package io.datasource.oms.simulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The faults and latency injected into the simulator's answers. Thread-safe; every setter takes
 * effect for the calls that arrive after it.
 */
public final class Faults {

  private final List<Rule> nextRules = new ArrayList<>();
  private double fraction;
  private Fault fractionFault;
  private String fractionAction;
  private Duration minLatency = Duration.ZERO;
  private Duration maxLatency = Duration.ZERO;
  private boolean unavailable;
  private double mixFraction;
  private List<Fault> mixKinds = List.of();
  private Random mixRandom;
  private Duration slowAnswerDelay = Duration.ofSeconds(2);
  private final Map<Fault, Integer> injected = new EnumMap<>(Fault.class);

  Faults() {}

  /** The next {@code count} calls (of any action) fail with {@code fault}. */
  public Faults failNext(int count, Fault fault) {
    return failNext(count, fault, null);
  }

  /** The next {@code count} calls of {@code action} fail with {@code fault}. */
  public synchronized Faults failNext(int count, Fault fault, String action) {
    Objects.requireNonNull(fault, "fault");
    if (count > 0) {
      nextRules.add(new Rule(count, fault, action));
    }
    return this;
  }

  /** Each call (of any action) fails with {@code fault} with probability {@code fraction}. */
  public Faults failFraction(double fraction, Fault fault) {
    return failFraction(fraction, fault, null);
  }

  /** Each call of {@code action} fails with {@code fault} with probability {@code fraction}. */
  public synchronized Faults failFraction(double fraction, Fault fault, String action) {
    if (fraction < 0 || fraction > 1) {
      throw new IllegalArgumentException("fraction must be within [0, 1]: " + fraction);
    }
    this.fraction = fraction;
    this.fractionFault = fault;
    this.fractionAction = action;
    return this;
  }

  /**
   * Each call (of any action) fails with probability {@code fraction}, with a kind drawn uniformly
   * from {@code kinds}; both draws come from one {@link Random} seeded with {@code seed}, so a run
   * with the same seed draws the same sequence (which call gets which draw still depends on the
   * order in which concurrent calls arrive). Replaces an earlier mix; "next N" rules win over it.
   */
  public synchronized Faults failMixed(double fraction, long seed, List<Fault> kinds) {
    if (fraction < 0 || fraction > 1) {
      throw new IllegalArgumentException("fraction must be within [0, 1]: " + fraction);
    }
    if (kinds.isEmpty() && fraction > 0) {
      throw new IllegalArgumentException("a mix needs at least one fault kind");
    }
    this.mixFraction = fraction;
    this.mixKinds = List.copyOf(kinds);
    this.mixRandom = new Random(seed);
    return this;
  }

  /**
   * How long {@link Fault#SLOW_ANSWER} holds its answer after executing the call (default 2 s);
   * set it above the client's request timeout to make the client give up on a committed call.
   */
  public synchronized Faults slowAnswerDelay(Duration delay) {
    if (delay.isNegative()) {
      throw new IllegalArgumentException("delay must not be negative");
    }
    this.slowAnswerDelay = delay;
    return this;
  }

  /** How many faults of each kind were injected since the last {@link #clear()}. */
  public synchronized Map<Fault, Integer> injected() {
    return Map.copyOf(injected);
  }

  /** Every answer is delayed by {@code latency}. */
  public Faults fixedLatency(Duration latency) {
    return randomLatency(latency, latency);
  }

  /** Every answer is delayed by a uniformly random duration in [{@code min}, {@code max}]. */
  public synchronized Faults randomLatency(Duration min, Duration max) {
    if (min.isNegative() || max.compareTo(min) < 0) {
      throw new IllegalArgumentException("need 0 <= min <= max");
    }
    this.minLatency = min;
    this.maxLatency = max;
    return this;
  }

  /** While true, every call answers HTTP 503 and nothing is executed. */
  public synchronized Faults unavailable(boolean unavailable) {
    this.unavailable = unavailable;
    return this;
  }

  /** Removes every fault and all latency. */
  public synchronized Faults clear() {
    nextRules.clear();
    fraction = 0;
    fractionFault = null;
    fractionAction = null;
    minLatency = Duration.ZERO;
    maxLatency = Duration.ZERO;
    unavailable = false;
    mixFraction = 0;
    mixKinds = List.of();
    mixRandom = null;
    slowAnswerDelay = Duration.ofSeconds(2);
    injected.clear();
    return this;
  }

  synchronized Duration slowAnswerDelay() {
    return slowAnswerDelay;
  }

  synchronized boolean isUnavailable() {
    return unavailable;
  }

  synchronized Duration nextLatency() {
    if (maxLatency.isZero()) {
      return Duration.ZERO;
    }
    long min = minLatency.toNanos();
    long max = maxLatency.toNanos();
    return Duration.ofNanos(min == max ? min : ThreadLocalRandom.current().nextLong(min, max + 1));
  }

  /** Picks the fault for one call of {@code action}, consuming a "next N" slot if one applies. */
  synchronized Optional<Fault> pick(String action) {
    Optional<Fault> fault = draw(action);
    fault.ifPresent(f -> injected.merge(f, 1, Integer::sum));
    return fault;
  }

  private Optional<Fault> draw(String action) {
    for (Iterator<Rule> it = nextRules.iterator(); it.hasNext(); ) {
      Rule rule = it.next();
      if (matches(rule.action, action)) {
        rule.remaining--;
        if (rule.remaining <= 0) {
          it.remove();
        }
        return Optional.of(rule.fault);
      }
    }
    if (fractionFault != null
        && matches(fractionAction, action)
        && ThreadLocalRandom.current().nextDouble() < fraction) {
      return Optional.of(fractionFault);
    }
    if (mixRandom != null && mixFraction > 0 && mixRandom.nextDouble() < mixFraction) {
      return Optional.of(mixKinds.get(mixRandom.nextInt(mixKinds.size())));
    }
    return Optional.empty();
  }

  /** A rule for ListDataSource covers listings of all too; one for listings of all, only those. */
  private static boolean matches(String ruleAction, String action) {
    return ruleAction == null || ruleAction.equals(action)
        || (OmsSimulator.LIST_ACTION.equals(ruleAction) && OmsSimulator.LISTING_ALL.equals(action));
  }

  private static final class Rule {
    private int remaining;
    private final Fault fault;
    private final String action;

    private Rule(int remaining, Fault fault, String action) {
      this.remaining = remaining;
      this.fault = fault;
      this.action = action;
    }
  }
}
