package dev.libsql4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.libsql4j.spi.ColumnIndex;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RowTest {

    private static Row row(Object... namesAndValues) {
        List<Column> cols = new ArrayList<>();
        Value[] vals = new Value[namesAndValues.length / 2];
        for (int i = 0; i < namesAndValues.length; i += 2) {
            cols.add(new Column((String) namesAndValues[i], null));
            vals[i / 2] = Value.of(namesAndValues[i + 1]);
        }
        return new Row(ColumnIndex.of(cols), vals);
    }

    @Test
    void gettersByIndexAndName() {
        Row r = row("id", 42L, "name", "ann", "score", 1.5, "data", new byte[] {1, 2}, "nothing", null);
        assertThat(r.size()).isEqualTo(5);
        assertThat(r.columns()).extracting(Column::name).containsExactly("id", "name", "score", "data", "nothing");
        assertThat(r.getLong(0)).isEqualTo(42);
        assertThat(r.getLong("id")).isEqualTo(42);
        assertThat(r.getInt("id")).isEqualTo(42);
        assertThat(r.getString(1)).isEqualTo("ann");
        assertThat(r.getString("name")).isEqualTo("ann");
        assertThat(r.getDouble("score")).isEqualTo(1.5);
        assertThat(r.getBytes("data")).containsExactly(1, 2);
        assertThat(r.get("id")).isEqualTo(Value.integer(42));
        assertThat(r.get(1)).isEqualTo(Value.text("ann"));
        assertThat(r.getObject("id")).isEqualTo(42L);
        assertThat(r.getObject("score")).isEqualTo(1.5);
        assertThat(r.getObject("nothing")).isNull();
        assertThat((byte[]) r.getObject("data")).containsExactly(1, 2);
        assertThat(r.values()).hasSize(5);
    }

    @Test
    void extremeIntegersReadBackExactly() {
        Row r = row("min", Long.MIN_VALUE, "max", Long.MAX_VALUE);
        assertThat(r.getLong("min")).isEqualTo(Long.MIN_VALUE);
        assertThat(r.getLong("max")).isEqualTo(Long.MAX_VALUE);
        assertThat(r.getString("max")).isEqualTo("9223372036854775807");
    }

    @Test
    void conversions() {
        Row r = row("i", 7L, "r", 2.9, "t", " 12 ", "tr", "2.5", "neg", -2.9, "b", true, "zero", 0L, "txt", "abc");
        assertThat(r.getLong("r")).isEqualTo(2);
        assertThat(r.getLong("neg")).isEqualTo(-2);
        assertThat(r.getLong("t")).isEqualTo(12);
        assertThat(r.getDouble("i")).isEqualTo(7.0);
        assertThat(r.getDouble("tr")).isEqualTo(2.5);
        assertThat(r.getString("i")).isEqualTo("7");
        assertThat(r.getString("r")).isEqualTo("2.9");
        assertThat(r.getBoolean("b")).isTrue();
        assertThat(r.getBoolean("zero")).isFalse();
        assertThat(r.getBoolean("i")).isTrue();
        assertThat(r.getBytes("txt")).isEqualTo("abc".getBytes(StandardCharsets.UTF_8));
        assertThat(row("blob", "h\u00e9".getBytes(StandardCharsets.UTF_8)).getString(0)).isEqualTo("h\u00e9");
    }

    @Test
    void failedConversionsNameTheColumnAndType() {
        Row r = row("t", "abc", "blob", new byte[] {1}, "big", Long.MAX_VALUE, "i", 1L);
        assertThatThrownBy(() -> r.getLong("t")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'t'").hasMessageContaining("long");
        assertThatThrownBy(() -> r.getDouble("t")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'t'").hasMessageContaining("double");
        assertThatThrownBy(() -> r.getLong("blob")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'blob'").hasMessageContaining("Blob");
        assertThatThrownBy(() -> r.getInt("big")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'big'").hasMessageContaining("int");
        assertThatThrownBy(() -> r.getBytes("i")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'i'").hasMessageContaining("byte[]");
    }

    @Test
    void nullHandling() {
        Row r = row("n", null, "x", 1L);
        assertThat(r.isNull(0)).isTrue();
        assertThat(r.isNull("n")).isTrue();
        assertThat(r.isNull("x")).isFalse();
        assertThat(r.getString("n")).isNull();
        assertThat(r.getBytes("n")).isNull();
        assertThat(r.getObject("n")).isNull();
        assertThat(r.get("n")).isSameAs(Value.NULL);
        assertThatThrownBy(() -> r.getLong("n")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'n'").hasMessageContaining("NULL").hasMessageContaining("isNull");
        assertThatThrownBy(() -> r.getInt(0)).isInstanceOf(IllegalStateException.class).hasMessageContaining("NULL");
        assertThatThrownBy(() -> r.getDouble("n")).isInstanceOf(IllegalStateException.class).hasMessageContaining("NULL");
        assertThatThrownBy(() -> r.getBoolean("n")).isInstanceOf(IllegalStateException.class).hasMessageContaining("NULL");
    }

    @Test
    void nameLookupIsCaseInsensitive() {
        Row r = row("UserName", "ann", "ID", 1L);
        assertThat(r.getString("username")).isEqualTo("ann");
        assertThat(r.getString("USERNAME")).isEqualTo("ann");
        assertThat(r.getString("UserName")).isEqualTo("ann");
        assertThat(r.getLong("id")).isEqualTo(1);
        assertThat(r.indexOf("Id")).isEqualTo(1);
    }

    @Test
    void exactNameWinsOverCaseInsensitiveMatch() {
        Row r = row("ID", 1L, "id", 2L, "Id", 3L);
        assertThat(r.getLong("ID")).isEqualTo(1);
        assertThat(r.getLong("id")).isEqualTo(2);
        assertThat(r.getLong("Id")).isEqualTo(3);
        assertThat(r.getLong("iD")).isEqualTo(1);
    }

    @Test
    void firstColumnWinsWhenNamesRepeat() {
        Row r = row("a", 1L, "a", 2L, "A", 3L);
        assertThat(r.getLong("a")).isEqualTo(1);
        assertThat(r.getLong("A")).isEqualTo(3);
        assertThat(r.getLong(1)).isEqualTo(2);
    }

    @Test
    void badIndex() {
        Row r = row("a", 1L, "b", 2L);
        for (int i : new int[] {-1, 2, 100}) {
            assertThatThrownBy(() -> r.get(i)).isInstanceOf(IndexOutOfBoundsException.class)
                    .hasMessageContaining("index " + i)
                    .hasMessageContaining("2 columns")
                    .hasMessageContaining("[a, b]");
            assertThatThrownBy(() -> r.getLong(i)).isInstanceOf(IndexOutOfBoundsException.class);
        }
    }

    @Test
    void badName() {
        Row r = row("a", 1L, "b", 2L);
        assertThatThrownBy(() -> r.getLong("nope")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'nope'")
                .hasMessageContaining("[a, b]");
        assertThatThrownBy(() -> r.get("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void valueCountMustMatchColumns() {
        ColumnIndex idx = ColumnIndex.of(List.of(new Column("a", null)));
        assertThatThrownBy(() -> new Row(idx, new Value[0])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0 values").hasMessageContaining("1 columns");
    }

    @Test
    void declaredTypesAreKept() {
        Row r = new Row(ColumnIndex.of(List.of(new Column("a", "INTEGER"), new Column("b", null))),
                new Value[] {Value.integer(1), Value.NULL});
        assertThat(r.columns()).containsExactly(new Column("a", "INTEGER"), new Column("b", null));
    }

    @Test
    void bytesAreCopies() {
        Row r = row("b", new byte[] {1});
        r.getBytes("b")[0] = 5;
        ((byte[]) r.getObject("b"))[0] = 6;
        assertThat(r.getBytes("b")).containsExactly(1);
    }

    @Test
    void valuesAreUnmodifiable() {
        Row r = row("a", 1L);
        assertThatThrownBy(() -> r.values().set(0, Value.NULL)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void equality() {
        assertThat(row("a", 1L)).isEqualTo(row("a", 1L)).hasSameHashCodeAs(row("a", 1L))
                .isNotEqualTo(row("b", 1L)).isNotEqualTo(row("a", 2L));
        assertThat(row("a", 1L).toString()).isEqualTo("[1]");
    }

    @Test
    void columnIndexLookups() {
        ColumnIndex idx = ColumnIndex.of(List.of(new Column("Name", null), new Column(null, null)));
        assertThat(idx.size()).isEqualTo(2);
        assertThat(idx.indexOf("name")).isZero();
        assertThat(idx.indexOf("missing")).isEqualTo(-1);
        assertThat(ColumnIndex.of(List.of()).size()).isZero();
    }
}
