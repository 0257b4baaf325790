package dev.libsql4j;

/**
 * A constraint failed (UNIQUE, PRIMARY KEY, NOT NULL, CHECK, FOREIGN KEY): the statement had no effect. Fix the data; retrying will fail again.
 */
public class ConstraintViolationException extends LibSqlException {
    private static final long serialVersionUID = 1L;

    /** See {@link LibSqlException#LibSqlException(String, int, String, Throwable)}. */
    public ConstraintViolationException(String code, int extendedCode, String message, Throwable cause) {
        super(code, extendedCode, message, cause);
    }

    /** See {@link LibSqlException#LibSqlException(String, String, Throwable)}. */
    public ConstraintViolationException(String code, String message, Throwable cause) {
        super(code, -1, message, cause);
    }
}
