//! String columns that other libraries hand over through the Arrow C data
//! interface (<https://arrow.apache.org/docs/format/CDataInterface.html>)
//! and its stream interface: `string` (format "u"), `large_string` ("U")
//! and `string_view` ("vu"), with nulls, slices (a non-zero offset) and any
//! number of chunks.
//!
//! The imported structs are owned here (each taken exactly once: a struct
//! already released, as a capsule handed out twice leaves it, is refused)
//! and released when the column is dropped. Their buffers are read in place,
//! and checked as strictly as Arrow C++'s import and full validation check
//! them: the array's offset and length are bounded before any pointer
//! arithmetic, every offset from the first to the last is read once and
//! must not decrease (nulls included), so every value lies within the data
//! range the offsets declare, views are checked against the sizes of their
//! data buffers, and every value is UTF-8. What the interface does not
//! carry, no consumer can check: that the buffers are as long as the
//! offsets, length and views say. Arrow buffers are immutable by contract;
//! one changed during a call gives wrong tokens at worst (the tokenisers
//! scan copies, `stable.rs`), never a read outside the ranges checked here.

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
    /// Whether the producer or an earlier consumer released it already.
    fn is_released(&self) -> bool;
}

impl Release for ArrowSchema {
    fn is_released(&self) -> bool {
        self.release.is_none()
    }

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
    fn is_released(&self) -> bool {
        self.release.is_none()
    }

    fn release(&mut self) {
        if let Some(release) = self.release {
            // SAFETY: as for ArrowSchema.
            unsafe { release(self) }
        }
    }
}

impl Release for ArrowArrayStream {
    fn is_released(&self) -> bool {
        self.release.is_none()
    }

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
/// marked released there (`release` null), as the interface specifies: the
/// producer's own cleanup of that place then does nothing, and a second
/// import of the same place (a capsule handed out twice) finds it released
/// and is refused.
///
/// # Safety
/// `place` must point to a valid, initialised struct of this kind.
unsafe fn take<T: Release>(place: *mut T, what: &str, clear: impl FnOnce(&mut T)) -> Result<Owned<T>, Error> {
    if place.is_null() {
        return Err(malformed(&format!("a null {what}")));
    }
    // SAFETY: the caller guarantees `place` is valid and initialised; the
    // bitwise copy becomes the one owner because the original is marked
    // released before anything else can see it.
    unsafe {
        if (*place).is_released() {
            return Err(Error::InvalidOption(format!(
                "the Arrow {what} was already released (was its capsule used twice?)"
            )));
        }
        let owned = std::ptr::read(place);
        clear(&mut *place);
        Ok(Owned(owned))
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
        let schema = unsafe { take(schema, "schema", |schema| schema.release = None)? };
        // SAFETY: as for the schema.
        let array = unsafe { take(array, "array", |array| array.release = None)? };
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
        let mut stream = unsafe { take(stream, "stream", |stream| stream.release = None)? };
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
        // Each chunk's length was bounded at import, and their sum too.
        self.chunks.iter().map(|chunk| chunk.0.length as usize).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Each value in order, None for a null. Every offset and view is read
    /// once, here, and checked as it is read (see the module comment).
    pub fn values(&self) -> Result<Vec<Option<&str>>, Error> {
        let mut values = Vec::new();
        values
            .try_reserve_exact(self.len())
            .map_err(|_| Error::OutOfMemory(format!("no memory for the {} values of an Arrow column", self.len())))?;
        for chunk in &self.chunks {
            read_chunk(&chunk.0, self.layout, &mut values)?;
        }
        Ok(values)
    }

    /// What reading a chunk relies on, checked at import: the layout's
    /// buffers present, no children or dictionary, and the offset and
    /// length bounded so that no index into a buffer can overflow.
    fn check_chunks(&self) -> Result<(), Error> {
        let mut total: u64 = 0;
        for chunk in &self.chunks {
            let array = &chunk.0;
            let buffers_ok = match self.layout {
                Layout::Offsets32 | Layout::Offsets64 => array.n_buffers == 3,
                // Validity, views, the data buffers, their sizes.
                Layout::Views => array.n_buffers >= 3,
            };
            if !buffers_ok || array.buffers.is_null() {
                return Err(malformed("an array's buffers"));
            }
            if array.n_children != 0 || !array.dictionary.is_null() {
                return Err(malformed("a string array's children or dictionary"));
            }
            if array.length < 0 || array.offset < 0 || array.null_count < -1 {
                return Err(malformed("an array's length, offset or null count"));
            }
            let end = array
                .offset
                .checked_add(array.length)
                .ok_or_else(|| malformed("an array's length"))?;
            // One past the last slot, times the widest slot (16-byte views),
            // stays an address offset: no index below can overflow.
            if end as u64 >= MAX_SLOTS {
                return Err(malformed("an array's offset and length"));
            }
            total = total.saturating_add(array.length as u64);
        }
        if total >= MAX_SLOTS {
            return Err(malformed("a column's length"));
        }
        Ok(())
    }
}

/// Slots a chunk may span (offset + length): past this, indexes into its
/// 16-byte views could overflow an address.
const MAX_SLOTS: u64 = (isize::MAX as u64) / 32;

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
    if schema.n_children != 0 || !schema.dictionary.is_null() {
        return Err(malformed("a string schema's children or dictionary"));
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
    // SAFETY: `check_chunks` made sure `buffers` is not null and holds
    // `n_buffers` pointers, and callers ask only for indexes below that.
    unsafe { *array.buffers.add(index) }
}

/// Appends the values of one chunk to `values`, checking every offset and
/// view as it is read (each is read once, so what is checked is what is
/// used).
fn read_chunk<'a>(array: &'a ArrowArray, layout: Layout, values: &mut Vec<Option<&'a str>>) -> Result<(), Error> {
    // Bounded by `check_chunks`: `end` and `end + 1` slots fit an address.
    let (offset, length) = (array.offset as usize, array.length as usize);
    let end = offset + length;
    if length == 0 {
        return Ok(());
    }
    let validity = buffer(array, 0).cast::<u8>();
    let bitmap_used = !validity.is_null() && array.null_count != 0;
    if bitmap_used && !is_mapped(validity, offset / 8, (end - 1) / 8 - offset / 8 + 1) {
        return Err(malformed("a validity bitmap"));
    }
    let is_valid = |index: usize| -> bool {
        if !bitmap_used {
            return true;
        }
        // SAFETY: a validity bitmap holds a bit for each of the offset +
        // length slots (the producer's part of the contract: its size is
        // not in the interface), and `index` is one of them.
        let byte = unsafe { validity.add(index / 8).read() };
        byte >> (index % 8) & 1 == 1
    };
    let text = |bytes: &'a [u8]| {
        std::str::from_utf8(bytes).map_err(|_| Error::InvalidOption("an Arrow string that is not UTF-8".to_owned()))
    };
    match layout {
        Layout::Offsets32 | Layout::Offsets64 => {
            let offsets = buffer(array, 1);
            let width = if layout == Layout::Offsets32 { 4 } else { 8 };
            if offsets.is_null() || !is_mapped(offsets.cast::<u8>(), offset * width, (length + 1) * width) {
                return Err(malformed("an offsets buffer"));
            }
            let offset_at = |index: usize| -> i64 {
                // SAFETY: the offsets buffer holds offset + length + 1
                // entries of its width (the producer's part of the
                // contract), `index` is at most offset + length, and the
                // product fits an address (`check_chunks`); read unaligned,
                // as a producer may not align them.
                unsafe {
                    match layout {
                        Layout::Offsets32 => i64::from(offsets.cast::<i32>().add(index).read_unaligned()),
                        _ => offsets.cast::<i64>().add(index).read_unaligned(),
                    }
                }
            };
            // The data range the offsets declare: every value must lie in
            // it, nulls' offsets included, so each is read once and must
            // not go back or past the last.
            let (first, last) = (offset_at(offset), offset_at(end));
            if first < 0 || last < first {
                return Err(malformed("a string offset"));
            }
            let data = buffer(array, 2).cast::<u8>();
            let declared = (last - first) as usize;
            if declared > 0 && (data.is_null() || !is_mapped(data, first as usize, declared)) {
                return Err(malformed("a data buffer"));
            }
            let mut start = first;
            for index in offset..end {
                let stop = if index + 1 == end { last } else { offset_at(index + 1) };
                if stop < start || stop > last {
                    return Err(malformed("a string offset"));
                }
                if !is_valid(index) {
                    values.push(None);
                } else if stop == start {
                    values.push(Some(""));
                } else {
                    // SAFETY: first <= start < stop <= last, the range the
                    // offsets declare of a data buffer that holds it (the
                    // producer's part of the contract); immutable while
                    // owned (read only through copies by the tokenisers).
                    let bytes =
                        unsafe { std::slice::from_raw_parts(data.add(start as usize), (stop - start) as usize) };
                    values.push(Some(text(bytes)?));
                }
                start = stop;
            }
        }
        Layout::Views => {
            let data_buffers = array.n_buffers as usize - 3;
            let views = buffer(array, 1).cast::<[u8; 16]>();
            let sizes = buffer(array, array.n_buffers as usize - 1).cast::<i64>();
            if views.is_null() || !is_mapped(views.cast::<u8>(), offset * 16, length * 16) {
                return Err(malformed("a views buffer"));
            }
            if data_buffers > 0 && (sizes.is_null() || !is_mapped(sizes.cast::<u8>(), 0, data_buffers * 8)) {
                return Err(malformed("a buffer of data buffer sizes"));
            }
            // Each data buffer whole, once: each long view is then checked
            // against its buffer's size alone.
            for which in 0..data_buffers {
                // SAFETY: `sizes` holds one i64 per data buffer (checked
                // mapped just above); read unaligned, as for offsets.
                let size = unsafe { sizes.add(which).read_unaligned() };
                let data = buffer(array, 2 + which).cast::<u8>();
                let size = usize::try_from(size).map_err(|_| malformed("a data buffer's size"))?;
                if size > 0 && (data.is_null() || !is_mapped(data, 0, size)) {
                    return Err(malformed("a data buffer"));
                }
            }
            for index in offset..end {
                if !is_valid(index) {
                    values.push(None);
                    continue;
                }
                // SAFETY: the views buffer holds offset + length views, and
                // the index fits an address (`check_chunks`). Copied out,
                // so that what is checked is what is used.
                let view: [u8; 16] = unsafe { views.add(index).read_unaligned() };
                let field = |at: usize| {
                    let bytes = view.get(at..at + 4).and_then(|bytes| bytes.try_into().ok());
                    bytes.map_or(0, i32::from_le_bytes)
                };
                let len = usize::try_from(field(0)).map_err(|_| malformed("a view's length"))?;
                if len <= 12 {
                    values.push(Some(inline_text(array, index, len)?));
                    continue;
                }
                let which = usize::try_from(field(8)).map_err(|_| malformed("a view's buffer"))?;
                let start = usize::try_from(field(12)).map_err(|_| malformed("a view's offset"))?;
                if which >= data_buffers {
                    return Err(malformed("a view's buffer"));
                }
                // SAFETY: the last buffer holds one i64 size per data buffer
                // (checked mapped above), and `which` is one.
                let size = unsafe { sizes.add(which).read_unaligned() };
                let data = buffer(array, 2 + which).cast::<u8>();
                let stop = start.checked_add(len).ok_or_else(|| malformed("a view"))?;
                if data.is_null() || size < 0 || stop as u64 > size as u64 {
                    return Err(malformed("a view"));
                }
                // SAFETY: start + len is within the size the producer gives
                // for this data buffer.
                let bytes = unsafe { std::slice::from_raw_parts(data.add(start), len) };
                if bytes.get(..4) != view.get(4..8) {
                    return Err(malformed("a view's prefix"));
                }
                values.push(Some(text(bytes)?));
            }
        }
    }
    Ok(())
}

/// Whether the `len` bytes at `start + from` are all in pages mapped into
/// this process (one `mincore` call): pointers, offsets and lengths that a
/// producer got wrong, reaching unmapped memory, are refused rather than
/// crash the reader. Memory that is mapped but not the producer's cannot be
/// told apart: the interface carries no buffer sizes. The address is
/// computed with checked arithmetic: one past the address space is refused.
fn is_mapped(start: *const u8, from: usize, len: usize) -> bool {
    if len == 0 {
        return true;
    }
    let Some(first) = (start as usize).checked_add(from) else {
        return false;
    };
    let Some(end) = first.checked_add(len) else {
        return false;
    };
    is_mapped_range(first, end)
}

#[cfg(target_os = "linux")]
fn is_mapped_range(first: usize, end: usize) -> bool {
    // SAFETY: sysconf reads a system value; no memory of ours is involved.
    let page = usize::try_from(unsafe { libc::sysconf(libc::_SC_PAGESIZE) })
        .unwrap_or(4096)
        .max(1);
    let aligned = first - first % page;
    let pages = (end - aligned).div_ceil(page);
    let mut residency: Vec<u8> = Vec::new();
    if residency.try_reserve_exact(pages).is_err() {
        return false;
    }
    residency.resize(pages, 0);
    // SAFETY: mincore only examines the range's mappings (it touches none of
    // that memory) and writes one byte per page into `residency`, which
    // holds that many; the address is page-aligned as it requires.
    let status = unsafe { libc::mincore(aligned as *mut c_void, pages * page, residency.as_mut_ptr()) };
    status == 0
}

#[cfg(not(target_os = "linux"))]
fn is_mapped_range(_: usize, _: usize) -> bool {
    true
}

/// An inline view's value (at most 12 bytes, `len` read from the view's
/// copy), which lives in the views buffer itself.
fn inline_text(array: &ArrowArray, index: usize, len: usize) -> Result<&str, Error> {
    let views = buffer(array, 1).cast::<[u8; 16]>();
    // SAFETY: as for the view in `read_chunk`: the views buffer holds this
    // slot's 16 bytes, of which 4..4 + len (len <= 12) are the value.
    let bytes = unsafe { std::slice::from_raw_parts(views.add(index).cast::<u8>().add(4), len.min(12)) };
    std::str::from_utf8(bytes).map_err(|_| Error::InvalidOption("an Arrow string that is not UTF-8".to_owned()))
}
