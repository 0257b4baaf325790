package dev.libsql4j.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import dev.libsql4j.Config;
import dev.libsql4j.Connection;
import dev.libsql4j.Cursor;
import dev.libsql4j.Database;
import dev.libsql4j.LibSql;
import dev.libsql4j.Result;
import dev.libsql4j.Row;
import dev.libsql4j.testkit.SqldServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;

/**
 * Side-by-side HTTP benchmark against one local sqld, in one JVM run.
 *
 * <ol>
 *   <li><b>seq</b>: sequential autocommit {@code SELECT 1}: libsql4j ({@code conn.execute} on one
 *       connection, and {@code db.execute}) against the raw HTTP floor (the same
 *       {@code /v3/pipeline} body POSTed by a plain keep-alive OkHttp client, response read as
 *       bytes) and the JDK {@link HttpClient} (HTTP/1.1). Warm-up, then measured rounds with
 *       the contenders rotated every round so drift hits all of them alike.
 *   <li><b>stub</b>: the same libsql4j and OkHttp calls with the network cut out by an OkHttp
 *       interceptor that answers with sqld's captured response: the pure client-side cost.
 *   <li><b>cursor</b>: a 1M-row {@code SELECT * FROM big} streamed through {@code conn.query},
 *       with heap sampling, next to the raw OkHttp read of the same {@code /v3/cursor} body.
 *   <li><b>reads</b> (not in the default parts): issue 7's read workloads, with
 *       dbeaver-jdbc-libsql and raw OkHttp floors per encoding; see {@link ReadsSuite}.
 *   <li><b>tx</b> (not in the default parts): issue 8's interactive transaction, sequential and
 *       8-thread {@code SELECT 1}, libsql4j over HTTP and WebSocket against @libsql/client (Node)
 *       and raw OkHttp floors; see {@link TxSuite}.
 * </ol>
 *
 * <p>Settings (system properties): {@code bench.warmup} (s, per contender, default 3),
 * {@code bench.rounds} (5), {@code bench.round} (s, 4), {@code bench.parts} (seq,stub,cursor; also reads, codec, tx),
 * {@code bench.contenders} (default conn,db,okhttp-id,okhttp,jdk; okhttp-id sends
 * {@code Accept-Encoding: identity} as libsql4j does on pipelines, so it is the floor the ratio
 * uses; okhttp is OkHttp's default, gzip; conn-id is kept for comparison), {@code bench.stub} (s, 2), {@code bench.rows}
 * (1000000), {@code bench.cursorRounds} (1), {@code bench.cursorVariants} (default lib,raw;
 * also lib-id, raw-id), {@code bench.url} (use this server instead of starting sqld),
 * {@code libsql4j.sqld} (the binary).
 *
 * <p>Not a JMH benchmark: sequential request/response over loopback is dominated by
 * microseconds-to-milliseconds of I/O, where a plain timed loop is accurate; what matters is the
 * ratio measured in the same run.
 */
public final class HttpBench {
    static final String SELECT1 = "SELECT 1";
    /** What libsql4j's RequestWriter sends for an autocommit execute (checked against a capture at start). */
    static final String EXPECTED_PIPELINE_BODY =
            "{\"baton\":null,\"requests\":[{\"type\":\"execute\",\"stmt\":{\"sql\":\"SELECT 1\"}},{\"type\":\"close\"}]}";
    static final MediaType JSON = MediaType.get("application/json");

    static final double WARMUP_S = dbl("bench.warmup", 3);
    static final int ROUNDS = (int) dbl("bench.rounds", 5);
    static final double ROUND_S = dbl("bench.round", 4);
    static final double STUB_S = dbl("bench.stub", 2);
    static final long ROWS = (long) dbl("bench.rows", 1_000_000);
    static final int CURSOR_ROUNDS = (int) dbl("bench.cursorRounds", 1);
    static final List<String> PARTS = list("bench.parts", "seq,stub,cursor");
    static final List<String> CONTENDERS = list("bench.contenders", "conn,db,okhttp-id,okhttp,jdk");
    static final List<String> CURSOR_VARIANTS = list("bench.cursorVariants", "lib,raw");

    static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    /** Results land here so no measured work is dead code. */
    static long sink;
    private static final long T0 = System.nanoTime();

    private HttpBench() {
    }

    // ------------------------------------------------------------------ settings and helpers

    static double dbl(String key, double def) {
        String v = System.getProperty(key);
        return v == null || v.isBlank() ? def : Double.parseDouble(v.trim());
    }

    static List<String> list(String key, String def) {
        String v = System.getProperty(key, def);
        List<String> out = new ArrayList<>();
        for (String s : v.split(",")) {
            if (!s.isBlank()) {
                out.add(s.trim().toLowerCase(Locale.ROOT));
            }
        }
        return out;
    }

    static String fmt(String f, Object... args) {
        return String.format(Locale.ROOT, f, args);
    }

    static void say(String s) {
        System.out.println(s);
        System.out.flush();
    }

    static long nanos(double seconds) {
        return (long) (seconds * 1e9);
    }

    static double mb(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }

    static String loadAvg() {
        try {
            String s = Files.readString(Path.of("/proc/loadavg")).trim();
            String[] p = s.split("\\s+");
            return p[0] + " " + p[1] + " " + p[2];
        } catch (IOException | RuntimeException e) {
            double l = OS.getSystemLoadAverage();
            return l < 0 ? "n/a" : fmt("%.2f", l);
        }
    }

    /** One request; throws if the answer is not what we asked for. */
    @FunctionalInterface
    interface Op {
        void run() throws Exception;
    }

    // ------------------------------------------------------------------ CPU accounting

    /** CPU counters around a measured interval: this thread, this process, sqld, the whole machine. */
    static final class CpuSnap {
        final long wall = System.nanoTime();
        final long threadCpu = THREADS.getCurrentThreadCpuTime();
        final long threadAlloc = THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
        final long procCpu = OS.getProcessCpuTime();
        final long sqldTicks;
        final long[] machine = machineTicks();

        CpuSnap(long sqldPid) {
            this.sqldTicks = procTicks(sqldPid);
        }

        static long procTicks(long pid) {
            if (pid <= 0) {
                return -1;
            }
            try {
                String s = Files.readString(Path.of("/proc/" + pid + "/stat"));
                String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
                // fields after ")": state(3) ... utime(14) stime(15) => indexes 11, 12
                return Long.parseLong(f[11]) + Long.parseLong(f[12]);
            } catch (IOException | RuntimeException e) {
                return -1;
            }
        }

        /** {busy, total} jiffies of all CPUs, or null. */
        static long[] machineTicks() {
            try (BufferedReader r = Files.newBufferedReader(Path.of("/proc/stat"))) {
                String[] f = r.readLine().trim().split("\\s+");
                long total = 0;
                for (int i = 1; i < f.length && i <= 8; i++) {
                    total += Long.parseLong(f[i]);
                }
                long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
                return new long[] {total - idle, total};
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }
    }

    static final double TICK_NS = 1e9 / 100; // USER_HZ is 100 on Linux

    /** The measured result of one interval. */
    static final class Sample {
        long ops;
        double seconds;
        double threadCpuUsPerOp;
        double procCpuUsPerOp;
        double sqldCpuUsPerOp = Double.NaN;
        double allocPerOp;
        /** CPU (in cores) used by everything other than this JVM and sqld during the interval. */
        double otherCores = Double.NaN;

        double rate() {
            return ops / seconds;
        }
    }

    static Sample diff(CpuSnap a, CpuSnap b, long ops) {
        Sample s = new Sample();
        s.ops = ops;
        s.seconds = (b.wall - a.wall) / 1e9;
        double n = Math.max(1, ops);
        s.threadCpuUsPerOp = (b.threadCpu - a.threadCpu) / 1e3 / n;
        s.procCpuUsPerOp = (b.procCpu - a.procCpu) / 1e3 / n;
        s.allocPerOp = (b.threadAlloc - a.threadAlloc) / n;
        if (a.sqldTicks >= 0 && b.sqldTicks >= 0) {
            s.sqldCpuUsPerOp = (b.sqldTicks - a.sqldTicks) * TICK_NS / 1e3 / n;
        }
        if (a.machine != null && b.machine != null) {
            double busyNs = (b.machine[0] - a.machine[0]) * TICK_NS;
            double ours = (b.procCpu - a.procCpu)
                    + (a.sqldTicks >= 0 && b.sqldTicks >= 0 ? (b.sqldTicks - a.sqldTicks) * TICK_NS : 0);
            s.otherCores = Math.max(0, busyNs - ours) / (b.wall - a.wall);
        }
        return s;
    }

    // ------------------------------------------------------------------ latency recording

    static final class Latencies {
        long[] v = new long[1 << 16];
        int n;

        void add(long ns) {
            if (n == v.length) {
                v = Arrays.copyOf(v, n * 2);
            }
            v[n++] = ns;
        }

        /** Percentiles in microseconds. */
        double[] percentiles(double... ps) {
            long[] s = Arrays.copyOf(v, n);
            Arrays.sort(s);
            double[] out = new double[ps.length];
            for (int i = 0; i < ps.length; i++) {
                out[i] = n == 0 ? Double.NaN : s[(int) Math.min(n - 1, Math.floor(ps[i] * n))] / 1e3;
            }
            return out;
        }
    }

    // ------------------------------------------------------------------ contenders

    static final class Contender {
        final String key;
        final String name;
        final Op op;
        final List<Sample> rounds = new ArrayList<>();
        final Latencies lat = new Latencies();

        Contender(String key, String name, Op op) {
            this.key = key;
            this.name = name;
            this.op = op;
        }

        double[] rates() {
            return rounds.stream().mapToDouble(Sample::rate).toArray();
        }

        double median(java.util.function.ToDoubleFunction<Sample> f) {
            return HttpBench.median(rounds.stream().mapToDouble(f).toArray());
        }
    }

    static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        if (s.length == 0) {
            return Double.NaN;
        }
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** Runs {@code op} back to back for {@code seconds}; records latencies if {@code lat} is given. */
    static Sample runFor(Op op, double seconds, Latencies lat, long sqldPid) throws Exception {
        CpuSnap a = new CpuSnap(sqldPid);
        long end = a.wall + nanos(seconds);
        long now = System.nanoTime();
        long ops = 0;
        while (now < end) {
            op.run();
            long t = System.nanoTime();
            if (lat != null) {
                lat.add(t - now);
            }
            now = t;
            ops++;
        }
        CpuSnap b = new CpuSnap(sqldPid);
        return diff(a, b, ops);
    }

    // ------------------------------------------------------------------ capture

    /** A request and response seen by an interceptor. */
    record Exchange(String method, String url, String requestHeaders, byte[] requestBody, int code,
                    String responseHeaders, byte[] responseBody) {
    }

    /** Records every exchange (network level: the real headers on the wire). */
    static final class Recorder implements Interceptor {
        final List<Exchange> seen = new CopyOnWriteArrayList<>();

        @Override
        public Response intercept(Chain chain) throws IOException {
            Request req = chain.request();
            byte[] body = null;
            if (req.body() != null) {
                Buffer b = new Buffer();
                req.body().writeTo(b);
                body = b.readByteArray();
            }
            Response resp = chain.proceed(req);
            byte[] respBody = null;
            if (resp.body() != null && !req.url().encodedPath().endsWith("/cursor")) {
                respBody = resp.peekBody(1 << 20).bytes();
                if ("gzip".equalsIgnoreCase(resp.header("Content-Encoding"))) {
                    try (okio.BufferedSource src = okio.Okio.buffer(new okio.GzipSource(new Buffer().write(respBody)))) {
                        respBody = src.readByteArray();
                    }
                }
            }
            seen.add(new Exchange(req.method(), req.url().toString(), req.headers().toString().trim().replace("\n", "; "),
                    body, resp.code(), resp.headers().toString().trim().replace("\n", "; "), respBody));
            return resp;
        }

        Exchange last(String pathSuffix) {
            for (int i = seen.size() - 1; i >= 0; i--) {
                if (seen.get(i).url().endsWith(pathSuffix)) {
                    return seen.get(i);
                }
            }
            throw new IllegalStateException("no request to " + pathSuffix + " was captured; saw " + seen);
        }
    }

    /** Answers every call with a canned response, so no network is used. */
    static final class Stub implements Interceptor {
        final byte[] pipelineResponse;

        Stub(byte[] pipelineResponse) {
            this.pipelineResponse = pipelineResponse;
        }

        @Override
        public Response intercept(Chain chain) throws IOException {
            Request req = chain.request();
            if (req.body() != null) {
                // Serialize the body as OkHttp would on the wire.
                req.body().writeTo(new Buffer());
            }
            String path = req.url().encodedPath();
            byte[] body = path.endsWith("/pipeline") ? pipelineResponse : new byte[0];
            return new Response.Builder().request(req).protocol(Protocol.HTTP_1_1).code(200).message("OK")
                    .body(ResponseBody.create(body, JSON)).build();
        }
    }

    // ------------------------------------------------------------------ main

    public static void main(String[] args) throws Exception {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        SqldServer server = null;
        String url = System.getProperty("bench.url");
        long sqldPid = -1;
        String sqldVersion = "external";
        try {
            if (url == null || url.isBlank()) {
                sqldVersion = sqldVersion();
                server = SqldServer.start();
                url = server.url();
                sqldPid = server.pid();
            }
            header(url, sqldVersion, sqldPid);
            run(url, sqldPid);
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    static String sqldVersion() {
        try {
            Path bin = SqldServer.locateBinary();
            Process p = new ProcessBuilder(bin.toString(), "--version").redirectErrorStream(true).start();
            String out;
            try (InputStream in = p.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            }
            p.waitFor();
            return out.replace("\n", " ");
        } catch (IOException | RuntimeException e) {
            return "unknown (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    static void header(String url, String sqldVersion, long pid) {
        Runtime rt = Runtime.getRuntime();
        List<String> gcs = new ArrayList<>();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcs.add(gc.getName());
        }
        say("== libsql4j HTTP benchmark ==");
        say(fmt("JVM %s %s, max heap %.0f MB, GC %s, %d CPUs", System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version"), mb(rt.maxMemory()), gcs, rt.availableProcessors()));
        say(fmt("server: %s at %s (pid %d); load average at start: %s", sqldVersion, url, pid, loadAvg()));
        say(fmt("settings: warm-up %.1f s per contender, %d rounds x %.1f s, stub %.1f s, rows %d, cursor rounds %d, parts %s",
                WARMUP_S, ROUNDS, ROUND_S, STUB_S, ROWS, CURSOR_ROUNDS, PARTS));
    }

    /**
     * The Config of the seq, stub and cursor parts: Hrana JSON, because their raw floors replay the
     * JSON bytes libsql4j sends (the reads suite measures each encoding on its own).
     */
    static Config.Builder json(String url) {
        return Config.builder(url).transportOption("http.encoding", "json");
    }

    static void run(String url, long sqldPid) throws Exception {
        String pipelineUrl = url + "/v3/pipeline";

        // ---- capture what libsql4j really sends, through a recording OkHttp client
        Recorder rec = new Recorder();
        OkHttpClient recClient = new OkHttpClient.Builder().addNetworkInterceptor(rec).build();
        Exchange execEx;
        try (Database probe = LibSql.open(json(url).transportOption("okhttp.client", recClient).build());
             Connection c = probe.connect()) {
            long one = c.execute(SELECT1).rows().get(0).getLong(0);
            if (one != 1) {
                throw new IllegalStateException("SELECT 1 returned " + one);
            }
            execEx = rec.last("/v3/pipeline");
        } finally {
            recClient.dispatcher().executorService().shutdown();
            recClient.connectionPool().evictAll();
        }
        byte[] body = execEx.requestBody();
        String bodyText = new String(body, StandardCharsets.UTF_8);
        say("");
        say("libsql4j request (captured): POST " + execEx.url() + "  [" + execEx.requestHeaders() + "]");
        say("  body (" + body.length + " B): " + bodyText
                + (bodyText.equals(EXPECTED_PIPELINE_BODY) ? "  == expected" : "  != expected " + EXPECTED_PIPELINE_BODY));
        say("  response " + execEx.code() + " (" + execEx.responseBody().length + " B) [" + execEx.responseHeaders() + "]: "
                + new String(execEx.responseBody(), StandardCharsets.UTF_8));
        byte[] cannedResponse = execEx.responseBody();

        if (PARTS.contains("seq")) {
            seq(url, pipelineUrl, body, sqldPid);
        }
        StubResult stub = null;
        if (PARTS.contains("stub")) {
            stub = stub(url, pipelineUrl, body, cannedResponse);
        }
        CursorResult cursor = null;
        if (PARTS.contains("cursor")) {
            cursor = cursor(url, sqldPid);
        }
        if (PARTS.contains("seq") || stub != null || cursor != null) {
            summary(url, stub, cursor);
        }
        if (PARTS.contains("reads")) {
            ReadsSuite.run(url, sqldPid);
        }
        if (PARTS.contains("codec")) {
            CodecBench.run(url);
        }
        if (PARTS.contains("tx")) {
            TxSuite.run(url, sqldPid);
        }
    }

    // ------------------------------------------------------------------ part 1: sequential SELECT 1

    static final List<Contender> SEQ = new ArrayList<>();

    static void seq(String url, String pipelineUrl, byte[] body, long sqldPid) throws Exception {
        Database db = LibSql.open(json(url).build());
        Connection conn = db.connect();
        OkHttpClient ok = new OkHttpClient();
        Request okReq = new Request.Builder().url(pipelineUrl).post(RequestBody.create(body, JSON)).build();
        Request okReqId = okReq.newBuilder().header("Accept-Encoding", "identity").build();
        OkHttpClient identity = new OkHttpClient.Builder().addInterceptor(
                chain -> chain.proceed(chain.request().newBuilder().header("Accept-Encoding", "identity").build())).build();
        Database dbId = LibSql.open(json(url).transportOption("okhttp.client", identity).build());
        Connection connId = dbId.connect();
        HttpClient jdk = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest jdkReq = HttpRequest.newBuilder(URI.create(pipelineUrl)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        try {
            for (String key : CONTENDERS) {
                switch (key) {
                    case "conn":
                        SEQ.add(new Contender(key, "libsql4j conn.execute", () -> {
                            Result r = conn.execute(SELECT1);
                            if (r.rows().get(0).getLong(0) != 1) {
                                throw new IllegalStateException("bad result " + r);
                            }
                        }));
                        break;
                    case "db":
                        SEQ.add(new Contender(key, "libsql4j db.execute", () -> {
                            Result r = db.execute(SELECT1);
                            if (r.rows().get(0).getLong(0) != 1) {
                                throw new IllegalStateException("bad result " + r);
                            }
                        }));
                        break;
                    case "okhttp":
                        SEQ.add(new Contender(key, "OkHttp raw floor", () -> {
                            try (Response resp = ok.newCall(okReq).execute()) {
                                byte[] b = resp.body().bytes();
                                if (resp.code() != 200 || b.length == 0) {
                                    throw new IllegalStateException("HTTP " + resp.code());
                                }
                                sink += b.length;
                            }
                        }));
                        break;
                    case "conn-id":
                        // What libsql4j would do if it asked sqld not to gzip (Accept-Encoding: identity).
                        SEQ.add(new Contender(key, "libsql4j conn (identity)", () -> {
                            Result r = connId.execute(SELECT1);
                            if (r.rows().get(0).getLong(0) != 1) {
                                throw new IllegalStateException("bad result " + r);
                            }
                        }));
                        break;
                    case "okhttp-id":
                        SEQ.add(new Contender(key, "OkHttp floor (identity)", () -> {
                            try (Response resp = ok.newCall(okReqId).execute()) {
                                byte[] b = resp.body().bytes();
                                if (resp.code() != 200 || b.length == 0) {
                                    throw new IllegalStateException("HTTP " + resp.code());
                                }
                                sink += b.length;
                            }
                        }));
                        break;
                    case "jdk":
                        SEQ.add(new Contender(key, "JDK HttpClient floor", () -> {
                            HttpResponse<byte[]> resp = jdk.send(jdkReq, HttpResponse.BodyHandlers.ofByteArray());
                            if (resp.statusCode() != 200 || resp.body().length == 0) {
                                throw new IllegalStateException("HTTP " + resp.statusCode());
                            }
                            sink += resp.body().length;
                        }));
                        break;
                    default:
                        throw new IllegalArgumentException("unknown contender " + key + " (conn, db, okhttp, jdk, conn-id, okhttp-id)");
                }
            }
            say("");
            say(fmt("== sequential autocommit SELECT 1: warm-up %.1f s each ==", WARMUP_S));
            for (Contender c : SEQ) {
                Sample s = runFor(c.op, WARMUP_S, null, sqldPid);
                say(fmt("  warm-up %-24s %8.0f req/s", c.name, s.rate()));
            }
            say(fmt("== measured: %d rounds x %.1f s, order rotated every round ==", ROUNDS, ROUND_S));
            for (int r = 0; r < ROUNDS; r++) {
                StringBuilder line = new StringBuilder(fmt("  round %d:", r + 1));
                for (int i = 0; i < SEQ.size(); i++) {
                    Contender c = SEQ.get((i + r) % SEQ.size());
                    Sample s = runFor(c.op, ROUND_S, c.lat, sqldPid);
                    c.rounds.add(s);
                    line.append(fmt("  %s %.0f", c.key, s.rate()));
                }
                line.append("   (load ").append(loadAvg()).append(")");
                say(line.toString());
            }
        } finally {
            conn.close();
            db.close();
            connId.close();
            dbId.close();
            identity.dispatcher().executorService().shutdown();
            ok.dispatcher().executorService().shutdown();
            ok.connectionPool().evictAll();
        }
    }

    // ------------------------------------------------------------------ part 2: client-only cost (network stubbed)

    record StubResult(double libRate, double okRate, double libAlloc, double okAlloc, double dbRate, double dbAlloc) {
    }

    static StubResult stub(String url, String pipelineUrl, byte[] body, byte[] cannedResponse) throws Exception {
        Stub stub = new Stub(cannedResponse);
        OkHttpClient stubClient = new OkHttpClient.Builder().addInterceptor(stub).build();
        Request okReq = new Request.Builder().url(pipelineUrl).post(RequestBody.create(body, JSON)).build();
        Op okOp = () -> {
            try (Response resp = stubClient.newCall(okReq).execute()) {
                sink += resp.body().bytes().length;
            }
        };
        try (Database db = LibSql.open(json(url).transportOption("okhttp.client", stubClient).build());
             Connection conn = db.connect()) {
            Op libOp = () -> {
                if (conn.execute(SELECT1).rows().get(0).getLong(0) != 1) {
                    throw new IllegalStateException();
                }
            };
            say("");
            say(fmt("== client-side cost, network stubbed out by an OkHttp interceptor (%.1f s each, after %.1f s warm-up) ==",
                    STUB_S, STUB_S / 2));
            Op dbOp = () -> {
                if (db.execute(SELECT1).rows().get(0).getLong(0) != 1) {
                    throw new IllegalStateException();
                }
            };
            runFor(libOp, STUB_S / 2, null, -1);
            runFor(okOp, STUB_S / 2, null, -1);
            runFor(dbOp, STUB_S / 2, null, -1);
            Sample lib = runFor(libOp, STUB_S, null, -1);
            Sample ok = runFor(okOp, STUB_S, null, -1);
            Sample dbs = runFor(dbOp, STUB_S, null, -1);
            say(fmt("  libsql4j conn.execute  %9.0f calls/s  %6.2f us/call  %6.0f B allocated/call",
                    lib.rate(), 1e6 / lib.rate(), lib.allocPerOp));
            say(fmt("  libsql4j db.execute    %9.0f calls/s  %6.2f us/call  %6.0f B allocated/call",
                    dbs.rate(), 1e6 / dbs.rate(), dbs.allocPerOp));
            say(fmt("  OkHttp call + bytes()  %9.0f calls/s  %6.2f us/call  %6.0f B allocated/call",
                    ok.rate(), 1e6 / ok.rate(), ok.allocPerOp));
            say(fmt("  => libsql4j adds %.2f us and %.0f B per request on top of OkHttp's own client work",
                    1e6 / lib.rate() - 1e6 / ok.rate(), lib.allocPerOp - ok.allocPerOp));
            return new StubResult(lib.rate(), ok.rate(), lib.allocPerOp, ok.allocPerOp, dbs.rate(), dbs.allocPerOp);
        } finally {
            stubClient.dispatcher().executorService().shutdown();
        }
    }

    // ------------------------------------------------------------------ part 3: 1M-row cursor

    record CursorRun(String name, long rows, double seconds, double firstRowMs, long bytes, long peakUsed,
                     long peakAfterGc, long gcs, Sample cpu) {
        double rate() {
            return rows / seconds;
        }
    }

    record CursorResult(List<CursorRun> runs, long rows, double insertSeconds) {
    }

    /** Heap watcher: samples used heap every few ms and records the heap after every GC. */
    static final class HeapWatch implements AutoCloseable, NotificationListener {
        final AtomicLong peakUsed = new AtomicLong();
        final AtomicLong peakAfterGc = new AtomicLong();
        final AtomicLong gcs = new AtomicLong();
        final Thread sampler;
        volatile boolean stop;
        final List<NotificationEmitter> emitters = new ArrayList<>();

        HeapWatch() {
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                if (gc instanceof NotificationEmitter e) {
                    e.addNotificationListener(this, null, null);
                    emitters.add(e);
                }
            }
            sampler = new Thread(() -> {
                while (!stop) {
                    sample();
                    try {
                        Thread.sleep(2);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "heap-sampler");
            sampler.setDaemon(true);
            sampler.start();
        }

        void sample() {
            Runtime rt = Runtime.getRuntime();
            peakUsed.accumulateAndGet(rt.totalMemory() - rt.freeMemory(), Math::max);
        }

        @Override
        public void handleNotification(Notification n, Object handback) {
            if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
                return;
            }
            GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
            long used = 0;
            for (Map.Entry<String, MemoryUsage> e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
                if (!e.getKey().contains("Metaspace") && !e.getKey().contains("Code") && !e.getKey().contains("Class")) {
                    used += e.getValue().getUsed();
                }
            }
            gcs.incrementAndGet();
            peakAfterGc.accumulateAndGet(used, Math::max);
        }

        @Override
        public void close() {
            stop = true;
            try {
                sampler.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            for (NotificationEmitter e : emitters) {
                try {
                    e.removeNotificationListener(this);
                } catch (javax.management.ListenerNotFoundException ignored) {
                    // not registered
                }
            }
        }
    }

    static CursorResult cursor(String url, long sqldPid) throws Exception {
        say("");
        say(fmt("== %d-row streaming read: SELECT * FROM big ==", ROWS));
        Recorder rec = new Recorder();
        OkHttpClient recClient = new OkHttpClient.Builder().addNetworkInterceptor(rec).build();
        double insertSeconds;
        byte[] cursorBody;
        try (Database db = LibSql.open(json(url).requestTimeout(Duration.ofMinutes(10)).build());
             Connection conn = db.connect()) {
            conn.execute("DROP TABLE IF EXISTS big");
            conn.execute("CREATE TABLE big (id INTEGER PRIMARY KEY, name TEXT NOT NULL, score REAL, flag INTEGER)");
            long t = System.nanoTime();
            conn.execute("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < ?) "
                    + "INSERT INTO big (id, name, score, flag) SELECT x, 'name-' || x, x * 0.25, x % 2 FROM c", ROWS);
            insertSeconds = (System.nanoTime() - t) / 1e9;
            long n = conn.execute("SELECT count(*) FROM big").rows().get(0).getLong(0);
            if (n != ROWS) {
                throw new IllegalStateException("big has " + n + " rows, expected " + ROWS);
            }
            say(fmt("  created %d rows server-side in %.2f s (%.0f rows/s, WITH RECURSIVE insert)", n, insertSeconds,
                    n / insertSeconds));
        }
        // Capture the cursor request body libsql4j sends, for the raw floor.
        try (Database probe = LibSql.open(json(url).transportOption("okhttp.client", recClient).build());
             Connection c = probe.connect();
             Cursor cur = c.query("SELECT * FROM big")) {
            cur.next();
            cursorBody = rec.last("/v3/cursor").requestBody();
        } finally {
            recClient.dispatcher().executorService().shutdown();
            recClient.connectionPool().evictAll();
        }
        say("  libsql4j cursor request body: " + new String(cursorBody, StandardCharsets.UTF_8));

        List<CursorRun> runs = new ArrayList<>();
        OkHttpClient ok = new OkHttpClient.Builder().readTimeout(Duration.ofMinutes(10)).build();
        OkHttpClient okId = ok.newBuilder().addInterceptor(
                chain -> chain.proceed(chain.request().newBuilder().header("Accept-Encoding", "identity").build())).build();
        try (Database db = LibSql.open(json(url).build()); Connection conn = db.connect();
             Database dbId = LibSql.open(json(url).transportOption("okhttp.client", okId).build());
             Connection connId = dbId.connect()) {
            for (int r = 0; r < CURSOR_ROUNDS; r++) {
                for (String v : CURSOR_VARIANTS) {
                    CursorRun run;
                    switch (v) {
                        case "lib":
                            run = libCursor("libsql4j conn.query", conn, sqldPid);
                            break;
                        case "raw":
                            run = rawCursor("OkHttp raw /v3/cursor", ok, url, cursorBody, sqldPid);
                            break;
                        case "lib-id":
                            run = libCursor("libsql4j query (identity)", connId, sqldPid);
                            break;
                        case "raw-id":
                            run = rawCursor("OkHttp raw (identity)", okId, url, cursorBody, sqldPid);
                            break;
                        default:
                            throw new IllegalArgumentException("unknown cursor variant " + v + " (lib, raw, lib-id, raw-id)");
                    }
                    runs.add(run);
                    printCursor(run);
                }
            }
        } finally {
            ok.dispatcher().executorService().shutdown();
            ok.connectionPool().evictAll();
        }
        return new CursorResult(runs, ROWS, insertSeconds);
    }

    static void printCursor(CursorRun c) {
        Sample cpu = c.cpu();
        say(fmt("  %-26s %,10d rows in %6.2f s = %,9.0f rows/s, first row %.0f ms, %s peak used heap %.1f MB, "
                        + "peak heap after GC %.1f MB, %d GCs",
                c.name(), c.rows(), c.seconds(), c.rate(), c.firstRowMs(),
                c.bytes() > 0 ? fmt("%.1f MB body (%.0f MB/s),", mb(c.bytes()), mb(c.bytes()) / c.seconds()) : "",
                mb(c.peakUsed()), mb(c.peakAfterGc()), c.gcs()));
        say(fmt("  %-26s CPU: reader thread %.2f s, whole JVM %.2f s, sqld %.2f s; others %.2f cores",
                "", cpu.threadCpuUsPerOp * cpu.ops / 1e6, cpu.procCpuUsPerOp * cpu.ops / 1e6,
                cpu.sqldCpuUsPerOp * cpu.ops / 1e6, cpu.otherCores));
    }

    static CursorRun libCursor(String name, Connection conn, long sqldPid) throws Exception {
        System.gc();
        long rows = 0;
        long idSum = 0;
        long nameChars = 0;
        double firstRowMs;
        long t;
        double secs;
        try (HeapWatch heap = new HeapWatch()) {
            CpuSnap cpu0 = new CpuSnap(sqldPid);
            t = System.nanoTime();
            try (Cursor cur = conn.query("SELECT * FROM big")) {
                Row row = cur.next();
                firstRowMs = (System.nanoTime() - t) / 1e6;
                while (row != null) {
                    rows++;
                    idSum += row.getLong(0);
                    nameChars += row.getString(1).length();
                    if ((rows & 0x3FFF) == 0) {
                        heap.sample();
                    }
                    row = cur.next();
                }
            }
            secs = (System.nanoTime() - t) / 1e9;
            Sample cpu = diff(cpu0, new CpuSnap(sqldPid), rows);
            heap.sample();
            long expectSum = ROWS * (ROWS + 1) / 2;
            if (rows != ROWS || idSum != expectSum) {
                throw new IllegalStateException("cursor read " + rows + " rows (id sum " + idSum + "), expected " + ROWS);
            }
            sink += nameChars;
            return new CursorRun(name, rows, secs, firstRowMs, 0, heap.peakUsed.get(),
                    heap.peakAfterGc.get(), heap.gcs.get(), cpu);
        }
    }

    private static final Pattern BATON = Pattern.compile("\"baton\"\\s*:\\s*\"([^\"]+)\"");

    /** The same /v3/cursor body through plain OkHttp; counts newline-separated entries, parses nothing. */
    static CursorRun rawCursor(String name, OkHttpClient ok, String url, byte[] cursorBody, long sqldPid)
            throws Exception {
        System.gc();
        Request req = new Request.Builder().url(url + "/v3/cursor").post(RequestBody.create(cursorBody, JSON)).build();
        byte[] buf = new byte[64 * 1024];
        long bytes = 0;
        long lines = 0;
        double firstMs = -1;
        String head = null;
        long t;
        double secs;
        try (HeapWatch heap = new HeapWatch()) {
            CpuSnap cpu0 = new CpuSnap(sqldPid);
            t = System.nanoTime();
            try (Response resp = ok.newCall(req).execute(); InputStream in = resp.body().byteStream()) {
                if (resp.code() != 200) {
                    throw new IllegalStateException("cursor HTTP " + resp.code());
                }
                StringBuilder headBuf = new StringBuilder();
                int n;
                while ((n = in.read(buf)) > 0) {
                    if (firstMs < 0) {
                        firstMs = (System.nanoTime() - t) / 1e6;
                    }
                    if (head == null) {
                        headBuf.append(new String(buf, 0, Math.min(n, 512), StandardCharsets.UTF_8));
                        head = headBuf.toString();
                    }
                    bytes += n;
                    for (int i = 0; i < n; i++) {
                        if (buf[i] == '\n') {
                            lines++;
                        }
                    }
                }
            }
            secs = (System.nanoTime() - t) / 1e9;
            Sample cpu = diff(cpu0, new CpuSnap(sqldPid), Math.max(0, lines - 4));
            heap.sample();
            // head line, step_begin, rows..., step_end, replication_index
            long rows = Math.max(0, lines - 4);
            if (rows != ROWS) {
                say(fmt("  (raw cursor: %d lines; expected about %d)", lines, ROWS + 4));
            }
            closeStream(ok, url, head);
            return new CursorRun(name, rows, secs, firstMs, bytes, heap.peakUsed.get(),
                    heap.peakAfterGc.get(), heap.gcs.get(), cpu);
        }
    }

    /** Closes the stream the raw cursor opened, as libsql4j does for an autocommit cursor. */
    static void closeStream(OkHttpClient ok, String url, String head) throws IOException {
        Matcher m = head == null ? null : BATON.matcher(head);
        if (m == null || !m.find()) {
            return;
        }
        byte[] close = ("{\"baton\":\"" + m.group(1) + "\",\"requests\":[{\"type\":\"close\"}]}")
                .getBytes(StandardCharsets.UTF_8);
        Request req = new Request.Builder().url(url + "/v3/pipeline").post(RequestBody.create(close, JSON)).build();
        try (Response resp = ok.newCall(req).execute()) {
            resp.body().bytes();
        }
    }

    // ------------------------------------------------------------------ summary

    static void summary(String url, StubResult stub, CursorResult cursor) {
        say("");
        say(fmt("== summary: %s, %d rounds x %.1f s after %.1f s warm-up; run time %.0f s; load average now %s ==",
                url, ROUNDS, ROUND_S, WARMUP_S, (System.nanoTime() - T0) / 1e9, loadAvg()));
        say("(thrCPU/JVMCPU/sqldCPU: CPU time per request of the calling thread, this JVM, sqld; alloc: bytes the "
                + "calling thread allocated per request; others: cores busy outside this JVM and sqld)");
        if (!SEQ.isEmpty()) {
            say(fmt("%-24s %9s %9s %9s %8s %8s %9s %9s %9s %8s %7s", "contender", "median/s", "min/s", "max/s",
                    "p50 us", "p99 us", "thrCPU/rq", "JVMCPU/rq", "sqldCPU/rq", "alloc/rq", "others"));
            for (Contender c : SEQ) {
                double[] rates = c.rates();
                double[] p = c.lat.percentiles(0.5, 0.99);
                say(fmt("%-24s %9.0f %9.0f %9.0f %8.1f %8.1f %8.1fus %8.1fus %8.1fus %7.0fB %6.2fc", c.name,
                        median(rates), Arrays.stream(rates).min().orElse(Double.NaN),
                        Arrays.stream(rates).max().orElse(Double.NaN), p[0], p[1],
                        c.median(s -> s.threadCpuUsPerOp), c.median(s -> s.procCpuUsPerOp),
                        c.median(s -> s.sqldCpuUsPerOp), c.median(s -> s.allocPerOp), c.median(s -> s.otherCores)));
            }
        }
        if (stub != null) {
            say(fmt("%-24s conn.execute %.2f us/call, db.execute %.2f us/call vs OkHttp %.2f us/call "
                            + "(libsql4j adds +%.2f / +%.2f us, +%.0f / +%.0f B per request)",
                    "client-only (stubbed)", 1e6 / stub.libRate(), 1e6 / stub.dbRate(), 1e6 / stub.okRate(),
                    1e6 / stub.libRate() - 1e6 / stub.okRate(), 1e6 / stub.dbRate() - 1e6 / stub.okRate(),
                    stub.libAlloc() - stub.okAlloc(), stub.dbAlloc() - stub.okAlloc()));
        }
        if (cursor != null) {
            for (String name : cursor.runs().stream().map(CursorRun::name).distinct().toList()) {
                List<CursorRun> rs = cursor.runs().stream().filter(r -> r.name().equals(name)).toList();
                if (rs.isEmpty()) {
                    continue;
                }
                double best = rs.stream().mapToDouble(CursorRun::rate).max().orElse(Double.NaN);
                long peak = rs.stream().mapToLong(CursorRun::peakUsed).max().orElse(0);
                long peakGc = rs.stream().mapToLong(CursorRun::peakAfterGc).max().orElse(0);
                double raw = cursor.runs().stream().filter(r -> r.name().equals("OkHttp raw /v3/cursor"))
                        .mapToDouble(CursorRun::rate).max().orElse(Double.NaN);
                say(fmt("%-26s %,d rows: best %,.0f rows/s (%d run%s%s); peak used heap %.1f MB, peak after GC %.1f MB, "
                                + "max heap %.0f MB",
                        name, cursor.rows(), best, rs.size(), rs.size() == 1 ? "" : "s",
                        Double.isNaN(raw) || name.startsWith("OkHttp raw /") ? "" : fmt(", %.2f x raw", best / raw),
                        mb(peak), mb(peakGc), mb(Runtime.getRuntime().maxMemory())));
            }
        }
        Contender lib = find("conn");
        // The floor sends the same bytes with the same headers as libsql4j (identity encoding).
        Contender floor = find("okhttp-id") != null ? find("okhttp-id") : find("okhttp");
        Contender gzipFloor = find("okhttp");
        if (lib != null && gzipFloor != null && gzipFloor != floor) {
            say(fmt("       libsql4j conn.execute / OkHttp floor with OkHttp's default gzip = %.3f",
                    median(lib.rates()) / median(gzipFloor.rates())));
        }
        if (lib != null && floor != null) {
            double[] per = new double[Math.min(lib.rounds.size(), floor.rounds.size())];
            for (int i = 0; i < per.length; i++) {
                per[i] = lib.rounds.get(i).rate() / floor.rounds.get(i).rate();
            }
            double ratio = median(lib.rates()) / median(floor.rates());
            Contender dbc = find("db");
            say(fmt("RATIO libsql4j conn.execute / OkHttp floor (" + floor.key + ") = %.3f (per-round median %.3f, range %.3f..%.3f)%s"
                            + "; target >= 0.85: %s",
                    ratio, median(per), Arrays.stream(per).min().orElse(Double.NaN),
                    Arrays.stream(per).max().orElse(Double.NaN),
                    dbc == null ? "" : fmt("; db.execute / floor = %.3f", median(dbc.rates()) / median(floor.rates())),
                    ratio >= 0.85 ? "MET" : "NOT MET"));
        }
    }

    static Contender find(String key) {
        for (Contender c : SEQ) {
            if (c.key.equals(key)) {
                return c;
            }
        }
        return null;
    }
}
