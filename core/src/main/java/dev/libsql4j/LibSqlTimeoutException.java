package dev.libsql4j;

/**
 * A call took longer than its configured timeout, or was interrupted. Whether a write in flight ran is unknown.
 */
public class LibSqlTimeoutException extends LibSqlException {
    private static final long serialVersionUID = 1L;

    /** See {@link LibSqlException#LibSqlException(String, int, String, Throwable)}. */
    public LibSqlTimeoutException(String code, int extendedCode, String message, Throwable cause) {
        super(code, extendedCode, message, cause);
    }

    /** See {@link LibSqlException#LibSqlException(String, String, Throwable)}. */
    public LibSqlTimeoutException(String code, String message, Throwable cause) {
        super(code, -1, message, cause);
    }
}
