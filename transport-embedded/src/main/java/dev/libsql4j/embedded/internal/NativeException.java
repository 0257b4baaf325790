package dev.libsql4j.embedded.internal;

/**
 * Thrown by the native library for database errors. Carries the SQLite primary and extended
 * result codes, or {@code -1} for errors that are not SQLite's and {@code -2} for a caught panic.
 * Mapped to the public {@link dev.libsql4j.LibSqlException} hierarchy by {@code NativeErrors}.
 */
public final class NativeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int code;
    private final int extendedCode;

    /** Called from native code. */
    public NativeException(int code, int extendedCode, String message) {
        super(message);
        this.code = code;
        this.extendedCode = extendedCode;
    }

    /** The SQLite primary result code, or -1 / -2. */
    public int code() {
        return code;
    }

    /** The SQLite extended result code, or -1 / -2. */
    public int extendedCode() {
        return extendedCode;
    }
}
