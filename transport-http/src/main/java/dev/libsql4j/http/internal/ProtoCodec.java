package dev.libsql4j.http.internal;

import dev.libsql4j.Column;
import dev.libsql4j.Value;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import okhttp3.MediaType;

/**
 * Hrana 3 protobuf ({@code /v3-protobuf/pipeline}, {@code /v3-protobuf/cursor}), read with the
 * small streaming reader {@link ProtoInput}. Field numbers follow the Hrana 3 schema plus sqld's
 * additions (replication indexes, the cursor's replication-index entry).
 */
final class ProtoCodec implements HranaCodec {
    private static final MediaType MEDIA_TYPE = MediaType.get("application/x-protobuf");
    private static final int LEN = ProtoOutput.LEN;
    private static final int VARINT = ProtoOutput.VARINT;

    @Override
    public String name() {
        return "protobuf";
    }

    @Override
    public String v3Prefix() {
        return "/v3-protobuf";
    }

    @Override
    public MediaType mediaType() {
        return MEDIA_TYPE;
    }

    @Override
    public RequestWriter pipeline(String baton) {
        return new ProtoRequestWriter(baton);
    }

    @Override
    public byte[] cursor(String baton, List<RequestWriter.Step> steps) {
        return ProtoRequestWriter.cursor(baton, steps);
    }

    private static int field(int tag) {
        return tag >>> 3;
    }

    private static void expect(int tag, int wireType, String what) throws IOException {
        ProtoInput.expectWireType(tag, wireType, what);
    }

    private static String string(ProtoInput in, int tag, String what) throws IOException {
        expect(tag, LEN, what);
        return in.readString();
    }

    private static long varint(ProtoInput in, int tag, String what) throws IOException {
        expect(tag, VARINT, what);
        return in.readVarint();
    }

    @Override
    public PipelineResponse readPipeline(InputStream stream) throws IOException {
        ProtoInput in = new ProtoInput(stream);
        PipelineResponse pr = new PipelineResponse();
        int tag;
        while ((tag = in.readTag()) >= 0) {
            switch (field(tag)) {
                case 1:
                    pr.baton = string(in, tag, "baton");
                    break;
                case 2:
                    pr.baseUrl = string(in, tag, "base_url");
                    break;
                case 3:
                    expect(tag, LEN, "a result");
                    long outer = in.pushMessage();
                    pr.results.add(readStreamResult(in));
                    in.pop(outer);
                    break;
                default:
                    in.skip(tag);
            }
        }
        return pr;
    }

    /** {@code StreamResult}: ok = 1 ({@code StreamResponse}), error = 2. */
    private static StreamResult readStreamResult(ProtoInput in) throws IOException {
        StreamResult r = new StreamResult();
        boolean any = false;
        int tag;
        while ((tag = in.readTag()) >= 0) {
            int f = field(tag);
            if (f == 1 || f == 2) {
                expect(tag, LEN, "a stream result");
                long outer = in.pushMessage();
                if (f == 1) {
                    readStreamResponse(in, r);
                } else {
                    r.error = readError(in);
                }
                in.pop(outer);
                any = true;
            } else {
                in.skip(tag);
            }
        }
        if (!any) {
            throw new HranaJson.MalformedResponseException("a pipeline result is neither ok nor error");
        }
        return r;
    }

    /** {@code StreamResponse} oneof: close 1, execute 2, batch 3, sequence 4, describe 5, store_sql 6, close_sql 7, get_autocommit 8. */
    private static void readStreamResponse(ProtoInput in, StreamResult r) throws IOException {
        int tag;
        while ((tag = in.readTag()) >= 0) {
            int f = field(tag);
            if (f < 1 || f > 8) {
                in.skip(tag);
                continue;
            }
            expect(tag, LEN, "a stream response");
            long outer = in.pushMessage();
            switch (f) {
                case 2:
                    r.type = "execute";
                    readWrapped(in, r, 1);
                    break;
                case 3:
                    r.type = "batch";
                    readWrapped(in, r, 3);
                    break;
                case 5:
                    r.type = "describe";
                    readWrapped(in, r, 5);
                    break;
                case 8:
                    r.type = "get_autocommit";
                    r.isAutocommit = false;
                    int t;
                    while ((t = in.readTag()) >= 0) {
                        if (field(t) == 1) {
                            r.isAutocommit = varint(in, t, "is_autocommit") != 0;
                        } else {
                            in.skip(t);
                        }
                    }
                    break;
                default:
                    r.type = f == 1 ? "close" : f == 4 ? "sequence" : f == 6 ? "store_sql" : "close_sql";
            }
            in.pop(outer);
        }
    }

    /** A response whose field 1 holds a StmtResult (kind 1), BatchResult (3) or DescribeResult (5). */
    static void readWrapped(ProtoInput in, StreamResult r, int kind) throws IOException {
        int tag;
        while ((tag = in.readTag()) >= 0) {
            if (field(tag) != 1) {
                in.skip(tag);
                continue;
            }
            expect(tag, LEN, "a result");
            long outer = in.pushMessage();
            if (kind == 1) {
                readStmtResult(in, r);
            } else if (kind == 3) {
                readBatchResult(in, r);
            } else {
                readDescribeResult(in, r);
            }
            in.pop(outer);
        }
    }

    /** {@code StmtResult}: cols 1, rows 2, affected_row_count 3, last_insert_rowid 4 (sint64), replication_index 5. */
    private static void readStmtResult(ProtoInput in, StreamResult r) throws IOException {
        r.cols = new ArrayList<>();
        r.rows = new ArrayList<>();
        int tag;
        while ((tag = in.readTag()) >= 0) {
            switch (field(tag)) {
                case 1:
                    r.cols.add(readCol(in, tag));
                    break;
                case 2:
                    r.rows.add(readRow(in, tag, r.cols.size()));
                    break;
                case 3:
                    r.affectedRowCount = varint(in, tag, "affected_row_count");
                    break;
                case 4:
                    expect(tag, VARINT, "last_insert_rowid");
                    r.lastInsertRowid = in.readSint64();
                    break;
                case 5:
                    r.replicationIndex = varint(in, tag, "replication_index");
                    break;
                default:
                    in.skip(tag);
            }
        }
    }

    /** {@code BatchResult}: maps step index → StmtResult (1) and step index → Error (2). */
    private static void readBatchResult(ProtoInput in, StreamResult r) throws IOException {
        r.stepResults = new ArrayList<>();
        r.stepErrors = new ArrayList<>();
        int tag;
        while ((tag = in.readTag()) >= 0) {
            int f = field(tag);
            if (f != 1 && f != 2) {
                in.skip(tag);
                continue;
            }
            expect(tag, LEN, "a batch map entry");
            long outer = in.pushMessage();
            long key = 0;
            StreamResult result = null;
            HranaError error = null;
            int t;
            while ((t = in.readTag()) >= 0) {
                if (field(t) == 1) {
                    key = varint(in, t, "a batch step index");
                } else if (field(t) == 2) {
                    expect(t, LEN, "a batch step value");
                    long o2 = in.pushMessage();
                    if (f == 1) {
                        result = new StreamResult();
                        readStmtResult(in, result);
                    } else {
                        error = readError(in);
                    }
                    in.pop(o2);
                } else {
                    in.skip(t);
                }
            }
            in.pop(outer);
            if (key < 0 || key > 1_000_000) {
                throw new HranaJson.MalformedResponseException("batch step index " + key + " is out of range");
            }
            int k = (int) key;
            if (f == 1) {
                put(r.stepResults, k, result == null ? emptyStmtResult() : result);
            } else {
                put(r.stepErrors, k, error == null ? new HranaError("(no message)", null) : error);
            }
        }
    }

    private static StreamResult emptyStmtResult() {
        StreamResult s = new StreamResult();
        s.cols = List.of();
        s.rows = List.of();
        return s;
    }

    private static <T> void put(List<T> list, int index, T value) {
        while (list.size() <= index) {
            list.add(null);
        }
        list.set(index, value);
    }

    /** {@code DescribeResult}: params 1 ({name 1}), cols 2 ({name 1, decltype 2}), is_explain 3, is_readonly 4. */
    private static void readDescribeResult(ProtoInput in, StreamResult r) throws IOException {
        r.params = new ArrayList<>();
        r.cols = new ArrayList<>();
        r.hasDescribe = true;
        int tag;
        while ((tag = in.readTag()) >= 0) {
            switch (field(tag)) {
                case 1: {
                    expect(tag, LEN, "a describe param");
                    long outer = in.pushMessage();
                    String name = null;
                    int t;
                    while ((t = in.readTag()) >= 0) {
                        if (field(t) == 1) {
                            name = string(in, t, "a param name");
                        } else {
                            in.skip(t);
                        }
                    }
                    in.pop(outer);
                    r.params.add(name);
                    break;
                }
                case 2:
                    r.cols.add(readCol(in, tag));
                    break;
                case 4:
                    r.isReadonly = varint(in, tag, "is_readonly") != 0;
                    break;
                default:
                    in.skip(tag);
            }
        }
    }

    /** {@code Col} (or {@code DescribeCol}): name 1, decltype 2. */
    private static Column readCol(ProtoInput in, int tag) throws IOException {
        expect(tag, LEN, "a column");
        long outer = in.pushMessage();
        String name = null;
        String decltype = null;
        int t;
        while ((t = in.readTag()) >= 0) {
            if (field(t) == 1) {
                name = string(in, t, "a column name");
            } else if (field(t) == 2) {
                decltype = string(in, t, "a column decltype");
            } else {
                in.skip(t);
            }
        }
        in.pop(outer);
        return new Column(name, decltype);
    }

    /** {@code Error}: message 1, code 2 (empty means none). */
    static HranaError readError(ProtoInput in) throws IOException {
        String message = null;
        String code = null;
        int t;
        while ((t = in.readTag()) >= 0) {
            if (field(t) == 1) {
                message = string(in, t, "an error message");
            } else if (field(t) == 2) {
                code = string(in, t, "an error code");
            } else {
                in.skip(t);
            }
        }
        return new HranaError(message == null || message.isEmpty() ? "(no message)" : message,
                code == null || code.isEmpty() ? null : code);
    }

    /** {@code Row}: values 1. */
    private static Value[] readRow(ProtoInput in, int tag, int sizeHint) throws IOException {
        expect(tag, LEN, "a row");
        long outer = in.pushMessage();
        Value[] vals = new Value[Math.max(sizeHint, 1)];
        int n = 0;
        int t;
        while ((t = in.readTag()) >= 0) {
            if (field(t) != 1) {
                in.skip(t);
                continue;
            }
            if (n == vals.length) {
                vals = java.util.Arrays.copyOf(vals, n * 2);
            }
            vals[n++] = readValue(in, t);
        }
        in.pop(outer);
        return n == vals.length ? vals : java.util.Arrays.copyOf(vals, n);
    }

    /** {@code Value} oneof: null 1, integer 2 (sint64), float 3 (double), text 4, blob 5. */
    private static Value readValue(ProtoInput in, int tag) throws IOException {
        expect(tag, LEN, "a value");
        long outer = in.pushMessage();
        Value v = null;
        int t;
        while ((t = in.readTag()) >= 0) {
            switch (field(t)) {
                case 1:
                    expect(t, LEN, "a null value");
                    in.skip(t);
                    v = Value.NULL;
                    break;
                case 2:
                    expect(t, VARINT, "an integer value");
                    v = new Value.Integer(in.readSint64());
                    break;
                case 3:
                    expect(t, ProtoOutput.FIXED64, "a float value");
                    v = new Value.Real(in.readDouble());
                    break;
                case 4:
                    v = new Value.Text(string(in, t, "a text value"));
                    break;
                case 5:
                    expect(t, LEN, "a blob value");
                    v = Value.Blob.wrap(in.readBytes());
                    break;
                default:
                    in.skip(t);
            }
        }
        in.pop(outer);
        if (v == null) {
            throw new HranaJson.MalformedResponseException("a value has no type");
        }
        return v;
    }

    /** A protobuf Hrana {@code Error} as the JSON {@code {"message":..,"code":..}}, or null if it is not one. */
    static String errorAsJson(byte[] body) {
        try {
            HranaError e = readError(new ProtoInput(new java.io.ByteArrayInputStream(body)));
            java.io.StringWriter w = new java.io.StringWriter();
            try (com.fasterxml.jackson.core.JsonGenerator g = HranaJson.FACTORY.createGenerator(w)) {
                g.writeStartObject();
                g.writeStringField("message", e.message());
                if (e.code() != null) {
                    g.writeStringField("code", e.code());
                }
                g.writeEndObject();
            }
            return w.toString();
        } catch (IOException | RuntimeException notAnError) {
            return null;
        }
    }

    @Override
    public EntrySource cursorEntries(InputStream in) {
        return new CursorSource(in);
    }

    @Override
    public EntrySource pipelineEntries(InputStream in, int target, int expected) {
        return new PipelineSource(in, target, expected);
    }

    /**
     * The fields of one {@code CursorEntry} (the caller has entered the message): step_begin 1,
     * step_end 2, step_error 3, row 4, error 5, (sqld) replication_index 6.
     */
    static CursorEntry readCursorEntry(ProtoInput in) throws IOException {
        CursorEntry e = new CursorEntry();
        int tag;
        while ((tag = in.readTag()) >= 0) {
            int f = field(tag);
            if (f < 1 || f > 6) {
                in.skip(tag);
                continue;
            }
            expect(tag, LEN, "a cursor entry");
            if (f == 4) {
                e.type = CursorEntry.ROW;
                e.row = readRow(in, tag, 8);
                continue;
            }
            long o2 = in.pushMessage();
            switch (f) {
                case 1:
                    e.type = CursorEntry.STEP_BEGIN;
                    e.cols = new ArrayList<>();
                    CursorSource.readStepBegin(in, e);
                    break;
                case 2:
                    e.type = CursorEntry.STEP_END;
                    CursorSource.readStepEnd(in, e);
                    break;
                case 3:
                    e.type = CursorEntry.STEP_ERROR;
                    CursorSource.readStepError(in, e);
                    break;
                case 5:
                    e.type = CursorEntry.ERROR;
                    e.error = readError(in);
                    break;
                default:
                    e.type = CursorEntry.REPLICATION_INDEX;
                    int t;
                    while ((t = in.readTag()) >= 0) {
                        if (field(t) == 1) {
                            e.replicationIndex = varint(in, t, "replication_index");
                        } else {
                            in.skip(t);
                        }
                    }
            }
            in.pop(o2);
        }
        return e;
    }

    /** {@code /v3-protobuf/cursor}: length-delimited {@code CursorRespBody}, then {@code CursorEntry}s. */
    private static final class CursorSource extends EntrySource {
        private final InputStream stream;
        private final ProtoInput in;

        CursorSource(InputStream stream) {
            this.stream = stream;
            this.in = new ProtoInput(stream);
        }

        @Override
        public void readHead() throws IOException {
            if (in.atEnd()) {
                throw new HranaJson.MalformedResponseException("the cursor response is empty");
            }
            long outer = in.push(in.readLength());
            int tag;
            while ((tag = in.readTag()) >= 0) {
                if (field(tag) == 1) {
                    baton = string(in, tag, "baton");
                } else if (field(tag) == 2) {
                    baseUrl = string(in, tag, "base_url");
                } else {
                    in.skip(tag);
                }
            }
            in.pop(outer);
        }

        /** {@code CursorEntry}: step_begin 1, step_end 2, step_error 3, row 4, error 5, (sqld) replication_index 6. */
        @Override
        public CursorEntry next() throws IOException {
            if (in.atEnd()) {
                return null;
            }
            long outer = in.push(in.readLength());
            CursorEntry e = readCursorEntry(in);
            in.pop(outer);
            return e;
        }

        private static void readStepBegin(ProtoInput in, CursorEntry e) throws IOException {
            e.step = 0;
            int t;
            while ((t = in.readTag()) >= 0) {
                if (field(t) == 1) {
                    e.step = step(varint(in, t, "step"));
                } else if (field(t) == 2) {
                    e.cols.add(readCol(in, t));
                } else {
                    in.skip(t);
                }
            }
        }

        private static void readStepEnd(ProtoInput in, CursorEntry e) throws IOException {
            int t;
            while ((t = in.readTag()) >= 0) {
                if (field(t) == 1) {
                    e.affectedRowCount = varint(in, t, "affected_row_count");
                } else if (field(t) == 2) {
                    expect(t, VARINT, "last_insert_rowid");
                    e.lastInsertRowid = in.readSint64();
                } else {
                    in.skip(t);
                }
            }
        }

        private static void readStepError(ProtoInput in, CursorEntry e) throws IOException {
            e.step = 0;
            int t;
            while ((t = in.readTag()) >= 0) {
                if (field(t) == 1) {
                    e.step = step(varint(in, t, "step"));
                } else if (field(t) == 2) {
                    expect(t, LEN, "a step error");
                    long o = in.pushMessage();
                    e.error = readError(in);
                    in.pop(o);
                } else {
                    in.skip(t);
                }
            }
        }

        @Override
        public void close() throws IOException {
            stream.close();
        }
    }

    private static int step(long v) throws IOException {
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw new HranaJson.MalformedResponseException("step " + v + " is out of range");
        }
        return (int) v;
    }

    /**
     * A {@code /v3-protobuf/pipeline} answer read as entries: prost writes fields in number order,
     * so the target's columns (field 1) come before its rows (field 2) and each row is handed out
     * as it is decoded.
     */
    private static final class PipelineSource extends EntrySource {
        private final InputStream stream;
        private final ProtoInput in;
        private final int target;
        private final int expected;
        private final ArrayDeque<CursorEntry> pending = new ArrayDeque<>();
        private int index;
        private boolean inStmt;
        private boolean colsSent;
        private List<Column> cols;
        private CursorEntry end;
        /** The limits to restore when the target's StmtResult ends: StmtResult, execute response, response, result. */
        private final long[] outers = new long[4];
        private int depth;
        private boolean done;
        private int firstResultTag = -1;

        PipelineSource(InputStream stream, int target, int expected) {
            this.stream = stream;
            this.in = new ProtoInput(stream);
            this.target = target;
            this.expected = expected;
        }

        @Override
        public void readHead() throws IOException {
            int tag;
            while ((tag = in.readTag()) >= 0) {
                int f = field(tag);
                if (f == 3) {
                    firstResultTag = tag;
                    return;
                }
                headField(tag);
            }
        }

        private void headField(int tag) throws IOException {
            int f = field(tag);
            if (f == 1) {
                baton = string(in, tag, "baton");
            } else if (f == 2) {
                baseUrl = string(in, tag, "base_url");
            } else {
                in.skip(tag);
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

        private void step() throws IOException {
            if (inStmt) {
                stmtField();
                return;
            }
            int tag;
            if (firstResultTag >= 0) {
                tag = firstResultTag;
                firstResultTag = -1;
            } else {
                tag = in.readTag();
            }
            while (tag >= 0 && field(tag) != 3) {
                headField(tag);
                tag = in.readTag();
            }
            if (tag < 0) {
                if (index != expected) {
                    throw new HranaJson.MalformedResponseException("expected " + expected + " results but got " + index);
                }
                done = true;
                return;
            }
            expect(tag, LEN, "a result");
            int i = index++;
            long outer = in.pushMessage();
            if (i != target) {
                StreamResult r = readStreamResult(in);
                in.pop(outer);
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
                return;
            }
            depth = 0;
            outers[depth++] = outer;
            enterTarget();
        }

        /** Descends StreamResult → ok StreamResponse → execute → StmtResult; an error result is read whole. */
        private void enterTarget() throws IOException {
            int tag;
            while ((tag = in.readTag()) >= 0) {
                int f = field(tag);
                if (f == 2) {
                    expect(tag, LEN, "an error");
                    long o = in.pushMessage();
                    CursorEntry e = CursorEntry.of(CursorEntry.STEP_ERROR);
                    e.step = target;
                    e.error = readError(in);
                    in.pop(o);
                    pending.add(e);
                } else if (f == 1 && descend(tag, 2) && descend(-1, 1)) {
                    inStmt = true;
                    cols = new ArrayList<>();
                    end = CursorEntry.of(CursorEntry.STEP_END);
                    end.step = target;
                    return;
                } else if (f != 1) {
                    in.skip(tag);
                }
            }
            unwind();
        }

        /**
         * Enters the message of {@code tag} (or, with -1, reads tags until one of field {@code want}),
         * then looks for field {@code want} inside it and enters that too. False if absent.
         */
        private boolean descend(int tag, int want) throws IOException {
            if (tag >= 0) {
                expect(tag, LEN, "a response");
                outers[depth++] = in.pushMessage();
            }
            int t;
            while ((t = in.readTag()) >= 0) {
                if (field(t) == want) {
                    expect(t, LEN, "a response");
                    outers[depth++] = in.pushMessage();
                    return true;
                }
                in.skip(t);
            }
            return false;
        }

        /** Leaves every nested message entered for the target, innermost first. */
        private void unwind() throws IOException {
            while (depth > 0) {
                in.pop(outers[--depth]);
            }
        }

        private void beginCols() {
            if (!colsSent) {
                colsSent = true;
                CursorEntry e = CursorEntry.of(CursorEntry.STEP_BEGIN);
                e.step = target;
                e.cols = cols;
                pending.add(e);
            }
        }

        private void stmtField() throws IOException {
            int tag = in.readTag();
            if (tag < 0) {
                inStmt = false;
                beginCols();
                unwind();
                pending.add(end);
                if (end.replicationIndex != null) {
                    CursorEntry e = CursorEntry.of(CursorEntry.REPLICATION_INDEX);
                    e.replicationIndex = end.replicationIndex;
                    pending.add(e);
                }
                return;
            }
            switch (field(tag)) {
                case 1:
                    if (colsSent) {
                        throw new HranaJson.MalformedResponseException("a result's columns came after its rows");
                    }
                    cols.add(readCol(in, tag));
                    break;
                case 2: {
                    beginCols();
                    CursorEntry e = CursorEntry.of(CursorEntry.ROW);
                    e.step = target;
                    e.row = readRow(in, tag, cols.size());
                    pending.add(e);
                    break;
                }
                case 3:
                    end.affectedRowCount = varint(in, tag, "affected_row_count");
                    break;
                case 4:
                    expect(tag, VARINT, "last_insert_rowid");
                    end.lastInsertRowid = in.readSint64();
                    break;
                case 5:
                    end.replicationIndex = varint(in, tag, "replication_index");
                    break;
                default:
                    in.skip(tag);
            }
        }

        @Override
        public void close() throws IOException {
            stream.close();
        }
    }
}
