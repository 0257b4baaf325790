package dev.libsql4j.jdbc;

import dev.libsql4j.Database;
import dev.libsql4j.Transaction;
import dev.libsql4j.TransactionMode;
import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Struct;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A JDBC connection over one {@link dev.libsql4j.Connection} (a session) of a possibly shared
 * {@link Database}.
 *
 * <p>Transactions: with autocommit on (the default) every statement commits on its own. With
 * autocommit off, the first statement begins a transaction in the connection's mode
 * ({@code DEFERRED} unless the {@code transactionMode} property says {@code IMMEDIATE} or
 * {@code EXCLUSIVE}; {@code READ_ONLY} when {@link #setReadOnly read-only}); {@link #commit()} and
 * {@link #rollback()} end it, and the next statement begins the next one. SQL {@code BEGIN},
 * {@code COMMIT}, {@code END} and {@code ROLLBACK} statements are routed through the same
 * machinery, so they work the same over HTTP (where every autocommit statement is its own
 * stream) as on a local file.
 *
 * <p>A {@link #commit()} (or {@code COMMIT} statement) the database refuses: on a local file the
 * transaction stays open, as SQLite keeps it, so the caller can fix the data and commit again or
 * roll back; over HTTP the commit ends the stream, so the transaction is rolled back and the
 * error says so. After a transaction was lost (stream expired, write lock taken),
 * {@link #rollback()} clears it and the next statement begins a new one.
 *
 * <p>Thread-safety: statements run one at a time (a lock); {@link Statement#cancel()},
 * {@link #abort} and {@link #isClosed()} may be called from any thread.
 */
final class JdbcConnection implements java.sql.Connection {
    private final JdbcConfig cfg;
    private final DatabaseRegistry.Lease lease;
    private final dev.libsql4j.Connection conn;
    private final ReentrantLock lock = new ReentrantLock();
    private final Object execGuard = new Object();
    private final Set<JdbcStatement> statements = Collections.synchronizedSet(new LinkedHashSet<>());
    private final boolean remote;
    private volatile boolean closed;

    // Guarded by execGuard: the call in flight, for timeouts and cancel().
    private Execution current;

    // Guarded by lock.
    private boolean autoCommit = true;
    private boolean readOnly;
    private int holdability = ResultSet.HOLD_CURSORS_OVER_COMMIT;
    private TransactionMode transactionMode;
    private Transaction tx;
    private long txNumber;
    private final List<JdbcSavepoint> savepoints = new ArrayList<>();
    private int savepointSeq;
    private SQLWarning warnings;
    private String sqliteVersion;
    private volatile int networkTimeoutMillis;
    private final Properties clientInfo = new Properties();

    private JdbcConnection(JdbcConfig cfg, DatabaseRegistry.Lease lease, dev.libsql4j.Connection conn) {
        this.cfg = cfg;
        this.lease = lease;
        this.conn = conn;
        this.transactionMode = cfg.transactionMode();
        this.remote = cfg.config().parsedUrl().kind() == dev.libsql4j.spi.DatabaseUrl.Kind.REMOTE;
    }

    /** Opens a connection: takes a database from the registry and a session from it. */
    static JdbcConnection open(JdbcConfig cfg, DatabaseRegistry registry) throws SQLException {
        return open(cfg, registry.acquire(cfg));
    }

    /** Opens a connection on a database already leased (released when this connection closes or fails to open). */
    static JdbcConnection open(JdbcConfig cfg, DatabaseRegistry.Lease lease) throws SQLException {
        try {
            return new JdbcConnection(cfg, lease, lease.database().connect());
        } catch (RuntimeException e) {
            lease.release();
            throw SqlErrors.map(e);
        } catch (Error e) {
            lease.release();
            throw e;
        }
    }

    JdbcConfig config() {
        return cfg;
    }

    dev.libsql4j.Connection core() {
        return conn;
    }

    // ------------------------------------------------------------------ running calls

    /** A core call; it throws the core's unchecked exceptions. */
    interface Call<T> {
        T run();
    }

    /** One call in flight, so a timer or cancel() can interrupt it and the error can say why. */
    private static final class Execution {
        final Object owner;
        final long timeoutMillis;
        volatile String reason;

        Execution(Object owner, long timeoutMillis) {
            this.owner = owner;
            this.timeoutMillis = timeoutMillis;
        }
    }

    /**
     * Runs a core call under the connection lock: begins the lazy transaction first when
     * {@code beginTx}, arms the timeout, maps failures to {@link SQLException}.
     *
     * @param owner          the statement (for {@code cancel()}), or null
     * @param timeoutSeconds the statement's query timeout; 0 for none
     */
    <T> T run(Object owner, int timeoutSeconds, boolean beginTx, Call<T> call) throws SQLException {
        checkOpen();
        lock.lock();
        try {
            checkOpen();
            if (beginTx) {
                ensureTransaction();
            }
            return timed(owner, timeoutSeconds, call);
        } finally {
            lock.unlock();
        }
    }

    private <T> T timed(Object owner, int timeoutSeconds, Call<T> call) throws SQLException {
        long ms = timeoutSeconds > 0 ? timeoutSeconds * 1000L : 0;
        int net = networkTimeoutMillis;
        if (net > 0 && (ms == 0 || net < ms)) {
            ms = net;
        }
        Execution ex = new Execution(owner, ms);
        synchronized (execGuard) {
            current = ex;
        }
        ScheduledFuture<?> timer = ms > 0 ? Timeouts.schedule(() -> interrupt(ex, "timeout"), ms) : null;
        try {
            return call.run();
        } catch (RuntimeException e) {
            throw translate(e, ex);
        } finally {
            if (timer != null) {
                timer.cancel(false);
            }
            synchronized (execGuard) {
                if (current == ex) {
                    current = null;
                }
            }
        }
    }

    private void interrupt(Execution ex, String reason) {
        synchronized (execGuard) {
            if (current == ex) {
                ex.reason = reason;
                conn.interrupt();
            }
        }
    }

    private static SQLException translate(RuntimeException e, Execution ex) {
        SQLException mapped = SqlErrors.map(e);
        String reason = ex.reason;
        if (reason == null) {
            return mapped;
        }
        SQLException out;
        if (reason.equals("timeout")) {
            out = new SQLTimeoutException("The statement timed out after " + ex.timeoutMillis + " ms and was interrupted"
                    + " (query timeout or network timeout): " + mapped.getMessage(), "HYT00", mapped.getErrorCode());
        } else {
            out = new SQLTimeoutException("The statement was cancelled by Statement.cancel(): " + mapped.getMessage(),
                    "HY008", mapped.getErrorCode());
        }
        out.initCause(e);
        return out;
    }

    /** Interrupts the call {@code owner} has in flight, if any. Any thread. */
    void cancel(Object owner) {
        synchronized (execGuard) {
            Execution ex = current;
            if (ex != null && ex.owner == owner) {
                ex.reason = "cancel";
                conn.interrupt();
            }
        }
    }

    /** Begins the transaction autocommit-off mode owes the next statement. Under the lock. */
    private void ensureTransaction() throws SQLException {
        if (!autoCommit && tx == null) {
            beginTx(readOnly ? TransactionMode.READ_ONLY : transactionMode);
        }
    }

    private void beginTx(TransactionMode mode) throws SQLException {
        try {
            tx = conn.begin(mode);
        } catch (RuntimeException e) {
            throw SqlErrors.map(e);
        }
        txNumber++;
        savepoints.clear();
    }

    /**
     * Runs a transaction-control statement ({@code BEGIN}, {@code COMMIT}/{@code END},
     * {@code ROLLBACK}) through the JDBC transaction state.
     */
    void control(SqlText text) throws SQLException {
        checkOpen();
        lock.lock();
        try {
            checkOpen();
            switch (text.kind()) {
                case BEGIN: {
                    if (tx != null) {
                        throw new SQLException("cannot start a transaction within a transaction", "25001");
                    }
                    List<String> w = text.words();
                    TransactionMode mode = w.contains("IMMEDIATE") ? TransactionMode.IMMEDIATE
                            : w.contains("EXCLUSIVE") ? TransactionMode.EXCLUSIVE
                            : w.contains("READONLY") ? TransactionMode.READ_ONLY
                            : w.contains("DEFERRED") ? TransactionMode.DEFERRED
                            : readOnly ? TransactionMode.READ_ONLY : transactionMode;
                    beginTx(mode);
                    break;
                }
                case COMMIT:
                    if (tx == null) {
                        if (autoCommit) {
                            throw new SQLException("cannot commit - no transaction is active", "25000");
                        }
                        return;
                    }
                    commitTx();
                    break;
                case ROLLBACK:
                    if (tx == null) {
                        if (autoCommit) {
                            throw new SQLException("cannot rollback - no transaction is active", "25000");
                        }
                        return;
                    }
                    rollbackTx();
                    break;
                default:
                    throw new IllegalArgumentException("not a transaction-control statement: " + text.kind());
            }
        } finally {
            lock.unlock();
        }
    }

    private void commitTx() throws SQLException {
        Transaction t = tx;
        tx = null;
        if (t == null) {
            savepoints.clear();
            return;
        }
        try {
            timed(null, 0, () -> {
                t.commit();
                return null;
            });
        } catch (SQLException e) {
            if (t.isActive()) {
                // The database refused the COMMIT but kept the transaction, as SQLite does (a
                // deferred foreign key, SQLITE_BUSY): it stays open to fix and commit, or roll back.
                tx = t;
                throw e;
            }
            savepoints.clear();
            throw e;
        }
        savepoints.clear();
    }

    private void rollbackTx() throws SQLException {
        Transaction t = tx;
        tx = null;
        savepoints.clear();
        if (t == null) {
            return;
        }
        timed(null, 0, () -> {
            t.rollback();
            return null;
        });
    }

    /**
     * The SQL to send for {@code text}. Over HTTP every autocommit statement runs on a fresh server
     * connection, where {@code last_insert_rowid()}, {@code changes()} and {@code total_changes()}
     * would be those of an empty session; ORMs read the rowid that way (jOOQ's and Hibernate's
     * SQLite dialects). Outside a transaction on a remote database the driver therefore puts in
     * the values the core tracked for this connection. Local connections and transactions keep
     * one server connection, where SQLite's own values are right.
     */
    String sessionValues(SqlText text) throws SQLException {
        if (!remote || !text.callsSessionFunctions()) {
            return text.sql();
        }
        lock.lock();
        try {
            if (tx != null) {
                return text.sql();
            }
            try {
                return text.withSessionValues(conn.lastInsertRowid(), conn.changes(), conn.totalChanges());
            } catch (RuntimeException e) {
                throw SqlErrors.map(e);
            }
        } finally {
            lock.unlock();
        }
    }

    void register(JdbcStatement s) {
        statements.add(s);
    }

    void unregister(JdbcStatement s) {
        statements.remove(s);
    }

    void checkOpen() throws SQLException {
        if (closed || conn.isClosed()) {
            throw SqlErrors.closed("Connection to " + cfg.redactedUrl());
        }
    }

    /** {@code select sqlite_version()}, asked once per connection. */
    String sqliteVersion() throws SQLException {
        lock.lock();
        try {
            if (sqliteVersion == null) {
                sqliteVersion = run(null, 0, false, () -> conn.execute("SELECT sqlite_version()").singleValue().toString());
            }
            return sqliteVersion;
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ statements

    @Override
    public Statement createStatement() throws SQLException {
        return createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency) throws SQLException {
        return createStatement(resultSetType, resultSetConcurrency, holdability);
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency, int resultSetHoldability)
            throws SQLException {
        checkOpen();
        checkResultSetOptions(resultSetType, resultSetConcurrency);
        JdbcStatement s = new JdbcStatement(this, resultSetHoldability);
        register(s);
        return s;
    }

    @Override
    public PreparedStatement prepareStatement(String sql) throws SQLException {
        return prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency)
            throws SQLException {
        return prepareStatement(sql, resultSetType, resultSetConcurrency, holdability);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency,
                                              int resultSetHoldability) throws SQLException {
        checkOpen();
        checkResultSetOptions(resultSetType, resultSetConcurrency);
        return newPrepared(sql, JdbcStatement.Keys.NONE, null, resultSetHoldability);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
        checkOpen();
        return newPrepared(sql, JdbcStatement.keys(autoGeneratedKeys), null, holdability);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
        checkOpen();
        throw SqlErrors.unsupported("Generated keys by column index (use column names or RETURN_GENERATED_KEYS)");
    }

    @Override
    public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
        checkOpen();
        if (columnNames == null || columnNames.length == 0) {
            return newPrepared(sql, JdbcStatement.Keys.ROWID, null, holdability);
        }
        return newPrepared(sql, JdbcStatement.Keys.COLUMNS, columnNames.clone(), holdability);
    }

    private PreparedStatement newPrepared(String sql, JdbcStatement.Keys keys, String[] keyColumns, int hold)
            throws SQLException {
        if (sql == null) {
            throw new SQLException("sql is null", "HY009");
        }
        JdbcPreparedStatement ps = new JdbcPreparedStatement(this, sql, keys, keyColumns, hold);
        register(ps);
        return ps;
    }

    private void checkResultSetOptions(int type, int concurrency) throws SQLException {
        if (type != ResultSet.TYPE_FORWARD_ONLY && type != ResultSet.TYPE_SCROLL_INSENSITIVE
                && type != ResultSet.TYPE_SCROLL_SENSITIVE) {
            throw new SQLException("Unknown result set type " + type, "HY024");
        }
        if (concurrency != ResultSet.CONCUR_READ_ONLY && concurrency != ResultSet.CONCUR_UPDATABLE) {
            throw new SQLException("Unknown result set concurrency " + concurrency, "HY024");
        }
        if (type != ResultSet.TYPE_FORWARD_ONLY) {
            addWarning(new SQLWarning("libSQL result sets are forward-only (they stream); TYPE_FORWARD_ONLY is used"
                    + " instead of the requested type " + type, "01S02"));
        }
        if (concurrency != ResultSet.CONCUR_READ_ONLY) {
            addWarning(new SQLWarning("libSQL result sets are read-only; CONCUR_READ_ONLY is used", "01S02"));
        }
    }

    private void addWarning(SQLWarning w) {
        lock.lock();
        try {
            if (warnings == null) {
                warnings = w;
            } else {
                warnings.setNextWarning(w);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public CallableStatement prepareCall(String sql) throws SQLException {
        throw SqlErrors.unsupported("CallableStatement (SQLite has no stored procedures)");
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency) throws SQLException {
        return prepareCall(sql);
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency,
                                         int resultSetHoldability) throws SQLException {
        return prepareCall(sql);
    }

    @Override
    public String nativeSQL(String sql) throws SQLException {
        checkOpen();
        return sql;
    }

    // ------------------------------------------------------------------ transactions

    @Override
    public void setAutoCommit(boolean autoCommit) throws SQLException {
        checkOpen();
        lock.lock();
        try {
            if (autoCommit == this.autoCommit) {
                return;
            }
            if (autoCommit) {
                try {
                    commitTx();
                } finally {
                    // A failed commit that kept the transaction leaves autocommit off: the caller
                    // still has to commit or roll it back.
                    if (tx == null) {
                        this.autoCommit = true;
                    }
                }
            } else {
                this.autoCommit = false;
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean getAutoCommit() throws SQLException {
        checkOpen();
        lock.lock();
        try {
            return autoCommit;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void commit() throws SQLException {
        checkOpen();
        lock.lock();
        try {
            if (autoCommit && tx == null) {
                throw new SQLException("Cannot commit: the connection is in autocommit mode", "25000");
            }
            commitTx();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void rollback() throws SQLException {
        checkOpen();
        lock.lock();
        try {
            if (autoCommit && tx == null) {
                throw new SQLException("Cannot roll back: the connection is in autocommit mode", "25000");
            }
            rollbackTx();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Savepoint setSavepoint() throws SQLException {
        return savepoint(null);
    }

    @Override
    public Savepoint setSavepoint(String name) throws SQLException {
        if (name == null || name.isEmpty()) {
            throw new SQLException("Savepoint name is empty", "HY024");
        }
        return savepoint(name);
    }

    private Savepoint savepoint(String name) throws SQLException {
        checkOpen();
        lock.lock();
        try {
            if (autoCommit && tx == null) {
                throw new SQLException("Cannot set a savepoint in autocommit mode; call setAutoCommit(false) first", "25000");
            }
            ensureTransaction();
            JdbcSavepoint sp = new JdbcSavepoint(++savepointSeq, name, txNumber);
            Transaction t = tx;
            timed(null, 0, () -> {
                t.savepoint(sp.sqlName());
                return null;
            });
            savepoints.add(sp);
            return sp;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void rollback(Savepoint savepoint) throws SQLException {
        checkOpen();
        lock.lock();
        try {
            int i = indexOf(savepoint);
            JdbcSavepoint sp = savepoints.get(i);
            Transaction t = tx;
            timed(null, 0, () -> {
                t.rollbackToSavepoint(sp.sqlName());
                return null;
            });
            savepoints.subList(i + 1, savepoints.size()).clear();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void releaseSavepoint(Savepoint savepoint) throws SQLException {
        checkOpen();
        lock.lock();
        try {
            int i = indexOf(savepoint);
            JdbcSavepoint sp = savepoints.get(i);
            Transaction t = tx;
            timed(null, 0, () -> {
                t.releaseSavepoint(sp.sqlName());
                return null;
            });
            savepoints.subList(i, savepoints.size()).clear();
        } finally {
            lock.unlock();
        }
    }

    private int indexOf(Savepoint savepoint) throws SQLException {
        if (!(savepoint instanceof JdbcSavepoint)) {
            throw new SQLException("Not a savepoint of this driver: " + savepoint, "3B001");
        }
        int i = savepoints.indexOf(savepoint);
        if (i < 0 || tx == null || ((JdbcSavepoint) savepoint).transaction() != txNumber) {
            throw new SQLException(savepoint + " is no longer valid: it was released, rolled back past, or its"
                    + " transaction ended", "3B001");
        }
        return i;
    }

    /**
     * Accepts every isolation level but {@code TRANSACTION_NONE}. SQLite (and so libSQL) runs
     * every transaction SERIALIZABLE; JDBC lets a driver substitute a stricter level, so the
     * level asked for is recorded nowhere and {@link #getTransactionIsolation()} reports
     * SERIALIZABLE. Locking is chosen with the {@code transactionMode} property instead.
     */
    @Override
    public void setTransactionIsolation(int level) throws SQLException {
        checkOpen();
        switch (level) {
            case TRANSACTION_READ_UNCOMMITTED:
            case TRANSACTION_READ_COMMITTED:
            case TRANSACTION_REPEATABLE_READ:
            case TRANSACTION_SERIALIZABLE:
                return;
            case TRANSACTION_NONE:
                throw new SQLException("TRANSACTION_NONE is not supported: libSQL always runs transactions", "HY024");
            default:
                throw new SQLException("Unknown transaction isolation level " + level, "HY024");
        }
    }

    @Override
    public int getTransactionIsolation() throws SQLException {
        checkOpen();
        return TRANSACTION_SERIALIZABLE;
    }

    /**
     * Read-only mode. With autocommit off, the transactions this connection begins are
     * {@link TransactionMode#READ_ONLY} (writes in them fail with SQLState 25006). With autocommit
     * on it is only a hint: single statements are not checked, as sqlite-jdbc does not either.
     */
    @Override
    public void setReadOnly(boolean readOnly) throws SQLException {
        checkOpen();
        lock.lock();
        try {
            if (readOnly != this.readOnly && tx != null) {
                throw new SQLException("Cannot change read-only mode while a transaction is open; commit or roll back"
                        + " first", "25001");
            }
            this.readOnly = readOnly;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        checkOpen();
        lock.lock();
        try {
            return readOnly;
        } finally {
            lock.unlock();
        }
    }

    /** The mode of the transactions autocommit-off mode begins (not READ_ONLY; see setReadOnly). */
    TransactionMode transactionMode() {
        lock.lock();
        try {
            return transactionMode;
        } finally {
            lock.unlock();
        }
    }

    /** True while a transaction is open on this connection (begun by JDBC or by a BEGIN statement). */
    boolean inTransaction() {
        lock.lock();
        try {
            return tx != null;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void setHoldability(int holdability) throws SQLException {
        checkOpen();
        if (holdability != ResultSet.HOLD_CURSORS_OVER_COMMIT && holdability != ResultSet.CLOSE_CURSORS_AT_COMMIT) {
            throw new SQLException("Unknown holdability " + holdability, "HY024");
        }
        this.holdability = holdability;
    }

    @Override
    public int getHoldability() throws SQLException {
        checkOpen();
        return holdability;
    }

    // ------------------------------------------------------------------ state, metadata

    @Override
    public DatabaseMetaData getMetaData() throws SQLException {
        checkOpen();
        return new JdbcDatabaseMetaData(this);
    }

    @Override
    public boolean isValid(int timeout) throws SQLException {
        if (timeout < 0) {
            throw new SQLException("timeout is negative: " + timeout, "HY024");
        }
        if (closed || conn.isClosed()) {
            return false;
        }
        try {
            run(null, timeout, false, () -> conn.execute("SELECT 1"));
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        checkOpen();
        lock.lock();
        try {
            return warnings;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void clearWarnings() throws SQLException {
        checkOpen();
        lock.lock();
        try {
            warnings = null;
        } finally {
            lock.unlock();
        }
    }

    /** SQLite databases have no catalogs: null, and {@link #setCatalog} is ignored, as JDBC allows. */
    @Override
    public void setCatalog(String catalog) throws SQLException {
        checkOpen();
    }

    @Override
    public String getCatalog() throws SQLException {
        checkOpen();
        return null;
    }

    /** The schema unqualified names resolve in: always {@code main}. */
    @Override
    public void setSchema(String schema) throws SQLException {
        checkOpen();
        if (schema != null && !schema.equalsIgnoreCase("main")) {
            throw new SQLException("libSQL cannot change the default schema (it is always 'main'); qualify names as "
                    + "\"" + schema + "\".table instead", "3F000");
        }
    }

    @Override
    public String getSchema() throws SQLException {
        checkOpen();
        return "main";
    }

    @Override
    public Map<String, Class<?>> getTypeMap() throws SQLException {
        checkOpen();
        return new java.util.HashMap<>();
    }

    @Override
    public void setTypeMap(Map<String, Class<?>> map) throws SQLException {
        checkOpen();
        if (map != null && !map.isEmpty()) {
            throw SqlErrors.unsupported("A type map (SQLite has no user-defined types)");
        }
    }

    /**
     * An empty {@link Clob} in memory: write it with {@code setString} or {@code setCharacterStream}
     * and bind it with {@code setClob}; it is stored as TEXT. (Connection pools treat an
     * "unsupported" answer here as a broken connection, and Hibernate asks at start-up.)
     */
    @Override
    public Clob createClob() throws SQLException {
        checkOpen();
        return new MemoryLobs.MemoryClob();
    }

    /** An empty {@link Blob} in memory, stored as a BLOB when bound; see {@link #createClob()}. */
    @Override
    public Blob createBlob() throws SQLException {
        checkOpen();
        return new MemoryLobs.MemoryBlob();
    }

    /** An empty {@link NClob} in memory, stored as TEXT when bound; see {@link #createClob()}. */
    @Override
    public NClob createNClob() throws SQLException {
        checkOpen();
        return new MemoryLobs.MemoryClob();
    }

    @Override
    public SQLXML createSQLXML() throws SQLException {
        throw SqlErrors.unsupported("SQLXML");
    }

    @Override
    public Array createArrayOf(String typeName, Object[] elements) throws SQLException {
        throw SqlErrors.unsupported("Arrays");
    }

    @Override
    public Struct createStruct(String typeName, Object[] attributes) throws SQLException {
        throw SqlErrors.unsupported("Structs");
    }

    @Override
    public void setClientInfo(String name, String value) throws SQLClientInfoException {
        if (closed) {
            throw new SQLClientInfoException("Connection is closed", "08003", 0, Map.of());
        }
        synchronized (clientInfo) {
            if (value == null) {
                clientInfo.remove(name);
            } else {
                clientInfo.setProperty(name, value);
            }
        }
    }

    @Override
    public void setClientInfo(Properties properties) throws SQLClientInfoException {
        if (closed) {
            throw new SQLClientInfoException("Connection is closed", "08003", 0, Map.of());
        }
        synchronized (clientInfo) {
            clientInfo.clear();
            if (properties != null) {
                clientInfo.putAll(properties);
            }
        }
    }

    @Override
    public String getClientInfo(String name) throws SQLException {
        checkOpen();
        synchronized (clientInfo) {
            return clientInfo.getProperty(name);
        }
    }

    @Override
    public Properties getClientInfo() throws SQLException {
        checkOpen();
        synchronized (clientInfo) {
            Properties p = new Properties();
            p.putAll(clientInfo);
            return p;
        }
    }

    /**
     * Limits every call on this connection to {@code milliseconds} (0: no limit), on top of the
     * statements' query timeouts; a call that takes longer is interrupted and fails with
     * {@link SQLTimeoutException}. The executor is not used: the driver's timer thread interrupts.
     */
    @Override
    public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
        checkOpen();
        if (milliseconds < 0) {
            throw new SQLException("Network timeout is negative: " + milliseconds, "HY024");
        }
        networkTimeoutMillis = milliseconds;
    }

    @Override
    public int getNetworkTimeout() throws SQLException {
        checkOpen();
        return networkTimeoutMillis;
    }

    @Override
    public void abort(Executor executor) throws SQLException {
        if (executor == null) {
            throw new SQLException("executor is null", "HY009");
        }
        if (closed) {
            return;
        }
        closed = true;
        conn.interrupt();
        executor.execute(() -> {
            try {
                closeNow();
            } catch (SQLException ignored) {
                // Aborting: nobody is left to tell.
            }
        });
    }

    @Override
    public void close() throws SQLException {
        if (closed && conn.isClosed()) {
            return;
        }
        closed = true;
        closeNow();
    }

    private void closeNow() throws SQLException {
        SQLException failure = null;
        List<JdbcStatement> open;
        synchronized (statements) {
            open = new ArrayList<>(statements);
        }
        Collections.reverse(open);
        for (JdbcStatement s : open) {
            try {
                s.close();
            } catch (SQLException e) {
                failure = chain(failure, e);
            }
        }
        try {
            conn.close();
        } catch (RuntimeException e) {
            failure = chain(failure, SqlErrors.map(e));
        } finally {
            lease.release();
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static SQLException chain(SQLException first, SQLException next) {
        if (first == null) {
            return next;
        }
        first.setNextException(next);
        return first;
    }

    @Override
    public boolean isClosed() {
        return closed || conn.isClosed();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        if (iface == dev.libsql4j.Connection.class) {
            return iface.cast(conn);
        }
        if (iface == Database.class) {
            return iface.cast(lease.database());
        }
        throw new SQLException("Not a wrapper for " + iface.getName() + "; this connection unwraps to "
                + "dev.libsql4j.Connection and dev.libsql4j.Database", "HY000");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this) || iface == dev.libsql4j.Connection.class || iface == Database.class;
    }

    @Override
    public String toString() {
        return "JdbcConnection[" + cfg.redactedUrl() + (closed ? ", closed" : "") + "]";
    }
}
