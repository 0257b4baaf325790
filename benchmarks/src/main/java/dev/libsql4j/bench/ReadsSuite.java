package dev.libsql4j.bench;

import static dev.libsql4j.bench.HttpBench.fmt;
import static dev.libsql4j.bench.HttpBench.list;
import static dev.libsql4j.bench.HttpBench.loadAvg;
import static dev.libsql4j.bench.HttpBench.say;

import dev.libsql4j.Config;
import dev.libsql4j.Connection;
import dev.libsql4j.Cursor;
import dev.libsql4j.Database;
import dev.libsql4j.LibSql;
import dev.libsql4j.Result;
import dev.libsql4j.Row;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The reads suite of {@link HttpBench} ({@code -Dbench.parts=reads}): what issue 7 sets targets
 * for, every contender against one sqld in one run, rounds alternated (the order rotates every
 * round so drift hits all alike), medians reported.
 *
 * <ul>
 *   <li><b>big</b>: a {@value #BIG}-row x 5-column table ({@code id INTEGER PRIMARY KEY, a TEXT,
 *       b REAL, c BLOB, d INTEGER}) read whole by libsql4j {@code conn.query()},
 *       {@code conn.execute()}, libsql4j JDBC {@code executeQuery}, dbeaver-jdbc-libsql
 *       {@code executeQuery}, and raw OkHttp floors: the same request bytes POSTed and the body read
 *       and discarded, per encoding ({@code /v3/pipeline} JSON as captured from libsql4j,
 *       {@code /v3-protobuf/pipeline} written by hand from the Hrana 3 schema: one {@code execute}
 *       and a {@code close}), plus sqld's legacy {@code POST /} (what dbeaver uses). Figures in rows/s.
 *   <li><b>small</b>: {@code SELECT * FROM big5 LIMIT 1} by {@code query()}, libsql4j JDBC and
 *       dbeaver; a prepared point select by primary key (prepare, bind, run, read, close per
 *       operation) by libsql4j core, libsql4j JDBC and dbeaver; sequential {@code SELECT 1}
 *       {@code execute} (the reference rate) and {@code SELECT 1} from 8 threads, each with its own
 *       connection on one {@code Database}. Figures in operations/s.
 * </ul>
 *
 * <p>Settings: {@code bench.readRows} (50000), {@code bench.readsWarmup} (s per contender, 2),
 * {@code bench.readsRounds} (3), {@code bench.readsRound} (s per contender per round, 3),
 * {@code bench.readsContenders} (default: all), {@code bench.encodings} (default {@code auto}: the
 * libsql4j contenders open the plain URL; a list such as {@code json,protobuf} runs every libsql4j
 * contender once per encoding, opening {@code url?encoding=X} — the URL option issue 7 item 1
 * adds; until it exists sqld's URL with that parameter is refused).
 */
final class ReadsSuite {
    static final int BIG = 50_000;
    static final int ROWS = (int) HttpBench.dbl("bench.readRows", BIG);
    static final double WARMUP_S = HttpBench.dbl("bench.readsWarmup", 2);
    static final int ROUNDS = (int) HttpBench.dbl("bench.readsRounds", 3);
    static final double ROUND_S = HttpBench.dbl("bench.readsRound", 3);
    static final List<String> ENCODINGS = list("bench.encodings", "auto");
    static final List<String> ONLY = list("bench.readsContenders", "");
    static final int THREADS = 8;

    static final String BIG_SQL = "SELECT * FROM big5";
    static final String LIMIT1_SQL = "SELECT * FROM big5 LIMIT 1";
    static final String POINT_SQL = "SELECT * FROM big5 WHERE id = ?";
    static final MediaType JSON = MediaType.get("application/json");
    static final MediaType PROTOBUF = MediaType.get("application/x-protobuf");

    private ReadsSuite() {
    }

    /** One measured thing: an operation and how many units (rows or calls) one run of it counts. */
    static final class Bench {
        final String group;
        final String key;
        final String name;
        final HttpBench.Op op;
        final long unitsPerOp;
        final List<Double> rates = new ArrayList<>();

        Bench(String group, String key, String name, long unitsPerOp, HttpBench.Op op) {
            this.group = group;
            this.key = key;
            this.name = name;
            this.unitsPerOp = unitsPerOp;
            this.op = op;
        }

        double median() {
            return HttpBench.median(rates.stream().mapToDouble(Double::doubleValue).toArray());
        }

        double min() {
            return rates.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
        }

        double max() {
            return rates.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        }
    }

    /** Closes what the suite opened, newest first. */
    static final class Closer implements AutoCloseable {
        final List<AutoCloseable> items = new ArrayList<>();

        <T extends AutoCloseable> T add(T c) {
            items.add(c);
            return c;
        }

        @Override
        public void close() {
            for (int i = items.size() - 1; i >= 0; i--) {
                try {
                    items.get(i).close();
                } catch (Exception e) {
                    say("  (closing " + items.get(i) + " failed: " + e + ")");
                }
            }
        }
    }

    static String withEncoding(String url, String encoding) {
        return encoding.equals("auto") ? url : url + (url.contains("?") ? "&" : "?") + "encoding=" + encoding;
    }

    static String suffix(String encoding) {
        return encoding.equals("auto") ? "" : "@" + encoding;
    }

    static void run(String url, long sqldPid) throws Exception {
        say("");
        say(fmt("== reads suite: %d-row x 5-column table, %d rounds x %.1f s per contender after %.1f s warm-up, "
                + "encodings %s ==", ROWS, ROUNDS, ROUND_S, WARMUP_S, ENCODINGS));
        setUp(url);
        List<Bench> benches = new ArrayList<>();
        try (Closer closer = new Closer()) {
            OkHttpClient ok = new OkHttpClient.Builder().readTimeout(Duration.ofMinutes(2)).build();
            closer.add(() -> {
                ok.dispatcher().executorService().shutdown();
                ok.connectionPool().evictAll();
            });
            byte[] jsonBody = captureExecuteBody(url, BIG_SQL);
            byte[] protoBody = protobufPipeline(BIG_SQL);
            byte[] legacyBody = ("{\"statements\":[\"" + BIG_SQL + "\"]}").getBytes(StandardCharsets.UTF_8);
            say("  floor bodies: JSON pipeline " + new String(jsonBody, StandardCharsets.UTF_8));
            say("                protobuf pipeline (" + protoBody.length + " B) " + hex(protoBody));
            say("                legacy POST / " + new String(legacyBody, StandardCharsets.UTF_8));

            // ---- big reads
            benches.add(new Bench("big", "floor-proto", "OkHttp floor /v3-protobuf/pipeline", ROWS,
                    floor(ok, url + "/v3-protobuf/pipeline", protoBody, PROTOBUF, "application/x-protobuf")));
            benches.add(new Bench("big", "floor-json", "OkHttp floor /v3/pipeline (JSON)", ROWS,
                    floor(ok, url + "/v3/pipeline", jsonBody, JSON, "application/json")));
            benches.add(new Bench("big", "floor-legacy", "OkHttp floor legacy POST /", ROWS,
                    floor(ok, url + "/", legacyBody, JSON, "application/json")));
            java.sql.Connection dbv = closer.add(DriverManager.getConnection("jdbc:dbeaver:libsql:" + url));
            benches.add(new Bench("big", "dbeaver", "dbeaver JDBC executeQuery", ROWS, () -> jdbcReadAll(dbv)));
            for (String enc : ENCODINGS) {
                String sfx = suffix(enc);
                Database db = closer.add(LibSql.open(Config.builder(withEncoding(url, enc))
                        .requestTimeout(Duration.ofMinutes(2)).build()));
                Connection conn = closer.add(db.connect());
                java.sql.Connection jdbc = closer.add(DriverManager.getConnection("jdbc:libsql:" + withEncoding(url, enc)));
                benches.add(new Bench("big", "query" + sfx, "libsql4j conn.query()" + sfx, ROWS, () -> queryAll(conn)));
                benches.add(new Bench("big", "execute" + sfx, "libsql4j conn.execute()" + sfx, ROWS, () -> executeAll(conn)));
                benches.add(new Bench("big", "jdbc" + sfx, "libsql4j JDBC executeQuery" + sfx, ROWS, () -> jdbcReadAll(jdbc)));
            }

            // ---- small reads
            // The same request bytes as libsql4j's protobuf reads, body read and discarded: the server's
            // own price of LIMIT 1 against SELECT 1, which bounds the LIMIT 1 / SELECT 1 target.
            benches.add(new Bench("small", "floor-select1", "OkHttp floor protobuf SELECT 1", 1,
                    floor(ok, url + "/v3-protobuf/pipeline", protobufPipeline("SELECT 1"), PROTOBUF,
                            "application/x-protobuf", 10)));
            benches.add(new Bench("small", "floor-limit1", "OkHttp floor protobuf LIMIT 1", 1,
                    floor(ok, url + "/v3-protobuf/pipeline", protobufPipeline(LIMIT1_SQL), PROTOBUF,
                            "application/x-protobuf", 40)));
            benches.add(new Bench("small", "dbeaver-limit1", "dbeaver JDBC LIMIT 1", 1, () -> jdbcLimit1(dbv)));
            benches.add(new Bench("small", "dbeaver-point", "dbeaver JDBC prepared point select", 1,
                    () -> jdbcPoint(dbv)));
            for (String enc : ENCODINGS) {
                String sfx = suffix(enc);
                Database db = closer.add(LibSql.open(withEncoding(url, enc)));
                Connection conn = closer.add(db.connect());
                java.sql.Connection jdbc = closer.add(DriverManager.getConnection("jdbc:libsql:" + withEncoding(url, enc)));
                benches.add(new Bench("small", "select1" + sfx, "libsql4j execute SELECT 1" + sfx, 1, () -> select1(conn)));
                // No op: measured by its own loop over 8 threads (parallelSelect1).
                benches.add(new Bench("small", "select1-8t" + sfx, "libsql4j SELECT 1, 8 threads" + sfx, 1, null));
                parallel.put("select1-8t" + sfx, db);
                benches.add(new Bench("small", "limit1-query" + sfx, "libsql4j query() LIMIT 1" + sfx, 1,
                        () -> queryLimit1(conn)));
                benches.add(new Bench("small", "limit1-execute" + sfx, "libsql4j execute() LIMIT 1" + sfx, 1,
                        () -> executeLimit1(conn)));
                benches.add(new Bench("small", "limit1-jdbc" + sfx, "libsql4j JDBC LIMIT 1" + sfx, 1,
                        () -> jdbcLimit1(jdbc)));
                benches.add(new Bench("small", "point-core" + sfx, "libsql4j core prepared point select" + sfx, 1,
                        () -> corePoint(conn)));
                benches.add(new Bench("small", "point-jdbc" + sfx, "libsql4j JDBC prepared point select" + sfx, 1,
                        () -> jdbcPoint(jdbc)));
            }
            if (!ONLY.isEmpty()) {
                benches.removeIf(b -> !ONLY.contains(b.key.replaceAll("@.*", "")) && !ONLY.contains(b.key));
            }

            say(fmt("== warm-up %.1f s each (also checks every result) ==", WARMUP_S));
            for (Bench b : benches) {
                double r = measure(b, WARMUP_S);
                say(fmt("  warm-up %-44s %,12.0f %s", b.name, r, b.group.equals("big") ? "rows/s" : "ops/s"));
            }
            say(fmt("== measured: %d rounds, order rotated every round ==", ROUNDS));
            for (int round = 0; round < ROUNDS; round++) {
                StringBuilder line = new StringBuilder(fmt("  round %d:", round + 1));
                for (int i = 0; i < benches.size(); i++) {
                    Bench b = benches.get((i + round) % benches.size());
                    double r = measure(b, ROUND_S);
                    b.rates.add(r);
                    line.append(fmt(" %s=%.0f", b.key, r));
                }
                say(line.append("  (load ").append(loadAvg()).append(")").toString());
            }
            report(benches);
        }
    }

    /** Databases whose 8-thread SELECT 1 is measured, by bench key. */
    static final Map<String, Database> parallel = new LinkedHashMap<>();

    static double measure(Bench b, double seconds) throws Exception {
        if (b.op == null) {
            return parallelSelect1(parallel.get(b.key), seconds);
        }
        long start = System.nanoTime();
        long end = start + HttpBench.nanos(seconds);
        long ops = 0;
        long now = start;
        // Always at least two runs, so a slow big read still gives a rate.
        while (now < end || ops < 2) {
            b.op.run();
            ops++;
            now = System.nanoTime();
        }
        return ops * b.unitsPerOp / ((now - start) / 1e9);
    }

    // ------------------------------------------------------------------ data

    static void setUp(String url) {
        try (Database db = LibSql.open(Config.builder(url).requestTimeout(Duration.ofMinutes(5)).build());
             Connection c = db.connect()) {
            c.execute("DROP TABLE IF EXISTS big5");
            c.execute("CREATE TABLE big5 (id INTEGER PRIMARY KEY, a TEXT, b REAL, c BLOB, d INTEGER)");
            long t = System.nanoTime();
            c.execute("WITH RECURSIVE s(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM s WHERE x < ?) "
                    + "INSERT INTO big5 SELECT x, 'row-' || x, x * 0.5, randomblob(8), x * 7 FROM s", ROWS);
            long n = c.execute("SELECT count(*) FROM big5").rows().get(0).getLong(0);
            if (n != ROWS) {
                throw new IllegalStateException("big5 has " + n + " rows, expected " + ROWS);
            }
            say(fmt("  created big5: %d rows in %.2f s", n, (System.nanoTime() - t) / 1e9));
        }
    }

    static final long ID_SUM = (long) ROWS * (ROWS + 1) / 2;

    static void check(String who, long rows, long idSum) {
        if (rows != ROWS || idSum != ID_SUM) {
            throw new IllegalStateException(who + " read " + rows + " rows (id sum " + idSum + "), expected " + ROWS);
        }
    }

    // ------------------------------------------------------------------ operations

    static void queryAll(Connection conn) {
        long rows = 0;
        long sum = 0;
        long chars = 0;
        try (Cursor cur = conn.query(BIG_SQL)) {
            for (Row r = cur.next(); r != null; r = cur.next()) {
                rows++;
                sum += r.getLong(0);
                chars += r.getString(1).length() + r.getBytes(3).length;
                HttpBench.sink += (long) r.getDouble(2) + r.getLong(4);
            }
        }
        check("query()", rows, sum);
        HttpBench.sink += chars;
    }

    static void executeAll(Connection conn) {
        Result res = conn.execute(BIG_SQL);
        long rows = 0;
        long sum = 0;
        long chars = 0;
        for (Row r : res.rows()) {
            rows++;
            sum += r.getLong(0);
            chars += r.getString(1).length() + r.getBytes(3).length;
            HttpBench.sink += (long) r.getDouble(2) + r.getLong(4);
        }
        check("execute()", rows, sum);
        HttpBench.sink += chars;
    }

    static void jdbcReadAll(java.sql.Connection c) throws Exception {
        long rows = 0;
        long sum = 0;
        long chars = 0;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(BIG_SQL)) {
            while (rs.next()) {
                rows++;
                sum += rs.getLong(1);
                chars += rs.getString(2).length();
                byte[] blob = rs.getBytes(4);
                chars += blob == null ? 0 : blob.length;
                HttpBench.sink += (long) rs.getDouble(3) + rs.getLong(5);
            }
        }
        check("JDBC " + c.getMetaData().getDriverName(), rows, sum);
        HttpBench.sink += chars;
    }

    static void select1(Connection conn) {
        if (conn.execute("SELECT 1").rows().get(0).getLong(0) != 1) {
            throw new IllegalStateException("SELECT 1 did not return 1");
        }
    }

    static void queryLimit1(Connection conn) {
        try (Cursor cur = conn.query(LIMIT1_SQL)) {
            Row r = cur.next();
            if (r == null || r.getLong(0) != 1 || cur.next() != null) {
                throw new IllegalStateException("LIMIT 1 did not return row 1");
            }
            HttpBench.sink += r.getString(1).length();
        }
    }

    static void executeLimit1(Connection conn) {
        Result res = conn.execute(LIMIT1_SQL);
        if (res.rows().size() != 1 || res.rows().get(0).getLong(0) != 1) {
            throw new IllegalStateException("LIMIT 1 did not return row 1");
        }
        HttpBench.sink += res.rows().get(0).getString(1).length();
    }

    static void jdbcLimit1(java.sql.Connection c) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(LIMIT1_SQL)) {
            if (!rs.next() || rs.getLong(1) != 1) {
                throw new IllegalStateException("LIMIT 1 did not return row 1");
            }
            HttpBench.sink += rs.getString(2).length();
            if (rs.next()) {
                throw new IllegalStateException("LIMIT 1 returned two rows");
            }
        }
    }

    static void corePoint(Connection conn) {
        long id = ThreadLocalRandom.current().nextLong(1, ROWS + 1);
        try (dev.libsql4j.PreparedStatement ps = conn.prepare(POINT_SQL)) {
            List<Row> rows = ps.execute(id).rows();
            if (rows.size() != 1 || rows.get(0).getLong(4) != id * 7) {
                throw new IllegalStateException("point select of " + id + " returned " + rows);
            }
        }
    }

    static void jdbcPoint(java.sql.Connection c) throws Exception {
        long id = ThreadLocalRandom.current().nextLong(1, ROWS + 1);
        try (PreparedStatement ps = c.prepareStatement(POINT_SQL)) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getLong(5) != id * 7) {
                    throw new IllegalStateException("point select of " + id + " returned nothing or a wrong row");
                }
                HttpBench.sink += rs.getString(2).length();
            }
        }
    }

    /** SELECT 1 from {@link #THREADS} threads, each with its own connection; total calls/s. */
    static double parallelSelect1(Database db, double seconds) throws Exception {
        List<Connection> conns = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            conns.add(db.connect());
        }
        AtomicLong ops = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch ready = new CountDownLatch(THREADS);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        long[] window = new long[2];
        try {
            for (Connection c : conns) {
                Thread t = new Thread(() -> {
                    ready.countDown();
                    try {
                        go.await();
                        long end = window[1];
                        long n = 0;
                        while (System.nanoTime() < end) {
                            select1(c);
                            n++;
                        }
                        ops.addAndGet(n);
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                }, "select1-worker");
                threads.add(t);
                t.start();
            }
            ready.await();
            window[0] = System.nanoTime();
            window[1] = window[0] + HttpBench.nanos(seconds);
            go.countDown();
            for (Thread t : threads) {
                t.join();
            }
            long stop = System.nanoTime();
            if (failure.get() != null) {
                throw new IllegalStateException("a SELECT 1 worker failed", failure.get());
            }
            return ops.get() / ((stop - window[0]) / 1e9);
        } finally {
            for (Connection c : conns) {
                c.close();
            }
        }
    }

    // ------------------------------------------------------------------ floors

    /** POSTs {@code body} and reads the answer to the end, discarding it. */
    static HttpBench.Op floor(OkHttpClient ok, String endpoint, byte[] body, MediaType type, String expectType) {
        return floor(ok, endpoint, body, type, expectType, ROWS);
    }

    /** As above; the answer must be at least {@code minBytes} long (a check that the rows came). */
    static HttpBench.Op floor(OkHttpClient ok, String endpoint, byte[] body, MediaType type, String expectType,
                              long minBytes) {
        Request req = new Request.Builder().url(endpoint).post(RequestBody.create(body, type))
                .header("Accept-Encoding", "identity").build();
        byte[] buf = new byte[64 * 1024];
        return () -> {
            try (Response resp = ok.newCall(req).execute(); InputStream in = resp.body().byteStream()) {
                if (resp.code() != 200 || !String.valueOf(resp.header("Content-Type")).startsWith(expectType)) {
                    throw new IllegalStateException(endpoint + ": HTTP " + resp.code() + " " + resp.header("Content-Type")
                            + " " + resp.body().string());
                }
                long n = 0;
                int r;
                while ((r = in.read(buf)) > 0) {
                    n += r;
                }
                if (n < minBytes) {
                    throw new IllegalStateException(endpoint + ": only " + n + " bytes, expected at least " + minBytes);
                }
                HttpBench.sink += n;
            }
        };
    }

    /**
     * The /v3/pipeline JSON body libsql4j sends for {@code conn.execute(sql)}: written out, and
     * compared with what libsql4j really sends when its default encoding is JSON (captured on the
     * wire; under another default encoding there is no JSON request to compare with).
     */
    static byte[] captureExecuteBody(String url, String sql) throws IOException {
        String quoted = sql.replace("\\", "\\\\").replace("\"", "\\\"");
        byte[] body = ("{\"baton\":null,\"requests\":[{\"type\":\"execute\",\"stmt\":{\"sql\":\"" + quoted
                + "\"}},{\"type\":\"close\"}]}").getBytes(StandardCharsets.UTF_8);
        HttpBench.Recorder rec = new HttpBench.Recorder();
        OkHttpClient client = new OkHttpClient.Builder().addNetworkInterceptor(rec).build();
        try (Database db = LibSql.open(Config.builder(url).transportOption("okhttp.client", client).build());
             Connection c = db.connect()) {
            c.execute(sql);
            HttpBench.Exchange seen = null;
            for (HttpBench.Exchange e : rec.seen) {
                if (e.url().endsWith("/v3/pipeline")) {
                    seen = e;
                }
            }
            if (seen == null) {
                say("  (libsql4j sent no /v3/pipeline request: its default encoding is not JSON)");
            } else if (!Arrays.equals(seen.requestBody(), body)) {
                say("  NOTE: libsql4j's JSON body differs from the floor's: "
                        + new String(seen.requestBody(), StandardCharsets.UTF_8));
            } else {
                say("  the JSON floor's body is byte for byte what libsql4j sent");
            }
            return body;
        } finally {
            client.dispatcher().executorService().shutdown();
            client.connectionPool().evictAll();
        }
    }

    /**
     * A Hrana 3 protobuf {@code PipelineReqBody} with no baton and two requests: {@code execute}
     * of {@code sql} and {@code close}, written by hand from the schema (hrana.md §8):
     * PipelineReqBody.requests = 2; StreamRequest oneof: close = 1, execute = 2;
     * ExecuteStreamReq.stmt = 1; Stmt.sql = 1.
     */
    static byte[] protobufPipeline(String sql) {
        byte[] sqlBytes = sql.getBytes(StandardCharsets.UTF_8);
        byte[] stmt = field(1, sqlBytes);
        byte[] exec = field(1, stmt);
        byte[] execReq = field(2, exec);
        byte[] closeReq = field(1, new byte[0]);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(field(2, execReq));
        out.writeBytes(field(2, closeReq));
        return out.toByteArray();
    }

    /** A length-delimited field (wire type 2). */
    static byte[] field(int number, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        varint(out, ((long) number << 3) | 2);
        varint(out, payload.length);
        out.writeBytes(payload);
        return out.toByteArray();
    }

    static void varint(ByteArrayOutputStream out, long v) {
        long x = v;
        while ((x & ~0x7FL) != 0) {
            out.write((int) ((x & 0x7F) | 0x80));
            x >>>= 7;
        }
        out.write((int) x);
    }

    static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(fmt("%02x", x & 0xff));
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------ report

    static Bench find(List<Bench> benches, String key) {
        for (Bench b : benches) {
            if (b.key.equals(key)) {
                return b;
            }
        }
        return null;
    }

    static String ratio(Bench a, Bench b, double target) {
        if (a == null || b == null) {
            return "n/a";
        }
        double r = a.median() / b.median();
        return fmt("%.2f (target >= %.1f: %s)", r, target, r >= target ? "MET" : "NOT MET");
    }

    static String over(Bench a, Bench b) {
        return a == null || b == null ? "n/a" : fmt("%.2f", a.median() / b.median());
    }

    static void report(List<Bench> benches) {
        say("");
        say(fmt("== reads summary: median (min-max) of %d rounds; load average now %s ==", ROUNDS, loadAvg()));
        for (Bench b : benches) {
            say(fmt("  %-6s %-46s %,12.0f  (%,.0f-%,.0f) %s", b.group, b.name, b.median(), b.min(), b.max(),
                    b.group.equals("big") ? "rows/s" : "ops/s"));
        }
        Bench floorProto = find(benches, "floor-proto");
        Bench dbv = find(benches, "dbeaver");
        Bench dbvLimit = find(benches, "dbeaver-limit1");
        Bench dbvPoint = find(benches, "dbeaver-point");
        say("  ratios (issue 7 targets):");
        for (String enc : ENCODINGS) {
            String sfx = suffix(enc);
            for (String k : List.of("query", "execute", "jdbc")) {
                Bench b = find(benches, k + sfx);
                if (b != null) {
                    say(fmt("    %-28s / protobuf pipeline floor = %s; / dbeaver = %s", b.key, ratio(b, floorProto, 0.8),
                            ratio(b, dbv, 1.0)));
                }
            }
            Bench s1 = find(benches, "select1" + sfx);
            for (String[] k : new String[][] {{"limit1-query", "dbeaver-limit1"}, {"limit1-jdbc", "dbeaver-limit1"},
                    {"point-jdbc", "dbeaver-point"}, {"point-core", "dbeaver-point"}}) {
                Bench b = find(benches, k[0] + sfx);
                if (b != null) {
                    say(fmt("    %-28s / SELECT 1 execute = %s; / dbeaver = %s", b.key, ratio(b, s1, 0.9),
                            ratio(b, k[1].equals("dbeaver-limit1") ? dbvLimit : dbvPoint, 1.1)));
                }
            }
            Bench floorS1 = find(benches, "floor-select1");
            Bench floorL1 = find(benches, "floor-limit1");
            if (floorS1 != null && floorL1 != null) {
                say(fmt("    %-28s server's own LIMIT 1 / SELECT 1 (raw floors) = %.2f; libsql4j LIMIT 1 reads / that floor: "
                        + "query %s, execute %s, jdbc %s", "floors" + sfx, floorL1.median() / floorS1.median(),
                        over(find(benches, "limit1-query" + sfx), floorL1), over(find(benches, "limit1-execute" + sfx), floorL1),
                        over(find(benches, "limit1-jdbc" + sfx), floorL1)));
            }
            Bench s8 = find(benches, "select1-8t" + sfx);
            if (s1 != null) {
                say(fmt("    %-28s %,.0f ops/s sequential; 8 threads: %s (no-regression check: compare with the "
                        + "same line of a run of the base commit)", "SELECT 1" + sfx, s1.median(),
                        s8 == null ? "n/a" : fmt("%,.0f ops/s", s8.median())));
            }
        }
    }
}
