package dev.libsql4j.bench;

import static dev.libsql4j.bench.HttpBench.fmt;
import static dev.libsql4j.bench.HttpBench.list;
import static dev.libsql4j.bench.HttpBench.loadAvg;
import static dev.libsql4j.bench.HttpBench.say;

import dev.libsql4j.Config;
import dev.libsql4j.Connection;
import dev.libsql4j.Database;
import dev.libsql4j.LibSql;
import dev.libsql4j.Result;
import dev.libsql4j.Row;
import dev.libsql4j.Transaction;
import dev.libsql4j.TransactionMode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.ConnectionPool;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The transaction suite of {@link HttpBench} ({@code -Dbench.parts=tx}), issue 8 item 3: libsql4j
 * over HTTP and over WebSocket (each under Hrana JSON and protobuf) against @libsql/client 0.17
 * over {@code ws://} and {@code http://} (run by Node, see {@code benchmarks/node/bench.mjs}) and
 * raw OkHttp floors, all against one sqld in one run, rounds alternated (the order rotates every
 * round so drift hits all alike), medians reported.
 *
 * <p>Workloads, with the same SQL for every client:
 * <ul>
 *   <li><b>tx</b>: {@code BEGIN IMMEDIATE}; 3 x ({@code SELECT balance FROM accounts WHERE id = ?},
 *       {@code UPDATE accounts SET balance = ? WHERE id = ?} with the balance read + 1);
 *       {@code COMMIT}. Transactions per second. Transaction n touches accounts
 *       {@code k % accounts + 1} for k = 3n .. 3n + 2 ({@code bench.accounts} accounts, 8 by
 *       default). After every measured interval the harness checks that the sum of all balances
 *       grew by exactly 3 x the transactions the contender reported.
 *   <li><b>select1</b>: sequential autocommit {@code SELECT 1}, calls per second.
 *   <li><b>select1-8</b>: {@code SELECT 1} from 8 threads on one {@code Database}, each thread with
 *       its own {@code Connection} (for libsql4j WebSocket: one socket, 8 streams); total calls per
 *       second. The HTTP floor is wrk-style: 8 threads POSTing the same request bytes through one
 *       raw OkHttp client (8 keep-alive connections), body read and discarded. @libsql/client runs
 *       8 loops in flight on one client (Node has one thread).
 * </ul>
 *
 * <p>A contender that cannot open (libsql4j's {@code ws://} before the WebSocket transport exists,
 * or Node without @libsql/client installed) is reported as {@code unsupported: <error>}; the rest
 * still run. A contender that fails mid-run is dropped from later rounds and reported as failed.
 *
 * <p>Settings: {@code bench.txWarmup} (s per item, 2), {@code bench.txRounds} (5),
 * {@code bench.txRound} (s per item per round, 3), {@code bench.accounts} (8),
 * {@code bench.txContenders} (default: all of lib-http-json, lib-http-protobuf, lib-ws-json,
 * lib-ws-protobuf, node-ws, node-http, floor-json, floor-protobuf), {@code bench.txWorkloads}
 * (default tx,select1,select1-8), {@code bench.node} (the node binary, default {@code node}),
 * {@code bench.nodeDir} (default {@code benchmarks/node}, where {@code npm ci} installed
 * @libsql/client).
 */
final class TxSuite {
    static final double WARMUP_S = HttpBench.dbl("bench.txWarmup", 2);
    static final int ROUNDS = (int) HttpBench.dbl("bench.txRounds", 5);
    static final double ROUND_S = HttpBench.dbl("bench.txRound", 3);
    static final int ACCOUNTS = (int) HttpBench.dbl("bench.accounts", 8);
    static final int THREADS = 8;
    static final List<String> CONTENDERS = list("bench.txContenders",
            "lib-http-json,lib-http-protobuf,lib-ws-json,lib-ws-protobuf,node-ws,node-http,floor-json,floor-protobuf");
    static final List<String> WORKLOADS = list("bench.txWorkloads", "tx,select1,select1-8");
    static final String NODE = System.getProperty("bench.node", "node");
    static final String NODE_DIR = System.getProperty("bench.nodeDir", "benchmarks/node");

    static final String SELECT_BALANCE = "SELECT balance FROM accounts WHERE id = ?";
    static final String UPDATE_BALANCE = "UPDATE accounts SET balance = ? WHERE id = ?";
    static final String SUM_BALANCE = "SELECT sum(balance) FROM accounts";

    static final MediaType JSON = MediaType.get("application/json");
    static final MediaType PROTOBUF = MediaType.get("application/x-protobuf");

    /** The next account counter; shared by every contender so they all touch the same rows alike. */
    static final AtomicLong NEXT_K = new AtomicLong();

    private TxSuite() {
    }

    /** Operations done in an interval. */
    record Sample(long ops, double seconds) {
        double rate() {
            return ops / seconds;
        }
    }

    /** Runs a workload for a number of seconds. */
    @FunctionalInterface
    interface Runner {
        Sample run(double seconds) throws Exception;
    }

    /** A client under test: a name and, per workload, how to run it (or why it cannot run). */
    static final class Contender {
        final String key;
        final String name;
        final Map<String, Runner> runners = new LinkedHashMap<>();
        String unsupported;

        Contender(String key, String name) {
            this.key = key;
            this.name = name;
        }
    }

    /** One (contender, workload) pair and its measured rates. */
    static final class Item {
        final Contender contender;
        final String workload;
        final Runner runner;
        final List<Double> rates = new ArrayList<>();
        String failed;

        Item(Contender contender, String workload, Runner runner) {
            this.contender = contender;
            this.workload = workload;
            this.runner = runner;
        }

        String key() {
            return contender.key + "/" + workload;
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

    // ------------------------------------------------------------------ run

    static void run(String httpUrl, long sqldPid) throws Exception {
        String wsUrl = httpUrl.replaceFirst("^http", "ws");
        say("");
        say(fmt("== tx suite (issue 8): %d rounds x %.1f s per item after %.1f s warm-up, %d accounts, "
                + "contenders %s, workloads %s ==", ROUNDS, ROUND_S, WARMUP_S, ACCOUNTS, CONTENDERS, WORKLOADS));
        say("  NOTE: one shared machine; figures are noisy. Compare the ratios (same run, rounds alternated), "
                + "not absolute rates across runs.");
        List<Contender> contenders = new ArrayList<>();
        try (ReadsSuite.Closer closer = new ReadsSuite.Closer()) {
            Database checker = closer.add(LibSql.open(httpUrl));
            setUp(checker);
            NodePeer node = null;
            for (String key : CONTENDERS) {
                Contender c;
                switch (key) {
                    case "lib-http-json":
                    case "lib-http-protobuf":
                    case "lib-ws-json":
                    case "lib-ws-protobuf": {
                        boolean ws = key.startsWith("lib-ws");
                        String enc = key.substring(key.lastIndexOf('-') + 1);
                        String url = (ws ? wsUrl : httpUrl) + "?encoding=" + enc;
                        c = new Contender(key, "libsql4j " + (ws ? "WS " : "HTTP ") + enc);
                        libsql(c, url, closer);
                        break;
                    }
                    case "node-ws":
                    case "node-http": {
                        boolean ws = key.equals("node-ws");
                        if (node == null) {
                            node = closer.add(NodePeer.start());
                        }
                        c = new Contender(key, "@libsql/client " + node.version + (ws ? " ws" : " http"));
                        node(c, node, ws ? wsUrl : httpUrl);
                        break;
                    }
                    case "floor-json":
                    case "floor-protobuf": {
                        boolean json = key.equals("floor-json");
                        c = new Contender(key, "OkHttp raw floor " + (json ? "json" : "protobuf"));
                        floor(c, httpUrl, json, closer);
                        break;
                    }
                    default:
                        throw new IllegalArgumentException("unknown tx contender " + key + " (lib-http-json, "
                                + "lib-http-protobuf, lib-ws-json, lib-ws-protobuf, node-ws, node-http, floor-json, "
                                + "floor-protobuf)");
                }
                contenders.add(c);
                say(fmt("  %-32s %s", c.name, c.unsupported == null ? "ready: " + c.runners.keySet()
                        : "unsupported: " + c.unsupported));
            }

            List<Item> items = new ArrayList<>();
            for (Contender c : contenders) {
                for (Map.Entry<String, Runner> e : c.runners.entrySet()) {
                    if (WORKLOADS.contains(e.getKey())) {
                        items.add(new Item(c, e.getKey(), checked(checker, e.getKey(), e.getValue())));
                    }
                }
            }

            say(fmt("== warm-up %.1f s each (also checks every result) ==", WARMUP_S));
            for (Item it : items) {
                Sample s = measure(it, WARMUP_S);
                if (s != null) {
                    say(fmt("  warm-up %-40s %,10.0f /s", it.key(), s.rate()));
                }
            }
            say(fmt("== measured: %d rounds x %.1f s per item, order rotated every round ==", ROUNDS, ROUND_S));
            for (int round = 0; round < ROUNDS; round++) {
                StringBuilder line = new StringBuilder(fmt("  round %d:", round + 1));
                for (int i = 0; i < items.size(); i++) {
                    Item it = items.get((i + round) % items.size());
                    Sample s = measure(it, ROUND_S);
                    if (s != null) {
                        it.rates.add(s.rate());
                        line.append(fmt(" %s=%.0f", it.key(), s.rate()));
                    }
                }
                say(line.append("  (load ").append(loadAvg()).append(")").toString());
            }
            report(contenders, items);
        }
    }

    /** Runs an item unless it failed before; a failure is recorded and printed, not thrown. */
    static Sample measure(Item it, double seconds) {
        if (it.failed != null) {
            return null;
        }
        try {
            return it.runner.run(seconds);
        } catch (Exception | AssertionError e) {
            it.failed = oneLine(e);
            say("  FAILED " + it.key() + ": " + it.failed + " (dropped from later rounds)");
            return null;
        }
    }

    static String oneLine(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (sb.length() > 0) {
                sb.append(" <- ");
            }
            sb.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage());
            if (t.getCause() == t) {
                break;
            }
        }
        return sb.toString().replaceAll("\\s+", " ");
    }

    /** The tx workload checked on data: the balances' sum must grow by 3 per reported transaction. */
    static Runner checked(Database checker, String workload, Runner r) {
        if (!workload.equals("tx")) {
            return r;
        }
        return seconds -> {
            long before = sum(checker);
            Sample s = r.run(seconds);
            long after = sum(checker);
            if (after - before != 3 * s.ops()) {
                throw new IllegalStateException("the balances grew by " + (after - before) + " but " + s.ops()
                        + " transactions were reported (expected +" + 3 * s.ops() + ")");
            }
            return s;
        };
    }

    static long sum(Database db) {
        return db.execute(SUM_BALANCE).rows().get(0).getLong(0);
    }

    static void setUp(Database db) {
        try (Connection c = db.connect()) {
            c.execute("DROP TABLE IF EXISTS accounts");
            c.execute("CREATE TABLE accounts (id INTEGER PRIMARY KEY, balance INTEGER NOT NULL)");
            for (int i = 1; i <= ACCOUNTS; i++) {
                c.execute("INSERT INTO accounts (id, balance) VALUES (?, 0)", i);
            }
            long n = c.execute("SELECT count(*) FROM accounts").rows().get(0).getLong(0);
            if (n != ACCOUNTS || sum(db) != 0) {
                throw new IllegalStateException("accounts has " + n + " rows, expected " + ACCOUNTS);
            }
        }
    }

    // ------------------------------------------------------------------ libsql4j

    static void libsql(Contender c, String url, ReadsSuite.Closer closer) {
        Database db;
        Connection conn;
        try {
            db = closer.add(LibSql.open(Config.builder(url).requestTimeout(Duration.ofSeconds(30)).build()));
            conn = closer.add(db.connect());
            select1(conn);
        } catch (RuntimeException e) {
            c.unsupported = oneLine(e);
            return;
        }
        c.runners.put("tx", seconds -> loop(seconds, () -> tx(conn, NEXT_K.getAndAdd(3))));
        c.runners.put("select1", seconds -> loop(seconds, () -> select1(conn)));
        c.runners.put("select1-8", seconds -> {
            List<Connection> conns = new ArrayList<>();
            try {
                for (int i = 0; i < THREADS; i++) {
                    conns.add(db.connect());
                }
                return parallel(seconds, i -> () -> select1(conns.get(i)));
            } finally {
                for (Connection x : conns) {
                    x.close();
                }
            }
        });
    }

    static void tx(Connection conn, long k) {
        try (Transaction tx = conn.begin(TransactionMode.IMMEDIATE)) {
            for (int i = 0; i < 3; i++) {
                long id = (k + i) % ACCOUNTS + 1;
                List<Row> rows = tx.execute(SELECT_BALANCE, id).rows();
                if (rows.size() != 1) {
                    throw new IllegalStateException("SELECT balance of account " + id + " returned " + rows.size()
                            + " rows");
                }
                Result r = tx.execute(UPDATE_BALANCE, rows.get(0).getLong(0) + 1, id);
                if (r.rowsAffected() != 1) {
                    throw new IllegalStateException("UPDATE of account " + id + " changed " + r.rowsAffected()
                            + " rows");
                }
            }
            tx.commit();
        }
    }

    static void select1(Connection conn) {
        if (conn.execute(HttpBench.SELECT1).rows().get(0).getLong(0) != 1) {
            throw new IllegalStateException("SELECT 1 did not return 1");
        }
    }

    static Sample loop(double seconds, HttpBench.Op op) throws Exception {
        long start = System.nanoTime();
        long end = start + HttpBench.nanos(seconds);
        long ops = 0;
        long now = start;
        while (now < end) {
            op.run();
            ops++;
            now = System.nanoTime();
        }
        return new Sample(ops, (now - start) / 1e9);
    }

    /** {@link #THREADS} threads, each running its own op back to back for {@code seconds}. */
    static Sample parallel(double seconds, java.util.function.IntFunction<HttpBench.Op> perThread) throws Exception {
        AtomicLong ops = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch ready = new CountDownLatch(THREADS);
        CountDownLatch go = new CountDownLatch(1);
        long[] window = new long[2];
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            HttpBench.Op op = perThread.apply(i);
            Thread t = new Thread(() -> {
                ready.countDown();
                try {
                    go.await();
                    long end = window[1];
                    long n = 0;
                    while (System.nanoTime() < end && failure.get() == null) {
                        op.run();
                        n++;
                    }
                    ops.addAndGet(n);
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "tx-suite-worker-" + i);
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
            throw new IllegalStateException("a worker thread failed", failure.get());
        }
        return new Sample(ops.get(), (stop - window[0]) / 1e9);
    }

    // ------------------------------------------------------------------ raw OkHttp floors

    /**
     * The raw HTTP floor: {@code SELECT 1} as one pipeline request ({@code execute} + {@code close},
     * no baton: the same bytes libsql4j sends for an autocommit {@code execute}), POSTed by a plain
     * keep-alive OkHttp client with {@code Accept-Encoding: identity}, body read and discarded.
     * Sequential, and wrk-style from 8 threads (the pool keeps 8 connections).
     */
    static void floor(Contender c, String url, boolean json, ReadsSuite.Closer closer) {
        OkHttpClient ok = new OkHttpClient.Builder().connectionPool(new ConnectionPool(THREADS * 2, 5, TimeUnit.MINUTES))
                .build();
        closer.add(() -> {
            ok.dispatcher().executorService().shutdown();
            ok.connectionPool().evictAll();
        });
        byte[] body = json ? HttpBench.EXPECTED_PIPELINE_BODY.getBytes(StandardCharsets.UTF_8)
                : ReadsSuite.protobufPipeline(HttpBench.SELECT1);
        String endpoint = url + (json ? "/v3/pipeline" : "/v3-protobuf/pipeline");
        Request req = new Request.Builder().url(endpoint)
                .post(RequestBody.create(body, json ? JSON : PROTOBUF))
                .header("Accept-Encoding", "identity").build();
        String expectType = json ? "application/json" : "application/x-protobuf";
        HttpBench.Op op = () -> {
            try (Response resp = ok.newCall(req).execute()) {
                byte[] b = resp.body().bytes();
                if (resp.code() != 200 || b.length == 0
                        || !String.valueOf(resp.header("Content-Type")).startsWith(expectType)) {
                    throw new IllegalStateException(endpoint + ": HTTP " + resp.code() + " "
                            + resp.header("Content-Type") + " (" + b.length + " B)");
                }
                HttpBench.sink += b.length;
            }
        };
        try {
            op.run();
        } catch (Exception e) {
            c.unsupported = oneLine(e);
            return;
        }
        c.runners.put("select1", seconds -> loop(seconds, op));
        c.runners.put("select1-8", seconds -> parallel(seconds, i -> op));
    }

    // ------------------------------------------------------------------ @libsql/client through Node

    static void node(Contender c, NodePeer node, String url) {
        if (node.unsupported != null) {
            c.unsupported = node.unsupported;
            return;
        }
        try {
            node.open(c.key, url);
        } catch (IOException | RuntimeException e) {
            c.unsupported = oneLine(e);
            return;
        }
        for (String w : List.of("tx", "select1", "select1-8")) {
            c.runners.put(w, seconds -> node.run(c.key, w, seconds));
        }
    }

    /**
     * One {@code node bench.mjs --serve} process for the whole suite, driven one line at a time
     * over stdin/stdout (so its clients stay warm between rounds, as the Java ones do).
     */
    static final class NodePeer implements AutoCloseable {
        /** What the reader thread queues when node's stdout ends. */
        private static final String EOF = "\u0000eof";

        final Process process;
        final BufferedWriter in;
        /** node's stdout lines, read by a daemon thread so that a hung node cannot hang the harness. */
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        final String version;
        final String unsupported;

        private NodePeer(Process process, String version, String unsupported) {
            this.process = process;
            this.version = version;
            this.unsupported = unsupported;
            this.in = process == null ? null
                    : new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
            if (process != null) {
                Thread reader = new Thread(() -> {
                    try (BufferedReader out = new BufferedReader(
                            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                        for (String line = out.readLine(); line != null; line = out.readLine()) {
                            lines.add(line);
                        }
                    } catch (IOException ignored) {
                        // the process is gone; EOF below says so
                    }
                    lines.add(EOF);
                }, "node-peer-stdout");
                reader.setDaemon(true);
                reader.start();
            }
        }

        static NodePeer start() {
            Path dir = Path.of(NODE_DIR);
            Path pkg = dir.resolve("node_modules/@libsql/client/package.json");
            if (!Files.isRegularFile(pkg)) {
                return new NodePeer(null, "0.17", "@libsql/client is not installed in " + dir.toAbsolutePath()
                        + "/node_modules (scripts/bench-http.sh runs npm ci there when -Dbench.parts has tx)");
            }
            String version = "?";
            try {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"version\"\\s*:\\s*\"([^\"]+)\"")
                        .matcher(Files.readString(pkg));
                if (m.find()) {
                    version = m.group(1);
                }
                Process p = new ProcessBuilder(NODE, "bench.mjs", "--serve").directory(dir.toFile())
                        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
                return new NodePeer(p, version, null);
            } catch (IOException e) {
                return new NodePeer(null, version, "cannot start " + NODE + ": " + e.getMessage());
            }
        }

        /** Sends one command and waits up to {@code timeoutSeconds} for its answer line. */
        synchronized String call(String command, double timeoutSeconds) throws IOException {
            in.write(command);
            in.write('\n');
            in.flush();
            String line;
            try {
                line = lines.poll(HttpBench.nanos(timeoutSeconds), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted waiting for node to answer: " + command, e);
            }
            if (line == null) {
                process.destroyForcibly();
                throw new IOException("node did not answer within " + timeoutSeconds + " s (killed it): " + command);
            }
            if (line.equals(EOF)) {
                lines.add(EOF);
                throw new IOException("node exited (code " + (process.isAlive() ? "?" : process.exitValue())
                        + ") after: " + command);
            }
            if (line.startsWith("error ")) {
                String[] p = line.split(" ", 3);
                throw new IllegalStateException(p.length > 2 ? p[2] : line);
            }
            return line;
        }

        void open(String name, String url) throws IOException {
            String line = call("open " + name + " " + url, 30);
            if (!line.equals("ok open " + name)) {
                throw new IllegalStateException("node answered '" + line + "' to open");
            }
        }

        Sample run(String name, String workload, double seconds) throws IOException {
            long k0 = NEXT_K.get();
            String line = call(fmt("run %s %s %.3f %d %d", name, workload, seconds, ACCOUNTS, k0), seconds + 60);
            String[] p = line.split(" ");
            if (p.length != 5 || !p[0].equals("result") || !p[1].equals(name) || !p[2].equals(workload)) {
                throw new IllegalStateException("node answered '" + line + "'");
            }
            long ops = Long.parseLong(p[3]);
            if (workload.equals("tx")) {
                NEXT_K.addAndGet(3 * ops);
            }
            return new Sample(ops, Double.parseDouble(p[4]));
        }

        @Override
        public void close() {
            if (process == null) {
                return;
            }
            try {
                in.write("quit\n");
                in.flush();
            } catch (IOException ignored) {
                // already gone
            }
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroy();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroy();
            }
        }
    }

    // ------------------------------------------------------------------ report

    static final String[][] COLUMNS = {{"tx", "tx/s"}, {"select1", "SELECT 1/s"}, {"select1-8", "SELECT 1 x8/s"}};

    static Item find(List<Item> items, String contender, String workload) {
        for (Item it : items) {
            if (it.contender.key.equals(contender) && it.workload.equals(workload)) {
                return it;
            }
        }
        return null;
    }

    static String cell(Contender c, List<Item> items, String workload) {
        Item it = find(items, c.key, workload);
        if (it == null) {
            return "-";
        }
        if (it.rates.isEmpty()) {
            return it.failed != null ? "failed" : "n/a";
        }
        return fmt("%,.0f (%,.0f-%,.0f)%s", it.median(), it.min(), it.max(), it.failed != null ? "!" : "");
    }

    static void report(List<Contender> contenders, List<Item> items) {
        say("");
        say(fmt("== tx summary: median (min-max) of %d rounds x %.1f s, per second; load average now %s ==",
                ROUNDS, ROUND_S, loadAvg()));
        say("   (SELECT 1 x8: 8 threads on one Database; for the OkHttp floor 8 threads / 8 connections, wrk-style; "
                + "for @libsql/client 8 in flight on one client)");
        StringBuilder head = new StringBuilder(fmt("  %-30s", "contender"));
        for (String[] col : COLUMNS) {
            head.append(fmt(" %24s", col[1]));
        }
        say(head.toString());
        for (Contender c : contenders) {
            if (c.unsupported != null) {
                say(fmt("  %-30s unsupported: %s", c.name, c.unsupported));
                continue;
            }
            StringBuilder line = new StringBuilder(fmt("  %-30s", c.name));
            for (String[] col : COLUMNS) {
                line.append(fmt(" %24s", cell(c, items, col[0])));
            }
            say(line.toString());
        }
        for (Item it : items) {
            if (it.failed != null) {
                say(fmt("  %s failed%s: %s", it.key(), it.rates.isEmpty() ? "" : " after " + it.rates.size()
                        + " rounds (marked !)", it.failed));
            }
        }
        say("  ratios of medians (issue 8 targets; MET/NOT MET judges the ratio of medians; also the median of the "
                + "per-round ratios and the ratio of the best rounds, which a loaded machine disturbs least):");
        for (String enc : List.of("json", "protobuf")) {
            String ws = "lib-ws-" + enc;
            ratio("WS " + enc + " tx / libsql4j HTTP " + enc + " tx", items, ws, "tx", "lib-http-" + enc, "tx", 1.3);
            ratio("WS " + enc + " tx / @libsql/client ws tx", items, ws, "tx", "node-ws", "tx", 1.2);
            ratio("WS " + enc + " SELECT 1 / @libsql/client ws SELECT 1", items, ws, "select1", "node-ws", "select1", 1.0);
            ratio("WS " + enc + " 8 threads / HTTP floor " + enc + " 8 conns", items, ws, "select1-8", "floor-" + enc,
                    "select1-8", 0.8);
        }
        say("  for reference (no target):");
        ratio("libsql4j HTTP protobuf tx / @libsql/client http tx", items, "lib-http-protobuf", "tx", "node-http", "tx",
                Double.NaN);
        ratio("@libsql/client ws tx / libsql4j HTTP protobuf tx", items, "node-ws", "tx", "lib-http-protobuf", "tx",
                Double.NaN);
        ratio("libsql4j HTTP protobuf 8 threads / HTTP floor protobuf 8 conns", items, "lib-http-protobuf", "select1-8",
                "floor-protobuf", "select1-8", Double.NaN);
    }

    static void ratio(String label, List<Item> items, String a, String wa, String b, String wb, double target) {
        Item x = find(items, a, wa);
        Item y = find(items, b, wb);
        String value;
        if (x == null || y == null || x.rates.isEmpty() || y.rates.isEmpty()) {
            value = "n/a (" + (x == null || x.rates.isEmpty() ? a : b) + " not measured)";
        } else {
            double r = x.median() / y.median();
            int n = Math.min(x.rates.size(), y.rates.size());
            double[] perRound = new double[n];
            for (int i = 0; i < n; i++) {
                perRound[i] = x.rates.get(i) / y.rates.get(i);
            }
            String detail = fmt("per-round median %.2f, best/best %.2f", HttpBench.median(perRound), x.max() / y.max());
            value = Double.isNaN(target) ? fmt("%.2f (%s)", r, detail)
                    : fmt("%.2f (target >= %.1f: %s; %s)", r, target, r >= target ? "MET" : "NOT MET", detail);
        }
        say(fmt("    %-66s %s", label, value));
    }
}
