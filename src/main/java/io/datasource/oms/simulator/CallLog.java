package io.datasource.oms.simulator;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * What the HTTP front records of every call as it arrives: counts per action, the total, the
 * most recent requests (raw body and Authorization header), and a listener run before the call
 * is answered. Thread-safe.
 */
final class CallLog {

  private static final int RECENT_LIMIT = 1000;

  private final Map<String, AtomicInteger> callCounts = new ConcurrentHashMap<>();
  private final AtomicInteger totalCalls = new AtomicInteger();
  private final Deque<RecordedRequest> recent = new ArrayDeque<>();
  private volatile BiConsumer<String, String> listener;

  /** Records one call, then runs the listener (if any) on the caller's thread. */
  void record(String action, String body, String authorization) {
    callCounts.computeIfAbsent(String.valueOf(action), k -> new AtomicInteger()).incrementAndGet();
    totalCalls.incrementAndGet();
    synchronized (recent) {
      recent.addLast(new RecordedRequest(action, body, authorization, Instant.now()));
      while (recent.size() > RECENT_LIMIT) {
        recent.removeFirst();
      }
    }
    BiConsumer<String, String> l = listener;
    if (l != null) {
      l.accept(action, body);
    }
  }

  int callCount(String action) {
    AtomicInteger n = callCounts.get(action);
    return n == null ? 0 : n.get();
  }

  int totalCalls() {
    return totalCalls.get();
  }

  List<RecordedRequest> recentRequests() {
    synchronized (recent) {
      return List.copyOf(recent);
    }
  }

  void onCall(BiConsumer<String, String> listener) {
    this.listener = listener;
  }

  /** Forgets the listener, every count and every recorded request. */
  void reset() {
    listener = null;
    synchronized (recent) {
      recent.clear();
    }
    callCounts.clear();
    totalCalls.set(0);
  }
}
