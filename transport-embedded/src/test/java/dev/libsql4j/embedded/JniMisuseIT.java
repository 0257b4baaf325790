package dev.libsql4j.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.libsql4j.testkit.Soak;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JNI misuse from many threads ({@link JniMisuseMain}, in a child JVM): {@value #THREADS} threads
 * interleave execute, query, prepare, close, cursor steps, transactions and interrupt on shared
 * {@code Database}, {@code Connection}, {@code PreparedStatement}, {@code Cursor} and
 * {@code Transaction} objects of a {@code :memory:} and a file database, replacing (closing) them
 * under each other's feet. Passes when the JVM neither crashed nor hung, nothing but
 * {@code LibSqlException} or {@code IllegalStateException} escaped, {@code stats()} is empty once
 * everything is closed, the data is intact, and resident memory grew by at most
 * {@value #RSS_GROWTH_BOUND_MIB} MiB after the warm-up.
 *
 * <p>The memory bound: the child has a fixed, pre-touched heap ({@code -Xms=-Xmx}, {@code
 * -XX:+AlwaysPreTouch}), so its RSS moves only with native memory (libsql/SQLite, the allocator's
 * arenas for {@value #THREADS} threads, JIT code). A leak of one prepared statement or cursor per
 * operation is tens of MiB per second at the rates seen here (thousands of operations per second),
 * a leaked connection with its page cache much more; {@value #RSS_GROWTH_BOUND_MIB} MiB leaves room
 * for late JIT compilation and allocator fragmentation but not for a leak that grows with the
 * number of operations. (StressIT covers fewer threads in this JVM, with its data checks.)
 *
 * <p>Default run {@value #DEFAULT_RUN_SECONDS} s; {@code -Dlibsql4j.soak=600s} runs that long.
 */
class JniMisuseIT {
  static final int THREADS = 16;
  static final int DEFAULT_RUN_SECONDS = 30;
  static final long RSS_GROWTH_BOUND_MIB = 64;
  private static final Pattern RSS = Pattern.compile(
      "RSS_KIB warmupEnd=(\\d+) peakAfterWarmup=(\\d+) end=(\\d+) peakDuringWarmup=(\\d+) samples=(\\d+)");
  private static final Pattern OPS = Pattern.compile("OPS (\\d+) in .*unexpected (\\d+), databases replaced (\\d+)");

  @TempDir Path dir;

  @Test
  void sixteenThreadsMisusingSharedObjectsNeitherCrashNorLeak() throws Exception {
    Duration run = Soak.orDefault(Duration.ofSeconds(DEFAULT_RUN_SECONDS));
    // Warm-up: 40% of the run, at most a minute. RSS climbs for the first ~40 s of a run on a busy
    // 2-core machine (JIT, allocator arenas of 16 threads, SQLite page caches) and is flat after:
    // 339 MiB from 100 s to 240 s over 250k operations in a 4-minute run.
    long warmup = Math.min(60, Math.max(5, run.toSeconds() * 2 / 5));
    long seed = Long.getLong("libsql4j.misuse.seed", 20261201L);
    try (ChildJvm child = ChildJvm.start(JniMisuseMain.class,
        List.of("-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch", "-XX:+UseSerialGC"), Map.of(),
        Long.toString(run.toSeconds()), Long.toString(warmup), Integer.toString(THREADS), Long.toString(seed),
        dir.toString())) {
      Integer exit = child.waitFor(run.toSeconds() + 180, TimeUnit.SECONDS);
      assertThat(exit).as("the child JVM finished; %s", child.describe()).isNotNull();
      String out = String.join("\n", child.lines());
      assertThat(child.stderr()).as("no JVM crash report").doesNotContain("A fatal error has been detected");
      assertThat(out).as("no thread hung").doesNotContain("HANG ");
      assertThat(out).as("only LibSqlException / IllegalStateException escaped").doesNotContain("UNEXPECTED ");
      assertThat(exit).as("exit code; %s", child.describe()).isZero();
      // The child checked stats().isEmpty() for both databases once every shared object was closed,
      // and again after closing each database (a FAILURE line and exit 1 otherwise).
      assertThat(out).contains("RESULT OK").contains("STATS_AFTER_CLOSE empty")
          .containsPattern("DATA db0 rows=\\d+ final=final integrity=ok")
          .containsPattern("DATA db1 rows=\\d+ final=final integrity=ok");

      Matcher ops = OPS.matcher(out);
      assertThat(ops.find()).as("ops line in %s", out).isTrue();
      // Thousands per second on an idle 2-core machine; far fewer when other builds share it.
      assertThat(Long.parseLong(ops.group(1))).as("operations run").isGreaterThan(2_000);
      assertThat(Long.parseLong(ops.group(3))).as("databases closed and replaced under the threads").isPositive();
      // The misuse happened: operations on objects another thread had closed, and interrupted statements.
      assertThat(out).containsPattern("OUTCOME CURSOR_STEP IllegalStateException \\d+")
          .containsPattern("OUTCOME PS_EXECUTE IllegalStateException \\d+")
          .containsPattern("OUTCOME CURSOR_STEP ok \\d+")
          .containsPattern("OUTCOME PS_EXECUTE ok \\d+")
          .containsPattern("OUTCOME \\w+ LibSqlTimeoutException/SQLITE_INTERRUPT \\d+");

      Matcher rss = RSS.matcher(out);
      assertThat(rss.find()).as("RSS line in %s", out).isTrue();
      long warmEnd = Long.parseLong(rss.group(1));
      long peakAfter = Long.parseLong(rss.group(2));
      long growthMib = (peakAfter - warmEnd) / 1024;
      System.out.printf("[JniMisuseIT] %d threads, %d s (warm-up %d s): %s; RSS after warm-up %d MiB, peak %d MiB,"
          + " end %d MiB, growth %d MiB (bound %d MiB)%n", THREADS, run.toSeconds(), warmup, ops.group(0),
          warmEnd / 1024, peakAfter / 1024, Long.parseLong(rss.group(3)) / 1024, growthMib, RSS_GROWTH_BOUND_MIB);
      for (String line : child.lines()) {
        if (line.startsWith("OUTCOME ") || line.startsWith("DATA ") || line.startsWith("STATS")
            || line.startsWith("RSS_AT ")) {
          System.out.println("[JniMisuseIT]   " + line);
        }
      }
      assertThat(warmEnd).as("RSS sampled").isPositive();
      assertThat(growthMib).as("RSS growth after warm-up, MiB").isLessThanOrEqualTo(RSS_GROWTH_BOUND_MIB);
    }
  }
}
