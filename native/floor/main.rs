//! The native floor of the embedded benchmark (`scripts/bench-embedded.sh`): the same three
//! workloads as `dev.libsql4j.bench.EmbeddedBench`, run from Rust with no JVM in between, so the
//! benchmark can show how close libsql4j gets to what the engine itself does.
//!
//! ```text
//! libsql4j-native-floor <capi|libsql> <database file> <rows> <point selects>
//! ```
//!
//! * `capi`: the engine's C API (libsql-ffi, the SQLite3MultipleCiphers build libsql makes) called
//!   the way `native/src/local.rs` calls it: `sqlite3_open_v2` with the same flags (multi-thread
//!   mode, `SQLITE_OPEN_NOMUTEX`: no engine mutex per API call; the floor is single-threaded, so
//!   it needs no lock of its own where native/ takes one per JNI call), extended result codes, a 5 s busy timeout, persistent prepared statements, reset + clear_bindings + bind per
//!   run, values read with `sqlite3_column_*`.
//! * `libsql`: the `libsql` crate's own async API (`Builder::new_local`, `Connection`, `Statement`,
//!   `Rows`), driven by a current-thread tokio runtime, as a Rust application would use it.
//!
//! On a fresh file: `journal_mode=WAL`, `synchronous=NORMAL`, `CREATE TABLE t(id INTEGER PRIMARY
//! KEY, name TEXT NOT NULL, val REAL)`; then N prepared inserts in one `BEGIN IMMEDIATE`
//! transaction, M prepared point selects by random primary key (each reads every column), and a full
//! scan that reads every column of every row. Prints one line per workload,
//! `<workload> <wall seconds> <cpu seconds>` (`insert`, `point_select`, `scan`); only the workload
//! itself is timed. The CPU time is the process's (`/proc/self/schedstat`; 0 where that is
//! missing), which a busy machine disturbs far less than the wall time.
//!
//! Built only for benchmarks (`--features bench-floor`); it is not part of the JNI library.

use std::ffi::{c_char, c_int, CStr, CString};
use std::process::ExitCode;
use std::ptr;
use std::time::Instant;

/// Wall and CPU clocks started together.
#[derive(Clone, Copy)]
struct Clock {
    wall: Instant,
    cpu: f64,
}

/// Nanoseconds this process has run on a CPU (the first field of /proc/self/schedstat, which
/// counts the calling thread, and the floor runs on one thread).
fn cpu_seconds() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next().and_then(|n| n.parse::<f64>().ok()))
        .map_or(0.0, |ns| ns / 1e9)
}

impl Clock {
    fn start() -> Clock {
        Clock {
            wall: Instant::now(),
            cpu: cpu_seconds(),
        }
    }

    fn elapsed(&self) -> (f64, f64) {
        (self.wall.elapsed().as_secs_f64(), cpu_seconds() - self.cpu)
    }
}

use libsql_sys::ffi;

type BoxError = Box<dyn std::error::Error>;

struct Setup {
    file: String,
    rows: i64,
    selects: i64,
}

/// The same ids for both floors: SplitMix64 (the generator behind Java's SplittableRandom).
struct Ids(u64);

impl Ids {
    fn next(&mut self, bound: i64) -> i64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        1 + (z % bound as u64) as i64
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let usage = "usage: libsql4j-native-floor <capi|libsql> <database file> <rows> <point selects>";
    if args.len() != 5 {
        eprintln!("{usage}");
        return ExitCode::from(2);
    }
    let (Ok(rows), Ok(selects)) = (args[3].parse::<i64>(), args[4].parse::<i64>()) else {
        eprintln!("{usage}");
        return ExitCode::from(2);
    };
    if rows < 1 || selects < 0 {
        eprintln!("rows must be at least 1 and point selects at least 0");
        return ExitCode::from(2);
    }
    let setup = Setup {
        file: args[2].clone(),
        rows,
        selects,
    };
    let result = match args[1].as_str() {
        "capi" => capi::run(&setup),
        "libsql" => libsql_api::run(&setup),
        other => Err(format!("unknown API {other:?}; {usage}").into()),
    };
    match result {
        Ok([insert, point, scan]) => {
            println!("insert {:.6} {:.6}", insert.0, insert.1);
            println!("point_select {:.6} {:.6}", point.0, point.1);
            println!("scan {:.6} {:.6}", scan.0, scan.1);
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("libsql4j-native-floor {}: {e}", args[1]);
            ExitCode::FAILURE
        }
    }
}

/// A scan must see every row, or the figure would be meaningless.
fn check_count(n: i64, rows: i64) -> Result<(), BoxError> {
    if n != rows {
        return Err(format!("scanned {n} rows, expected {rows}").into());
    }
    Ok(())
}

mod capi {
    use super::*;

    struct Conn(*mut ffi::sqlite3);

    impl Drop for Conn {
        fn drop(&mut self) {
            // SAFETY: the handle came from sqlite3_open_v2; every statement is finalized by now.
            unsafe { ffi::sqlite3_close_v2(self.0) };
        }
    }

    struct Stmt(*mut ffi::sqlite3_stmt);

    impl Drop for Stmt {
        fn drop(&mut self) {
            // SAFETY: the statement came from sqlite3_prepare_v3 and is finalized only here.
            unsafe { ffi::sqlite3_finalize(self.0) };
        }
    }

    fn error(conn: &Conn, what: &str) -> BoxError {
        // SAFETY: the handle is open; errmsg returns a NUL-terminated string.
        let msg = unsafe { CStr::from_ptr(ffi::sqlite3_errmsg(conn.0)) };
        format!("{what}: {}", msg.to_string_lossy()).into()
    }

    fn prepare(conn: &Conn, sql: &str, persistent: bool) -> Result<Stmt, BoxError> {
        let mut stmt = ptr::null_mut();
        let flags = if persistent { ffi::SQLITE_PREPARE_PERSISTENT } else { 0 };
        // SAFETY: sql is valid for its length; out pointers are valid.
        let rc = unsafe {
            ffi::sqlite3_prepare_v3(
                conn.0,
                sql.as_ptr().cast(),
                sql.len() as c_int,
                flags as _,
                &mut stmt,
                ptr::null_mut(),
            )
        };
        if rc != ffi::SQLITE_OK || stmt.is_null() {
            return Err(error(conn, sql));
        }
        Ok(Stmt(stmt))
    }

    /// Runs a statement to completion, ignoring rows.
    fn exec(conn: &Conn, sql: &str) -> Result<(), BoxError> {
        let stmt = prepare(conn, sql, false)?;
        loop {
            // SAFETY: live statement.
            match unsafe { ffi::sqlite3_step(stmt.0) } {
                ffi::SQLITE_ROW => {}
                ffi::SQLITE_DONE => return Ok(()),
                _ => return Err(error(conn, sql)),
            }
        }
    }

    fn step(conn: &Conn, stmt: &Stmt) -> Result<bool, BoxError> {
        // SAFETY: live statement.
        match unsafe { ffi::sqlite3_step(stmt.0) } {
            ffi::SQLITE_ROW => Ok(true),
            ffi::SQLITE_DONE => Ok(false),
            _ => Err(error(conn, "step")),
        }
    }

    /// Reads every column of the current row the way native/ does (type, then value; text and
    /// blob pointer before length) and folds it into a number so nothing is optimized away.
    fn read_row(stmt: &Stmt, columns: c_int) -> i64 {
        let mut acc = 0i64;
        for i in 0..columns {
            // SAFETY: live statement with a current row; i < column count.
            unsafe {
                match ffi::sqlite3_column_type(stmt.0, i) {
                    ffi::SQLITE_INTEGER => acc = acc.wrapping_add(ffi::sqlite3_column_int64(stmt.0, i)),
                    ffi::SQLITE_FLOAT => acc = acc.wrapping_add(ffi::sqlite3_column_double(stmt.0, i) as i64),
                    ffi::SQLITE_TEXT | ffi::SQLITE_BLOB => {
                        let p = ffi::sqlite3_column_blob(stmt.0, i).cast::<u8>();
                        let n = ffi::sqlite3_column_bytes(stmt.0, i).max(0) as usize;
                        if !p.is_null() && n > 0 {
                            let bytes = std::slice::from_raw_parts(p, n);
                            acc = acc.wrapping_add(n as i64 + i64::from(bytes[0]));
                        }
                    }
                    _ => {}
                }
            }
        }
        acc
    }

    fn open(file: &str) -> Result<Conn, BoxError> {
        let path = CString::new(file)?;
        let flags =
            ffi::SQLITE_OPEN_READWRITE | ffi::SQLITE_OPEN_CREATE | ffi::SQLITE_OPEN_URI | ffi::SQLITE_OPEN_NOMUTEX;
        let mut db = ptr::null_mut();
        // SAFETY: valid C string and out pointer.
        let rc = unsafe { ffi::sqlite3_open_v2(path.as_ptr(), &mut db, flags, ptr::null::<c_char>()) };
        let conn = Conn(db);
        if rc != ffi::SQLITE_OK {
            return Err(error(&conn, "open"));
        }
        // SAFETY: open handle.
        unsafe {
            ffi::sqlite3_extended_result_codes(db, 1);
            ffi::sqlite3_busy_timeout(db, 5000);
        }
        Ok(conn)
    }

    pub fn run(s: &Setup) -> Result<[(f64, f64); 3], BoxError> {
        // libsql configures and initializes the engine (SERIALIZED) once; native/ does the same,
        // then opens its handles in multi-thread mode (SQLITE_OPEN_NOMUTEX), as open() below does.
        let init = libsql_api::runtime()?.block_on(libsql::Builder::new_local(":memory:").build());
        drop(init?);

        let conn = open(&s.file)?;
        exec(&conn, "PRAGMA journal_mode=WAL")?;
        exec(&conn, "PRAGMA synchronous=NORMAL")?;
        exec(&conn, "CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT NOT NULL, val REAL)")?;

        let t0 = Clock::start();
        exec(&conn, "BEGIN IMMEDIATE")?;
        {
            let ins = prepare(&conn, "INSERT INTO t(id, name, val) VALUES (?, ?, ?)", true)?;
            for i in 1..=s.rows {
                let name = format!("name-{i}");
                // SAFETY: live statement; the text outlives the step that reads it (SQLITE_STATIC).
                unsafe {
                    ffi::sqlite3_reset(ins.0);
                    ffi::sqlite3_clear_bindings(ins.0);
                    ffi::sqlite3_bind_int64(ins.0, 1, i);
                    ffi::sqlite3_bind_text64(
                        ins.0,
                        2,
                        name.as_ptr().cast(),
                        name.len() as u64,
                        ffi::SQLITE_STATIC(),
                        ffi::SQLITE_UTF8 as u8,
                    );
                    ffi::sqlite3_bind_double(ins.0, 3, i as f64 * 0.5);
                }
                while step(&conn, &ins)? {}
                // SAFETY: live statement.
                unsafe { ffi::sqlite3_reset(ins.0) };
            }
        }
        exec(&conn, "COMMIT")?;
        let insert = t0.elapsed();
        drop(conn);

        let conn = open(&s.file)?;
        let sel = prepare(&conn, "SELECT id, name, val FROM t WHERE id = ?", true)?;
        let mut ids = Ids(42);
        let mut sink = 0i64;
        let t0 = Clock::start();
        for _ in 0..s.selects {
            let id = ids.next(s.rows);
            // SAFETY: live statement.
            unsafe {
                ffi::sqlite3_reset(sel.0);
                ffi::sqlite3_clear_bindings(sel.0);
                ffi::sqlite3_bind_int64(sel.0, 1, id);
            }
            let mut found = 0;
            while step(&conn, &sel)? {
                sink = sink.wrapping_add(read_row(&sel, 3));
                found += 1;
            }
            // SAFETY: live statement.
            unsafe { ffi::sqlite3_reset(sel.0) };
            if found != 1 {
                return Err(format!("point select of id {id} found {found} rows").into());
            }
        }
        let point = t0.elapsed();
        drop(sel);
        drop(conn);

        let conn = open(&s.file)?;
        let t0 = Clock::start();
        let scan_stmt = prepare(&conn, "SELECT id, name, val FROM t", false)?;
        let mut n = 0i64;
        while step(&conn, &scan_stmt)? {
            sink = sink.wrapping_add(read_row(&scan_stmt, 3));
            n += 1;
        }
        drop(scan_stmt);
        let scan = t0.elapsed();
        check_count(n, s.rows)?;
        std::hint::black_box(sink);
        Ok([insert, point, scan])
    }
}

mod libsql_api {
    use super::*;
    use libsql::TransactionBehavior;

    pub fn runtime() -> Result<tokio::runtime::Runtime, BoxError> {
        Ok(tokio::runtime::Builder::new_current_thread().enable_all().build()?)
    }

    pub fn run(s: &Setup) -> Result<[(f64, f64); 3], BoxError> {
        runtime()?.block_on(workloads(s))
    }

    async fn open(file: &str) -> Result<(libsql::Database, libsql::Connection), BoxError> {
        let db = libsql::Builder::new_local(file).build().await?;
        let conn = db.connect()?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        Ok((db, conn))
    }

    async fn workloads(s: &Setup) -> Result<[(f64, f64); 3], BoxError> {
        let (db, conn) = open(&s.file).await?;
        // journal_mode returns a row, so it goes through query (execute refuses rows).
        conn.query("PRAGMA journal_mode=WAL", ()).await?;
        conn.execute("PRAGMA synchronous=NORMAL", ()).await?;
        conn.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT NOT NULL, val REAL)", ())
            .await?;

        let t0 = Clock::start();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).await?;
        {
            let ins = tx.prepare("INSERT INTO t(id, name, val) VALUES (?, ?, ?)").await?;
            for i in 1..=s.rows {
                ins.reset();
                ins.execute(libsql::params![i, format!("name-{i}"), i as f64 * 0.5]).await?;
            }
        }
        tx.commit().await?;
        let insert = t0.elapsed();
        drop(conn);
        drop(db);

        let (db, conn) = open(&s.file).await?;
        let sel = conn.prepare("SELECT id, name, val FROM t WHERE id = ?").await?;
        let mut ids = Ids(42);
        let mut sink = 0i64;
        let t0 = Clock::start();
        for _ in 0..s.selects {
            let id = ids.next(s.rows);
            sel.reset();
            let mut rows = sel.query([id]).await?;
            let mut found = 0;
            while let Some(row) = rows.next().await? {
                let name = row.get_str(1)?;
                sink = sink
                    .wrapping_add(row.get::<i64>(0)?)
                    .wrapping_add(name.len() as i64)
                    .wrapping_add(row.get::<f64>(2)? as i64);
                found += 1;
            }
            if found != 1 {
                return Err(format!("point select of id {id} found {found} rows").into());
            }
        }
        let point = t0.elapsed();
        drop(sel);
        drop(conn);
        drop(db);

        let (_db, conn) = open(&s.file).await?;
        let t0 = Clock::start();
        let mut rows = conn.query("SELECT id, name, val FROM t", ()).await?;
        let mut n = 0i64;
        while let Some(row) = rows.next().await? {
            let name = row.get_str(1)?;
            sink = sink
                .wrapping_add(row.get::<i64>(0)?)
                .wrapping_add(name.len() as i64)
                .wrapping_add(row.get::<f64>(2)? as i64);
            n += 1;
        }
        drop(rows);
        let scan = t0.elapsed();
        check_count(n, s.rows)?;
        std::hint::black_box(sink);
        Ok([insert, point, scan])
    }
}
