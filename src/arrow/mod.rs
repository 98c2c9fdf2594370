//! The structs of the Arrow C data interface, and the export of token
//! columns (`output/columns.rs`) through it; `import` reads string columns
//! through the same interface.
//!
//! The export hands pointers into the columns' buffers to any Arrow
//! consumer (pyarrow, polars, DuckDB, ...) without copying, following
//! <https://arrow.apache.org/docs/format/CDataInterface.html>; the buffers
//! live until the consumer calls the release callback.

use std::ffi::{c_char, c_void, CStr};
use std::ptr;
use std::sync::Arc;

use crate::output::columns::{offset, TokenColumns};

pub mod import;

/// `struct ArrowSchema` of the Arrow C data interface.
#[repr(C)]
#[derive(Debug)]
pub struct ArrowSchema {
    pub format: *const c_char,
    pub name: *const c_char,
    pub metadata: *const c_char,
    pub flags: i64,
    pub n_children: i64,
    pub children: *mut *mut ArrowSchema,
    pub dictionary: *mut ArrowSchema,
    pub release: Option<unsafe extern "C" fn(*mut ArrowSchema)>,
    pub private_data: *mut c_void,
}

/// `struct ArrowArray` of the Arrow C data interface.
#[repr(C)]
#[derive(Debug)]
pub struct ArrowArray {
    pub length: i64,
    pub null_count: i64,
    pub offset: i64,
    pub n_buffers: i64,
    pub n_children: i64,
    pub buffers: *mut *const c_void,
    pub children: *mut *mut ArrowArray,
    pub dictionary: *mut ArrowArray,
    pub release: Option<unsafe extern "C" fn(*mut ArrowArray)>,
    pub private_data: *mut c_void,
}

const FLAG_NULLABLE: i64 = 2;

/// An exported schema that releases itself when dropped unless a consumer
/// has moved it out (which sets `release` to null).
#[repr(transparent)]
#[derive(Debug)]
pub struct ExportedSchema(pub ArrowSchema);

/// An exported array; see `ExportedSchema`.
#[repr(transparent)]
#[derive(Debug)]
pub struct ExportedArray(pub ArrowArray);

// SAFETY: an exported struct exclusively owns what its pointers reach (boxed
// private data, static strings, and buffers kept alive by an Arc of
// immutable columns), so moving it to another thread, and releasing it
// there, is sound.
unsafe impl Send for ExportedSchema {}
// SAFETY: as for ExportedSchema.
unsafe impl Send for ExportedArray {}

impl Drop for ExportedSchema {
    fn drop(&mut self) {
        if let Some(release) = self.0.release {
            // SAFETY: `release` is the callback this module installed for
            // this very struct, which is still unreleased.
            unsafe { release(&mut self.0) }
        }
    }
}

impl Drop for ExportedArray {
    fn drop(&mut self) {
        if let Some(release) = self.0.release {
            // SAFETY: as in ExportedSchema::drop.
            unsafe { release(&mut self.0) }
        }
    }
}

/// One array of an export, described before it is made: its format and
/// name, its length and nulls, its buffers (pointers into the columns) and
/// its children. The schema is made from the same description.
struct Node {
    format: &'static CStr,
    name: &'static CStr,
    length: usize,
    null_count: usize,
    buffers: Vec<*const c_void>,
    children: Vec<Node>,
}

/// The arrays that hold `columns`: a `large_list<large_string>` of the
/// tokens, or with spans a struct of it (`tokens`) and two
/// `large_list<int64>` (`start` and `end`), the three sharing the document
/// offsets and the nulls (a null text's three lists are null).
fn layout(columns: &TokenColumns) -> Node {
    let (validity, null_count) = match &columns.nulls {
        Some((bitmap, count)) => (bitmap.as_ptr().cast(), *count),
        None => (ptr::null(), 0),
    };
    let docs = columns.doc_count();
    let tokens = columns.token_count();
    let list_of = |name, values| Node {
        format: c"+L",
        name,
        length: docs,
        null_count,
        buffers: vec![validity, columns.doc_offsets.as_ptr().cast()],
        children: vec![values],
    };
    let strings = Node {
        format: c"U",
        name: c"item",
        length: tokens,
        null_count: 0,
        buffers: vec![
            ptr::null(),
            columns.token_offsets.as_ptr().cast(),
            columns.values.as_ptr().cast(),
        ],
        children: Vec::new(),
    };
    let Some(spans) = &columns.spans else {
        return list_of(c"", strings);
    };
    let integers = |values: &Vec<i64>| Node {
        format: c"l",
        name: c"item",
        length: tokens,
        null_count: 0,
        buffers: vec![ptr::null(), values.as_ptr().cast()],
        children: Vec::new(),
    };
    // The nulls are the lists': a struct with nulls of its own cannot be
    // imported as a record batch.
    Node {
        format: c"+s",
        name: c"",
        length: docs,
        null_count: 0,
        buffers: vec![ptr::null()],
        children: vec![
            list_of(c"tokens", strings),
            list_of(c"start", integers(&spans.starts)),
            list_of(c"end", integers(&spans.ends)),
        ],
    }
}

/// The schema of the array `export_token_columns` makes of `columns`.
pub fn token_columns_schema(columns: &TokenColumns) -> ExportedSchema {
    ExportedSchema(export_schema(&layout(columns)))
}

/// What an exported schema owns (its children), freed by its release
/// callback.
struct SchemaPrivate {
    children: Vec<*mut ArrowSchema>,
}

fn export_schema(node: &Node) -> ArrowSchema {
    let children = node
        .children
        .iter()
        .map(|child| Box::into_raw(Box::new(export_schema(child))))
        .collect();
    let mut private = Box::new(SchemaPrivate { children });
    ArrowSchema {
        format: node.format.as_ptr(),
        name: node.name.as_ptr(),
        metadata: ptr::null(),
        flags: FLAG_NULLABLE,
        n_children: offset(private.children.len()),
        children: private.children.as_mut_ptr(),
        dictionary: ptr::null_mut(),
        release: Some(release_schema),
        private_data: Box::into_raw(private).cast(),
    }
}

/// # Safety
/// `schema` must point to an unreleased schema made by `export_schema`.
unsafe extern "C" fn release_schema(schema: *mut ArrowSchema) {
    // SAFETY: the caller passes a valid, unreleased schema, whose private
    // data is the SchemaPrivate boxed by `export_schema`, and whose children
    // were boxed there too; all are reclaimed exactly once, here. A child a
    // consumer moved out has a null release, and only its struct is freed.
    unsafe {
        let schema = &mut *schema;
        let private = Box::from_raw(schema.private_data.cast::<SchemaPrivate>());
        for &child in &private.children {
            if let Some(release) = (*child).release {
                release(child);
            }
            drop(Box::from_raw(child));
        }
        schema.release = None;
    }
}

/// What an exported array's buffers point into, and the arrays that point
/// at it; freed by the release callback.
struct ArrayPrivate {
    _columns: Arc<TokenColumns>,
    buffers: Vec<*const c_void>,
    children: Vec<*mut ArrowArray>,
}

/// Exports `columns` (see `layout`) without copying.
pub fn export_token_columns(columns: Arc<TokenColumns>) -> ExportedArray {
    ExportedArray(export_array(layout(&columns), &columns))
}

fn export_array(node: Node, columns: &Arc<TokenColumns>) -> ArrowArray {
    let children = node
        .children
        .into_iter()
        .map(|child| Box::into_raw(Box::new(export_array(child, columns))))
        .collect();
    // The vectors' heap buffers stay where they are when the box moves.
    let mut private = Box::new(ArrayPrivate {
        _columns: Arc::clone(columns),
        buffers: node.buffers,
        children,
    });
    ArrowArray {
        length: offset(node.length),
        null_count: offset(node.null_count),
        offset: 0,
        n_buffers: offset(private.buffers.len()),
        n_children: offset(private.children.len()),
        buffers: private.buffers.as_mut_ptr(),
        children: private.children.as_mut_ptr(),
        dictionary: ptr::null_mut(),
        release: Some(release_array),
        private_data: Box::into_raw(private).cast(),
    }
}

/// # Safety
/// `array` must point to an unreleased array made by `export_array`.
unsafe extern "C" fn release_array(array: *mut ArrowArray) {
    // SAFETY: the caller passes a valid, unreleased array whose private data
    // is the ArrayPrivate boxed by `export_array`; its children were boxed
    // there too. A consumer that moved a child out set the child's release
    // to null, so it is released only if still ours; the child's struct
    // itself is always ours to free.
    unsafe {
        let array = &mut *array;
        let private = Box::from_raw(array.private_data.cast::<ArrayPrivate>());
        for &child in &private.children {
            if let Some(release) = (*child).release {
                release(child);
            }
            drop(Box::from_raw(child));
        }
        array.release = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::columns::tests::columns;

    #[test]
    fn export_points_into_the_columns_and_releases() {
        let columns = Arc::new(columns());
        let exported = export_token_columns(Arc::clone(&columns));
        assert_eq!(Arc::strong_count(&columns), 3);
        let array = &exported.0;
        assert_eq!((array.length, array.n_buffers, array.n_children), (3, 2, 1));
        // SAFETY: reading what the export just built.
        let (offsets, child) = unsafe { (*array.buffers.add(1), &**array.children) };
        assert_eq!(offsets, columns.doc_offsets.as_ptr().cast());
        assert_eq!((child.length, child.n_buffers), (3, 3));
        drop(exported);
        assert_eq!(Arc::strong_count(&columns), 1);
        let schema = token_columns_schema(&columns);
        // SAFETY: reading what the export just built.
        let format = unsafe { CStr::from_ptr(schema.0.format) };
        assert_eq!(format, c"+L");
    }

    #[test]
    fn spans_export_as_a_struct_of_three_lists() {
        let mut columns = crate::TokenColumns::with_spans(crate::OffsetUnit::Bytes);
        columns.push_token_with_span("ab", 0, 2);
        columns.push_token_with_span("c", 3, 4);
        columns.end_doc();
        columns.end_doc();
        let columns = Arc::new(columns);
        let exported = export_token_columns(Arc::clone(&columns));
        // The struct, its three lists and their three value arrays.
        assert_eq!(Arc::strong_count(&columns), 8);
        let array = &exported.0;
        assert_eq!((array.length, array.n_buffers, array.n_children), (2, 1, 3));
        // SAFETY: reading what the export just built: three children, each
        // a list with one child.
        let (start_list, start_values) = unsafe {
            let list = &**array.children.add(1);
            (list, &**list.children)
        };
        assert_eq!((start_list.length, start_values.length), (2, 2));
        // SAFETY: as above; buffer 1 of an int64 array is its values.
        let starts = unsafe { std::slice::from_raw_parts((*start_values.buffers.add(1)).cast::<i64>(), 2) };
        assert_eq!(starts, [0, 3]);
        let schema = token_columns_schema(&columns);
        // SAFETY: reading what the export just built.
        let names: Vec<&CStr> = (0..3)
            .map(|child| unsafe { CStr::from_ptr((**schema.0.children.add(child)).name) })
            .collect();
        assert_eq!(names, [c"tokens", c"start", c"end"]);
        drop(exported);
        assert_eq!(Arc::strong_count(&columns), 1);
    }
}
