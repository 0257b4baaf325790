//! Driving libsql's async API from blocking JNI calls.
//!
//! Embedded replicas talk to the primary over hyper/tonic and keep a background sync task, so
//! they need a tokio runtime: one process-wide multi-threaded runtime (libsql panics on a
//! current-thread runtime in some paths), created on first use. Local databases never touch it
//! (they use the C API, see local.rs), so a process that only opens local files starts no
//! threads.

use std::future::Future;
use std::pin::pin;
use std::sync::OnceLock;
use std::task::{Context, Poll, Waker};

use tokio::runtime::Runtime;

use crate::error::{Error, Result};

static RUNTIME: OnceLock<std::result::Result<Runtime, String>> = OnceLock::new();

/// The process-wide runtime. If it cannot be built, every call that needs it fails with the
/// reason (and the next call does not retry: the failure is kept).
pub fn runtime() -> Result<&'static Runtime> {
    let rt = RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .thread_name("libsql4j-tokio")
            .build()
            .map_err(|e| format!("cannot start the tokio runtime: {e}"))
    });
    rt.as_ref().map_err(|e| Error::Other(e.clone()))
}

/// Runs a future to completion on the runtime, blocking this (Java) thread.
pub fn block_on<F: Future>(f: F) -> Result<F::Output> {
    Ok(runtime()?.block_on(f))
}

/// Polls a future once; for futures that never wait (libsql's local builders).
pub fn poll_ready<F: Future>(f: F) -> Option<F::Output> {
    let f = pin!(f);
    match f.poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(v) => Some(v),
        Poll::Pending => None,
    }
}
