package dev.libsql4j.fake;

import dev.libsql4j.BatchFailedException;
import dev.libsql4j.BatchResult;
import dev.libsql4j.Column;
import dev.libsql4j.LibSqlException;
import dev.libsql4j.Result;
import dev.libsql4j.Row;
import dev.libsql4j.Statement;
import dev.libsql4j.TransactionExpiredException;
import dev.libsql4j.TransactionMode;
import dev.libsql4j.Value;
import dev.libsql4j.spi.BatchMode;
import dev.libsql4j.spi.ColumnIndex;
import dev.libsql4j.spi.Errors;
import dev.libsql4j.spi.PreparedHandle;
import dev.libsql4j.spi.RowStream;
import dev.libsql4j.spi.Session;
import dev.libsql4j.spi.StatementDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fake session. Statements are not parsed; the SQL text picks the behaviour:
 * <ul>
 *   <li>{@code FAIL <code>}: throws {@link Errors#fromCode} with that code;</li>
 *   <li>{@code EXPIRE}: loses the transaction and throws {@link TransactionExpiredException};</li>
 *   <li>{@code COMMIT} / {@code END} / {@code ROLLBACK}: end the transaction as raw SQL would;</li>
 *   <li>anything else executes by echoing its arguments as one row (columns {@code a1..an}, or
 *       the argument names); {@code INSERT}/{@code UPDATE}/{@code DELETE} affect one row, and
 *       {@code INSERT} yields the next rowid.</li>
 * </ul>
 * A query streams {@code args[0]} rows (default 0) of one column {@code i} = 0, 1, ...; with
 * {@code args[1]} it fails when reaching that row, with code {@code args[2]} (default
 * {@code SQLITE_ERROR}).
 */
public final class FakeSession implements Session {
    private static final Pattern NAMED = Pattern.compile("[:@$][A-Za-z_][A-Za-z0-9_]*");

    private final FakeTransport t;
    private final String label;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger calls = new AtomicInteger();
    private boolean inTx;
    private volatile boolean closed;
    private long rowid;
    // Fake wire counters: the SQL's length is "sent", 100 bytes per execute and 10 per cursor row "received".
    private long bytesSent;
    private long bytesReceived;
    private long retries;

    /** How often the core read the wire counters (it must not without a listener). */
    public final AtomicInteger counterReads = new AtomicInteger();

    @Override
    public long bytesSent() {
        counterReads.incrementAndGet();
        return bytesSent;
    }

    @Override
    public long bytesReceived() {
        return bytesReceived;
    }

    @Override
    public long retries() {
        return retries;
    }

    FakeSession(FakeTransport t, String label) {
        this.t = t;
        this.label = label;
    }

    /** E.g. {@code session#1}. */
    public String label() {
        return label;
    }

    /** True once closed. */
    public boolean isClosed() {
        return closed;
    }

    /** How many serialized calls this session served. */
    public int calls() {
        return calls.get();
    }

    /** Marks the start of a call that the core must serialize. */
    private void enter(String op) {
        if (inFlight.incrementAndGet() != 1) {
            t.violation("concurrent call " + op + " on " + label);
        }
        calls.incrementAndGet();
        if (closed && !op.equals("close")) {
            t.violation(op + " on closed " + label);
        }
        long spin = t.spinNanos;
        if (spin > 0) {
            long end = System.nanoTime() + spin;
            while (System.nanoTime() < end) {
                Thread.onSpinWait();
            }
        }
    }

    private void exit() {
        inFlight.decrementAndGet();
    }

    @Override
    public Result execute(Statement stmt) {
        enter("execute");
        try {
            if (t.recordStatements) {
                t.record("execute " + label + " " + stmt.sql());
            }
            bytesSent += stmt.sql().length();
            retries += t.retriesPerExecute;
            Result r = run(stmt);
            bytesReceived += 100;
            return r;
        } finally {
            exit();
        }
    }

    Result run(Statement stmt) {
        String sql = stmt.sql();
        if (sql.startsWith("FAIL ")) {
            throw Errors.fromCode(sql.substring(5).trim(), 19, "fake failure of " + sql, null);
        }
        if (sql.equals("EXPIRE")) {
            inTx = false;
            throw new TransactionExpiredException("STREAM_EXPIRED", "The stream has expired due to inactivity",
                    null);
        }
        if (sql.equalsIgnoreCase("COMMIT") || sql.equalsIgnoreCase("END") || sql.equalsIgnoreCase("ROLLBACK")) {
            inTx = false;
            return new Result(ColumnIndex.of(List.of()), List.of(), 0, null);
        }
        List<Column> cols = new ArrayList<>();
        List<Value> vals = new ArrayList<>();
        if (stmt.hasNamedArgs()) {
            for (Map.Entry<String, Value> e : stmt.namedArgs().entrySet()) {
                cols.add(new Column(e.getKey(), null));
                vals.add(e.getValue());
            }
        } else {
            for (int i = 0; i < stmt.args().size(); i++) {
                cols.add(new Column("a" + (i + 1), null));
                vals.add(stmt.args().get(i));
            }
        }
        ColumnIndex index = ColumnIndex.of(cols);
        List<Row> rows = vals.isEmpty() ? List.of() : List.of(new Row(index, vals.toArray(new Value[0])));
        String upper = sql.trim().toUpperCase(Locale.ROOT);
        boolean insert = upper.startsWith("INSERT");
        boolean write = insert || upper.startsWith("UPDATE") || upper.startsWith("DELETE");
        return new Result(index, rows, write ? 1 : 0, insert ? ++rowid : null);
    }

    @Override
    public RowStream query(Statement stmt) {
        enter("query");
        try {
            bytesSent += stmt.sql().length();
            return openStream(stmt);
        } finally {
            exit();
        }
    }

    RowStream openStream(Statement stmt) {
        String sql = stmt.sql();
        if (sql.startsWith("FAIL ")) {
            throw Errors.fromCode(sql.substring(5).trim(), -1, "fake failure of " + sql, null);
        }
        List<Value> a = stmt.args();
        long n = a.size() > 0 ? ((Value.Integer) a.get(0)).value() : 0;
        long failAt = a.size() > 1 ? ((Value.Integer) a.get(1)).value() : -1;
        String code = a.size() > 2 ? ((Value.Text) a.get(2)).value() : "SQLITE_ERROR";
        FakeRowStream s = new FakeRowStream("cursor[" + sql + "]", n, failAt, code);
        if (t.recordStatements) {
            t.record("open " + s.label);
        }
        return s;
    }

    @Override
    public BatchResult batch(List<Statement> stmts, BatchMode mode) {
        enter("batch");
        try {
            t.record("batch " + label + " " + mode + " " + stmts.size());
            List<Result> results = new ArrayList<>();
            List<LibSqlException> errors = new ArrayList<>();
            for (int i = 0; i < stmts.size(); i++) {
                try {
                    results.add(run(stmts.get(i)));
                    errors.add(null);
                } catch (LibSqlException e) {
                    if (mode == BatchMode.ATOMIC) {
                        throw new BatchFailedException(i, "Batch step " + i + " failed: " + e.getMessage(), e);
                    }
                    results.add(null);
                    errors.add(e);
                }
            }
            return new BatchResult(results, errors);
        } finally {
            exit();
        }
    }

    @Override
    public void executeScript(String sql) {
        enter("executeScript");
        try {
            t.record("script " + label + " " + sql);
            if (sql.startsWith("FAIL ")) {
                throw Errors.fromCode(sql.substring(5).trim(), -1, "fake failure of " + sql, null);
            }
        } finally {
            exit();
        }
    }

    @Override
    public PreparedHandle prepare(String sql) {
        enter("prepare");
        try {
            if (sql.startsWith("FAIL ")) {
                throw Errors.fromCode(sql.substring(5).trim(), -1, "fake failure of " + sql, null);
            }
            FakePrepared p = new FakePrepared(sql);
            t.record("open " + p.label);
            return p;
        } finally {
            exit();
        }
    }

    @Override
    public void begin(TransactionMode mode) {
        enter("begin");
        try {
            if (inTx) {
                t.violation("begin inside a transaction on " + label);
            }
            t.record("begin " + label + " " + mode);
            inTx = true;
        } finally {
            exit();
        }
    }

    @Override
    public void commit() {
        enter("commit");
        try {
            t.record("commit " + label);
            RuntimeException failure = t.commitFailure;
            if (failure != null) {
                inTx = t.transactionSurvivesCommitFailure;
                throw failure;
            }
            inTx = false;
        } finally {
            exit();
        }
    }

    @Override
    public void rollback() {
        enter("rollback");
        try {
            t.record("rollback " + label);
            inTx = false;
            RuntimeException failure = t.rollbackFailure;
            if (failure != null) {
                throw failure;
            }
        } finally {
            exit();
        }
    }

    @Override
    public boolean inTransaction() {
        enter("inTransaction");
        try {
            return inTx;
        } finally {
            exit();
        }
    }

    @Override
    public boolean isAutocommit() {
        enter("isAutocommit");
        try {
            return !inTx;
        } finally {
            exit();
        }
    }

    @Override
    public void interrupt() {
        t.record("interrupt " + label);
    }

    @Override
    public void close() {
        enter("close");
        try {
            if (closed) {
                t.violation(label + " closed twice");
                return;
            }
            closed = true;
            t.record("close " + label);
            if (inTx) {
                t.record("rollback-on-close " + label);
                inTx = false;
            }
            t.maybeFailClose(label);
        } finally {
            exit();
        }
    }

    /** Streams {@code n} rows of one integer column {@code i}. */
    final class FakeRowStream implements RowStream {
        final String label;
        private final long n;
        private final long failAt;
        private final String code;
        private final ColumnIndex columns = ColumnIndex.of(List.of(new Column("i", "INTEGER")));
        private long next;
        private boolean streamClosed;

        FakeRowStream(String label, long n, long failAt, String code) {
            this.label = label;
            this.n = n;
            this.failAt = failAt;
            this.code = code;
        }

        @Override
        public ColumnIndex columns() {
            RuntimeException failure = t.columnsFailure;
            if (failure != null) {
                throw failure;
            }
            return columns;
        }

        @Override
        public Row next() {
            enter("next");
            try {
                if (streamClosed) {
                    t.violation("next on closed " + label);
                }
                if (next == failAt) {
                    if (code.equals("STREAM_EXPIRED")) {
                        inTx = false;
                    }
                    throw Errors.fromCode(code, -1, "fake failure at row " + next + " of " + label, null);
                }
                if (next >= n) {
                    return null;
                }
                bytesReceived += 10;
                return new Row(columns, new Value[] {Value.integer(next++)});
            } finally {
                exit();
            }
        }

        @Override
        public void close() {
            enter("close " + label);
            try {
                if (streamClosed) {
                    t.violation(label + " closed twice");
                    return;
                }
                streamClosed = true;
                if (t.recordStatements) {
                    t.record("close " + label);
                }
                t.maybeFailClose(label);
            } finally {
                exit();
            }
        }
    }

    /** A prepared statement that runs like {@link FakeSession#execute}. */
    final class FakePrepared implements PreparedHandle {
        final String label;
        private final String sql;
        private boolean handleClosed;

        FakePrepared(String sql) {
            this.sql = sql;
            this.label = "ps[" + sql + "]";
        }

        @Override
        public StatementDescription description() {
            RuntimeException failure = t.descriptionFailure;
            if (failure != null) {
                throw failure;
            }
            List<String> names = new ArrayList<>();
            Matcher m = NAMED.matcher(sql);
            while (m.find()) {
                names.add(m.group());
            }
            for (int i = 0; i < sql.length(); i++) {
                if (sql.charAt(i) == '?') {
                    names.add(null);
                }
            }
            boolean select = sql.trim().toUpperCase(Locale.ROOT).startsWith("SELECT");
            return new StatementDescription(names,
                    select ? List.of(new Column("x", "INTEGER")) : List.of(), select);
        }

        @Override
        public Result execute(Statement bound) {
            enter("ps execute");
            try {
                check(bound);
                t.record("ps-execute " + label + " " + (bound.hasNamedArgs() ? bound.namedArgs() : bound.args()));
                return run(bound);
            } finally {
                exit();
            }
        }

        @Override
        public RowStream query(Statement bound) {
            enter("ps query");
            try {
                check(bound);
                return openStream(bound);
            } finally {
                exit();
            }
        }

        private void check(Statement bound) {
            if (handleClosed) {
                t.violation("use of closed " + label);
            }
            if (!bound.sql().equals(sql)) {
                t.violation(label + " ran with other SQL: " + bound.sql());
            }
        }

        @Override
        public void close() {
            enter("close " + label);
            try {
                if (handleClosed) {
                    t.violation(label + " closed twice");
                    return;
                }
                handleClosed = true;
                t.record("close " + label);
                t.maybeFailClose(label);
            } finally {
                exit();
            }
        }
    }
}
