package dev.libsql4j.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.libsql4j.BatchResult;
import dev.libsql4j.Config;
import dev.libsql4j.Connection;
import dev.libsql4j.Cursor;
import dev.libsql4j.Database;
import dev.libsql4j.LibSql;
import dev.libsql4j.LibSqlException;
import dev.libsql4j.LibSqlTimeoutException;
import dev.libsql4j.PreparedStatement;
import dev.libsql4j.Row;
import dev.libsql4j.Statement;
import dev.libsql4j.Transaction;
import dev.libsql4j.TransactionMode;
import dev.libsql4j.testkit.FaultProxy;
import dev.libsql4j.testkit.FaultProxy.Fault;
import dev.libsql4j.testkit.FaultProxyExtension;
import dev.libsql4j.testkit.SqldExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every request type fails once at each fault point of the {@link FaultProxy}, against a real sqld.
 * After each failure nothing is left in flight or open ({@code stats()} is back to empty), the next
 * call succeeds at once, and the data on the server agrees with what the client reported: a
 * request the proxy never delivered did not run; one it delivered ran (autocommit) or stayed
 * uncommitted (a transaction the client lost); nothing the client called "not sent" ran.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class FaultInjectionIT {

  @RegisterExtension static final SqldExtension SQLD = new SqldExtension();

  @RegisterExtension static final FaultProxyExtension PROXY = new FaultProxyExtension(SQLD, 20261201L);

  /** The client gives up on a stalled request after this long. */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);

  /** How long the next write waited after each case: shows where sqld kept a lost transaction's lock. */
  static final Map<String, Long> WRITE_WAIT_MS = new ConcurrentHashMap<>();

  private static final AtomicInteger MARKERS = new AtomicInteger();

  private static Database db;
  /** Without a connection pool: every request opens a connection, so a reset on accept hits it. */
  private static Database unpooled;
  private static Database direct;

  enum Op { EXECUTE, QUERY_WRITE, QUERY_READ, BATCH_ATOMIC, BATCH_INDEPENDENT, PREPARE, TX_BEGIN, TX_STEP,
    TX_COMMIT, SCRIPT }

  @BeforeAll
  static void open() {
    FaultProxy proxy = PROXY.proxy();
    db = LibSql.open(Config.builder(proxy.url())
        .connectTimeout(Duration.ofSeconds(1))
        .requestTimeout(REQUEST_TIMEOUT)
        .maxConcurrentRequests(4)
        .build());
    unpooled = LibSql.open(Config.builder(proxy.url())
        .connectTimeout(Duration.ofSeconds(1))
        .requestTimeout(REQUEST_TIMEOUT)
        .maxConcurrentRequests(4)
        .transportOption(dev.libsql4j.http.internal.HttpTransport.OKHTTP_CLIENT_OPTION, new okhttp3.OkHttpClient.Builder()
            .connectionPool(new okhttp3.ConnectionPool(0, 1, TimeUnit.MILLISECONDS))
            .build())
        .build());
    direct = LibSql.open(SQLD.server().url());
    direct.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)");
  }

  @AfterAll
  static void close() {
    if (db != null) {
      db.close();
    }
    if (unpooled != null) {
      unpooled.close();
    }
    if (direct != null) {
      direct.close();
    }
    if (!WRITE_WAIT_MS.isEmpty()) {
      // Shown in the build log: the figure the README quotes for sqld's lost-transaction lock.
      System.out.println("FaultInjectionIT: next write waited (ms) " + new java.util.TreeMap<>(WRITE_WAIT_MS));
    }
  }

  @BeforeEach
  void quiet() {
    assertThat(PROXY.proxy().awaitQuiet(Duration.ofMillis(50), Duration.ofSeconds(5))).as("%s", PROXY.proxy()).isTrue();
    assertThat(db.stats().isEmpty()).as("baseline: %s", db.stats()).isTrue();
    assertThat(unpooled.stats().isEmpty()).as("baseline: %s", unpooled.stats()).isTrue();
  }

  @AfterEach
  void calm() {
    PROXY.proxy().calm();
  }

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (Op op : Op.values()) {
      for (Fault f : Fault.values()) {
        out.add(Arguments.of(op, f));
      }
    }
    return out.stream();
  }

  /** Rows the case's statements write, if they commit. */
  private static int rowsWritten(Op op) {
    return switch (op) {
      case EXECUTE, QUERY_WRITE, PREPARE -> 1;
      case QUERY_READ -> 0;
      default -> 2;
    };
  }

  @ParameterizedTest(name = "{0} at {1}")
  @MethodSource("cases")
  void eachRequestTypeFailsCleanlyAtEachFaultPoint(Op op, Fault fault) {
    FaultProxy proxy = PROXY.proxy();
    Database db = fault == Fault.RESET_ON_ACCEPT ? unpooled : FaultInjectionIT.db;
    String m = "m" + MARKERS.incrementAndGet() + "x";
    String ctx = op + " at " + fault + " (" + proxy + ")";
    long start = System.nanoTime();
    Throwable failure;
    try (Connection c = db.connect()) {
      failure = catchThrowable(() -> run(op, c, m, () -> proxy.arm(fault, needle(op, m))));
    }
    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertThat(proxy.isArmed()).as("the fault was injected: %s", ctx).isFalse();
    assertThat(proxy.injected(fault)).as("injected: %s", ctx).isEqualTo(1);

    // Nothing left in flight or open.
    assertThat(db.stats().isEmpty()).as("stats after %s: %s", ctx, db.stats()).isTrue();

    // What the client said, against what the proxy did.
    if (failure != null) {
      assertThat(failure).as(ctx).isInstanceOf(LibSqlException.class);
      assertThat(failure.getMessage()).as(ctx).doesNotContain("No request slot");
      if (fault.reachesServer()) {
        assertThat(BankWorkload.mayHaveRun((LibSqlException) failure) || op == Op.QUERY_READ
                || op == Op.TX_BEGIN || op == Op.TX_STEP)
            .as("the request reached the server, so the client must not say it did not run: %s: %s", ctx, failure)
            .isTrue();
      }
      if (fault == Fault.STALL) {
        assertThat(failure).as(ctx).isInstanceOf(LibSqlTimeoutException.class);
        assertThat(tookMs).as("a stall ends at the request timeout: %s", ctx)
            .isLessThan(REQUEST_TIMEOUT.toMillis() * 3);
      }
    } else {
      assertThat(fault == Fault.DELAY || !fault.reachesServer() && op == Op.QUERY_READ)
          .as("only a delay, or a read the client may retry, can succeed: %s", ctx).isTrue();
    }
    if (fault == Fault.DELAY) {
      assertThat(failure).as(ctx).isNull();
    }

    // The next call succeeds at once.
    long t0 = System.nanoTime();
    long seen = db.execute(Statement.of("SELECT count(*) FROM t WHERE v LIKE ?", m + "%")).rows().get(0).getLong(0);
    // "At once": without waiting for a slot or a timeout (generous, for a loaded CI machine).
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).as("next read after %s", ctx)
        .isLessThan(REQUEST_TIMEOUT.toMillis());

    // The data agrees with the report.
    long onServer = count(m);
    assertThat(seen).as(ctx).isEqualTo(onServer);
    long expected;
    if (failure == null) {
      expected = rowsWritten(op);
    } else if (!fault.reachesServer()) {
      expected = 0;
    } else {
      expected = switch (op) {
        // A prepared statement sends nothing until it runs, so PREPARE's request is its autocommit write.
        case EXECUTE, PREPARE, BATCH_ATOMIC, BATCH_INDEPENDENT, SCRIPT, TX_COMMIT -> rowsWritten(op); // it ran
        case QUERY_WRITE -> -1; // ran, but whether a statement cut mid-cursor committed is up to the server
        default -> 0; // a read, or a transaction that never got its COMMIT
      };
    }
    if (expected >= 0) {
      assertThat(onServer).as("rows on the server after %s, client said %s", ctx, failure).isEqualTo(expected);
    }

    // A write goes through at once, unless sqld kept the transaction whose response was lost: then
    // only once its 5 s transaction timeout lets another writer take the lock. A request that
    // never arrived leaves the stream's baton valid, and the client closes that stream at once.
    long w0 = System.nanoTime();
    direct.execute("INSERT INTO t(v) VALUES ('probe')");
    long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - w0);
    WRITE_WAIT_MS.put(op + "/" + fault, waited);
    boolean serverKeepsLock = (op == Op.TX_BEGIN || op == Op.TX_STEP) && failure != null && fault.reachesServer();
    assertThat(waited).as("next write after %s", ctx).isLessThan(serverKeepsLock ? 8_000 : 2_500);
    assertThat(db.stats().isEmpty()).as("stats at the end of %s: %s", ctx, db.stats()).isTrue();
  }

  private static String needle(Op op, String m) {
    return op == Op.TX_COMMIT ? "COMMIT" : m;
  }

  private static long count(String m) {
    return direct.execute(Statement.of("SELECT count(*) FROM t WHERE v LIKE ?", m + "%")).rows().get(0).getLong(0);
  }

  private static void run(Op op, Connection c, String m, Runnable arm) {
    switch (op) {
      case EXECUTE -> {
        arm.run();
        assertThat(c.execute("INSERT INTO t(v) VALUES (?)", m).rowsAffected()).isEqualTo(1);
      }
      case QUERY_WRITE -> {
        arm.run();
        try (Cursor cur = c.query("INSERT INTO t(v) VALUES (?) RETURNING v", m)) {
          List<String> vs = new ArrayList<>();
          for (Row r : cur) {
            vs.add(r.getString(0));
          }
          assertThat(vs).containsExactly(m);
        }
      }
      case QUERY_READ -> {
        arm.run();
        try (Cursor cur = c.query("SELECT ? AS v UNION ALL SELECT 'second'", m)) {
          List<String> vs = new ArrayList<>();
          for (Row r : cur) {
            vs.add(r.getString(0));
          }
          assertThat(vs).containsExactly(m, "second");
        }
      }
      case BATCH_ATOMIC, BATCH_INDEPENDENT -> {
        List<Statement> two = List.of(Statement.of("INSERT INTO t(v) VALUES (?)", m + "a"),
            Statement.of("INSERT INTO t(v) VALUES (?)", m + "b"));
        arm.run();
        BatchResult r = op == Op.BATCH_ATOMIC ? c.batch(two) : c.batchIndependent(two);
        assertThat(r.results()).hasSize(2);
      }
      case PREPARE -> {
        arm.run();
        try (PreparedStatement ps = c.prepare("INSERT INTO t(v) VALUES (?) /* " + m + " */")) {
          assertThat(ps.execute(m).rowsAffected()).isEqualTo(1);
        }
      }
      case TX_BEGIN -> {
        try (Transaction tx = c.begin(TransactionMode.IMMEDIATE)) {
          arm.run();
          tx.execute("INSERT INTO t(v) VALUES (?)", m + "a");
          tx.execute("INSERT INTO t(v) VALUES (?)", m + "b");
          tx.commit();
        }
      }
      case TX_STEP -> {
        try (Transaction tx = c.begin(TransactionMode.IMMEDIATE)) {
          tx.execute("INSERT INTO t(v) VALUES (?)", m + "a");
          arm.run();
          tx.execute("INSERT INTO t(v) VALUES (?)", m + "b");
          tx.commit();
        }
      }
      case TX_COMMIT -> {
        try (Transaction tx = c.begin(TransactionMode.IMMEDIATE)) {
          tx.execute("INSERT INTO t(v) VALUES (?)", m + "a");
          tx.execute("INSERT INTO t(v) VALUES (?)", m + "b");
          arm.run();
          tx.commit();
        }
      }
      case SCRIPT -> {
        arm.run();
        c.executeScript("INSERT INTO t(v) VALUES ('" + m + "a'); INSERT INTO t(v) VALUES ('" + m + "b');");
      }
      default -> throw new AssertionError(op);
    }
  }

  /**
   * The known server behaviour the README quotes: when the response to a statement inside a
   * transaction is lost, sqld keeps that stream's transaction, and with it the write lock, until
   * another writer has waited its 5 s transaction timeout (or the stream expires after 10 s idle).
   */
  @Test
  void aLostResponseInATransactionHoldsSqldsWriteLockForAboutFiveSeconds(FaultProxy proxy) {
    String m = "lock" + MARKERS.incrementAndGet() + "x";
    try (Connection c = db.connect(); Transaction tx = c.begin(TransactionMode.IMMEDIATE)) {
      tx.execute("INSERT INTO t(v) VALUES (?)", m + "a");
      proxy.arm(Fault.CUT_RESPONSE_MID_BODY, m + "b");
      assertThat(catchThrowable(() -> tx.execute("INSERT INTO t(v) VALUES (?)", m + "b")))
          .isInstanceOf(LibSqlException.class);
    }
    long t0 = System.nanoTime();
    direct.execute("INSERT INTO t(v) VALUES (?)", m + "c");
    long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    WRITE_WAIT_MS.put("lost response in a transaction (dedicated test)", waited);
    assertThat(waited).as("another writer waits for sqld's transaction timeout").isBetween(3_000L, 8_000L);
    assertThat(count(m)).as("the lost transaction was rolled back; only the later write is there").isEqualTo(1);
    assertThat(db.stats().isEmpty()).isTrue();
  }
}
