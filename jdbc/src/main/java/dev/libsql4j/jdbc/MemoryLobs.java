package dev.libsql4j.jdbc;

import java.io.ByteArrayInputStream;
import java.io.CharArrayReader;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.NClob;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * The {@link Blob} and {@link Clob}/{@link NClob} that {@code Connection.createBlob()} and
 * {@code createClob()} return: growable values in memory, bound as a BLOB or TEXT when passed to
 * {@code setBlob}/{@code setClob}/{@code setObject}. SQLite has no locators; a LOB is a value.
 * Not thread-safe (a JDBC LOB belongs to one thread), as JDBC allows.
 */
final class MemoryLobs {
    private MemoryLobs() {
    }

    private static SQLException freed(String what) {
        return new SQLException(what + " was freed (free() was called)", "HY010");
    }

    private static int index(long pos, long length, String what) throws SQLException {
        if (pos < 1 || pos > length + 1 || pos > Integer.MAX_VALUE) {
            throw new SQLException(what + " position " + pos + " is outside 1.." + (length + 1), "22003");
        }
        return (int) (pos - 1);
    }

    private static void checkRange(int off, int len, int size) throws SQLException {
        if (off < 0 || len < 0 || off + len > size) {
            throw new SQLException("Offset " + off + " and length " + len + " do not fit " + size + " elements", "22003");
        }
    }

    /** A {@link Blob} over a growable byte array. */
    static final class MemoryBlob implements Blob {
        private byte[] bytes = new byte[0];
        private int length;
        private boolean freed;

        private void check() throws SQLException {
            if (freed) {
                throw freed("Blob");
            }
        }

        private void write(int at, byte[] src, int off, int len) {
            if (at + len > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(at + len, bytes.length * 2));
            }
            System.arraycopy(src, off, bytes, at, len);
            length = Math.max(length, at + len);
        }

        @Override
        public long length() throws SQLException {
            check();
            return length;
        }

        @Override
        public byte[] getBytes(long pos, int len) throws SQLException {
            check();
            int at = index(pos, length, "Blob");
            return Arrays.copyOfRange(bytes, at, at + Math.max(0, Math.min(len, length - at)));
        }

        @Override
        public InputStream getBinaryStream() throws SQLException {
            check();
            return new ByteArrayInputStream(bytes, 0, length);
        }

        @Override
        public InputStream getBinaryStream(long pos, long len) throws SQLException {
            check();
            int at = index(pos, length, "Blob");
            checkRange(at, Math.toIntExact(len), length);
            return new ByteArrayInputStream(bytes, at, (int) len);
        }

        @Override
        public long position(byte[] pattern, long start) throws SQLException {
            check();
            int from = index(start, length, "Blob");
            outer:
            for (int i = from; i + pattern.length <= length; i++) {
                for (int j = 0; j < pattern.length; j++) {
                    if (bytes[i + j] != pattern[j]) {
                        continue outer;
                    }
                }
                return i + 1L;
            }
            return -1;
        }

        @Override
        public long position(Blob pattern, long start) throws SQLException {
            return position(pattern.getBytes(1, Math.toIntExact(pattern.length())), start);
        }

        @Override
        public int setBytes(long pos, byte[] src) throws SQLException {
            return setBytes(pos, src, 0, src.length);
        }

        @Override
        public int setBytes(long pos, byte[] src, int offset, int len) throws SQLException {
            check();
            checkRange(offset, len, src.length);
            write(index(pos, length, "Blob"), src, offset, len);
            return len;
        }

        @Override
        public OutputStream setBinaryStream(long pos) throws SQLException {
            check();
            int[] at = {index(pos, length, "Blob")};
            return new OutputStream() {
                @Override
                public void write(int b) {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    MemoryBlob.this.write(at[0], b, off, len);
                    at[0] += len;
                }
            };
        }

        @Override
        public void truncate(long len) throws SQLException {
            check();
            if (len < 0 || len > length) {
                throw new SQLException("Cannot truncate a Blob of " + length + " bytes to " + len, "22003");
            }
            length = (int) len;
        }

        @Override
        public void free() {
            freed = true;
            bytes = new byte[0];
            length = 0;
        }
    }

    /** A {@link NClob} (so also a {@link Clob}) over a growable char array. */
    static final class MemoryClob implements NClob {
        private final StringBuilder text = new StringBuilder();
        private boolean freed;

        private void check() throws SQLException {
            if (freed) {
                throw freed("Clob");
            }
        }

        @Override
        public long length() throws SQLException {
            check();
            return text.length();
        }

        @Override
        public String getSubString(long pos, int len) throws SQLException {
            check();
            int at = index(pos, text.length(), "Clob");
            return text.substring(at, at + Math.max(0, Math.min(len, text.length() - at)));
        }

        @Override
        public Reader getCharacterStream() throws SQLException {
            check();
            return new CharArrayReader(text.toString().toCharArray());
        }

        @Override
        public Reader getCharacterStream(long pos, long len) throws SQLException {
            check();
            int at = index(pos, text.length(), "Clob");
            checkRange(at, Math.toIntExact(len), text.length());
            return new CharArrayReader(text.substring(at, at + (int) len).toCharArray());
        }

        @Override
        public InputStream getAsciiStream() throws SQLException {
            check();
            return new ByteArrayInputStream(text.toString().getBytes(StandardCharsets.US_ASCII));
        }

        @Override
        public long position(String pattern, long start) throws SQLException {
            check();
            int i = text.indexOf(pattern, index(start, text.length(), "Clob"));
            return i < 0 ? -1 : i + 1L;
        }

        @Override
        public long position(Clob pattern, long start) throws SQLException {
            return position(pattern.getSubString(1, Math.toIntExact(pattern.length())), start);
        }

        @Override
        public int setString(long pos, String str) throws SQLException {
            return setString(pos, str, 0, str.length());
        }

        @Override
        public int setString(long pos, String str, int offset, int len) throws SQLException {
            check();
            checkRange(offset, len, str.length());
            write(index(pos, text.length(), "Clob"), str, offset, len);
            return len;
        }

        private void write(int at, CharSequence src, int off, int len) {
            int overlap = Math.min(len, text.length() - at);
            text.replace(at, at + overlap, src.subSequence(off, off + overlap).toString());
            text.append(src, off + overlap, off + len);
        }

        @Override
        public OutputStream setAsciiStream(long pos) throws SQLException {
            Writer w = setCharacterStream(pos);
            return new OutputStream() {
                @Override
                public void write(int b) throws java.io.IOException {
                    w.write(b & 0x7F);
                }
            };
        }

        @Override
        public Writer setCharacterStream(long pos) throws SQLException {
            check();
            int[] at = {index(pos, text.length(), "Clob")};
            return new Writer() {
                @Override
                public void write(char[] cbuf, int off, int len) {
                    MemoryClob.this.write(at[0], java.nio.CharBuffer.wrap(cbuf), off, len);
                    at[0] += len;
                }

                @Override
                public void flush() {
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        public void truncate(long len) throws SQLException {
            check();
            if (len < 0 || len > text.length()) {
                throw new SQLException("Cannot truncate a Clob of " + text.length() + " characters to " + len, "22003");
            }
            text.setLength((int) len);
        }

        @Override
        public void free() {
            freed = true;
            text.setLength(0);
        }
    }
}
