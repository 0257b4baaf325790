package dev.libsql4j.bench;

import dev.libsql4j.Connection;
import dev.libsql4j.Database;
import dev.libsql4j.LibSql;
import dev.libsql4j.PreparedStatement;
import dev.libsql4j.Row;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The per-call cost of libsql4j's embedded point select, for profiling and for before/after
 * comparisons on a busy machine: after a warm-up it reports the wall and on-CPU nanoseconds (the
 * latter counts only this thread's CPU time, so it varies far less with load) and the Java heap
 * bytes allocated per {@code PreparedStatement.execute} (exact, independent of load). Run it under a profiler
 * (async-profiler's agent, or {@code valgrind --tool=callgrind} with
 * {@code --toggle-collect=Java_*stmtExecute*} for the instructions spent in native code per call).
 *
 * <p>Settings: {@code probe.rows} (100000), {@code probe.warmup} (300000), {@code probe.selects}
 * (1000000), {@code probe.leakTraces} (false).
 */
public final class PointSelectProbe {
    private PointSelectProbe() {
    }

    static long sink;

    public static void main(String[] args) throws Exception {
        int rows = Integer.getInteger("probe.rows", 100_000);
        int warmup = Integer.getInteger("probe.warmup", 300_000);
        int selects = Integer.getInteger("probe.selects", 1_000_000);
        Path dir = Files.createTempDirectory("libsql4j-probe");
        Path file = dir.resolve("probe.db");
        dev.libsql4j.Config config = dev.libsql4j.Config.builder("file:" + file)
                .leakTraces(Boolean.getBoolean("probe.leakTraces")).build();
        try (Database db = LibSql.open(config); Connection c = db.connect()) {
            c.execute("PRAGMA synchronous=NORMAL");
            c.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT NOT NULL, val REAL)");
            // One script, so that under callgrind --toggle-collect=*stmtExecute* only the point
            // selects are counted.
            c.executeScript("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " + rows + ")"
                    + " INSERT INTO t(id, name, val) SELECT i, 'name-' || i, i * 0.5 FROM n");
            try (PreparedStatement ps = c.prepare("SELECT id, name, val FROM t WHERE id = ?")) {
                SplittableRandom rnd = new SplittableRandom(42);
                run(ps, rnd, rows, warmup);
                com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
                long tid = Thread.currentThread().getId();
                long bytes0 = mx.getThreadAllocatedBytes(tid);
                long cpu0 = mx.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                run(ps, rnd, rows, selects);
                long ns = System.nanoTime() - t0;
                long cpu = mx.getCurrentThreadCpuTime() - cpu0;
                long bytes = mx.getThreadAllocatedBytes(tid) - bytes0;
                System.out.printf(Locale.ROOT, "point select: %,d calls, %.0f ns/call wall (%,.0f/s), %.0f ns/call on CPU"
                        + " (%,.0f/s), %.1f bytes allocated/call%n", selects, (double) ns / selects, selects * 1e9 / ns,
                        (double) cpu / selects, selects * 1e9 / cpu, (double) bytes / selects);
            }
        } finally {
            for (String suffix : new String[] {"", "-wal", "-shm"}) {
                Files.deleteIfExists(Path.of(file + suffix));
            }
            Files.deleteIfExists(dir);
        }
    }

    private static void run(PreparedStatement ps, SplittableRandom rnd, int rows, int n) {
        for (int i = 0; i < n; i++) {
            long id = 1 + rnd.nextInt(rows);
            Row r = ps.execute(id).rows().get(0);
            sink += r.getLong(0) + r.getString(1).length();
        }
    }
}
