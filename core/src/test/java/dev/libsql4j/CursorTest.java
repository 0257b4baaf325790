package dev.libsql4j;

import static dev.libsql4j.ConnectionLifecycleTest.assertClosed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.libsql4j.fake.FakeTransport;
import dev.libsql4j.fake.FakeTransportProvider;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CursorTest {
    private final FakeTransport fake = new FakeTransport();
    private final Database db = FakeTransportProvider.open(fake);
    private final Connection conn = db.connect();

    @AfterEach
    void closeAndCheck() {
        db.close();
        assertThat(db.stats().isEmpty()).isTrue();
        assertThat(fake.violations()).isEmpty();
    }

    @Test
    void readingToTheEndClosesTheCursor() {
        Cursor k = conn.query("K", 3L);
        assertThat(db.stats().cursors()).isEqualTo(1);
        assertThat(k.columns()).containsExactly(new Column("i", "INTEGER"));
        List<Long> seen = new ArrayList<>();
        for (Row r : k) {
            seen.add(r.getLong("i"));
        }
        assertThat(seen).containsExactly(0L, 1L, 2L);
        assertThat(db.stats().cursors()).isZero();
        assertThat(fake.events()).containsSubsequence("open cursor[K]", "close cursor[K]");
        assertThat(k.next()).as("the end stays the end").isNull();
        k.close();
        assertThat(fake.count("close cursor[K]")).isEqualTo(1);
    }

    @Test
    void nextReturnsNullAtTheEndAndCloses() {
        Cursor k = conn.query(Statement.of("K", 2L));
        assertThat(k.next().getLong(0)).isZero();
        assertThat(k.next().getLong(0)).isEqualTo(1);
        assertThat(db.stats().cursors()).isEqualTo(1);
        assertThat(k.next()).isNull();
        assertThat(db.stats().cursors()).isZero();
        assertThat(k.next()).isNull();
        assertThat(k.iterator().hasNext()).isFalse();
    }

    @Test
    void emptyResultClosesOnFirstRead() {
        try (Cursor k = conn.query("K", 0L)) {
            assertThat(k.iterator().hasNext()).isFalse();
            assertThat(db.stats().cursors()).isZero();
        }
    }

    @Test
    void iteratorOnlyOnce() {
        try (Cursor k = conn.query("K", 3L)) {
            k.iterator();
            assertThatThrownBy(k::iterator)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Cursor #")
                    .hasMessageContaining("only once");
        }
    }

    @Test
    void iteratorPastTheEnd() {
        try (Cursor k = conn.query("K", 1L)) {
            Iterator<Row> it = k.iterator();
            assertThat(it.hasNext()).isTrue();
            assertThat(it.hasNext()).isTrue();
            it.next();
            assertThat(it.hasNext()).isFalse();
            assertThatThrownBy(it::next).isInstanceOf(NoSuchElementException.class).hasMessageContaining("Cursor #");
        }
    }

    @Test
    void closingEarlyDiscardsTheRest() {
        Cursor k = conn.query("K", 100L);
        assertThat(k.next()).isNotNull();
        k.close();
        assertThat(db.stats().cursors()).isZero();
        assertThat(fake.count("close cursor[K]")).isEqualTo(1);
        assertClosed(k::next, "Cursor");
        assertClosed(k::iterator, "Cursor");
        assertThat(k.columns()).hasSize(1);
    }

    @Test
    void iteratingAfterCloseFails() {
        Cursor k = conn.query("K", 100L);
        Iterator<Row> it = k.iterator();
        it.next();
        k.close();
        assertClosed(it::hasNext, "Cursor");
    }

    @Test
    void aMidStreamErrorClosesTheCursorAndSurfaces() {
        Cursor k = conn.query("K", 10L, 2L, "SQLITE_UNKNOWN");
        Iterator<Row> it = k.iterator();
        it.next();
        it.next();
        assertThatThrownBy(it::hasNext).isInstanceOf(LibSqlException.class)
                .extracting(e -> ((LibSqlException) e).code()).isEqualTo("SQLITE_UNKNOWN");
        assertThat(db.stats().cursors()).isZero();
        assertThat(fake.count("close cursor[K]")).isEqualTo(1);
        assertClosed(k::next, "Cursor");
        k.close();
    }

    @Test
    void aFailingStreamCloseAfterAnErrorIsSuppressed() {
        fake.failOnClose.add("cursor[K]");
        Cursor k = conn.query("K", 10L, 0L, "SQLITE_IOERR");
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(k::next);
        fake.failOnClose.clear();
        assertThat(t).isInstanceOf(LibSqlException.class);
        assertThat(((LibSqlException) t).code()).isEqualTo("SQLITE_IOERR");
        assertThat(t.getSuppressed()).extracting(Throwable::getMessage).containsExactly("closing cursor[K] failed");
        assertThat(db.stats().cursors()).isZero();
    }

    @Test
    void closingTheConnectionClosesItsCursors() {
        Cursor a = conn.query("A", 5L);
        Cursor b = conn.query("B", 5L);
        a.next();
        conn.close();
        assertThat(fake.events()).containsSubsequence("close cursor[B]", "close cursor[A]", "close session#1");
        assertClosed(a::next, "Cursor");
        assertClosed(b::iterator, "Cursor");
    }

    @Test
    void manyCursorsAtOnce() {
        List<Cursor> all = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            all.add(conn.query("K" + i, 2L));
        }
        assertThat(db.stats().cursors()).isEqualTo(20);
        for (Cursor k : all) {
            assertThat(k).hasSize(2);
        }
        assertThat(db.stats().cursors()).isZero();
    }

    @Test
    void toStringNamesTheCursor() {
        try (Cursor k = conn.query("SELECT   *\n FROM big", 1L)) {
            assertThat(k.toString()).contains("Cursor #").contains("SELECT * FROM big");
        }
    }
}
