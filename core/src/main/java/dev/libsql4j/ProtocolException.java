package dev.libsql4j;

/**
 * The server sent something the client cannot understand: malformed or truncated JSON, a missing field, or an unexpected HTTP status. The stream it happened on is closed.
 */
public class ProtocolException extends LibSqlException {
    private static final long serialVersionUID = 1L;

    /** See {@link LibSqlException#LibSqlException(String, int, String, Throwable)}. */
    public ProtocolException(String code, int extendedCode, String message, Throwable cause) {
        super(code, extendedCode, message, cause);
    }

    /** See {@link LibSqlException#LibSqlException(String, String, Throwable)}. */
    public ProtocolException(String code, String message, Throwable cause) {
        super(code, -1, message, cause);
    }
}
