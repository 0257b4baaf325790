package dev.libsql4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.libsql4j.spi.ColumnIndex;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultTest {
    private static final ColumnIndex ONE = ColumnIndex.of(List.of(new Column("n", null)));
    private static final ColumnIndex TWO = ColumnIndex.of(List.of(new Column("a", null), new Column("b", null)));

    private static Row one(long n) {
        return new Row(ONE, new Value[] {Value.integer(n)});
    }

    @Test
    void basics() {
        List<Row> rows = new ArrayList<>(List.of(one(1), one(2)));
        Result r = new Result(ONE, rows, 3, 17L);
        rows.clear();
        assertThat(r.rows()).hasSize(2);
        assertThat(r.rowCount()).isEqualTo(2);
        assertThat(r.columns()).containsExactly(new Column("n", null));
        assertThat(r.first()).contains(one(1));
        assertThat(r.rowsAffected()).isEqualTo(3);
        assertThat(r.lastInsertRowid()).hasValue(17);
        assertThatThrownBy(() -> r.rows().add(one(3))).isInstanceOf(UnsupportedOperationException.class);
        assertThat(r.toString()).contains("[n]").contains("rows=2");
    }

    @Test
    void emptyResult() {
        Result r = new Result(ColumnIndex.of(List.of()), List.of(), 0, null);
        assertThat(r.rows()).isEmpty();
        assertThat(r.first()).isEmpty();
        assertThat(r.lastInsertRowid()).isEmpty();
        assertThat(r.columns()).isEmpty();
    }

    @Test
    void singleValue() {
        assertThat(new Result(ONE, List.of(one(42)), 0, null).singleValue()).isEqualTo(Value.integer(42));
        assertThat(new Result(ONE, List.of(new Row(ONE, new Value[] {Value.NULL})), 0, null).singleValue())
                .isSameAs(Value.NULL);
    }

    @Test
    void singleValueNeedsOneRowOfOneColumn() {
        assertThatThrownBy(() -> new Result(ONE, List.of(), 0, null).singleValue())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("0 rows");
        assertThatThrownBy(() -> new Result(ONE, List.of(one(1), one(2)), 0, null).singleValue())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("2 rows");
        Row wide = new Row(TWO, new Value[] {Value.integer(1), Value.integer(2)});
        assertThatThrownBy(() -> new Result(TWO, List.of(wide), 0, null).singleValue())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("2 columns");
    }

    @Test
    void batchResultAllSucceeded() {
        Result a = new Result(ONE, List.of(one(1)), 0, null);
        Result b = new Result(ONE, List.of(), 1, 5L);
        BatchResult br = new BatchResult(List.of(a, b), Arrays.asList(null, null));
        assertThat(br.size()).isEqualTo(2);
        assertThat(br.results()).containsExactly(a, b);
        assertThat(br.result(1)).isSameAs(b);
        assertThat(br.succeeded(0)).isTrue();
        assertThat(br.error(0)).isNull();
        assertThat(br.hasErrors()).isFalse();
        assertThat(br.toString()).contains("steps=2").contains("failed=0");
    }

    @Test
    void batchResultWithFailedStep() {
        Result a = new Result(ONE, List.of(one(1)), 0, null);
        LibSqlException err = new ConstraintViolationException("SQLITE_CONSTRAINT_UNIQUE", 2067, "UNIQUE failed", null);
        BatchResult br = new BatchResult(Arrays.asList(a, null), Arrays.asList(null, err));
        assertThat(br.hasErrors()).isTrue();
        assertThat(br.succeeded(1)).isFalse();
        assertThat(br.error(1)).isSameAs(err);
        assertThat(br.results()).containsExactly(a, null);
        assertThatThrownBy(() -> br.result(1))
                .isInstanceOfSatisfying(BatchFailedException.class, e -> {
                    assertThat(e.stepIndex()).isEqualTo(1);
                    assertThat(e.code()).isEqualTo("SQLITE_CONSTRAINT_UNIQUE");
                    assertThat(e.extendedCode()).isEqualTo(2067);
                    assertThat(e).hasCause(err).hasMessageContaining("step 1").hasMessageContaining("UNIQUE failed");
                });
        assertThat(br.toString()).contains("failed=1");
        assertThatThrownBy(() -> br.results().set(0, null)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void batchResultSizesMustMatch() {
        assertThatThrownBy(() -> new BatchResult(List.of(), Arrays.asList((LibSqlException) null)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void batchFailedExceptionWithoutCause() {
        BatchFailedException e = new BatchFailedException(3, "m", null);
        assertThat(e.code()).isEqualTo("BATCH_FAILED");
        assertThat(e.stepIndex()).isEqualTo(3);
    }

    @Test
    void resourceStats() {
        assertThat(new ResourceStats(0, 0, 0, 0, 0, 0).isEmpty()).isTrue();
        assertThat(new ResourceStats(0, 0, 1, 0, 0, 0).isEmpty()).isFalse();
        assertThat(new ResourceStats(0, 0, 0, 0, 1, 0).isEmpty()).as("a request in flight").isFalse();
        assertThat(new ResourceStats(0, 0, 0, 0, 0, 1).isEmpty()).as("an open server stream").isFalse();
        assertThat(new ResourceStats(1, 2, 3, 4)).isEqualTo(new ResourceStats(1, 2, 3, 4, 0, 0));
        assertThat(new ResourceStats(1, 2, 3, 4, 5, 6).toString()).isEqualTo("ResourceStats[connections=1, "
                + "statements=2, cursors=3, transactions=4, requests in flight=5, server streams=6]");
    }

    @Test
    void transactionModeSql() {
        assertThat(TransactionMode.DEFERRED.beginSql()).isEqualTo("BEGIN DEFERRED");
        assertThat(TransactionMode.IMMEDIATE.beginSql()).isEqualTo("BEGIN IMMEDIATE");
        assertThat(TransactionMode.EXCLUSIVE.beginSql()).isEqualTo("BEGIN EXCLUSIVE");
        assertThat(TransactionMode.READ_ONLY.beginSql()).isEqualTo("BEGIN TRANSACTION READONLY");
    }
}
