//! What the registries hold: databases, connections, statements and row streams, each either
//! local (C API, local.rs) or an embedded replica's (libsql API, replica.rs).

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use crate::codec::PageWriter;
use crate::error::{Error, Result};
use crate::local::{LocalDb, LocalStmt, RawConn, SharedStmt, StmtCore};
use crate::replica::{ReplicaConn, ReplicaDb, ReplicaRows, ReplicaStmt};

/// A page stops growing past this many bytes even if fewer rows than asked were read.
pub const PAGE_SOFT_LIMIT: usize = 8 << 20;

pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic under the lock is caught by the guard and reported; the data stays usable (at
    // worst a statement that needs a reset, which every execute does first).
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// A direct buffer Java registered for a connection (`connSetIo`): statement runs read their
/// arguments from it and write their result to it, without a JNI lookup of the address per call.
pub struct IoBuffer {
    /// Keeps the `ByteBuffer`, and so the memory `ptr` points to, alive while registered.
    _owner: jni::objects::GlobalRef,
    ptr: *mut u8,
    capacity: usize,
}

// SAFETY: the memory is plain bytes owned by the Java ByteBuffer, which `_owner` keeps reachable;
// the Java side serializes the calls of a connection, so one call at a time uses it.
unsafe impl Send for IoBuffer {}
// SAFETY: as above.
unsafe impl Sync for IoBuffer {}

impl IoBuffer {
    /// # Safety
    /// `ptr` must be the address of the direct buffer `owner` refers to, valid for `capacity` bytes.
    pub unsafe fn new(owner: jni::objects::GlobalRef, ptr: *mut u8, capacity: usize) -> IoBuffer {
        IoBuffer {
            _owner: owner,
            ptr,
            capacity,
        }
    }

    pub fn ptr(&self) -> *mut u8 {
        self.ptr
    }

    pub fn capacity(&self) -> usize {
        self.capacity
    }
}

pub enum DbObj {
    Local(LocalDb),
    Replica(Box<ReplicaDb>),
}

impl DbObj {
    pub fn connect(&self, busy_timeout: Duration) -> Result<ConnObj> {
        Ok(match self {
            DbObj::Local(db) => ConnObj::Local(db.connect(busy_timeout)?),
            // Busy timeouts are a no-op on replica connections (libsql).
            DbObj::Replica(db) => ConnObj::Replica(db.connect()?),
        })
    }

    pub fn sync(&self) -> Result<[i64; 2]> {
        match self {
            DbObj::Local(_) => Err(Error::other(
                "sync is only supported for embedded replicas (open the database with a sync URL)",
            )),
            DbObj::Replica(db) => db.sync(),
        }
    }
}

pub enum ConnObj {
    Local(Arc<RawConn>),
    Replica(ReplicaConn),
}

impl ConnObj {
    pub fn interrupt(&self) {
        match self {
            ConnObj::Local(c) => c.interrupt(),
            ConnObj::Replica(c) => c.interrupt.request(),
        }
    }

    pub fn is_autocommit(&self) -> Result<bool> {
        match self {
            ConnObj::Local(c) => Ok(c.is_autocommit()),
            ConnObj::Replica(c) => c.is_autocommit(),
        }
    }

    pub fn last_insert_rowid(&self) -> Result<i64> {
        match self {
            ConnObj::Local(c) => Ok(c.last_insert_rowid()),
            ConnObj::Replica(c) => c.last_insert_rowid(),
        }
    }

    pub fn changes(&self) -> Result<i64> {
        match self {
            ConnObj::Local(c) => Ok(c.changes()),
            ConnObj::Replica(c) => c.changes(),
        }
    }

    pub fn total_changes(&self) -> Result<i64> {
        match self {
            ConnObj::Local(c) => Ok(c.total_changes()),
            ConnObj::Replica(c) => c.total_changes(),
        }
    }

    pub fn execute_script(&self, sql: &str) -> Result<()> {
        match self {
            ConnObj::Local(c) => c.execute_script(sql),
            ConnObj::Replica(c) => c.execute_script(sql),
        }
    }

    pub fn prepare(&self, sql: &str, persistent: bool) -> Result<StmtObj> {
        Ok(match self {
            ConnObj::Local(c) => StmtObj::Local(Arc::new(LocalStmt::new(c.prepare(sql, persistent)?))),
            ConnObj::Replica(c) => StmtObj::Replica(Mutex::new(c.prepare(sql)?)),
        })
    }
}

pub enum StmtObj {
    Local(SharedStmt),
    Replica(Mutex<ReplicaStmt>),
}

impl StmtObj {
    pub fn parameter_names(&self) -> Vec<Option<String>> {
        match self {
            StmtObj::Local(s) => {
                let core = s.lock();
                (1..=core.parameter_count())
                    .map(|i| core.parameter_name(i).map(str::to_string))
                    .collect()
            }
            StmtObj::Replica(s) => lock(s).parameter_names().to_vec(),
        }
    }

    pub fn columns(&self) -> Vec<(String, Option<String>)> {
        match self {
            StmtObj::Local(s) => s.lock().columns(),
            StmtObj::Replica(s) => lock(s).columns.clone(),
        }
    }

    pub fn is_readonly(&self) -> bool {
        match self {
            StmtObj::Local(s) => s.lock().is_readonly(),
            StmtObj::Replica(s) => lock(s).is_readonly(),
        }
    }

    pub fn execute(&self, params: Option<&[u8]>, out: &mut Vec<u8>) -> Result<()> {
        match self {
            StmtObj::Local(s) => s.lock().execute(params, out),
            StmtObj::Replica(s) => lock(s).execute(params, out),
        }
    }

    /// Whether the connection is in autocommit mode, where that is a cheap local read: 1 yes,
    /// 0 no (a transaction is open), 2 unknown (replicas: ask the connection).
    pub fn autocommit_hint(&self) -> u8 {
        match self {
            StmtObj::Local(s) => u8::from(s.lock().conn_is_autocommit()),
            StmtObj::Replica(_) => 2,
        }
    }

    /// Opens a row stream over this statement. `shared`: the statement stays registered and the
    /// stream resets it when closed; otherwise the stream is the statement's only owner.
    pub fn query(self: &Arc<Self>, params: Option<&[u8]>, shared: bool) -> Result<RowsObj> {
        match &**self {
            StmtObj::Local(s) => RowsObj::local(Arc::clone(s), params, shared),
            StmtObj::Replica(s) => RowsObj::replica(&mut lock(s), params, Arc::clone(self), shared),
        }
    }
}

enum Source {
    Local {
        stmt: SharedStmt,
        /// The stream is over a registered statement, which it resets when closed.
        shared: bool,
        has_row: bool,
    },
    Replica {
        rows: ReplicaRows,
        /// Keeps the statement alive (for connQuery this is the only reference).
        stmt: Arc<StmtObj>,
        shared: bool,
        columns: Vec<(String, Option<String>)>,
    },
}

pub struct RowsObj {
    inner: Mutex<RowsInner>,
}

struct RowsInner {
    source: Source,
    columns: usize,
    done: bool,
    deferred: Option<Error>,
    buf: Vec<u8>,
}

impl RowsObj {
    fn new(source: Source, columns: usize) -> RowsObj {
        RowsObj {
            inner: Mutex::new(RowsInner {
                source,
                columns,
                done: false,
                deferred: None,
                buf: Vec::new(),
            }),
        }
    }

    fn local(stmt: SharedStmt, params: Option<&[u8]>, shared: bool) -> Result<RowsObj> {
        let (has_row, columns) = {
            let mut core = stmt.lock();
            core.bind(params)?;
            // The first step runs now, so errors surface from the query call.
            let first = core.step();
            match first {
                Ok(has_row) => (has_row, core.column_count()),
                Err(e) => {
                    core.reset();
                    return Err(e);
                }
            }
        };
        Ok(RowsObj::new(Source::Local { stmt, shared, has_row }, columns))
    }

    fn replica(stmt: &mut ReplicaStmt, params: Option<&[u8]>, owner: Arc<StmtObj>, shared: bool) -> Result<RowsObj> {
        let rows = stmt.query(params)?;
        let columns = rows.columns;
        let names = stmt.columns.clone();
        Ok(RowsObj::new(
            Source::Replica {
                rows,
                stmt: owner,
                shared,
                columns: names,
            },
            columns,
        ))
    }

    pub fn columns(&self) -> Vec<(String, Option<String>)> {
        match &lock(&self.inner).source {
            Source::Local { stmt, .. } => stmt.lock().columns(),
            Source::Replica { columns, .. } => columns.clone(),
        }
    }

    /// Encodes the next page and hands it to `emit` (which copies it into a Java array).
    pub fn next_page<R>(&self, max_rows: i32, emit: impl FnOnce(&[u8]) -> Result<R>) -> Result<R> {
        let mut guard = lock(&self.inner);
        let inner = &mut *guard;
        if let Some(e) = inner.deferred.take() {
            return Err(e);
        }
        let max = u32::try_from(max_rows.max(1)).unwrap_or(1);
        let mut buf = std::mem::take(&mut inner.buf);
        buf.clear();
        let mut page = PageWriter::begin(&mut buf, inner.columns);
        let result = if inner.done {
            Ok((true, None))
        } else {
            match &mut inner.source {
                Source::Local { stmt, has_row, .. } => {
                    fill_local(&mut stmt.lock(), has_row, inner.columns, &mut page, max)
                }
                Source::Replica { rows, .. } => rows.fill(&mut page, max, PAGE_SOFT_LIMIT),
            }
        };
        let outcome = match result {
            Ok((done, deferred)) => {
                inner.done = done || deferred.is_some();
                inner.deferred = deferred;
                let final_page = inner.done && inner.deferred.is_none();
                page.finish(final_page);
                emit(&buf)
            }
            Err(e) => {
                inner.done = true;
                Err(e)
            }
        };
        inner.buf = buf;
        outcome
    }

    /// Closing: a stream over a registered statement resets it (releasing its read snapshot).
    pub fn close(&self) {
        let inner = lock(&self.inner);
        match &inner.source {
            Source::Local { stmt, shared: true, .. } => stmt.lock().reset(),
            Source::Replica { stmt, shared: true, .. } => {
                if let StmtObj::Replica(s) = &**stmt {
                    lock(s).reset();
                }
            }
            _ => {}
        }
    }
}

fn fill_local(
    core: &mut StmtCore,
    has_row: &mut bool,
    columns: usize,
    page: &mut PageWriter,
    max: u32,
) -> Result<(bool, Option<Error>)> {
    loop {
        if !*has_row {
            return Ok((true, None));
        }
        if page.rows() >= max || page.len() >= PAGE_SOFT_LIMIT {
            return Ok((false, None));
        }
        core.write_row(page, columns);
        page.end_row();
        match core.step() {
            Ok(more) => *has_row = more,
            Err(e) => {
                *has_row = false;
                return if page.rows() > 0 { Ok((false, Some(e))) } else { Err(e) };
            }
        }
    }
}
