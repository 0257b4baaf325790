package dev.libsql4j.jdbc;

import dev.libsql4j.AuthenticationException;
import dev.libsql4j.BatchFailedException;
import dev.libsql4j.BusyException;
import dev.libsql4j.ConnectionException;
import dev.libsql4j.ConstraintViolationException;
import dev.libsql4j.LibSqlException;
import dev.libsql4j.LibSqlTimeoutException;
import dev.libsql4j.ProtocolException;
import dev.libsql4j.TransactionExpiredException;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLNonTransientException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransactionRollbackException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLTransientException;
import java.util.Locale;

/**
 * The one place that turns libsql4j exceptions into {@link SQLException}s. A pure function,
 * table-tested in {@code SqlErrorsTest}:
 *
 * <table>
 *   <caption>Mapping</caption>
 *   <tr><th>libsql4j</th><th>JDBC</th><th>SQLState</th></tr>
 *   <tr><td>constraint ({@code SQLITE_CONSTRAINT*})</td><td>SQLIntegrityConstraintViolationException</td><td>23000</td></tr>
 *   <tr><td>connection, {@code CONNECT_FAILED}</td><td>SQLTransientConnectionException</td><td>08001</td></tr>
 *   <tr><td>connection, {@code TLS_HANDSHAKE_FAILED}</td><td>SQLNonTransientConnectionException</td><td>08001</td></tr>
 *   <tr><td>connection, other</td><td>SQLTransientConnectionException</td><td>08006</td></tr>
 *   <tr><td>protocol</td><td>SQLNonTransientConnectionException</td><td>08S01</td></tr>
 *   <tr><td>transport missing</td><td>SQLNonTransientConnectionException</td><td>08001</td></tr>
 *   <tr><td>timeout, interrupt</td><td>SQLTimeoutException</td><td>HYT00</td></tr>
 *   <tr><td>authentication</td><td>SQLInvalidAuthorizationSpecException</td><td>28000</td></tr>
 *   <tr><td>busy / locked</td><td>SQLTransientException</td><td>HY000</td></tr>
 *   <tr><td>transaction expired / lost</td><td>SQLTransactionRollbackException</td><td>40001</td></tr>
 *   <tr><td>parse error, syntax error (also sqld's HTTP 500 for a cursor that does not parse)</td>
 *       <td>SQLSyntaxErrorException</td><td>42000</td></tr>
 *   <tr><td>no such table / view</td><td>SQLSyntaxErrorException</td><td>42S02</td></tr>
 *   <tr><td>no such column</td><td>SQLSyntaxErrorException</td><td>42S22</td></tr>
 *   <tr><td>arguments do not match parameters</td><td>SQLException</td><td>07001</td></tr>
 *   <tr><td>read-only</td><td>SQLNonTransientException</td><td>25006</td></tr>
 *   <tr><td>type mismatch, too big</td><td>SQLDataException</td><td>22000 / 22001</td></tr>
 *   <tr><td>anything else</td><td>SQLException</td><td>HY000</td></tr>
 * </table>
 *
 * <p>The vendor code is the SQLite extended result code (looked up by name when the transport
 * does not send the number; 0 when the error is not a SQLite one). The cause is the original
 * exception; the message starts with the code in brackets.
 */
final class SqlErrors {
    private SqlErrors() {
    }

    /** Maps any runtime exception from the core API. */
    static SQLException map(RuntimeException e) {
        if (e instanceof LibSqlException) {
            return map((LibSqlException) e);
        }
        if (e instanceof IllegalStateException) {
            String m = String.valueOf(e.getMessage());
            return new SQLException(m, m.contains("closed") ? "08003" : "HY010", e);
        }
        if (e instanceof IllegalArgumentException) {
            return new SQLException(e.getMessage(), "22023", e);
        }
        return new SQLException("Unexpected error: " + e, "HY000", e);
    }

    /** Maps a libsql4j exception. */
    static SQLException map(LibSqlException e) {
        LibSqlException source = e instanceof BatchFailedException && e.getCause() instanceof LibSqlException
                ? (LibSqlException) e.getCause() : e;
        String rawMessage = e.getMessage() == null ? e.code() : e.getMessage();
        String code = SqliteCodes.refine(source.code(), source.getMessage());
        int vendor = source.extendedCode() >= 0 ? source.extendedCode() : Math.max(0, SqliteCodes.number(code));
        String msg = "[" + code + "] " + rawMessage;
        String lower = rawMessage.toLowerCase(Locale.ROOT);
        SQLException out;
        if (source instanceof TransactionExpiredException) {
            out = new SQLTransactionRollbackException(msg, "40001", vendor);
        } else if (source instanceof ConstraintViolationException || code.startsWith("SQLITE_CONSTRAINT")) {
            out = new SQLIntegrityConstraintViolationException(msg, "23000", vendor);
        } else if (source instanceof AuthenticationException) {
            out = new SQLInvalidAuthorizationSpecException(msg, "28000", vendor);
        } else if (source instanceof LibSqlTimeoutException) {
            out = new SQLTimeoutException(msg, "HYT00", vendor);
        } else if (source instanceof BusyException) {
            out = new SQLTransientException(msg, "HY000", vendor);
        } else if (isParseErrorAs500(code, lower)) {
            // sqld's /v3/cursor answers a statement that does not parse with HTTP 500 and the
            // parser's message, where /v3/pipeline sends a SQL_PARSE_ERROR; it is not a
            // connection problem, and retrying it would fail again.
            out = new SQLSyntaxErrorException(msg, syntaxState(lower), vendor);
        } else if (code.equals("TLS_HANDSHAKE_FAILED")) {
            // The URL does not fit the server (TLS against plain HTTP, a bad certificate): retrying fails again.
            out = new SQLNonTransientConnectionException(msg, "08001", vendor);
        } else if (source instanceof ConnectionException) {
            out = new SQLTransientConnectionException(msg, "CONNECT_FAILED".equals(code) ? "08001" : "08006", vendor);
        } else if (source instanceof ProtocolException) {
            out = new SQLNonTransientConnectionException(msg, "08S01", vendor);
        } else if ("TRANSPORT_MISSING".equals(code)) {
            out = new SQLNonTransientConnectionException(msg, "08001", vendor);
        } else if (code.equals("SQL_PARSE_ERROR") || code.equals("SQL_INPUT_ERROR") || code.equals("SQL_NO_STATEMENT")
                || code.equals("SQL_MANY_STATEMENTS") || isSqliteError(code) && isSyntax(lower)) {
            out = new SQLSyntaxErrorException(msg, syntaxState(lower), vendor);
        } else if (code.equals("ARGS_INVALID") || code.startsWith("SQLITE_RANGE")) {
            out = new SQLException(msg, "07001", vendor);
        } else if (code.startsWith("SQLITE_READONLY")) {
            out = new SQLNonTransientException(msg, "25006", vendor);
        } else if (code.startsWith("SQLITE_MISMATCH")) {
            out = new SQLDataException(msg, "22000", vendor);
        } else if (code.startsWith("SQLITE_TOOBIG")) {
            out = new SQLDataException(msg, "22001", vendor);
        } else {
            out = new SQLException(msg, "HY000", vendor);
        }
        out.initCause(e);
        return out;
    }

    private static boolean isParseErrorAs500(String code, String lowerMessage) {
        return code.equals("HTTP_500") && (lowerMessage.contains("sql string could not be parsed")
                || lowerMessage.contains("sql input error"));
    }

    private static boolean isSqliteError(String code) {
        return code.equals("SQLITE_ERROR") || code.equals("SQLITE_UNKNOWN") || code.equals("UNKNOWN");
    }

    private static boolean isSyntax(String lowerMessage) {
        // sqld's own parser ("SQL string could not be parsed: ...") and its prepare-time errors
        // ("SQL input error: ...") come as SQLITE_ERROR too, as the local engine reports them.
        return lowerMessage.contains("syntax error") || lowerMessage.contains("no such table")
                || lowerMessage.contains("sql string could not be parsed") || lowerMessage.contains("sql input error")
                || lowerMessage.contains("no such column") || lowerMessage.contains("no such view")
                || lowerMessage.contains("no such function") || lowerMessage.contains("no such index")
                || lowerMessage.contains("incomplete input") || lowerMessage.contains("unrecognized token")
                || lowerMessage.contains("already exists");
    }

    private static String syntaxState(String lowerMessage) {
        if (lowerMessage.contains("no such table") || lowerMessage.contains("no such view")) {
            return "42S02";
        }
        if (lowerMessage.contains("no such column")) {
            return "42S22";
        }
        if (lowerMessage.contains("already exists")) {
            return lowerMessage.contains("index") ? "42S11" : "42S01";
        }
        return "42000";
    }

    /** "{what} is closed", for use of a closed JDBC object. */
    static SQLException closed(String what) {
        return new SQLException(what + " is closed", what.startsWith("Connection") ? "08003" : "HY010");
    }

    /** A feature this driver does not have. */
    static SQLFeatureNotSupportedException unsupported(String what) {
        return new SQLFeatureNotSupportedException(what + " is not supported by the libSQL JDBC driver", "0A000");
    }
}
