package dev.libsql4j.embedded.internal;

import dev.libsql4j.Result;
import dev.libsql4j.Statement;
import dev.libsql4j.spi.ColumnIndex;
import dev.libsql4j.spi.PreparedHandle;
import dev.libsql4j.spi.RowStream;
import dev.libsql4j.spi.StatementDescription;

/**
 * A native prepared statement, reset and rebound on every run. It runs one query at a time:
 * running it again ends the cursor of the previous query (as JDBC does with its ResultSet).
 */
final class EmbeddedPrepared implements PreparedHandle {
    private final EmbeddedSession session;
    private final long stmt;
    private final String sql;
    private final StatementDescription description;
    private final ColumnIndex columns;
    /** The cached columns, unless a schema change altered the statement since it was prepared. */
    private final java.util.function.IntFunction<ColumnIndex> columnsFor;
    private EmbeddedRowStream active;
    private boolean closed;

    EmbeddedPrepared(EmbeddedSession session, long stmt, String sql, StatementDescription description,
                     ColumnIndex columns) {
        this.session = session;
        this.stmt = stmt;
        this.sql = sql;
        this.description = description;
        this.columns = columns;
        this.columnsFor = n -> n == columns.size() ? columns : NativeCodec.columns(NativeBindings.stmtColumns(stmt));
    }

    @Override
    public StatementDescription description() {
        return description;
    }

    private void beforeRun() {
        if (closed) {
            throw new IllegalStateException("The prepared statement " + NativeErrors.abbreviate(sql) + " is closed");
        }
        session.beforeStatement();
        if (!description.readOnly() && session.mustCheckReadOnly()) {
            throw EmbeddedSession.readOnlyViolation(sql);
        }
        EmbeddedRowStream a = active;
        if (a != null) {
            active = null;
            a.supersede();
        }
    }

    @Override
    public Result execute(Statement bound) {
        beforeRun();
        try {
            return session.io().execute(stmt, bound, columnsFor);
        } catch (NativeException e) {
            throw session.error(e, sql);
        }
    }

    @Override
    public RowStream query(Statement bound) {
        beforeRun();
        long rows;
        try {
            rows = NativeBindings.stmtQuery(stmt, NativeCodec.encodeParams(bound));
        } catch (NativeException e) {
            throw session.error(e, sql);
        }
        EmbeddedRowStream s = EmbeddedRowStream.open(session, rows, sql, this);
        if (s.isActive()) {
            active = s;
        }
        return s;
    }

    /** Called by a stream of this statement once it released its native side. */
    void streamEnded(EmbeddedRowStream s) {
        if (active == s) {
            active = null;
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        active = null;
        try {
            NativeBindings.stmtClose(stmt);
        } catch (IllegalStateException ignored) {
            // already finalized with its connection
        }
    }
}
