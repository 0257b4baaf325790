package dev.libsql4j.spi;

import dev.libsql4j.AuthenticationException;
import dev.libsql4j.BusyException;
import dev.libsql4j.ConstraintViolationException;
import dev.libsql4j.LibSqlException;
import dev.libsql4j.LibSqlTimeoutException;
import dev.libsql4j.TransactionExpiredException;

/** Maps an error code to the exception type a caller can act on. Shared by the transports. */
public final class Errors {
    private Errors() {
    }

    /**
     * The exception for a database or server error code.
     *
     * @param code         the code, e.g. {@code SQLITE_CONSTRAINT_UNIQUE}, {@code STREAM_EXPIRED}
     * @param extendedCode the SQLite extended result code, or -1
     * @param message      what failed and where
     * @param cause        the cause, or null
     */
    public static LibSqlException fromCode(String code, int extendedCode, String message, Throwable cause) {
        String c = code == null ? "UNKNOWN" : code;
        if (c.startsWith("SQLITE_CONSTRAINT")) {
            return new ConstraintViolationException(c, extendedCode, message, cause);
        }
        if (c.startsWith("SQLITE_BUSY") || c.startsWith("SQLITE_LOCKED") || c.equals("TRANSACTION_BUSY")) {
            return new BusyException(c, extendedCode, message, cause);
        }
        if (c.startsWith("AUTH_") || c.equals("HTTP_401") || c.equals("HTTP_403")) {
            return new AuthenticationException(c, extendedCode, message, cause);
        }
        if (c.equals("STREAM_EXPIRED") || c.equals("TRANSACTION_TIMEOUT") || c.equals("STREAM_LOST")) {
            return new TransactionExpiredException(c, extendedCode, message, cause);
        }
        if (c.startsWith("SQLITE_INTERRUPT")) {
            return new LibSqlTimeoutException(c, extendedCode, message, cause);
        }
        return new LibSqlException(c, extendedCode, message, cause);
    }
}
