package dev.libsql4j.http.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.libsql4j.Statement;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Builds one pipeline or cursor request body and counts the requests in it. Writes straight to
 * bytes with a streaming generator.
 */
final class RequestWriter {
    /** One step of a batch: a statement (or bare SQL), an optional condition, an optional sql id. */
    record Step(Cond cond, Statement stmt, String sql, int sqlId) {
        static Step of(Cond cond, Statement stmt) {
            return new Step(cond, stmt, null, -1);
        }

        static Step sql(Cond cond, String sql) {
            return new Step(cond, null, sql, -1);
        }
    }

    private final ByteArrayOutputStream buf = new ByteArrayOutputStream(256);
    private final JsonGenerator g;
    private final boolean cursor;
    private int count;

    private RequestWriter(String baton, boolean cursor) {
        this.cursor = cursor;
        try {
            g = HranaJson.FACTORY.createGenerator(buf);
            g.writeStartObject();
            if (baton == null) {
                g.writeNullField("baton");
            } else {
                g.writeStringField("baton", baton);
            }
            if (!cursor) {
                g.writeArrayFieldStart("requests");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A {@code /v3/pipeline} body. */
    static RequestWriter pipeline(String baton) {
        return new RequestWriter(baton, false);
    }

    /** A {@code /v3/cursor} body holding one batch. */
    static byte[] cursor(String baton, List<Step> steps) {
        RequestWriter w = new RequestWriter(baton, true);
        try {
            w.g.writeFieldName("batch");
            w.writeBatch(steps);
            w.g.writeEndObject();
            w.g.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.buf.toByteArray();
    }

    /** The number of requests written so far. */
    int count() {
        return count;
    }

    int execute(Statement s, int sqlId) {
        try {
            g.writeStartObject();
            g.writeStringField("type", "execute");
            g.writeFieldName("stmt");
            HranaJson.writeStmt(g, s, sqlId, true);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return count++;
    }

    int executeSql(String sql) {
        try {
            g.writeStartObject();
            g.writeStringField("type", "execute");
            g.writeFieldName("stmt");
            HranaJson.writeSqlStmt(g, sql, false);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return count++;
    }

    int batch(List<Step> steps) {
        try {
            g.writeStartObject();
            g.writeStringField("type", "batch");
            g.writeFieldName("batch");
            writeBatch(steps);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return count++;
    }

    private void writeBatch(List<Step> steps) throws IOException {
        g.writeStartObject();
        g.writeArrayFieldStart("steps");
        for (Step s : steps) {
            g.writeStartObject();
            if (s.cond() != null) {
                g.writeFieldName("condition");
                Cond.write(g, s.cond());
            }
            g.writeFieldName("stmt");
            if (s.stmt() != null) {
                HranaJson.writeStmt(g, s.stmt(), s.sqlId(), true);
            } else {
                HranaJson.writeSqlStmt(g, s.sql(), false);
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    int sequence(String sql) {
        return simple("sequence", "sql", sql);
    }

    int describe(String sql) {
        return simple("describe", "sql", sql);
    }

    int storeSql(int id, String sql) {
        try {
            g.writeStartObject();
            g.writeStringField("type", "store_sql");
            g.writeNumberField("sql_id", id);
            g.writeStringField("sql", sql);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return count++;
    }

    int closeSql(int id) {
        try {
            g.writeStartObject();
            g.writeStringField("type", "close_sql");
            g.writeNumberField("sql_id", id);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return count++;
    }

    int getAutocommit() {
        return simple("get_autocommit", null, null);
    }

    int close() {
        return simple("close", null, null);
    }

    private int simple(String type, String field, String value) {
        try {
            g.writeStartObject();
            g.writeStringField("type", type);
            if (field != null) {
                g.writeStringField(field, value);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return count++;
    }

    /** Ends the body and returns its bytes. */
    byte[] finish() {
        if (cursor) {
            throw new IllegalStateException("cursor bodies are built by cursor()");
        }
        try {
            g.writeEndArray();
            g.writeEndObject();
            g.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buf.toByteArray();
    }
}
