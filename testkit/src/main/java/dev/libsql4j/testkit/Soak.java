package dev.libsql4j.testkit;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@value #PROPERTY} system property: when set, the chaos tests run a long soak of that length
 * each instead of their short default run. {@code -Dlibsql4j.soak=600s}; also {@code 10m},
 * {@code 1h}, {@code 600} (seconds) or ISO-8601 {@code PT10M}. Failsafe passes {@code -D} options
 * of the Maven command line on to the test JVM. Used by the remote and the embedded chaos tests.
 */
public final class Soak {
  /** The system property that sets the soak length. */
  public static final String PROPERTY = "libsql4j.soak";

  private Soak() {}

  /**
   * The soak length, or empty for the default (short) run.
   *
   * @return the length from the property, if set
   */
  public static Optional<Duration> duration() {
    String raw = System.getProperty(PROPERTY);
    if (raw == null || raw.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(parse(raw));
  }

  /**
   * The soak length if set, else {@code defaultRun}.
   *
   * @param defaultRun the length of the default run
   * @return the length to run for
   */
  public static Duration orDefault(Duration defaultRun) {
    return duration().orElse(defaultRun);
  }

  /**
   * Parses a soak length.
   *
   * @param raw the property value
   * @return the positive duration it names
   * @throws IllegalArgumentException if it is not a positive duration
   */
  public static Duration parse(String raw) {
    String s = raw.strip().toLowerCase(Locale.ROOT);
    try {
      Duration d;
      if (s.startsWith("pt")) {
        d = Duration.parse(s.toUpperCase(Locale.ROOT));
      } else if (s.endsWith("ms")) {
        d = Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
      } else if (s.endsWith("s")) {
        d = Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1)));
      } else if (s.endsWith("m")) {
        d = Duration.ofMinutes(Long.parseLong(s.substring(0, s.length() - 1)));
      } else if (s.endsWith("h")) {
        d = Duration.ofHours(Long.parseLong(s.substring(0, s.length() - 1)));
      } else {
        d = Duration.ofSeconds(Long.parseLong(s));
      }
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("-D" + PROPERTY + "=" + raw + " must be a positive duration");
      }
      return d;
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new IllegalArgumentException("-D" + PROPERTY + "=" + raw
          + " is not a duration; use e.g. 600s, 10m, 1h or PT10M", e);
    }
  }
}
