package dev.libsql4j.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.libsql4j.Value;
import java.sql.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TypeMappingTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "INTEGER|4", "int|4", "BIGINT|-5", "unsigned big int|-5", "SMALLINT|5", "TINYINT|-6", "BOOLEAN|16",
        "REAL|7", "DOUBLE|8", "double precision|8", "FLOAT|6", "DECIMAL(10,2)|3", "NUMERIC|2",
        "VARCHAR(20)|12", "TEXT|12", "CHAR(3)|1", "CLOB|2005", "BLOB|2004", "DATE|91", "DATETIME|93",
        "TIMESTAMP|93", "TIME|92",
        // SQLite's affinity rules for everything else
        "MYINTEGER|4", "VARYINGCHARS|12", "MYBLOBBY|2004", "FLOATY|8", "MONEY|2", "JSONB|2",
    })
    void declaredTypes(String declared, int type) {
        assertThat(TypeMapping.jdbcType(declared)).isEqualTo(type);
    }

    @Test
    void undeclaredTypes() {
        assertThat(TypeMapping.jdbcType((String) null)).isEqualTo(Types.OTHER);
        assertThat(TypeMapping.jdbcType(" ")).isEqualTo(Types.OTHER);
        assertThat(TypeMapping.jdbcType(Value.integer(1))).isEqualTo(Types.BIGINT);
        assertThat(TypeMapping.jdbcType(Value.real(1))).isEqualTo(Types.DOUBLE);
        assertThat(TypeMapping.jdbcType(Value.text("x"))).isEqualTo(Types.VARCHAR);
        assertThat(TypeMapping.jdbcType(Value.blob(new byte[0]))).isEqualTo(Types.BLOB);
        assertThat(TypeMapping.jdbcType(Value.NULL)).isEqualTo(Types.NULL);
    }

    @Test
    void sizes() {
        assertThat(TypeMapping.precision("DECIMAL(10, 2)")).isEqualTo(10);
        assertThat(TypeMapping.scale("DECIMAL(10, 2)")).isEqualTo(2);
        assertThat(TypeMapping.precision("VARCHAR(20)")).isEqualTo(20);
        assertThat(TypeMapping.scale("VARCHAR(20)")).isZero();
        assertThat(TypeMapping.precision("TEXT")).isZero();
        assertThat(TypeMapping.precision("VARCHAR(max)")).isZero();
        assertThat(TypeMapping.baseName("varchar ( 20 )")).isEqualTo("VARCHAR");
        assertThat(TypeMapping.baseName("double   precision")).isEqualTo("DOUBLE PRECISION");
    }

    @Test
    void classNames() {
        assertThat(TypeMapping.className(Types.INTEGER)).isEqualTo("java.lang.Integer");
        assertThat(TypeMapping.className(Types.BIGINT)).isEqualTo("java.lang.Long");
        assertThat(TypeMapping.className(Types.BOOLEAN)).isEqualTo("java.lang.Boolean");
        assertThat(TypeMapping.className(Types.BLOB)).isEqualTo("[B");
        assertThat(TypeMapping.className(Types.NUMERIC)).isEqualTo("java.lang.Object");
        assertThat(TypeMapping.className(Types.DATE)).as("dates are stored as text").isEqualTo("java.lang.String");
        assertThat(TypeMapping.className(Types.TIMESTAMP)).isEqualTo("java.lang.String");
    }

    @Test
    void classNameOfAValueIsTheClassOfGetObject() {
        Value[] values = {Value.integer(7), Value.integer(5_000_000_000L), Value.integer(1), Value.real(2.5), Value.text("2024-05-01"),
            Value.blob(new byte[] {1})};
        int[] types = {Types.INTEGER, Types.BIGINT, Types.BOOLEAN, Types.DATE, Types.TIMESTAMP, Types.NUMERIC,
            Types.DECIMAL, Types.VARCHAR, Types.BLOB, Types.DOUBLE, Types.OTHER};
        for (int t : types) {
            for (Value v : values) {
                assertThat(TypeMapping.className(t, v)).as("type %d, value %s", t, v)
                        .isEqualTo(TypeMapping.object(t, v).getClass().getName());
            }
            assertThat(TypeMapping.className(t, Value.NULL)).isEqualTo(TypeMapping.className(t));
            assertThat(TypeMapping.className(t, null)).isEqualTo(TypeMapping.className(t));
        }
        assertThat(TypeMapping.className(Types.DATE, Value.integer(1714521600000L))).isEqualTo("java.lang.Long");
        assertThat(TypeMapping.className(Types.INTEGER, Value.integer(5_000_000_000L))).isEqualTo("java.lang.Long");
    }

    @Test
    void metadataPatterns() {
        assertThat(JdbcDatabaseMetaData.matches(null, "anything")).isTrue();
        assertThat(JdbcDatabaseMetaData.matches("%", "t")).isTrue();
        assertThat(JdbcDatabaseMetaData.matches("US_R%", "users")).isTrue();
        assertThat(JdbcDatabaseMetaData.matches("us\\_r", "usxr")).isFalse();
        assertThat(JdbcDatabaseMetaData.matches("us\\_r", "us_r")).isTrue();
        assertThat(JdbcDatabaseMetaData.matches("a.b", "axb")).isFalse();
        assertThat(JdbcDatabaseMetaData.matches("t", null)).isFalse();
    }
}
