package dev.libsql4j.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.libsql4j.Config;
import dev.libsql4j.Connection;
import dev.libsql4j.ConnectionException;
import dev.libsql4j.Cursor;
import dev.libsql4j.Database;
import dev.libsql4j.LibSql;
import dev.libsql4j.PreparedStatement;
import dev.libsql4j.ProtocolException;
import dev.libsql4j.Result;
import dev.libsql4j.Row;
import dev.libsql4j.Statement;
import dev.libsql4j.Transaction;
import dev.libsql4j.TransactionMode;
import dev.libsql4j.Value;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Pins the Hrana 3 protobuf bytes of each request type and feeds the decoder exact, malformed
 * and truncated protobuf answers. Expected bodies are built with {@link Pb}, a few lines of
 * protobuf encoding written for this test (independent of the transport's own writer).
 */
class ProtobufWireTest {
    private static final String PIPELINE = "/v3-protobuf/pipeline";
    private static final String CURSOR = "/v3-protobuf/cursor";

    private WireMockServer wm;
    private Database db;

    @BeforeEach
    void start() {
        wm = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        wm.start();
        wm.stubFor(get(urlEqualTo("/v3-protobuf")).willReturn(aResponse().withStatus(200).withBody("Hello")));
        wm.stubFor(get(urlEqualTo("/v3")).willReturn(aResponse().withStatus(200).withBody("Hello")));
        db = LibSql.open(Config.builder(url()).requestTimeout(Duration.ofSeconds(5)).build());
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

    // ------------------------------------------------------------------ a tiny protobuf encoder

    /** Builds protobuf bytes: fields are concatenated; nested messages are length-delimited fields. */
    static final class Pb {
        static byte[] cat(byte[]... parts) {
            ByteArrayOutputStream o = new ByteArrayOutputStream();
            for (byte[] p : parts) {
                o.writeBytes(p);
            }
            return o.toByteArray();
        }

        static byte[] varint(long v) {
            ByteArrayOutputStream o = new ByteArrayOutputStream();
            while ((v & ~0x7FL) != 0) {
                o.write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            o.write((int) v);
            return o.toByteArray();
        }

        static byte[] key(int field, int wire) {
            return varint(((long) field << 3) | wire);
        }

        /** A length-delimited field holding the concatenated {@code content}. */
        static byte[] m(int field, byte[]... content) {
            byte[] c = cat(content);
            return cat(key(field, 2), varint(c.length), c);
        }

        static byte[] s(int field, String v) {
            return m(field, v.getBytes(StandardCharsets.UTF_8));
        }

        static byte[] u(int field, long v) {
            return cat(key(field, 0), varint(v));
        }

        static byte[] z(int field, long v) {
            return u(field, (v << 1) ^ (v >> 63));
        }

        static byte[] d(int field, double v) {
            long bits = Double.doubleToRawLongBits(v);
            byte[] b = new byte[8];
            for (int i = 0; i < 8; i++) {
                b[i] = (byte) (bits >>> (8 * i));
            }
            return cat(key(field, 1), b);
        }

        /** A varint length prefix before a message, as in cursor bodies. */
        static byte[] delimited(byte[] msg) {
            return cat(varint(msg.length), msg);
        }
    }

    // Hrana shapes, by field number.
    private static byte[] stmt(String sql, byte[]... more) {
        return Pb.cat(Pb.s(1, sql), Pb.cat(more));
    }

    private static byte[] executeReq(byte[] stmt) {
        return Pb.m(2, Pb.m(2, Pb.m(1, stmt)));
    }

    private static final byte[] CLOSE_REQ = Pb.m(2, Pb.m(1));
    private static final byte[] GET_AUTOCOMMIT_REQ = Pb.m(2, Pb.m(8));
    private static final byte[] NO_ROWS = Pb.u(5, 0);

    private static byte[] okResult(int type, byte[] body) {
        return Pb.m(3, Pb.m(1, Pb.m(type, body)));
    }

    private static byte[] executeOk(byte[] stmtResult) {
        return okResult(2, Pb.m(1, stmtResult));
    }

    private static final byte[] CLOSE_OK = okResult(1, new byte[0]);

    private static byte[] autocommitOk(boolean v) {
        return okResult(8, Pb.u(1, v ? 1 : 0));
    }

    private static byte[] errorResult(String message, String code) {
        return Pb.m(3, Pb.m(2, Pb.s(1, message), Pb.s(2, code)));
    }

    private static byte[] col(String name) {
        return Pb.m(1, Pb.s(1, name));
    }

    private static byte[] row(byte[]... values) {
        return Pb.m(2, values);
    }

    private static byte[] intValue(long v) {
        return Pb.m(1, Pb.z(2, v));
    }

    private void stubPipeline(byte[] body) {
        wm.stubFor(post(urlEqualTo(PIPELINE)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/x-protobuf").withBody(body)));
    }

    private List<byte[]> pipelineBodies() {
        return wm.findAll(postRequestedFor(urlEqualTo(PIPELINE))).stream().map(LoggedRequest::getBody)
                .collect(Collectors.toList());
    }

    private static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(String.format("%02x", x));
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------ requests

    @Test
    void autocommitExecuteIsExecuteAndCloseInProtobuf() {
        stubPipeline(Pb.cat(executeOk(Pb.cat(col("v"), row(intValue(Long.MIN_VALUE)))), CLOSE_OK));
        try (Connection c = db.connect()) {
            assertThat(c.execute("SELECT ?", Long.MIN_VALUE).singleValue()).isEqualTo(Value.integer(Long.MIN_VALUE));
        }
        // Literally: requests[0] = execute{stmt{sql, args[integer zigzag(MIN) = 2^64-1]}}, requests[1] = close{}.
        assertThat(hex(pipelineBodies().get(0))).isEqualTo("121b12190a170a0853454c454354203f1a0b10ffffffffffffffffff01"
                + "12020a00");
        LoggedRequest req = wm.findAll(postRequestedFor(urlEqualTo(PIPELINE))).get(0);
        assertThat(req.getHeader("Content-Type")).startsWith("application/x-protobuf");
        assertThat(req.getHeader("Accept-Encoding")).isEqualTo("identity");
        wm.verify(0, getRequestedFor(urlEqualTo("/v3")));
    }

    @Test
    void everyValueTypeIsEncodedExactly() {
        stubPipeline(Pb.cat(executeOk(new byte[0]), CLOSE_OK));
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        try (Connection c = db.connect()) {
            c.execute(Statement.of("INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?)", null, Long.MAX_VALUE, -0.0,
                    Double.MIN_VALUE, "a\u0000b\uD83D\uDE00", new byte[0], all));
            c.execute(Statement.of("SELECT :a, @b, $c").bind(":a", 1).bind("@b", true).bind("c", 1e308));
            assertThatThrownBy(() -> c.execute("SELECT ?", Double.NaN)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("Argument 1").hasMessageContaining("NaN");
        }
        List<byte[]> bodies = pipelineBodies();
        assertThat(bodies).hasSize(2);
        assertThat(bodies.get(0)).isEqualTo(Pb.cat(executeReq(stmt("INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?)",
                Pb.m(3, Pb.m(1)), Pb.m(3, Pb.z(2, Long.MAX_VALUE)), Pb.m(3, Pb.d(3, -0.0)),
                Pb.m(3, Pb.d(3, Double.MIN_VALUE)), Pb.m(3, Pb.s(4, "a\u0000b\uD83D\uDE00")), Pb.m(3, Pb.m(5)),
                Pb.m(3, Pb.m(5, all)))), CLOSE_REQ));
        assertThat(bodies.get(1)).isEqualTo(Pb.cat(executeReq(stmt("SELECT :a, @b, $c",
                Pb.m(4, Pb.s(1, "a"), Pb.m(2, Pb.z(2, 1))), Pb.m(4, Pb.s(1, "b"), Pb.m(2, Pb.z(2, 1))),
                Pb.m(4, Pb.s(1, "c"), Pb.m(2, Pb.d(3, 1e308))))), CLOSE_REQ));
    }

    @Test
    void transactionBatchConditionsAutocommitStoredSqlAndCommitInProtobuf() {
        wm.stubFor(post(urlEqualTo(PIPELINE)).inScenario("tx").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(200).withBody(Pb.cat(Pb.s(1, "b1"),
                        okResult(3, Pb.m(1, Pb.m(1, Pb.u(1, 0), Pb.m(2)), Pb.m(1, Pb.u(1, 1), Pb.m(2, Pb.u(3, 1),
                                Pb.z(4, -5))))), autocommitOk(false)))).willSetStateTo("prepared"));
        wm.stubFor(post(urlEqualTo(PIPELINE)).inScenario("tx").whenScenarioStateIs("prepared")
                .willReturn(aResponse().withStatus(200).withBody(Pb.cat(Pb.s(1, "b2"), okResult(6, new byte[0]),
                        executeOk(new byte[0]), autocommitOk(false)))).willSetStateTo("commit"));
        wm.stubFor(post(urlEqualTo(PIPELINE)).inScenario("tx").whenScenarioStateIs("commit")
                .willReturn(aResponse().withStatus(200).withBody(Pb.cat(executeOk(new byte[0]), CLOSE_OK))));
        // prepare() describes on a stream of its own.
        wm.stubFor(post(urlEqualTo(PIPELINE)).atPriority(1).withRequestBody(
                com.github.tomakehurst.wiremock.client.WireMock.binaryEqualTo(Pb.cat(Pb.m(2, Pb.m(5, Pb.s(1,
                        "UPDATE t SET x = ?"))), CLOSE_REQ))).willReturn(aResponse().withStatus(200).withBody(Pb.cat(
                okResult(5, Pb.m(1, Pb.m(1), Pb.u(4, 0))), CLOSE_OK))));
        try (Connection c = db.connect(); Transaction tx = c.begin(TransactionMode.IMMEDIATE)) {
            assertThat(tx.execute("INSERT INTO t VALUES (1)").lastInsertRowid()).hasValue(-5);
            try (PreparedStatement ps = c.prepare("UPDATE t SET x = ?")) {
                assertThat(ps.parameterNames()).containsExactly((String) null);
                ps.execute(7);
            }
            tx.commit();
        }
        List<byte[]> bodies = pipelineBodies();
        assertThat(bodies).hasSize(4);
        assertThat(bodies.get(0)).isEqualTo(Pb.cat(Pb.m(2, Pb.m(3, Pb.m(1,
                Pb.m(1, Pb.m(2, Pb.s(1, "BEGIN IMMEDIATE"), NO_ROWS)),
                Pb.m(1, Pb.m(1, Pb.u(1, 0)), Pb.m(2, Pb.s(1, "INSERT INTO t VALUES (1)")))))), GET_AUTOCOMMIT_REQ));
        assertThat(bodies.get(1)).isEqualTo(Pb.cat(Pb.m(2, Pb.m(5, Pb.s(1, "UPDATE t SET x = ?"))), CLOSE_REQ));
        assertThat(bodies.get(2)).isEqualTo(Pb.cat(Pb.s(1, "b1"), Pb.m(2, Pb.m(6, Pb.u(1, 0), Pb.s(2, "UPDATE t SET x = ?"))),
                executeReq(Pb.cat(Pb.u(2, 0), Pb.m(3, Pb.z(2, 7)))), GET_AUTOCOMMIT_REQ));
        assertThat(bodies.get(3)).isEqualTo(Pb.cat(Pb.s(1, "b2"), executeReq(stmt("COMMIT", NO_ROWS)), CLOSE_REQ));
    }

    @Test
    void atomicBatchSendsAndConditionsAndNotIsAutocommit() {
        stubPipeline(Pb.cat(okResult(3, Pb.m(1, Pb.m(1, Pb.u(1, 0), Pb.m(2)), Pb.m(1, Pb.u(1, 1), Pb.m(2)),
                Pb.m(1, Pb.u(1, 2), Pb.m(2)))), CLOSE_OK));
        try (Connection c = db.connect()) {
            c.batch(List.of(Statement.of("INSERT INTO t VALUES (1)")));
        }
        byte[] okInTx0 = Pb.m(1, Pb.m(4, Pb.m(1, Pb.u(1, 0)), Pb.m(1, Pb.m(3, Pb.m(6)))));
        byte[] okInTx1 = Pb.m(1, Pb.m(4, Pb.m(1, Pb.u(1, 1)), Pb.m(1, Pb.m(3, Pb.m(6)))));
        assertThat(pipelineBodies().get(0)).isEqualTo(Pb.cat(Pb.m(2, Pb.m(3, Pb.m(1,
                Pb.m(1, Pb.m(2, Pb.s(1, "BEGIN"), NO_ROWS)),
                Pb.m(1, okInTx0, Pb.m(2, Pb.s(1, "INSERT INTO t VALUES (1)"))),
                Pb.m(1, okInTx1, Pb.m(2, Pb.s(1, "COMMIT"), NO_ROWS)),
                Pb.m(1, Pb.m(1, Pb.m(3, Pb.u(1, 2))), Pb.m(2, Pb.s(1, "ROLLBACK"), NO_ROWS))))), CLOSE_REQ));
    }

    @Test
    void scriptIsASequence() {
        stubPipeline(Pb.cat(okResult(4, new byte[0]), CLOSE_OK));
        try (Connection c = db.connect()) {
            c.executeScript("CREATE TABLE a(x); CREATE TABLE b(y);");
        }
        assertThat(pipelineBodies().get(0)).isEqualTo(Pb.cat(Pb.m(2, Pb.m(4, Pb.s(1,
                "CREATE TABLE a(x); CREATE TABLE b(y);"))), CLOSE_REQ));
    }

    // ------------------------------------------------------------------ responses

    @Test
    void responsesDecodeExactValues() {
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        stubPipeline(Pb.cat(Pb.u(99, 1), executeOk(Pb.cat(col("a"), Pb.m(1, Pb.s(1, "b"), Pb.s(2, "REAL")), col("c"),
                col("d"), col("e"), col("f"), col("g"),
                row(intValue(Long.MAX_VALUE), Pb.m(1, Pb.d(3, -0.0)), Pb.m(1, Pb.m(5, all)),
                        Pb.m(1, Pb.s(4, "\u0000\uD834\uDD1E")), Pb.m(1, Pb.m(1)), Pb.m(1, Pb.d(3, Double.MIN_VALUE)),
                        intValue(Long.MIN_VALUE)),
                Pb.u(3, 0), Pb.z(4, 42), Pb.u(5, 7), Pb.u(6, 1), Pb.d(8, 0.5), Pb.m(77, Pb.u(1, 1)))), CLOSE_OK));
        try (Connection c = db.connect()) {
            Result r = c.execute("SELECT x");
            Row row = r.rows().get(0);
            assertThat(row.getLong(0)).isEqualTo(Long.MAX_VALUE);
            assertThat(Double.doubleToRawLongBits(row.getDouble(1))).isEqualTo(Double.doubleToRawLongBits(-0.0));
            assertThat(r.columns().get(1).declaredType()).isEqualTo("REAL");
            assertThat(row.getBytes(2)).isEqualTo(all);
            assertThat(row.getString(3)).isEqualTo("\u0000\uD834\uDD1E");
            assertThat(row.isNull(4)).isTrue();
            assertThat(row.getDouble(5)).isEqualTo(Double.MIN_VALUE);
            assertThat(row.getLong(6)).isEqualTo(Long.MIN_VALUE);
            assertThat(r.lastInsertRowid()).hasValue(42);
        }
    }

    @Test
    void queryReadsThePipelineAnswerRowByRow() {
        stubPipeline(Pb.cat(executeOk(Pb.cat(col("x"), row(intValue(1)), row(intValue(2)), Pb.u(5, 3))), CLOSE_OK));
        try (Connection c = db.connect(); Cursor cur = c.query("SELECT x FROM t")) {
            assertThat(cur.next().getLong(0)).isEqualTo(1);
            assertThat(cur.next().getLong(0)).isEqualTo(2);
            assertThat(cur.next()).isNull();
        }
        assertThat(pipelineBodies().get(0)).isEqualTo(Pb.cat(executeReq(stmt("SELECT x FROM t")), CLOSE_REQ));
        assertThat(wm.findAll(postRequestedFor(urlEqualTo(CURSOR)))).isEmpty();
    }

    @Test
    void cursorBodyIsLengthDelimitedAndSkipsEmptyAndReplicationEntries() {
        byte[] body = Pb.cat(Pb.delimited(Pb.s(1, "cb")),
                Pb.delimited(Pb.m(1, Pb.u(1, 0), Pb.m(2, Pb.s(1, "x")))),
                Pb.delimited(Pb.m(4, Pb.m(1, Pb.z(2, -1)))),
                Pb.delimited(Pb.m(4, Pb.m(1, Pb.s(4, "\uD83D\uDE00")))),
                Pb.delimited(Pb.m(2, Pb.u(1, 1), Pb.z(2, 9))),
                Pb.delimited(new byte[0]),
                Pb.delimited(Pb.m(6, Pb.u(1, 12))));
        wm.stubFor(post(urlEqualTo(CURSOR)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/octet-stream").withBody(body)));
        stubPipeline(CLOSE_OK);
        try (Connection c = db.connect(); Cursor cur = c.query("DELETE FROM t RETURNING x")) {
            assertThat(cur.next().getLong(0)).isEqualTo(-1);
            assertThat(cur.next().getString(0)).isEqualTo("\uD83D\uDE00");
            assertThat(cur.next()).isNull();
        }
        assertThat(wm.findAll(postRequestedFor(urlEqualTo(CURSOR))).get(0).getBody()).isEqualTo(
                Pb.m(2, Pb.m(1, Pb.m(2, Pb.s(1, "DELETE FROM t RETURNING x")))));
        assertThat(pipelineBodies()).as("the write never went to the pipeline").allMatch(b -> Arrays.equals(b,
                Pb.cat(Pb.s(1, "cb"), CLOSE_REQ)));
    }

    @Test
    void aReadTooLargeForThePipelineFallsBackToTheCursor() {
        stubPipeline(Pb.cat(errorResult("Response is too large", "RESPONSE_TOO_LARGE"), CLOSE_OK));
        wm.stubFor(post(urlEqualTo(CURSOR)).willReturn(aResponse().withStatus(200).withBody(Pb.cat(
                Pb.delimited(new byte[0]), Pb.delimited(Pb.m(1, Pb.u(1, 0), Pb.m(2, Pb.s(1, "x")))),
                Pb.delimited(Pb.m(4, Pb.m(1, Pb.z(2, 5)))), Pb.delimited(Pb.m(2))))));
        try (Connection c = db.connect(); Cursor cur = c.query("SELECT x FROM big")) {
            assertThat(cur.next().getLong(0)).isEqualTo(5);
            assertThat(cur.next()).isNull();
        }
        wm.verify(1, postRequestedFor(urlEqualTo(CURSOR)));
    }

    // ------------------------------------------------------------------ bad answers

    private void assertQueryAndExecuteFailCleanly(byte[] answer, String message) {
        stubPipeline(answer);
        try (Connection c = db.connect()) {
            assertThatThrownBy(() -> c.execute("SELECT x FROM t")).isInstanceOf(ProtocolException.class)
                    .hasMessageContaining(message);
            assertThatThrownBy(() -> {
                try (Cursor cur = c.query("SELECT x FROM t")) {
                    while (cur.next() != null) {
                        // read all
                    }
                }
            }).isInstanceOf(ProtocolException.class).hasMessageContaining(message);
            assertThat(db.stats().cursors()).isZero();
        }
    }

    @Test
    void truncatedAnswerIsAProtocolError() {
        byte[] full = Pb.cat(executeOk(Pb.cat(col("x"), row(intValue(1)), row(intValue(2)))), CLOSE_OK);
        for (int cut : new int[] {1, 5, full.length / 2, full.length - 5, full.length - 1}) {
            assertQueryAndExecuteFailCleanly(Arrays.copyOf(full, cut), "Malformed response");
        }
    }

    @Test
    void hostileLengthIsAProtocolErrorNotAnAllocation() {
        // A result claiming 2^40 bytes.
        assertQueryAndExecuteFailCleanly(Pb.cat(Pb.key(3, 2), Pb.varint(1L << 40), new byte[] {1, 2, 3}),
                "Malformed response");
    }

    @Test
    void garbageAndWrongWireTypesAreProtocolErrors() {
        assertQueryAndExecuteFailCleanly("<html>oops</html>".getBytes(StandardCharsets.UTF_8), "Malformed response");
        // An integer value sent as a string, and a value without a type.
        assertQueryAndExecuteFailCleanly(Pb.cat(executeOk(Pb.cat(col("x"), row(Pb.m(1, Pb.s(2, "1"))))), CLOSE_OK),
                "wire type");
        assertQueryAndExecuteFailCleanly(Pb.cat(executeOk(Pb.cat(col("x"), row(Pb.m(1)))), CLOSE_OK), "no type");
        // One result where two were expected.
        assertQueryAndExecuteFailCleanly(executeOk(Pb.cat(col("x"), row(intValue(1)))), "expected 2 results");
    }

    @Test
    void truncatedCursorIsAProtocolError() {
        byte[] body = Pb.cat(Pb.delimited(Pb.s(1, "cb")), Pb.delimited(Pb.m(1, Pb.u(1, 0), Pb.m(2, Pb.s(1, "x")))),
                Pb.delimited(Pb.m(4, Pb.m(1, Pb.z(2, 1)))));
        wm.stubFor(post(urlEqualTo(CURSOR)).willReturn(aResponse().withStatus(200).withBody(Pb.cat(body,
                Arrays.copyOf(Pb.delimited(Pb.m(4, Pb.m(1, Pb.z(2, 2)))), 4)))));
        stubPipeline(CLOSE_OK);
        try (Connection c = db.connect(); Cursor cur = c.query("DELETE FROM t RETURNING x")) {
            assertThat(cur.next().getLong(0)).isEqualTo(1);
            assertThatThrownBy(cur::next).isInstanceOf(ProtocolException.class).hasMessageContaining("truncated");
        }
    }

    // ------------------------------------------------------------------ choosing the encoding

    @Test
    void jsonCanBeForcedAndProtobufRefusedClearlyWhenMissing() {
        wm.stubFor(post(urlEqualTo("/v3/pipeline")).willReturn(aResponse().withStatus(200).withBody(
                "{\"baton\":null,\"base_url\":null,\"results\":[{\"type\":\"ok\",\"response\":{\"type\":\"execute\","
                        + "\"result\":{\"cols\":[{\"name\":\"x\"}],\"rows\":[[{\"type\":\"integer\",\"value\":\"3\"}]]}}},"
                        + "{\"type\":\"ok\",\"response\":{\"type\":\"close\"}}]}")));
        try (Database json = LibSql.open(url() + "?encoding=json")) {
            assertThat(json.execute("SELECT 3").singleValue()).isEqualTo(Value.integer(3));
        }
        try (Database json = LibSql.open(Config.builder(url()).transportOption("http.encoding", "json").build())) {
            assertThat(json.execute("SELECT 3").singleValue()).isEqualTo(Value.integer(3));
        }
        wm.verify(0, getRequestedFor(urlEqualTo("/v3-protobuf")));
        assertThatThrownBy(() -> LibSql.open(Config.builder(url() + "?encoding=json")
                .transportOption("http.encoding", "protobuf").build())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("disagree");
        wm.stubFor(get(urlEqualTo("/v3-protobuf")).willReturn(aResponse().withStatus(404)));
        try (Database auto = LibSql.open(url())) {
            assertThat(auto.execute("SELECT 3").singleValue()).as("auto falls back to JSON").isEqualTo(Value.integer(3));
        }
        try (Database pb = LibSql.open(url() + "?encoding=protobuf")) {
            assertThatThrownBy(() -> pb.execute("SELECT 3")).isInstanceOfSatisfying(ConnectionException.class,
                    e -> assertThat(e.getMessage()).contains("/v3-protobuf").contains("404"));
        }
    }
}
