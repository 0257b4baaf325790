package dev.libsql4j;

/**
 * The server refused the credentials (HTTP 401/403 or a JWT problem). Check the auth token; retrying with the same token will fail again.
 */
public class AuthenticationException extends LibSqlException {
    private static final long serialVersionUID = 1L;

    /** See {@link LibSqlException#LibSqlException(String, int, String, Throwable)}. */
    public AuthenticationException(String code, int extendedCode, String message, Throwable cause) {
        super(code, extendedCode, message, cause);
    }

    /** See {@link LibSqlException#LibSqlException(String, String, Throwable)}. */
    public AuthenticationException(String code, String message, Throwable cause) {
        super(code, -1, message, cause);
    }
}
