package dev.libsql4j.bench;

import dev.libsql4j.Connection;
import dev.libsql4j.Cursor;
import dev.libsql4j.Database;
import dev.libsql4j.LibSql;
import dev.libsql4j.PreparedStatement;
import dev.libsql4j.Row;
import dev.libsql4j.Transaction;
import dev.libsql4j.TransactionMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Embedded libsql4j against xerial sqlite-jdbc, side by side in one JVM, on three local workloads:
 * a prepared insert of N rows in one transaction, prepared point selects by primary key, and a
 * full scan of the N rows. Rounds alternate the two contenders so drift hits both alike; the
 * summary prints medians and the libsql4j / sqlite-jdbc ratio per workload (target: at least 1.0).
 *
 * <p>Both use a fresh file per round with {@code journal_mode=WAL} and {@code synchronous=NORMAL}.
 * Settings: {@code bench.rows} (1000000), {@code bench.rounds} (5), {@code bench.selects}
 * (200000 point selects per round), {@code bench.dir} (temp directory).
 */
public final class EmbeddedBench {
    static final int ROWS = Integer.getInteger("bench.rows", 1_000_000);
    static final int ROUNDS = Integer.getInteger("bench.rounds", 5);
    static final int SELECTS = Integer.getInteger("bench.selects", 200_000);

    private EmbeddedBench() {
    }

    interface Contender {
        String name();

        /** Creates the table and inserts ROWS rows in one transaction; returns seconds. */
        double insert(Path file) throws Exception;

        /** Runs SELECTS point selects by random primary key on the file; returns seconds. */
        double pointSelects(Path file) throws Exception;

        /** Reads every row and column; returns seconds. */
        double scan(Path file) throws Exception;
    }

    static long sink;

    static final class LibSql4j implements Contender {
        @Override
        public String name() {
            return "libsql4j embedded";
        }

        private static Database open(Path file) {
            return LibSql.open("file:" + file);
        }

        @Override
        public double insert(Path file) {
            try (Database db = open(file); Connection c = db.connect()) {
                c.execute("PRAGMA journal_mode=WAL");
                c.execute("PRAGMA synchronous=NORMAL");
                c.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT NOT NULL, val REAL)");
                long t0 = System.nanoTime();
                try (Transaction tx = c.begin(TransactionMode.IMMEDIATE);
                     PreparedStatement ps = c.prepare("INSERT INTO t(id, name, val) VALUES (?, ?, ?)")) {
                    for (int i = 1; i <= ROWS; i++) {
                        ps.execute((long) i, "name-" + i, i * 0.5);
                    }
                    tx.commit();
                }
                return (System.nanoTime() - t0) / 1e9;
            }
        }

        @Override
        public double pointSelects(Path file) {
            try (Database db = open(file); Connection c = db.connect();
                 PreparedStatement ps = c.prepare("SELECT id, name, val FROM t WHERE id = ?")) {
                SplittableRandom rnd = new SplittableRandom(42);
                long t0 = System.nanoTime();
                for (int i = 0; i < SELECTS; i++) {
                    long id = 1 + rnd.nextInt(ROWS);
                    Row r = ps.execute(id).rows().get(0);
                    sink += r.getLong(0) + r.getString(1).length();
                }
                return (System.nanoTime() - t0) / 1e9;
            }
        }

        @Override
        public double scan(Path file) {
            try (Database db = open(file); Connection c = db.connect()) {
                long t0 = System.nanoTime();
                long n = 0;
                try (Cursor cur = c.query("SELECT id, name, val FROM t")) {
                    for (Row r : cur) {
                        sink += r.getLong(0) + r.getString(1).length() + (long) r.getDouble(2);
                        n++;
                    }
                }
                check(n);
                return (System.nanoTime() - t0) / 1e9;
            }
        }
    }

    static final class SqliteJdbc implements Contender {
        @Override
        public String name() {
            return "sqlite-jdbc";
        }

        @Override
        public double insert(Path file) throws Exception {
            try (java.sql.Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                 java.sql.Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=NORMAL");
                s.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT NOT NULL, val REAL)");
                long t0 = System.nanoTime();
                c.setAutoCommit(false);
                try (java.sql.PreparedStatement ps = c.prepareStatement("INSERT INTO t(id, name, val) VALUES (?, ?, ?)")) {
                    for (int i = 1; i <= ROWS; i++) {
                        ps.setLong(1, i);
                        ps.setString(2, "name-" + i);
                        ps.setDouble(3, i * 0.5);
                        ps.executeUpdate();
                    }
                }
                c.commit();
                return (System.nanoTime() - t0) / 1e9;
            }
        }

        @Override
        public double pointSelects(Path file) throws Exception {
            try (java.sql.Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                 java.sql.PreparedStatement ps = c.prepareStatement("SELECT id, name, val FROM t WHERE id = ?")) {
                SplittableRandom rnd = new SplittableRandom(42);
                long t0 = System.nanoTime();
                for (int i = 0; i < SELECTS; i++) {
                    ps.setLong(1, 1 + rnd.nextInt(ROWS));
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        sink += rs.getLong(1) + rs.getString(2).length();
                    }
                }
                return (System.nanoTime() - t0) / 1e9;
            }
        }

        @Override
        public double scan(Path file) throws Exception {
            try (java.sql.Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                 java.sql.Statement s = c.createStatement()) {
                long t0 = System.nanoTime();
                long n = 0;
                try (ResultSet rs = s.executeQuery("SELECT id, name, val FROM t")) {
                    while (rs.next()) {
                        sink += rs.getLong(1) + rs.getString(2).length() + (long) rs.getDouble(3);
                        n++;
                    }
                }
                check(n);
                return (System.nanoTime() - t0) / 1e9;
            }
        }
    }

    static void check(long n) {
        if (n != ROWS) {
            throw new IllegalStateException("scanned " + n + " rows, expected " + ROWS);
        }
    }

    static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory(Path.of(System.getProperty("bench.dir", System.getProperty("java.io.tmpdir"))),
                "libsql4j-embedded-bench");
        Contender[] cs = {new LibSql4j(), new SqliteJdbc()};
        String[] work = {"insert", "point select", "scan"};
        double[] units = {ROWS, SELECTS, ROWS};
        @SuppressWarnings("unchecked")
        List<Double>[][] rates = new List[cs.length][work.length];
        for (int c = 0; c < cs.length; c++) {
            for (int w = 0; w < work.length; w++) {
                rates[c][w] = new ArrayList<>();
            }
        }
        System.out.printf(Locale.ROOT, "embedded benchmark: %,d rows, %,d point selects, %d rounds (+1 warm-up), files in %s%n",
                ROWS, SELECTS, ROUNDS, dir);
        for (int round = 0; round <= ROUNDS; round++) {
            for (int k = 0; k < cs.length; k++) {
                int c = (round + k) % cs.length;
                Path file = dir.resolve("r" + round + "-" + c + ".db");
                double[] secs = {cs[c].insert(file), cs[c].pointSelects(file), cs[c].scan(file)};
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s %-18s", round == 0 ? "warm-up " : "round " + round,
                        cs[c].name()));
                for (int w = 0; w < work.length; w++) {
                    double rate = units[w] / secs[w];
                    if (round > 0) {
                        rates[c][w].add(rate);
                    }
                    line.append(String.format(Locale.ROOT, "  %s %,10.0f/s", work[w], rate));
                }
                System.out.println(line);
                for (String suffix : new String[] {"", "-wal", "-shm", "-journal", "-client_wal_index"}) {
                    Files.deleteIfExists(Path.of(file + suffix));
                }
            }
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "%-20s %16s %16s %16s%n", "median", "insert rows/s", "point selects/s", "scan rows/s");
        for (int c = 0; c < cs.length; c++) {
            System.out.printf(Locale.ROOT, "%-20s %,16.0f %,16.0f %,16.0f%n", cs[c].name(), median(rates[c][0]),
                    median(rates[c][1]), median(rates[c][2]));
        }
        for (int w = 0; w < work.length; w++) {
            double ratio = median(rates[0][w]) / median(rates[1][w]);
            System.out.printf(Locale.ROOT, "RATIO %-13s libsql4j / sqlite-jdbc = %.2f (target >= 1.0: %s)%n", work[w], ratio,
                    ratio >= 1.0 ? "MET" : "NOT MET");
        }
        Files.deleteIfExists(dir);
        if (sink == 42) {
            System.out.println();
        }
    }
}
