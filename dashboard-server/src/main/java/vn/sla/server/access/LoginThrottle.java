package vn.sla.server.access;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Limits password guessing, for the event loop (not thread-safe; no locking needed there).
 *
 * <p>An attempt is reserved before the password is hashed (the hash takes a worker thread for
 * tens of milliseconds, and a burst of concurrent requests must not all pass the check before
 * the first failure is counted), then settled as a success or a failure. Failures count at
 * three levels, each with a lock-out that doubles with every further failure (1 minute, 2, 4,
 * ... up to an hour) and is forgotten after a quiet hour:
 * <ul>
 *   <li>an account from one address: after {@value #PAIR_LIMIT} failures;
 *   <li>an account from anywhere: after {@value #ACCOUNT_LIMIT} (guessing from many addresses);
 *   <li>an address, over all accounts: after {@value #ADDRESS_LIMIT} (one address trying many).
 * </ul>
 * So someone guessing a colleague's password behind the office's one address locks out that
 * account from that address, not the office: the others log in until the address itself has
 * had {@value #ADDRESS_LIMIT} failures.
 */
public final class LoginThrottle {
  static final int PAIR_LIMIT = 5;
  static final int ACCOUNT_LIMIT = 20;
  static final int ADDRESS_LIMIT = 100;
  private static final long FIRST_LOCK = 60_000;
  private static final long MAX_LOCK = 3_600_000;
  private static final long FORGET_AFTER = 3_600_000;

  private static final class Count {
    int failures;
    int inFlight;
    long lockedUntil;
    long lastFailure;
  }

  private final Map<String, Count> counts = new HashMap<>();
  private final java.util.function.LongSupplier clock;

  public LoginThrottle(java.util.function.LongSupplier clock) {
    this.clock = clock;
  }

  /** Seconds to wait before trying again, or 0 when the attempt may go on (it is then reserved). */
  public long reserve(String account, String address) {
    long now = clock.getAsLong();
    forgetOld(now);
    long wait = 0;
    for (Map.Entry<String, Integer> k : keys(account, address).entrySet()) {
      Count c = counts.get(k.getKey());
      if (c == null) continue;
      if (c.lockedUntil > now) wait = Math.max(wait, c.lockedUntil - now);
      else if (c.failures + c.inFlight >= k.getValue() && c.inFlight > 0) wait = Math.max(wait, 1000); // the verdict of those in flight first
    }
    if (wait > 0) return (wait + 999) / 1000;
    for (String k : keys(account, address).keySet()) counts.computeIfAbsent(k, x -> new Count()).inFlight++;
    return 0;
  }

  /** A reserved attempt that never got to the password (refused for another reason): neither outcome. */
  public void release(String account, String address) {
    for (String k : keys(account, address).keySet()) {
      Count c = counts.get(k);
      if (c != null) c.inFlight = Math.max(0, c.inFlight - 1);
    }
  }

  /** The outcome of a reserved attempt. */
  public void settle(String account, String address, boolean success) {
    long now = clock.getAsLong();
    for (Map.Entry<String, Integer> k : keys(account, address).entrySet()) {
      Count c = counts.get(k.getKey());
      if (c == null) continue;
      c.inFlight = Math.max(0, c.inFlight - 1);
      if (success) {
        // The right password clears its own account's count, not the address's.
        if (!k.getKey().startsWith("address ")) c.failures = 0;
      } else {
        c.failures++;
        c.lastFailure = now;
        if (c.failures >= k.getValue()) {
          long lock = Math.min(MAX_LOCK, FIRST_LOCK << Math.min(20, c.failures - k.getValue()));
          c.lockedUntil = now + lock;
        }
      }
    }
  }

  private static Map<String, Integer> keys(String account, String address) {
    String a = account == null ? "" : account.toLowerCase(java.util.Locale.ROOT);
    return Map.of("pair " + a + " " + address, PAIR_LIMIT, "account " + a, ACCOUNT_LIMIT, "address " + address, ADDRESS_LIMIT);
  }

  private void forgetOld(long now) {
    for (Iterator<Count> it = counts.values().iterator(); it.hasNext();) {
      Count c = it.next();
      if (c.inFlight == 0 && c.lockedUntil <= now && now - c.lastFailure > FORGET_AFTER) it.remove();
    }
  }

  int size() {
    return counts.size();
  }
}
