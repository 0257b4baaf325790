//! Local databases (files and `:memory:`) on the engine's C API.
//!
//! libsql's `Connection`/`Statement`/`Row` for local databases cannot read text with an embedded
//! NUL (they go through `CStr`), panic on text that is not UTF-8, cannot clear bindings or report
//! `sqlite3_stmt_readonly`, and box a future, clone the arguments and allocate per row. So local
//! databases use the same engine (libsql-ffi, built by libsql with SQLite3MultipleCiphers) through
//! its C API, the way libsql itself does inside `libsql::local`; embedded replicas go through the
//! libsql API (`replica.rs`), which owns the replication protocol.

use std::ffi::{c_char, c_int, CStr, CString};
use std::ptr;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use std::time::Duration;

use libsql_sys::ffi;
use parking_lot::{ReentrantMutex, ReentrantMutexGuard};

use crate::codec::{self, ArgValue, ArgsView, PageWriter};
use crate::error::{Error, Result};

/// libsql configures the engine once (SERIALIZED threading, then sqlite3_initialize) and asserts
/// that the configuration call succeeds, which it only does before the engine is initialized.
/// So libsql's own initialization must run first: building a local `:memory:` Database does it
/// without opening anything.
pub fn ensure_engine() -> Result<()> {
    static INIT: OnceLock<std::result::Result<(), String>> = OnceLock::new();
    let init = INIT.get_or_init(
        || match crate::executor::poll_ready(libsql::Builder::new_local(":memory:").build()) {
            Some(Ok(_db)) => Ok(()),
            Some(Err(e)) => Err(format!("cannot initialize the libSQL engine: {e}")),
            None => Err("cannot initialize the libSQL engine: build did not complete".to_string()),
        },
    );
    init.clone().map_err(Error::Other)
}

/// One `sqlite3*` handle, opened in SQLite's multi-thread mode (`SQLITE_OPEN_NOMUTEX`): the
/// engine takes no mutex of its own on the handle or its statements, which in serialized mode
/// cost a lock and an unlock on every API call (a quarter of a full scan's time). Instead every use
/// of the handle and its statements holds this connection's lock, [`RawConn::enter`]: once per
/// JNI call (a page of rows, a statement run), not once per SQLite call. The one exception is
/// `sqlite3_interrupt`, which SQLite allows from any thread at any time, and which must not wait
/// for the statement it stops.
pub struct RawConn {
    db: *mut ffi::sqlite3,
    /// Held for every call on the handle and its statements. Reentrant, because finalizing a
    /// statement takes it too and may happen while it is held (a temporary statement dropped
    /// inside a call).
    lock: ReentrantMutex<()>,
}

// SAFETY: every call on the handle (and its statements) holds `lock`, so the handle is used by
// one thread at a time; sqlite3_interrupt is thread-safe by SQLite's contract.
unsafe impl Send for RawConn {}
// SAFETY: as above.
unsafe impl Sync for RawConn {}

impl Drop for RawConn {
    fn drop(&mut self) {
        // close_v2 defers the close while statements are still alive; ours hold an Arc to this
        // handle, so by now there are none.
        self.clear_interrupt();
        // SAFETY: db is a handle returned by sqlite3_open_v2 and closed only here.
        unsafe { ffi::sqlite3_close_v2(self.db) };
    }
}

fn cstr_lossy(p: *const c_char) -> String {
    if p.is_null() {
        return String::new();
    }
    // SAFETY: SQLite returns NUL-terminated strings that stay valid until the next call.
    unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned()
}

impl RawConn {
    /// Opens the handle. Flags: read-write, create, URI file names, and multi-thread mode (see
    /// the type's docs); the benchmark's native floor opens its handles with the same flags.
    pub fn open(path: &str, key: Option<&libsql::EncryptionConfig>) -> Result<RawConn> {
        let cpath = CString::new(path).map_err(|_| Error::other("the path contains a NUL character"))?;
        let flags =
            ffi::SQLITE_OPEN_READWRITE | ffi::SQLITE_OPEN_CREATE | ffi::SQLITE_OPEN_URI | ffi::SQLITE_OPEN_NOMUTEX;
        let mut db = ptr::null_mut();
        // SAFETY: valid C string and out pointer.
        let rc = unsafe { ffi::sqlite3_open_v2(cpath.as_ptr(), &mut db, flags, ptr::null()) };
        if rc != ffi::SQLITE_OK {
            let error = if db.is_null() {
                Error::Sqlite {
                    extended: rc,
                    message: errstr(rc),
                }
            } else {
                // SAFETY: a handle is returned even on failure and must be closed.
                let error = unsafe { handle_error(db, rc) };
                unsafe { ffi::sqlite3_close_v2(db) };
                error
            };
            return Err(match error {
                Error::Sqlite { extended, message } => Error::Sqlite {
                    extended,
                    message: format!("cannot open {path}: {message}"),
                },
                other => other,
            });
        }
        let conn = RawConn {
            db,
            lock: ReentrantMutex::new(()),
        };
        // SAFETY: db is open and not shared yet.
        unsafe { ffi::sqlite3_extended_result_codes(db, 1) };
        if let Some(cfg) = key {
            // The same two calls libsql makes on every connect of an encrypted database.
            // SAFETY: db is open.
            if unsafe { libsql_sys::connection::set_encryption_cipher(db, cfg.cipher_id()) } == -1 {
                return Err(Error::other("failed to set the encryption cipher"));
            }
            // SAFETY: db is open; the key slice is valid for the call.
            let rc = unsafe { libsql_sys::connection::set_encryption_key(db, &cfg.encryption_key) };
            if rc != ffi::SQLITE_OK {
                return Err(conn.error(rc));
            }
        }
        Ok(conn)
    }

    /// The connection's lock: held for every use of the handle and its statements (see the type's
    /// docs). Taking it again on the same thread is cheap.
    pub fn enter(&self) -> ReentrantMutexGuard<'_, ()> {
        self.lock.lock()
    }

    /// The connection's current error, for a call that returned `rc`. The caller holds the lock
    /// since that call, so the message is that call's.
    pub fn error(&self, rc: c_int) -> Error {
        // SAFETY: db is open for the life of self.
        unsafe { handle_error(self.db, rc) }
    }

    pub fn busy_timeout(&self, timeout: Duration) -> Result<()> {
        let _held = self.enter();
        let ms = timeout.as_millis().min(i32::MAX as u128) as c_int;
        // SAFETY: db is open.
        let rc = unsafe { ffi::sqlite3_busy_timeout(self.db, ms) };
        if rc != ffi::SQLITE_OK {
            return Err(self.error(rc));
        }
        Ok(())
    }

    pub fn interrupt(&self) {
        // SAFETY: db is open; sqlite3_interrupt is safe to call from any thread.
        unsafe { ffi::sqlite3_interrupt(self.db) }
    }

    /// Clears a pending `sqlite3_interrupt`. The flag outlives the statement it stopped (or is set
    /// with nothing running) until the next statement starts, and the WAL checkpoint that closing
    /// the last connection runs gives up while it is set: the data would stay in `-wal`. Preparing
    /// a statement while none is active clears it; called with no statement left on the handle.
    fn clear_interrupt(&self) {
        // SAFETY: db is open.
        if unsafe { ffi::sqlite3_is_interrupted(self.db) } == 0 {
            return;
        }
        let mut stmt = ptr::null_mut();
        // SAFETY: db is open; the SQL is a NUL-terminated literal; the statement (if any) is
        // finalized at once.
        unsafe {
            ffi::sqlite3_prepare_v2(self.db, c"SELECT 1".as_ptr(), -1, &mut stmt, ptr::null_mut());
            ffi::sqlite3_finalize(stmt);
        }
    }

    // The four getters below take no lock: SQLite reads them as plain fields of the handle without
    // its mutex even in serialized mode, and they run once per statement (a re-entry costs a
    // thread-id lookup each).

    pub fn is_autocommit(&self) -> bool {
        // SAFETY: db is open.
        unsafe { ffi::sqlite3_get_autocommit(self.db) != 0 }
    }

    pub fn changes(&self) -> i64 {
        // SAFETY: db is open.
        unsafe { ffi::sqlite3_changes64(self.db) }
    }

    pub fn total_changes(&self) -> i64 {
        // SAFETY: db is open.
        unsafe { ffi::sqlite3_total_changes64(self.db) }
    }

    pub fn last_insert_rowid(&self) -> i64 {
        // SAFETY: db is open.
        unsafe { ffi::sqlite3_last_insert_rowid(self.db) }
    }

    /// Prepares the first statement of `sql`; returns it and the byte offset of the rest.
    /// The statement is None when `sql` holds only whitespace and comments.
    fn prepare_one(self: &Arc<Self>, sql: &[u8], persistent: bool) -> Result<(Option<StmtCore>, usize)> {
        if sql.len() > i32::MAX as usize {
            return Err(Error::other("the SQL text is too long"));
        }
        let mut stmt = ptr::null_mut();
        let mut tail: *const c_char = ptr::null();
        let flags = if persistent { ffi::SQLITE_PREPARE_PERSISTENT } else { 0 };
        // SAFETY: sql is valid for sql.len() bytes (not NUL-terminated: its length is passed).
        let rc = unsafe {
            ffi::sqlite3_prepare_v3(
                self.db,
                sql.as_ptr().cast(),
                sql.len() as c_int,
                flags as _,
                &mut stmt,
                &mut tail,
            )
        };
        if rc != ffi::SQLITE_OK {
            return Err(self.error(rc));
        }
        let consumed = if tail.is_null() {
            sql.len()
        } else {
            (tail as usize).saturating_sub(sql.as_ptr() as usize).min(sql.len())
        };
        let core = if stmt.is_null() {
            None
        } else {
            Some(StmtCore {
                stmt,
                conn: Arc::clone(self),
                bound: Vec::new(),
            })
        };
        Ok((core, consumed))
    }

    /// Prepares exactly one statement: empty SQL and trailing statements are errors.
    pub fn prepare(self: &Arc<Self>, sql: &str, persistent: bool) -> Result<StmtCore> {
        let _held = self.enter();
        let bytes = sql.as_bytes();
        let (core, consumed) = self.prepare_one(bytes, persistent)?;
        let Some(core) = core else {
            return Err(Error::other("SQL string does not contain any statement"));
        };
        let rest = &bytes[consumed..];
        if rest.iter().any(|b| !b.is_ascii_whitespace() && *b != b';') {
            // Only comments may follow; anything the engine would compile is a second statement.
            match self.prepare_one(rest, false) {
                Ok((None, _)) => {}
                _ => return Err(Error::other("SQL string contains more than one statement")),
            }
        }
        Ok(core)
    }

    /// Runs every statement of `sql` to completion, ignoring rows; stops at the first error.
    pub fn execute_script(self: &Arc<Self>, sql: &str) -> Result<()> {
        let _held = self.enter();
        let mut rest = sql.as_bytes();
        while !rest.is_empty() {
            let (core, consumed) = self.prepare_one(rest, false)?;
            if let Some(mut core) = core {
                while core.step()? {}
            }
            if consumed == 0 {
                break;
            }
            rest = &rest[consumed..];
        }
        Ok(())
    }

    /// Puts a file database in WAL mode (a no-op if it already is).
    pub fn enable_wal(self: &Arc<Self>) -> Result<()> {
        let _held = self.enter();
        let mut core = self.prepare("PRAGMA journal_mode=WAL", false)?;
        while core.step()? {}
        Ok(())
    }
}

fn errstr(rc: c_int) -> String {
    // SAFETY: sqlite3_errstr returns a static string for any code.
    cstr_lossy(unsafe { ffi::sqlite3_errstr(rc) })
}

/// # Safety
/// `db` must be an open handle.
unsafe fn handle_error(db: *mut ffi::sqlite3, rc: c_int) -> Error {
    let extended = ffi::sqlite3_extended_errcode(db);
    // The handle's code can be stale (e.g. SQLITE_MISUSE returned without setting it).
    let extended = if extended & 0xff == rc & 0xff { extended } else { rc };
    Error::Sqlite {
        extended,
        message: cstr_lossy(ffi::sqlite3_errmsg(db)),
    }
}

/// One prepared statement; finalized on drop. Owns the argument buffer its bindings point into.
/// Its methods are called with the connection's lock held ([`LocalStmt::lock`], or the lock a
/// [`RawConn`] method took); dropping it takes the lock itself.
pub struct StmtCore {
    stmt: *mut ffi::sqlite3_stmt,
    conn: Arc<RawConn>,
    /// Bytes bound with SQLITE_STATIC; only replaced after reset + clear_bindings.
    bound: Vec<u8>,
}

// SAFETY: the statement is only used with its connection's lock held (see the type's docs).
unsafe impl Send for StmtCore {}

impl Drop for StmtCore {
    fn drop(&mut self) {
        let conn = Arc::clone(&self.conn);
        let _held = conn.enter();
        // SAFETY: stmt came from sqlite3_prepare_v3 and is finalized only here, under the
        // connection's lock, before `bound` (which it may point into) is freed.
        unsafe { ffi::sqlite3_finalize(self.stmt) };
    }
}

/// A prepared statement shared by the statement registry entry and a row stream over it.
pub struct LocalStmt {
    conn: Arc<RawConn>,
    core: Mutex<StmtCore>,
}

/// A [`StmtCore`] in use: the connection's lock, then the statement's. Derefs to the statement.
pub struct LockedStmt<'a> {
    // Dropped in declaration order: the statement before the connection.
    core: MutexGuard<'a, StmtCore>,
    _conn: ReentrantMutexGuard<'a, ()>,
}

impl std::ops::Deref for LockedStmt<'_> {
    type Target = StmtCore;

    fn deref(&self) -> &StmtCore {
        &self.core
    }
}

impl std::ops::DerefMut for LockedStmt<'_> {
    fn deref_mut(&mut self) -> &mut StmtCore {
        &mut self.core
    }
}

impl LocalStmt {
    pub fn new(core: StmtCore) -> LocalStmt {
        LocalStmt {
            conn: Arc::clone(&core.conn),
            core: Mutex::new(core),
        }
    }

    /// Takes the connection's lock, then the statement's (always in this order).
    pub fn lock(&self) -> LockedStmt<'_> {
        let conn = self.conn.enter();
        LockedStmt {
            // A panic under the lock is caught by the JNI guard; the statement stays usable.
            core: self.core.lock().unwrap_or_else(|e| e.into_inner()),
            _conn: conn,
        }
    }
}

pub type SharedStmt = Arc<LocalStmt>;

impl StmtCore {
    /// Steps once: true when a row is ready, false when done.
    pub fn step(&mut self) -> Result<bool> {
        // SAFETY: stmt is a live statement.
        let rc = unsafe { ffi::sqlite3_step(self.stmt) };
        match rc {
            ffi::SQLITE_ROW => Ok(true),
            ffi::SQLITE_DONE => Ok(false),
            rc => Err(self.conn.error(rc)),
        }
    }

    /// Resets the statement (releasing what it holds) and clears its bindings.
    pub fn reset(&mut self) {
        // SAFETY: stmt is live. reset returns the last step's error, already reported.
        unsafe {
            ffi::sqlite3_reset(self.stmt);
            ffi::sqlite3_clear_bindings(self.stmt);
        }
    }

    pub fn parameter_count(&self) -> usize {
        // SAFETY: stmt is live.
        unsafe { ffi::sqlite3_bind_parameter_count(self.stmt) }.max(0) as usize
    }

    /// The name of parameter `i` (1-based) with its prefix; None for a plain `?`.
    pub fn parameter_name(&self, i: usize) -> Option<&str> {
        // SAFETY: stmt is live; the name lives as long as the statement.
        let p = unsafe { ffi::sqlite3_bind_parameter_name(self.stmt, i as c_int) };
        if p.is_null() {
            return None;
        }
        // SAFETY: non-null NUL-terminated UTF-8 owned by the statement.
        unsafe { CStr::from_ptr(p) }.to_str().ok()
    }

    pub fn column_count(&self) -> usize {
        // SAFETY: stmt is live.
        unsafe { ffi::sqlite3_column_count(self.stmt) }.max(0) as usize
    }

    /// `[name0, declType0, ...]`.
    pub fn columns(&self) -> Vec<(String, Option<String>)> {
        (0..self.column_count())
            .map(|i| {
                // SAFETY: stmt is live and i < column_count.
                let name = cstr_lossy(unsafe { ffi::sqlite3_column_name(self.stmt, i as c_int) });
                let decl = unsafe { ffi::sqlite3_column_decltype(self.stmt, i as c_int) };
                (name, (!decl.is_null()).then(|| cstr_lossy(decl)))
            })
            .collect()
    }

    /// True when the statement's connection is in autocommit mode (no transaction open).
    pub fn conn_is_autocommit(&self) -> bool {
        self.conn.is_autocommit()
    }

    pub fn is_readonly(&self) -> bool {
        // SAFETY: stmt is live.
        unsafe { ffi::sqlite3_stmt_readonly(self.stmt) != 0 }
    }

    /// Resets, clears the bindings and binds `params` (an argument buffer from Java). The bytes
    /// are copied into the statement's own buffer and bound from there (SQLITE_STATIC).
    pub fn bind(&mut self, params: Option<&[u8]>) -> Result<()> {
        self.reset();
        // Bindings are cleared, so nothing points into the buffer: it may be refilled. Moving the
        // Vec out and back does not move its heap block, which the bindings then point into.
        let mut buf = std::mem::take(&mut self.bound);
        buf.clear();
        if let Some(p) = params {
            buf.extend_from_slice(p);
        }
        let result = self.bind_from(&buf);
        self.bound = buf;
        if result.is_err() {
            // SAFETY: stmt is live; drop bindings of a partly bound statement.
            unsafe { ffi::sqlite3_clear_bindings(self.stmt) };
        }
        result
    }

    fn bind_from(&self, buf: &[u8]) -> Result<()> {
        if buf.is_empty() {
            return Ok(());
        }
        match codec::view_args(buf)? {
            ArgsView::None => Ok(()),
            // The hot path: values are bound as they are read. Parameters left over stay NULL,
            // as clear_bindings left them.
            ArgsView::Positional(mut values) => {
                let param_count = self.parameter_count();
                if values.count > param_count {
                    return Err(codec::too_many_arguments(param_count, values.count));
                }
                let mut i: c_int = 1;
                while let Some(v) = values.next_value()? {
                    self.bind_value(i, &v)?;
                    i += 1;
                }
                Ok(())
            }
            ArgsView::Named => {
                let args = codec::decode_args(buf)?;
                let values = codec::resolve(&args, self.parameter_count(), |i| self.parameter_name(i))?;
                for (i, v) in values.iter().enumerate() {
                    self.bind_value(i as c_int + 1, v)?;
                }
                Ok(())
            }
        }
    }

    fn bind_value(&self, i: c_int, v: &ArgValue) -> Result<()> {
        // SAFETY: stmt is live; text/blob pointers point into self.bound (SQLITE_STATIC), which
        // stays unchanged until the bindings are cleared. An empty slice's pointer is non-null,
        // so empty text/blob bind as empty values, not NULL.
        let rc = unsafe {
            match *v {
                ArgValue::Null => ffi::sqlite3_bind_null(self.stmt, i),
                ArgValue::Integer(x) => ffi::sqlite3_bind_int64(self.stmt, i, x),
                ArgValue::Real(x) => ffi::sqlite3_bind_double(self.stmt, i, x),
                ArgValue::Text(b) => ffi::sqlite3_bind_text64(
                    self.stmt,
                    i,
                    b.as_ptr().cast(),
                    b.len() as u64,
                    ffi::SQLITE_STATIC(),
                    ffi::SQLITE_UTF8 as u8,
                ),
                ArgValue::Blob(b) => {
                    ffi::sqlite3_bind_blob64(self.stmt, i, b.as_ptr().cast(), b.len() as u64, ffi::SQLITE_STATIC())
                }
            }
        };
        if rc != ffi::SQLITE_OK {
            return Err(self.conn.error(rc));
        }
        Ok(())
    }

    /// Appends the current row's values to a page.
    pub fn write_row(&self, page: &mut PageWriter, columns: usize) {
        for i in 0..columns as c_int {
            // SAFETY: stmt is live with a current row and i < column count. Per SQLite's rules the
            // pointer is fetched before the byte count.
            unsafe {
                match ffi::sqlite3_column_type(self.stmt, i) {
                    ffi::SQLITE_INTEGER => page.integer(ffi::sqlite3_column_int64(self.stmt, i)),
                    ffi::SQLITE_FLOAT => page.real(ffi::sqlite3_column_double(self.stmt, i)),
                    ffi::SQLITE_TEXT => {
                        let p = ffi::sqlite3_column_text(self.stmt, i);
                        let n = ffi::sqlite3_column_bytes(self.stmt, i).max(0) as usize;
                        page.text(raw_bytes(p, n))
                    }
                    ffi::SQLITE_BLOB => {
                        let p = ffi::sqlite3_column_blob(self.stmt, i);
                        let n = ffi::sqlite3_column_bytes(self.stmt, i).max(0) as usize;
                        page.blob(raw_bytes(p.cast(), n))
                    }
                    _ => page.null(),
                }
            }
        }
    }

    /// Binds, runs to completion and encodes the execute result into `out`.
    pub fn execute(&mut self, params: Option<&[u8]>, out: &mut Vec<u8>) -> Result<()> {
        self.bind(params)?;
        if self.is_readonly() {
            // A statement that writes nothing changes no rows and inserts no rowid: skip the four
            // calls that find out (each takes the connection's mutex).
            let result = self.run_into(out);
            self.reset_keeping_bindings();
            result?;
            codec::write_exec_header(&mut out[..codec::EXEC_HEADER], 0, None);
            return Ok(());
        }
        let conn = Arc::clone(&self.conn);
        let total_before = conn.total_changes();
        let rowid_before = conn.last_insert_rowid();
        let result = self.run_into(out);
        let changed = conn.total_changes() != total_before;
        let rows_affected = if changed { conn.changes() } else { 0 };
        let rowid_after = conn.last_insert_rowid();
        // Only a successful INSERT into a rowid table moves the rowid (triggers restore it); an
        // INSERT that got the same rowid as the previous one is recognized by its verb.
        let inserted = changed && (rowid_after != rowid_before || self.is_insert());
        // Leave the statement holding no lock or snapshot.
        self.reset_keeping_bindings();
        result?;
        codec::write_exec_header(
            &mut out[..codec::EXEC_HEADER],
            rows_affected,
            inserted.then_some(rowid_after),
        );
        Ok(())
    }

    /// Resets the statement (releasing its locks and snapshot) and leaves the bindings: they point
    /// into `bound`, which stays as it is until the next bind clears them first.
    fn reset_keeping_bindings(&mut self) {
        // SAFETY: stmt is live. reset returns the last step's error, already reported.
        unsafe { ffi::sqlite3_reset(self.stmt) };
    }

    fn is_insert(&self) -> bool {
        // SAFETY: stmt is live; sqlite3_sql returns its UTF-8 text.
        let sql = cstr_lossy(unsafe { ffi::sqlite3_sql(self.stmt) });
        matches!(crate::sqltext::main_verb(&sql).as_deref(), Some("INSERT" | "REPLACE"))
    }

    fn run_into(&mut self, out: &mut Vec<u8>) -> Result<()> {
        out.clear();
        out.resize(codec::EXEC_HEADER, 0);
        // Step first: a schema change since prepare makes SQLite re-prepare on the first step,
        // and only then does the column count describe the rows that come back.
        let mut has_row = self.step()?;
        let columns = self.column_count();
        let mut page = PageWriter::begin(out, columns);
        while has_row {
            self.write_row(&mut page, columns);
            page.end_row();
            has_row = self.step()?;
        }
        page.finish(true);
        Ok(())
    }
}

/// # Safety
/// `p` must be valid for `n` bytes when `n > 0`.
unsafe fn raw_bytes<'a>(p: *const u8, n: usize) -> &'a [u8] {
    if p.is_null() || n == 0 {
        &[]
    } else {
        std::slice::from_raw_parts(p, n)
    }
}

/// A local database: how to open its connections.
pub struct LocalDb {
    path: String,
    key: Option<libsql::EncryptionConfig>,
    /// For `:memory:`: holds the in-memory database open while the Database lives.
    _keeper: Option<Arc<RawConn>>,
}

impl LocalDb {
    /// Opens a file database (switching it to WAL) or a fresh in-memory one.
    pub fn open(id: u64, path: &str, key: Option<Vec<u8>>) -> Result<LocalDb> {
        ensure_engine()?;
        if path == ":memory:" {
            // Every sqlite3_open_v2(":memory:") is a separate database. The memdb VFS shares one
            // in-memory database between the connections that open the same "/name", with the
            // normal locking (busy timeouts work, unlike shared-cache mode). Encryption at rest
            // does not apply to memory, as in libsql, so a key is ignored.
            let path = format!("file:/libsql4j-mem-{id}?vfs=memdb");
            let keeper = Arc::new(RawConn::open(&path, None)?);
            return Ok(LocalDb {
                path,
                key: None,
                _keeper: Some(keeper),
            });
        }
        let key = key.map(|k| libsql::EncryptionConfig::new(libsql::Cipher::Aes256Cbc, k.into()));
        let db = LocalDb {
            path: path.to_string(),
            key,
            _keeper: None,
        };
        // WAL once at open: readers and a writer do not block each other, and commits are
        // cheaper. This is also the first read of the file, so a wrong key fails here.
        let conn = Arc::new(db.connect_raw()?);
        conn.busy_timeout(Duration::from_secs(5))?;
        match conn.enable_wal() {
            Ok(()) => {}
            // A read-only file (or a `file:...?mode=ro` URI) keeps its journal mode.
            Err(Error::Sqlite { extended, .. }) if extended & 0xff == ffi::SQLITE_READONLY => {}
            Err(Error::Sqlite { extended, message }) if extended & 0xff == ffi::SQLITE_NOTADB && db.key.is_some() => {
                return Err(Error::Sqlite {
                    extended,
                    message: format!("{message} (wrong encryption key?)"),
                });
            }
            Err(e) => return Err(e),
        }
        Ok(db)
    }

    fn connect_raw(&self) -> Result<RawConn> {
        RawConn::open(&self.path, self.key.as_ref())
    }

    pub fn connect(&self, busy_timeout: Duration) -> Result<Arc<RawConn>> {
        let conn = self.connect_raw()?;
        conn.busy_timeout(busy_timeout)?;
        Ok(Arc::new(conn))
    }
}

/// The engine's version, e.g. "3.45.1".
pub fn sqlite_version() -> String {
    // SAFETY: static string.
    cstr_lossy(unsafe { ffi::sqlite3_libversion() })
}

/// libSQL's own version, e.g. "0.2.3".
pub fn libsql_version() -> String {
    // SAFETY: static string.
    cstr_lossy(unsafe { ffi::libsql_libversion() })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    fn temp_dir(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("libsql4j-local-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    /// An interrupt left pending on the last connection must not stop the checkpoint that closing it runs.
    #[test]
    fn closing_after_an_interrupt_checkpoints_and_removes_the_wal() {
        let dir = temp_dir("interrupt");
        let path = dir.join("app.db");
        let db = LocalDb::open(1, path.to_str().unwrap(), None).unwrap();
        let conn = db.connect(Duration::from_secs(5)).unwrap();
        conn.execute_script("CREATE TABLE x(a); INSERT INTO x VALUES (1), (2), (3);").unwrap();
        let wal = dir.join("app.db-wal");
        assert!(wal.exists());
        conn.interrupt();
        assert!(matches!(conn.execute_script("SELECT 1"), Ok(())), "a new statement is not interrupted");
        conn.interrupt(); // pending, with nothing running
        drop(conn);
        assert!(!wal.exists(), "the WAL is checkpointed and removed on close");
        assert!(!dir.join("app.db-shm").exists());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
