#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! libsql4j's native library: the JNI side of
//! `dev.libsql4j.embedded.internal.NativeBindings` (see its Javadoc for the contract).
//!
//! Every `Java_...` function runs its body in [`error::guard`]: panics are caught, and every error
//! becomes one Java exception (`NativeException`, or `IllegalStateException` for a closed id).

mod codec;
mod error;
mod executor;
mod local;
mod objects;
mod registry;
mod replica;
mod sqltext;

use std::cell::RefCell;
use std::sync::Arc;
use std::time::Duration;

use jni::objects::{JByteArray, JByteBuffer, JClass, JObject, JString};
use jni::sys::{jboolean, jbyteArray, jint, jlong, jlongArray, jobjectArray, jstring, JNI_FALSE, JNI_TRUE};
use jni::JNIEnv;

use crate::error::{guard, Error, Result};
use crate::objects::{ConnObj, DbObj, IoBuffer, StmtObj};

thread_local! {
    /// Arguments copied out of the Java array (reused: no allocation per call).
    static ARGS: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    /// Encoded execute results (reused).
    static OUT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// Runs `f` with a thread-local buffer (a fresh one if it is already in use).
fn with_buffer<R>(key: &'static std::thread::LocalKey<RefCell<Vec<u8>>>, f: impl FnOnce(&mut Vec<u8>) -> R) -> R {
    key.with(|cell| match cell.try_borrow_mut() {
        Ok(mut buf) => {
            let r = f(&mut buf);
            // Do not keep a huge buffer alive on this thread.
            if buf.capacity() > 1 << 20 {
                *buf = Vec::new();
            }
            r
        }
        Err(_) => f(&mut Vec::new()),
    })
}

fn string(env: &mut JNIEnv, s: &JString, what: &'static str) -> Result<String> {
    if s.is_null() {
        return Err(Error::NullArgument(what));
    }
    // SAFETY: the JNI signature guarantees a java.lang.String.
    let js = unsafe { env.get_string_unchecked(s) }?;
    Ok(js.into())
}

fn opt_string(env: &mut JNIEnv, s: &JString) -> Result<Option<String>> {
    if s.is_null() {
        return Ok(None);
    }
    string(env, s, "string").map(Some)
}

/// Copies a byte[] into `buf`; false when the array is null.
fn read_bytes(env: &mut JNIEnv, arr: &JByteArray, buf: &mut Vec<u8>) -> Result<bool> {
    buf.clear();
    if arr.is_null() {
        return Ok(false);
    }
    let len = usize::try_from(env.get_array_length(arr)?).unwrap_or(0);
    buf.resize(len, 0);
    // SAFETY: i8 and u8 have the same layout; the slice covers buf's initialized bytes.
    let region = unsafe { std::slice::from_raw_parts_mut(buf.as_mut_ptr().cast::<i8>(), len) };
    env.get_byte_array_region(arr, 0, region)?;
    Ok(true)
}

/// Runs `f` with the decoded-later argument bytes of a `params` array (None for null).
fn with_args<R>(env: &mut JNIEnv, params: &JByteArray, f: impl FnOnce(Option<&[u8]>) -> Result<R>) -> Result<R> {
    with_buffer(&ARGS, |buf| {
        let present = read_bytes(env, params, buf)?;
        f(present.then_some(buf.as_slice()))
    })
}

fn byte_array(env: &mut JNIEnv, bytes: &[u8]) -> Result<jbyteArray> {
    if bytes.len() > i32::MAX as usize {
        return Err(Error::other(format!(
            "the result is too large for one Java array ({} bytes); read it through a row stream",
            bytes.len()
        )));
    }
    Ok(env.byte_array_from_slice(bytes)?.into_raw())
}

fn string_array<'a>(env: &mut JNIEnv, items: impl ExactSizeIterator<Item = Option<&'a str>>) -> Result<jobjectArray> {
    let len = i32::try_from(items.len()).map_err(|_| Error::other("too many items"))?;
    let array = env.new_object_array(len, "java/lang/String", JObject::null())?;
    for (i, item) in items.enumerate() {
        if let Some(s) = item {
            let js = env.new_string(s)?;
            env.set_object_array_element(&array, i as i32, &js)?;
            env.delete_local_ref(js)?;
        }
    }
    Ok(array.into_raw())
}

fn columns_array(env: &mut JNIEnv, columns: &[(String, Option<String>)]) -> Result<jobjectArray> {
    let flat: Vec<Option<&str>> = columns
        .iter()
        .flat_map(|(n, t)| [Some(n.as_str()), t.as_deref()])
        .collect();
    string_array(env, flat.into_iter())
}

fn jbool(b: bool) -> jboolean {
    if b {
        JNI_TRUE
    } else {
        JNI_FALSE
    }
}

fn millis(ms: jlong) -> Duration {
    Duration::from_millis(u64::try_from(ms).unwrap_or(0))
}

#[no_mangle]
pub extern "system" fn Java_dev_libsql4j_embedded_internal_NativeBindings_nativeVersion<'l>(
    mut env: JNIEnv<'l>,
    _class: JClass<'l>,
) -> jstring {
    guard(&mut env, |env| {
        let version = format!(
            "libsql4j_native {} (libsql 0.9.30, libSQL {}, SQLite {})",
            env!("CARGO_PKG_VERSION"),
            local::libsql_version(),
            local::sqlite_version()
        );
        Ok(env.new_string(version)?.into_raw())
    })
}

#[no_mangle]
pub extern "system" fn Java_dev_libsql4j_embedded_internal_NativeBindings_dbOpen<'l>(
    mut env: JNIEnv<'l>,
    _class: JClass<'l>,
    path: JString<'l>,
    encryption_key: JByteArray<'l>,
    sync_url: JString<'l>,
    auth_token: JString<'l>,
) -> jlong {
    guard(&mut env, |env| {
        let path = string(env, &path, "path")?;
        let key = if encryption_key.is_null() {
            None
        } else {
            Some(env.convert_byte_array(&encryption_key)?)
        };
        let sync_url = opt_string(env, &sync_url)?;
        let token = opt_string(env, &auth_token)?.unwrap_or_default();
        let id = registry::reserve_id();
        let db = match sync_url {
            None => DbObj::Local(local::LocalDb::open(id, &path, key)?),
            Some(url) => DbObj::Replica(Box::new(replica::ReplicaDb::open(&path, key, &url, &token)?)),
        };
        Ok(registry::insert_db_with_id(id, db))
    })
}

#[no_mangle]
pub extern "system" fn Java_dev_libsql4j_embedded_internal_NativeBindings_dbSync<'l>(
    mut env: JNIEnv<'l>,
    _class: JClass<'l>,
    db: jlong,
) -> jlongArray {
    guard(&mut env, |env| {
        let result = registry::db(db)?.sync()?;
        let array = env.new_long_array(2)?;
        env.set_long_array_region(&array, 0, &result)?;
        Ok(array.into_raw())
    })
}

#[no_mangle]
pub extern "system" fn Java_dev_libsql4j_embedded_internal_NativeBindings_dbClose<'l>(
    mut env: JNIEnv<'l>,
    _class: JClass<'l>,
    db: jlong,
) {
    guard(&mut env, |_| {
        drop(registry::remove_db(db));
        Ok(())
    })
}

#[no_mangle]
pub extern "system" fn Java_dev_libsql4j_embedded_internal_NativeBindings_connOpen<'l>(
    mut env: JNIEnv<'l>,
    _class: JClass<'l>,
    db: jlong,
    busy_timeout_millis: jlong,
) -> jlong {
    guard(&mut env, |_| {
        let conn = registry::db(db)?.connect(millis(busy_timeout_millis))?;
        registry::insert_conn(db, conn)
    })
}

#[no_mangle]
pub extern "system" fn Java_dev_libsql4j_embedded_internal_NativeBindings_connClose<'l>(
    mut env: JNIEnv<'l>,
    _class: JClass<'l>,
    conn: jlong,
) {
    guard(&mut env, |_| {
        drop(registry::remove_conn(conn));
        Ok(())
    })
}

#[no_mangle]
pub extern "system" fn Java_dev_libsql4j_embedded_internal_NativeBindings_connInterrupt<'l>(
    mut env: JNIEnv<'l>,
    _class: JClass<'l>,
    conn: jlong,
) {
    // Takes only the registry lock for the lookup, never a lock a running call holds.
    guard(&mut env, |_| {
        registry::conn(conn)?.interrupt();
        Ok(())
    })
}

#[no_mangle]
pub extern "system" fn Java_dev_libsql4j_embedded_internal_NativeBindings_connIsAutocommit<'l>(
    mut env: JNIEnv<'l>,
    _class: JClass<'l>,
    conn: jlong,
) -> jboolean {
    guard(&mut env, |_| Ok(jbool(registry::conn(conn)?.is_autocommit()?)))
}

#[no_mangle]
pub extern "system" fn Java_dev_libsql4j_embedded_internal_NativeBindings_connLastInsertRowid<'l>(
    mut env: JNIEnv<'l>,
    _class: JClass<'l>,
    conn: jlong,
) -> jlong {
    guard(&mut env, |_| registry::conn(conn)?.last_insert_rowid())
}

#[no_mangle]
pub extern "system" fn Java_dev_libsql4j_embedded_internal_NativeBindings_connChanges<'l>(
    mut env: JNIEnv<'l>,
    _class: JClass<'l>,
    conn: jlong,
) -> jlong {
    guard(&mut env, |_| registry::conn(conn)?.changes())
}

#[no_mangle]
pub extern "system" fn Java_dev_libsql4j_embedded_internal_NativeBindings_connTotalChanges<'l>(
    mut env: JNIEnv<'l>,
    _class: JClass<'l>,
    conn: jlong,
) -> jlong {
    guard(&mut env, |_| registry::conn(conn)?.total_changes())
}

#[no_mangle]
pub extern "system" fn Java_dev_libsql4j_embedded_internal_NativeBindings_connExecuteScript<'l>(
    mut env: JNIEnv<'l>,
    _class: JClass<'l>,
    conn: jlong,
    sql: JString<'l>,
) {
    guard(&mut env, |env| {
        let conn = registry::conn(conn)?;
        let sql = string(env, &sql, "sql")?;
        conn.execute_script(&sql)
    })
}

#[no_mangle]
pub extern "system" fn Java_dev_libsql4j_embedded_internal_NativeBindings_connExecute<'l>(
    mut env: JNIEnv<'l>,
    _class: JClass<'l>,
    conn: jlong,
    sql: JString<'l>,
    params: JByteArray<'l>,
) -> jbyteArray {
    guard(&mut env, |env| {
        let conn = registry::conn(conn)?;
        let sql = string(env, &sql, "sql")?;
        let stmt = conn.prepare(&sql, false)?;
        with_buffer(&OUT, |out| {
            with_args(env, &params, |args| stmt.execute(args, out))?;
            byte_array(env, out)
        })
    })
}

#[no_mangle]
pub extern "system" fn Java_dev_libsql4j_embedded_internal_NativeBindings_connQuery<'l>(
    mut env: JNIEnv<'l>,
    _class: JClass<'l>,
    conn: jlong,
    sql: JString<'l>,
    params: JByteArray<'l>,
) -> jlong {
    guard(&mut env, |env| {
        let conn_obj = registry::conn(conn)?;
        let sql = string(env, &sql, "sql")?;
        let stmt = Arc::new(conn_obj.prepare(&sql, false)?);
        let rows = Arc::new(with_args(env, &params, |args| stmt.query(args, false))?);
        registry::insert_rows(conn, None, &rows)
    })
}

#[no_mangle]
pub extern "system" fn Java_dev_libsql4j_embedded_internal_NativeBindings_stmtPrepare<'l>(
    mut env: JNIEnv<'l>,
    _class: JClass<'l>,
    conn: jlong,
    sql: JString<'l>,
) -> jlong {
    guard(&mut env, |env| {
        let conn_obj: Arc<ConnObj> = registry::conn(conn)?;
        let sql = string(env, &sql, "sql")?;
        let stmt = conn_obj.prepare(&sql, true)?;
        registry::insert_stmt(conn, stmt)
    })
}

#[no_mangle]
pub extern "system" fn Java_dev_libsql4j_embedded_internal_NativeBindings_stmtParameterNames<'l>(
    mut env: JNIEnv<'l>,
    _class: JClass<'l>,
    stmt: jlong,
) -> jobjectArray {
    guard(&mut env, |env| {
        let (stmt, _) = registry::stmt(stmt)?;
        let names = stmt.parameter_names();
        string_array(env, names.iter().map(|n| n.as_deref()))
    })
}

#[no_mangle]
pub extern "system" fn Java_dev_libsql4j_embedded_internal_NativeBindings_stmtColumns<'l>(
    mut env: JNIEnv<'l>,
    _class: JClass<'l>,
    stmt: jlong,
) -> jobjectArray {
    guard(&mut env, |env| {
        let (stmt, _) = registry::stmt(stmt)?;
        columns_array(env, &stmt.columns())
    })
}

#[no_mangle]
pub extern "system" fn Java_dev_libsql4j_embedded_internal_NativeBindings_stmtIsReadonly<'l>(
    mut env: JNIEnv<'l>,
    _class: JClass<'l>,
    stmt: jlong,
) -> jboolean {
    guard(&mut env, |_| Ok(jbool(registry::stmt(stmt)?.0.is_readonly())))
}

/// Closes the row stream still open over a statement before it runs again.
fn close_open_rows(stmt: jlong) {
    let removed = registry::remove_open_rows(stmt);
    for rows in removed.rows() {
        rows.close();
    }
}

#[no_mangle]
pub extern "system" fn Java_dev_libsql4j_embedded_internal_NativeBindings_stmtExecute<'l>(
    mut env: JNIEnv<'l>,
    _class: JClass<'l>,
    stmt: jlong,
    params: JByteArray<'l>,
) -> jbyteArray {
    guard(&mut env, |env| {
        let (stmt_obj, _): (Arc<StmtObj>, _) = registry::stmt(stmt)?;
        close_open_rows(stmt);
        with_buffer(&OUT, |out| {
            with_args(env, &params, |args| stmt_obj.execute(args, out))?;
            byte_array(env, out)
        })
    })
}

/// `connSetIo`: registers the direct buffer the connection's statements run through
/// (`stmtExecuteIo`). Its address and capacity are looked up once here instead of on every call
/// (each lookup is a type check in the JVM); a global reference keeps it alive until the
/// connection closes or another buffer replaces it.
#[no_mangle]
pub extern "system" fn Java_dev_libsql4j_embedded_internal_NativeBindings_connSetIo<'l>(
    mut env: JNIEnv<'l>,
    _class: JClass<'l>,
    conn: jlong,
    io: JByteBuffer<'l>,
) {
    guard(&mut env, |env| {
        if io.is_null() {
            return Err(Error::NullArgument("io"));
        }
        let ptr = env.get_direct_buffer_address(&io)?;
        let capacity = env.get_direct_buffer_capacity(&io)?;
        let owner = env.new_global_ref(&io)?;
        // SAFETY: ptr and capacity describe the direct buffer `owner` refers to.
        let buffer = unsafe { IoBuffer::new(owner, ptr, capacity) };
        drop(registry::set_conn_io(conn, buffer)?);
        Ok(())
    })
}

/// `stmtExecuteIo`: the arguments come in, and the result goes out, through the direct buffer
/// the statement's connection registered (`connSetIo`), so a call allocates no Java array and
/// makes no JNI array copies. The result is written as a u32 length, a u8 autocommit flag (1
/// autocommit, 0 in a transaction, 2 unknown) and the bytes, and null is returned; a result that
/// does not fit is returned as a new array instead.
#[no_mangle]
pub extern "system" fn Java_dev_libsql4j_embedded_internal_NativeBindings_stmtExecuteIo<'l>(
    mut env: JNIEnv<'l>,
    _class: JClass<'l>,
    stmt: jlong,
    args_len: jint,
) -> jbyteArray {
    guard(&mut env, |env| {
        let (stmt_obj, io, removed) = registry::stmt_for_run(stmt)?;
        for rows in removed.rows() {
            rows.close();
        }
        drop(removed);
        let Some(io) = io else {
            return Err(Error::IllegalState(format!(
                "Statement {stmt} cannot run through an I/O buffer: its connection has none registered"
            )));
        };
        let (ptr, capacity) = (io.ptr(), io.capacity());
        // Negative: no arguments.
        let args_len = usize::try_from(args_len).ok();
        if args_len.is_some_and(|n| n > capacity) {
            return Err(Error::other("malformed arguments: longer than the buffer they are in"));
        }
        with_buffer(&OUT, |out| {
            {
                // SAFETY: the buffer's memory is valid for `capacity` bytes while `io` (and the
                // global reference in it) lives, and the Java side does not touch it while the
                // call runs (calls of a connection are serialized). The slice is gone before the
                // buffer is written below; bind copies what it keeps.
                let args = args_len.map(|n| unsafe { std::slice::from_raw_parts(ptr.cast_const(), n) });
                stmt_obj.execute(args, out)?;
            }
            let len = out.len();
            if len <= capacity.saturating_sub(5) {
                // Saves Java a connIsAutocommit call after each statement in a transaction.
                let autocommit = stmt_obj.autocommit_hint();
                // SAFETY: as above; 5 + len bytes fit in the buffer, and `out` is our own memory.
                unsafe {
                    ptr.copy_from_nonoverlapping((len as u32).to_le_bytes().as_ptr(), 4);
                    *ptr.add(4) = autocommit;
                    ptr.add(5).copy_from_nonoverlapping(out.as_ptr(), len);
                }
                Ok(std::ptr::null_mut())
            } else {
                byte_array(env, out)
            }
        })
    })
}

#[no_mangle]
pub extern "system" fn Java_dev_libsql4j_embedded_internal_NativeBindings_stmtQuery<'l>(
    mut env: JNIEnv<'l>,
    _class: JClass<'l>,
    stmt: jlong,
    params: JByteArray<'l>,
) -> jlong {
    guard(&mut env, |env| {
        let (stmt_obj, conn) = registry::stmt(stmt)?;
        close_open_rows(stmt);
        let rows = Arc::new(with_args(env, &params, |args| stmt_obj.query(args, true))?);
        registry::insert_rows(conn, Some(stmt), &rows)
    })
}

#[no_mangle]
pub extern "system" fn Java_dev_libsql4j_embedded_internal_NativeBindings_stmtClose<'l>(
    mut env: JNIEnv<'l>,
    _class: JClass<'l>,
    stmt: jlong,
) {
    guard(&mut env, |_| {
        drop(registry::remove_stmt(stmt));
        Ok(())
    })
}

#[no_mangle]
pub extern "system" fn Java_dev_libsql4j_embedded_internal_NativeBindings_rowsColumns<'l>(
    mut env: JNIEnv<'l>,
    _class: JClass<'l>,
    rows: jlong,
) -> jobjectArray {
    guard(&mut env, |env| {
        let rows = registry::rows(rows)?;
        columns_array(env, &rows.columns())
    })
}

#[no_mangle]
pub extern "system" fn Java_dev_libsql4j_embedded_internal_NativeBindings_rowsNext<'l>(
    mut env: JNIEnv<'l>,
    _class: JClass<'l>,
    rows: jlong,
    max_rows: jint,
) -> jbyteArray {
    guard(&mut env, |env| {
        let rows = registry::rows(rows)?;
        rows.next_page(max_rows, |page| byte_array(env, page))
    })
}

#[no_mangle]
pub extern "system" fn Java_dev_libsql4j_embedded_internal_NativeBindings_rowsClose<'l>(
    mut env: JNIEnv<'l>,
    _class: JClass<'l>,
    rows: jlong,
) {
    guard(&mut env, |_| {
        let removed = registry::remove_rows(rows);
        for r in removed.rows() {
            r.close();
        }
        Ok(())
    })
}
