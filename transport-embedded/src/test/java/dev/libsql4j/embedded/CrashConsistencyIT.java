package dev.libsql4j.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.libsql4j.Config;
import dev.libsql4j.Connection;
import dev.libsql4j.Cursor;
import dev.libsql4j.Database;
import dev.libsql4j.LibSql;
import dev.libsql4j.Row;
import dev.libsql4j.testkit.Soak;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Local crash consistency: a child JVM ({@link CrashWriterMain}) commits numbered groups of rows
 * to one file through transactions, atomic batches, prepared statements and scripts, and reports
 * each commit on stdout after the commit returned; this test kills it with {@code kill -9} after a
 * random (seeded) delay, then opens the file itself and checks that {@code PRAGMA integrity_check}
 * says {@code ok}, that every reported commit is there, and that every group is whole (no partial
 * transaction or batch, nothing of a rolled-back one). The next child continues on the same file,
 * so recovery after a kill is itself killed. Plain and encrypted files (WAL, the transport's
 * default).
 *
 * <p>Default: {@value #DEFAULT_KILLS} kills per file. With {@code -Dlibsql4j.soak=600s} each of the
 * two files gets kills for half that time. {@code -Dlibsql4j.crash.seed=N} changes the seed of the
 * kill delays and the workload (the default is fixed; the output names the seed).
 */
class CrashConsistencyIT {
  static final int DEFAULT_KILLS = 5;
  /** Longest time a child runs before its kill: it commits continuously until then. */
  static final int MAX_DELAY_MILLIS = 1500;

  @TempDir Path dir;

  @ParameterizedTest(name = "encrypted={0}")
  @ValueSource(booleans = {false, true})
  void killNineNeverLosesAReportedCommitNorShowsAPartialOne(boolean encrypted) throws Exception {
    long seed = Long.getLong("libsql4j.crash.seed", 20261201L) + (encrypted ? 1 : 0);
    Random rnd = new Random(seed);
    byte[] key = null;
    if (encrypted) {
      key = new byte[32];
      rnd.nextBytes(key);
    }
    Path file = dir.resolve(encrypted ? "crash-encrypted.db" : "crash-plain.db");
    long soakEnd = Soak.duration().map(d -> System.nanoTime() + d.toNanos() / 2).orElse(0L);
    NavigableMap<Long, String> reported = new TreeMap<>();
    long verifiedMax = 0;
    int kills = 0;
    int unreportedButPresent = 0;
    long started = System.nanoTime();
    List<String> history = new ArrayList<>();
    while (soakEnd == 0 ? kills < DEFAULT_KILLS : System.nanoTime() < soakEnd) {
      long childSeed = rnd.nextLong();
      int delay = 20 + rnd.nextInt(MAX_DELAY_MILLIS);
      Map<String, String> env = key == null ? Map.of() : Map.of(CrashWriterMain.KEY_ENV, HexFormat.of().formatHex(key));
      long lastReported;
      String childOutput;
      try (ChildJvm child = ChildJvm.start(CrashWriterMain.class,
          List.of("-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"), env,
          file.toString(), Long.toString(childSeed), "300")) {
        String start = child.awaitLine(l -> l.startsWith("START ") || l.startsWith("ERROR"), 60, TimeUnit.SECONDS);
        assertThat(start).as("the child opened the file; %s", child.describe()).startsWith("START ");
        assertThat(Long.parseLong(start.substring(6)))
            .as("the child continues right after the last group the test saw; %s", child.describe())
            .isEqualTo(verifiedMax + 1);
        Thread.sleep(delay);
        int exit = child.kill();
        kills++;
        assertThat(exit).as("the child died of SIGKILL (137), not on its own; %s", child.describe()).isEqualTo(137);
        lastReported = verifiedMax;
        for (String line : child.lines()) {
          assertThat(line).as("child output; %s", child.describe()).doesNotStartWith("ERROR").isNotEqualTo("DONE");
          if (line.startsWith("C ")) {
            String[] f = line.split(" ");
            long seq = Long.parseLong(f[1]);
            assertThat(seq).as("commit numbers go up by one; %s", child.describe()).isEqualTo(lastReported + 1);
            reported.put(seq, f[2] + " " + f[3]);
            lastReported = seq;
          }
        }
        childOutput = child.describe();
        history.add("kill " + kills + ": delay " + delay + " ms, " + start + ", last reported " + lastReported
            + ", " + child.lines().size() + " lines");
      }
      long max = verify(file, key, reported);
      history.add("  verified: " + max + " groups");
      if (max > lastReported + 1) {
        // More than the one commit a kill can cut off before its report: show what is there.
        assertThat(groups(file, key, lastReported))
            .as("after kill %d (delay %d ms): groups in the file after the last reported one, %d; history %s; %s",
                kills, delay, lastReported, history, childOutput)
            .isEmpty();
      }
      assertThat(max).as("after kill %d (delay %d ms): groups in the file vs. the last reported %d; %s", kills, delay,
          lastReported, childOutput).isBetween(lastReported, lastReported + 1);
      unreportedButPresent += (int) (max - lastReported);
      verifiedMax = max;
    }
    long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
    System.out.printf("[CrashConsistencyIT] encrypted=%s seed=%d: %d kills in %d s, %d commits reported, all present;"
        + " %d committed but killed before the report; integrity_check ok after every kill%n",
        encrypted, seed, kills, seconds, reported.size(), unreportedButPresent);
    // Not vacuous: the children did commit between kills.
    assertThat(reported.size()).as("commits reported over %d kills", kills).isGreaterThanOrEqualTo(kills * 10);
  }

  /** seq, kind and row count of every group after {@code after}. */
  private static List<String> groups(Path file, byte[] key, long after) {
    Config.Builder cfg = Config.builder("file:" + file);
    if (key != null) {
      cfg.encryptionKey(key.clone());
    }
    try (Database db = LibSql.open(cfg.build())) {
      return db.execute("SELECT seq, kind, total, count(*) FROM parts WHERE seq > ? GROUP BY seq ORDER BY seq", after)
          .rows().stream().map(Row::toString).toList();
    }
  }

  /**
   * Opens the file as a user would after a crash and checks it: integrity, whole groups numbered
   * 1..max without gaps, the right payloads, and every reported commit with its kind and size.
   * Returns max.
   */
  private static long verify(Path file, byte[] key, NavigableMap<Long, String> reported) {
    Config.Builder cfg = Config.builder("file:" + file);
    if (key != null) {
      cfg.encryptionKey(key.clone());
    }
    try (Database db = LibSql.open(cfg.build());
        Connection c = db.connect()) {
      List<Row> check = c.execute("PRAGMA integrity_check").rows();
      assertThat(check).as("integrity_check").hasSize(1);
      assertThat(check.get(0).getString(0)).as("integrity_check").isEqualTo("ok");
      long expectedSeq = 1;
      long expectedPart = 0;
      long groupTotal = 0;
      String groupKind = null;
      long rows = 0;
      try (Cursor cur = c.query("SELECT seq, part, total, kind, payload FROM parts ORDER BY seq, part")) {
        for (Row r : cur) {
          long seq = r.getLong(0);
          long part = r.getLong(1);
          if (expectedPart == 0) {
            assertThat(seq).as("groups are numbered without gaps").isEqualTo(expectedSeq);
            assertThat(part).as("group %d starts with part 0", seq).isZero();
            groupTotal = r.getLong(2);
            groupKind = r.getString(3);
            assertThat(groupKind).as("group %d is of a kind that commits", seq)
                .isNotIn("ROLLED_BACK", "FAILED_BATCH");
            String rep = reported.get(seq);
            if (rep != null) {
              assertThat(groupKind + " " + groupTotal).as("group %d as reported", seq).isEqualTo(rep);
            }
          } else {
            assertThat(seq).as("group %d is whole: %d of %d rows, then %d", expectedSeq, expectedPart, groupTotal, seq)
                .isEqualTo(expectedSeq);
            assertThat(part).as("part numbers of group %d", seq).isEqualTo(expectedPart);
            assertThat(r.getLong(2)).as("total of group %d", seq).isEqualTo(groupTotal);
            assertThat(r.getString(3)).as("kind of group %d", seq).isEqualTo(groupKind);
          }
          assertThat(r.getString(4)).as("payload of %d/%d", seq, part).isEqualTo(CrashWriterMain.payload(seq, part));
          rows++;
          expectedPart++;
          if (expectedPart == groupTotal) {
            expectedPart = 0;
            expectedSeq++;
          }
        }
      }
      assertThat(expectedPart).as("the last group %d is whole (%d of %d rows)", expectedSeq, expectedPart, groupTotal)
          .isZero();
      long max = expectedSeq - 1;
      long lastReported = reported.isEmpty() ? 0 : reported.lastKey();
      assertThat(max).as("every reported commit is in the file (%d rows read)", rows)
          .isGreaterThanOrEqualTo(lastReported);
      assertThat(db.stats().cursors()).as("the cursor closed itself at its end").isZero();
      return max;
    }
  }
}
