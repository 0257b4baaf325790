package dev.libsql4j.http.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.libsql4j.AuthenticationException;
import dev.libsql4j.ConnectionException;
import dev.libsql4j.LibSqlException;
import dev.libsql4j.LibSqlTimeoutException;
import dev.libsql4j.ProtocolException;
import dev.libsql4j.TransactionExpiredException;
import dev.libsql4j.spi.Errors;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * The one place that turns HTTP statuses, I/O failures and Hrana errors into libsql4j
 * exceptions. Pure functions; table-tested.
 */
final class HttpErrors {
    static final String LOST = "The transaction was lost and rolled back by the server";

    private HttpErrors() {
    }

    /** A Hrana error from a statement, mapped by its code; a UNIQUE failure is reported as a UNIQUE one. */
    static LibSqlException fromHrana(HranaError e, String sql) {
        return fromHrana(e, sql, PrimaryKeys.UNKNOWN);
    }

    /**
     * A Hrana error from a statement, mapped by its code. Errors that are SQLite's get the code
     * the embedded transport reports for the same error (see {@link #sqliteCode}).
     *
     * @param keys where a UNIQUE failure's table is looked up, to tell a PRIMARY KEY from a UNIQUE one
     */
    static LibSqlException fromHrana(HranaError e, String sql, PrimaryKeys keys) {
        String code = e.code() == null ? "UNKNOWN" : e.code();
        String msg = e.message();
        if (code.equals("TRANSACTION_TIMEOUT")) {
            msg = LOST + ": another writer took the write lock after this transaction held it idle too long"
                    + " (TRANSACTION_TIMEOUT: " + e.message() + ")";
        } else if (code.equals("STREAM_EXPIRED")) {
            msg = LOST + ": its stream expired after about 10 s without a request (STREAM_EXPIRED)";
        }
        msg = msg + (sql == null ? "" : " [in: " + abbreviate(sql) + "]");
        SqliteCode sqlite = sqliteCode(code, e.message(), keys);
        if (sqlite != null) {
            return Errors.fromCode(sqlite.name(), sqlite.number(), msg, null);
        }
        return Errors.fromCode(code, -1, msg, null);
    }

    // ------------------------------------------------------------------ sqld codes → SQLite codes

    /** A SQLite result code: its name ({@code SQLITE_CONSTRAINT_UNIQUE}) and number (2067). */
    record SqliteCode(String name, int number) {
    }

    /**
     * Where the mapper looks up a table's PRIMARY KEY: sqld's message for a duplicate key is the
     * same for a PRIMARY KEY and a UNIQUE constraint, and SQLite's extended code says which.
     */
    @FunctionalInterface
    interface PrimaryKeys {
        /** Looks nothing up: every UNIQUE failure stays a UNIQUE one. */
        PrimaryKeys UNKNOWN = table -> null;

        /**
         * @param table a table name as SQLite's message shows it
         * @return its PRIMARY KEY columns in key order (empty if it has none or is unknown), or
         *     null when they could not be looked up
         */
        java.util.List<String> columns(String table);
    }

    /** SQLite's primary result codes, by number. */
    private static final String[] SQLITE_PRIMARY = {"SQLITE_OK", "SQLITE_ERROR", "SQLITE_INTERNAL", "SQLITE_PERM",
        "SQLITE_ABORT", "SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_NOMEM", "SQLITE_READONLY", "SQLITE_INTERRUPT",
        "SQLITE_IOERR", "SQLITE_CORRUPT", "SQLITE_NOTFOUND", "SQLITE_FULL", "SQLITE_CANTOPEN", "SQLITE_PROTOCOL",
        "SQLITE_EMPTY", "SQLITE_SCHEMA", "SQLITE_TOOBIG", "SQLITE_CONSTRAINT", "SQLITE_MISMATCH", "SQLITE_MISUSE",
        "SQLITE_NOLFS", "SQLITE_AUTH", "SQLITE_FORMAT", "SQLITE_RANGE", "SQLITE_NOTADB", "SQLITE_NOTICE",
        "SQLITE_WARNING"};

    /**
     * sqld codes that stand for a SQLite code other than their own name. sqld (through rusqlite)
     * reports a plain SQLITE_ERROR as {@code SQLITE_UNKNOWN}; its own parser's rejections and the
     * errors SQLite raises while preparing (no such column, no such function, table already
     * exists) get codes of their own, where SQLite says SQLITE_ERROR.
     */
    private static final String[][] HRANA_AS_SQLITE = {
        {"SQLITE_UNKNOWN", "SQLITE_ERROR"},
        {"SQL_PARSE_ERROR", "SQLITE_ERROR"},
        {"SQL_INPUT_ERROR", "SQLITE_ERROR"},
    };

    static final int SQLITE_CONSTRAINT = 19;
    static final int SQLITE_INTERRUPT = 9;
    static final SqliteCode CONSTRAINT_PRIMARYKEY = new SqliteCode("SQLITE_CONSTRAINT_PRIMARYKEY", 19 | 6 << 8);
    static final SqliteCode CONSTRAINT_UNIQUE = new SqliteCode("SQLITE_CONSTRAINT_UNIQUE", 19 | 8 << 8);
    static final SqliteCode CONSTRAINT_ROWID = new SqliteCode("SQLITE_CONSTRAINT_ROWID", 19 | 10 << 8);
    private static final String UNIQUE_FAILED = "UNIQUE constraint failed: ";

    /**
     * sqld sends primary codes only; SQLite's fixed message texts give the extended code of a
     * constraint failure (message prefix → code). A UNIQUE failure may be a PRIMARY KEY or a
     * rowid one ({@link #uniqueKind}). Constraint failures with other messages (a trigger's
     * {@code RAISE(ABORT, ...)}) stay plain SQLITE_CONSTRAINT: the text is the user's own.
     */
    private static final Object[][] CONSTRAINT_MESSAGES = {
        {"NOT NULL constraint failed", new SqliteCode("SQLITE_CONSTRAINT_NOTNULL", 19 | 5 << 8)},
        {"CHECK constraint failed", new SqliteCode("SQLITE_CONSTRAINT_CHECK", 19 | 1 << 8)},
        {"FOREIGN KEY constraint failed", new SqliteCode("SQLITE_CONSTRAINT_FOREIGNKEY", 19 | 3 << 8)},
        {"cannot store ", new SqliteCode("SQLITE_CONSTRAINT_DATATYPE", 19 | 12 << 8)},
        {UNIQUE_FAILED, CONSTRAINT_UNIQUE},
    };

    /**
     * The SQLite code the embedded transport reports for the error sqld reported as
     * {@code code} with {@code message}; null when the error is not a SQLite one (a Hrana code
     * such as {@code STREAM_EXPIRED} or {@code ARGS_INVALID}).
     */
    static SqliteCode sqliteCode(String code, String message, PrimaryKeys keys) {
        if (code == null) {
            return null;
        }
        String name = code;
        for (String[] alias : HRANA_AS_SQLITE) {
            if (alias[0].equals(code)) {
                name = alias[1];
            }
        }
        int primary = java.util.Arrays.asList(SQLITE_PRIMARY).indexOf(name);
        if (primary < 0) {
            return null;
        }
        if (primary == SQLITE_CONSTRAINT && message != null) {
            String text = message.startsWith("SQLite error: ") ? message.substring("SQLite error: ".length()) : message;
            for (Object[] row : CONSTRAINT_MESSAGES) {
                if (text.startsWith((String) row[0])) {
                    return row[1] == CONSTRAINT_UNIQUE ? uniqueKind(text.substring(UNIQUE_FAILED.length()), keys)
                            : (SqliteCode) row[1];
                }
            }
        }
        return new SqliteCode(name, primary);
    }

    /**
     * Which key a "UNIQUE constraint failed: t.a, t.b" is about. SQLite names the columns of the
     * index that failed: if they are the table's PRIMARY KEY (in key order) it is
     * SQLITE_CONSTRAINT_PRIMARYKEY; {@code t.rowid} on a table without that column is a duplicate
     * rowid; anything else, or a table that cannot be looked up, is a UNIQUE constraint.
     */
    static SqliteCode uniqueKind(String columnList, PrimaryKeys keys) {
        String[] parts = columnList.split(", ");
        int dot = parts[0].indexOf('.');
        if (dot <= 0 || columnList.startsWith("index '")) {
            return CONSTRAINT_UNIQUE;
        }
        String table = parts[0].substring(0, dot);
        java.util.List<String> cols = new java.util.ArrayList<>();
        for (String p : parts) {
            if (!p.startsWith(table + ".")) {
                return CONSTRAINT_UNIQUE;
            }
            cols.add(p.substring(table.length() + 1));
        }
        java.util.List<String> pk;
        try {
            pk = keys.columns(table);
        } catch (RuntimeException e) {
            pk = null;
        }
        if (pk != null && !pk.isEmpty() && pk.size() == cols.size()) {
            boolean same = true;
            for (int i = 0; i < pk.size(); i++) {
                same &= pk.get(i).equalsIgnoreCase(cols.get(i));
            }
            if (same) {
                return CONSTRAINT_PRIMARYKEY;
            }
        }
        if (cols.size() == 1 && cols.get(0).equals("rowid")) {
            return CONSTRAINT_ROWID;
        }
        return CONSTRAINT_UNIQUE;
    }

    /**
     * The exception for a non-200 response.
     *
     * @param inTx whether a transaction was open on the stream (it is lost now)
     */
    static LibSqlException fromStatus(int status, String contentType, String body, String where, boolean inTx) {
        String text = body == null ? "" : body.trim();
        HranaError hrana = null;
        String jsonError = null;
        if (contentType != null && contentType.contains("json") && text.startsWith("{")) {
            try (JsonParser p = HranaJson.FACTORY.createParser(text)) {
                if (p.nextToken() == JsonToken.START_OBJECT) {
                    String message = null;
                    String code = null;
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String f = p.currentName();
                        JsonToken t = p.nextToken();
                        if (t == JsonToken.VALUE_STRING && f.equals("message")) {
                            message = p.getText();
                        } else if (t == JsonToken.VALUE_STRING && f.equals("code")) {
                            code = p.getText();
                        } else if (t == JsonToken.VALUE_STRING && f.equals("error")) {
                            jsonError = p.getText();
                        } else {
                            p.skipChildren();
                        }
                    }
                    if (message != null) {
                        hrana = new HranaError(message, code);
                    }
                }
            } catch (IOException | RuntimeException ignored) {
                // Not the JSON it claimed to be: report the raw text below.
            }
        }
        String detail = hrana != null ? hrana.message() : jsonError != null ? jsonError : abbreviate(text);
        String httpCode = "HTTP_" + status;
        if (hrana != null && "STREAM_EXPIRED".equals(hrana.code())) {
            return new TransactionExpiredException("STREAM_EXPIRED", LOST
                    + ": its stream expired after about 10 s without a request (" + where + " answered HTTP 400 "
                    + "STREAM_EXPIRED). Nothing in it was committed; begin a new transaction", null);
        }
        if (status == 401 || status == 403) {
            return new AuthenticationException(httpCode, "The server at " + where + " refused the credentials (HTTP "
                    + status + "): " + detail + ". Check the auth token", null);
        }
        boolean lostStream = (status == 400 && (text.contains("baton") || text.contains("Stream for this baton")))
                || (status == 404 && text.toLowerCase(java.util.Locale.ROOT).contains("stream not found"));
        if (lostStream) {
            return new TransactionExpiredException("STREAM_LOST", (inTx ? LOST : "The server lost the stream")
                    + ": it no longer knows the stream (" + detail + "); the server may have restarted or expired it."
                    + (inTx ? " Nothing in it was committed; begin a new transaction" : ""), null);
        }
        String suffix = inTx ? " " + LOST + " (a failed request ends its stream)." : "";
        String statementCode = status == 500 ? statementErrorIn(detail) : null;
        if (statementCode != null) {
            // sqld's cursor endpoint reports some statement errors as HTTP 500: not transient.
            SqliteCode sqlite = sqliteCode(statementCode, null, PrimaryKeys.UNKNOWN);
            return sqlite != null
                    ? Errors.fromCode(sqlite.name(), sqlite.number(), unwrapInternal(detail) + "." + suffix, null)
                    : Errors.fromCode(statementCode, -1, unwrapInternal(detail) + "." + suffix, null);
        }
        if (status == 429 || status >= 500) {
            return new ConnectionException(httpCode, "The server at " + where + " failed with HTTP " + status + ": "
                    + detail + "." + suffix, null);
        }
        if (hrana != null) {
            return Errors.fromCode(hrana.code(), -1, "The server at " + where + " answered HTTP " + status
                    + ": " + hrana.message() + "." + suffix, null);
        }
        if (status == 400) {
            return new ProtocolException(httpCode, "The server at " + where + " rejected the request (HTTP 400): "
                    + detail + "." + suffix, null);
        }
        return new ProtocolException(httpCode, "Unexpected HTTP " + status + " from " + where
                + (detail.isEmpty() ? "" : ": " + detail) + "." + suffix, null);
    }

    private static final String[][] STATEMENT_ERRORS = {
        {"SQL string could not be parsed", "SQL_PARSE_ERROR"},
        {"SQL string contains more than one statement", "SQL_MANY_STATEMENTS"},
        {"SQL string does not contain any statement", "SQL_NO_STATEMENT"},
        {"Arguments do not match SQL parameters", "ARGS_INVALID"},
        {"SQL input error", "SQL_INPUT_ERROR"},
    };

    /** The Hrana code of a statement error that sqld wrapped in an internal error, or null. */
    static String statementErrorIn(String detail) {
        for (String[] e : STATEMENT_ERRORS) {
            if (detail.contains(e[0])) {
                return e[1];
            }
        }
        return null;
    }

    /** {@code Internal Error: `msg`} → {@code msg}. */
    static String unwrapInternal(String detail) {
        String d = detail;
        if (d.startsWith("Internal Error: `") && d.endsWith("`")) {
            d = d.substring("Internal Error: `".length(), d.length() - 1);
        }
        return d;
    }

    /** True if the failure happened before the request reached the server, so a retry is safe. */
    static boolean isConnectFailure(IOException e) {
        if (e instanceof ConnectException || e instanceof UnknownHostException || e instanceof NoRouteToHostException) {
            return true;
        }
        return e instanceof SocketTimeoutException && e.getMessage() != null && e.getMessage().contains("connect");
    }

    /** The exception for an I/O failure on a call. */
    static LibSqlException fromIo(IOException e, String where, boolean interrupted, boolean inTx, String timeout) {
        String suffix = inTx ? " " + LOST + " or is in an unknown state; it is closed on this side." : "";
        if (e instanceof HranaJson.MalformedResponseException || e instanceof com.fasterxml.jackson.core.JsonProcessingException) {
            return new ProtocolException("PROTOCOL_ERROR", "Malformed response from " + where + ": "
                    + e.getMessage() + "." + suffix, e);
        }
        if (interrupted) {
            // The same code as the embedded transport's interrupted statement.
            return new LibSqlTimeoutException("SQLITE_INTERRUPT", SQLITE_INTERRUPT, "The call to " + where
                    + " was interrupted (Connection.interrupt() was called);"
                    + " whether a write in it ran is unknown." + suffix, e);
        }
        if (isConnectFailure(e)) {
            return new ConnectionException("CONNECT_FAILED", "Cannot connect to " + where + ": " + e.getMessage()
                    + reason(e) + ". The request was not sent." + suffix, e);
        }
        if (isHandshakeFailure(e)) {
            return tlsFailure(e, where, suffix);
        }
        if (e instanceof InterruptedIOException) {
            return new LibSqlTimeoutException("TIMEOUT", "No answer from " + where + " within " + timeout
                    + "; whether a write in the request ran is unknown." + suffix, e);
        }
        return new ConnectionException("IO_ERROR", "The connection to " + where + " failed: " + e
                + "; whether a write in the request ran is unknown." + suffix, e);
    }

    /** The root cause's message in parentheses ("Connection refused"), when it adds to {@code e}'s. */
    private static String reason(IOException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        if (root == e || m == null || m.isEmpty() || String.valueOf(e.getMessage()).contains(m)) {
            return "";
        }
        return " (" + m + ")";
    }

    /**
     * True if TLS failed before any request bytes went out: the handshake failed, the peer was not
     * verified, or the server answered the handshake with something that is not TLS.
     */
    static boolean isHandshakeFailure(IOException e) {
        return e instanceof SSLHandshakeException || e instanceof SSLPeerUnverifiedException
                || (e instanceof SSLException && speaksNoTls((SSLException) e));
    }

    /** The JDK's words for a handshake answered in plain text (an HTTP server, say). */
    private static boolean speaksNoTls(SSLException e) {
        String m = String.valueOf(e.getMessage());
        return m.contains("Unsupported or unrecognized SSL message") || m.contains("plaintext connection");
    }

    /**
     * A TLS handshake failure. Nothing was sent, so no write ran; it is not retried, since the
     * next attempt would fail the same way.
     */
    private static LibSqlException tlsFailure(IOException e, String where, String suffix) {
        if (e instanceof SSLException && speaksNoTls((SSLException) e)) {
            String hostPort = hostPort(where);
            return new ConnectionException("TLS_HANDSHAKE_FAILED", "The server at " + hostPort
                    + " does not speak TLS: it answered the TLS handshake in plain text (" + e.getMessage() + ")."
                    + " For a server without TLS, such as a local sqld, use libsql://" + hostPort + "?tls=0 or http://"
                    + hostPort + ". The request was not sent." + suffix, e);
        }
        return new ConnectionException("TLS_HANDSHAKE_FAILED", "The TLS handshake with " + where + " failed: "
                + e.getMessage() + reason(e) + ". The request was not sent." + suffix, e);
    }

    /** {@code https://h:1/v3/pipeline} → {@code h:1}. */
    private static String hostPort(String where) {
        int start = where.indexOf("://");
        start = start < 0 ? 0 : start + 3;
        int end = start;
        while (end < where.length() && "/?#".indexOf(where.charAt(end)) < 0) {
            end++;
        }
        return where.substring(start, end);
    }

    static String abbreviate(String s) {
        String one = s.replaceAll("\\s+", " ").trim();
        return one.length() <= 200 ? one : one.substring(0, 197) + "...";
    }
}
