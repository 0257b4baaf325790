package dev.libsql4j;

/**
 * The transaction was lost: the server expired its stream, dropped it, or rolled it back to let another writer in. Nothing it did was committed; start it again.
 */
public class TransactionExpiredException extends LibSqlException {
    private static final long serialVersionUID = 1L;

    /** See {@link LibSqlException#LibSqlException(String, int, String, Throwable)}. */
    public TransactionExpiredException(String code, int extendedCode, String message, Throwable cause) {
        super(code, extendedCode, message, cause);
    }

    /** See {@link LibSqlException#LibSqlException(String, String, Throwable)}. */
    public TransactionExpiredException(String code, String message, Throwable cause) {
        super(code, -1, message, cause);
    }
}
