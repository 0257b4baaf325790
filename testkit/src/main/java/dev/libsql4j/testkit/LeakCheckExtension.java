package dev.libsql4j.testkit;

import dev.libsql4j.Database;
import dev.libsql4j.ResourceStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension that fails a test which leaves a {@link dev.libsql4j.Connection},
 * {@link dev.libsql4j.PreparedStatement}, {@link dev.libsql4j.Cursor} or
 * {@link dev.libsql4j.Transaction} open, or a transport request slot or server stream held, as
 * reported by {@link Database#stats()}.
 *
 * <p>Two ways to tell it which databases to check:
 *
 * <pre>{@code
 * class MyTest {
 *   Database db;
 *
 *   // checks whatever the supplier returns after each test (null: nothing to check)
 *   @RegisterExtension final LeakCheckExtension leaks = LeakCheckExtension.of(() -> db);
 * }
 *
 * class OtherTest {
 *   // checks, then closes, every database the test registered with track()
 *   @RegisterExtension final LeakCheckExtension leaks = LeakCheckExtension.tracking();
 *
 *   @Test void works() {
 *     Database db = leaks.track(LibSql.open(url));
 *     try (Connection c = db.connect()) { ... }
 *   }
 * }
 * }</pre>
 *
 * <p>The check runs right after the test method ({@link AfterTestExecutionCallback}), before any
 * {@code @AfterEach} method, so a class may still close its database in {@code @AfterEach}. A
 * database that is already closed has nothing open and passes. If the test itself failed, a leak
 * is still reported, but JUnit attaches it as a suppressed exception to the test's own failure.
 *
 * <p>Register it in an instance field (one per test instance). Not thread-safe: call {@link
 * #track} from the test's own thread.
 */
public final class LeakCheckExtension implements AfterTestExecutionCallback {

  private final Supplier<Database> supplier;
  private final List<Database> tracked = new ArrayList<>();

  private LeakCheckExtension(Supplier<Database> supplier) {
    this.supplier = supplier;
  }

  /**
   * Checks the database {@code database} returns after each test. The supplier is called after
   * the test, so it can read a field the test or a {@code @BeforeEach} method set.
   *
   * @param database supplies the database to check, or null when there is none
   * @return the extension
   */
  public static LeakCheckExtension of(Supplier<Database> database) {
    return new LeakCheckExtension(Objects.requireNonNull(database, "database"));
  }

  /**
   * Checks the databases registered with {@link #track} during each test, then closes them.
   *
   * @return the extension
   */
  public static LeakCheckExtension tracking() {
    return new LeakCheckExtension(null);
  }

  /**
   * Registers a database for the current test: after the test its {@link Database#stats()} must
   * be empty, and then it is closed (also when the test failed).
   *
   * @param db the database
   * @return {@code db}, for chaining
   */
  public Database track(Database db) {
    tracked.add(Objects.requireNonNull(db, "db"));
    return db;
  }

  @Override
  public void afterTestExecution(ExtensionContext context) {
    List<Database> dbs = new ArrayList<>(tracked);
    tracked.clear();
    if (supplier != null) {
      Database db = supplier.get();
      if (db != null && !dbs.contains(db)) {
        dbs.add(db);
      }
    }
    AssertionError failure = null;
    for (Database db : dbs) {
      try {
        check(db, context.getDisplayName());
      } catch (AssertionError e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (supplier == null) {
      for (Database db : dbs) {
        try {
          db.close();
        } catch (RuntimeException e) {
          AssertionError closeFailure =
              new AssertionError("Closing " + db + " after the test failed: " + e, e);
          if (failure == null) {
            failure = closeFailure;
          } else {
            failure.addSuppressed(closeFailure);
          }
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /**
   * Fails if {@code db} reports open resources.
   *
   * @param db the database to check
   * @param where names the test, for the message
   * @throws AssertionError naming the database and the open resources
   */
  public static void check(Database db, String where) {
    ResourceStats stats = db.stats();
    if (!stats.isEmpty()) {
      throw new AssertionError(
          "Resource leak after "
              + where
              + ": "
              + db
              + " still has "
              + stats
              + ". Close every Connection, PreparedStatement, Cursor and Transaction"
              + " (try-with-resources) before the test ends.");
    }
  }
}
