package dev.libsql4j.http.internal;

import dev.libsql4j.Statement;
import dev.libsql4j.Value;
import java.util.List;
import java.util.Map;

/**
 * Builds one Hrana 3 protobuf pipeline ({@code PipelineReqBody}) or cursor ({@code CursorReqBody})
 * request body. Field numbers are those of the Hrana 3 schema ({@code hrana.proto} /
 * {@code hrana.http}).
 */
final class ProtoRequestWriter extends RequestWriter {
    // PipelineReqBody / CursorReqBody
    private static final int BODY_BATON = 1;
    private static final int PIPELINE_REQUESTS = 2;
    private static final int CURSOR_BATCH = 2;
    // StreamRequest oneof
    private static final int REQ_CLOSE = 1;
    private static final int REQ_EXECUTE = 2;
    private static final int REQ_BATCH = 3;
    private static final int REQ_SEQUENCE = 4;
    private static final int REQ_DESCRIBE = 5;
    private static final int REQ_STORE_SQL = 6;
    private static final int REQ_CLOSE_SQL = 7;
    private static final int REQ_GET_AUTOCOMMIT = 8;

    private final ProtoOutput o = new ProtoOutput();

    ProtoRequestWriter(String baton) {
        if (baton != null) {
            o.stringField(BODY_BATON, baton);
        }
    }

    /** A {@code /v3-protobuf/cursor} body holding one batch. */
    static byte[] cursor(String baton, List<Step> steps) {
        ProtoRequestWriter w = new ProtoRequestWriter(baton);
        w.writeBatch(CURSOR_BATCH, steps);
        return w.o.toByteArray();
    }

    @Override
    int execute(Statement s, int sqlId) {
        o.begin(PIPELINE_REQUESTS);
        o.begin(REQ_EXECUTE);
        writeStmt(o, 1, s, sqlId);
        o.end();
        o.end();
        return count++;
    }

    @Override
    int executeSql(String sql) {
        o.begin(PIPELINE_REQUESTS);
        o.begin(REQ_EXECUTE);
        writeSqlStmt(o, 1, sql);
        o.end();
        o.end();
        return count++;
    }

    @Override
    int batch(List<Step> steps) {
        o.begin(PIPELINE_REQUESTS);
        o.begin(REQ_BATCH);
        writeBatch(1, steps);
        o.end();
        o.end();
        return count++;
    }

    /** A {@code Batch} message in {@code field}. */
    private void writeBatch(int field, List<Step> steps) {
        writeBatch(o, field, steps);
    }

    /** A {@code Batch} message in {@code field} of {@code o}. */
    static void writeBatch(ProtoOutput o, int field, List<Step> steps) {
        o.begin(field);
        for (Step s : steps) {
            o.begin(1); // Batch.steps
            if (s.cond() != null) {
                writeCond(o, 1, s.cond());
            }
            if (s.stmt() != null) {
                writeStmt(o, 2, s.stmt(), s.sqlId());
            } else {
                writeSqlStmt(o, 2, s.sql());
            }
            o.end();
        }
        o.end();
    }

    @Override
    int sequence(String sql) {
        return sqlRequest(REQ_SEQUENCE, sql);
    }

    @Override
    int describe(String sql) {
        return sqlRequest(REQ_DESCRIBE, sql);
    }

    private int sqlRequest(int type, String sql) {
        o.begin(PIPELINE_REQUESTS);
        o.begin(type);
        o.stringField(1, sql);
        o.end();
        o.end();
        return count++;
    }

    @Override
    int storeSql(int id, String sql) {
        o.begin(PIPELINE_REQUESTS);
        o.begin(REQ_STORE_SQL);
        o.int32Field(1, id);
        o.stringField(2, sql);
        o.end();
        o.end();
        return count++;
    }

    @Override
    int closeSql(int id) {
        o.begin(PIPELINE_REQUESTS);
        o.begin(REQ_CLOSE_SQL);
        o.int32Field(1, id);
        o.end();
        o.end();
        return count++;
    }

    @Override
    int getAutocommit() {
        return empty(REQ_GET_AUTOCOMMIT);
    }

    @Override
    int close() {
        return empty(REQ_CLOSE);
    }

    private int empty(int type) {
        o.begin(PIPELINE_REQUESTS);
        o.emptyField(type);
        o.end();
        return count++;
    }

    @Override
    byte[] finish() {
        return o.toByteArray();
    }

    /** A {@code Stmt} in {@code field}: text or stored id, then the arguments. */
    static void writeStmt(ProtoOutput o, int field, Statement s, int sqlId) {
        o.begin(field);
        if (sqlId >= 0) {
            o.int32Field(2, sqlId);
        } else {
            o.stringField(1, s.sql());
        }
        if (s.hasNamedArgs()) {
            for (Map.Entry<String, Value> e : s.namedArgs().entrySet()) {
                o.begin(4); // NamedArg
                o.stringField(1, e.getKey());
                writeValue(o, 2, e.getValue(), e.getKey(), -1);
                o.end();
            }
        } else {
            List<Value> args = s.args();
            for (int i = 0; i < args.size(); i++) {
                writeValue(o, 3, args.get(i), null, i);
            }
        }
        o.end();
    }

    /** A plain SQL {@code Stmt} without arguments whose rows are not wanted. */
    static void writeSqlStmt(ProtoOutput o, int field, String sql) {
        o.begin(field);
        o.stringField(1, sql);
        o.boolField(5, false);
        o.end();
    }

    /** A {@code Value} oneof: null = 1, integer = 2 (sint64), float = 3, text = 4, blob = 5. */
    private static void writeValue(ProtoOutput o, int field, Value v, String name, int index) {
        o.begin(field);
        if (v instanceof Value.Integer n) {
            o.sint64Field(2, n.value());
        } else if (v instanceof Value.Text t) {
            o.stringField(4, t.value());
        } else if (v instanceof Value.Real r) {
            checkFinite(r.value(), name, index);
            o.doubleField(3, r.value());
        } else if (v instanceof Value.Blob b) {
            o.bytesField(5, b.unsafeBytes());
        } else {
            o.emptyField(1);
        }
        o.end();
    }

    /** A {@code BatchCond}: step_ok = 1, not = 3, and = 4 ({@code BatchCondList}), is_autocommit = 6. */
    private static void writeCond(ProtoOutput o, int field, Cond c) {
        o.begin(field);
        if (c instanceof Cond.Ok ok) {
            o.uint64Field(1, ok.step());
        } else if (c instanceof Cond.Not n) {
            writeCond(o, 3, n.cond());
        } else if (c instanceof Cond.And a) {
            o.begin(4);
            for (Cond x : a.conds()) {
                writeCond(o, 1, x);
            }
            o.end();
        } else {
            o.emptyField(6);
        }
        o.end();
    }
}
