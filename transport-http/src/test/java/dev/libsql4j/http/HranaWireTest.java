package dev.libsql4j.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.libsql4j.AuthenticationException;
import dev.libsql4j.BatchFailedException;
import dev.libsql4j.Config;
import dev.libsql4j.Connection;
import dev.libsql4j.ConnectionException;
import dev.libsql4j.Cursor;
import dev.libsql4j.Database;
import dev.libsql4j.LibSql;
import dev.libsql4j.LibSqlException;
import dev.libsql4j.LibSqlTimeoutException;
import dev.libsql4j.ProtocolException;
import dev.libsql4j.Result;
import dev.libsql4j.Row;
import dev.libsql4j.Statement;
import dev.libsql4j.Transaction;
import dev.libsql4j.TransactionExpiredException;
import dev.libsql4j.TransactionMode;
import dev.libsql4j.Value;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Pins the exact Hrana JSON each request type sends, and injects faults a real server rarely
 * produces on demand: 5xx, 401, malformed and truncated bodies, slow answers, lost streams.
 */
class HranaWireTest {
    private static final String TOKEN = "tok-SECRET-1234567890";
    private static final String CLOSE_OK = "{\"type\":\"ok\",\"response\":{\"type\":\"close\"}}";
    private static final String EMPTY_RESULT = "{\"cols\":[],\"rows\":[],\"affected_row_count\":0,\"last_insert_rowid\":null}";

    private WireMockServer wm;
    private Database db;

    @BeforeEach
    void start() {
        wm = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        wm.start();
        wm.stubFor(get(urlEqualTo("/v3")).willReturn(aResponse().withStatus(200).withBody("Hello")));
        db = open(Config.builder(url()).authToken(TOKEN).requestTimeout(Duration.ofSeconds(5)));
    }

    @AfterEach
    void stop() {
        if (db != null) {
            db.close();
        }
        wm.stop();
    }

    private String url() {
        return "http://127.0.0.1:" + wm.port();
    }

    private static Database open(Config.Builder b) {
        return LibSql.open(b.build());
    }

    private static String ok(String type, String result) {
        return "{\"type\":\"ok\",\"response\":{\"type\":\"" + type + "\",\"result\":" + result + "}}";
    }

    private static String pipeline(String baton, String... results) {
        return "{\"baton\":" + (baton == null ? "null" : "\"" + baton + "\"") + ",\"base_url\":null,\"results\":["
                + String.join(",", results) + "]}";
    }

    private void stubPipeline(String body) {
        wm.stubFor(post(urlEqualTo("/v3/pipeline")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(body)));
    }

    private List<String> pipelineBodies() {
        return wm.findAll(postRequestedFor(urlEqualTo("/v3/pipeline"))).stream()
                .map(LoggedRequest::getBodyAsString).collect(java.util.stream.Collectors.toList());
    }

    @Test
    void autocommitExecuteIsOneRequestWithExecuteAndClose() {
        stubPipeline(pipeline(null, ok("execute",
                "{\"cols\":[{\"name\":\"v\",\"decltype\":null}],\"rows\":[[{\"type\":\"integer\",\"value\":\"-9223372036854775808\"}]],"
                        + "\"affected_row_count\":0,\"last_insert_rowid\":null,\"replication_index\":\"7\"}"), CLOSE_OK));
        try (Connection c = db.connect()) {
            Result r = c.execute("SELECT ?", Long.MIN_VALUE);
            assertThat(r.singleValue()).isEqualTo(Value.integer(Long.MIN_VALUE));
        }
        // Byte for byte: integers as strings, no want_rows, close in the same request.
        assertThat(pipelineBodies()).containsExactly("{\"baton\":null,\"requests\":[{\"type\":\"execute\",\"stmt\":"
                + "{\"sql\":\"SELECT ?\",\"args\":[{\"type\":\"integer\",\"value\":\"-9223372036854775808\"}]}},"
                + "{\"type\":\"close\"}]}");
        LoggedRequest req = wm.findAll(postRequestedFor(urlEqualTo("/v3/pipeline"))).get(0);
        assertThat(req.getHeader("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(req.getHeader("Content-Type")).startsWith("application/json");
        // Small pipeline answers are not worth sqld's gzip.
        assertThat(req.getHeader("Accept-Encoding")).isEqualTo("identity");
    }

    @Test
    void everyValueTypeIsEncodedExactly() {
        stubPipeline(pipeline(null, ok("execute", EMPTY_RESULT), CLOSE_OK));
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        try (Connection c = db.connect()) {
            c.execute(Statement.of("INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?)", null, Long.MAX_VALUE, -0.0, Double.MIN_VALUE,
                    "a\u0000b\uD83D\uDE00", new byte[0], new byte[] {(byte) 0xff, 0, 1}));
            c.execute(Statement.of("SELECT :a, @b, $c").bind(":a", 1).bind("@b", true).bind("c", 1e308));
        }
        List<String> bodies = pipelineBodies();
        assertThat(bodies.get(0)).isEqualTo("{\"baton\":null,\"requests\":[{\"type\":\"execute\",\"stmt\":{\"sql\":"
                + "\"INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?)\",\"args\":[{\"type\":\"null\"},"
                + "{\"type\":\"integer\",\"value\":\"9223372036854775807\"},{\"type\":\"float\",\"value\":-0.0},"
                + "{\"type\":\"float\",\"value\":4.9E-324},{\"type\":\"text\",\"value\":\"a\\u0000b\uD83D\uDE00\"},"
                + "{\"type\":\"blob\",\"base64\":\"\"},{\"type\":\"blob\",\"base64\":\"/wAB\"}]}},{\"type\":\"close\"}]}");
        // Named arguments travel without their prefix; sqld matches :a, @a and $a by the bare name.
        assertThat(bodies.get(1)).isEqualTo("{\"baton\":null,\"requests\":[{\"type\":\"execute\",\"stmt\":{\"sql\":"
                + "\"SELECT :a, @b, $c\",\"named_args\":[{\"name\":\"a\",\"value\":{\"type\":\"integer\",\"value\":\"1\"}},"
                + "{\"name\":\"b\",\"value\":{\"type\":\"integer\",\"value\":\"1\"}},"
                + "{\"name\":\"c\",\"value\":{\"type\":\"float\",\"value\":1.0E308}}]}},{\"type\":\"close\"}]}");
    }

    @Test
    void responsesDecodeEveryValueFormInAnyFieldOrder() {
        stubPipeline(pipeline(null, ok("execute", "{\"rows\":[[{\"value\":\"9223372036854775807\",\"type\":\"integer\"},"
                + "{\"type\":\"float\",\"value\":-0.0},{\"type\":\"blob\",\"base64\":\"AAEC/w\"},"
                + "{\"type\":\"blob\",\"base64\":\"AAEC/w==\"},{\"type\":\"text\",\"value\":\"\\u0000\uD834\uDD1E\"},"
                + "{\"type\":\"null\"},{\"type\":\"float\",\"value\":4.9E-324}]],"
                + "\"cols\":[{\"name\":\"a\"},{\"name\":\"b\"},{\"name\":\"c\"},{\"name\":\"d\"},{\"name\":\"e\"},{\"name\":\"f\"},"
                + "{\"name\":\"g\",\"decltype\":\"REAL\"}],\"affected_row_count\":0,\"unknown_field\":{\"x\":[1,2]},"
                + "\"last_insert_rowid\":\"42\"}"), CLOSE_OK));
        try (Connection c = db.connect()) {
            Result r = c.execute("SELECT x");
            Row row = r.rows().get(0);
            assertThat(row.getLong(0)).isEqualTo(Long.MAX_VALUE);
            assertThat(Double.doubleToRawLongBits(row.getDouble(1))).isEqualTo(Double.doubleToRawLongBits(-0.0));
            assertThat(row.getBytes(2)).containsExactly(0, 1, 2, 0xff);
            assertThat(row.getBytes(3)).containsExactly(0, 1, 2, 0xff);
            assertThat(row.getString(4)).isEqualTo("\u0000\uD834\uDD1E");
            assertThat(row.isNull(5)).isTrue();
            assertThat(row.getDouble("g")).isEqualTo(Double.MIN_VALUE);
            assertThat(r.columns().get(6).declaredType()).isEqualTo("REAL");
            assertThat(r.lastInsertRowid()).hasValue(42);
            assertThat(c.lastInsertRowid()).isEqualTo(42);
        }
    }

    @Test
    void transactionSendsBeginWithFirstStatementAndCommitWithClose() {
        wm.stubFor(post(urlEqualTo("/v3/pipeline")).inScenario("tx").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(200).withBody(pipeline("b1",
                        ok("batch", "{\"step_results\":[" + EMPTY_RESULT + ",{\"cols\":[],\"rows\":[],\"affected_row_count\":1,"
                                + "\"last_insert_rowid\":\"5\"}],\"step_errors\":[null,null]}"),
                        "{\"type\":\"ok\",\"response\":{\"type\":\"get_autocommit\",\"is_autocommit\":false}}")))
                .willSetStateTo("second"));
        wm.stubFor(post(urlEqualTo("/v3/pipeline")).inScenario("tx").whenScenarioStateIs("second")
                .willReturn(aResponse().withStatus(200).withBody(pipeline("b2", ok("execute", EMPTY_RESULT),
                        "{\"type\":\"ok\",\"response\":{\"type\":\"get_autocommit\",\"is_autocommit\":false}}")))
                .willSetStateTo("commit"));
        wm.stubFor(post(urlEqualTo("/v3/pipeline")).inScenario("tx").whenScenarioStateIs("commit")
                .willReturn(aResponse().withStatus(200).withBody(pipeline(null, ok("execute", EMPTY_RESULT), CLOSE_OK))));
        try (Connection c = db.connect(); Transaction tx = c.begin(TransactionMode.IMMEDIATE)) {
            assertThat(pipelineBodies()).as("BEGIN is lazy").isEmpty();
            assertThat(tx.execute("INSERT INTO t VALUES (1)").lastInsertRowid()).hasValue(5);
            tx.execute("UPDATE t SET x = 2");
            tx.commit();
        }
        List<String> bodies = pipelineBodies();
        assertThat(bodies).hasSize(3);
        assertThat(bodies.get(0)).isEqualTo("{\"baton\":null,\"requests\":[{\"type\":\"batch\",\"batch\":{\"steps\":["
                + "{\"stmt\":{\"sql\":\"BEGIN IMMEDIATE\",\"want_rows\":false}},"
                + "{\"condition\":{\"type\":\"ok\",\"step\":0},\"stmt\":{\"sql\":\"INSERT INTO t VALUES (1)\"}}]}},"
                + "{\"type\":\"get_autocommit\"}]}");
        assertThat(bodies.get(1)).isEqualTo("{\"baton\":\"b1\",\"requests\":[{\"type\":\"execute\",\"stmt\":"
                + "{\"sql\":\"UPDATE t SET x = 2\"}},{\"type\":\"get_autocommit\"}]}");
        assertThat(bodies.get(2)).isEqualTo("{\"baton\":\"b2\",\"requests\":[{\"type\":\"execute\",\"stmt\":"
                + "{\"sql\":\"COMMIT\",\"want_rows\":false}},{\"type\":\"close\"}]}");
    }

    @Test
    void readOnlyTransactionBeginsReadonlyAndRefusesWritesItself() {
        // sqld 0.24 accepts writes after BEGIN TRANSACTION READONLY, so the client asks describe first.
        wm.stubFor(post(urlEqualTo("/v3/pipeline")).atPriority(1)
                .withRequestBody(matchingJsonPath("$.requests[0].type", equalTo("describe")))
                .withRequestBody(matchingJsonPath("$.requests[0].sql", equalTo("SELECT 1")))
                .willReturn(aResponse().withStatus(200).withBody(pipeline(null, ok("describe",
                        "{\"params\":[],\"cols\":[],\"is_explain\":false,\"is_readonly\":true}"), CLOSE_OK))));
        wm.stubFor(post(urlEqualTo("/v3/pipeline")).atPriority(1)
                .withRequestBody(matchingJsonPath("$.requests[0].type", equalTo("describe")))
                .withRequestBody(matchingJsonPath("$.requests[0].sql", equalTo("DELETE FROM t")))
                .willReturn(aResponse().withStatus(200).withBody(pipeline(null, ok("describe",
                        "{\"params\":[],\"cols\":[],\"is_explain\":false,\"is_readonly\":false}"), CLOSE_OK))));
        wm.stubFor(post(urlEqualTo("/v3/pipeline")).atPriority(5).willReturn(aResponse().withStatus(200).withBody(
                pipeline("b1", ok("batch", "{\"step_results\":[" + EMPTY_RESULT + "," + EMPTY_RESULT
                        + "],\"step_errors\":[null,null]}"),
                        "{\"type\":\"ok\",\"response\":{\"type\":\"get_autocommit\",\"is_autocommit\":false}}"))));
        try (Connection c = db.connect(); Transaction tx = c.begin(TransactionMode.READ_ONLY)) {
            tx.execute("SELECT 1");
            assertThatThrownBy(() -> tx.execute("DELETE FROM t")).isInstanceOfSatisfying(LibSqlException.class, e -> {
                assertThat(e.code()).isEqualTo("SQLITE_READONLY");
                assertThat(e.getMessage()).contains("READ_ONLY transaction").contains("DELETE FROM t");
            });
            assertThat(tx.isActive()).as("a refused write does not end the transaction").isTrue();
            wm.resetRequests();
            wm.stubFor(post(urlEqualTo("/v3/pipeline")).atPriority(5).willReturn(aResponse().withStatus(200)
                    .withBody(pipeline(null, ok("execute", EMPTY_RESULT), CLOSE_OK))));
        }
        // Closing without commit rolls back on the same stream and closes it.
        assertThat(pipelineBodies()).containsExactly("{\"baton\":\"b1\",\"requests\":[{\"type\":\"execute\",\"stmt\":"
                + "{\"sql\":\"ROLLBACK\",\"want_rows\":false}},{\"type\":\"close\"}]}");
    }

    @Test
    void readOnlyTransactionSendsBeginTransactionReadonly() {
        wm.stubFor(post(urlEqualTo("/v3/pipeline")).atPriority(1)
                .withRequestBody(matchingJsonPath("$.requests[0].type", equalTo("describe")))
                .willReturn(aResponse().withStatus(200).withBody(pipeline(null, ok("describe",
                        "{\"params\":[],\"cols\":[],\"is_explain\":false,\"is_readonly\":true}"), CLOSE_OK))));
        wm.stubFor(post(urlEqualTo("/v3/pipeline")).atPriority(5).willReturn(aResponse().withStatus(200).withBody(
                pipeline(null, ok("batch", "{\"step_results\":[" + EMPTY_RESULT + "," + EMPTY_RESULT
                        + "],\"step_errors\":[null,null]}"),
                        "{\"type\":\"ok\",\"response\":{\"type\":\"get_autocommit\",\"is_autocommit\":false}}"))));
        try (Connection c = db.connect(); Transaction tx = c.begin(TransactionMode.READ_ONLY)) {
            tx.execute("SELECT 2");
        }
        assertThat(pipelineBodies()).contains("{\"baton\":null,\"requests\":[{\"type\":\"batch\",\"batch\":{\"steps\":["
                + "{\"stmt\":{\"sql\":\"BEGIN TRANSACTION READONLY\",\"want_rows\":false}},"
                + "{\"condition\":{\"type\":\"ok\",\"step\":0},\"stmt\":{\"sql\":\"SELECT 2\"}}]}},"
                + "{\"type\":\"get_autocommit\"}]}");
    }

    @Test
    void atomicBatchIsOneRequestWithConditionsAndReportsTheFailingStep() {
        stubPipeline(pipeline(null, ok("batch", "{\"step_results\":[" + EMPTY_RESULT + "," + EMPTY_RESULT + ",null,null,null,"
                + EMPTY_RESULT + "],\"step_errors\":[null,null,{\"message\":\"SQLite error: UNIQUE constraint failed: t.id\","
                + "\"code\":\"SQLITE_CONSTRAINT\"},null,null,null]}"), CLOSE_OK));
        // sqld's message does not say whether the key is the primary one: the client asks, on a stream of its own.
        wm.stubFor(post(urlEqualTo("/v3/pipeline")).atPriority(1)
                .withRequestBody(matchingJsonPath("$.requests[0].stmt.sql", containing("pragma_table_info")))
                .willReturn(aResponse().withStatus(200).withBody(pipeline(null, ok("execute",
                        "{\"cols\":[{\"name\":\"name\"}],\"rows\":[[{\"type\":\"text\",\"value\":\"id\"}]]}"),
                        CLOSE_OK))));
        try (Connection c = db.connect()) {
            assertThatThrownBy(() -> c.batch(List.of(Statement.of("INSERT INTO t VALUES (1)"),
                    Statement.of("INSERT INTO t VALUES (1)"), Statement.of("INSERT INTO t VALUES (2)"))))
                    .isInstanceOfSatisfying(BatchFailedException.class, e -> {
                        assertThat(e.stepIndex()).isEqualTo(1);
                        assertThat(e.code()).isEqualTo("SQLITE_CONSTRAINT_PRIMARYKEY");
                        assertThat(e.extendedCode()).isEqualTo(1555);
                        assertThat(e.getMessage()).contains("UNIQUE constraint failed");
                    });
        }
        String notAuto = "{\"type\":\"not\",\"cond\":{\"type\":\"is_autocommit\"}}";
        assertThat(pipelineBodies()).containsExactly("{\"baton\":null,\"requests\":[{\"type\":\"batch\",\"batch\":{\"steps\":["
                + "{\"stmt\":{\"sql\":\"BEGIN\",\"want_rows\":false}},"
                + "{\"condition\":{\"type\":\"and\",\"conds\":[{\"type\":\"ok\",\"step\":0}," + notAuto + "]},"
                + "\"stmt\":{\"sql\":\"INSERT INTO t VALUES (1)\"}},"
                + "{\"condition\":{\"type\":\"and\",\"conds\":[{\"type\":\"ok\",\"step\":1}," + notAuto + "]},"
                + "\"stmt\":{\"sql\":\"INSERT INTO t VALUES (1)\"}},"
                + "{\"condition\":{\"type\":\"and\",\"conds\":[{\"type\":\"ok\",\"step\":2}," + notAuto + "]},"
                + "\"stmt\":{\"sql\":\"INSERT INTO t VALUES (2)\"}},"
                + "{\"condition\":{\"type\":\"and\",\"conds\":[{\"type\":\"ok\",\"step\":3}," + notAuto + "]},"
                + "\"stmt\":{\"sql\":\"COMMIT\",\"want_rows\":false}},"
                + "{\"condition\":{\"type\":\"not\",\"cond\":{\"type\":\"ok\",\"step\":4}},"
                + "\"stmt\":{\"sql\":\"ROLLBACK\",\"want_rows\":false}}]}},{\"type\":\"close\"}]}",
                "{\"baton\":null,\"requests\":[{\"type\":\"execute\",\"stmt\":{\"sql\":"
                + "\"SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk\","
                + "\"args\":[{\"type\":\"text\",\"value\":\"t\"}]}},{\"type\":\"close\"}]}");
    }

    @Test
    void scriptUsesSequenceAndPrepareUsesDescribe() {
        stubPipeline(pipeline(null, "{\"type\":\"ok\",\"response\":{\"type\":\"sequence\"}}", CLOSE_OK));
        try (Connection c = db.connect()) {
            c.executeScript("CREATE TABLE a(x); CREATE TABLE b(y);");
            stubPipeline(pipeline(null, ok("describe", "{\"params\":[{\"name\":\":id\"},{\"name\":null}],"
                    + "\"cols\":[{\"name\":\"a\",\"decltype\":\"INTEGER\"}],\"is_explain\":false,\"is_readonly\":true}"), CLOSE_OK));
            try (var ps = c.prepare("SELECT a FROM t WHERE id = :id AND b = ?")) {
                assertThat(ps.parameterNames()).containsExactly(":id", null);
                assertThat(ps.columns()).extracting(col -> col.name() + ":" + col.declaredType()).containsExactly("a:INTEGER");
                assertThat(ps.isReadOnly()).isTrue();
            }
        }
        assertThat(pipelineBodies()).containsExactly(
                "{\"baton\":null,\"requests\":[{\"type\":\"sequence\",\"sql\":\"CREATE TABLE a(x); CREATE TABLE b(y);\"},"
                        + "{\"type\":\"close\"}]}",
                "{\"baton\":null,\"requests\":[{\"type\":\"describe\",\"sql\":\"SELECT a FROM t WHERE id = :id AND b = ?\"},"
                        + "{\"type\":\"close\"}]}");
    }

    @Test
    void cursorStreamsJsonLinesAndClosesItsStream() {
        wm.stubFor(post(urlEqualTo("/v3/cursor")).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/plain")
                .withBody("{\"baton\":\"cb\",\"base_url\":null}\n"
                        + "{\"type\":\"step_begin\",\"step\":0,\"cols\":[{\"name\":\"x\",\"decltype\":null}]}\n"
                        + "{\"type\":\"row\",\"row\":[{\"type\":\"integer\",\"value\":\"1\"}]}\n"
                        + "{\"type\":\"row\",\"row\":[{\"type\":\"integer\",\"value\":\"2\"}]}\n"
                        + "{\"type\":\"step_end\",\"affected_row_count\":0,\"last_insert_rowid\":3}\n"
                        + "{\"type\":\"replication_index\",\"replication_index\":5}\n")));
        stubPipeline(pipeline(null, CLOSE_OK));
        // A statement that may write goes straight to the cursor endpoint: it must never run twice.
        try (Connection c = db.connect(); Cursor cur = c.query("DELETE FROM t RETURNING x")) {
            assertThat(cur.columns()).extracting(col -> col.name()).containsExactly("x");
            long sum = 0;
            for (Row r : cur) {
                sum += r.getLong(0);
            }
            assertThat(sum).isEqualTo(3);
            assertThat(db.stats().cursors()).as("a cursor read to the end closes itself").isZero();
        }
        // Cursor bodies stay compressed: uncompressed, sqld sends every row in a chunk of its own.
        assertThat(wm.findAll(postRequestedFor(urlEqualTo("/v3/cursor"))).get(0).getHeader("Accept-Encoding"))
                .isEqualTo("gzip");
        wm.verify(postRequestedFor(urlEqualTo("/v3/cursor")).withRequestBody(equalTo(
                "{\"baton\":null,\"batch\":{\"steps\":[{\"stmt\":{\"sql\":\"DELETE FROM t RETURNING x\"}}]}}")));
        assertThat(pipelineBodies()).as("no pipeline attempt for a write").allMatch(b -> b.contains("close"));
        // The autocommit cursor's own stream is closed afterwards, without waiting.
        awaitRequest("{\"baton\":\"cb\",\"requests\":[{\"type\":\"close\"}]}");
    }

    @Test
    void queryOfAReadIsOnePipelineRequestStreamedRowByRow() {
        stubPipeline(pipeline(null, ok("execute", "{\"cols\":[{\"name\":\"x\",\"decltype\":\"INTEGER\"}],"
                + "\"rows\":[[{\"type\":\"integer\",\"value\":\"1\"}],[{\"type\":\"integer\",\"value\":\"2\"}]],"
                + "\"affected_row_count\":0,\"last_insert_rowid\":null,\"replication_index\":\"9\"}"), CLOSE_OK));
        try (Connection c = db.connect(); Cursor cur = c.query("SELECT x FROM t")) {
            assertThat(cur.columns()).extracting(col -> col.name() + ":" + col.declaredType()).containsExactly("x:INTEGER");
            assertThat(cur.next().getLong(0)).isEqualTo(1);
            assertThat(cur.next().getLong(0)).isEqualTo(2);
            assertThat(cur.next()).isNull();
            assertThat(db.stats().cursors()).isZero();
        }
        assertThat(pipelineBodies()).containsExactly("{\"baton\":null,\"requests\":[{\"type\":\"execute\",\"stmt\":"
                + "{\"sql\":\"SELECT x FROM t\"}},{\"type\":\"close\"}]}");
        assertThat(wm.findAll(postRequestedFor(urlEqualTo("/v3/cursor")))).isEmpty();
    }

    private static final String TOO_LARGE = "{\"type\":\"error\",\"error\":{\"message\":\"Response is too large\","
            + "\"code\":\"RESPONSE_TOO_LARGE\"}}";
    private static final String CURSOR_1_2 = "{\"baton\":\"cb\",\"base_url\":null}\n"
            + "{\"type\":\"step_begin\",\"step\":0,\"cols\":[{\"name\":\"x\"}]}\n"
            + "{\"type\":\"row\",\"row\":[{\"type\":\"integer\",\"value\":\"1\"}]}\n"
            + "{\"type\":\"row\",\"row\":[{\"type\":\"integer\",\"value\":\"2\"}]}\n"
            + "{\"type\":\"step_end\",\"affected_row_count\":0,\"last_insert_rowid\":null}\n";

    @Test
    void aReadTooLargeForThePipelineIsReadAgainThroughTheCursor() {
        stubPipeline(pipeline(null, TOO_LARGE, CLOSE_OK));
        wm.stubFor(post(urlEqualTo("/v3/cursor")).willReturn(aResponse().withStatus(200).withBody(CURSOR_1_2)));
        try (Connection c = db.connect(); Cursor cur = c.query("SELECT x FROM big")) {
            assertThat(cur.next().getLong(0)).isEqualTo(1);
            assertThat(cur.next().getLong(0)).isEqualTo(2);
            assertThat(cur.next()).isNull();
        }
        assertThat(pipelineBodies().get(0)).isEqualTo("{\"baton\":null,\"requests\":[{\"type\":\"execute\",\"stmt\":"
                + "{\"sql\":\"SELECT x FROM big\"}},{\"type\":\"close\"}]}");
        wm.verify(1, postRequestedFor(urlEqualTo("/v3/cursor")).withRequestBody(equalTo(
                "{\"baton\":null,\"batch\":{\"steps\":[{\"stmt\":{\"sql\":\"SELECT x FROM big\"}}]}}")));
    }

    @Test
    void inATransactionTheCursorFallbackKeepsTheStreamAndItsBegin() {
        // [BEGIN, SELECT] on the pipeline: BEGIN ran, the read was too large; the stream (b1) lives on.
        wm.stubFor(post(urlEqualTo("/v3/pipeline")).inScenario("tx").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(200).withBody(pipeline("b1", ok("execute", EMPTY_RESULT), TOO_LARGE)))
                .willSetStateTo("commit"));
        wm.stubFor(post(urlEqualTo("/v3/pipeline")).inScenario("tx").whenScenarioStateIs("commit")
                .willReturn(aResponse().withStatus(200).withBody(pipeline(null, ok("execute", EMPTY_RESULT), CLOSE_OK))));
        wm.stubFor(post(urlEqualTo("/v3/cursor")).willReturn(aResponse().withStatus(200)
                .withBody(CURSOR_1_2.replace("\"cb\"", "\"b2\""))));
        try (Connection c = db.connect(); Transaction tx = c.begin(TransactionMode.IMMEDIATE)) {
            try (Cursor cur = tx.query("SELECT x FROM big")) {
                assertThat(cur.next().getLong(0)).isEqualTo(1);
                assertThat(cur.next().getLong(0)).isEqualTo(2);
                assertThat(cur.next()).isNull();
            }
            tx.commit();
        }
        List<String> bodies = pipelineBodies();
        assertThat(bodies.get(0)).isEqualTo("{\"baton\":null,\"requests\":[{\"type\":\"execute\",\"stmt\":"
                + "{\"sql\":\"BEGIN IMMEDIATE\",\"want_rows\":false}},{\"type\":\"execute\",\"stmt\":"
                + "{\"sql\":\"SELECT x FROM big\"}}]}");
        // The cursor runs on the transaction's stream, without a second BEGIN; COMMIT follows on its baton.
        wm.verify(1, postRequestedFor(urlEqualTo("/v3/cursor")).withRequestBody(equalTo(
                "{\"baton\":\"b1\",\"batch\":{\"steps\":[{\"stmt\":{\"sql\":\"SELECT x FROM big\"}}]}}")));
        assertThat(bodies.get(1)).isEqualTo("{\"baton\":\"b2\",\"requests\":[{\"type\":\"execute\",\"stmt\":"
                + "{\"sql\":\"COMMIT\",\"want_rows\":false}},{\"type\":\"close\"}]}");
    }

    @Test
    void aTruncatedPipelineReadIsAProtocolErrorNotAShortResult() {
        String full = pipeline(null, ok("execute", "{\"cols\":[{\"name\":\"x\"}],\"rows\":[[{\"type\":\"integer\","
                + "\"value\":\"1\"}],[{\"type\":\"integer\",\"value\":\"2\"}]],\"affected_row_count\":0}"), CLOSE_OK);
        // Cut after the first row: the client must not report a one-row result.
        stubPipeline(full.substring(0, full.indexOf("],[") + 2));
        try (Connection c = db.connect(); Cursor cur = c.query("SELECT x FROM t")) {
            assertThat(cur.next().getLong(0)).isEqualTo(1);
            assertThatThrownBy(cur::next).isInstanceOf(ProtocolException.class).hasMessageContaining("Malformed response");
        }
    }

    private void awaitRequest(String body) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline && !pipelineBodies().contains(body)) {
            Thread.onSpinWait();
        }
        assertThat(pipelineBodies()).contains(body);
    }

    @Test
    void truncatedCursorStreamIsAProtocolError() {
        wm.stubFor(post(urlEqualTo("/v3/cursor")).willReturn(aResponse().withStatus(200)
                .withBody("{\"baton\":\"cb\",\"base_url\":null}\n"
                        + "{\"type\":\"step_begin\",\"step\":0,\"cols\":[{\"name\":\"x\"}]}\n"
                        + "{\"type\":\"row\",\"row\":[{\"type\":\"integer\",\"value\":\"1\"}]}\n")));
        stubPipeline(pipeline(null, CLOSE_OK));
        try (Connection c = db.connect(); Cursor cur = c.query("DELETE FROM t RETURNING x")) {
            assertThat(cur.next().getLong(0)).isEqualTo(1);
            assertThatThrownBy(cur::next).isInstanceOf(ProtocolException.class)
                    .hasMessageContaining("truncated").hasMessageContaining("/v3/cursor");
            assertThat(db.stats().cursors()).isZero();
        }
    }

    @Test
    void cursorCutMidEntryIsAProtocolError() {
        wm.stubFor(post(urlEqualTo("/v3/cursor")).willReturn(aResponse().withStatus(200)
                .withBody("{\"baton\":\"cb\",\"base_url\":null}\n"
                        + "{\"type\":\"step_begin\",\"step\":0,\"cols\":[{\"name\":\"x\"}]}\n"
                        + "{\"type\":\"row\",\"row\":[{\"type\":\"integ")));
        stubPipeline(pipeline(null, CLOSE_OK));
        try (Connection c = db.connect(); Cursor cur = c.query("DELETE FROM t RETURNING x")) {
            assertThatThrownBy(cur::next).isInstanceOf(ProtocolException.class).hasMessageContaining("Malformed response");
        }
    }

    @Test
    void serverErrorIsATransientConnectionError() {
        wm.stubFor(post(urlEqualTo("/v3/pipeline")).willReturn(aResponse().withStatus(500)
                .withHeader("Content-Type", "application/json").withBody("{\"error\":\"Internal Error: `boom`\"}")));
        try (Connection c = db.connect()) {
            assertThatThrownBy(() -> c.execute("SELECT 1")).isInstanceOfSatisfying(ConnectionException.class, e -> {
                assertThat(e.code()).isEqualTo("HTTP_500");
                assertThat(e.getMessage()).contains("HTTP 500").contains("boom").contains(url());
            });
        }
    }

    @Test
    void unauthorizedIsAnAuthenticationErrorWithoutTheToken() {
        wm.stubFor(post(urlEqualTo("/v3/pipeline")).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json").withBody("{\"error\":\"Unauthorized: `The JWT is invalid`\"}")));
        try (Connection c = db.connect()) {
            assertThatThrownBy(() -> c.execute("SELECT 1")).isInstanceOfSatisfying(AuthenticationException.class, e -> {
                assertThat(e.code()).isEqualTo("HTTP_401");
                assertThat(e.getMessage()).contains("The JWT is invalid").doesNotContain(TOKEN);
            });
            assertThat(c.toString()).doesNotContain(TOKEN);
        }
        assertThat(db.toString()).doesNotContain(TOKEN);
        assertThat(db.config().toString()).doesNotContain(TOKEN);
    }

    @Test
    void aServerEchoingTheTokenStillDoesNotLeakIt() {
        wm.stubFor(post(urlEqualTo("/v3/pipeline")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "text/plain").withBody("bad header Bearer " + TOKEN)));
        try (Connection c = db.connect()) {
            assertThatThrownBy(() -> c.execute("SELECT 1")).isInstanceOf(ProtocolException.class)
                    .hasMessageContaining("bad header").hasMessageNotContaining(TOKEN);
        }
    }

    @Test
    void malformedJsonIsAProtocolError() {
        stubPipeline("{\"baton\":null,\"results\":[{\"type\":\"ok\",\"response\":{\"type\":\"execute\",\"result\":{\"rows\":[[{\"type\":");
        try (Connection c = db.connect()) {
            assertThatThrownBy(() -> c.execute("SELECT 1")).isInstanceOfSatisfying(ProtocolException.class, e -> {
                assertThat(e.code()).isEqualTo("PROTOCOL_ERROR");
                assertThat(e.getMessage()).contains("Malformed response").contains("/v3/pipeline");
            });
        }
        stubPipeline("{\"baton\":null,\"results\":[" + CLOSE_OK + "]}");
        try (Connection c = db.connect()) {
            assertThatThrownBy(() -> c.execute("SELECT 1")).isInstanceOf(ProtocolException.class)
                    .hasMessageContaining("expected 2 results but got 1");
        }
        stubPipeline("{\"baton\":null,\"results\":[" + ok("execute", "{\"cols\":[],\"rows\":[[{\"type\":\"integer\","
                + "\"value\":\"12.5\"}]]}") + "," + CLOSE_OK + "]}");
        try (Connection c = db.connect()) {
            assertThatThrownBy(() -> c.execute("SELECT 1")).isInstanceOf(ProtocolException.class)
                    .hasMessageContaining("not a 64-bit integer");
        }
    }

    @Test
    void aResponseSlowerThanTheTimeoutFails() {
        wm.stubFor(post(urlEqualTo("/v3/pipeline")).willReturn(aResponse().withStatus(200).withFixedDelay(3000)
                .withBody(pipeline(null, ok("execute", EMPTY_RESULT), CLOSE_OK))));
        try (Database slow = open(Config.builder(url()).requestTimeout(Duration.ofMillis(500)));
             Connection c = slow.connect()) {
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> c.execute("SELECT 1")).isInstanceOfSatisfying(LibSqlTimeoutException.class, e -> {
                assertThat(e.code()).isEqualTo("TIMEOUT");
                assertThat(e.getMessage()).contains("PT0.5S");
            });
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(2500));
        }
    }

    @Test
    void interruptCancelsTheCallInFlight() throws Exception {
        wm.stubFor(post(urlEqualTo("/v3/pipeline")).willReturn(aResponse().withStatus(200).withFixedDelay(4000)
                .withBody(pipeline(null, ok("execute", EMPTY_RESULT), CLOSE_OK))));
        try (Connection c = db.connect()) {
            CompletableFuture<Throwable> f = CompletableFuture.supplyAsync(() -> {
                try {
                    c.execute("SELECT 1");
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            });
            Thread.sleep(300);
            c.interrupt();
            Throwable t = f.get(3, TimeUnit.SECONDS);
            assertThat(t).isInstanceOfSatisfying(LibSqlTimeoutException.class,
                    e -> assertThat(e.code()).isEqualTo("SQLITE_INTERRUPT"));
        }
    }

    @Test
    void expiredStreamLosesTheTransactionClearly() {
        wm.stubFor(post(urlEqualTo("/v3/pipeline")).inScenario("exp").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(200).withBody(pipeline("b1",
                        ok("batch", "{\"step_results\":[" + EMPTY_RESULT + "," + EMPTY_RESULT + "],\"step_errors\":[null,null]}"),
                        "{\"type\":\"ok\",\"response\":{\"type\":\"get_autocommit\",\"is_autocommit\":false}}")))
                .willSetStateTo("expired"));
        wm.stubFor(post(urlEqualTo("/v3/pipeline")).inScenario("exp").whenScenarioStateIs("expired")
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody("{\"message\":\"The stream has expired due to inactivity\",\"code\":\"STREAM_EXPIRED\"}"))
                .willSetStateTo("after"));
        wm.stubFor(post(urlEqualTo("/v3/pipeline")).inScenario("exp").whenScenarioStateIs("after")
                .willReturn(aResponse().withStatus(200).withBody(pipeline(null, ok("execute",
                        "{\"cols\":[{\"name\":\"1\"}],\"rows\":[[{\"type\":\"integer\",\"value\":\"1\"}]]}"), CLOSE_OK))));
        try (Connection c = db.connect()) {
            Transaction tx = c.begin(TransactionMode.IMMEDIATE);
            tx.execute("INSERT INTO t VALUES (1)");
            assertThatThrownBy(() -> tx.execute("INSERT INTO t VALUES (2)"))
                    .isInstanceOfSatisfying(TransactionExpiredException.class, e -> {
                        assertThat(e.code()).isEqualTo("STREAM_EXPIRED");
                        assertThat(e.getMessage()).contains("transaction was lost").contains("rolled back");
                    });
            assertThat(tx.isActive()).isFalse();
            assertThatThrownBy(() -> c.execute("SELECT 1")).as("nothing may silently autocommit while the lost"
                    + " transaction is still open").isInstanceOf(TransactionExpiredException.class)
                    .hasMessageContaining("Close it and begin a new one");
            assertThatThrownBy(tx::commit).isInstanceOf(TransactionExpiredException.class);
            assertThat(db.stats().transactions()).as("a failed commit still ends the transaction").isZero();
            assertThat(c.execute("SELECT 1").singleValue()).isEqualTo(Value.integer(1));
        }
    }

    @Test
    void invalidBatonInATransactionIsALostTransaction() {
        wm.stubFor(post(urlEqualTo("/v3/pipeline")).inScenario("baton").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(200).withBody(pipeline("b1",
                        ok("batch", "{\"step_results\":[" + EMPTY_RESULT + "," + EMPTY_RESULT + "],\"step_errors\":[null,null]}"),
                        "{\"type\":\"ok\",\"response\":{\"type\":\"get_autocommit\",\"is_autocommit\":false}}")))
                .willSetStateTo("bad"));
        wm.stubFor(post(urlEqualTo("/v3/pipeline")).inScenario("baton").whenScenarioStateIs("bad")
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "text/plain")
                        .withBody("Received an invalid baton")));
        try (Connection c = db.connect(); Transaction tx = c.begin()) {
            tx.execute("SELECT 1");
            assertThatThrownBy(() -> tx.execute("SELECT 2")).isInstanceOfSatisfying(TransactionExpiredException.class,
                    e -> assertThat(e.getMessage()).contains("transaction was lost").contains("invalid baton"));
        }
    }

    @Test
    void serverRollingBackTheTransactionIsDetected() {
        // TRANSACTION_TIMEOUT: sqld gave the lock to another writer and rolled this transaction back.
        wm.stubFor(post(urlEqualTo("/v3/pipeline")).willReturn(aResponse().withStatus(200).withBody(pipeline("b1",
                ok("batch", "{\"step_results\":[" + EMPTY_RESULT + ",null],\"step_errors\":[null,"
                        + "{\"message\":\"Transaction timed out\",\"code\":\"TRANSACTION_TIMEOUT\"}]}"),
                "{\"type\":\"ok\",\"response\":{\"type\":\"get_autocommit\",\"is_autocommit\":true}}"))));
        try (Connection c = db.connect(); Transaction tx = c.begin(TransactionMode.IMMEDIATE)) {
            assertThatThrownBy(() -> tx.execute("INSERT INTO t VALUES (1)"))
                    .isInstanceOfSatisfying(TransactionExpiredException.class, e -> {
                        assertThat(e.code()).isEqualTo("TRANSACTION_TIMEOUT");
                        assertThat(e.getMessage()).contains("rolled back").contains("another writer");
                    });
            assertThat(tx.isActive()).isFalse();
        }
    }

    @Test
    void statementErrorsMapByCode() {
        stubPipeline(pipeline(null, "{\"type\":\"error\",\"error\":{\"message\":\"SQLite error: database is locked\","
                + "\"code\":\"SQLITE_BUSY\"}}", CLOSE_OK));
        try (Connection c = db.connect()) {
            assertThatThrownBy(() -> c.execute("INSERT INTO t VALUES (1)"))
                    .isInstanceOfSatisfying(dev.libsql4j.BusyException.class, e -> {
                        assertThat(e.code()).isEqualTo("SQLITE_BUSY");
                        assertThat(e.getMessage()).contains("database is locked").contains("INSERT INTO t VALUES (1)");
                    });
        }
    }

    @Test
    void connectFailureIsRetriedThenReported() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        try (Database down = open(Config.builder("http://127.0.0.1:" + port).connectTimeout(Duration.ofSeconds(1)))) {
            assertThatThrownBy(() -> down.execute("SELECT 1")).isInstanceOfSatisfying(ConnectionException.class, e -> {
                assertThat(e.code()).isEqualTo("CONNECT_FAILED");
                assertThat(e.getMessage()).contains("127.0.0.1:" + port);
            });
        }
    }

    @Test
    void droppedConnectionMidResponseIsAConnectionError() {
        wm.stubFor(post(urlEqualTo("/v3/pipeline")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        try (Connection c = db.connect()) {
            assertThatThrownBy(() -> c.execute("INSERT INTO t VALUES (1)"))
                    .isInstanceOfSatisfying(ConnectionException.class, e -> assertThat(e.getMessage()).contains("unknown"));
        }
        // Not retried: the server may have run it.
        assertThat(pipelineBodies()).hasSize(1);
    }

    @Test
    void fallsBackToHranaTwoWhenV3IsMissing() {
        wm.stubFor(get(urlEqualTo("/v3")).willReturn(aResponse().withStatus(404)));
        wm.stubFor(get(urlEqualTo("/v2")).willReturn(aResponse().withStatus(200)));
        wm.stubFor(post(urlEqualTo("/v2/pipeline")).willReturn(aResponse().withStatus(200).withBody(pipeline(null,
                ok("execute", "{\"cols\":[{\"name\":\"x\"}],\"rows\":[[{\"type\":\"text\",\"value\":\"v2\"}]]}"), CLOSE_OK))));
        try (Database old = open(Config.builder(url())); Connection c = old.connect()) {
            assertThat(c.execute("SELECT 'v2'").singleValue()).isEqualTo(Value.text("v2"));
            try (Cursor cur = c.query("SELECT 'v2'")) {
                assertThat(cur.next().getString(0)).isEqualTo("v2");
            }
        }
        wm.verify(2, postRequestedFor(urlEqualTo("/v2/pipeline")).withRequestBody(matchingJsonPath("$.requests[1].type",
                equalTo("close"))));
        assertThat(wm.findAll(postRequestedFor(urlEqualTo("/v3/cursor")))).isEmpty();
    }

    @Test
    void baseUrlFromTheServerIsUsedForTheRestOfTheStream() {
        WireMockServer other = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        other.start();
        try {
            String otherUrl = "http://127.0.0.1:" + other.port() + "/";
            stubPipeline("{\"baton\":\"b1\",\"base_url\":\"" + otherUrl + "\",\"results\":[" + ok("batch",
                    "{\"step_results\":[" + EMPTY_RESULT + "," + EMPTY_RESULT + "],\"step_errors\":[null,null]}")
                    + ",{\"type\":\"ok\",\"response\":{\"type\":\"get_autocommit\",\"is_autocommit\":false}}]}");
            other.stubFor(post(urlEqualTo("/v3/pipeline")).willReturn(aResponse().withStatus(200)
                    .withBody(pipeline(null, ok("execute", EMPTY_RESULT), CLOSE_OK))));
            try (Connection c = db.connect(); Transaction tx = c.begin()) {
                tx.execute("SELECT 1");
                tx.commit();
            }
            other.verify(1, postRequestedFor(urlEqualTo("/v3/pipeline")).withRequestBody(equalToJson(
                    "{\"baton\":\"b1\",\"requests\":[{\"type\":\"execute\",\"stmt\":{\"sql\":\"COMMIT\",\"want_rows\":false}},"
                            + "{\"type\":\"close\"}]}")));
        } finally {
            other.stop();
        }
    }

    @Test
    void nonFiniteFloatsAreRefusedBeforeSending() {
        try (Connection c = db.connect()) {
            assertThatThrownBy(() -> c.execute("SELECT ?", Double.NaN)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("Argument 1").hasMessageContaining("NaN");
        }
        assertThat(pipelineBodies()).isEmpty();
        assertThat(new String("ok".getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).isEqualTo("ok");
    }

    @Test
    void independentBatchSendsEachStatementAsItsOwnExecute() {
        stubPipeline(pipeline(null, ok("execute", EMPTY_RESULT), "{\"type\":\"error\",\"error\":{\"message\":"
                + "\"SQL string could not be parsed: syntax error\",\"code\":\"SQL_PARSE_ERROR\"}}", ok("execute", EMPTY_RESULT),
                CLOSE_OK));
        try (Connection c = db.connect()) {
            var r = c.batchIndependent(List.of(Statement.of("INSERT INTO t VALUES (1)"), Statement.of("INSERT INTO t VALUE (2)"),
                    Statement.of("INSERT INTO t VALUES (3)")));
            assertThat(r.succeeded(0)).isTrue();
            assertThat(r.error(1).code()).isEqualTo("SQLITE_ERROR");
            assertThat(r.error(1).extendedCode()).isEqualTo(1);
            assertThat(r.succeeded(2)).isTrue();
        }
        // Not one Hrana batch: sqld parses a batch whole, so one bad statement would stop them all.
        assertThat(pipelineBodies()).containsExactly("{\"baton\":null,\"requests\":["
                + "{\"type\":\"execute\",\"stmt\":{\"sql\":\"INSERT INTO t VALUES (1)\"}},"
                + "{\"type\":\"execute\",\"stmt\":{\"sql\":\"INSERT INTO t VALUE (2)\"}},"
                + "{\"type\":\"execute\",\"stmt\":{\"sql\":\"INSERT INTO t VALUES (3)\"}},{\"type\":\"close\"}]}");
    }

    @Test
    void atomicBatchThatDoesNotParseStillNamesTheStep() {
        wm.stubFor(post(urlEqualTo("/v3/pipeline")).atPriority(1)
                .withRequestBody(matchingJsonPath("$.requests[0].type", equalTo("describe")))
                .willReturn(aResponse().withStatus(200).withBody(pipeline(null,
                        ok("describe", "{\"params\":[],\"cols\":[],\"is_readonly\":false}"),
                        "{\"type\":\"error\",\"error\":{\"message\":\"syntax error near VALUE\",\"code\":\"SQL_PARSE_ERROR\"}}",
                        CLOSE_OK))));
        wm.stubFor(post(urlEqualTo("/v3/pipeline")).atPriority(5).willReturn(aResponse().withStatus(200).withBody(
                pipeline(null, "{\"type\":\"error\",\"error\":{\"message\":\"SQL string could not be parsed\","
                        + "\"code\":\"SQL_PARSE_ERROR\"}}", CLOSE_OK))));
        try (Connection c = db.connect()) {
            assertThatThrownBy(() -> c.batch(List.of(Statement.of("INSERT INTO t VALUES (1)"),
                    Statement.of("INSERT INTO t VALUE (2)"))))
                    .isInstanceOfSatisfying(BatchFailedException.class, e -> {
                        assertThat(e.stepIndex()).isEqualTo(1);
                        assertThat(e.code()).isEqualTo("SQLITE_ERROR");
                        assertThat(e.getMessage()).contains("does not parse").contains("syntax error near VALUE");
                    });
        }
    }

    @Test
    void aReadIsRetriedOnceWhenTheConnectionDropsButAWriteIsNot() {
        wm.stubFor(post(urlEqualTo("/v3/pipeline")).inScenario("drop").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)).willSetStateTo("up"));
        wm.stubFor(post(urlEqualTo("/v3/pipeline")).inScenario("drop").whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(200).withBody(pipeline(null, ok("execute",
                        "{\"cols\":[{\"name\":\"1\"}],\"rows\":[[{\"type\":\"integer\",\"value\":\"1\"}]]}"), CLOSE_OK))));
        try (Connection c = db.connect()) {
            assertThat(c.execute("  -- a comment\n SELECT 1").singleValue()).isEqualTo(Value.integer(1));
        }
        assertThat(pipelineBodies()).hasSize(2);
    }

    @Test
    void aStatementErrorThatSqldWrapsInA500IsNotTransient() {
        wm.stubFor(post(urlEqualTo("/v3/cursor")).willReturn(aResponse().withStatus(500)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":\"Internal Error: `SQL string could not be parsed: syntax error around L1:6: `SELEC``\"}")));
        try (Connection c = db.connect()) {
            assertThatThrownBy(() -> c.query("SELEC 1")).isInstanceOfSatisfying(LibSqlException.class, e -> {
                assertThat(e).isNotInstanceOf(ConnectionException.class);
                assertThat(e.code()).isEqualTo("SQLITE_ERROR");
                assertThat(e.getMessage()).startsWith("SQL string could not be parsed: syntax error around L1:6");
            });
        }
    }
}
