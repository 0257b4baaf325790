package dev.libsql4j.bench;

import static dev.libsql4j.bench.HttpBench.fmt;
import static dev.libsql4j.bench.HttpBench.loadAvg;
import static dev.libsql4j.bench.HttpBench.say;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.libsql4j.Column;
import dev.libsql4j.Config;
import dev.libsql4j.Connection;
import dev.libsql4j.Database;
import dev.libsql4j.LibSql;
import dev.libsql4j.Result;
import dev.libsql4j.Row;
import dev.libsql4j.Value;
import dev.libsql4j.bench.proto.HranaLite;
import dev.libsql4j.http.internal.BenchCodecAccess;
import dev.libsql4j.spi.ColumnIndex;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;

/**
 * Issue 7's codec choice ({@code -Dbench.parts=codec}): transport-http's hand-written Hrana
 * protobuf decoder against {@code protobuf-javalite}'s generated {@code parseFrom}, on real
 * {@code /v3-protobuf/pipeline} answers captured from sqld (libsql4j's own {@code execute} of
 * {@code SELECT * FROM big5} (bench.readRows rows x 5 columns) and {@code ... LIMIT 1}).
 *
 * <p>Contenders, each turning the bytes into the same core types ({@link Result} of
 * {@link Row}s of {@link Value}s):
 * <ul>
 *   <li><b>hand</b>: {@code ProtoCodec.readPipeline} + {@code toResult()}, what {@code conn.execute()} runs;</li>
 *   <li><b>hand-stream</b>: {@code ProtoCodec.pipelineEntries}, what {@code conn.query()} runs (rows
 *       handed out one at a time and dropped, so memory stays flat);</li>
 *   <li><b>lite</b>: {@code HranaLite.PipelineResponseBody.parseFrom(byte[])} (protoc 4.36.2,
 *       {@code --java_out=lite}), then the same conversion to {@code Result};</li>
 *   <li><b>lite-only</b>: {@code parseFrom} alone (the generated messages, not turned into core types);</li>
 *   <li><b>api</b>: the whole public call {@code conn.execute(sql)} over an OkHttp interceptor that
 *       serves the captured bytes (no network), to show what share of a call the decoder is.</li>
 * </ul>
 * Before timing, every contender's output is checked equal to {@code hand}'s (columns, every value,
 * counts), also on an edge-value row (Long.MIN/MAX, -0.0, subnormal, NUL and 4-byte text, all-byte
 * blob, NULL). Then {@code bench.codecRounds} rounds of {@code bench.codecRound} seconds per
 * contender, the order rotated every round; per round the wall time, the thread's CPU time, the
 * JVM's GC time and the bytes the thread allocated ({@code com.sun.management.ThreadMXBean}) per decode. Medians (min-max) are printed, then the
 * on-disk size of each codec (the hand-written classes vs protobuf-javalite's jar + the generated
 * classes, raw and deflated as in a jar).
 */
final class CodecBench {
    static final int ROUNDS = Integer.getInteger("bench.codecRounds", 9);
    static final double ROUND_S = Double.parseDouble(System.getProperty("bench.codecRound", "1.5"));
    static final double WARMUP_S = Double.parseDouble(System.getProperty("bench.codecWarmup", "2.0"));
    static final List<String> CONTENDERS = HttpBench.list("bench.codecContenders", "hand,hand-stream,lite,lite-only,api");
    static final String EDGE_SQL = "SELECT -9223372036854775808 AS mn, 9223372036854775807 AS mx, -0.0 AS nz, "
            + "4.9e-324 AS sub, 'a' || char(0) || 'b' AS nul, char(128512) || 'x' AS four, "
            + "(WITH RECURSIVE b(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM b WHERE i < 255) "
            + "SELECT unhex(group_concat(printf('%02X', i), '')) FROM b) AS allbytes, NULL AS n, 1.5 AS r";

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final MediaType PROTOBUF = MediaType.get("application/x-protobuf");
    static volatile long sink;

    private CodecBench() {
    }

    @FunctionalInterface
    interface Decoder {
        /** Decodes once; returns the number of rows. */
        long decode() throws Exception;
    }

    /** Per decode: wall time, the calling thread's CPU time, the JVM's GC time (µs), bytes the thread allocated. */
    record Sample(double micros, double cpuMicros, double gcMicros, double bytes) {
    }

    static final class Contender {
        final String key;
        final Decoder d;
        final List<Sample> rounds = new ArrayList<>();

        Contender(String key, Decoder d) {
            this.key = key;
            this.d = d;
        }

        double[] of(java.util.function.ToDoubleFunction<Sample> f) {
            return rounds.stream().mapToDouble(f).toArray();
        }
    }

    static void run(String url) throws Exception {
        say("");
        say("== codec comparison: hand-written ProtoCodec vs protobuf-javalite " + liteVersion()
                + " (decoding captured /v3-protobuf/pipeline answers; no network) ==");
        ReadsSuite.setUp(url);
        Capture cap = new Capture();
        OkHttpClient recClient = new OkHttpClient.Builder().addNetworkInterceptor(cap).build();
        byte[] big;
        byte[] small;
        byte[] edge;
        Config.Builder cfg = Config.builder(url).transportOption("http.encoding", "protobuf");
        try (Database db = LibSql.open(cfg.transportOption("okhttp.client", recClient).build());
             Connection c = db.connect()) {
            big = cap.bodyOf(() -> c.execute(ReadsSuite.BIG_SQL));
            small = cap.bodyOf(() -> c.execute(ReadsSuite.LIMIT1_SQL));
            edge = cap.bodyOf(() -> c.execute(EDGE_SQL));
        } finally {
            recClient.dispatcher().executorService().shutdown();
            recClient.connectionPool().evictAll();
        }
        say(fmt("  captured: big %d rows = %d B, small 1 row = %d B, edge 1 row = %d B (libsql4j's own execute, identity encoding)",
                ReadsSuite.ROWS, big.length, small.length, edge.length));

        // ---- the same values from every decoder (asserted, not just printed)
        int expected = lite(big).getResultsCount();
        for (byte[] body : List.of(big, small, edge)) {
            Result hand = BenchCodecAccess.readPipeline(body);
            sameResult("lite", hand, toResult(lite(body)));
            List<Value[]> streamed = new ArrayList<>();
            List<Column> cols = BenchCodecAccess.streamPipeline(body, expected, streamed::add);
            sameResult("hand-stream", hand, result(cols, streamed, hand.rowsAffected(),
                    hand.lastInsertRowid().isPresent() ? hand.lastInsertRowid().getAsLong() : null));
            try (Database db = stubbed(url, body); Connection c = db.connect()) {
                String sql = body == big ? ReadsSuite.BIG_SQL : body == small ? ReadsSuite.LIMIT1_SQL : EDGE_SQL;
                sameResult("api", hand, c.execute(sql));
            }
        }
        Result bigHand = BenchCodecAccess.readPipeline(big);
        if (bigHand.rowCount() != ReadsSuite.ROWS || bigHand.columns().size() != 5) {
            throw new IllegalStateException("big decoded to " + bigHand.rowCount() + " rows x " + bigHand.columns().size());
        }
        Result e = BenchCodecAccess.readPipeline(edge);
        say("  decoded values are identical in hand, hand-stream, lite and api (big, small and edge); edge row: "
                + e.rows().get(0).values());
        bigHand = null;

        measure("big: " + ReadsSuite.ROWS + " rows x 5 columns", big, ReadsSuite.BIG_SQL, expected, ReadsSuite.ROWS, url);
        measure("small: LIMIT 1", small, ReadsSuite.LIMIT1_SQL, expected, 1, url);
        sizes();
    }

    static void measure(String title, byte[] body, String sql, int expected, long rowsPerOp, String url) throws Exception {
        try (Database stubDb = stubbed(url, body); Connection stubConn = stubDb.connect()) {
            List<Contender> cs = new ArrayList<>();
            for (String key : CONTENDERS) {
                switch (key) {
                    case "hand":
                        cs.add(new Contender(key, () -> {
                            Result r = BenchCodecAccess.readPipeline(body);
                            sink += r.rows().get(r.rowCount() - 1).size();
                            return r.rowCount();
                        }));
                        break;
                    case "hand-stream":
                        cs.add(new Contender(key, () -> {
                            long[] n = new long[1];
                            BenchCodecAccess.streamPipeline(body, expected, row -> {
                                n[0]++;
                                sink += row.length;
                            });
                            return n[0];
                        }));
                        break;
                    case "lite":
                        cs.add(new Contender(key, () -> {
                            Result r = toResult(lite(body));
                            sink += r.rows().get(r.rowCount() - 1).size();
                            return r.rowCount();
                        }));
                        break;
                    case "lite-only":
                        // parseFrom alone, without turning the messages into core Values.
                        cs.add(new Contender(key, () -> lite(body).getResults(0).getOk().getExecute().getResult().getRowsCount()));
                        break;
                    case "api":
                        cs.add(new Contender(key, () -> {
                            Result r = stubConn.execute(sql);
                            sink += r.rows().get(r.rowCount() - 1).size();
                            return r.rowCount();
                        }));
                        break;
                    default:
                        throw new IllegalArgumentException("unknown codec contender " + key + " (hand, hand-stream, lite, lite-only, api)");
                }
            }
            say("");
            say(fmt("-- %s (%d B): warm-up %.1f s each, then %d rounds x %.1f s, order rotated; load %s",
                    title, body.length, WARMUP_S, ROUNDS, ROUND_S, loadAvg()));
            for (Contender c : cs) {
                runFor(c.d, WARMUP_S, rowsPerOp);
            }
            for (int r = 0; r < ROUNDS; r++) {
                StringBuilder line = new StringBuilder(fmt("  round %d:", r + 1));
                for (int i = 0; i < cs.size(); i++) {
                    Contender c = cs.get((i + r) % cs.size());
                    Sample s = runFor(c.d, ROUND_S, rowsPerOp);
                    c.rounds.add(s);
                    line.append(fmt("  %s %s/%s", c.key, micros(s.micros()), micros(s.cpuMicros())));
                }
                line.append("   (load ").append(loadAvg()).append(")");
                say(line.toString());
            }
            say("  (each round: wall/thread-CPU per decode; GC is the JVM's collection time per decode, not in thread CPU)");
            say(fmt("  %-12s %30s %11s %26s %9s %13s %9s", "contender", "wall per decode, median (min-max)", "rows/s",
                    "thread CPU, median (min-max)", "GC", "bytes/decode", "CPU/hand"));
            double handCpu = HttpBench.median(cs.stream().filter(c -> c.key.equals("hand")).findFirst()
                    .map(c -> c.of(Sample::cpuMicros)).orElse(new double[0]));
            for (Contender c : cs) {
                double[] us = c.of(Sample::micros);
                double[] cpu = c.of(Sample::cpuMicros);
                double med = HttpBench.median(us);
                double cpuMed = HttpBench.median(cpu);
                say(fmt("  %-12s %30s %11s %26s %9s %13s %9s", c.key,
                        fmt("%s (%s-%s)", micros(med), micros(min(us)), micros(max(us))),
                        fmt("%,.0f", rowsPerOp / (med / 1e6)),
                        fmt("%s (%s-%s)", micros(cpuMed), micros(min(cpu)), micros(max(cpu))),
                        micros(HttpBench.median(c.of(Sample::gcMicros))),
                        fmt("%,.0f", HttpBench.median(c.of(Sample::bytes))),
                        Double.isNaN(handCpu) ? "" : fmt("%.2f", cpuMed / handCpu)));
            }
        }
    }

    static Sample runFor(Decoder d, double seconds, long rowsPerOp) throws Exception {
        long tid = Thread.currentThread().getId();
        long gc0 = gcMillis();
        long a0 = THREADS.getThreadAllocatedBytes(tid);
        long c0 = THREADS.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long ops = 0;
        long now;
        do {
            long n = d.decode();
            if (n != rowsPerOp) {
                throw new IllegalStateException("decoded " + n + " rows, expected " + rowsPerOp);
            }
            ops++;
            now = System.nanoTime();
        } while (now < end || ops < 2);
        long c1 = THREADS.getCurrentThreadCpuTime();
        long a1 = THREADS.getThreadAllocatedBytes(tid);
        long gc1 = gcMillis();
        return new Sample((now - start) / 1e3 / ops, (c1 - c0) / 1e3 / ops, (gc1 - gc0) * 1e3 / ops, (double) (a1 - a0) / ops);
    }

    static long gcMillis() {
        long t = 0;
        for (java.lang.management.GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            t += Math.max(0, gc.getCollectionTime());
        }
        return t;
    }

    // ------------------------------------------------------------------ the javalite side

    static HranaLite.PipelineResponseBody lite(byte[] body) throws InvalidProtocolBufferException {
        return HranaLite.PipelineResponseBody.parseFrom(body);
    }

    /** The generated messages as the core types, exactly as the hand-written codec produces them. */
    static Result toResult(HranaLite.PipelineResponseBody body) throws IOException {
        if (body.getResultsCount() == 0) {
            throw new IOException("the pipeline answer has no results");
        }
        HranaLite.PipelineResult pr = body.getResults(0);
        if (pr.hasError()) {
            throw new IOException("the execute failed: " + pr.getError().getMessage());
        }
        if (!pr.getOk().hasExecute()) {
            throw new IOException("the first result is not an execute result: " + pr.getOk().getResponseCase());
        }
        HranaLite.StatementResult sr = pr.getOk().getExecute().getResult();
        List<Column> cols = new ArrayList<>(sr.getColsCount());
        for (HranaLite.Column c : sr.getColsList()) {
            cols.add(new Column(c.hasName() ? c.getName() : null, c.hasDecltype() ? c.getDecltype() : null));
        }
        ColumnIndex index = ColumnIndex.of(cols);
        List<Row> rows = new ArrayList<>(sr.getRowsCount());
        for (HranaLite.ResultRow r : sr.getRowsList()) {
            Value[] vals = new Value[r.getValuesCount()];
            for (int i = 0; i < vals.length; i++) {
                vals[i] = value(r.getValues(i));
            }
            rows.add(new Row(index, vals));
        }
        return new Result(index, rows, sr.getAffectedRowCount(), sr.hasLastInsertRowid() ? sr.getLastInsertRowid() : null);
    }

    static Value value(HranaLite.SqlValue v) throws IOException {
        switch (v.getKindCase()) {
            case NULL_VALUE:
                return Value.NULL;
            case INTEGER:
                return new Value.Integer(v.getInteger());
            case REAL:
                return new Value.Real(v.getReal());
            case TEXT:
                return new Value.Text(v.getText());
            case BLOB:
                return Value.Blob.wrap(v.getBlob().toByteArray());
            default:
                throw new IOException("a value has no type");
        }
    }

    static String liteVersion() {
        Package p = com.google.protobuf.MessageLite.class.getPackage();
        String v = p == null ? null : p.getImplementationVersion();
        return v == null ? jarOf(com.google.protobuf.MessageLite.class).getFileName().toString() : v;
    }

    // ------------------------------------------------------------------ equality

    static Result result(List<Column> cols, List<Value[]> rows, long affected, Long lastId) {
        ColumnIndex index = ColumnIndex.of(cols);
        List<Row> out = new ArrayList<>(rows.size());
        for (Value[] r : rows) {
            out.add(new Row(index, r));
        }
        return new Result(index, out, affected, lastId);
    }

    static void sameResult(String who, Result want, Result got) {
        check(who, "columns", want.columns(), got.columns());
        check(who, "row count", want.rowCount(), got.rowCount());
        check(who, "rows affected", want.rowsAffected(), got.rowsAffected());
        check(who, "last insert rowid", want.lastInsertRowid(), got.lastInsertRowid());
        for (int i = 0; i < want.rowCount(); i++) {
            List<Value> a = want.rows().get(i).values();
            List<Value> b = got.rows().get(i).values();
            check(who, "row " + i, a, b);
            for (int j = 0; j < a.size(); j++) {
                // Value.Real compares with Double.compare (so -0.0 != 0.0); Blob compares its bytes.
                check(who, "row " + i + " column " + j + " type", a.get(j).getClass(), b.get(j).getClass());
            }
        }
    }

    static void check(String who, String what, Object want, Object got) {
        if (!Objects.equals(want, got)) {
            throw new IllegalStateException(who + " decoded a different " + what + " than the hand-written codec: "
                    + got + " instead of " + want);
        }
    }

    // ------------------------------------------------------------------ sizes

    static void sizes() throws IOException {
        Path liteJar = jarOf(com.google.protobuf.MessageLite.class);
        Map<String, byte[]> gen = classes(jarOf(HranaLite.class), "dev/libsql4j/bench/proto/", n -> true);
        Path http = jarOf(BenchCodecAccess.codecClass());
        String pkg = "dev/libsql4j/http/internal/";
        Map<String, byte[]> decode = classes(http, pkg, n -> n.startsWith("ProtoCodec") || n.startsWith("ProtoInput"));
        Map<String, byte[]> encode = classes(http, pkg, n -> n.startsWith("ProtoOutput") || n.startsWith("ProtoRequestWriter"));
        say("");
        say("-- size on disk (class files raw / deflated as in a jar)");
        say(fmt("  hand-written decoder   ProtoCodec*, ProtoInput*          %2d classes %9s / %9s",
                decode.size(), kb(raw(decode)), kb(deflated(decode))));
        say(fmt("  hand-written encoder   ProtoOutput*, ProtoRequestWriter* %2d classes %9s / %9s",
                encode.size(), kb(raw(encode)), kb(deflated(encode))));
        say(fmt("  javalite generated     HranaLite* (response side only)   %2d classes %9s / %9s",
                gen.size(), kb(raw(gen)), kb(deflated(gen))));
        say(fmt("  protobuf-javalite jar  %-34s            %9s", liteJar.getFileName(), kb(Files.size(liteJar))));
        say("  (the javalite side would also need generated request messages and still a hand-written"
                + " streaming reader for cursor bodies; R8/ProGuard would shrink the jar on Android)");
    }

    /** The class files directly in {@code pkg} (a/b/) of a class directory or a jar whose simple name passes {@code f}. */
    static Map<String, byte[]> classes(Path from, String pkg, Predicate<String> f) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        if (Files.isDirectory(from)) {
            try (Stream<Path> s = Files.list(from.resolve(pkg))) {
                for (Path p : (Iterable<Path>) s::iterator) {
                    String n = p.getFileName().toString();
                    if (n.endsWith(".class") && f.test(n)) {
                        out.put(n, Files.readAllBytes(p));
                    }
                }
            }
        } else {
            try (JarFile jar = new JarFile(from.toFile())) {
                for (JarEntry e : Collections.list(jar.entries())) {
                    String full = e.getName();
                    if (full.startsWith(pkg) && full.endsWith(".class") && full.indexOf('/', pkg.length()) < 0) {
                        String n = full.substring(pkg.length());
                        if (f.test(n)) {
                            try (InputStream in = jar.getInputStream(e)) {
                                out.put(n, in.readAllBytes());
                            }
                        }
                    }
                }
            }
        }
        if (out.isEmpty()) {
            throw new IOException("no classes of " + pkg + " in " + from);
        }
        return out;
    }

    static long raw(Map<String, byte[]> files) {
        return files.values().stream().mapToLong(b -> b.length).sum();
    }

    static long deflated(Map<String, byte[]> files) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : files.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        return out.size();
    }

    static Path jarOf(Class<?> c) {
        try {
            CodeSource cs = c.getProtectionDomain().getCodeSource();
            return Path.of(cs.getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            throw new IllegalStateException("cannot locate the jar of " + c.getName(), e);
        }
    }

    static String kb(long bytes) {
        return fmt("%.1f KB", bytes / 1024.0);
    }

    static String micros(double us) {
        return us >= 1000 ? fmt("%,.2f ms", us / 1000) : fmt("%.2f µs", us);
    }

    static double min(double[] xs) {
        return Arrays.stream(xs).min().orElse(Double.NaN);
    }

    static double max(double[] xs) {
        return Arrays.stream(xs).max().orElse(Double.NaN);
    }

    // ------------------------------------------------------------------ capture and stub

    @FunctionalInterface
    interface Call {
        void run() throws Exception;
    }

    /** Keeps the whole (un-gzipped) body of the last pipeline answer. */
    static final class Capture implements Interceptor {
        volatile byte[] last;

        @Override
        public Response intercept(Chain chain) throws IOException {
            Response resp = chain.proceed(chain.request());
            if (chain.request().url().encodedPath().endsWith("/v3-protobuf/pipeline") && resp.body() != null) {
                byte[] b = resp.peekBody(Long.MAX_VALUE).bytes();
                if ("gzip".equalsIgnoreCase(resp.header("Content-Encoding"))) {
                    try (okio.BufferedSource src = okio.Okio.buffer(new okio.GzipSource(new Buffer().write(b)))) {
                        b = src.readByteArray();
                    }
                }
                last = b;
            }
            return resp;
        }

        byte[] bodyOf(Call call) throws Exception {
            last = null;
            call.run();
            byte[] b = last;
            if (b == null) {
                throw new IllegalStateException("no /v3-protobuf/pipeline answer was captured");
            }
            return b;
        }
    }

    /** A Database whose OkHttp client answers every pipeline with {@code body} (probes with 200). */
    static Database stubbed(String url, byte[] body) {
        OkHttpClient client = new OkHttpClient.Builder().addInterceptor(chain -> {
            Request req = chain.request();
            boolean pipeline = req.url().encodedPath().endsWith("/pipeline");
            return new Response.Builder().request(req).protocol(Protocol.HTTP_1_1).code(200).message("OK")
                    .body(pipeline ? ResponseBody.create(body, PROTOBUF)
                            : ResponseBody.create("Hello, this is HTTP API v2 (Hrana over HTTP)", MediaType.get("text/plain")))
                    .build();
        }).build();
        return LibSql.open(Config.builder(url).transportOption("http.encoding", "protobuf")
                .transportOption("okhttp.client", client).build());
    }
}
