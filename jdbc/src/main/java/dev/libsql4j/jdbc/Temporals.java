package dev.libsql4j.jdbc;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Dates and times as SQLite text. SQLite has no date type; its date functions read and write
 * ISO-8601 text in the form {@code YYYY-MM-DD HH:MM:SS.SSS}. The driver writes that form, so stored
 * values compare and sort correctly against {@code CURRENT_TIMESTAMP} and {@code datetime('now')}:
 * <ul>
 *   <li>date: {@code 2024-05-01}</li>
 *   <li>time: {@code 13:45:30}, with a fraction only when there is one ({@code 13:45:30.250})</li>
 *   <li>date-time: {@code 2024-05-01 13:45:30[.fraction]} — a space, as SQLite writes it</li>
 *   <li>with an offset: {@code 2024-05-01 13:45:30+02:00}; UTC and {@link Instant}s end in {@code Z}</li>
 * </ul>
 * The fraction has 3, 6 or 9 digits, the fewest that hold the value. Reading accepts all of
 * these, a {@code T} instead of the space, minutes without seconds, and offsets as {@code Z},
 * {@code +HH:MM}, {@code +HHMM} or {@code +HH}.
 */
final class Temporals {
    private Temporals() {
    }

    static String format(LocalDate d) {
        return d.toString();
    }

    static String format(LocalTime t) {
        StringBuilder sb = new StringBuilder(18);
        two(sb, t.getHour()).append(':');
        two(sb, t.getMinute()).append(':');
        two(sb, t.getSecond());
        fraction(sb, t.getNano());
        return sb.toString();
    }

    static String format(LocalDateTime dt) {
        return format(dt.toLocalDate()) + ' ' + format(dt.toLocalTime());
    }

    static String format(OffsetDateTime dt) {
        return format(dt.toLocalDateTime()) + offset(dt.getOffset());
    }

    static String format(OffsetTime t) {
        return format(t.toLocalTime()) + offset(t.getOffset());
    }

    static String format(Instant i) {
        return format(LocalDateTime.ofInstant(i, ZoneOffset.UTC)) + "Z";
    }

    private static String offset(ZoneOffset o) {
        return o.getTotalSeconds() == 0 ? "Z" : o.getId();
    }

    private static StringBuilder two(StringBuilder sb, int v) {
        if (v < 10) {
            sb.append('0');
        }
        return sb.append(v);
    }

    private static void fraction(StringBuilder sb, int nanos) {
        if (nanos == 0) {
            return;
        }
        int digits;
        int value;
        if (nanos % 1_000_000 == 0) {
            digits = 3;
            value = nanos / 1_000_000;
        } else if (nanos % 1_000 == 0) {
            digits = 6;
            value = nanos / 1_000;
        } else {
            digits = 9;
            value = nanos;
        }
        String s = Integer.toString(value);
        sb.append('.');
        for (int i = s.length(); i < digits; i++) {
            sb.append('0');
        }
        sb.append(s);
    }

    /** A parsed date/time text: a date, a time or both, and maybe an offset. */
    static final class Parsed {
        final LocalDate date;
        final LocalTime time;
        final ZoneOffset offset;

        Parsed(LocalDate date, LocalTime time, ZoneOffset offset) {
            this.date = date;
            this.time = time;
            this.offset = offset;
        }
    }

    /**
     * Parses date, time or date-time text in the forms above.
     *
     * @throws DateTimeParseException if the text is none of them
     */
    static Parsed parse(String text) {
        String s = text.trim();
        int i = 0;
        LocalDate date = null;
        if (s.length() >= 10 && s.charAt(4) == '-' && s.charAt(7) == '-') {
            try {
                date = LocalDate.of(digits(s, 0, 4), digits(s, 5, 7), digits(s, 8, 10));
            } catch (java.time.DateTimeException e) {
                throw bad(text);
            }
            i = 10;
            if (i == s.length()) {
                return new Parsed(date, null, null);
            }
            char sep = s.charAt(i);
            if (sep != ' ' && sep != 'T' && sep != 't') {
                throw bad(text);
            }
            i++;
        }
        // HH:MM[:SS[.fraction]]
        if (s.length() < i + 5 || s.charAt(i + 2) != ':') {
            throw bad(text);
        }
        int hour = digits(s, i, i + 2);
        int minute = digits(s, i + 3, i + 5);
        i += 5;
        int second = 0;
        int nanos = 0;
        if (i < s.length() && s.charAt(i) == ':') {
            second = digits(s, i + 1, i + 3);
            i += 3;
            if (i < s.length() && (s.charAt(i) == '.' || s.charAt(i) == ',')) {
                int start = ++i;
                while (i < s.length() && Character.isDigit(s.charAt(i))) {
                    i++;
                }
                if (i == start) {
                    throw bad(text);
                }
                String f = s.substring(start, Math.min(i, start + 9));
                nanos = Integer.parseInt(f);
                for (int k = f.length(); k < 9; k++) {
                    nanos *= 10;
                }
            }
        }
        LocalTime time;
        try {
            time = LocalTime.of(hour, minute, second, nanos);
        } catch (java.time.DateTimeException e) {
            throw bad(text);
        }
        ZoneOffset offset = null;
        if (i < s.length()) {
            String rest = s.substring(i).trim();
            try {
                if (rest.equals("Z") || rest.equals("z")) {
                    offset = ZoneOffset.UTC;
                } else if (rest.length() == 3) {
                    offset = ZoneOffset.of(rest + ":00");
                } else if (rest.length() == 5 && rest.charAt(3) != ':') {
                    offset = ZoneOffset.of(rest.substring(0, 3) + ":" + rest.substring(3));
                } else {
                    offset = ZoneOffset.of(rest);
                }
            } catch (java.time.DateTimeException e) {
                throw bad(text);
            }
        }
        return new Parsed(date, time, offset);
    }

    private static int digits(String s, int from, int to) {
        if (to > s.length()) {
            throw bad(s);
        }
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw bad(s);
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static DateTimeParseException bad(String text) {
        return new DateTimeParseException("'" + text + "' is not a date or time in ISO-8601 form"
                + " (YYYY-MM-DD, HH:MM:SS[.fff], YYYY-MM-DD HH:MM:SS[.fff][Z|+HH:MM])", text, 0);
    }

    /** The epoch milliseconds of a Julian day number (SQLite's REAL date form). */
    static long julianDayToEpochMillis(double julianDay) {
        return Math.round((julianDay - 2440587.5) * 86_400_000.0);
    }
}
