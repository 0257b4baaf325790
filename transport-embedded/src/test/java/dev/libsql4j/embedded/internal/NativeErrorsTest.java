package dev.libsql4j.embedded.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.libsql4j.BusyException;
import dev.libsql4j.ConnectionException;
import dev.libsql4j.ConstraintViolationException;
import dev.libsql4j.LibSqlException;
import dev.libsql4j.LibSqlTimeoutException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The native error mapping, table by table. */
class NativeErrorsTest {

  private static final NativeErrors.Context FILE = new NativeErrors.Context("file:/tmp/app.db", false, null, false);

  @ParameterizedTest(name = "{0}/{1} -> {2}")
  @CsvSource({
    "19, 2067, SQLITE_CONSTRAINT_UNIQUE, ConstraintViolationException",
    "19, 1555, SQLITE_CONSTRAINT_PRIMARYKEY, ConstraintViolationException",
    "19, 1299, SQLITE_CONSTRAINT_NOTNULL, ConstraintViolationException",
    "19, 275, SQLITE_CONSTRAINT_CHECK, ConstraintViolationException",
    "19, 787, SQLITE_CONSTRAINT_FOREIGNKEY, ConstraintViolationException",
    "19, 3091, SQLITE_CONSTRAINT_DATATYPE, ConstraintViolationException",
    "19, 19, SQLITE_CONSTRAINT, ConstraintViolationException",
    "5, 5, SQLITE_BUSY, BusyException",
    "5, 517, SQLITE_BUSY_SNAPSHOT, BusyException",
    "5, 261, SQLITE_BUSY_RECOVERY, BusyException",
    "6, 262, SQLITE_LOCKED_SHAREDCACHE, BusyException",
    "9, 9, SQLITE_INTERRUPT, LibSqlTimeoutException",
    "1, 1, SQLITE_ERROR, LibSqlException",
    "1, 513, SQLITE_ERROR_RETRY, LibSqlException",
    "8, 8, SQLITE_READONLY, LibSqlException",
    "8, 1032, SQLITE_READONLY_DBMOVED, LibSqlException",
    "10, 266, SQLITE_IOERR_READ, LibSqlException",
    "10, 1034, SQLITE_IOERR_FSYNC, LibSqlException",
    "11, 267, SQLITE_CORRUPT_VTAB, LibSqlException",
    "14, 14, SQLITE_CANTOPEN, LibSqlException",
    "14, 526, SQLITE_CANTOPEN_ISDIR, LibSqlException",
    "4, 516, SQLITE_ABORT_ROLLBACK, LibSqlException",
    "13, 13, SQLITE_FULL, LibSqlException",
    "21, 21, SQLITE_MISUSE, LibSqlException",
    "25, 25, SQLITE_RANGE, LibSqlException",
    "18, 18, SQLITE_TOOBIG, LibSqlException",
    "19, -1, SQLITE_CONSTRAINT, ConstraintViolationException",
    "1, 9999, SQLITE_ERROR, LibSqlException",
    "77, 77, SQLITE_UNKNOWN_77, LibSqlException",
  })
  void sqliteCodesMapToNamesAndTypes(int code, int extended, String name, String type) {
    LibSqlException e = NativeErrors.map(new NativeException(code, extended, "boom"), "SELECT 1", FILE);
    assertThat(e.code()).isEqualTo(name);
    assertThat(e.getClass().getSimpleName()).isEqualTo(type);
    assertThat(e.extendedCode()).isEqualTo(extended >= 0 ? extended : code);
    assertThat(e.getMessage()).contains("boom").contains("[in: SELECT 1]");
    assertThat(e.getCause()).isInstanceOf(NativeException.class);
  }

  @Test
  void nonSqliteErrorsAndPanics() {
    LibSqlException other = NativeErrors.map(new NativeException(-1, -1, "too many arguments"), "SELECT ?", FILE);
    assertThat(other).isExactlyInstanceOf(LibSqlException.class);
    assertThat(other.code()).isEqualTo("NATIVE_ERROR");
    assertThat(other.extendedCode()).isEqualTo(-1);
    assertThat(other.getMessage()).isEqualTo("too many arguments [in: SELECT ?]");

    LibSqlException panic = NativeErrors.map(new NativeException(-2, -2, "index out of bounds"), null, FILE);
    assertThat(panic.code()).isEqualTo("NATIVE_PANIC");
    assertThat(panic.getMessage()).contains("Rust panic").contains("index out of bounds");
  }

  @Test
  void notADatabaseSaysWhatTheKeyHasToDoWithIt() {
    NativeException notADb = new NativeException(26, 26, "file is not a database");
    LibSqlException withKey = NativeErrors.map(notADb, null,
        new NativeErrors.Context("file:/tmp/secret.db", true, "hunter2-secret".getBytes(StandardCharsets.UTF_8), false));
    assertThat(withKey.code()).isEqualTo("SQLITE_NOTADB");
    assertThat(withKey.getMessage())
        .startsWith("Cannot open file:/tmp/secret.db: wrong encryption key, or the file is not an encrypted libSQL"
            + " database")
        .contains("file is not a database");

    LibSqlException withoutKey = NativeErrors.map(notADb, null, FILE);
    assertThat(withoutKey.getMessage())
        .startsWith("Cannot open file:/tmp/app.db: the file is encrypted (configure its encryptionKey) or is not a"
            + " database");
  }

  @Test
  void theKeyNeverAppearsInAMessage() {
    byte[] key = "correct horse battery staple".getBytes(StandardCharsets.UTF_8);
    NativeErrors.Context ctx = new NativeErrors.Context("file:/tmp/s.db", true, key, false);
    LibSqlException e = NativeErrors.map(
        new NativeException(1, 1, "bad key correct horse battery staple given"), null, ctx);
    assertThat(e.getMessage()).doesNotContain("correct horse").contains("bad key *** given");
    LibSqlException sync = NativeErrors.mapSync(
        new NativeException(-1, -1, "error with correct horse battery staple"), "Syncing x", ctx);
    assertThat(sync.getMessage()).doesNotContain("correct horse");
  }

  @Test
  void syncFailuresAreConnectionErrors() {
    LibSqlException e = NativeErrors.mapSync(
        new NativeException(-1, -1, "connection refused"), "Syncing the embedded replica file:r.db", FILE);
    assertThat(e).isInstanceOf(ConnectionException.class);
    assertThat(e.code()).isEqualTo("SYNC_FAILED");
    assertThat(e.getMessage()).isEqualTo("Syncing the embedded replica file:r.db failed: connection refused");

    LibSqlException sqlite = NativeErrors.mapSync(new NativeException(5, 5, "database is locked"), "Syncing x", FILE);
    assertThat(sqlite).isInstanceOf(BusyException.class);
    assertThat(sqlite.getMessage()).startsWith("Syncing x failed: database is locked");
  }

  @Test
  void aReplicaThatCannotReadItsFileSaysWhatTheKeyHasToDoWithIt() {
    NativeErrors.Context ctx = new NativeErrors.Context("file:/tmp/r.db", true, null, true);
    LibSqlException e = NativeErrors.mapSync(new NativeException(-1, -1,
        "replication error: Injector error: SQLite error: file is not a database"), "Opening the replica", ctx);
    assertThat(e.code()).isEqualTo("SQLITE_NOTADB");
    assertThat(e.getMessage()).startsWith("Cannot open file:/tmp/r.db: wrong encryption key")
        .contains("Opening the replica failed: replication error");
  }

  @Test
  void interruptSaysWhy() {
    LibSqlException e = NativeErrors.map(new NativeException(9, 9, "interrupted"), "SELECT 1", FILE);
    assertThat(e).isInstanceOf(LibSqlTimeoutException.class);
    assertThat(e.getMessage()).contains("interrupt");
  }

  @Test
  void constraintTypeIsConstraintViolation() {
    assertThat(NativeErrors.map(new NativeException(19, 2067, "UNIQUE constraint failed: t.a"), null, FILE))
        .isInstanceOf(ConstraintViolationException.class)
        .hasMessage("UNIQUE constraint failed: t.a");
  }
}
