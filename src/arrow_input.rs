//! String columns that other libraries hand over through the Arrow C data
//! interface (<https://arrow.apache.org/docs/format/CDataInterface.html>)
//! and its stream interface: `string` (format "u"), `large_string` ("U")
//! and `string_view` ("vu"), with nulls, slices (a non-zero offset) and any
//! number of chunks.
//!
//! The imported structs are owned here and released when the column is
//! dropped. Their buffers are read in place, no copy: every value is
//! checked to be UTF-8, and every offset and view is checked against what
//! the structs say, but the sizes of the offset and data buffers of "u" and
//! "U" are not part of the interface: as every consumer does, this trusts a
//! producer to export buffers as long as its offsets say.

use std::ffi::{c_char, c_int, c_void, CStr};

use crate::arrow::{ArrowArray, ArrowSchema};
use crate::error::Error;

/// `struct ArrowArrayStream` of the Arrow C stream interface.
#[repr(C)]
#[derive(Debug)]
pub struct ArrowArrayStream {
    pub get_schema: Option<unsafe extern "C" fn(*mut ArrowArrayStream, *mut ArrowSchema) -> c_int>,
    pub get_next: Option<unsafe extern "C" fn(*mut ArrowArrayStream, *mut ArrowArray) -> c_int>,
    pub get_last_error: Option<unsafe extern "C" fn(*mut ArrowArrayStream) -> *const c_char>,
    pub release: Option<unsafe extern "C" fn(*mut ArrowArrayStream)>,
    pub private_data: *mut c_void,
}

/// How a string column lays out its values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Layout {
    /// i32 offsets into one data buffer.
    Offsets32,
    /// i64 offsets into one data buffer.
    Offsets64,
    /// 16-byte views: short values inline, longer ones in data buffers.
    Views,
}

/// A struct of the C data interface that this module owns: released once,
/// when dropped.
struct Owned<T: Release>(T);

trait Release {
    fn release(&mut self);
}

impl Release for ArrowSchema {
    fn release(&mut self) {
        if let Some(release) = self.release {
            // SAFETY: the struct was moved to us unreleased (see `take`), and
            // the producer's release callback is called once, on its own
            // struct, as the interface prescribes.
            unsafe { release(self) }
        }
    }
}

impl Release for ArrowArray {
    fn release(&mut self) {
        if let Some(release) = self.release {
            // SAFETY: as for ArrowSchema.
            unsafe { release(self) }
        }
    }
}

impl Release for ArrowArrayStream {
    fn release(&mut self) {
        if let Some(release) = self.release {
            // SAFETY: as for ArrowSchema.
            unsafe { release(self) }
        }
    }
}

impl<T: Release> Drop for Owned<T> {
    fn drop(&mut self) {
        self.0.release();
    }
}

// SAFETY: the interface requires that a released-by-consumer struct may be
// released from any thread, and this module only reads the buffers an
// owned struct points to, never writes them; Arrow buffers are immutable
// once exported.
unsafe impl<T: Release> Send for Owned<T> {}
// SAFETY: as for Send: shared access only reads immutable buffers.
unsafe impl<T: Release> Sync for Owned<T> {}

/// Moves a struct out of the place a producer exported it to, leaving it
/// marked released there (`release` null), as the interface allows: the
/// producer's own cleanup of that place then does nothing.
///
/// # Safety
/// `place` must point to a valid, initialised struct of this kind.
unsafe fn take<T: Release>(place: *mut T, clear: impl FnOnce(&mut T)) -> Owned<T> {
    // SAFETY: the caller guarantees `place` is valid; the bitwise copy
    // becomes the one owner because the original is marked released.
    unsafe {
        let owned = std::ptr::read(place);
        clear(&mut *place);
        Owned(owned)
    }
}

/// An imported string column: one schema and its chunks.
pub struct StringColumn {
    layout: Layout,
    chunks: Vec<Owned<ArrowArray>>,
    _schema: Owned<ArrowSchema>,
    _stream: Option<Owned<ArrowArrayStream>>,
}

impl StringColumn {
    /// Takes over an exported array and its schema (the pair behind
    /// `__arrow_c_array__`).
    ///
    /// # Safety
    /// Both pointers must point to valid, unreleased structs of the C data
    /// interface describing the same array, whose buffers stay valid until
    /// released.
    pub unsafe fn from_array(schema: *mut ArrowSchema, array: *mut ArrowArray) -> Result<StringColumn, Error> {
        // SAFETY: the caller's guarantee, passed on.
        let (schema, array) = unsafe {
            (
                take(schema, |schema| schema.release = None),
                take(array, |array| array.release = None),
            )
        };
        let layout = layout_of(&schema.0)?;
        let column = StringColumn {
            layout,
            chunks: vec![array],
            _schema: schema,
            _stream: None,
        };
        column.check_chunks()?;
        Ok(column)
    }

    /// Takes over an exported stream (`__arrow_c_stream__`) and reads all its
    /// chunks.
    ///
    /// # Safety
    /// `stream` must point to a valid, unreleased `ArrowArrayStream`.
    pub unsafe fn from_stream(stream: *mut ArrowArrayStream) -> Result<StringColumn, Error> {
        // SAFETY: the caller's guarantee, passed on.
        let mut stream = unsafe { take(stream, |stream| stream.release = None) };
        let mut schema = empty_schema();
        let (Some(get_schema), Some(get_next)) = (stream.0.get_schema, stream.0.get_next) else {
            return Err(Error::InvalidOption("an Arrow stream without callbacks".to_owned()));
        };
        // SAFETY: the stream is valid and ours; the callback fills `schema`.
        let status = unsafe { get_schema(&mut stream.0, &mut schema) };
        let schema = Owned(schema);
        if status != 0 {
            return Err(stream_error(&mut stream.0, status));
        }
        let layout = layout_of(&schema.0)?;
        let mut chunks = Vec::new();
        loop {
            let mut array = empty_array();
            // SAFETY: as for get_schema; the callback fills `array`.
            let status = unsafe { get_next(&mut stream.0, &mut array) };
            if status != 0 {
                return Err(stream_error(&mut stream.0, status));
            }
            // A released array marks the end of the stream.
            if array.release.is_none() {
                break;
            }
            chunks.push(Owned(array));
        }
        let column = StringColumn {
            layout,
            chunks,
            _schema: schema,
            _stream: Some(stream),
        };
        column.check_chunks()?;
        Ok(column)
    }

    /// The number of values (nulls included) of all chunks.
    pub fn len(&self) -> usize {
        self.chunks.iter().map(|chunk| chunk.0.length as usize).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Each value in order, None for a null.
    pub fn values(&self) -> Result<Vec<Option<&str>>, Error> {
        let mut values = Vec::with_capacity(self.len());
        for chunk in &self.chunks {
            read_chunk(&chunk.0, self.layout, &mut values)?;
        }
        Ok(values)
    }

    fn check_chunks(&self) -> Result<(), Error> {
        let buffers = |array: &ArrowArray| match self.layout {
            Layout::Offsets32 | Layout::Offsets64 => array.n_buffers == 3,
            Layout::Views => array.n_buffers >= 3,
        };
        for chunk in &self.chunks {
            let array = &chunk.0;
            if array.length < 0 || array.offset < 0 || !buffers(array) || array.buffers.is_null() {
                return Err(malformed("an array's length, offset or buffers"));
            }
        }
        Ok(())
    }
}

fn empty_schema() -> ArrowSchema {
    ArrowSchema {
        format: std::ptr::null(),
        name: std::ptr::null(),
        metadata: std::ptr::null(),
        flags: 0,
        n_children: 0,
        children: std::ptr::null_mut(),
        dictionary: std::ptr::null_mut(),
        release: None,
        private_data: std::ptr::null_mut(),
    }
}

fn empty_array() -> ArrowArray {
    ArrowArray {
        length: 0,
        null_count: 0,
        offset: 0,
        n_buffers: 0,
        n_children: 0,
        buffers: std::ptr::null_mut(),
        children: std::ptr::null_mut(),
        dictionary: std::ptr::null_mut(),
        release: None,
        private_data: std::ptr::null_mut(),
    }
}

fn malformed(what: &str) -> Error {
    Error::InvalidOption(format!("malformed Arrow data: {what} out of range"))
}

fn stream_error(stream: &mut ArrowArrayStream, status: c_int) -> Error {
    let message = stream
        .get_last_error
        // SAFETY: the stream is valid; the returned string, if any, is valid
        // until the next call on the stream.
        .map(|get_last_error| unsafe { get_last_error(stream) })
        .filter(|message| !message.is_null())
        // SAFETY: a non-null error is a NUL-terminated string.
        .map(|message| unsafe { CStr::from_ptr(message) }.to_string_lossy().into_owned())
        .unwrap_or_else(|| format!("error code {status}"));
    Error::InvalidOption(format!("the Arrow stream failed: {message}"))
}

fn layout_of(schema: &ArrowSchema) -> Result<Layout, Error> {
    if schema.format.is_null() {
        return Err(malformed("a schema's format"));
    }
    // SAFETY: a valid schema's format is a NUL-terminated string.
    let format = unsafe { CStr::from_ptr(schema.format) }.to_bytes();
    match format {
        b"u" => Ok(Layout::Offsets32),
        b"U" => Ok(Layout::Offsets64),
        b"vu" => Ok(Layout::Views),
        other => Err(Error::InvalidOption(format!(
            "an Arrow column of texts must be string, large_string or string_view, not format '{}'",
            String::from_utf8_lossy(other).escape_debug()
        ))),
    }
}

/// Buffer `index` of `array` (which has at least `index + 1`).
fn buffer(array: &ArrowArray, index: usize) -> *const c_void {
    // SAFETY: `check_chunks` made sure `buffers` holds `n_buffers` pointers,
    // and callers ask only for indexes below that.
    unsafe { *array.buffers.add(index) }
}

/// Appends the values of one chunk to `values`.
fn read_chunk<'a>(array: &'a ArrowArray, layout: Layout, values: &mut Vec<Option<&'a str>>) -> Result<(), Error> {
    let (offset, length) = (array.offset as usize, array.length as usize);
    let end = offset.checked_add(length).ok_or_else(|| malformed("an offset"))?;
    let validity = buffer(array, 0).cast::<u8>();
    let is_valid = |index: usize| -> bool {
        if validity.is_null() || array.null_count == 0 {
            return true;
        }
        // SAFETY: a validity bitmap holds a bit for each of offset + length
        // slots.
        let byte = unsafe { *validity.add(index / 8) };
        byte >> (index % 8) & 1 == 1
    };
    let text = |bytes: &'a [u8]| {
        std::str::from_utf8(bytes).map_err(|_| Error::InvalidOption("an Arrow string that is not UTF-8".to_owned()))
    };
    match layout {
        Layout::Offsets32 | Layout::Offsets64 => {
            let data = buffer(array, 2).cast::<u8>();
            let offsets = buffer(array, 1);
            if offsets.is_null() && length > 0 {
                return Err(malformed("an offsets buffer"));
            }
            let offset_at = |index: usize| -> i64 {
                // SAFETY: a non-null offsets buffer (checked above, for a
                // non-empty array) holds offset + length + 1 entries of its
                // width; read unaligned, as a producer may not align them.
                unsafe {
                    match layout {
                        Layout::Offsets32 => i64::from(offsets.cast::<i32>().add(index).read_unaligned()),
                        _ => offsets.cast::<i64>().add(index).read_unaligned(),
                    }
                }
            };
            for index in offset..end {
                if !is_valid(index) {
                    values.push(None);
                    continue;
                }
                let (start, stop) = (offset_at(index), offset_at(index + 1));
                if start < 0 || stop < start || data.is_null() && stop > start {
                    return Err(malformed("a string offset"));
                }
                let bytes = if stop == start {
                    &[][..]
                } else {
                    // SAFETY: the data buffer holds the bytes its offsets
                    // reach (the producer's part of the contract; see the
                    // module comment), and they are immutable while owned.
                    unsafe { std::slice::from_raw_parts(data.add(start as usize), (stop - start) as usize) }
                };
                values.push(Some(text(bytes)?));
            }
        }
        Layout::Views => {
            let data_buffers = array.n_buffers as usize - 3;
            let views = buffer(array, 1).cast::<[u8; 16]>();
            let sizes = buffer(array, array.n_buffers as usize - 1).cast::<i64>();
            if views.is_null() && length > 0 {
                return Err(malformed("a views buffer"));
            }
            for index in offset..end {
                if !is_valid(index) {
                    values.push(None);
                    continue;
                }
                // SAFETY: the views buffer holds offset + length views.
                let view: &'a [u8; 16] = unsafe { &*views.add(index) };
                let field = |at: usize| {
                    let bytes = view.get(at..at + 4).and_then(|bytes| bytes.try_into().ok());
                    bytes.map_or(0, i32::from_le_bytes)
                };
                let len = usize::try_from(field(0)).map_err(|_| malformed("a view's length"))?;
                if len <= 12 {
                    values.push(Some(text(view.get(4..4 + len).unwrap_or_default())?));
                    continue;
                }
                let which = usize::try_from(field(8)).map_err(|_| malformed("a view's buffer"))?;
                let start = usize::try_from(field(12)).map_err(|_| malformed("a view's offset"))?;
                if which >= data_buffers || sizes.is_null() {
                    return Err(malformed("a view's buffer"));
                }
                // SAFETY: the last buffer holds one i64 size per data buffer
                // (read unaligned, as for offsets).
                let size = unsafe { sizes.add(which).read_unaligned() };
                let data = buffer(array, 2 + which).cast::<u8>();
                if data.is_null() || start.checked_add(len).is_none_or(|stop| stop as i64 > size) {
                    return Err(malformed("a view"));
                }
                // SAFETY: checked just above against the buffer's own size.
                let bytes = unsafe { std::slice::from_raw_parts(data.add(start), len) };
                values.push(Some(text(bytes)?));
            }
        }
    }
    Ok(())
}
