package dev.libsql4j.embedded.internal;

/**
 * Every native method of libsql4j, in one place. Implemented by the Rust crate in {@code native/}
 * ({@code libsql4j_native}); the function names follow JNI mangling for this class.
 *
 * <h2>Handles</h2>
 * Every object lives in a registry on the Rust side and Java holds its {@code long} id, never a
 * pointer. Ids are unique for the life of the process and never reused. An unknown or closed id
 * throws {@link IllegalStateException} ("Connection 42 is closed or unknown"), never crashes.
 * {@code *Close} methods are idempotent: closing an unknown id is a no-op. Closing a database
 * also closes its connections, statements and row streams; closing a connection closes its
 * statements and row streams.
 *
 * <h2>Errors</h2>
 * Database errors throw {@link NativeException} with the SQLite primary and extended result codes
 * ({@code -1} for errors that are not SQLite's, such as a failed sync or a bad argument) and the
 * message. A Rust panic is caught and thrown as {@link NativeException} with code {@code -2}.
 * Misuse of ids throws {@link IllegalStateException}. Nothing ever unwinds into the JVM.
 *
 * <h2>Value encoding</h2>
 * Arguments and rows cross as little-endian byte arrays. A value is a tag byte followed by its
 * payload: {@code 0} NULL; {@code 1} INTEGER, 8 bytes (i64); {@code 2} REAL, 8 bytes (IEEE 754
 * f64 bits); {@code 3} TEXT, u32 byte length then UTF-8; {@code 4} BLOB, u32 length then bytes.
 *
 * <p>Arguments ({@code params}): u8 kind ({@code 0} none, {@code 1} positional, {@code 2} named),
 * u32 count, then {@code count} entries. A positional entry is a value; a named entry is u32
 * name length, the UTF-8 name without its {@code :}/{@code @}/{@code $} prefix, then a value.
 * Binding: positional values go to parameters 1..count (more values than parameters is an error
 * with code {@code -1}, "too many arguments: the statement has N parameters but M values were
 * given"; fewer leaves the rest NULL). Named values are matched to each parameter
 * {@code :name}/{@code @name}/{@code $name} by the name without prefix; a named parameter with no
 * value is an error ("no value for parameter :name"); a value matching no parameter is an error.
 * A null {@code params} array means no arguments.
 *
 * <p>A row page ({@link #rowsNext}): u32 column count, u32 row count, u8 done (1 when the
 * statement has no more rows), then row count × column count values, row by row.
 *
 * <p>An execute result ({@link #connExecute}, {@link #stmtExecute}): i64 rows affected (0 unless
 * the statement changed rows, as {@code sqlite3_changes} after an INSERT/UPDATE/DELETE that
 * changed {@code total_changes}), u8 has-rowid, i64 last insert rowid (meaningful when has-rowid
 * is 1: the statement inserted a row), then a row page holding every row the statement returned
 * (done = 1).
 *
 * <h2>Threads</h2>
 * Calls on one connection (and its statements and row streams) must not overlap; the Java side
 * serializes them. {@link #connInterrupt} is the exception: it may run while another thread is
 * inside a call on the same connection, and makes that call fail with SQLITE_INTERRUPT.
 */
final class NativeBindings {
    private NativeBindings() {
    }

    /** The crate version and the libSQL/SQLite versions, e.g. {@code libsql4j_native 0.1.0 (SQLite 3.45.1)}. */
    static native String nativeVersion();

    /**
     * Opens a database.
     *
     * @param path               a file path, or {@code :memory:} (connections of one in-memory
     *                           database share its data)
     * @param encryptionKey      AES-256-CBC key material (any length; SQLite3MultipleCiphers
     *                           derives the key), or null
     * @param syncUrl            the primary's URL for an embedded replica (http, https or libsql),
     *                           or null for a plain local database
     * @param authToken          the primary's bearer token, or null (timed syncs are the Java core's)
     * @return the database id; a replica has synced once before this returns
     */
    static native long dbOpen(String path, byte[] encryptionKey, String syncUrl, String authToken);

    /**
     * Syncs a replica now.
     *
     * @return {@code [frameNo or -1, framesSynced]}
     */
    static native long[] dbSync(long db);

    /** Closes a database and everything opened from it. */
    static native void dbClose(long db);

    /**
     * Opens a connection.
     *
     * @param busyTimeoutMillis how long to wait for a lock before SQLITE_BUSY
     */
    static native long connOpen(long db, long busyTimeoutMillis);

    /** Closes a connection, its statements and row streams. */
    static native void connClose(long conn);

    /** Interrupts the statement running on the connection, if any (sqlite3_interrupt). */
    static native void connInterrupt(long conn);

    /** Whether the connection is in autocommit mode (no transaction open). */
    static native boolean connIsAutocommit(long conn);

    /** sqlite3_last_insert_rowid. */
    static native long connLastInsertRowid(long conn);

    /** sqlite3_changes. */
    static native long connChanges(long conn);

    /** sqlite3_total_changes. */
    static native long connTotalChanges(long conn);

    /** Runs semicolon-separated SQL without arguments, ignoring rows; stops at the first error. */
    static native void connExecuteScript(long conn, String sql);

    /** Prepares, binds, runs to completion and finalizes one statement; see the class docs for the result. */
    static native byte[] connExecute(long conn, String sql, byte[] params);

    /** Prepares and binds one statement and opens a row stream that owns it (finalized on rowsClose). */
    static native long connQuery(long conn, String sql, byte[] params);

    /** Prepares a statement for reuse. */
    static native long stmtPrepare(long conn, String sql);

    /** Parameter names in order (index 0 is parameter 1), with prefix; null for a plain {@code ?}. */
    static native String[] stmtParameterNames(long stmt);

    /** Columns as {@code [name0, declType0, name1, declType1, ...]}; declared types may be null. */
    static native String[] stmtColumns(long stmt);

    /** sqlite3_stmt_readonly. */
    static native boolean stmtIsReadonly(long stmt);

    /** Resets the statement, binds, runs it to completion; see the class docs for the result. */
    static native byte[] stmtExecute(long stmt, byte[] params);

    /**
     * Registers the direct buffer the connection's statements run through with
     * {@link #stmtExecuteIo}, replacing any registered before. The native side keeps a global
     * reference to it until the connection closes or another buffer is registered.
     */
    static native void connSetIo(long conn, java.nio.ByteBuffer io);

    /**
     * {@link #stmtExecute} without arrays, through the direct buffer registered for the
     * statement's connection ({@link #connSetIo}; without one this throws
     * {@link IllegalStateException}): the arguments are read from its first {@code argsLength}
     * bytes ({@code -1}: no arguments), and the result is written back to it as a u32 length, a u8
     * autocommit flag (1: the connection is in autocommit mode after the statement, 0: a
     * transaction is open, 2: unknown) and the result, and null is returned. A result larger than
     * the buffer is returned as an array instead. The buffer must not be touched by another
     * thread while the call runs.
     */
    static native byte[] stmtExecuteIo(long stmt, int argsLength);

    /**
     * Resets the statement, binds and opens a row stream over it. The statement stays busy until
     * the stream is closed; executing it again first closes that stream.
     */
    static native long stmtQuery(long stmt, byte[] params);

    /** Finalizes a statement (and closes a row stream still open on it). */
    static native void stmtClose(long stmt);

    /** Columns of a row stream, as {@link #stmtColumns}. */
    static native String[] rowsColumns(long rows);

    /**
     * Reads up to {@code maxRows} rows.
     *
     * @return a row page (class docs); done = 1 once the statement has no more rows
     */
    static native byte[] rowsNext(long rows, int maxRows);

    /** Closes a row stream; for a stream from {@link #connQuery} also finalizes its statement. */
    static native void rowsClose(long rows);
}
