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

    /** A Hrana error from a statement, mapped by its code. */
    static LibSqlException fromHrana(HranaError e, String sql) {
        String code = e.code() == null ? "UNKNOWN" : e.code();
        String msg = e.message();
        if (code.equals("TRANSACTION_TIMEOUT")) {
            msg = LOST + ": another writer took the write lock after this transaction held it idle too long"
                    + " (TRANSACTION_TIMEOUT: " + e.message() + ")";
        } else if (code.equals("STREAM_EXPIRED")) {
            msg = LOST + ": its stream expired after about 10 s without a request (STREAM_EXPIRED)";
        }
        return Errors.fromCode(code, -1, msg + (sql == null ? "" : " [in: " + abbreviate(sql) + "]"), null);
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
            return Errors.fromCode(statementCode, -1, unwrapInternal(detail) + "." + suffix, null);
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
            return new LibSqlTimeoutException("INTERRUPTED", "The call to " + where + " was interrupted;"
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
