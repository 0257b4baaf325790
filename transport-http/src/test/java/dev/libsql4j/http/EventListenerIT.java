package dev.libsql4j.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.libsql4j.Config;
import dev.libsql4j.ConstraintViolationException;
import dev.libsql4j.Connection;
import dev.libsql4j.Cursor;
import dev.libsql4j.Database;
import dev.libsql4j.EventListener;
import dev.libsql4j.LibSql;
import dev.libsql4j.LibSqlException;
import dev.libsql4j.Row;
import dev.libsql4j.Statement;
import dev.libsql4j.StatementEvent;
import dev.libsql4j.testkit.FaultProxy;
import dev.libsql4j.testkit.SqldExtension;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The core's event listener over HTTP and WebSocket against sqld: real rows, request and response bytes, error codes. */
class EventListenerIT {
    @RegisterExtension static final SqldExtension SQLD = new SqldExtension();

    static final class Recorder extends EventListener {
        final List<StatementEvent> ended = new CopyOnWriteArrayList<>();
        final List<StatementEvent> failed = new CopyOnWriteArrayList<>();
        final List<RuntimeException> errors = new CopyOnWriteArrayList<>();

        @Override
        public void statementEnd(StatementEvent event) {
            ended.add(event);
        }

        @Override
        public void statementFailed(StatementEvent event, RuntimeException error) {
            failed.add(event);
            errors.add(error);
        }
    }

    private static Database open(Recorder r, String scheme, String encoding) {
        return LibSql.open(Config.builder(SQLD.server().url().replace("http://", scheme + "://")).eventListener(r)
                .transportOption("http.encoding", encoding).build());
    }

    /** Over HTTP the request and response bodies are counted, over WebSocket the message payloads. */
    @Test
    void executesCursorsBatchesAndErrorsReportRealNumbers() {
        for (String transport : List.of("http json", "http protobuf", "ws json", "ws protobuf")) {
            String scheme = transport.split(" ")[0];
            String encoding = transport.split(" ")[1];
            Recorder r = new Recorder();
            String t = "ev_" + scheme + "_" + encoding;
            try (Database db = open(r, scheme, encoding); Connection c = db.connect()) {
                c.execute("CREATE TABLE " + t + "(id INTEGER PRIMARY KEY, v TEXT UNIQUE)");
                c.batch(List.of(Statement.of("INSERT INTO " + t + "(v) VALUES ('a')"),
                        Statement.of("INSERT INTO " + t + "(v) VALUES ('b')")));
                String big = "x".repeat(1000);
                for (int i = 0; i < 50; i++) {
                    c.execute("INSERT INTO " + t + "(v) VALUES (?)", big + i);
                }
                List<Row> rows = c.execute("SELECT v FROM " + t).rows();
                assertThat(rows).hasSize(52);
                int read = 0;
                try (Cursor cur = c.query("SELECT v FROM " + t + " ORDER BY id")) {
                    for (Row ignored : cur) {
                        read++;
                    }
                }
                assertThat(read).isEqualTo(52);
                assertThatThrownBy(() -> c.execute("INSERT INTO " + t + "(v) VALUES ('a')"))
                        .isInstanceOf(ConstraintViolationException.class);
            }
            StatementEvent batch = r.ended.get(1);
            assertThat(batch.kind()).isEqualTo(StatementEvent.Kind.BATCH);
            assertThat(batch.statements()).isEqualTo(2);
            assertThat(batch.rowsAffected()).isEqualTo(2);

            StatementEvent select = r.ended.get(r.ended.size() - 2);
            assertThat(select.kind()).isEqualTo(StatementEvent.Kind.EXECUTE);
            assertThat(select.rowsRead()).isEqualTo(52);
            assertThat(select.bytesSent()).isGreaterThan(("SELECT v FROM " + t).length());
            assertThat(select.bytesReceived()).as(transport).isGreaterThan(50 * 1000);
            assertThat(select.retries()).isZero();

            StatementEvent cursor = r.ended.get(r.ended.size() - 1);
            assertThat(cursor.kind()).isEqualTo(StatementEvent.Kind.QUERY);
            assertThat(cursor.rowsRead()).isEqualTo(52);
            assertThat(cursor.bytesReceived()).as(transport).isGreaterThan(50 * 1000);

            StatementEvent insert = r.ended.get(2);
            assertThat(insert.rowsAffected()).isEqualTo(1);
            assertThat(insert.bytesSent()).isGreaterThan(1000);
            assertThat(insert.duration()).isPositive();

            assertThat(r.failed).hasSize(1);
            assertThat(r.failed.get(0).bytesReceived()).isPositive();
            assertThat(((LibSqlException) r.errors.get(0)).code()).isEqualTo("SQLITE_CONSTRAINT_UNIQUE");
        }
    }

    @Test
    void aReadRetriedAfterAResetIsCountedAsARetry() {
        Recorder r = new Recorder();
        try (FaultProxy proxy = FaultProxy.start(SQLD.server().port(), 42);
             Database db = LibSql.open(Config.builder(proxy.url()).eventListener(r)
                     .transportOption("http.encoding", "json").build())) {
            assertThat(db.execute("SELECT 1").singleValue().toJava()).isEqualTo(1L);
            proxy.arm(FaultProxy.Fault.RESET_MID_REQUEST, "SELECT 42");
            assertThat(db.execute("SELECT 42").singleValue().toJava()).isEqualTo(42L);
            assertThat(proxy.injected(FaultProxy.Fault.RESET_MID_REQUEST)).isEqualTo(1);
        }
        assertThat(r.ended).hasSize(2);
        assertThat(r.ended.get(0).retries()).isZero();
        assertThat(r.ended.get(1).retries()).isEqualTo(1);
        // Both attempts' request bodies were sent.
        assertThat(r.ended.get(1).bytesSent()).isGreaterThan(2 * "SELECT 42".length());
    }

    @Test
    void anUnreachableServerIsAFailureEventWithItsCode() {
        Recorder r = new Recorder();
        try (Database db = LibSql.open(Config.builder("http://127.0.0.1:9").eventListener(r).build())) {
            assertThatThrownBy(() -> db.execute("SELECT 1")).isInstanceOf(LibSqlException.class);
        }
        assertThat(r.ended).isEmpty();
        assertThat(r.errors).hasSize(1);
        assertThat(((LibSqlException) r.errors.get(0)).code()).isNotBlank();
    }
}
