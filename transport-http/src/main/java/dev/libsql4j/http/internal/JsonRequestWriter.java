package dev.libsql4j.http.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.libsql4j.Statement;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Builds one Hrana 3 JSON pipeline or cursor request body and counts the requests in it. Writes
 * straight to bytes with a streaming generator.
 */
final class JsonRequestWriter extends RequestWriter {
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream(256);
    private final JsonGenerator g;
    private final boolean cursor;

    JsonRequestWriter(String baton, boolean cursor) {
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

    /** A {@code /v3/cursor} body holding one batch. */
    static byte[] cursor(String baton, List<Step> steps) {
        JsonRequestWriter w = new JsonRequestWriter(baton, true);
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

    @Override
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

    @Override
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

    @Override
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
        writeBatch(g, steps);
    }

    /** A {@code Batch} object: its steps with their conditions. */
    static void writeBatch(JsonGenerator g, List<Step> steps) throws IOException {
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

    @Override
    int sequence(String sql) {
        return simple("sequence", "sql", sql);
    }

    @Override
    int describe(String sql) {
        return simple("describe", "sql", sql);
    }

    @Override
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

    @Override
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

    @Override
    int getAutocommit() {
        return simple("get_autocommit", null, null);
    }

    @Override
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
    @Override
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
