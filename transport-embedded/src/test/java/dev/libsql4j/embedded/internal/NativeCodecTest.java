package dev.libsql4j.embedded.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.libsql4j.Column;
import dev.libsql4j.ProtocolException;
import dev.libsql4j.Result;
import dev.libsql4j.Statement;
import dev.libsql4j.Value;
import dev.libsql4j.spi.ColumnIndex;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The JNI byte formats, checked byte for byte against the NativeBindings documentation. */
class NativeCodecTest {

  private static ByteBuffer le(byte[] b) {
    return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
  }

  @Test
  void noArgumentsIsNull() {
    assertThat(NativeCodec.encodeParams(Statement.of("SELECT 1"))).isNull();
  }

  @Test
  void positionalArgumentsEncodeEveryType() {
    byte[] b = NativeCodec.encodeParams(
        Statement.of("SELECT ?, ?, ?, ?, ?", null, Long.MIN_VALUE, -0.0d, "a\u0000😀", new byte[] {7, 8}));
    ByteBuffer bb = le(b);
    assertThat(bb.get()).isEqualTo((byte) 1);
    assertThat(bb.getInt()).isEqualTo(5);
    assertThat(bb.get()).isEqualTo((byte) 0);
    assertThat(bb.get()).isEqualTo((byte) 1);
    assertThat(bb.getLong()).isEqualTo(Long.MIN_VALUE);
    assertThat(bb.get()).isEqualTo((byte) 2);
    assertThat(bb.getLong()).isEqualTo(Double.doubleToRawLongBits(-0.0d));
    assertThat(bb.get()).isEqualTo((byte) 3);
    byte[] text = "a\u0000😀".getBytes(StandardCharsets.UTF_8);
    assertThat(bb.getInt()).isEqualTo(text.length);
    byte[] got = new byte[text.length];
    bb.get(got);
    assertThat(got).isEqualTo(text);
    assertThat(bb.get()).isEqualTo((byte) 4);
    assertThat(bb.getInt()).isEqualTo(2);
    assertThat(bb.get()).isEqualTo((byte) 7);
    assertThat(bb.get()).isEqualTo((byte) 8);
    assertThat(bb.hasRemaining()).isFalse();
  }

  @Test
  void namedArgumentsGoWithoutPrefix() {
    Map<String, Object> args = new LinkedHashMap<>();
    args.put(":a", 1);
    args.put("$bb", "x");
    byte[] b = NativeCodec.encodeParams(Statement.named("SELECT :a, $bb", args));
    ByteBuffer bb = le(b);
    assertThat(bb.get()).isEqualTo((byte) 2);
    assertThat(bb.getInt()).isEqualTo(2);
    assertThat(bb.getInt()).isEqualTo(1);
    assertThat(bb.get()).isEqualTo((byte) 'a');
    assertThat(bb.get()).isEqualTo((byte) 1);
    assertThat(bb.getLong()).isEqualTo(1);
    assertThat(bb.getInt()).isEqualTo(2);
    assertThat(bb.get()).isEqualTo((byte) 'b');
    assertThat(bb.get()).isEqualTo((byte) 'b');
    assertThat(bb.get()).isEqualTo((byte) 3);
    assertThat(bb.getInt()).isEqualTo(1);
    assertThat(bb.get()).isEqualTo((byte) 'x');
    assertThat(bb.hasRemaining()).isFalse();
  }

  /** Builds an execute result as the native side documents it. */
  private static byte[] executeResult(long affected, Long rowid, int cols, Object[][] rows) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuffer h = ByteBuffer.allocate(17 + 9).order(ByteOrder.LITTLE_ENDIAN);
    h.putLong(affected).put((byte) (rowid == null ? 0 : 1)).putLong(rowid == null ? 0 : rowid);
    h.putInt(cols).putInt(rows.length).put((byte) 1);
    out.writeBytes(h.array());
    NativeCodec.Writer w = new NativeCodec.Writer(64);
    for (Object[] row : rows) {
      for (Object v : row) {
        w.value(Value.of(v));
      }
    }
    out.writeBytes(w.finish());
    return out.toByteArray();
  }

  @Test
  void decodesExecuteResults() {
    ColumnIndex idx = ColumnIndex.of(List.of(new Column("a", "INTEGER"), new Column("b", null)));
    byte[] bytes = executeResult(0, null, 2, new Object[][] {{1L, "x"}, {null, new byte[] {1}}, {2.5, ""}});
    Result r = NativeCodec.executeResult(bytes, n -> idx);
    assertThat(r.columns()).containsExactly(new Column("a", "INTEGER"), new Column("b", null));
    assertThat(r.rowCount()).isEqualTo(3);
    assertThat(r.rows().get(0).values()).containsExactly(Value.integer(1), Value.text("x"));
    assertThat(r.rows().get(1).values()).containsExactly(Value.NULL, Value.blob(new byte[] {1}));
    assertThat(r.rows().get(2).values()).containsExactly(Value.real(2.5), Value.text(""));
    assertThat(r.rowsAffected()).isZero();
    assertThat(r.lastInsertRowid()).isEmpty();

    Result ins = NativeCodec.executeResult(executeResult(3, 42L, 0, new Object[0][]), n -> {
      throw new AssertionError("no columns to look up");
    });
    assertThat(ins.rowsAffected()).isEqualTo(3);
    assertThat(ins.lastInsertRowid()).hasValue(42);
    assertThat(ins.columns()).isEmpty();
  }

  @Test
  void malformedDataIsAProtocolErrorNotACrash() {
    ColumnIndex one = ColumnIndex.of(List.of(new Column("a", null)));
    byte[] ok = executeResult(0, null, 1, new Object[][] {{"text"}});
    // Truncated anywhere.
    for (int cut = 0; cut < ok.length; cut++) {
      byte[] shorter = java.util.Arrays.copyOf(ok, cut);
      assertThatThrownBy(() -> NativeCodec.executeResult(shorter, n -> one))
          .isInstanceOf(ProtocolException.class)
          .hasMessageContaining("malformed");
    }
    // An unknown tag, trailing bytes, a column count that does not match.
    byte[] badTag = ok.clone();
    badTag[26] = 9;
    assertThatThrownBy(() -> NativeCodec.executeResult(badTag, n -> one)).isInstanceOf(ProtocolException.class);
    byte[] trailing = java.util.Arrays.copyOf(ok, ok.length + 1);
    assertThatThrownBy(() -> NativeCodec.executeResult(trailing, n -> one)).isInstanceOf(ProtocolException.class);
    assertThatThrownBy(() -> NativeCodec.executeResult(ok, n -> ColumnIndex.of(List.of())))
        .isInstanceOf(ProtocolException.class);
    // A huge length does not allocate.
    byte[] huge = ok.clone();
    huge[27] = (byte) 0xFF;
    huge[28] = (byte) 0xFF;
    huge[29] = (byte) 0xFF;
    huge[30] = (byte) 0x7F;
    assertThatThrownBy(() -> NativeCodec.executeResult(huge, n -> one)).isInstanceOf(ProtocolException.class);
  }

  @Test
  void columnPairs() {
    assertThat(NativeCodec.columns(new String[] {"id", "INTEGER", "expr", null}).columns())
        .containsExactly(new Column("id", "INTEGER"), new Column("expr", null));
    assertThat(NativeCodec.columns(null).size()).isZero();
    assertThatThrownBy(() -> NativeCodec.columns(new String[] {"x"})).isInstanceOf(ProtocolException.class);
  }
}
