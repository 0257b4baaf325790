package dev.libsql4j.http.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.libsql4j.Value;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.List;
import okhttp3.MediaType;

/** Hrana 3 JSON ({@code /v3/pipeline}, {@code /v3/cursor} JSON lines), read with Jackson's streaming parser. */
final class JsonCodec implements HranaCodec {
    private static final MediaType MEDIA_TYPE = MediaType.get("application/json");

    @Override
    public String name() {
        return "json";
    }

    @Override
    public String v3Prefix() {
        return "/v3";
    }

    @Override
    public MediaType mediaType() {
        return MEDIA_TYPE;
    }

    @Override
    public RequestWriter pipeline(String baton) {
        return new JsonRequestWriter(baton, false);
    }

    @Override
    public byte[] cursor(String baton, List<RequestWriter.Step> steps) {
        return JsonRequestWriter.cursor(baton, steps);
    }

    @Override
    public PipelineResponse readPipeline(InputStream in) throws IOException {
        PipelineResponse pr = new PipelineResponse();
        try (JsonParser p = HranaJson.FACTORY.createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw HranaJson.malformed(p, "a pipeline response object");
            }
            boolean sawResults = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                JsonToken tok = p.nextToken();
                if (f.equals("baton")) {
                    pr.baton = tok == JsonToken.VALUE_STRING ? p.getText() : null;
                } else if (f.equals("base_url")) {
                    pr.baseUrl = tok == JsonToken.VALUE_STRING ? p.getText() : null;
                } else if (f.equals("results")) {
                    HranaJson.expect(p, JsonToken.START_ARRAY, "results");
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        pr.results.add(HranaJson.readObject(p, new StreamResult()));
                    }
                    HranaJson.expect(p, JsonToken.END_ARRAY, "the end of results");
                    sawResults = true;
                } else {
                    p.skipChildren();
                }
            }
            HranaJson.expect(p, JsonToken.END_OBJECT, "the end of the pipeline response");
            if (!sawResults) {
                throw new HranaJson.MalformedResponseException("the pipeline response has no results");
            }
        }
        return pr;
    }

    @Override
    public EntrySource cursorEntries(InputStream in) {
        return new CursorSource(in);
    }

    @Override
    public EntrySource pipelineEntries(InputStream in, int target, int expected) {
        return new PipelineSource(in, target, expected);
    }

    /** Reads the head object ({@code baton}, {@code base_url}); the parser is on its START_OBJECT. */
    private static void readHead(JsonParser p, String[] into, String what) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw HranaJson.malformed(p, what);
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            JsonToken tok = p.nextToken();
            if (f.equals("baton")) {
                into[0] = tok == JsonToken.VALUE_STRING ? p.getText() : null;
            } else if (f.equals("base_url")) {
                into[1] = tok == JsonToken.VALUE_STRING ? p.getText() : null;
            } else {
                p.skipChildren();
            }
        }
    }

    /** Reads one Hrana cursor entry; the parser is on its START_OBJECT (cursor lines, WebSocket fetch_cursor). */
    static CursorEntry readEntry(JsonParser p) throws IOException {
        HranaJson.expect(p, JsonToken.START_OBJECT, "a cursor entry");
        CursorEntry e = new CursorEntry();
        String type = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            JsonToken vt = p.nextToken();
            switch (f) {
                case "type":
                    type = p.getText();
                    break;
                case "step":
                    e.step = (int) HranaJson.readLong(p, "step");
                    break;
                case "cols":
                    e.cols = HranaJson.readCols(p);
                    break;
                case "row":
                    e.row = HranaJson.readRow(p);
                    break;
                case "error":
                    e.error = HranaJson.readError(p);
                    break;
                case "affected_row_count":
                    e.affectedRowCount = vt == JsonToken.VALUE_NULL ? 0 : HranaJson.readLong(p, "affected_row_count");
                    break;
                case "last_insert_rowid":
                    e.lastInsertRowid = vt == JsonToken.VALUE_NULL ? null : HranaJson.readLong(p, "last_insert_rowid");
                    break;
                case "replication_index":
                    e.replicationIndex = vt == JsonToken.VALUE_NULL ? null : HranaJson.readLong(p, "replication_index");
                    break;
                default:
                    p.skipChildren();
            }
        }
        HranaJson.expect(p, JsonToken.END_OBJECT, "the end of a cursor entry");
        e.type = type == null ? CursorEntry.OTHER : type;
        return e;
    }

    /** {@code /v3/cursor}: a head object, then one entry object per line. */
    private static final class CursorSource extends EntrySource {
        private final InputStream in;
        private JsonParser p;

        CursorSource(InputStream in) {
            this.in = in;
        }

        @Override
        public void readHead() throws IOException {
            p = HranaJson.FACTORY.createParser(in);
            p.nextToken();
            String[] head = new String[2];
            JsonCodec.readHead(p, head, "the cursor response head");
            baton = head[0];
            baseUrl = head[1];
        }

        @Override
        public CursorEntry next() throws IOException {
            JsonToken tok = p.nextToken();
            if (tok == null) {
                return null;
            }
            return readEntry(p);
        }

        @Override
        public void close() throws IOException {
            if (p != null) {
                p.close();
            }
        }
    }

    /**
     * A {@code /v3/pipeline} answer read as entries. sqld writes {@code cols} before {@code rows},
     * so the target's rows are handed out as they are parsed; a server that sends rows first gets
     * them buffered (the answer is capped at 10 MB by sqld anyway).
     */
    private static final class PipelineSource extends EntrySource {
        private final InputStream in;
        private final int target;
        private final int expected;
        private final ArrayDeque<CursorEntry> pending = new ArrayDeque<>();
        private JsonParser p;
        private int index;
        /** 0: between results; 1: inside the target's StmtResult fields; 2: inside its rows array. */
        private int state;
        /** Objects to close after the target's StmtResult: its response and its result. */
        private int enclosing;
        private boolean colsSent;
        private CursorEntry end;
        private boolean done;

        PipelineSource(InputStream in, int target, int expected) {
            this.in = in;
            this.target = target;
            this.expected = expected;
        }

        @Override
        public void readHead() throws IOException {
            p = HranaJson.FACTORY.createParser(in);
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw HranaJson.malformed(p, "a pipeline response object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                JsonToken tok = p.nextToken();
                if (f.equals("results")) {
                    HranaJson.expect(p, JsonToken.START_ARRAY, "results");
                    return;
                }
                headField(f, tok);
            }
            throw new HranaJson.MalformedResponseException("the pipeline response has no results");
        }

        private void headField(String f, JsonToken tok) throws IOException {
            if (f.equals("baton")) {
                baton = tok == JsonToken.VALUE_STRING ? p.getText() : null;
            } else if (f.equals("base_url")) {
                baseUrl = tok == JsonToken.VALUE_STRING ? p.getText() : null;
            } else {
                p.skipChildren();
            }
        }

        @Override
        public CursorEntry next() throws IOException {
            while (pending.isEmpty()) {
                if (done) {
                    return null;
                }
                step();
            }
            return pending.poll();
        }

        /** Parses a little more, adding entries to {@code pending} or finishing the body. */
        private void step() throws IOException {
            if (state == 2) {
                JsonToken t = p.nextToken();
                if (t == JsonToken.START_ARRAY) {
                    beginCols(null);
                    CursorEntry e = CursorEntry.of(CursorEntry.ROW);
                    e.step = target;
                    e.row = HranaJson.readRow(p);
                    pending.add(e);
                } else {
                    HranaJson.expect(p, JsonToken.END_ARRAY, "the end of the rows");
                    state = 1;
                }
                return;
            }
            if (state == 1) {
                stmtField();
                return;
            }
            JsonToken t = p.nextToken();
            if (t == JsonToken.START_OBJECT) {
                int i = index++;
                if (i == target) {
                    enterTarget();
                } else {
                    StreamResult r = HranaJson.readObject(p, new StreamResult());
                    if (r.error != null) {
                        CursorEntry e = CursorEntry.of(CursorEntry.STEP_ERROR);
                        e.step = i;
                        e.error = r.error;
                        pending.add(e);
                    } else if (r.replicationIndex != null) {
                        CursorEntry e = CursorEntry.of(CursorEntry.REPLICATION_INDEX);
                        e.replicationIndex = r.replicationIndex;
                        pending.add(e);
                    }
                }
                return;
            }
            HranaJson.expect(p, JsonToken.END_ARRAY, "the end of results");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                headField(f, p.nextToken());
            }
            HranaJson.expect(p, JsonToken.END_OBJECT, "the end of the pipeline response");
            if (index != expected) {
                throw new HranaJson.MalformedResponseException("expected " + expected + " results but got " + index);
            }
            done = true;
        }

        /** Reads the target result's fields up to its StmtResult; an error result is read whole. */
        private void enterTarget() throws IOException {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                JsonToken t = p.nextToken();
                if (f.equals("error")) {
                    CursorEntry e = CursorEntry.of(CursorEntry.STEP_ERROR);
                    e.step = target;
                    e.error = HranaJson.readError(p);
                    pending.add(e);
                } else if (f.equals("response") && t == JsonToken.START_OBJECT) {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String rf = p.currentName();
                        JsonToken rt = p.nextToken();
                        if (rf.equals("result") && rt == JsonToken.START_OBJECT) {
                            state = 1;
                            enclosing = 2;
                            end = CursorEntry.of(CursorEntry.STEP_END);
                            end.step = target;
                            return;
                        }
                        p.skipChildren();
                    }
                    HranaJson.expect(p, JsonToken.END_OBJECT, "the end of a response");
                } else {
                    p.skipChildren();
                }
            }
            HranaJson.expect(p, JsonToken.END_OBJECT, "the end of a result");
        }

        private void beginCols(List<dev.libsql4j.Column> cols) {
            if (!colsSent) {
                colsSent = true;
                CursorEntry e = CursorEntry.of(CursorEntry.STEP_BEGIN);
                e.step = target;
                e.cols = cols == null ? List.of() : cols;
                pending.add(e);
            }
        }

        /** One field of the target's StmtResult, or its end. */
        private void stmtField() throws IOException {
            JsonToken t = p.nextToken();
            if (t == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                JsonToken vt = p.nextToken();
                switch (f) {
                    case "cols":
                        if (colsSent) {
                            throw new HranaJson.MalformedResponseException("a result's columns came after its rows");
                        }
                        beginCols(HranaJson.readCols(p));
                        break;
                    case "rows":
                        HranaJson.expect(p, JsonToken.START_ARRAY, "an array of rows");
                        if (colsSent) {
                            state = 2;
                        } else {
                            // Rows before columns: buffer them until the columns come.
                            List<Value[]> rows = HranaJson.readRows(p);
                            stmtRest();
                            beginCols(null);
                            for (Value[] r : rows) {
                                CursorEntry e = CursorEntry.of(CursorEntry.ROW);
                                e.step = target;
                                e.row = r;
                                pending.add(e);
                            }
                            closeTarget();
                        }
                        break;
                    case "affected_row_count":
                        end.affectedRowCount = vt == JsonToken.VALUE_NULL ? 0 : HranaJson.readLong(p, "affected_row_count");
                        break;
                    case "last_insert_rowid":
                        end.lastInsertRowid = vt == JsonToken.VALUE_NULL ? null : HranaJson.readLong(p, "last_insert_rowid");
                        break;
                    case "replication_index":
                        end.replicationIndex = vt == JsonToken.VALUE_NULL ? null : HranaJson.readLong(p, "replication_index");
                        break;
                    default:
                        p.skipChildren();
                }
                return;
            }
            HranaJson.expect(p, JsonToken.END_OBJECT, "the end of a statement result");
            beginCols(null);
            closeTarget();
        }

        /** Reads the rest of the StmtResult (after buffered rows): the columns and counters. */
        private void stmtRest() throws IOException {
            while (state == 1) {
                JsonToken t = p.nextToken();
                if (t != JsonToken.FIELD_NAME) {
                    break;
                }
                String f = p.currentName();
                JsonToken vt = p.nextToken();
                if (f.equals("cols")) {
                    beginCols(HranaJson.readCols(p));
                } else if (f.equals("affected_row_count")) {
                    end.affectedRowCount = vt == JsonToken.VALUE_NULL ? 0 : HranaJson.readLong(p, "affected_row_count");
                } else if (f.equals("last_insert_rowid")) {
                    end.lastInsertRowid = vt == JsonToken.VALUE_NULL ? null : HranaJson.readLong(p, "last_insert_rowid");
                } else if (f.equals("replication_index")) {
                    end.replicationIndex = vt == JsonToken.VALUE_NULL ? null : HranaJson.readLong(p, "replication_index");
                } else {
                    p.skipChildren();
                }
            }
            HranaJson.expect(p, JsonToken.END_OBJECT, "the end of a statement result");
        }

        /** After the target's StmtResult: closes its response and result objects, then ends the step. */
        private void closeTarget() throws IOException {
            for (int i = 0; i < enclosing; i++) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    p.nextToken();
                    p.skipChildren();
                }
                HranaJson.expect(p, JsonToken.END_OBJECT, "the end of a result");
            }
            state = 0;
            pending.add(end);
            if (end.replicationIndex != null) {
                CursorEntry e = CursorEntry.of(CursorEntry.REPLICATION_INDEX);
                e.replicationIndex = end.replicationIndex;
                pending.add(e);
            }
        }

        @Override
        public void close() throws IOException {
            if (p != null) {
                p.close();
            }
        }
    }
}
