package dev.libsql4j.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.libsql4j.AuthenticationException;
import dev.libsql4j.BatchFailedException;
import dev.libsql4j.BusyException;
import dev.libsql4j.ConnectionException;
import dev.libsql4j.ConstraintViolationException;
import dev.libsql4j.LibSqlException;
import dev.libsql4j.LibSqlTimeoutException;
import dev.libsql4j.ProtocolException;
import dev.libsql4j.TransactionExpiredException;
import dev.libsql4j.spi.Errors;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLNonTransientException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransactionRollbackException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLTransientException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SqlErrorsTest {
    static Stream<Arguments> table() {
        return Stream.of(
                // what the HTTP transport produces: a code name, no number
                row(Errors.fromCode("SQLITE_CONSTRAINT", -1, "SQLite error: UNIQUE constraint failed: t.name", null),
                        SQLIntegrityConstraintViolationException.class, "23000", 2067, "SQLITE_CONSTRAINT_UNIQUE"),
                row(Errors.fromCode("SQLITE_CONSTRAINT", -1, "SQLite error: NOT NULL constraint failed: t.a", null),
                        SQLIntegrityConstraintViolationException.class, "23000", 1299, "SQLITE_CONSTRAINT_NOTNULL"),
                row(Errors.fromCode("SQLITE_CONSTRAINT", -1, "SQLite error: FOREIGN KEY constraint failed", null),
                        SQLIntegrityConstraintViolationException.class, "23000", 787, "SQLITE_CONSTRAINT_FOREIGNKEY"),
                row(Errors.fromCode("SQLITE_CONSTRAINT", -1, "SQLite error: CHECK constraint failed: a > 0", null),
                        SQLIntegrityConstraintViolationException.class, "23000", 275, "SQLITE_CONSTRAINT_CHECK"),
                row(Errors.fromCode("SQLITE_CONSTRAINT", -1, "something else", null),
                        SQLIntegrityConstraintViolationException.class, "23000", 19, "SQLITE_CONSTRAINT"),
                // what the embedded transport produces: the extended code with its number
                row(new ConstraintViolationException("SQLITE_CONSTRAINT_PRIMARYKEY", 1555, "PRIMARY KEY failed", null),
                        SQLIntegrityConstraintViolationException.class, "23000", 1555, "SQLITE_CONSTRAINT_PRIMARYKEY"),
                row(new ConnectionException("CONNECT_FAILED", "Cannot connect", null),
                        SQLTransientConnectionException.class, "08001", 0, "CONNECT_FAILED"),
                row(new ConnectionException("TLS_HANDSHAKE_FAILED", "does not speak TLS", null),
                        SQLNonTransientConnectionException.class, "08001", 0, "TLS_HANDSHAKE_FAILED"),
                row(new ConnectionException("HTTP_503", "unavailable", null),
                        SQLTransientConnectionException.class, "08006", 0, "HTTP_503"),
                row(new ConnectionException("IO_ERROR", "reset", null),
                        SQLTransientConnectionException.class, "08006", 0, "IO_ERROR"),
                row(new ProtocolException("PROTOCOL_ERROR", "bad json", null),
                        SQLNonTransientConnectionException.class, "08S01", 0, "PROTOCOL_ERROR"),
                row(new LibSqlException("TRANSPORT_MISSING", "add libsql4j-transport-embedded", null),
                        SQLNonTransientConnectionException.class, "08001", 0, "TRANSPORT_MISSING"),
                row(new LibSqlTimeoutException("TIMEOUT", "no answer", null),
                        SQLTimeoutException.class, "HYT00", 0, "TIMEOUT"),
                row(new LibSqlTimeoutException("INTERRUPTED", "interrupted", null),
                        SQLTimeoutException.class, "HYT00", 0, "INTERRUPTED"),
                row(Errors.fromCode("SQLITE_INTERRUPT", 9, "interrupted", null),
                        SQLTimeoutException.class, "HYT00", 9, "SQLITE_INTERRUPT"),
                row(new AuthenticationException("HTTP_401", "refused", null),
                        SQLInvalidAuthorizationSpecException.class, "28000", 0, "HTTP_401"),
                row(Errors.fromCode("SQLITE_BUSY", 5, "database is locked", null),
                        SQLTransientException.class, "HY000", 5, "SQLITE_BUSY"),
                row(new BusyException("SQLITE_LOCKED", "locked", null),
                        SQLTransientException.class, "HY000", 6, "SQLITE_LOCKED"),
                row(new TransactionExpiredException("STREAM_EXPIRED", "expired", null),
                        SQLTransactionRollbackException.class, "40001", 0, "STREAM_EXPIRED"),
                row(Errors.fromCode("TRANSACTION_TIMEOUT", -1, "Transaction timed out", null),
                        SQLTransactionRollbackException.class, "40001", 0, "TRANSACTION_TIMEOUT"),
                row(Errors.fromCode("SQL_PARSE_ERROR", -1, "SQL string could not be parsed", null),
                        SQLSyntaxErrorException.class, "42000", 0, "SQL_PARSE_ERROR"),
                row(Errors.fromCode("SQL_INPUT_ERROR", -1, "SQL input error: no such column: x", null),
                        SQLSyntaxErrorException.class, "42S22", 0, "SQL_INPUT_ERROR"),
                row(Errors.fromCode("SQLITE_UNKNOWN", -1, "SQLite error: no such table: nosuch", null),
                        SQLSyntaxErrorException.class, "42S02", 0, "SQLITE_UNKNOWN"),
                // what the HTTP transport makes of sqld's codes: the embedded transport's code and number
                row(Errors.fromCode("SQLITE_ERROR", 1, "SQL string could not be parsed: unexpected end of input at (1, 11)",
                        null), SQLSyntaxErrorException.class, "42000", 1, "SQLITE_ERROR"),
                row(Errors.fromCode("SQLITE_ERROR", 1, "SQL input error: no such column: x (at offset 7)", null),
                        SQLSyntaxErrorException.class, "42S22", 1, "SQLITE_ERROR"),
                row(Errors.fromCode("SQLITE_ERROR", 1, "SQL input error: no such function: f (at offset 7)", null),
                        SQLSyntaxErrorException.class, "42000", 1, "SQLITE_ERROR"),
                row(Errors.fromCode("SQLITE_ERROR", 1, "SQLite error: no such table: nosuch", null),
                        SQLSyntaxErrorException.class, "42S02", 1, "SQLITE_ERROR"),
                row(Errors.fromCode("SQLITE_CONSTRAINT_PRIMARYKEY", 1555, "SQLite error: UNIQUE constraint failed: t.id",
                        null), SQLIntegrityConstraintViolationException.class, "23000", 1555, "SQLITE_CONSTRAINT_PRIMARYKEY"),
                row(new LibSqlTimeoutException("SQLITE_INTERRUPT", 9, "The call was interrupted", null),
                        SQLTimeoutException.class, "HYT00", 9, "SQLITE_INTERRUPT"),
                row(Errors.fromCode("SQLITE_ERROR", 1, "near \"selec\": syntax error", null),
                        SQLSyntaxErrorException.class, "42000", 1, "SQLITE_ERROR"),
                row(Errors.fromCode("SQLITE_ERROR", 1, "table t already exists", null),
                        SQLSyntaxErrorException.class, "42S01", 1, "SQLITE_ERROR"),
                row(new ConnectionException("HTTP_500", "The server at http://h/v3/cursor failed with HTTP 500: Internal"
                        + " Error: `SQL string could not be parsed: syntax error around L1:6: `SELEC``.", null),
                        SQLSyntaxErrorException.class, "42000", 0, "HTTP_500"),
                row(new ConnectionException("HTTP_500", "failed with HTTP 500: Internal Error: `SQL input error: no such"
                        + " column: x (at offset 7)`", null),
                        SQLSyntaxErrorException.class, "42S22", 0, "HTTP_500"),
                row(Errors.fromCode("SQL_MANY_STATEMENTS", -1, "more than one statement", null),
                        SQLSyntaxErrorException.class, "42000", 0, "SQL_MANY_STATEMENTS"),
                row(Errors.fromCode("ARGS_INVALID", -1, "value for parameter :a not found", null),
                        SQLException.class, "07001", 0, "ARGS_INVALID"),
                row(Errors.fromCode("SQLITE_READONLY", 8, "attempt to write a readonly database", null),
                        SQLNonTransientException.class, "25006", 8, "SQLITE_READONLY"),
                row(Errors.fromCode("SQLITE_MISMATCH", 20, "datatype mismatch", null),
                        SQLDataException.class, "22000", 20, "SQLITE_MISMATCH"),
                row(Errors.fromCode("SQLITE_TOOBIG", 18, "string or blob too big", null),
                        SQLDataException.class, "22001", 18, "SQLITE_TOOBIG"),
                row(Errors.fromCode("SQLITE_ERROR", 1, "cannot commit - no transaction is active", null),
                        SQLException.class, "HY000", 1, "SQLITE_ERROR"),
                row(Errors.fromCode("SQLITE_IOERR_WRITE", 778, "disk I/O error", null),
                        SQLException.class, "HY000", 778, "SQLITE_IOERR_WRITE"),
                row(new LibSqlException("HTTP_404", "not found", null),
                        SQLException.class, "HY000", 0, "HTTP_404"));
    }

    private static Arguments row(LibSqlException e, Class<? extends SQLException> type, String state, int vendor,
                                 String code) {
        return Arguments.of(e, type, state, vendor, code);
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @MethodSource("table")
    void mapsEveryKind(LibSqlException e, Class<? extends SQLException> type, String state, int vendor, String code) {
        SQLException s = SqlErrors.map(e);
        assertThat((Throwable) s).isExactlyInstanceOf(type);
        assertThat(s.getSQLState()).isEqualTo(state);
        assertThat(s.getErrorCode()).isEqualTo(vendor);
        assertThat(s.getCause()).isSameAs(e);
        assertThat(s.getMessage()).startsWith("[" + code + "] ").contains(e.getMessage());
    }

    @Test
    void batchFailureIsMappedByItsStep() {
        LibSqlException step = Errors.fromCode("SQLITE_CONSTRAINT", -1, "UNIQUE constraint failed: t.a", null);
        BatchFailedException b = new BatchFailedException(2, "Batch step 2 failed: UNIQUE constraint failed: t.a", step);
        SQLException s = SqlErrors.map(b);
        assertThat((Throwable) s).isInstanceOf(SQLIntegrityConstraintViolationException.class);
        assertThat(s.getErrorCode()).isEqualTo(2067);
        assertThat(s.getCause()).isSameAs(b);
        assertThat(s.getMessage()).contains("Batch step 2");
    }

    @Test
    void apiMisuseAndUnknownFailures() {
        assertThat(SqlErrors.map(new IllegalStateException("Connection to x is closed")).getSQLState()).isEqualTo("08003");
        assertThat(SqlErrors.map(new IllegalStateException("A transaction is already open")).getSQLState())
                .isEqualTo("HY010");
        assertThat(SqlErrors.map(new IllegalArgumentException("Unsupported argument type")).getSQLState())
                .isEqualTo("22023");
        SQLException npe = SqlErrors.map(new NullPointerException("x"));
        assertThat(npe.getSQLState()).isEqualTo("HY000");
        assertThat(npe.getCause()).isInstanceOf(NullPointerException.class);
    }

    @Test
    void closedMessagesNameTheObject() {
        assertThat((Throwable) SqlErrors.closed("ResultSet")).hasMessage("ResultSet is closed");
        assertThat(SqlErrors.closed("Connection to jdbc:libsql:x").getSQLState()).isEqualTo("08003");
        assertThat(SqlErrors.closed("Statement").getSQLState()).isEqualTo("HY010");
    }

    @Test
    void codeNumbers() {
        assertThat(SqliteCodes.number("SQLITE_OK")).isZero();
        assertThat(SqliteCodes.number("SQLITE_BUSY_SNAPSHOT")).isEqualTo(517);
        assertThat(SqliteCodes.number("SQLITE_CONSTRAINT_ROWID")).isEqualTo(2579);
        assertThat(SqliteCodes.number("HTTP_500")).isEqualTo(-1);
        assertThat(SqliteCodes.number(null)).isEqualTo(-1);
    }
}
