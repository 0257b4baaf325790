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
 * Embedded libsql4j against xerial sqlite-jdbc and against the native floor, side by side, on three
 * local workloads: a prepared insert of N rows in one transaction, prepared point selects by
 * primary key, and a full scan of the N rows. Rounds alternate the contenders (each round starts
 * with a different one) so drift hits all alike; the summary prints medians and, per workload,
 * libsql4j's ratio to sqlite-jdbc and to the native floors (the median of the per-round ratios,
 * which cancels drift between rounds, and the ratio of the medians).
 *
 * <p>The native floor is {@code libsql4j-native-floor} (native/floor/main.rs): the same workloads
 * from Rust, once through the engine's C API the way {@code native/} calls it and once through the
 * {@code libsql} crate's API, launched as a child process per round. It only times the workloads,
 * not its own start.
 *
 * <p>All use a fresh file per round with {@code journal_mode=WAL} and {@code synchronous=NORMAL}.
 * Settings: {@code bench.rows} (1000000), {@code bench.rounds} (5), {@code bench.selects}
 * (200000 point selects per round), {@code bench.dir} (temp directory), {@code bench.floor} (path
 * of the floor binary; without it the floors are not run), {@code bench.contenders} (comma list of
 * {@code libsql4j}, {@code sqlite-jdbc}, {@code capi}, {@code libsql}; all by default),
 * {@code bench.clock} ({@code wall}, the default, or {@code cpu}: the CPU time of the process doing
 * the work, all JVM threads for the Java contenders (so JIT and GC count), the floor's own for the
 * floors; far steadier than the wall clock on a machine other work keeps busy).
 */
public final class EmbeddedBench {
    static final int ROWS = Integer.getInteger("bench.rows", 1_000_000);
    static final int ROUNDS = Integer.getInteger("bench.rounds", 5);
    static final int SELECTS = Integer.getInteger("bench.selects", 200_000);

    static final boolean CPU_CLOCK = "cpu".equals(System.getProperty("bench.clock", "wall"));
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();

    private EmbeddedBench() {
    }

    /** Nanoseconds on the chosen clock (bench.clock). */
    static long now() {
        return CPU_CLOCK ? OS.getProcessCpuTime() : System.nanoTime();
    }

    interface Contender {
        /** A short key for bench.contenders. */
        String key();

        String name();

        /**
         * On a fresh file: creates the table and inserts ROWS rows in one transaction, runs
         * SELECTS point selects by random primary key, reads every row and column; returns the
         * seconds each of the three took.
         */
        double[] run(Path file) throws Exception;
    }

    /** A contender that runs each workload in this JVM. */
    abstract static class InProcess implements Contender {
        abstract double insert(Path file) throws Exception;

        abstract double pointSelects(Path file) throws Exception;

        abstract double scan(Path file) throws Exception;

        @Override
        public double[] run(Path file) throws Exception {
            return new double[] {insert(file), pointSelects(file), scan(file)};
        }
    }

    /** The Rust floor, one child process per round; it prints {@code <workload> <seconds>} lines. */
    static final class NativeFloor implements Contender {
        private final Path binary;
        private final String api;
        private final String name;

        NativeFloor(Path binary, String api, String name) {
            this.binary = binary;
            this.api = api;
            this.name = name;
        }

        @Override
        public String key() {
            return api;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public double[] run(Path file) throws Exception {
            Process p = new ProcessBuilder(binary.toString(), api, file.toString(), Integer.toString(ROWS),
                    Integer.toString(SELECTS)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            int exit = p.waitFor();
            if (exit != 0) {
                throw new IllegalStateException(binary + " " + api + " exited with " + exit + "; output: " + out);
            }
            double[] secs = {Double.NaN, Double.NaN, Double.NaN};
            for (String line : out.split("\n")) {
                // <workload> <wall seconds> <cpu seconds>
                String[] kv = line.trim().split(" ");
                if (kv.length != 3) {
                    continue;
                }
                int w = switch (kv[0]) {
                    case "insert" -> 0;
                    case "point_select" -> 1;
                    case "scan" -> 2;
                    default -> -1;
                };
                if (w >= 0) {
                    secs[w] = Double.parseDouble(kv[CPU_CLOCK ? 2 : 1]);
                }
            }
            for (double s : secs) {
                if (Double.isNaN(s)) {
                    throw new IllegalStateException(binary + " " + api + " did not report every workload: " + out);
                }
            }
            return secs;
        }
    }

    static long sink;

    static final class LibSql4j extends InProcess {
        @Override
        public String key() {
            return "libsql4j";
        }

        @Override
        public String name() {
            return "libsql4j embedded";
        }

        private static Database open(Path file) {
            return LibSql.open("file:" + file);
        }

        @Override
        double insert(Path file) {
            try (Database db = open(file); Connection c = db.connect()) {
                c.execute("PRAGMA journal_mode=WAL");
                c.execute("PRAGMA synchronous=NORMAL");
                c.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT NOT NULL, val REAL)");
                long t0 = now();
                try (Transaction tx = c.begin(TransactionMode.IMMEDIATE);
                     PreparedStatement ps = c.prepare("INSERT INTO t(id, name, val) VALUES (?, ?, ?)")) {
                    for (int i = 1; i <= ROWS; i++) {
                        ps.execute((long) i, "name-" + i, i * 0.5);
                    }
                    tx.commit();
                }
                return (now() - t0) / 1e9;
            }
        }

        @Override
        double pointSelects(Path file) {
            try (Database db = open(file); Connection c = db.connect();
                 PreparedStatement ps = c.prepare("SELECT id, name, val FROM t WHERE id = ?")) {
                SplittableRandom rnd = new SplittableRandom(42);
                long t0 = now();
                for (int i = 0; i < SELECTS; i++) {
                    long id = 1 + rnd.nextInt(ROWS);
                    Row r = ps.execute(id).rows().get(0);
                    sink += r.getLong(0) + r.getString(1).length();
                }
                return (now() - t0) / 1e9;
            }
        }

        @Override
        double scan(Path file) {
            try (Database db = open(file); Connection c = db.connect()) {
                long t0 = now();
                long n = 0;
                try (Cursor cur = c.query("SELECT id, name, val FROM t")) {
                    for (Row r : cur) {
                        sink += r.getLong(0) + r.getString(1).length() + (long) r.getDouble(2);
                        n++;
                    }
                }
                check(n);
                return (now() - t0) / 1e9;
            }
        }
    }

    static final class SqliteJdbc extends InProcess {
        @Override
        public String key() {
            return "sqlite-jdbc";
        }

        @Override
        public String name() {
            return "sqlite-jdbc";
        }

        @Override
        double insert(Path file) throws Exception {
            try (java.sql.Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                 java.sql.Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=NORMAL");
                s.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT NOT NULL, val REAL)");
                long t0 = now();
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
                return (now() - t0) / 1e9;
            }
        }

        @Override
        double pointSelects(Path file) throws Exception {
            try (java.sql.Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                 java.sql.PreparedStatement ps = c.prepareStatement("SELECT id, name, val FROM t WHERE id = ?")) {
                SplittableRandom rnd = new SplittableRandom(42);
                long t0 = now();
                for (int i = 0; i < SELECTS; i++) {
                    ps.setLong(1, 1 + rnd.nextInt(ROWS));
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        sink += rs.getLong(1) + rs.getString(2).length();
                    }
                }
                return (now() - t0) / 1e9;
            }
        }

        @Override
        double scan(Path file) throws Exception {
            try (java.sql.Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                 java.sql.Statement s = c.createStatement()) {
                long t0 = now();
                long n = 0;
                try (ResultSet rs = s.executeQuery("SELECT id, name, val FROM t")) {
                    while (rs.next()) {
                        sink += rs.getLong(1) + rs.getString(2).length() + (long) rs.getDouble(3);
                        n++;
                    }
                }
                check(n);
                return (now() - t0) / 1e9;
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

    /** One ratio line: libsql4j against {@code other} on workload {@code w}. */
    static void ratio(List<Contender> cs, List<Double>[][] rates, int a, int b, int w, String work, double target) {
        if (a < 0 || b < 0) {
            return;
        }
        List<Double> perRound = new ArrayList<>();
        for (int r = 0; r < rates[a][w].size(); r++) {
            perRound.add(rates[a][w].get(r) / rates[b][w].get(r));
        }
        double paired = median(perRound);
        double ofMedians = median(rates[a][w]) / median(rates[b][w]);
        String verdict = Double.isNaN(target) ? "" : String.format(Locale.ROOT, "  (target >= %.1f: %s)", target,
                paired >= target ? "MET" : "NOT MET");
        System.out.printf(Locale.ROOT, "RATIO %-13s %s / %-26s = %.2f  (ratio of medians %.2f; per round %s)%s%n", work,
                cs.get(a).name(), cs.get(b).name(), paired, ofMedians, perRound.stream()
                        .map(x -> String.format(Locale.ROOT, "%.2f", x)).collect(java.util.stream.Collectors.joining(" ")),
                verdict);
    }

    static int indexOf(List<Contender> cs, String key) {
        for (int i = 0; i < cs.size(); i++) {
            if (cs.get(i).key().equals(key)) {
                return i;
            }
        }
        return -1;
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory(Path.of(System.getProperty("bench.dir", System.getProperty("java.io.tmpdir"))),
                "libsql4j-embedded-bench");
        List<Contender> all = new ArrayList<>(List.of(new LibSql4j(), new SqliteJdbc()));
        String floor = System.getProperty("bench.floor");
        if (floor != null && !floor.isEmpty()) {
            Path bin = Path.of(floor);
            if (!Files.isExecutable(bin)) {
                throw new IllegalStateException("bench.floor=" + floor + " is not an executable file; build it with"
                        + " scripts/build-native.sh --floor");
            }
            all.add(new NativeFloor(bin, "capi", "native floor, C API"));
            all.add(new NativeFloor(bin, "libsql", "native floor, libsql crate"));
        }
        List<String> wanted = List.of(System.getProperty("bench.contenders", "libsql4j,sqlite-jdbc,capi,libsql").split(","));
        List<Contender> cs = new ArrayList<>();
        for (Contender c : all) {
            if (wanted.contains(c.key())) {
                cs.add(c);
            }
        }
        String[] work = {"insert", "point select", "scan"};
        double[] units = {ROWS, SELECTS, ROWS};
        @SuppressWarnings("unchecked")
        List<Double>[][] rates = new List[cs.size()][work.length];
        for (int c = 0; c < cs.size(); c++) {
            for (int w = 0; w < work.length; w++) {
                rates[c][w] = new ArrayList<>();
            }
        }
        System.out.printf(Locale.ROOT, "embedded benchmark: %,d rows, %,d point selects, %d rounds (+1 warm-up), %s clock,"
                + " files in %s%n", ROWS, SELECTS, ROUNDS, CPU_CLOCK ? "CPU" : "wall", dir);
        if (floor == null || floor.isEmpty()) {
            System.out.println("native floors: not run (-Dbench.floor=<path of libsql4j-native-floor> adds them;"
                    + " scripts/bench-embedded.sh does)");
        }
        for (int round = 0; round <= ROUNDS; round++) {
            for (int k = 0; k < cs.size(); k++) {
                int c = (round + k) % cs.size();
                Path file = dir.resolve("r" + round + "-" + c + ".db");
                double[] secs = cs.get(c).run(file);
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s %-27s", round == 0 ? "warm-up " : "round " + round,
                        cs.get(c).name()));
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
        System.out.printf(Locale.ROOT, "%-28s %16s %16s %16s%n", "median", "insert rows/s", "point selects/s", "scan rows/s");
        for (int c = 0; c < cs.size(); c++) {
            System.out.printf(Locale.ROOT, "%-28s %,16.0f %,16.0f %,16.0f%n", cs.get(c).name(), median(rates[c][0]),
                    median(rates[c][1]), median(rates[c][2]));
        }
        int lib = indexOf(cs, "libsql4j");
        int jdbc = indexOf(cs, "sqlite-jdbc");
        int capi = indexOf(cs, "capi");
        int crate = indexOf(cs, "libsql");
        double[] vsJdbc = {1.0, 1.3, 1.0};
        double[] vsCapi = {0.9, 0.9, 1.0};
        System.out.println();
        for (int w = 0; w < work.length; w++) {
            ratio(cs, rates, lib, jdbc, w, work[w], vsJdbc[w]);
        }
        for (int w = 0; w < work.length; w++) {
            ratio(cs, rates, lib, capi, w, work[w], vsCapi[w]);
        }
        for (int w = 0; w < work.length; w++) {
            ratio(cs, rates, lib, crate, w, work[w], Double.NaN);
        }
        for (int w = 0; w < work.length; w++) {
            ratio(cs, rates, crate, capi, w, work[w], Double.NaN);
        }
        Files.deleteIfExists(dir);
        if (sink == 42) {
            System.out.println();
        }
    }
}
