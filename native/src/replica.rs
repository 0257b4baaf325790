//! Embedded replicas through the libsql API: reads run on the local file, writes (and whole write
//! transactions) are delegated to the primary, and the file syncs from it.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;

use hyper::client::HttpConnector;
use hyper_rustls::HttpsConnector;

use crate::codec::{self, Args, PageWriter};
use crate::error::{Error, Result};
use crate::executor;

/// Drops its value inside the runtime: libsql's replicator and HTTP client own tokio tasks
/// and timers.
struct InRuntime<T>(Option<T>);

impl<T> InRuntime<T> {
    fn new(v: T) -> Self {
        InRuntime(Some(v))
    }

    fn get(&self) -> Result<&T> {
        self.0.as_ref().ok_or_else(|| Error::other("the replica is closed"))
    }
}

impl<T> Drop for InRuntime<T> {
    fn drop(&mut self) {
        match executor::runtime() {
            Ok(rt) => {
                let _enter = rt.enter();
                self.0.take();
            }
            Err(_) => {
                self.0.take();
            }
        }
    }
}

/// HTTP(S) connector with the webpki roots compiled in. libsql's default uses the OS trust
/// store and fails to build when it is empty, even for `http://` URLs.
fn connector() -> HttpsConnector<HttpConnector> {
    let mut http = HttpConnector::new();
    http.enforce_http(false);
    http.set_nodelay(true);
    hyper_rustls::HttpsConnectorBuilder::new()
        .with_webpki_roots()
        .https_or_http()
        .enable_http1()
        .wrap_connector(http)
}

pub struct ReplicaDb {
    db: InRuntime<libsql::Database>,
}

impl ReplicaDb {
    /// Opens (creating if needed) a replica of `url` at `path` and syncs it once. Timed syncs
    /// (`Config.syncInterval`) are run by the Java core through [`ReplicaDb::sync`], so that they
    /// reach its event listener.
    pub fn open(path: &str, key: Option<Vec<u8>>, url: &str, token: &str) -> Result<ReplicaDb> {
        crate::local::ensure_engine()?;
        if path == ":memory:" || path.is_empty() {
            return Err(Error::other("an embedded replica needs a file path, not :memory:"));
        }
        let mut builder = libsql::Builder::new_remote_replica(path, url.to_string(), token.to_string())
            .connector(connector())
            .read_your_writes(true);
        let encrypted = key.is_some();
        if let Some(k) = key {
            builder = builder.encryption_config(libsql::EncryptionConfig::new(libsql::Cipher::Aes256Cbc, k.into()));
        }
        let db = executor::block_on(async move {
            let db = builder.build().await?;
            let db = InRuntime::new(db);
            db.get()?.sync().await?;
            Ok::<_, Error>(db)
        })?
        .map_err(|e| match e {
            // The injector reports a wrong key as text only.
            Error::Other(m) if m.ends_with("file is not a database") => Error::Sqlite {
                extended: 26,
                message: if encrypted {
                    format!("{m} (wrong encryption key?)")
                } else {
                    m
                },
            },
            other => other,
        })?;
        Ok(ReplicaDb { db })
    }

    /// `[frame_no or -1, frames_synced]`.
    pub fn sync(&self) -> Result<[i64; 2]> {
        let db = self.db.get()?;
        let r = executor::block_on(db.sync())??;
        let frame = r.frame_no().map_or(-1, |f| i64::try_from(f).unwrap_or(i64::MAX));
        Ok([frame, i64::try_from(r.frames_synced()).unwrap_or(i64::MAX)])
    }

    pub fn connect(&self) -> Result<ReplicaConn> {
        let db = self.db.get()?;
        let rt = executor::runtime()?;
        let _enter = rt.enter();
        let conn = db.connect()?;
        Ok(ReplicaConn {
            conn: InRuntime::new(conn),
            interrupt: Arc::new(Interrupt::default()),
        })
    }
}

/// libsql makes `interrupt` a no-op on replica connections. This flag stands in for it where
/// the wrapper can act: between rows of a result.
#[derive(Default)]
pub struct Interrupt {
    active: AtomicUsize,
    requested: AtomicBool,
}

pub struct Active<'a>(&'a Interrupt);

impl Drop for Active<'_> {
    fn drop(&mut self) {
        if self.0.active.fetch_sub(1, Ordering::AcqRel) == 1 {
            self.0.requested.store(false, Ordering::Release);
        }
    }
}

impl Interrupt {
    pub fn enter(&self) -> Active<'_> {
        self.active.fetch_add(1, Ordering::AcqRel);
        Active(self)
    }

    /// Like sqlite3_interrupt: affects calls running now, not later ones.
    pub fn request(&self) {
        if self.active.load(Ordering::Acquire) > 0 {
            self.requested.store(true, Ordering::Release);
        }
    }

    pub fn check(&self) -> Result<()> {
        if self.requested.load(Ordering::Acquire) {
            return Err(Error::Sqlite {
                extended: 9,
                message: "interrupted".to_string(),
            });
        }
        Ok(())
    }
}

pub struct ReplicaConn {
    conn: InRuntime<libsql::Connection>,
    pub interrupt: Arc<Interrupt>,
}

impl ReplicaConn {
    fn conn(&self) -> Result<&libsql::Connection> {
        self.conn.get()
    }

    pub fn is_autocommit(&self) -> Result<bool> {
        Ok(self.conn()?.is_autocommit())
    }

    pub fn last_insert_rowid(&self) -> Result<i64> {
        Ok(self.conn()?.last_insert_rowid())
    }

    pub fn changes(&self) -> Result<i64> {
        Ok(self.conn()?.changes() as i64)
    }

    pub fn total_changes(&self) -> Result<i64> {
        Ok(self.conn()?.total_changes() as i64)
    }

    pub fn execute_script(&self, sql: &str) -> Result<()> {
        let conn = self.conn()?;
        let _active = self.interrupt.enter();
        // One statement at a time: libsql's batch on a replica goes on after a failing statement,
        // but a script must stop at its first error.
        for stmt in crate::sqltext::split_statements(sql) {
            executor::block_on(conn.execute_batch(stmt))??;
        }
        Ok(())
    }

    pub fn prepare(&self, sql: &str) -> Result<ReplicaStmt> {
        let conn = self.conn()?.clone();
        let stmt = executor::block_on(conn.prepare(sql))??;
        let param_count = stmt.parameter_count();
        // A statement the replica delegates to the primary takes its parameter names from the
        // primary's describe result and indexes them from 0 (libsql 0.9.30), unlike a local one
        // (SQLite's 1-based index, where index 0 has no name). So a name at 0 means "delegated".
        // The primary also leaves out unnamed parameters, so the names come from the SQL text
        // (checked against the count) for a delegated statement.
        let delegated = stmt.parameter_name(0).is_some();
        let scanned = crate::sqltext::parameters(sql);
        let param_names = if delegated && scanned.len() == param_count {
            scanned
        } else {
            let base = i32::from(!delegated);
            (0..param_count as i32)
                .map(|i| {
                    stmt.parameter_name(i + base)
                        .filter(|n| !n.is_empty())
                        .map(str::to_string)
                })
                .collect()
        };
        let columns = stmt
            .columns()
            .iter()
            .map(|c| (c.name().to_string(), c.decl_type().map(str::to_string)))
            .collect();
        let reprepare = !matches!(
            crate::sqltext::main_verb(sql).as_deref(),
            Some(
                "INSERT"
                    | "UPDATE"
                    | "DELETE"
                    | "REPLACE"
                    | "CREATE"
                    | "DROP"
                    | "ALTER"
                    | "REINDEX"
                    | "ANALYZE"
                    | "VACUUM"
            )
        );
        Ok(ReplicaStmt {
            stmt: InRuntime::new(stmt),
            fresh: true,
            reprepare,
            conn: InRuntime::new(conn),
            interrupt: Arc::clone(&self.interrupt),
            sql: sql.to_string(),
            param_names,
            columns,
        })
    }
}

pub struct ReplicaStmt {
    stmt: InRuntime<libsql::Statement>,
    /// `stmt` has not run yet.
    fresh: bool,
    /// Prepare again for every run after the first (see `runnable`).
    reprepare: bool,
    conn: InRuntime<libsql::Connection>,
    interrupt: Arc<Interrupt>,
    sql: String,
    param_names: Vec<Option<String>>,
    pub columns: Vec<(String, Option<String>)>,
}

impl ReplicaStmt {
    pub fn parameter_names(&self) -> &[Option<String>] {
        &self.param_names
    }

    pub fn is_readonly(&self) -> bool {
        crate::sqltext::looks_readonly(&self.sql)
    }

    /// The statement to run now. A replica statement that runs locally (a read outside a write
    /// transaction) cannot be reset through libsql (its `reset` is a no-op there, and a rebind
    /// without reset is silently ignored, so it would run with the old arguments, or go on from
    /// where an unfinished stream stopped). And whether it runs locally or on the primary is fixed
    /// when it is prepared, though it depends on the transaction state. So anything that may be a
    /// read is prepared afresh for every run but the first; writes always go to the primary,
    /// which gets the statement and its arguments anew each time, so they are reused.
    fn runnable(&mut self) -> Result<Option<InRuntime<libsql::Statement>>> {
        if std::mem::replace(&mut self.fresh, false) || !self.reprepare {
            return Ok(None);
        }
        let conn = self.conn.get()?.clone();
        let stmt = executor::block_on(async move { conn.prepare(&self.sql).await })??;
        Ok(Some(InRuntime::new(stmt)))
    }

    /// One value per parameter. Sent by name when every parameter has a `:`/`@`/`$` name: the
    /// primary binds a delegated statement's named parameters only by name.
    fn values(&self, params: Option<&[u8]>) -> Result<libsql::params::Params> {
        let args = match params {
            Some(p) => codec::decode_args(p)?,
            None => Args::None,
        };
        let resolved = codec::resolve(&args, self.param_names.len(), |i| {
            self.param_names.get(i - 1).and_then(|n| n.as_deref())
        })?;
        let by_name = !self.param_names.is_empty()
            && self
                .param_names
                .iter()
                .all(|n| matches!(n.as_deref().and_then(|n| n.bytes().next()), Some(b':' | b'@' | b'$')));
        if by_name {
            let named = self
                .param_names
                .iter()
                .zip(resolved)
                .map(|(n, v)| Ok((n.clone().unwrap_or_default(), v.to_libsql()?)))
                .collect::<Result<Vec<_>>>()?;
            Ok(libsql::params::Params::Named(named))
        } else {
            let values = resolved
                .into_iter()
                .map(|v| v.to_libsql())
                .collect::<Result<Vec<_>>>()?;
            Ok(libsql::params::Params::Positional(values))
        }
    }

    /// Resets, binds and runs the statement to completion; encodes the execute result.
    pub fn execute(&mut self, params: Option<&[u8]>, out: &mut Vec<u8>) -> Result<()> {
        let again = self.runnable()?;
        let stmt = match &again {
            Some(s) => s.get()?,
            None => self.stmt.get()?,
        };
        let conn = self.conn.get()?;
        let values = self.values(params)?;
        let _active = self.interrupt.enter();
        stmt.reset();
        let total_before = conn.total_changes();
        let rowid_before = conn.last_insert_rowid();
        out.clear();
        out.resize(codec::EXEC_HEADER, 0);
        let interrupt = &self.interrupt;
        let result = executor::block_on(async {
            let mut rows = stmt.query(values).await?;
            let columns = usize::try_from(rows.column_count()).unwrap_or(0);
            let mut page = PageWriter::begin(out, columns);
            while let Some(row) = rows.next().await? {
                interrupt.check()?;
                write_row(&row, columns, &mut page)?;
                page.end_row();
            }
            page.finish(true);
            Ok::<_, Error>(())
        })
        .and_then(|r| r);
        stmt.reset();
        result?;
        let changed = conn.total_changes() != total_before;
        let rows_affected = if changed { conn.changes() as i64 } else { 0 };
        let rowid = conn.last_insert_rowid();
        let inserted = changed
            && (rowid != rowid_before
                || matches!(
                    crate::sqltext::main_verb(&self.sql).as_deref(),
                    Some("INSERT" | "REPLACE")
                ));
        codec::write_exec_header(&mut out[..codec::EXEC_HEADER], rows_affected, inserted.then_some(rowid));
        Ok(())
    }

    /// Resets, binds and opens a row stream (the first row is fetched, so errors surface here).
    pub fn query(&mut self, params: Option<&[u8]>) -> Result<ReplicaRows> {
        let again = self.runnable()?;
        let stmt = match &again {
            Some(s) => s.get()?,
            None => self.stmt.get()?,
        };
        let values = self.values(params)?;
        let _active = self.interrupt.enter();
        stmt.reset();
        let (rows, pending) = executor::block_on(async {
            let mut rows = stmt.query(values).await?;
            let first = rows.next().await?;
            Ok::<_, Error>((rows, first))
        })??;
        let columns = usize::try_from(rows.column_count()).unwrap_or(0);
        Ok(ReplicaRows {
            pending,
            rows,
            interrupt: Arc::clone(&self.interrupt),
            columns,
        })
    }

    pub fn reset(&self) {
        if let Ok(stmt) = self.stmt.get() {
            stmt.reset();
        }
    }
}

fn write_row(row: &libsql::Row, columns: usize, page: &mut PageWriter) -> Result<()> {
    for i in 0..columns {
        page.value(&row.get_value(i as i32)?);
    }
    Ok(())
}

/// A row stream over a replica statement. The current row is held until written to a page
/// (a local libsql Row is a view of the statement's current row).
pub struct ReplicaRows {
    pending: Option<libsql::Row>,
    rows: libsql::Rows,
    interrupt: Arc<Interrupt>,
    pub columns: usize,
}

impl ReplicaRows {
    /// Fills `page` with up to `max` rows (stopping early past `max_bytes`). Returns whether the
    /// stream is done, and an error that came after some rows (to report on the next call). After
    /// an error the stream is over.
    pub fn fill(&mut self, page: &mut PageWriter, max: u32, max_bytes: usize) -> Result<(bool, Option<Error>)> {
        let ReplicaRows {
            pending,
            rows,
            interrupt,
            columns,
        } = self;
        let interrupt: &Interrupt = interrupt;
        let _active = interrupt.enter();
        let columns = *columns;
        let outcome = executor::block_on(async {
            loop {
                let Some(row) = pending.take() else { return Ok(true) };
                if page.rows() >= max || page.len() >= max_bytes {
                    *pending = Some(row);
                    return Ok(false);
                }
                interrupt.check()?;
                write_row(&row, columns, page)?;
                page.end_row();
                drop(row);
                *pending = rows.next().await?;
            }
        })?;
        match outcome {
            Ok(done) => Ok((done, None)),
            Err(e) if page.rows() > 0 => Ok((false, Some(e))),
            Err(e) => Err(e),
        }
    }
}
