package dev.libsql4j.bench;

import dev.libsql4j.Connection;
import dev.libsql4j.Cursor;
import dev.libsql4j.Database;
import dev.libsql4j.LibSql;
import dev.libsql4j.PreparedStatement;
import dev.libsql4j.Row;
import dev.libsql4j.Transaction;
import dev.libsql4j.TransactionMode;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The best-of-N thread CPU time per row or call of {@link EmbeddedBench}'s three workloads
 * (300,000-row insert in one transaction, 100,000 point selects, full scan), on libsql4j only. The
 * minimum over repetitions is what a busy or noisy machine disturbs least, so two builds can be
 * compared by running this alternately against each (same source, each build's classpath).
 * Setting: {@code probe.reps} (8). Run: {@code java -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"
 * dev.libsql4j.bench.EmbeddedCpuProbe}.
 */
public final class EmbeddedCpuProbe {
    private EmbeddedCpuProbe() {
    }

    static long sink;

    static final com.sun.management.ThreadMXBean MX =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    static long cpu() {
        return MX.getCurrentThreadCpuTime();
    }

    public static void main(String[] args) throws Exception {
        int rows = 300_000;
        int selects = 100_000;
        int reps = Integer.getInteger("probe.reps", 8);
        Path dir = Files.createTempDirectory("libsql4j-cpu-probe");
        long bestIns = Long.MAX_VALUE;
        long bestSel = Long.MAX_VALUE;
        long bestScan = Long.MAX_VALUE;
        for (int rep = 0; rep < reps; rep++) {
            Path f = dir.resolve("p" + rep + ".db");
            try (Database db = LibSql.open("file:" + f); Connection c = db.connect()) {
                c.execute("PRAGMA synchronous=NORMAL");
                c.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT NOT NULL, val REAL)");
                long t0 = cpu();
                try (Transaction tx = c.begin(TransactionMode.IMMEDIATE);
                     PreparedStatement ps = c.prepare("INSERT INTO t(id, name, val) VALUES (?, ?, ?)")) {
                    for (int i = 1; i <= rows; i++) {
                        ps.execute((long) i, "name-" + i, i * 0.5);
                    }
                    tx.commit();
                }
                bestIns = Math.min(bestIns, cpu() - t0);
            }
            try (Database db = LibSql.open("file:" + f); Connection c = db.connect();
                 PreparedStatement ps = c.prepare("SELECT id, name, val FROM t WHERE id = ?")) {
                SplittableRandom rnd = new SplittableRandom(42);
                long t0 = cpu();
                for (int i = 0; i < selects; i++) {
                    Row r = ps.execute((long) (1 + rnd.nextInt(rows))).rows().get(0);
                    sink += r.getLong(0) + r.getString(1).length();
                }
                bestSel = Math.min(bestSel, cpu() - t0);
            }
            try (Database db = LibSql.open("file:" + f); Connection c = db.connect()) {
                long t0 = cpu();
                try (Cursor cur = c.query("SELECT id, name, val FROM t")) {
                    for (Row r : cur) {
                        sink += r.getLong(0) + r.getString(1).length() + (long) r.getDouble(2);
                    }
                }
                bestScan = Math.min(bestScan, cpu() - t0);
            }
            for (String s : new String[] {"", "-wal", "-shm"}) {
                Files.deleteIfExists(Path.of(f + s));
            }
        }
        Files.deleteIfExists(dir);
        System.out.printf(Locale.ROOT, "best of %d (thread CPU): insert %.0f ns/row, point select %.0f ns/call, scan %.0f ns/row%n",
                reps, (double) bestIns / rows, (double) bestSel / selects, (double) bestScan / rows);
    }
}
