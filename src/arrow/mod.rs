//! The structs of the Arrow C data interface, and the export of token
//! columns (`output/columns.rs`) through it; `import` reads string columns
//! through the same interface.
//!
//! The export hands pointers into the columns' buffers to any Arrow
//! consumer (pyarrow, polars, DuckDB, ...) without copying, following
//! <https://arrow.apache.org/docs/format/CDataInterface.html>; the buffers
//! live until the consumer calls the release callback.

use std::ffi::{c_char, c_void};
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

/// The schema of a `large_list<large_string>` column.
pub fn token_columns_schema() -> ExportedSchema {
    let item = Box::new(ArrowSchema {
        format: c"U".as_ptr(),
        name: c"item".as_ptr(),
        metadata: ptr::null(),
        flags: FLAG_NULLABLE,
        n_children: 0,
        children: ptr::null_mut(),
        dictionary: ptr::null_mut(),
        release: Some(release_item_schema),
        private_data: ptr::null_mut(),
    });
    let mut children = Box::new([Box::into_raw(item)]);
    let children_ptr = children.as_mut_ptr();
    ExportedSchema(ArrowSchema {
        format: c"+L".as_ptr(),
        name: c"".as_ptr(),
        metadata: ptr::null(),
        flags: FLAG_NULLABLE,
        n_children: 1,
        children: children_ptr,
        dictionary: ptr::null_mut(),
        release: Some(release_list_schema),
        private_data: Box::into_raw(children).cast(),
    })
}

/// # Safety
/// `schema` must point to an unreleased item schema made by `token_columns_schema`.
unsafe extern "C" fn release_item_schema(schema: *mut ArrowSchema) {
    // SAFETY: the caller passes a valid schema; an item schema owns nothing.
    unsafe { (*schema).release = None };
}

/// # Safety
/// `schema` must point to an unreleased list schema made by `token_columns_schema`.
unsafe extern "C" fn release_list_schema(schema: *mut ArrowSchema) {
    // SAFETY: the caller passes a valid, unreleased list schema, whose
    // private data is the boxed children array and whose child was boxed by
    // `token_columns_schema`; both are reclaimed exactly once, here.
    unsafe {
        let schema = &mut *schema;
        let children = Box::from_raw(schema.private_data.cast::<[*mut ArrowSchema; 1]>());
        for &child in children.iter() {
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
struct ListPrivate {
    _columns: Arc<TokenColumns>,
    buffers: [*const c_void; 2],
    children: [*mut ArrowArray; 1],
}

struct StringsPrivate {
    _columns: Arc<TokenColumns>,
    buffers: [*const c_void; 3],
}

/// Exports `columns` as a `large_list<large_string>` array, without copying.
pub fn export_token_columns(columns: Arc<TokenColumns>) -> ExportedArray {
    let mut strings = Box::new(StringsPrivate {
        buffers: [
            ptr::null(),
            columns.token_offsets.as_ptr().cast(),
            columns.values.as_ptr().cast(),
        ],
        _columns: Arc::clone(&columns),
    });
    let strings_buffers = strings.buffers.as_mut_ptr();
    let item = Box::new(ArrowArray {
        length: offset(columns.token_count()),
        null_count: 0,
        offset: 0,
        n_buffers: 3,
        n_children: 0,
        buffers: strings_buffers,
        children: ptr::null_mut(),
        dictionary: ptr::null_mut(),
        release: Some(release_strings),
        private_data: Box::into_raw(strings).cast(),
    });
    let (validity, null_count) = match &columns.nulls {
        Some((bitmap, count)) => (bitmap.as_ptr().cast(), *count),
        None => (ptr::null(), 0),
    };
    let mut list = Box::new(ListPrivate {
        buffers: [validity, columns.doc_offsets.as_ptr().cast()],
        children: [Box::into_raw(item)],
        _columns: Arc::clone(&columns),
    });
    ExportedArray(ArrowArray {
        length: offset(columns.doc_count()),
        null_count: offset(null_count),
        offset: 0,
        n_buffers: 2,
        n_children: 1,
        buffers: list.buffers.as_mut_ptr(),
        children: list.children.as_mut_ptr(),
        dictionary: ptr::null_mut(),
        release: Some(release_list),
        private_data: Box::into_raw(list).cast(),
    })
}

/// # Safety
/// `array` must point to an unreleased string array made by `export_token_columns`.
unsafe extern "C" fn release_strings(array: *mut ArrowArray) {
    // SAFETY: the caller passes a valid, unreleased array whose private data
    // is the StringsPrivate boxed by `export_token_columns`, reclaimed once.
    unsafe {
        let array = &mut *array;
        drop(Box::from_raw(array.private_data.cast::<StringsPrivate>()));
        array.release = None;
    }
}

/// # Safety
/// `array` must point to an unreleased list array made by `export_token_columns`.
unsafe extern "C" fn release_list(array: *mut ArrowArray) {
    // SAFETY: the caller passes a valid, unreleased list array whose private
    // data is the ListPrivate boxed by `export_token_columns`; its child was
    // boxed there too. A consumer that moved the child out set the child's
    // release to null, so it is released only if still ours; the child's
    // struct itself is always ours to free.
    unsafe {
        let array = &mut *array;
        let list = Box::from_raw(array.private_data.cast::<ListPrivate>());
        for &child in &list.children {
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
    use std::ffi::CStr;

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
        let schema = token_columns_schema();
        // SAFETY: reading what the export just built.
        let format = unsafe { CStr::from_ptr(schema.0.format) };
        assert_eq!(format, c"+L");
    }
}
