package dev.libsql4j;

/**
 * The root of every error libsql4j reports from the database or the transport. Unchecked.
 *
 * <p>{@link #code()} is a stable string: a SQLite code name such as {@code SQLITE_CONSTRAINT} or
 * {@code SQLITE_CONSTRAINT_UNIQUE}, a Hrana code such as {@code STREAM_EXPIRED}, an HTTP status
 * such as {@code HTTP_401}, or a client code such as {@code PROTOCOL_ERROR}. Subclasses group
 * the errors by what a caller can do about them. Messages never contain the auth token or the
 * encryption key.
 */
public class LibSqlException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String code;
    private final int extendedCode;

    /**
     * @param code    the error code (see the class docs); never null
     * @param message what failed and where
     * @param cause   the underlying cause, or null
     */
    public LibSqlException(String code, String message, Throwable cause) {
        this(code, -1, message, cause);
    }

    /**
     * @param code         the error code
     * @param extendedCode the numeric SQLite extended result code, or -1 when unknown
     * @param message      what failed and where
     * @param cause        the underlying cause, or null
     */
    public LibSqlException(String code, int extendedCode, String message, Throwable cause) {
        super(message, cause);
        this.code = code == null ? "UNKNOWN" : code;
        this.extendedCode = extendedCode;
    }

    /** The error code; never null. */
    public String code() {
        return code;
    }

    /**
     * The numeric SQLite extended result code (e.g. 1555 for a duplicate PRIMARY KEY, 1 for a
     * syntax error or a missing table, 9 for an interrupted statement), or -1 when the error is
     * not a SQLite one. Both transports report the same code, and the same {@link #code()}, for
     * the same error.
     */
    public int extendedCode() {
        return extendedCode;
    }
}
