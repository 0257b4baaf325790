package dev.libsql4j;

/**
 * The database is busy or locked by another writer ({@code SQLITE_BUSY}, {@code SQLITE_LOCKED}, {@code TRANSACTION_BUSY}). Retrying later may succeed.
 */
public class BusyException extends LibSqlException {
    private static final long serialVersionUID = 1L;

    /** See {@link LibSqlException#LibSqlException(String, int, String, Throwable)}. */
    public BusyException(String code, int extendedCode, String message, Throwable cause) {
        super(code, extendedCode, message, cause);
    }

    /** See {@link LibSqlException#LibSqlException(String, String, Throwable)}. */
    public BusyException(String code, String message, Throwable cause) {
        super(code, -1, message, cause);
    }
}
