package dev.libsql4j.http.internal;

import dev.libsql4j.Column;
import dev.libsql4j.Value;
import java.util.List;

/**
 * One entry of a row stream, in the shape of a Hrana cursor entry. Cursor bodies are read as
 * these directly; a streamed pipeline answer is turned into the same sequence (the result of
 * pipeline request {@code i} becomes step {@code i}).
 */
final class CursorEntry {
    static final String STEP_BEGIN = "step_begin";
    static final String STEP_END = "step_end";
    static final String STEP_ERROR = "step_error";
    static final String ROW = "row";
    static final String ERROR = "error";
    static final String REPLICATION_INDEX = "replication_index";
    /** An unknown or empty entry, to be skipped. */
    static final String OTHER = "";

    String type = OTHER;
    int step = -1;
    List<Column> cols;
    Value[] row;
    HranaError error;
    Long replicationIndex;
    long affectedRowCount;
    Long lastInsertRowid;

    static CursorEntry of(String type) {
        CursorEntry e = new CursorEntry();
        e.type = type;
        return e;
    }
}
