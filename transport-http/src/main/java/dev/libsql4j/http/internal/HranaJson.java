package dev.libsql4j.http.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.libsql4j.Column;
import dev.libsql4j.Statement;
import dev.libsql4j.Value;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Hrana 3 JSON, written and read with Jackson's streaming API (no trees, no data binding).
 * Readers accept fields in any order and skip unknown ones.
 */
final class HranaJson {
    static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(com.fasterxml.jackson.core.json.JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .build();
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    private HranaJson() {
    }

    // ---------------------------------------------------------------- writing

    /** Writes a {@code Stmt}; {@code sqlId >= 0} sends the stored SQL id instead of the text. */
    static void writeStmt(JsonGenerator g, Statement s, int sqlId, boolean wantRows) throws IOException {
        g.writeStartObject();
        if (sqlId >= 0) {
            g.writeNumberField("sql_id", sqlId);
        } else {
            g.writeStringField("sql", s.sql());
        }
        if (s.hasNamedArgs()) {
            g.writeArrayFieldStart("named_args");
            for (Map.Entry<String, Value> e : s.namedArgs().entrySet()) {
                g.writeStartObject();
                g.writeStringField("name", e.getKey());
                g.writeFieldName("value");
                writeValue(g, e.getValue(), e.getKey());
                g.writeEndObject();
            }
            g.writeEndArray();
        } else if (!s.args().isEmpty()) {
            g.writeArrayFieldStart("args");
            List<Value> args = s.args();
            for (int i = 0; i < args.size(); i++) {
                writeValue(g, args.get(i), null, i);
            }
            g.writeEndArray();
        }
        if (!wantRows) {
            g.writeBooleanField("want_rows", false);
        }
        g.writeEndObject();
    }

    /** A plain SQL statement without arguments. */
    static void writeSqlStmt(JsonGenerator g, String sql, boolean wantRows) throws IOException {
        g.writeStartObject();
        g.writeStringField("sql", sql);
        if (!wantRows) {
            g.writeBooleanField("want_rows", false);
        }
        g.writeEndObject();
    }

    private static void writeValue(JsonGenerator g, Value v, String name) throws IOException {
        writeValue(g, v, name, -1);
    }

    private static void writeValue(JsonGenerator g, Value v, String name, int index) throws IOException {
        g.writeStartObject();
        if (v instanceof Value.Integer n) {
            g.writeStringField("type", "integer");
            g.writeStringField("value", Long.toString(n.value()));
        } else if (v instanceof Value.Text t) {
            g.writeStringField("type", "text");
            g.writeStringField("value", t.value());
        } else if (v instanceof Value.Real r) {
            double d = r.value();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new IllegalArgumentException("Argument " + (name != null ? "'" + name + "'" : String.valueOf(index + 1))
                        + " is " + d + ", which the Hrana JSON protocol cannot carry");
            }
            g.writeStringField("type", "float");
            g.writeNumberField("value", d);
        } else if (v instanceof Value.Blob b) {
            g.writeStringField("type", "blob");
            g.writeStringField("base64", B64.encodeToString(b.unsafeBytes()));
        } else {
            g.writeStringField("type", "null");
        }
        g.writeEndObject();
    }

    // ---------------------------------------------------------------- reading

    /** Fails with a message naming what was expected. */
    static IOException malformed(JsonParser p, String what) {
        return new MalformedResponseException("expected " + what + " but found " + p.currentToken()
                + " at " + p.currentLocation().offsetDescription());
    }

    static void expect(JsonParser p, JsonToken t, String what) throws IOException {
        if (p.currentToken() != t) {
            throw malformed(p, what);
        }
    }

    /** Reads a Hrana error object; the parser is on its START_OBJECT. */
    static HranaError readError(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(p, JsonToken.START_OBJECT, "an error object");
        String message = null;
        String code = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            JsonToken t = p.nextToken();
            if (f.equals("message") && t == JsonToken.VALUE_STRING) {
                message = p.getText();
            } else if (f.equals("code") && t == JsonToken.VALUE_STRING) {
                code = p.getText();
            } else {
                p.skipChildren();
            }
        }
        expect(p, JsonToken.END_OBJECT, "the end of an error object");
        return new HranaError(message == null ? "(no message)" : message, code);
    }

    /**
     * Reads any Hrana result object (StmtResult, BatchResult, DescribeResult, a stream response
     * or a cursor entry) into {@code into}. The parser is on its START_OBJECT.
     */
    static StreamResult readObject(JsonParser p, StreamResult into) throws IOException {
        expect(p, JsonToken.START_OBJECT, "an object");
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            JsonToken t = p.nextToken();
            switch (f) {
                case "type":
                    into.type = t == JsonToken.VALUE_STRING ? p.getText() : null;
                    break;
                case "result":
                case "response":
                    if (t == JsonToken.START_OBJECT) {
                        readObject(p, into);
                    } else {
                        p.skipChildren();
                    }
                    break;
                case "error":
                    into.error = readError(p);
                    break;
                case "cols":
                    into.cols = readCols(p);
                    break;
                case "rows":
                    into.rows = readRows(p);
                    break;
                case "affected_row_count":
                    into.affectedRowCount = t == JsonToken.VALUE_NULL ? 0 : readLong(p, "affected_row_count");
                    break;
                case "last_insert_rowid":
                    into.lastInsertRowid = t == JsonToken.VALUE_NULL ? null : readLong(p, "last_insert_rowid");
                    break;
                case "step_results":
                    into.stepResults = readStepResults(p);
                    break;
                case "step_errors":
                    into.stepErrors = readStepErrors(p);
                    break;
                case "params":
                    into.params = readParams(p);
                    into.hasDescribe = true;
                    break;
                case "is_readonly":
                    into.isReadonly = t == JsonToken.VALUE_TRUE;
                    break;
                case "replication_index":
                    into.replicationIndex = t == JsonToken.VALUE_NULL ? null : readLong(p, "replication_index");
                    break;
                case "is_autocommit":
                    into.isAutocommit = t == JsonToken.VALUE_TRUE;
                    break;
                case "entries":
                    expect(p, JsonToken.START_ARRAY, "entries");
                    into.entries = new ArrayList<>();
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        into.entries.add(JsonCodec.readEntry(p));
                    }
                    expect(p, JsonToken.END_ARRAY, "the end of entries");
                    break;
                case "done":
                    into.done = t == JsonToken.VALUE_TRUE;
                    break;
                default:
                    p.skipChildren();
            }
        }
        expect(p, JsonToken.END_OBJECT, "the end of an object");
        return into;
    }

    /** A long from a JSON number or a decimal string (sqld uses both), never through double. */
    static long readLong(JsonParser p, String what) throws IOException {
        JsonToken t = p.currentToken();
        try {
            if (t == JsonToken.VALUE_NUMBER_INT) {
                return p.getLongValue();
            }
            if (t == JsonToken.VALUE_STRING) {
                return Long.parseLong(p.getText());
            }
        } catch (NumberFormatException | com.fasterxml.jackson.core.exc.InputCoercionException e) {
            throw new MalformedResponseException(what + " is not a 64-bit integer: " + p.getText());
        }
        throw malformed(p, what + " as an integer");
    }

    static List<Column> readCols(JsonParser p) throws IOException {
        expect(p, JsonToken.START_ARRAY, "an array of columns");
        List<Column> cols = new ArrayList<>();
        while (p.nextToken() == JsonToken.START_OBJECT) {
            String name = null;
            String decltype = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                JsonToken t = p.nextToken();
                if (f.equals("name") && t == JsonToken.VALUE_STRING) {
                    name = p.getText();
                } else if (f.equals("decltype") && t == JsonToken.VALUE_STRING) {
                    decltype = p.getText();
                } else {
                    p.skipChildren();
                }
            }
            cols.add(new Column(name, decltype));
        }
        expect(p, JsonToken.END_ARRAY, "the end of the columns");
        return cols;
    }

    static List<Value[]> readRows(JsonParser p) throws IOException {
        expect(p, JsonToken.START_ARRAY, "an array of rows");
        List<Value[]> rows = new ArrayList<>();
        while (p.nextToken() == JsonToken.START_ARRAY) {
            rows.add(readRow(p));
        }
        expect(p, JsonToken.END_ARRAY, "the end of the rows");
        return rows;
    }

    /** Reads one row; the parser is on its START_ARRAY. */
    static Value[] readRow(JsonParser p) throws IOException {
        expect(p, JsonToken.START_ARRAY, "a row");
        List<Value> vals = new ArrayList<>(8);
        while (p.nextToken() == JsonToken.START_OBJECT) {
            vals.add(readValue(p));
        }
        expect(p, JsonToken.END_ARRAY, "the end of a row");
        return vals.toArray(new Value[0]);
    }

    /** Reads one value object in any field order; the parser is on its START_OBJECT. */
    static Value readValue(JsonParser p) throws IOException {
        String type = null;
        String text = null;
        JsonToken valueToken = null;
        long longValue = 0;
        double doubleValue = 0;
        String base64 = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            JsonToken t = p.nextToken();
            switch (f) {
                case "type":
                    type = p.getText();
                    break;
                case "value":
                    valueToken = t;
                    if (t == JsonToken.VALUE_STRING) {
                        text = p.getText();
                    } else if (t == JsonToken.VALUE_NUMBER_INT) {
                        text = p.getText();
                        doubleValue = p.getDoubleValue();
                    } else if (t == JsonToken.VALUE_NUMBER_FLOAT) {
                        doubleValue = p.getDoubleValue();
                    } else {
                        p.skipChildren();
                    }
                    break;
                case "base64":
                    base64 = p.getText();
                    break;
                default:
                    p.skipChildren();
            }
        }
        expect(p, JsonToken.END_OBJECT, "the end of a value");
        if (type == null) {
            throw new MalformedResponseException("a value has no type");
        }
        switch (type) {
            case "null":
                return Value.NULL;
            case "integer":
                if (text == null) {
                    throw new MalformedResponseException("an integer value has no value");
                }
                try {
                    longValue = Long.parseLong(text);
                } catch (NumberFormatException e) {
                    throw new MalformedResponseException("integer value '" + text + "' is not a 64-bit integer");
                }
                return new Value.Integer(longValue);
            case "float":
                if (valueToken == JsonToken.VALUE_NUMBER_FLOAT || valueToken == JsonToken.VALUE_NUMBER_INT) {
                    return new Value.Real(doubleValue);
                }
                if (valueToken == JsonToken.VALUE_STRING) {
                    try {
                        return new Value.Real(Double.parseDouble(text));
                    } catch (NumberFormatException e) {
                        throw new MalformedResponseException("float value '" + text + "' is not a number");
                    }
                }
                // sqld writes a non-finite double as null; SQLite only makes infinities.
                return new Value.Real(Double.NaN);
            case "text":
                if (text == null) {
                    throw new MalformedResponseException("a text value has no value");
                }
                return new Value.Text(text);
            case "blob":
                if (base64 == null) {
                    throw new MalformedResponseException("a blob value has no base64");
                }
                try {
                    return Value.Blob.wrap(B64D.decode(base64));
                } catch (IllegalArgumentException e) {
                    throw new MalformedResponseException("a blob value is not valid base64");
                }
            default:
                throw new MalformedResponseException("unknown value type '" + type + "'");
        }
    }

    private static List<StreamResult> readStepResults(JsonParser p) throws IOException {
        expect(p, JsonToken.START_ARRAY, "step_results");
        List<StreamResult> out = new ArrayList<>();
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == JsonToken.VALUE_NULL) {
                out.add(null);
            } else {
                out.add(readObject(p, new StreamResult()));
            }
        }
        return out;
    }

    private static List<HranaError> readStepErrors(JsonParser p) throws IOException {
        expect(p, JsonToken.START_ARRAY, "step_errors");
        List<HranaError> out = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            out.add(readError(p));
        }
        return out;
    }

    private static List<String> readParams(JsonParser p) throws IOException {
        expect(p, JsonToken.START_ARRAY, "params");
        List<String> out = new ArrayList<>();
        while (p.nextToken() == JsonToken.START_OBJECT) {
            String name = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                JsonToken t = p.nextToken();
                if (f.equals("name") && t == JsonToken.VALUE_STRING) {
                    name = p.getText();
                } else {
                    p.skipChildren();
                }
            }
            out.add(name);
        }
        expect(p, JsonToken.END_ARRAY, "the end of params");
        return out;
    }

    /** A response that does not follow the protocol. */
    static final class MalformedResponseException extends IOException {
        private static final long serialVersionUID = 1L;

        MalformedResponseException(String message) {
            super(message);
        }
    }
}
