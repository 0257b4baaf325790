//! The binary formats of NativeBindings: values, arguments, row pages and execute results.
//! All integers are little-endian.

use crate::error::{Error, Result};

pub const TAG_NULL: u8 = 0;
pub const TAG_INTEGER: u8 = 1;
pub const TAG_REAL: u8 = 2;
pub const TAG_TEXT: u8 = 3;
pub const TAG_BLOB: u8 = 4;

/// A value borrowed from an argument buffer. Text is kept as bytes (Java sent UTF-8).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ArgValue<'a> {
    Null,
    Integer(i64),
    Real(f64),
    Text(&'a [u8]),
    Blob(&'a [u8]),
}

impl ArgValue<'_> {
    pub fn to_libsql(self) -> Result<libsql::Value> {
        Ok(match self {
            ArgValue::Null => libsql::Value::Null,
            ArgValue::Integer(v) => libsql::Value::Integer(v),
            ArgValue::Real(v) => libsql::Value::Real(v),
            ArgValue::Text(b) => libsql::Value::Text(
                std::str::from_utf8(b)
                    .map_err(|_| Error::other("malformed arguments: text is not UTF-8"))?
                    .to_owned(),
            ),
            ArgValue::Blob(b) => libsql::Value::Blob(b.to_vec()),
        })
    }
}

/// Decoded arguments, borrowing from the buffer they came in.
#[derive(Debug, PartialEq)]
pub enum Args<'a> {
    None,
    Positional(Vec<ArgValue<'a>>),
    /// Names without their `:`/`@`/`$` prefix, as UTF-8 bytes.
    Named(Vec<(&'a [u8], ArgValue<'a>)>),
}

struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        let end = self.pos.checked_add(n).filter(|&end| end <= self.buf.len());
        match end {
            Some(end) => {
                let bytes = &self.buf[self.pos..end];
                self.pos = end;
                Ok(bytes)
            }
            None => Err(Error::other("malformed arguments: truncated buffer")),
        }
    }

    fn u8(&mut self) -> Result<u8> {
        Ok(self.take(1)?[0])
    }

    fn u32(&mut self) -> Result<u32> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn u64(&mut self) -> Result<u64> {
        let b = self.take(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(u64::from_le_bytes(a))
    }

    fn value(&mut self) -> Result<ArgValue<'a>> {
        match self.u8()? {
            TAG_NULL => Ok(ArgValue::Null),
            TAG_INTEGER => Ok(ArgValue::Integer(self.u64()? as i64)),
            TAG_REAL => Ok(ArgValue::Real(f64::from_bits(self.u64()?))),
            TAG_TEXT => {
                let n = self.u32()? as usize;
                Ok(ArgValue::Text(self.take(n)?))
            }
            TAG_BLOB => {
                let n = self.u32()? as usize;
                Ok(ArgValue::Blob(self.take(n)?))
            }
            tag => Err(Error::other(format!("malformed arguments: unknown value tag {tag}"))),
        }
    }
}

/// Decodes an argument buffer (see NativeBindings: u8 kind, u32 count, entries).
pub fn decode_args(buf: &[u8]) -> Result<Args<'_>> {
    let mut r = Reader { buf, pos: 0 };
    let kind = r.u8()?;
    let count = r.u32()? as usize;
    // Every entry takes at least one byte: a count larger than the buffer is malformed.
    if count > buf.len() {
        return Err(Error::other("malformed arguments: count exceeds the buffer"));
    }
    let args = match kind {
        0 => Args::None,
        1 => {
            let mut values = Vec::with_capacity(count);
            for _ in 0..count {
                values.push(r.value()?);
            }
            Args::Positional(values)
        }
        2 => {
            let mut values = Vec::with_capacity(count);
            for _ in 0..count {
                let n = r.u32()? as usize;
                let name = r.take(n)?;
                values.push((name, r.value()?));
            }
            Args::Named(values)
        }
        k => return Err(Error::other(format!("malformed arguments: unknown kind {k}"))),
    };
    if r.pos != buf.len() {
        return Err(Error::other("malformed arguments: trailing bytes"));
    }
    Ok(args)
}

/// An argument buffer seen without decoding it into a list: positional values are read one at a
/// time (the hot path binds them as they come, with no allocation); named ones go through
/// [`decode_args`] and [`resolve`].
pub enum ArgsView<'a> {
    None,
    Positional(PositionalArgs<'a>),
    Named,
}

/// Positional values still to read from an argument buffer.
pub struct PositionalArgs<'a> {
    r: Reader<'a>,
    left: usize,
    /// How many values the buffer holds.
    pub count: usize,
}

impl<'a> PositionalArgs<'a> {
    /// The next value, or None after the last one (then the buffer must be used up).
    pub fn next_value(&mut self) -> Result<Option<ArgValue<'a>>> {
        if self.left == 0 {
            if self.r.pos != self.r.buf.len() {
                return Err(Error::other("malformed arguments: trailing bytes"));
            }
            return Ok(None);
        }
        self.left -= 1;
        self.r.value().map(Some)
    }
}

/// Reads the header of an argument buffer (see [`decode_args`] for the format).
pub fn view_args(buf: &[u8]) -> Result<ArgsView<'_>> {
    let mut r = Reader { buf, pos: 0 };
    let kind = r.u8()?;
    let count = r.u32()? as usize;
    if count > buf.len() {
        return Err(Error::other("malformed arguments: count exceeds the buffer"));
    }
    match kind {
        0 if r.pos == buf.len() => Ok(ArgsView::None),
        0 => Err(Error::other("malformed arguments: trailing bytes")),
        1 => Ok(ArgsView::Positional(PositionalArgs { r, left: count, count })),
        2 => Ok(ArgsView::Named),
        k => Err(Error::other(format!("malformed arguments: unknown kind {k}"))),
    }
}

/// The error for more positional values than the statement has parameters.
pub fn too_many_arguments(param_count: usize, given: usize) -> Error {
    Error::other(format!(
        "too many arguments: the statement has {param_count} parameters but {given} values were given"
    ))
}

/// Strips the `:`, `@`, `$` or `?` prefix of a SQLite parameter name.
pub fn strip_prefix(name: &str) -> &str {
    match name.as_bytes().first() {
        Some(b':' | b'@' | b'$' | b'?') => &name[1..],
        _ => name,
    }
}

/// Resolves arguments to one value per parameter (1..=param_count, index 0 is parameter 1),
/// following the NativeBindings rules. Missing positional values are NULL.
/// `name_of(i)` is the name of parameter `i` (1-based) with its prefix, or None.
pub fn resolve<'a, 'n>(
    args: &Args<'a>,
    param_count: usize,
    name_of: impl Fn(usize) -> Option<&'n str>,
) -> Result<Vec<ArgValue<'a>>> {
    match args {
        Args::None => Ok(vec![ArgValue::Null; param_count]),
        Args::Positional(values) => {
            if values.len() > param_count {
                return Err(too_many_arguments(param_count, values.len()));
            }
            let mut out = Vec::with_capacity(param_count);
            out.extend_from_slice(values);
            out.resize(param_count, ArgValue::Null);
            Ok(out)
        }
        Args::Named(values) => {
            let mut out = Vec::with_capacity(param_count);
            let mut used = vec![false; values.len()];
            for i in 1..=param_count {
                let full = name_of(i);
                let bare = full.map(strip_prefix);
                let found = bare.and_then(|bare| values.iter().position(|(n, _)| *n == bare.as_bytes()));
                match found {
                    Some(k) => {
                        // Several entries with one name: the first wins, the rest count as used.
                        for (j, (n, _)) in values.iter().enumerate() {
                            if Some(*n) == bare.map(str::as_bytes) {
                                used[j] = true;
                            }
                        }
                        out.push(values[k].1);
                    }
                    None => {
                        return Err(Error::other(match full {
                            Some(name) => format!("no value for parameter {name}"),
                            None => format!("no value for parameter {i} (a positional ?)"),
                        }))
                    }
                }
            }
            if let Some(j) = used.iter().position(|u| !u) {
                return Err(Error::other(format!(
                    "no parameter named {} in the statement",
                    String::from_utf8_lossy(values[j].0)
                )));
            }
            Ok(out)
        }
    }
}

/// Writes row pages and execute results into one buffer.
pub struct PageWriter<'b> {
    buf: &'b mut Vec<u8>,
    header_at: usize,
    rows: u32,
}

/// Size of the execute-result header: i64 rows affected, u8 has-rowid, i64 rowid.
pub const EXEC_HEADER: usize = 17;

impl<'b> PageWriter<'b> {
    /// Starts a page at the end of `buf`.
    pub fn begin(buf: &'b mut Vec<u8>, columns: usize) -> PageWriter<'b> {
        let header_at = buf.len();
        buf.extend_from_slice(&(columns as u32).to_le_bytes());
        buf.extend_from_slice(&[0u8; 5]);
        PageWriter {
            buf,
            header_at,
            rows: 0,
        }
    }

    pub fn end_row(&mut self) {
        self.rows += 1;
    }

    pub fn rows(&self) -> u32 {
        self.rows
    }

    pub fn len(&self) -> usize {
        self.buf.len()
    }

    pub fn finish(self, done: bool) {
        let at = self.header_at + 4;
        self.buf[at..at + 4].copy_from_slice(&self.rows.to_le_bytes());
        self.buf[at + 4] = u8::from(done);
    }

    #[inline]
    pub fn null(&mut self) {
        self.buf.push(TAG_NULL);
    }

    #[inline]
    pub fn integer(&mut self, v: i64) {
        self.buf.push(TAG_INTEGER);
        self.buf.extend_from_slice(&v.to_le_bytes());
    }

    #[inline]
    pub fn real(&mut self, v: f64) {
        self.buf.push(TAG_REAL);
        self.buf.extend_from_slice(&v.to_bits().to_le_bytes());
    }

    #[inline]
    pub fn text(&mut self, b: &[u8]) {
        self.buf.push(TAG_TEXT);
        self.buf.extend_from_slice(&(b.len() as u32).to_le_bytes());
        self.buf.extend_from_slice(b);
    }

    #[inline]
    pub fn blob(&mut self, b: &[u8]) {
        self.buf.push(TAG_BLOB);
        self.buf.extend_from_slice(&(b.len() as u32).to_le_bytes());
        self.buf.extend_from_slice(b);
    }

    pub fn value(&mut self, v: &libsql::Value) {
        match v {
            libsql::Value::Null => self.null(),
            libsql::Value::Integer(i) => self.integer(*i),
            libsql::Value::Real(r) => self.real(*r),
            libsql::Value::Text(s) => self.text(s.as_bytes()),
            libsql::Value::Blob(b) => self.blob(b),
        }
    }
}

/// Writes the execute-result header at the start of `buf` (which must have been reserved).
pub fn write_exec_header(buf: &mut [u8], rows_affected: i64, rowid: Option<i64>) {
    buf[0..8].copy_from_slice(&rows_affected.to_le_bytes());
    buf[8] = u8::from(rowid.is_some());
    buf[9..17].copy_from_slice(&rowid.unwrap_or(0).to_le_bytes());
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    fn positional(values: &[ArgValue]) -> Vec<u8> {
        let mut b = vec![1u8];
        b.extend_from_slice(&(values.len() as u32).to_le_bytes());
        for v in values {
            match v {
                ArgValue::Null => b.push(0),
                ArgValue::Integer(i) => {
                    b.push(1);
                    b.extend_from_slice(&i.to_le_bytes())
                }
                ArgValue::Real(r) => {
                    b.push(2);
                    b.extend_from_slice(&r.to_bits().to_le_bytes())
                }
                ArgValue::Text(t) => {
                    b.push(3);
                    b.extend_from_slice(&(t.len() as u32).to_le_bytes());
                    b.extend_from_slice(t)
                }
                ArgValue::Blob(t) => {
                    b.push(4);
                    b.extend_from_slice(&(t.len() as u32).to_le_bytes());
                    b.extend_from_slice(t)
                }
            }
        }
        b
    }

    #[test]
    fn decodes_every_value() {
        let vals = [
            ArgValue::Null,
            ArgValue::Integer(i64::MIN),
            ArgValue::Real(-0.0),
            ArgValue::Text("a\0😀".as_bytes()),
            ArgValue::Blob(&[]),
        ];
        let buf = positional(&vals);
        match decode_args(&buf).unwrap() {
            Args::Positional(v) => {
                assert_eq!(v.len(), 5);
                assert_eq!(v[1], ArgValue::Integer(i64::MIN));
                match v[2] {
                    ArgValue::Real(r) => assert!(r == 0.0 && r.is_sign_negative()),
                    _ => panic!(),
                }
                assert_eq!(v[3], ArgValue::Text("a\0😀".as_bytes()));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn rejects_malformed() {
        assert!(decode_args(&[1, 1, 0, 0, 0]).is_err());
        assert!(decode_args(&[1, 0, 0, 0, 0, 9]).is_err());
        assert!(decode_args(&[7, 0, 0, 0, 0]).is_err());
        assert!(decode_args(&[1, 0xff, 0xff, 0xff, 0xff]).is_err());
        assert!(matches!(decode_args(&[0, 0, 0, 0, 0]).unwrap(), Args::None));
    }

    #[test]
    fn views_positional_arguments_one_at_a_time() {
        let vals = [ArgValue::Integer(7), ArgValue::Text(b"x"), ArgValue::Null];
        let buf = positional(&vals);
        let ArgsView::Positional(mut p) = view_args(&buf).unwrap() else {
            panic!("not positional")
        };
        assert_eq!(p.count, 3);
        let mut seen = Vec::new();
        while let Some(v) = p.next_value().unwrap() {
            seen.push(v);
        }
        assert_eq!(seen, vals);

        let mut trailing = buf.clone();
        trailing.push(9);
        let ArgsView::Positional(mut p) = view_args(&trailing).unwrap() else {
            panic!("not positional")
        };
        let e = loop {
            match p.next_value() {
                Ok(Some(_)) => {}
                Ok(None) => panic!("trailing bytes accepted"),
                Err(e) => break e.to_string(),
            }
        };
        assert_eq!(e, "malformed arguments: trailing bytes");

        assert!(matches!(view_args(&[0, 0, 0, 0, 0]).unwrap(), ArgsView::None));
        assert!(matches!(view_args(&[2, 0, 0, 0, 0]).unwrap(), ArgsView::Named));
        assert!(view_args(&[7, 0, 0, 0, 0]).is_err());
        assert!(view_args(&[1, 0xff, 0xff, 0xff, 0xff]).is_err());
        assert!(view_args(&[1, 1, 0, 0, 0]).map(|_| ()).is_ok(), "a truncated value fails when it is read");
    }

    #[test]
    fn resolves_named_and_positional() {
        let names = ["", ":a", "@b", "?3"];
        let name_of = |i: usize| names.get(i).copied().filter(|n| !n.is_empty());
        let args = Args::Named(vec![
            (b"b".as_slice(), ArgValue::Integer(2)),
            (b"a".as_slice(), ArgValue::Integer(1)),
            (b"3".as_slice(), ArgValue::Integer(3)),
        ]);
        let r = resolve(&args, 3, name_of).unwrap();
        assert_eq!(
            r,
            vec![ArgValue::Integer(1), ArgValue::Integer(2), ArgValue::Integer(3)]
        );

        let missing = Args::Named(vec![(b"a".as_slice(), ArgValue::Null)]);
        let e = resolve(&missing, 2, name_of).unwrap_err().to_string();
        assert_eq!(e, "no value for parameter @b");

        let extra = Args::Named(vec![
            (b"a".as_slice(), ArgValue::Null),
            (b"b".as_slice(), ArgValue::Null),
            (b"zz".as_slice(), ArgValue::Null),
        ]);
        let e = resolve(&extra, 2, name_of).unwrap_err().to_string();
        assert_eq!(e, "no parameter named zz in the statement");

        let pos = Args::Positional(vec![ArgValue::Integer(1)]);
        assert_eq!(
            resolve(&pos, 2, name_of).unwrap(),
            vec![ArgValue::Integer(1), ArgValue::Null]
        );
        let e = resolve(&pos, 0, name_of).unwrap_err().to_string();
        assert_eq!(
            e,
            "too many arguments: the statement has 0 parameters but 1 values were given"
        );
    }

    #[test]
    fn writes_pages() {
        let mut buf = Vec::new();
        let mut p = PageWriter::begin(&mut buf, 2);
        p.integer(7);
        p.text(b"x");
        p.end_row();
        p.finish(true);
        assert_eq!(
            buf,
            vec![2, 0, 0, 0, 1, 0, 0, 0, 1, 1, 7, 0, 0, 0, 0, 0, 0, 0, 3, 1, 0, 0, 0, b'x']
        );
    }
}
