//! Process-wide registries: Java holds ids, never pointers.
//!
//! One lock guards the four maps so parent/child links change atomically. It is held only to look
//! up, insert or unlink entries: calls clone the object's `Arc` and run without it, and removed
//! objects are dropped (finalized/closed) after it is released. Ids come from one counter
//! starting at 1 and are never reused, so a stale id can never reach another object.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, LazyLock, Mutex, MutexGuard};

use crate::error::{Error, Result};
use crate::objects::{ConnObj, DbObj, IoBuffer, RowsObj, StmtObj};

/// Ids are sequential; a multiplicative hash spreads them well enough and costs one instruction.
#[derive(Default)]
pub struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 << 8 | u64::from(*b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

type IdMap<V> = HashMap<u64, V, BuildHasherDefault<IdHasher>>;

struct DbEntry {
    obj: Arc<DbObj>,
    conns: Vec<u64>,
}

struct ConnEntry {
    obj: Arc<ConnObj>,
    db: u64,
    stmts: Vec<u64>,
    rows: Vec<u64>,
    /// The direct buffer its statements run through (`stmtExecuteIo`), once Java registered one.
    io: Option<Arc<IoBuffer>>,
}

struct StmtEntry {
    obj: Arc<StmtObj>,
    conn: u64,
    /// The row stream currently open over this statement.
    open_rows: Option<u64>,
}

struct RowsEntry {
    obj: Arc<RowsObj>,
    conn: u64,
    stmt: Option<u64>,
}

#[derive(Default)]
struct Maps {
    dbs: IdMap<DbEntry>,
    conns: IdMap<ConnEntry>,
    stmts: IdMap<StmtEntry>,
    rows: IdMap<RowsEntry>,
}

/// Objects unlinked from the registry, to drop once the lock is released (in this order).
#[derive(Default)]
pub struct Removed {
    rows: Vec<Arc<RowsObj>>,
    stmts: Vec<Arc<StmtObj>>,
    conns: Vec<Arc<ConnObj>>,
    dbs: Vec<Arc<DbObj>>,
    ios: Vec<Arc<IoBuffer>>,
}

impl Removed {
    /// The row streams that were removed, e.g. to reset their statements.
    pub fn rows(&self) -> &[Arc<RowsObj>] {
        &self.rows
    }
}

impl Drop for Removed {
    fn drop(&mut self) {
        // Children before parents, newest first.
        self.rows.clear();
        self.stmts.clear();
        self.conns.clear();
        self.dbs.clear();
        self.ios.clear();
    }
}

static NEXT_ID: AtomicU64 = AtomicU64::new(1);
static MAPS: LazyLock<Mutex<Maps>> = LazyLock::new(|| Mutex::new(Maps::default()));

fn maps() -> MutexGuard<'static, Maps> {
    // A panic while the lock was held (caught by the guard) leaves the maps consistent: every
    // mutation is a single insert/remove. So a poisoned lock is simply taken over.
    MAPS.lock().unwrap_or_else(|e| e.into_inner())
}

fn next_id() -> u64 {
    NEXT_ID.fetch_add(1, Ordering::Relaxed)
}

fn key(id: i64) -> Option<u64> {
    u64::try_from(id).ok().filter(|&k| k > 0)
}

pub const DATABASE: &str = "Database";
pub const CONNECTION: &str = "Connection";
pub const STATEMENT: &str = "Statement";
pub const ROWS: &str = "Row stream";

/// Allocates an id before the object exists (e.g. to name an in-memory database).
pub fn reserve_id() -> u64 {
    next_id()
}

pub fn insert_db_with_id(id: u64, obj: DbObj) -> i64 {
    maps().dbs.insert(
        id,
        DbEntry {
            obj: Arc::new(obj),
            conns: Vec::new(),
        },
    );
    id as i64
}

pub fn insert_conn(db: i64, obj: ConnObj) -> Result<i64> {
    let obj = Arc::new(obj);
    let mut m = maps();
    let db_key = key(db)
        .filter(|k| m.dbs.contains_key(k))
        .ok_or_else(|| Error::closed(DATABASE, db))?;
    let id = next_id();
    m.conns.insert(
        id,
        ConnEntry {
            obj,
            db: db_key,
            stmts: Vec::new(),
            rows: Vec::new(),
            io: None,
        },
    );
    if let Some(e) = m.dbs.get_mut(&db_key) {
        e.conns.push(id);
    }
    Ok(id as i64)
}

pub fn insert_stmt(conn: i64, obj: StmtObj) -> Result<i64> {
    let obj = Arc::new(obj);
    let mut m = maps();
    let conn_key = key(conn)
        .filter(|k| m.conns.contains_key(k))
        .ok_or_else(|| Error::closed(CONNECTION, conn))?;
    let id = next_id();
    m.stmts.insert(
        id,
        StmtEntry {
            obj,
            conn: conn_key,
            open_rows: None,
        },
    );
    if let Some(e) = m.conns.get_mut(&conn_key) {
        e.stmts.push(id);
    }
    Ok(id as i64)
}

/// Registers a row stream of a connection, optionally over one of its statements. Fails if the
/// connection (or statement) was closed meanwhile; the caller's reference then drops the stream
/// outside the lock.
pub fn insert_rows(conn: i64, stmt: Option<i64>, obj: &Arc<RowsObj>) -> Result<i64> {
    let mut m = maps();
    let conn_key = key(conn)
        .filter(|k| m.conns.contains_key(k))
        .ok_or_else(|| Error::closed(CONNECTION, conn))?;
    let stmt_key = match stmt {
        Some(s) => Some(
            key(s)
                .filter(|k| m.stmts.contains_key(k))
                .ok_or_else(|| Error::closed(STATEMENT, s))?,
        ),
        None => None,
    };
    let id = next_id();
    m.rows.insert(
        id,
        RowsEntry {
            obj: Arc::clone(obj),
            conn: conn_key,
            stmt: stmt_key,
        },
    );
    if let Some(e) = m.conns.get_mut(&conn_key) {
        e.rows.push(id);
    }
    if let Some(e) = stmt_key.and_then(|k| m.stmts.get_mut(&k)) {
        e.open_rows = Some(id);
    }
    Ok(id as i64)
}

pub fn db(id: i64) -> Result<Arc<DbObj>> {
    let m = maps();
    key(id)
        .and_then(|k| m.dbs.get(&k))
        .map(|e| Arc::clone(&e.obj))
        .ok_or_else(|| Error::closed(DATABASE, id))
}

pub fn conn(id: i64) -> Result<Arc<ConnObj>> {
    let m = maps();
    key(id)
        .and_then(|k| m.conns.get(&k))
        .map(|e| Arc::clone(&e.obj))
        .ok_or_else(|| Error::closed(CONNECTION, id))
}

/// A statement and the id of its connection.
pub fn stmt(id: i64) -> Result<(Arc<StmtObj>, i64)> {
    let m = maps();
    key(id)
        .and_then(|k| m.stmts.get(&k))
        .map(|e| (Arc::clone(&e.obj), e.conn as i64))
        .ok_or_else(|| Error::closed(STATEMENT, id))
}

/// Registers the direct buffer a connection's statements run through, replacing (and returning,
/// to drop outside the lock) the one registered before.
pub fn set_conn_io(id: i64, io: IoBuffer) -> Result<Option<Arc<IoBuffer>>> {
    let mut m = maps();
    let e = key(id)
        .and_then(|k| m.conns.get_mut(&k))
        .ok_or_else(|| Error::closed(CONNECTION, id))?;
    Ok(e.io.replace(Arc::new(io)))
}

/// A statement about to run again, with its connection's registered I/O buffer (if any) and the
/// row stream that was open over it unlinked (the caller closes it first): one lock for all.
pub fn stmt_for_run(id: i64) -> Result<(Arc<StmtObj>, Option<Arc<IoBuffer>>, Removed)> {
    let mut out = Removed::default();
    let mut m = maps();
    let (obj, conn, open) = key(id)
        .and_then(|k| m.stmts.get(&k))
        .map(|e| (Arc::clone(&e.obj), e.conn, e.open_rows))
        .ok_or_else(|| Error::closed(STATEMENT, id))?;
    let io = m.conns.get(&conn).and_then(|c| c.io.clone());
    if let Some(open) = open {
        unlink_rows(&mut m, open, &mut out);
    }
    drop(m);
    Ok((obj, io, out))
}

pub fn rows(id: i64) -> Result<Arc<RowsObj>> {
    let m = maps();
    key(id)
        .and_then(|k| m.rows.get(&k))
        .map(|e| Arc::clone(&e.obj))
        .ok_or_else(|| Error::closed(ROWS, id))
}

fn unlink_rows(m: &mut Maps, id: u64, out: &mut Removed) {
    if let Some(e) = m.rows.remove(&id) {
        if let Some(c) = m.conns.get_mut(&e.conn) {
            c.rows.retain(|&r| r != id);
        }
        if let Some(s) = e.stmt.and_then(|s| m.stmts.get_mut(&s)) {
            if s.open_rows == Some(id) {
                s.open_rows = None;
            }
        }
        out.rows.push(e.obj);
    }
}

fn unlink_stmt(m: &mut Maps, id: u64, out: &mut Removed) {
    if let Some(open) = m.stmts.get(&id).and_then(|s| s.open_rows) {
        unlink_rows(m, open, out);
    }
    if let Some(e) = m.stmts.remove(&id) {
        if let Some(c) = m.conns.get_mut(&e.conn) {
            c.stmts.retain(|&s| s != id);
        }
        out.stmts.push(e.obj);
    }
}

fn unlink_conn(m: &mut Maps, id: u64, out: &mut Removed) {
    let Some(e) = m.conns.get(&id) else { return };
    let mut rows = e.rows.clone();
    let mut stmts = e.stmts.clone();
    rows.sort_unstable_by(|a, b| b.cmp(a));
    stmts.sort_unstable_by(|a, b| b.cmp(a));
    for r in rows {
        unlink_rows(m, r, out);
    }
    for s in stmts {
        unlink_stmt(m, s, out);
    }
    if let Some(e) = m.conns.remove(&id) {
        if let Some(d) = m.dbs.get_mut(&e.db) {
            d.conns.retain(|&c| c != id);
        }
        out.conns.push(e.obj);
        out.ios.extend(e.io);
    }
}

/// Unlinks a row stream. Unknown ids are a no-op.
pub fn remove_rows(id: i64) -> Removed {
    let mut out = Removed::default();
    if let Some(k) = key(id) {
        unlink_rows(&mut maps(), k, &mut out);
    }
    out
}

/// Unlinks the row stream open over a statement, if any.
pub fn remove_open_rows(stmt: i64) -> Removed {
    let mut out = Removed::default();
    let mut m = maps();
    if let Some(open) = key(stmt).and_then(|k| m.stmts.get(&k)).and_then(|s| s.open_rows) {
        unlink_rows(&mut m, open, &mut out);
    }
    drop(m);
    out
}

/// Unlinks a statement and the row stream open over it.
pub fn remove_stmt(id: i64) -> Removed {
    let mut out = Removed::default();
    if let Some(k) = key(id) {
        unlink_stmt(&mut maps(), k, &mut out);
    }
    out
}

/// Unlinks a connection with its row streams and statements.
pub fn remove_conn(id: i64) -> Removed {
    let mut out = Removed::default();
    if let Some(k) = key(id) {
        unlink_conn(&mut maps(), k, &mut out);
    }
    out
}

/// Unlinks a database with everything opened from it.
pub fn remove_db(id: i64) -> Removed {
    let mut out = Removed::default();
    let Some(k) = key(id) else { return out };
    let mut m = maps();
    let Some(e) = m.dbs.get(&k) else { return out };
    let mut conns = e.conns.clone();
    conns.sort_unstable_by(|a, b| b.cmp(a));
    for c in conns {
        unlink_conn(&mut m, c, &mut out);
    }
    if let Some(e) = m.dbs.remove(&k) {
        out.dbs.push(e.obj);
    }
    drop(m);
    out
}
