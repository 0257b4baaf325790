package dev.libsql4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The REAL formatter against what sqlite3 3.40.1 printed for the same values
 * ({@code sqlite3 :memory: "SELECT <value>"}).
 */
class RealFormatTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "1e308 | 1.0e+308",
        "0.3 | 0.3",
        "123456789012345.6 | 123456789012346.0",
        "1.0 | 1.0",
        "100.0 | 100.0",
        "1e14 | 100000000000000.0",
        "1e15 | 1.0e+15",
        "1e16 | 1.0e+16",
        "123456789012345678.0 | 1.23456789012346e+17",
        "0.1 | 0.1",
        "1e-5 | 1.0e-05",
        "1e-4 | 0.0001",
        "0.0001234 | 0.0001234",
        "12345.678 | 12345.678",
        "3.14159265358979 | 3.14159265358979",
        "1.7976931348623157e308 | 1.79769313486232e+308",
        "4.9e-324 | 4.94065645841247e-324",
        "2.2250738585072014e-308 | 2.2250738585072e-308",
        "2.225073858507201e-308 | 2.2250738585072e-308",
        "-1.5e-10 | -1.5e-10",
        "-2.5 | -2.5",
        "123456789012344.5 | 123456789012345.0",
        "123456789012345.5 | 123456789012346.0",
        "999999999999999.5 | 1.0e+15",
        "99999999999999.95 | 100000000000000.0",
        "0.99999999999999995 | 1.0",
        "1e100 | 1.0e+100",
        "-1e-100 | -1.0e-100",
        "2.5e-7 | 2.5e-07",
        "6.02214076e23 | 6.02214076e+23",
        "9007199254740993.0 | 9.00719925474099e+15",
        "1.5 | 1.5",
    })
    void displayMatchesSqlite3(String input, String sqlite3) {
        assertThat(RealFormat.display(Double.parseDouble(input))).isEqualTo(sqlite3);
    }

    @Test
    void displayEdgeCases() {
        assertThat(RealFormat.display(0.1 + 0.2)).isEqualTo("0.3");
        assertThat(RealFormat.display(-0.0)).isEqualTo("0.0");
        assertThat(RealFormat.display(0.0)).isEqualTo("0.0");
        assertThat(RealFormat.display(Double.POSITIVE_INFINITY)).isEqualTo("Inf");
        assertThat(RealFormat.display(Double.NEGATIVE_INFINITY)).isEqualTo("-Inf");
        assertThat(RealFormat.display(Double.NaN)).isEqualTo("NaN");
        assertThat(RealFormat.display(Double.MIN_VALUE)).isEqualTo("4.94065645841247e-324");
        assertThat(RealFormat.display(-Double.MAX_VALUE)).isEqualTo("-1.79769313486232e+308");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "1e15                      | 1000000000000000.0",
        "1e16                      | 10000000000000000.0",
        "-3.0                      | -3.0",
        "123456789012345678.0      | 123456789012345680.0",
        "9.223372036854775807E18   | 9.223372036854776e+18",
        "-9.223372036854775807E18  | -9.223372036854776e+18",
        "1e308                     | 1.0e+308",
        "0.1                       | 0.1",
        "0.3                       | 0.3",
        "1e-5                      | 1.0e-05",
        "1e-4                      | 0.0001",
        "1.5e-300                  | 1.5e-300",
        "4.9e-324                  | 4.9e-324",
        "2.2250738585072014E-308   | 2.2250738585072014e-308",
        "123456789012345.6         | 123456789012345.6",
        "1.7976931348623157E308    | 1.7976931348623157e+308",
        "-2.5                      | -2.5",
    })
    void literalIsShortestThatRoundTrips(String input, String literal) {
        assertThat(RealFormat.literal(Double.parseDouble(input))).isEqualTo(literal);
    }

    @Test
    void literalEdgeCases() {
        assertThat(RealFormat.literal(0.1 + 0.2)).isEqualTo("0.30000000000000004");
        assertThat(RealFormat.literal(-0.0)).isEqualTo("-0.0");
        assertThat(RealFormat.literal(0.0)).isEqualTo("0.0");
        assertThat(RealFormat.literal(Double.POSITIVE_INFINITY)).isEqualTo("9.0e+999");
        assertThat(RealFormat.literal(Double.NEGATIVE_INFINITY)).isEqualTo("-9.0e+999");
        assertThat(RealFormat.literal(Double.NaN)).isEqualTo("NULL");
    }

    @Test
    void literalsParseBackToTheSameBits() {
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 20_000; i++) {
            double d = Double.longBitsToDouble(random.nextLong());
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                continue;
            }
            String lit = RealFormat.literal(d);
            assertThat(Double.doubleToRawLongBits(Double.parseDouble(lit))).as(lit)
                    .isEqualTo(Double.doubleToRawLongBits(d));
            assertThat(lit).as(lit).contains(".");
        }
    }
}
