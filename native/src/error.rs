//! The one error type of the crate and the one guard every `Java_...` entry runs in.

use std::any::Any;
use std::cell::RefCell;
use std::fmt;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Once;

use jni::objects::{JThrowable, JValue};
use jni::sys::{jboolean, jlong, jobject};
use jni::JNIEnv;

const NATIVE_EXCEPTION: &str = "dev/libsql4j/embedded/internal/NativeException";

/// Everything that can go wrong in a native call.
#[derive(Debug)]
pub enum Error {
    /// A SQLite error with its extended result code (the primary code is its low byte).
    Sqlite { extended: i32, message: String },
    /// An error that is not SQLite's (sync failure, bad argument, ...): code -1.
    Other(String),
    /// Misuse of an id (unknown or closed): `IllegalStateException`.
    IllegalState(String),
    /// A required argument was null: `NullPointerException`.
    NullArgument(&'static str),
    /// A JNI call failed; a Java exception may already be pending.
    Jni(jni::errors::Error),
}

pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    pub fn other(message: impl Into<String>) -> Error {
        Error::Other(message.into())
    }

    pub fn closed(kind: &str, id: i64) -> Error {
        Error::IllegalState(format!("{kind} {id} is closed or unknown"))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Sqlite { message, .. } | Error::Other(message) | Error::IllegalState(message) => {
                f.write_str(message)
            }
            Error::NullArgument(what) => write!(f, "{what} must not be null"),
            Error::Jni(e) => write!(f, "JNI call failed: {e}"),
        }
    }
}

impl From<jni::errors::Error> for Error {
    fn from(e: jni::errors::Error) -> Error {
        match e {
            jni::errors::Error::NullPtr(what) | jni::errors::Error::NullDeref(what) => Error::NullArgument(what),
            other => Error::Jni(other),
        }
    }
}

impl From<libsql::Error> for Error {
    fn from(e: libsql::Error) -> Error {
        match e {
            libsql::Error::SqliteFailure(extended, message) => Error::Sqlite { extended, message },
            libsql::Error::RemoteSqliteFailure(code, extended, message) => Error::Sqlite {
                extended: if extended != 0 { extended } else { code },
                message,
            },
            libsql::Error::ConnectionFailed(message) => match trailing_code(&message) {
                // "Unable to open connection to local database <path>: <rc>"
                Some(code) if code > 0 => Error::Sqlite {
                    extended: code,
                    message,
                },
                _ => Error::Other(message),
            },
            libsql::Error::WriteDelegation(e) => match grpc_message(&*e) {
                Some(message) => Error::Other(message),
                None => Error::Other(format!("write delegation to the primary failed: {e}")),
            },
            other => Error::Other(other.to_string()),
        }
    }
}

/// The message of a gRPC status from the primary (e.g. "no such table: t" when it describes a
/// statement it is to run). libsql hands the status over through anyhow, which hides its type,
/// so it is read from the status' text: `status: Code, message: "...", details: ...`.
fn grpc_message(e: &(dyn std::error::Error + 'static)) -> Option<String> {
    let text = e.to_string();
    let rest = text.strip_prefix("status: ")?;
    let marker = ", message: \"";
    let start = rest.find(marker)? + marker.len();
    let mut out = String::new();
    let mut chars = rest[start..].chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Some(out),
            '\\' => match chars.next()? {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                'r' => out.push('\r'),
                '0' => out.push('\0'),
                'u' => {
                    let hex: String = chars.by_ref().skip(1).take_while(|&c| c != '}').collect();
                    out.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
                }
                other => out.push(other),
            },
            c => out.push(c),
        }
    }
    None
}

fn trailing_code(message: &str) -> Option<i32> {
    let (_, tail) = message.rsplit_once(": ")?;
    tail.trim().parse().ok()
}

/// Return values of `Java_...` functions and what they return after throwing.
pub trait JniDefault {
    fn jni_default() -> Self;
}

impl JniDefault for () {
    fn jni_default() -> Self {}
}

impl JniDefault for jlong {
    fn jni_default() -> Self {
        0
    }
}

impl JniDefault for jboolean {
    fn jni_default() -> Self {
        0
    }
}

/// `jbyteArray`, `jlongArray`, `jobjectArray` and `jstring` are all `jobject`: null.
impl JniDefault for jobject {
    fn jni_default() -> Self {
        std::ptr::null_mut()
    }
}

thread_local! {
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

static PANIC_HOOK: Once = Once::new();

/// Panics are turned into Java exceptions, so the default hook's stderr output is replaced by
/// one that keeps the message (with its location) for the guard to throw.
fn install_panic_hook() {
    PANIC_HOOK.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            let text = info.to_string();
            LAST_PANIC.with(|p| *p.borrow_mut() = Some(text));
        }));
    });
}

fn panic_message(payload: &(dyn Any + Send)) -> String {
    if let Some(text) = LAST_PANIC.with(|p| p.borrow_mut().take()) {
        return text;
    }
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic".to_string()
    }
}

/// Runs the body of a `Java_...` function: catches panics, and turns every error into exactly one
/// pending Java exception, returning the type's default value in that case.
pub fn guard<'local, T, F>(env: &mut JNIEnv<'local>, f: F) -> T
where
    T: JniDefault,
    F: FnOnce(&mut JNIEnv<'local>) -> Result<T>,
{
    install_panic_hook();
    let outcome = catch_unwind(AssertUnwindSafe(|| f(env)));
    let error = match outcome {
        Ok(Ok(value)) => return value,
        Ok(Err(error)) => error,
        Err(payload) => {
            let message = format!("panic in libsql4j native code: {}", panic_message(&*payload));
            // -2 marks a caught panic.
            throw_native(env, -2, -2, &message);
            return T::jni_default();
        }
    };
    throw(env, error);
    T::jni_default()
}

fn throw(env: &mut JNIEnv, error: Error) {
    // An exception already pending (e.g. thrown by a failed JNI call) is the one Java sees.
    if env.exception_check().unwrap_or(true) {
        return;
    }
    match error {
        Error::Sqlite { extended, message } => throw_native(env, extended & 0xff, extended, &message),
        Error::Other(message) => throw_native(env, -1, -1, &message),
        Error::IllegalState(message) => throw_class(env, "java/lang/IllegalStateException", &message),
        Error::NullArgument(what) => throw_class(
            env,
            "java/lang/NullPointerException",
            &format!("{what} must not be null"),
        ),
        Error::Jni(e) => throw_native(env, -1, -1, &format!("JNI call failed: {e}")),
    }
}

fn throw_class(env: &mut JNIEnv, class: &str, message: &str) {
    // If even this fails the JVM is out of memory and has an OutOfMemoryError pending.
    let _ = env.throw_new(class, message);
}

fn throw_native(env: &mut JNIEnv, code: i32, extended: i32, message: &str) {
    if env.exception_check().unwrap_or(true) {
        return;
    }
    let thrown = (|| -> jni::errors::Result<()> {
        let jmessage = env.new_string(message)?;
        let exception = env.new_object(
            NATIVE_EXCEPTION,
            "(IILjava/lang/String;)V",
            &[JValue::Int(code), JValue::Int(extended), JValue::Object(&jmessage)],
        )?;
        env.throw(JThrowable::from(exception))
    })();
    if thrown.is_err() && !env.exception_check().unwrap_or(true) {
        throw_class(env, "java/lang/RuntimeException", message);
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[derive(Debug)]
    struct Text(&'static str);
    impl fmt::Display for Text {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.0)
        }
    }
    impl std::error::Error for Text {}

    #[test]
    fn reads_grpc_messages() {
        let e = Text(
            r#"status: PermissionDenied, message: "no such table: \"t\" \u{e9}", details: [], metadata: MetadataMap { headers: {} }"#,
        );
        assert_eq!(grpc_message(&e).as_deref(), Some("no such table: \"t\" \u{e9}"));
        assert_eq!(grpc_message(&Text("other")), None);
    }

    #[test]
    fn maps_open_failures() {
        let e = Error::from(libsql::Error::ConnectionFailed(
            "Unable to open connection to local database x: 14".into(),
        ));
        assert!(matches!(e, Error::Sqlite { extended: 14, .. }));
        let e = Error::from(libsql::Error::SqliteFailure(2067, "UNIQUE".into()));
        assert!(matches!(e, Error::Sqlite { extended: 2067, .. }));
    }
}
