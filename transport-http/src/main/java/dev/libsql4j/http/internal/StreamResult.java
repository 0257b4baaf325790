package dev.libsql4j.http.internal;

import dev.libsql4j.Column;
import dev.libsql4j.Result;
import dev.libsql4j.Row;
import dev.libsql4j.Value;
import dev.libsql4j.spi.ColumnIndex;
import java.util.ArrayList;
import java.util.List;

/**
 * One parsed Hrana response object. The parser fills whichever fields the JSON has, in any
 * order, so one type covers the results of execute, batch, describe, get_autocommit and the
 * others.
 */
final class StreamResult {
    /** The {@code type} of the response ({@code execute}, {@code batch}, ...), when known. */
    String type;
    HranaError error;
    /** Over WebSocket: the size of the message that carried this result (0 over HTTP). */
    int wireBytes;

    // StmtResult fields.
    List<Column> cols;
    List<Value[]> rows;
    long affectedRowCount;
    Long lastInsertRowid;

    // BatchResult fields: one entry per step; null for skipped steps.
    List<StreamResult> stepResults;
    List<HranaError> stepErrors;

    // DescribeResult fields.
    List<String> params;
    boolean isReadonly;
    boolean hasDescribe;

    // get_autocommit.
    Boolean isAutocommit;

    // fetch_cursor (Hrana over WebSocket): the entries of one page, and whether the cursor is done.
    List<CursorEntry> entries;
    boolean done;

    /** The sqld replication index reported with this result, or null. */
    Long replicationIndex;

    /** A core {@link Result} from the StmtResult fields. */
    Result toResult() {
        ColumnIndex index = ColumnIndex.of(cols == null ? List.of() : cols);
        List<Row> out;
        if (rows == null || rows.isEmpty()) {
            out = List.of();
        } else {
            out = new ArrayList<>(rows.size());
            for (Value[] r : rows) {
                out.add(new Row(index, r));
            }
        }
        return new Result(index, out, affectedRowCount, lastInsertRowid);
    }
}
