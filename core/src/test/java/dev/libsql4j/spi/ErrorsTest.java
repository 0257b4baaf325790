package dev.libsql4j.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.libsql4j.AuthenticationException;
import dev.libsql4j.BusyException;
import dev.libsql4j.ConstraintViolationException;
import dev.libsql4j.LibSqlException;
import dev.libsql4j.LibSqlTimeoutException;
import dev.libsql4j.TransactionExpiredException;
import java.io.IOException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ErrorsTest {

    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of("SQLITE_CONSTRAINT", ConstraintViolationException.class),
                Arguments.of("SQLITE_CONSTRAINT_UNIQUE", ConstraintViolationException.class),
                Arguments.of("SQLITE_CONSTRAINT_PRIMARYKEY", ConstraintViolationException.class),
                Arguments.of("SQLITE_CONSTRAINT_NOTNULL", ConstraintViolationException.class),
                Arguments.of("SQLITE_CONSTRAINT_FOREIGNKEY", ConstraintViolationException.class),
                Arguments.of("SQLITE_CONSTRAINT_CHECK", ConstraintViolationException.class),
                Arguments.of("SQLITE_BUSY", BusyException.class),
                Arguments.of("SQLITE_BUSY_SNAPSHOT", BusyException.class),
                Arguments.of("SQLITE_BUSY_TIMEOUT", BusyException.class),
                Arguments.of("SQLITE_LOCKED", BusyException.class),
                Arguments.of("SQLITE_LOCKED_SHAREDCACHE", BusyException.class),
                Arguments.of("TRANSACTION_BUSY", BusyException.class),
                Arguments.of("HTTP_401", AuthenticationException.class),
                Arguments.of("HTTP_403", AuthenticationException.class),
                Arguments.of("AUTH_JWT_EXPIRED", AuthenticationException.class),
                Arguments.of("AUTH_JWT_INVALID", AuthenticationException.class),
                Arguments.of("AUTH_HEADER_MISSING", AuthenticationException.class),
                Arguments.of("STREAM_EXPIRED", TransactionExpiredException.class),
                Arguments.of("TRANSACTION_TIMEOUT", TransactionExpiredException.class),
                Arguments.of("STREAM_LOST", TransactionExpiredException.class),
                Arguments.of("SQLITE_INTERRUPT", LibSqlTimeoutException.class),
                Arguments.of("SQLITE_ERROR", LibSqlException.class),
                Arguments.of("SQLITE_UNKNOWN", LibSqlException.class),
                Arguments.of("SQLITE_AUTH", LibSqlException.class),
                Arguments.of("SQLITE_READONLY", LibSqlException.class),
                Arguments.of("SQL_PARSE_ERROR", LibSqlException.class),
                Arguments.of("HTTP_400", LibSqlException.class),
                Arguments.of("HTTP_404", LibSqlException.class),
                Arguments.of("HTTP_500", LibSqlException.class),
                Arguments.of("PROTOCOL_ERROR", LibSqlException.class));
    }

    @ParameterizedTest
    @MethodSource("table")
    void mapsCodeToType(String code, Class<? extends LibSqlException> type) {
        IOException cause = new IOException("root");
        LibSqlException e = Errors.fromCode(code, 2067, "what failed", cause);
        assertThat(e).isExactlyInstanceOf(type);
        assertThat(e.code()).isEqualTo(code);
        assertThat(e.extendedCode()).isEqualTo(2067);
        assertThat(e).hasMessage("what failed").hasCause(cause);
    }

    @org.junit.jupiter.api.Test
    void nullCodeBecomesUnknown() {
        LibSqlException e = Errors.fromCode(null, -1, "m", null);
        assertThat(e).isExactlyInstanceOf(LibSqlException.class);
        assertThat(e.code()).isEqualTo("UNKNOWN");
        assertThat(e.extendedCode()).isEqualTo(-1);
        assertThat(e.getCause()).isNull();
    }

    @org.junit.jupiter.api.Test
    void libSqlExceptionNeverHasANullCode() {
        assertThat(new LibSqlException(null, "m", null).code()).isEqualTo("UNKNOWN");
        assertThat(new LibSqlException("X", "m", null).extendedCode()).isEqualTo(-1);
    }
}
