package dev.libsql4j.cli;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Streaming RFC 4180 reader: comma separated, {@code "} quotes with {@code ""} escapes, quoted
 * fields may hold commas, quotes and line breaks; records end at LF, CRLF or CR. Reads one record
 * at a time, so memory stays flat whatever the file size. Counts the chars consumed for progress.
 */
final class CsvReader implements AutoCloseable {

    private final Reader in;
    private final char[] buf = new char[64 * 1024];
    private int pos;
    private int len;
    private long consumed;
    private long line = 1;
    private int pushback = -2;

    CsvReader(Reader in) {
        this.in = in;
    }

    /** Chars read so far (a progress measure). */
    long consumed() {
        return consumed;
    }

    /** Line number where the next record starts (1-based). */
    long line() {
        return line;
    }

    /** Returns the next record, or null at end of input. A blank line is skipped. */
    List<String> next() throws IOException {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int c = read();
        if (c == -1) {
            return null;
        }
        while (c == '\n' || c == '\r') { // skip blank lines
            if (c == '\r') {
                int d = read();
                if (d != '\n') {
                    unread(d);
                }
            }
            line++;
            c = read();
            if (c == -1) {
                return null;
            }
        }
        long startLine = line;
        while (true) {
            if (c == '"' && field.length() == 0) {
                // quoted field
                while (true) {
                    int d = read();
                    if (d == -1) {
                        throw new IOException("unterminated quoted field starting on line " + startLine);
                    }
                    if (d == '"') {
                        int e = read();
                        if (e == '"') {
                            field.append('"');
                        } else {
                            c = e;
                            break;
                        }
                    } else {
                        if (d == '\n') {
                            line++;
                        }
                        field.append((char) d);
                    }
                }
                // after closing quote: tolerate stray chars up to the separator
                while (c != ',' && c != '\n' && c != '\r' && c != -1) {
                    field.append((char) c);
                    c = read();
                }
            } else {
                while (c != ',' && c != '\n' && c != '\r' && c != -1) {
                    field.append((char) c);
                    c = read();
                }
            }
            fields.add(field.toString());
            field.setLength(0);
            if (c == ',') {
                c = read();
                if (c == -1 || c == '\n' || c == '\r') {
                    fields.add("");
                    if (c == -1) {
                        return fields;
                    }
                } else {
                    continue;
                }
            }
            if (c == '\r') {
                int d = read();
                if (d != '\n') {
                    unread(d);
                }
            }
            if (c != -1) {
                line++;
            }
            return fields;
        }
    }

    private int read() throws IOException {
        if (pushback != -2) {
            int c = pushback;
            pushback = -2;
            return c;
        }
        if (pos == len) {
            len = in.read(buf, 0, buf.length);
            pos = 0;
            if (len <= 0) {
                len = 0;
                return -1;
            }
        }
        consumed++;
        return buf[pos++];
    }

    private void unread(int c) {
        pushback = c;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
