package dev.libsql4j;

/**
 * A transient failure to reach the server: connect errors, dropped connections, HTTP 5xx or 429. Whether a statement in flight ran is unknown unless the message says otherwise.
 */
public class ConnectionException extends LibSqlException {
    private static final long serialVersionUID = 1L;

    /** See {@link LibSqlException#LibSqlException(String, int, String, Throwable)}. */
    public ConnectionException(String code, int extendedCode, String message, Throwable cause) {
        super(code, extendedCode, message, cause);
    }

    /** See {@link LibSqlException#LibSqlException(String, String, Throwable)}. */
    public ConnectionException(String code, String message, Throwable cause) {
        super(code, -1, message, cause);
    }
}
