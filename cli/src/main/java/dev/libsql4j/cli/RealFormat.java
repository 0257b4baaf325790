package dev.libsql4j.cli;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Text forms of REAL values, as the sqlite3 shell writes them.
 *
 * <ul>
 *   <li>{@link #display}: what sqlite3 shows in its output modes (SQLite's {@code "%!.15g"}):
 *       15 significant digits, rounded half up; exponent form when the decimal exponent is below
 *       -4 or at least 15; trailing zeros dropped but always a digit after the point
 *       ({@code 0.3}, {@code 100.0}, {@code 1.0e+308}, {@code 1.0e-05}, {@code 123456789012346.0}).
 *       Infinities are {@code Inf}/{@code -Inf}, negative zero is {@code 0.0}.</li>
 *   <li>{@link #literal}: the SQL literal {@code .dump} writes, which reads back as the same
 *       double: integral values below 2<sup>63</sup> as {@code 1000000000000000.0} (as sqlite3),
 *       others with the fewest digits that round-trip in the same {@code %!g} layout (sqlite3
 *       writes 20 digits there; fewer are enough, since SQLite parses decimals correctly rounded).
 *       Infinities are {@code 9.0e+999}/{@code -9.0e+999}, NaN (which SQLite cannot store) is
 *       {@code NULL}, negative zero keeps its sign ({@code -0.0}).</li>
 * </ul>
 * Pure functions; thread-safe.
 */
final class RealFormat {

    private static final MathContext DISPLAY = new MathContext(15, RoundingMode.HALF_UP);
    private static final double TWO_63 = 0x1p63;

    private RealFormat() {
    }

    /** The sqlite3 shell's display form ({@code "%!.15g"}). */
    static String display(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Inf" : "-Inf";
        }
        if (d == 0) {
            return "0.0";
        }
        return layout(new BigDecimal(d).round(DISPLAY), 15);
    }

    /** A SQL literal that reads back as exactly {@code d}. */
    static String literal(double d) {
        if (Double.isNaN(d)) {
            return "NULL";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "9.0e+999" : "-9.0e+999";
        }
        if (d == 0) {
            return 1 / d < 0 ? "-0.0" : "0.0";
        }
        if (d == Math.rint(d) && Math.abs(d) < TWO_63) {
            return (long) d + ".0";
        }
        // Double.toString gives digits that parse back to d; the layout only moves the point.
        return layout(new BigDecimal(Double.toString(d)), 17);
    }

    /**
     * {@code %!g} layout of a non-zero decimal with precision {@code p}: exponent form when the
     * exponent is below -4 or at least {@code p}; trailing zeros dropped, but at least one digit
     * after the point; exponents with a sign and at least two digits.
     */
    private static String layout(BigDecimal v, int p) {
        BigDecimal s = v.stripTrailingZeros();
        String digits = s.unscaledValue().abs().toString();
        int exp = digits.length() - 1 - s.scale(); // decimal exponent of the first digit
        StringBuilder sb = new StringBuilder(digits.length() + 8);
        if (s.signum() < 0) {
            sb.append('-');
        }
        if (exp < -4 || exp >= p) {
            sb.append(digits.charAt(0)).append('.');
            sb.append(digits.length() > 1 ? digits.substring(1) : "0");
            sb.append('e').append(exp < 0 ? '-' : '+');
            int a = Math.abs(exp);
            if (a < 10) {
                sb.append('0');
            }
            sb.append(a);
        } else if (exp < 0) {
            sb.append("0.");
            for (int i = -1; i > exp; i--) {
                sb.append('0');
            }
            sb.append(digits);
        } else if (digits.length() > exp + 1) {
            sb.append(digits, 0, exp + 1).append('.').append(digits, exp + 1, digits.length());
        } else {
            sb.append(digits);
            for (int i = digits.length(); i <= exp; i++) {
                sb.append('0');
            }
            sb.append(".0");
        }
        return sb.toString();
    }
}
