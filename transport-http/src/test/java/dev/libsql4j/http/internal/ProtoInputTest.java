package dev.libsql4j.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link ProtoInput}'s buffer starts small and grows while reads fill it: fields that straddle
 * every refill boundary, read through streams that hand out a few bytes or everything at once,
 * come back exactly.
 */
class ProtoInputTest {

  /** Strings and blobs of lengths around the buffer sizes, varints and doubles between them. */
  private static byte[] message(List<Object> expected) {
    ProtoOutput out = new ProtoOutput();
    int[] lengths = {0, 1, 500, 511, 512, 513, 2047, 2048, 2049, 8191, 8192, 16383, 16384, 16385, 40000};
    long v = 1;
    for (int len : lengths) {
      char[] cs = new char[len];
      Arrays.fill(cs, 'x');
      String s = new String(cs) + "\uD83D\uDE00"; // a 4-byte UTF-8 character last, split by some boundary
      out.stringField(1, s);
      expected.add(s);
      byte[] b = new byte[len];
      for (int i = 0; i < len; i++) {
        b[i] = (byte) i;
      }
      out.bytesField(2, b);
      expected.add(b);
      out.uint64Field(3, v);
      expected.add(v);
      v = v * 131 + Long.MAX_VALUE / 7;
      out.doubleField(4, -len / 3.0);
      expected.add(-len / 3.0);
    }
    return out.toByteArray();
  }

  /** A stream that returns at most {@code chunk} bytes per read, as a socket may. */
  private static InputStream chunked(byte[] data, int chunk) {
    return new ByteArrayInputStream(data) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, chunk));
      }
    };
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 7, 511, 512, 4096, Integer.MAX_VALUE})
  void fieldsAcrossEveryRefillComeBackExactly(int chunk) throws IOException {
    List<Object> expected = new ArrayList<>();
    byte[] data = message(expected);
    ProtoInput in = new ProtoInput(chunked(data, chunk));
    List<Object> got = new ArrayList<>();
    int tag;
    while ((tag = in.readTag()) >= 0) {
      switch (tag >>> 3) {
        case 1 -> got.add(in.readString());
        case 2 -> got.add(in.readBytes());
        case 3 -> got.add(in.readVarint());
        case 4 -> got.add(in.readDouble());
        default -> throw new AssertionError("unexpected field " + (tag >>> 3));
      }
    }
    assertThat(in.position()).isEqualTo(data.length);
    assertThat(got).hasSameSizeAs(expected);
    for (int i = 0; i < got.size(); i++) {
      if (expected.get(i) instanceof byte[] b) {
        assertThat((byte[]) got.get(i)).as("field %d", i).isEqualTo(b);
      } else {
        assertThat(got.get(i)).as("field %d", i).isEqualTo(expected.get(i));
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 300, 600, 3000})
  void anAnswerCutAnywhereIsMalformedNotAWrongValue(int cut) {
    byte[] data = Arrays.copyOf(message(new ArrayList<>()), cut); // inside a field, not between two
    ProtoInput in = new ProtoInput(new ByteArrayInputStream(data));
    assertThatThrownBy(() -> {
          int tag;
          while ((tag = in.readTag()) >= 0) {
            in.skip(tag);
          }
        })
        .isInstanceOf(HranaJson.MalformedResponseException.class)
        .hasMessageContaining("truncated");
  }
}
