package dev.libsql4j.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.libsql4j.BusyException;
import dev.libsql4j.ConstraintViolationException;
import dev.libsql4j.LibSqlException;
import dev.libsql4j.LibSqlTimeoutException;
import dev.libsql4j.TransactionExpiredException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * sqld's error codes and messages (as sqld 0.24.32 sends them) → the code, number and type the
 * embedded transport reports for the same error. The local engine's extended code is the truth.
 */
class HttpErrorsTest {

    /** The schema the fake lookup knows: table → PRIMARY KEY columns in key order. */
    private static final Map<String, List<String>> KEYS = Map.of(
            "t", List.of("id"),                // id INTEGER PRIMARY KEY, u UNIQUE
            "w", List.of("a"),                 // a TEXT PRIMARY KEY
            "k", List.of("b", "a"),            // PRIMARY KEY(b, a) WITHOUT ROWID
            "r", List.of());                   // no declared key

    static Stream<Arguments> table() {
        return Stream.of(
                // code, message, expected name, number, type
                row("SQLITE_CONSTRAINT", "SQLite error: UNIQUE constraint failed: t.id",
                        "SQLITE_CONSTRAINT_PRIMARYKEY", 1555, ConstraintViolationException.class),
                row("SQLITE_CONSTRAINT", "SQLite error: UNIQUE constraint failed: w.a",
                        "SQLITE_CONSTRAINT_PRIMARYKEY", 1555, ConstraintViolationException.class),
                row("SQLITE_CONSTRAINT", "SQLite error: UNIQUE constraint failed: k.b, k.a",
                        "SQLITE_CONSTRAINT_PRIMARYKEY", 1555, ConstraintViolationException.class),
                row("SQLITE_CONSTRAINT", "SQLite error: UNIQUE constraint failed: k.a, k.b",
                        "SQLITE_CONSTRAINT_UNIQUE", 2067, ConstraintViolationException.class),
                row("SQLITE_CONSTRAINT", "SQLite error: UNIQUE constraint failed: t.u",
                        "SQLITE_CONSTRAINT_UNIQUE", 2067, ConstraintViolationException.class),
                row("SQLITE_CONSTRAINT", "SQLite error: UNIQUE constraint failed: t.id, t.u",
                        "SQLITE_CONSTRAINT_UNIQUE", 2067, ConstraintViolationException.class),
                row("SQLITE_CONSTRAINT", "SQLite error: UNIQUE constraint failed: index 'by_expr'",
                        "SQLITE_CONSTRAINT_UNIQUE", 2067, ConstraintViolationException.class),
                row("SQLITE_CONSTRAINT", "SQLite error: UNIQUE constraint failed: unknown.id",
                        "SQLITE_CONSTRAINT_UNIQUE", 2067, ConstraintViolationException.class),
                row("SQLITE_CONSTRAINT", "SQLite error: UNIQUE constraint failed: r.rowid",
                        "SQLITE_CONSTRAINT_ROWID", 2579, ConstraintViolationException.class),
                row("SQLITE_CONSTRAINT", "SQLite error: NOT NULL constraint failed: t.n",
                        "SQLITE_CONSTRAINT_NOTNULL", 1299, ConstraintViolationException.class),
                row("SQLITE_CONSTRAINT", "SQLite error: CHECK constraint failed: c > 0",
                        "SQLITE_CONSTRAINT_CHECK", 275, ConstraintViolationException.class),
                row("SQLITE_CONSTRAINT", "SQLite error: FOREIGN KEY constraint failed",
                        "SQLITE_CONSTRAINT_FOREIGNKEY", 787, ConstraintViolationException.class),
                row("SQLITE_CONSTRAINT", "SQLite error: cannot store TEXT value in INTEGER column s.a",
                        "SQLITE_CONSTRAINT_DATATYPE", 3091, ConstraintViolationException.class),
                // A trigger's RAISE(ABORT, ...): the text is the user's, the kind is not known.
                row("SQLITE_CONSTRAINT", "SQLite error: no negative balances",
                        "SQLITE_CONSTRAINT", 19, ConstraintViolationException.class),
                row("SQLITE_UNKNOWN", "SQLite error: no such table: nope",
                        "SQLITE_ERROR", 1, LibSqlException.class),
                row("SQL_INPUT_ERROR", "SQL input error: no such column: nope (at offset 7)",
                        "SQLITE_ERROR", 1, LibSqlException.class),
                row("SQL_PARSE_ERROR", "SQL string could not be parsed: syntax error around L1:6: `SELEC`",
                        "SQLITE_ERROR", 1, LibSqlException.class),
                row("SQLITE_INTERRUPT", "SQLite error: interrupted",
                        "SQLITE_INTERRUPT", 9, LibSqlTimeoutException.class),
                row("SQLITE_READONLY", "SQLite error: attempt to write a readonly database",
                        "SQLITE_READONLY", 8, LibSqlException.class),
                row("SQLITE_BUSY", "SQLite error: database is locked",
                        "SQLITE_BUSY", 5, BusyException.class),
                row("SQLITE_LOCKED", "SQLite error: database table is locked",
                        "SQLITE_LOCKED", 6, BusyException.class),
                row("SQLITE_TOOBIG", "SQLite error: string or blob too big",
                        "SQLITE_TOOBIG", 18, LibSqlException.class),
                // Hrana codes with no SQLite counterpart keep their names and have no number.
                row("TRANSACTION_BUSY", "Transaction is busy", "TRANSACTION_BUSY", -1, BusyException.class),
                row("TRANSACTION_TIMEOUT", "Transaction timed out",
                        "TRANSACTION_TIMEOUT", -1, TransactionExpiredException.class),
                row("ARGS_INVALID", "Arguments do not match SQL parameters",
                        "ARGS_INVALID", -1, LibSqlException.class),
                row("SQL_MANY_STATEMENTS", "SQL string contains more than one statement",
                        "SQL_MANY_STATEMENTS", -1, LibSqlException.class),
                row("RESPONSE_TOO_LARGE", "Response is too large",
                        "RESPONSE_TOO_LARGE", -1, LibSqlException.class));
    }

    private static Arguments row(String code, String message, String name, int number,
                                 Class<? extends LibSqlException> type) {
        return Arguments.of(code, message, name, number, type);
    }

    @ParameterizedTest
    @MethodSource("table")
    void mapsSqldCodesToTheLocalEnginesCodes(String code, String message, String name, int number,
                                             Class<? extends LibSqlException> type) {
        LibSqlException e = HttpErrors.fromHrana(new HranaError(message, code), "INSERT INTO t VALUES (1)",
                KEYS::get);
        assertThat(e).isExactlyInstanceOf(type);
        assertThat(e.code()).isEqualTo(name);
        assertThat(e.extendedCode()).isEqualTo(number);
        assertThat(e.getMessage()).contains(message).contains("[in: INSERT INTO t VALUES (1)]");
    }

    @Test
    void theKeyIsLookedUpOnlyForAUniqueFailureAndAFailedLookupMeansUnique() {
        List<String> asked = new ArrayList<>();
        HttpErrors.PrimaryKeys recording = t -> {
            asked.add(t);
            return KEYS.get(t);
        };
        HttpErrors.fromHrana(new HranaError("SQLite error: NOT NULL constraint failed: t.n", "SQLITE_CONSTRAINT"),
                null, recording);
        HttpErrors.fromHrana(new HranaError("SQLite error: no such table: x", "SQLITE_UNKNOWN"), null, recording);
        assertThat(asked).isEmpty();
        HttpErrors.fromHrana(new HranaError("SQLite error: UNIQUE constraint failed: t.id", "SQLITE_CONSTRAINT"),
                null, recording);
        assertThat(asked).containsExactly("t");

        HranaError pk = new HranaError("SQLite error: UNIQUE constraint failed: t.id", "SQLITE_CONSTRAINT");
        assertThat(HttpErrors.fromHrana(pk, null, HttpErrors.PrimaryKeys.UNKNOWN).code())
                .isEqualTo("SQLITE_CONSTRAINT_UNIQUE");
        assertThat(HttpErrors.fromHrana(pk, null, t -> {
            throw new IllegalStateException("lookup failed");
        }).extendedCode()).isEqualTo(2067);
        assertThat(HttpErrors.fromHrana(pk, null, t -> List.of("ID")).code())
                .as("SQLite compares column names without case")
                .isEqualTo("SQLITE_CONSTRAINT_PRIMARYKEY");
    }

    @Test
    void anInterruptedCallHasTheEmbeddedTransportsCode() {
        LibSqlException e = HttpErrors.fromIo(new InterruptedIOException("canceled"), "http://db/v3/pipeline", true,
                false, "PT30S");
        assertThat(e).isExactlyInstanceOf(LibSqlTimeoutException.class);
        assertThat(e.code()).isEqualTo("SQLITE_INTERRUPT");
        assertThat(e.extendedCode()).isEqualTo(9);
        assertThat(e.getMessage()).contains("interrupted").contains("http://db/v3/pipeline");
    }

    @Test
    void aStatementErrorInAnHttp500HasTheSqliteCode() {
        LibSqlException e = HttpErrors.fromStatus(500, "application/json",
                "{\"error\":\"Internal Error: `SQL string could not be parsed: syntax error around L1:6: `SELEC``\"}",
                "http://db/v3/cursor", false);
        assertThat(e.code()).isEqualTo("SQLITE_ERROR");
        assertThat(e.extendedCode()).isEqualTo(1);
        assertThat(e.getMessage()).startsWith("SQL string could not be parsed: syntax error around L1:6");
    }
}
