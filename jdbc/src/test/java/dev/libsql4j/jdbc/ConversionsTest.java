package dev.libsql4j.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.libsql4j.Value;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Calendar;
import java.util.TimeZone;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConversionsTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "12|12", "  -7 |-7", "12.9|12", "1e3|1000", "12abc|12", "abc|0", "''|0", "+5|5", "-0.5|0",
        "99999999999999999999|9223372036854775807",
    })
    void longPrefixReadsLikeSqlite(String text, long expected) {
        assertThat(Conversions.longPrefix(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"1.5|1.5", " 2.5e2x|250", ".5|0.5", "x|0", "-|0", "7|7"})
    void doublePrefixReadsLikeSqlite(String text, double expected) {
        assertThat(Conversions.doublePrefix(text)).isEqualTo(expected);
    }

    @Test
    void numbersFromEveryStorageClass() throws SQLException {
        assertThat(Conversions.getLong(Value.integer(Long.MIN_VALUE), "c")).isEqualTo(Long.MIN_VALUE);
        assertThat(Conversions.getLong(Value.real(-3.9), "c")).isEqualTo(-3);
        assertThat(Conversions.getLong(Value.text("12"), "c")).isEqualTo(12);
        assertThat(Conversions.getLong(Value.blob("34".getBytes()), "c")).isEqualTo(34);
        assertThat(Conversions.getLong(Value.NULL, "c")).isZero();
        assertThat(Conversions.getInt(Value.text("12"), "c")).isEqualTo(12);
        assertThatThrownBy(() -> Conversions.getInt(Value.integer(1L << 40), "'big' (1)"))
                .isInstanceOf(SQLDataException.class).hasMessageContaining("'big'")
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("22003"));
        assertThatThrownBy(() -> Conversions.getShort(Value.integer(40_000), "c")).isInstanceOf(SQLDataException.class);
        assertThatThrownBy(() -> Conversions.getByte(Value.integer(200), "c")).isInstanceOf(SQLDataException.class);
        assertThat(Conversions.getDouble(Value.text("2.5"))).isEqualTo(2.5);
        assertThat(Conversions.getDouble(Value.integer(3))).isEqualTo(3.0);
    }

    @Test
    void booleans() {
        assertThat(Conversions.getBoolean(Value.integer(2))).isTrue();
        assertThat(Conversions.getBoolean(Value.integer(0))).isFalse();
        assertThat(Conversions.getBoolean(Value.text("TRUE"))).isTrue();
        assertThat(Conversions.getBoolean(Value.text("false"))).isFalse();
        assertThat(Conversions.getBoolean(Value.text("1"))).isTrue();
        assertThat(Conversions.getBoolean(Value.real(0.5))).isTrue();
        assertThat(Conversions.getBoolean(Value.NULL)).isFalse();
    }

    @Test
    void bigDecimals() throws SQLException {
        assertThat(Conversions.getBigDecimal(Value.text("12345678901234567890.123456789"), "c"))
                .isEqualTo(new BigDecimal("12345678901234567890.123456789"));
        assertThat(Conversions.getBigDecimal(Value.integer(5), "c")).isEqualTo(BigDecimal.valueOf(5));
        assertThat(Conversions.getBigDecimal(Value.real(0.1), "c")).isEqualTo(new BigDecimal("0.1"));
        assertThat(Conversions.getBigDecimal(Value.NULL, "c")).isNull();
        assertThatThrownBy(() -> Conversions.getBigDecimal(Value.text("12kg"), "c"))
                .isInstanceOf(SQLDataException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("22018"));
        assertThatThrownBy(() -> Conversions.getBigDecimal(Value.real(Double.NaN), "c")).isInstanceOf(SQLDataException.class);
    }

    @Test
    void stringsAndBytes() {
        assertThat(Conversions.getString(Value.integer(12))).isEqualTo("12");
        assertThat(Conversions.getString(Value.real(1.5))).isEqualTo("1.5");
        assertThat(Conversions.getString(Value.blob("hé".getBytes(java.nio.charset.StandardCharsets.UTF_8))))
                .isEqualTo("hé");
        assertThat(Conversions.getBytes(Value.text("hé"))).isEqualTo("hé".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(Conversions.getBytes(Value.integer(7))).isEqualTo("7".getBytes());
        assertThat(Conversions.getBytes(Value.NULL)).isNull();
    }

    @Test
    void bindingJavaValues() throws SQLException {
        assertThat(Conversions.toValue(new BigDecimal("1E+3"))).isEqualTo(Value.text("1000"));
        assertThat(Conversions.toValue(new BigInteger("12"))).isEqualTo(Value.integer(12));
        assertThat(Conversions.toValue(new BigInteger("123456789012345678901234567890")))
                .isEqualTo(Value.text("123456789012345678901234567890"));
        assertThat(Conversions.toValue(true)).isEqualTo(Value.integer(1));
        assertThat(Conversions.toValue('x')).isEqualTo(Value.text("x"));
        UUID u = UUID.randomUUID();
        assertThat(Conversions.toValue(u)).isEqualTo(Value.text(u.toString()));
        assertThat(Conversions.toValue(LocalDate.of(2024, 5, 1))).isEqualTo(Value.text("2024-05-01"));
        assertThat(Conversions.toValue(LocalDateTime.of(2024, 5, 1, 13, 45, 30, 250_000_000)))
                .isEqualTo(Value.text("2024-05-01 13:45:30.250"));
        assertThat(Conversions.toValue(OffsetDateTime.of(2024, 5, 1, 13, 45, 30, 0, ZoneOffset.ofHours(2))))
                .isEqualTo(Value.text("2024-05-01 13:45:30+02:00"));
        assertThat(Conversions.toValue(Instant.parse("2024-05-01T11:45:30.000001Z")))
                .isEqualTo(Value.text("2024-05-01 11:45:30.000001Z"));
        assertThat(Conversions.toValue(LocalTime.of(1, 2, 3, 4))).isEqualTo(Value.text("01:02:03.000000004"));
        assertThatThrownBy(() -> Conversions.toValue(new Object())).isInstanceOf(SQLException.class)
                .hasMessageContaining("java.lang.Object");
    }

    @Test
    void bindingWithATargetType() throws SQLException {
        assertThat(Conversions.toValue("true", Types.BOOLEAN, -1)).isEqualTo(Value.integer(1));
        assertThat(Conversions.toValue("42", Types.INTEGER, -1)).isEqualTo(Value.integer(42));
        assertThat(Conversions.toValue(42, Types.VARCHAR, -1)).isEqualTo(Value.text("42"));
        assertThat(Conversions.toValue(1.005, Types.DECIMAL, 2)).isEqualTo(Value.text("1.01"));
        assertThat(Conversions.toValue("2024-05-01 10:00:00", Types.DATE, -1)).isEqualTo(Value.text("2024-05-01"));
        assertThat(Conversions.toValue(LocalDateTime.of(2024, 5, 1, 10, 0), Types.TIMESTAMP, -1))
                .isEqualTo(Value.text("2024-05-01 10:00:00"));
        assertThat(Conversions.toValue("ab", Types.VARBINARY, -1)).isEqualTo(Value.blob("ab".getBytes()));
        assertThat(Conversions.toValue("x", Types.NULL, -1)).isEqualTo(Value.NULL);
        assertThatThrownBy(() -> Conversions.toValue("many", Types.INTEGER, -1)).isInstanceOf(SQLDataException.class);
        assertThatThrownBy(() -> Conversions.toValue("x", Types.ARRAY, -1))
                .isInstanceOf(java.sql.SQLFeatureNotSupportedException.class);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "2024-05-01|2024-05-01||",
        "2024-05-01 13:45|2024-05-01|13:45|",
        "2024-05-01 13:45:30|2024-05-01|13:45:30|",
        "2024-05-01T13:45:30.5|2024-05-01|13:45:30.500|",
        "2024-05-01 13:45:30.123456789|2024-05-01|13:45:30.123456789|",
        "2024-05-01 13:45:30Z|2024-05-01|13:45:30|Z",
        "2024-05-01 13:45:30+02:00|2024-05-01|13:45:30|+02:00",
        "2024-05-01 13:45:30-0530|2024-05-01|13:45:30|-05:30",
        "2024-05-01 13:45:30+02|2024-05-01|13:45:30|+02:00",
        "13:45:30.250|||",
    })
    void parsesIsoText(String text, String date, String time, String offset) {
        Temporals.Parsed p = Temporals.parse(text);
        assertThat(p.date == null ? null : p.date.toString()).isEqualTo(date);
        if (time != null) {
            assertThat(p.time).isEqualTo(LocalTime.parse(time));
        }
        assertThat(p.offset == null ? null : p.offset.getId()).isEqualTo(offset);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"yesterday", "2024-13-01", "2024-05-01 25:00", "2024-05-01X10:00", "10"})
    void rejectsOtherText(String text) {
        assertThatThrownBy(() -> Temporals.parse(text)).isInstanceOf(DateTimeParseException.class);
    }

    @Test
    void readingDatesBack() throws SQLException {
        Timestamp ts = Conversions.getTimestamp(Value.text("2024-05-01 13:45:30.250"), null, "c");
        assertThat(ts.toLocalDateTime()).isEqualTo(LocalDateTime.of(2024, 5, 1, 13, 45, 30, 250_000_000));
        Timestamp epoch = Conversions.getTimestamp(Value.integer(86_400_000L), null, "c");
        assertThat(epoch.getTime()).isEqualTo(86_400_000L);
        Timestamp julian = Conversions.getTimestamp(Value.real(2440588.5), null, "c");
        assertThat(julian.getTime()).isEqualTo(86_400_000L);
        Calendar utc = Calendar.getInstance(TimeZone.getTimeZone("UTC"));
        Timestamp inUtc = Conversions.getTimestamp(Value.text("2024-05-01 00:00:00"), utc, "c");
        assertThat(inUtc.toInstant()).isEqualTo(Instant.parse("2024-05-01T00:00:00Z"));
        Timestamp withOffset = Conversions.getTimestamp(Value.text("2024-05-01 02:00:00+02:00"), null, "c");
        assertThat(withOffset.toInstant()).isEqualTo(Instant.parse("2024-05-01T00:00:00Z"));
        assertThat(Conversions.getDate(Value.text("2024-05-01 23:59:59"), null, "c").toLocalDate())
                .isEqualTo(LocalDate.of(2024, 5, 1));
        assertThat(Conversions.getTime(Value.text("13:45:30"), null, "c").toLocalTime()).isEqualTo(LocalTime.of(13, 45, 30));
        assertThatThrownBy(() -> Conversions.getDate(Value.text("soon"), null, "'d' (1)"))
                .isInstanceOf(SQLDataException.class).hasMessageContaining("'d' (1)")
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("22007"));
    }

    @Test
    void javaTimeClasses() throws SQLException {
        Value v = Value.text("2024-05-01 13:45:30.25");
        assertThat(Conversions.getObject(v, LocalDateTime.class, "c")).isEqualTo(LocalDateTime.of(2024, 5, 1, 13, 45, 30, 250_000_000));
        assertThat(Conversions.getObject(v, LocalDate.class, "c")).isEqualTo(LocalDate.of(2024, 5, 1));
        assertThat(Conversions.getObject(v, LocalTime.class, "c")).isEqualTo(LocalTime.of(13, 45, 30, 250_000_000));
        assertThat(Conversions.getObject(v, Instant.class, "c")).isEqualTo(Instant.parse("2024-05-01T13:45:30.25Z"));
        assertThat(Conversions.getObject(Value.text("2024-05-01 13:45:30+02:00"), OffsetDateTime.class, "c"))
                .isEqualTo(OffsetDateTime.of(2024, 5, 1, 13, 45, 30, 0, ZoneOffset.ofHours(2)));
        assertThat(Conversions.getObject(Value.NULL, LocalDate.class, "c")).isNull();
        assertThat(Conversions.getObject(Value.integer(7), Integer.class, "c")).isEqualTo(7);
        assertThat(Conversions.getObject(Value.integer(7), Value.class, "c")).isEqualTo(Value.integer(7));
        assertThatThrownBy(() -> Conversions.getObject(Value.integer(7), int.class, "c")).isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> Conversions.getObject(Value.integer(7), Thread.class, "c"))
                .isInstanceOf(java.sql.SQLFeatureNotSupportedException.class);
    }

    @Test
    void formatsFractionsInGroupsOfThree() {
        assertThat(Temporals.format(LocalTime.of(1, 2, 3))).isEqualTo("01:02:03");
        assertThat(Temporals.format(LocalTime.of(1, 2, 3, 100_000_000))).isEqualTo("01:02:03.100");
        assertThat(Temporals.format(LocalTime.of(1, 2, 3, 100_000))).isEqualTo("01:02:03.000100");
        assertThat(Temporals.format(LocalTime.of(1, 2, 3, 1))).isEqualTo("01:02:03.000000001");
    }
}
