package dev.libsql4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StatementTest {

    @Test
    void positionalArguments() {
        Statement s = Statement.of("SELECT ?, ?, ?", 1, "x", null);
        assertThat(s.sql()).isEqualTo("SELECT ?, ?, ?");
        assertThat(s.args()).containsExactly(Value.integer(1), Value.text("x"), Value.NULL);
        assertThat(s.namedArgs()).isEmpty();
        assertThat(s.hasNamedArgs()).isFalse();
    }

    @Test
    void noArguments() {
        Statement s = Statement.of("SELECT 1");
        assertThat(s.args()).isEmpty();
        assertThat(s.namedArgs()).isEmpty();
    }

    @Test
    void aNullArrayIsOneNullArgument() {
        assertThat(Statement.of("SELECT ?", (Object[]) null).args()).containsExactly(Value.NULL);
    }

    @Test
    void aByteArrayIsOneBlobArgument() {
        assertThat(Statement.of("SELECT ?", new byte[] {1, 2}).args()).containsExactly(Value.blob(new byte[] {1, 2}));
    }

    @Test
    void argumentsFromAList() {
        assertThat(Statement.of("SELECT ?, ?", Arrays.asList(2L, null)).args()).containsExactly(Value.integer(2), Value.NULL);
    }

    @Test
    void argsAreUnmodifiable() {
        Statement s = Statement.of("SELECT ?", 1);
        assertThatThrownBy(() -> s.args().add(Value.NULL)).isInstanceOf(UnsupportedOperationException.class);
        Statement n = Statement.of("SELECT :a").bind("a", 1);
        assertThatThrownBy(() -> n.namedArgs().put("b", Value.NULL)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void unsupportedPositionalTypeNamesPositionAndType() {
        assertThatThrownBy(() -> Statement.of("SELECT ?, ?", 1, new Date(0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("argument 2")
                .hasMessageContaining("java.util.Date");
        assertThatThrownBy(() -> Statement.of("SELECT ?", List.of(new BigDecimal("1"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("argument 1")
                .hasMessageContaining("java.math.BigDecimal");
    }

    @Test
    void unsupportedNamedTypeNamesTheName() {
        assertThatThrownBy(() -> Statement.of("SELECT :when").bind("when", new Date(0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'when'")
                .hasMessageContaining("java.util.Date");
        assertThatThrownBy(() -> Statement.named("SELECT :amount", Map.of(":amount", BigDecimal.TEN)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("amount")
                .hasMessageContaining("java.math.BigDecimal");
    }

    @ParameterizedTest
    @ValueSource(strings = {"id", ":id", "@id", "$id"})
    void namesAreNormalized(String name) {
        Statement s = Statement.of("SELECT :id").bind(name, 7);
        assertThat(s.namedArgs()).containsExactly(Map.entry("id", Value.integer(7)));
        assertThat(s.hasNamedArgs()).isTrue();
        assertThat(s).isEqualTo(Statement.of("SELECT :id").bind("id", 7));
        assertThat(Statement.normalizeName(name)).isEqualTo("id");
    }

    @Test
    void onlyOnePrefixIsStripped() {
        assertThat(Statement.normalizeName("::a")).isEqualTo(":a");
        assertThat(Statement.normalizeName("a:b")).isEqualTo("a:b");
    }

    @Test
    void emptyNamesAreRejected() {
        for (String name : new String[] {"", ":", "@", "$"}) {
            assertThatThrownBy(() -> Statement.of("SELECT 1").bind(name, 1))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
        }
        assertThatThrownBy(() -> Statement.of("SELECT 1").bind(null, 1)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void bindingTwiceFails() {
        Statement s = Statement.of("SELECT :a").bind("a", 1);
        assertThatThrownBy(() -> s.bind(":a", 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'a'")
                .hasMessageContaining("twice");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("a", 1);
        m.put("$a", 2);
        assertThatThrownBy(() -> Statement.named("SELECT :a", m))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("twice");
    }

    @Test
    void mixingPositionalAndNamedFails() {
        Statement s = Statement.of("SELECT ?, :b", 1);
        assertThatThrownBy(() -> s.bind("b", 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'b'")
                .hasMessageContaining("positional");
    }

    @Test
    void bindReturnsANewStatement() {
        Statement base = Statement.of("SELECT :a, :b");
        Statement a = base.bind("a", 1);
        Statement ab = a.bind("b", null);
        assertThat(base.namedArgs()).isEmpty();
        assertThat(a.namedArgs()).containsOnlyKeys("a");
        assertThat(ab.namedArgs()).containsExactly(Map.entry("a", Value.integer(1)), Map.entry("b", Value.NULL));
    }

    @Test
    void namedKeepsInsertionOrder() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("@z", 1);
        m.put("a", 2);
        m.put(":m", 3);
        assertThat(Statement.named("x", m).namedArgs().keySet()).containsExactly("z", "a", "m");
    }

    @Test
    void withArgsReplacesArguments() {
        Statement s = Statement.of("SELECT ?", 1);
        assertThat(s.withArgs(2).args()).containsExactly(Value.integer(2));
        assertThat(s.args()).containsExactly(Value.integer(1));
        assertThat(Statement.of("SELECT :a").bind("a", 1).withArgs(3).namedArgs()).isEmpty();
    }

    @Test
    void equalityAndHashCode() {
        assertThat(Statement.of("SELECT ?", 1L)).isEqualTo(Statement.of("SELECT ?", 1))
                .hasSameHashCodeAs(Statement.of("SELECT ?", (short) 1))
                .isNotEqualTo(Statement.of("SELECT ?", 1.0))
                .isNotEqualTo(Statement.of("SELECT  ?", 1));
        assertThat(Statement.of("?", -0.0)).isNotEqualTo(Statement.of("?", 0.0));
    }

    @Test
    void toStringHidesArgumentValues() {
        String s = Statement.of("SELECT ?, ?", "hunter2", 5).toString();
        assertThat(s).contains("SELECT ?, ?").contains("2 args").doesNotContain("hunter2");
        assertThat(Statement.of("x".repeat(500)).toString()).hasSizeLessThan(200).contains("...");
    }

    @Test
    void nullSqlIsRejected() {
        assertThatThrownBy(() -> Statement.of(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("sql");
    }
}
