package dev.libsql4j.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.libsql4j.BusyException;
import dev.libsql4j.Connection;
import dev.libsql4j.ConstraintViolationException;
import dev.libsql4j.Database;
import dev.libsql4j.LibSqlException;
import dev.libsql4j.Result;
import dev.libsql4j.Row;
import dev.libsql4j.Transaction;
import dev.libsql4j.TransactionExpiredException;
import dev.libsql4j.TransactionMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bank-transfer workload of the chaos tests: threads move money between accounts in
 * {@code IMMEDIATE} transactions, each transfer also writing a ledger row keyed by its transfer id.
 * Every outcome is recorded as the client reported it, and {@link #verify} checks the invariants on
 * the server directly: the total is unchanged, every balance equals its start plus the ledger
 * (nothing applied twice or half), every success is in the ledger, nothing the client called "not
 * run" is, and every "may have run" is looked up by its id.
 */
final class BankWorkload {
  static final int ACCOUNTS = 8;
  static final long INITIAL = 1_000;

  /** How a transfer ended, as the client reported it. */
  enum Outcome { COMMITTED, NOT_RUN, UNKNOWN_BEFORE_COMMIT, UNKNOWN_AT_COMMIT, SKIPPED }

  final Map<String, Outcome> outcomes = new ConcurrentHashMap<>();
  final Map<String, AtomicLong> errorKinds = new ConcurrentHashMap<>();
  final List<Throwable> unexpected = java.util.Collections.synchronizedList(new ArrayList<>());
  final AtomicLong lastSuccessNanos = new AtomicLong();
  private final long seed;

  BankWorkload(long seed) {
    this.seed = seed;
  }

  static void createTables(Database direct) {
    try (Connection c = direct.connect()) {
      c.executeScript("DROP TABLE IF EXISTS accounts; DROP TABLE IF EXISTS ledger;"
          + " CREATE TABLE accounts(id INTEGER PRIMARY KEY, balance INTEGER NOT NULL);"
          + " CREATE TABLE ledger(transfer_id TEXT PRIMARY KEY, src INTEGER NOT NULL, dst INTEGER NOT NULL,"
          + " amount INTEGER NOT NULL)");
      for (int i = 1; i <= ACCOUNTS; i++) {
        c.execute("INSERT INTO accounts VALUES (?, ?)", i, INITIAL);
      }
    }
  }

  /**
   * What the client says about a failed call: true if the statement may have run ("whether a write
   * ran is unknown"), false if the error says it did not (the request was not sent, the transaction
   * was lost and rolled back, a lock or constraint refused it).
   */
  static boolean mayHaveRun(LibSqlException e) {
    if (e instanceof TransactionExpiredException || e instanceof BusyException
        || e instanceof ConstraintViolationException) {
      return false;
    }
    String m = e.getMessage() == null ? "" : e.getMessage();
    return !("CONNECT_FAILED".equals(e.code()) || m.contains("was not sent"));
  }

  /** Runs {@code threads} workers until {@code duration} has passed. */
  void run(Database db, int threads, Duration duration) throws Exception {
    long deadline = System.nanoTime() + duration.toNanos();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> fs = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int worker = t;
        fs.add(pool.submit(() -> {
          Random r = new Random(seed * 31 + worker);
          for (int n = 0; System.nanoTime() < deadline; n++) {
            String id = "w" + worker + "-" + n;
            int src = 1 + r.nextInt(ACCOUNTS);
            int dst = 1 + (src + r.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
            long amount = 1 + r.nextInt(50);
            try {
              outcomes.put(id, transfer(db, id, src, dst, amount));
            } catch (Throwable e) {
              unexpected.add(e);
              return;
            }
          }
        }));
      }
      for (Future<?> f : fs) {
        f.get(duration.toSeconds() + 120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private Outcome transfer(Database db, String id, int src, int dst, long amount) {
    boolean atCommit = false;
    try (Connection c = db.connect(); Transaction tx = c.begin(TransactionMode.IMMEDIATE)) {
      Result debit = tx.execute("UPDATE accounts SET balance = balance - ? WHERE id = ? AND balance >= ?",
          amount, src, amount);
      if (debit.rowsAffected() == 0) {
        tx.rollback();
        return Outcome.SKIPPED;
      }
      tx.execute("UPDATE accounts SET balance = balance + ? WHERE id = ?", amount, dst);
      tx.execute("INSERT INTO ledger VALUES (?, ?, ?, ?)", id, src, dst, amount);
      atCommit = true;
      tx.commit();
      lastSuccessNanos.set(System.nanoTime());
      return Outcome.COMMITTED;
    } catch (LibSqlException e) {
      errorKinds.computeIfAbsent(e.getClass().getSimpleName() + "/" + e.code() + (atCommit ? "@commit" : ""),
          k -> new AtomicLong()).incrementAndGet();
      if (!mayHaveRun(e)) {
        return Outcome.NOT_RUN;
      }
      return atCommit ? Outcome.UNKNOWN_AT_COMMIT : Outcome.UNKNOWN_BEFORE_COMMIT;
    }
  }

  long count(Outcome o) {
    return outcomes.values().stream().filter(o::equals).count();
  }

  /** Counts of each outcome, and of the unknowns that turned out committed. */
  String summary(Set<String> ledger) {
    Map<String, Long> m = new TreeMap<>();
    for (Outcome o : Outcome.values()) {
      m.put(o.name(), count(o));
    }
    long committedUnknown = outcomes.entrySet().stream()
        .filter(e -> e.getValue() == Outcome.UNKNOWN_AT_COMMIT && ledger.contains(e.getKey())).count();
    return m + ", unknown-at-commit found committed: " + committedUnknown + ", errors: " + new TreeMap<>(errorKinds);
  }

  /** Checks every invariant on the server through {@code direct}; returns the ledger's ids. */
  Set<String> verify(Database direct, Object context) {
    assertThat(unexpected).as("exceptions other than LibSqlException (%s)", context).isEmpty();
    Map<Long, Long> balances = new HashMap<>();
    Map<Long, Long> expected = new HashMap<>();
    Set<String> ledger = new HashSet<>();
    try (Connection c = direct.connect()) {
      for (Row row : c.execute("SELECT id, balance FROM accounts").rows()) {
        balances.put(row.getLong(0), row.getLong(1));
        expected.put(row.getLong(0), INITIAL);
      }
      for (Row row : c.execute("SELECT transfer_id, src, dst, amount FROM ledger").rows()) {
        ledger.add(row.getString(0));
        expected.merge(row.getLong(1), -row.getLong(3), Long::sum);
        expected.merge(row.getLong(2), row.getLong(3), Long::sum);
      }
    }
    String why = context + "; " + summary(ledger);
    assertThat(balances).as("accounts (%s)", why).hasSize(ACCOUNTS);
    assertThat(balances.values().stream().mapToLong(Long::longValue).sum())
        .as("total money (%s)", why).isEqualTo(ACCOUNTS * INITIAL);
    assertThat(balances).as("every balance = start + ledger, so nothing was applied twice or in part (%s)", why)
        .isEqualTo(expected);
    assertThat(outcomes.keySet()).as("the ledger holds only transfers that were attempted (%s)", why)
        .containsAll(ledger);
    long committedUnknowns = 0;
    for (Map.Entry<String, Outcome> e : outcomes.entrySet()) {
      boolean inLedger = ledger.contains(e.getKey());
      switch (e.getValue()) {
        case COMMITTED -> assertThat(inLedger).as("reported committed: %s (%s)", e.getKey(), why).isTrue();
        case NOT_RUN, SKIPPED -> assertThat(inLedger).as("reported not run: %s (%s)", e.getKey(), why).isFalse();
        case UNKNOWN_BEFORE_COMMIT -> assertThat(inLedger)
            .as("failed before COMMIT was sent, so it cannot have committed: %s (%s)", e.getKey(), why).isFalse();
        case UNKNOWN_AT_COMMIT -> committedUnknowns += inLedger ? 1 : 0;
        default -> throw new AssertionError(e.getValue());
      }
    }
    assertThat((long) ledger.size()).as("ledger rows = successes + committed unknowns (%s)", why)
        .isEqualTo(count(Outcome.COMMITTED) + committedUnknowns);
    return ledger;
  }
}
