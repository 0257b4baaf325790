package dev.libsql4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ValueTest {

    static Stream<Arguments> conversions() {
        byte[] bytes = {1, 2, 3};
        Value v = Value.text("already");
        return Stream.of(
                Arguments.of(null, Value.NULL),
                Arguments.of(42L, new Value.Integer(42)),
                Arguments.of(Long.MIN_VALUE, new Value.Integer(Long.MIN_VALUE)),
                Arguments.of(Long.MAX_VALUE, new Value.Integer(Long.MAX_VALUE)),
                Arguments.of(-7, new Value.Integer(-7)),
                Arguments.of(Integer.MIN_VALUE, new Value.Integer(Integer.MIN_VALUE)),
                Arguments.of((short) -300, new Value.Integer(-300)),
                Arguments.of((byte) -128, new Value.Integer(-128)),
                Arguments.of(true, new Value.Integer(1)),
                Arguments.of(false, new Value.Integer(0)),
                Arguments.of(1.5d, new Value.Real(1.5)),
                Arguments.of(0.1f, new Value.Real((double) 0.1f)),
                Arguments.of(Float.MAX_VALUE, new Value.Real(Float.MAX_VALUE)),
                Arguments.of("text", new Value.Text("text")),
                Arguments.of("", new Value.Text("")),
                Arguments.of(bytes, Value.Blob.of(new byte[] {1, 2, 3})),
                Arguments.of(v, v),
                Arguments.of(Value.NULL, Value.NULL));
    }

    @ParameterizedTest
    @MethodSource("conversions")
    void convertsEverySupportedType(Object in, Value expected) {
        assertThat(Value.of(in)).isEqualTo(expected);
        assertThat(Statement.of("?", in).args()).containsExactly(expected);
    }

    @Test
    void valueArgumentIsKeptAsIs() {
        Value v = Value.integer(5);
        assertThat(Value.of(v)).isSameAs(v);
    }

    static Stream<Object> unsupported() {
        return Stream.of(new Date(0), new BigDecimal("1.5"), BigInteger.ONE, 'c', new AtomicLong(1), new int[] {1},
                new Object(), java.time.Instant.EPOCH);
    }

    @ParameterizedTest
    @MethodSource("unsupported")
    void rejectsOtherTypesNamingThem(Object in) {
        assertThatThrownBy(() -> Value.of(in))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(in.getClass().getName())
                .hasMessageContaining("Long, Integer");
    }

    @Test
    void integersStayExact() {
        for (long n : new long[] {Long.MIN_VALUE, Long.MIN_VALUE + 1, -1, 0, 1, (1L << 53) + 1, Long.MAX_VALUE - 1,
                Long.MAX_VALUE}) {
            Value v = Value.of(n);
            assertThat(((Value.Integer) v).value()).isEqualTo(n);
            assertThat(v.toJava()).isEqualTo(n);
            assertThat(v.toString()).isEqualTo(Long.toString(n));
        }
    }

    @Test
    void realsKeepTheirBits() {
        for (double d : new double[] {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, 1e308,
                -1e308, Double.MAX_VALUE, Math.PI, 0.1, Double.NaN, Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY}) {
            Value.Real r = (Value.Real) Value.of(d);
            assertThat(Double.doubleToRawLongBits(r.value())).isEqualTo(Double.doubleToRawLongBits(d));
            assertThat(Double.doubleToRawLongBits((Double) r.toJava())).isEqualTo(Double.doubleToRawLongBits(d));
        }
    }

    @Test
    void negativeZeroDiffersFromZero() {
        assertThat(Value.real(-0.0)).isNotEqualTo(Value.real(0.0));
        assertThat(Value.real(0.0)).isEqualTo(Value.real(0.0));
        assertThat(Value.real(-0.0)).isEqualTo(Value.real(-0.0));
        assertThat(Value.real(Double.NaN)).isEqualTo(Value.real(Double.NaN));
    }

    @Test
    void subnormalIsNotZero() {
        assertThat(Value.real(Double.MIN_VALUE)).isNotEqualTo(Value.real(0.0));
        assertThat(((Value.Real) Value.real(Double.MIN_VALUE)).value()).isEqualTo(4.9e-324);
    }

    @Test
    void integerAndRealAreDifferentValues() {
        assertThat(Value.integer(1)).isNotEqualTo(Value.real(1.0));
    }

    @Test
    void textKeepsEveryCharacter() {
        String s = "a\u0000b \uD83D\uDE00 \uD800\uDC00 \u00e9\u4e2d\uFFFF";
        Value.Text t = (Value.Text) Value.of(s);
        assertThat(t.value()).isEqualTo(s).hasSize(s.length());
        assertThat(t.value().codePoints().filter(Character::isSupplementaryCodePoint).count()).isEqualTo(2);
        assertThat(t.value().charAt(1)).isEqualTo('\u0000');
        assertThat(t.toJava()).isEqualTo(s);
        assertThat(t).isEqualTo(new Value.Text(s));
    }

    @Test
    void textValueIsNeverNull() {
        assertThatThrownBy(() -> new Value.Text(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("Value.NULL");
        assertThat(Value.text(null)).isSameAs(Value.NULL);
    }

    @Test
    void emptyBlob() {
        Value.Blob b = (Value.Blob) Value.of(new byte[0]);
        assertThat(b.length()).isZero();
        assertThat(b.value()).isEmpty();
        assertThat(b).isEqualTo(Value.Blob.of(new byte[0])).isNotEqualTo(Value.text(""));
        assertThat(b.toString()).isEqualTo("x''");
        assertThat(b.base64()).isEmpty();
    }

    @Test
    void blobWithAll256ByteValues() {
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        Value.Blob b = (Value.Blob) Value.of(all);
        assertThat(b.value()).containsExactly(all);
        assertThat((byte[]) b.toJava()).containsExactly(all);
        assertThat(b.length()).isEqualTo(256);
        assertThat(b.toString()).startsWith("x'000102").endsWith("(256 bytes)");
        assertThat(java.util.Base64.getDecoder().decode(b.base64())).containsExactly(all);
    }

    @Test
    void blobIsDefensivelyCopied() {
        byte[] in = {1, 2, 3};
        Value.Blob b = Value.Blob.of(in);
        in[0] = 99;
        assertThat(b.value()).containsExactly(1, 2, 3);
        b.value()[1] = 99;
        assertThat(b.value()).containsExactly(1, 2, 3);
        ((byte[]) b.toJava())[2] = 99;
        assertThat(b.value()).containsExactly(1, 2, 3);

        byte[] arg = {5};
        Value converted = Value.of(arg);
        arg[0] = 6;
        assertThat(((Value.Blob) converted).value()).containsExactly(5);

        byte[] viaFactory = {7};
        Value blob = Value.blob(viaFactory);
        viaFactory[0] = 8;
        assertThat(((Value.Blob) blob).value()).containsExactly(7);
    }

    @Test
    void blobEqualityIsByContent() {
        assertThat(Value.Blob.of(new byte[] {1, 2})).isEqualTo(Value.Blob.wrap(new byte[] {1, 2}))
                .hasSameHashCodeAs(Value.Blob.of(new byte[] {1, 2}))
                .isNotEqualTo(Value.Blob.of(new byte[] {1, 3}));
        assertThat(Value.blob(null)).isSameAs(Value.NULL);
        assertThatThrownBy(() -> Value.Blob.of(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void shortBlobToStringIsHex() {
        assertThat(Value.blob(new byte[] {0x0a, (byte) 0xff}).toString()).isEqualTo("x'0aff'");
    }

    @Test
    void nullValue() {
        assertThat(Value.NULL.toJava()).isNull();
        assertThat(Value.NULL).isEqualTo(new Value.Null());
        assertThat(Value.NULL.toString()).isEqualTo("NULL");
    }
}
