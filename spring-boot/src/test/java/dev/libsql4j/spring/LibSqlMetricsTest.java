package dev.libsql4j.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.libsql4j.ConstraintViolationException;
import dev.libsql4j.EventListener;
import dev.libsql4j.StatementEvent;
import dev.libsql4j.SyncEvent;
import dev.libsql4j.SyncResult;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LibSqlMetricsTest {

    private static StatementEvent event(StatementEvent.Kind kind, long millis, long rows, long affected, long sent,
                                        long received, long retries) {
        return new StatementEvent(kind, "SELECT 1", 1, Duration.ofMillis(millis), rows, affected, sent, received, retries);
    }

    @Test
    void statementEventsBecomeTimersAndCounters() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        LibSqlMetrics m = new LibSqlMetrics();
        m.statementEnd(event(StatementEvent.Kind.EXECUTE, 5, 1, 1, 10, 10, 0)); // before binding: not counted
        m.bindTo(registry);
        m.statementEnd(event(StatementEvent.Kind.EXECUTE, 20, 3, 0, 100, 400, 1));
        m.statementEnd(event(StatementEvent.Kind.QUERY, 40, 1000, 0, 50, 9000, 0));
        m.statementFailed(event(StatementEvent.Kind.EXECUTE, 7, 0, 0, 80, 60, 0),
                new ConstraintViolationException("SQLITE_CONSTRAINT_UNIQUE", 2067, "UNIQUE constraint failed: t.x", null));
        m.statementFailed(event(StatementEvent.Kind.BATCH, 1, 0, 0, 0, 0, 0), new IllegalStateException("closed"));

        assertThat(registry.get("libsql.statements").tags("kind", "execute", "outcome", "success").timer().count())
                .isEqualTo(1);
        assertThat(registry.get("libsql.statements").tags("kind", "execute", "outcome", "success").timer()
                .totalTime(TimeUnit.MILLISECONDS)).isEqualTo(20.0);
        assertThat(registry.get("libsql.statements").tags("kind", "query").timer().count()).isEqualTo(1);
        assertThat(registry.get("libsql.statements").tags("outcome", "error", "code", "SQLITE_CONSTRAINT_UNIQUE").timer()
                .count()).isEqualTo(1);
        assertThat(registry.get("libsql.statements").tags("kind", "batch", "code", "IllegalStateException").timer().count())
                .isEqualTo(1);
        assertThat(registry.get("libsql.rows.read").counter().count()).isEqualTo(1003);
        assertThat(registry.get("libsql.bytes.sent").counter().count()).isEqualTo(230);
        assertThat(registry.get("libsql.bytes.received").counter().count()).isEqualTo(9460);
        assertThat(registry.get("libsql.retries").counter().count()).isEqualTo(1);
    }

    @Test
    void syncEventsBecomeATimerAndAFrameCounter() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        LibSqlMetrics m = new LibSqlMetrics(List.of(io.micrometer.core.instrument.Tag.of("db", "main")));
        m.bindTo(registry);
        m.syncEnd(new SyncEvent(Duration.ofMillis(3), new SyncResult(10, 4)));
        m.syncFailed(Duration.ofMillis(2), new IllegalStateException("primary down"));
        assertThat(registry.get("libsql.syncs").tags("outcome", "success", "db", "main").timer().count()).isEqualTo(1);
        assertThat(registry.get("libsql.syncs").tags("outcome", "error").timer().count()).isEqualTo(1);
        assertThat(registry.get("libsql.sync.frames").counter().count()).isEqualTo(4);
    }

    @Test
    void aCompositeCallsEveryListenerEvenWhenOneThrows() {
        AtomicInteger heard = new AtomicInteger();
        EventListener throwing = new EventListener() {
            @Override
            public void statementEnd(StatementEvent event) {
                throw new IllegalStateException("bug");
            }
        };
        EventListener counting = new EventListener() {
            @Override
            public void statementEnd(StatementEvent event) {
                heard.incrementAndGet();
            }
        };
        assertThat(CompositeEventListener.of(List.of())).isSameAs(EventListener.NONE);
        assertThat(CompositeEventListener.of(List.of(counting))).isSameAs(counting);
        EventListener both = CompositeEventListener.of(List.of(throwing, counting));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> both.statementEnd(event(StatementEvent.Kind.EXECUTE, 1, 0,
                0, 0, 0, 0))).hasMessage("bug");
        assertThat(heard).hasValue(1);
    }
}
