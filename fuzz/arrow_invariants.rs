//! Arrow import on arbitrary structs: checked by the `arrow_import` fuzz
//! target and by `cargo test` (fuzz/replay.rs) on the inputs it kept.
//!
//! The input draws a string column's every field: its format (string,
//! large_string, string_view, or not a string at all), length, offset, null
//! count, buffer count, children, whether it is released, the validity
//! bitmap, the offsets (any values: out of order, negative, past the data),
//! the views and the data. The buffers are as long as the interface says
//! they must be (a producer that lies about sizes the interface does not
//! carry cannot be caught by anyone), so that a read outside them is a bug
//! of the import, which valgrind and the sanitizers catch. The import must
//! then give exactly what an independent reading of the same buffers gives,
//! or refuse the column when that reading finds it malformed.

use std::ffi::{c_void, CString};

use wordsift::{ArrowArray, ArrowSchema, StringColumn};

/// Bytes drawn from the input, zeros once it runs out.
struct Draw<'a>(&'a [u8]);

impl Draw<'_> {
    fn byte(&mut self) -> u8 {
        let (first, rest) = self
            .0
            .split_first()
            .map_or((0, &[][..]), |(first, rest)| (*first, rest));
        self.0 = rest;
        first
    }

    fn bytes(&mut self, count: usize) -> Vec<u8> {
        (0..count).map(|_| self.byte()).collect()
    }

    /// A small number, or now and then a value at the edge of its range.
    fn number(&mut self, small: i64) -> i64 {
        match self.byte() % 16 {
            0 => -1,
            1 => i64::from(i32::MAX),
            2 => i64::from(i32::MIN),
            _ => i64::from(self.byte()) % small.max(1),
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Offsets32,
    Offsets64,
    Views,
    NotAString,
}

extern "C" fn release_schema(schema: *mut ArrowSchema) {
    // SAFETY: called by the import on the schema it owns, once.
    unsafe { (*schema).release = None };
}

extern "C" fn release_array(array: *mut ArrowArray) {
    // SAFETY: as for the schema.
    unsafe { (*array).release = None };
}

/// Builds a column from `data`, imports it, and checks the outcome.
pub fn check(data: &[u8]) {
    let mut draw = Draw(data);
    let format = match draw.byte() % 8 {
        0..=2 => Format::Offsets32,
        3 | 4 => Format::Offsets64,
        5 | 6 => Format::Views,
        _ => Format::NotAString,
    };
    let length = (draw.byte() % 24) as usize;
    let offset = (draw.byte() % 8) as usize;
    let slots = offset + length;
    let flags = draw.byte();
    let with_validity = flags & 1 != 0;
    let null_count = if flags & 2 != 0 { 0 } else { -1 };
    let validity = draw.bytes(slots.div_ceil(8).max(1));
    let mut buffers: Vec<Vec<u8>> = Vec::new();
    let mut pointers: Vec<*const c_void> = vec![if with_validity {
        validity.as_ptr().cast()
    } else {
        std::ptr::null()
    }];
    match format {
        Format::Offsets32 | Format::Offsets64 => {
            let wide = format == Format::Offsets64;
            let offsets: Vec<i64> = (0..=slots).map(|_| draw.number(64)).collect();
            let last = offsets.last().copied().unwrap_or(0);
            // The data buffer is as long as the last offset says; one that
            // would have to be huge is not built (that contract no reader
            // can check).
            if !(0..=4096).contains(&last) {
                return;
            }
            let encoded: Vec<u8> = offsets
                .iter()
                .flat_map(|&value| {
                    if wide {
                        value.to_le_bytes().to_vec()
                    } else {
                        (value as i32).to_le_bytes().to_vec()
                    }
                })
                .collect();
            buffers.push(encoded);
            buffers.push(draw_text(&mut draw, last as usize));
        }
        Format::Views | Format::NotAString => {
            let views: Vec<u8> = (0..slots).flat_map(|_| draw_view(&mut draw)).collect();
            buffers.push(views);
            for _ in 0..draw.byte() % 3 {
                let size = (draw.byte() % 64) as usize;
                buffers.push(draw_text(&mut draw, size));
            }
        }
    }
    let sizes: Vec<u8> = buffers
        .iter()
        .skip(1)
        .flat_map(|buffer| (buffer.len() as i64).to_le_bytes())
        .collect();
    for buffer in &buffers {
        pointers.push(if buffer.is_empty() && draw.byte() % 2 == 0 {
            std::ptr::null()
        } else {
            buffer.as_ptr().cast()
        });
    }
    if matches!(format, Format::Views | Format::NotAString) {
        pointers.push(sizes.as_ptr().cast());
    }
    // A string_view column may have any number of buffers, which the
    // producer must tell truly; a string column has three, and a wrong count
    // there can be refused.
    let buffers_given = pointers.len() as i64;
    let n_buffers = match (format, draw.byte() % 16) {
        (Format::Offsets32 | Format::Offsets64, 0) => buffers_given - 1,
        (Format::Offsets32 | Format::Offsets64, 1) => buffers_given + 1,
        _ => buffers_given,
    };
    if n_buffers > buffers_given {
        pointers.push(std::ptr::null());
    }
    let format_name = match format {
        Format::Offsets32 => "u",
        Format::Offsets64 => "U",
        Format::Views => "vu",
        Format::NotAString => ["i", "", "uu", "z"][usize::from(draw.byte() % 4)],
    };
    let format_text = CString::new(format_name).unwrap_or_default();
    let extra = draw.byte();
    let mut schema = ArrowSchema {
        format: format_text.as_ptr(),
        name: std::ptr::null(),
        metadata: std::ptr::null(),
        flags: 2,
        n_children: i64::from(extra % 32 == 0),
        children: std::ptr::null_mut(),
        dictionary: std::ptr::null_mut(),
        release: Some(release_schema),
        private_data: std::ptr::null_mut(),
    };
    let mut array = ArrowArray {
        length: length as i64,
        null_count,
        offset: offset as i64,
        n_buffers,
        n_children: i64::from(extra % 32 == 1),
        buffers: pointers.as_mut_ptr(),
        children: std::ptr::null_mut(),
        dictionary: std::ptr::null_mut(),
        release: if extra % 32 == 2 { None } else { Some(release_array) },
        private_data: std::ptr::null_mut(),
    };
    let expected = (extra % 32 > 2 && n_buffers == buffers_given)
        .then(|| {
            read_independently(
                format,
                &pointers,
                &validity,
                with_validity && null_count != 0,
                offset,
                length,
            )
        })
        .flatten();
    // SAFETY: both structs are valid and initialised, their buffers live
    // until the end of this function, and they are as long as the fields
    // say (the contract of the interface).
    let imported = unsafe { StringColumn::from_array(&mut schema, &mut array) };
    let got = imported.and_then(|column| {
        column.values().map(|values| {
            values
                .into_iter()
                .map(|value| value.map(|text| text.as_bytes().to_vec()))
                .collect::<Vec<_>>()
        })
    });
    match (got, expected) {
        (Ok(values), Some(expected)) => assert!(values == expected, "the import read other bytes than the column's"),
        (Err(_), None) => {}
        (Ok(_), None) => panic!("a malformed column was imported"),
        (Err(error), Some(_)) => panic!("a well-formed column was refused: {error}"),
    }
    assert!(
        schema.release.is_none() && array.release.is_none() || extra % 32 == 2,
        "released once"
    );
}

/// Text bytes: mostly letters and spaces, now and then bytes that are not
/// UTF-8.
fn draw_text(draw: &mut Draw<'_>, count: usize) -> Vec<u8> {
    (0..count)
        .map(|_| match draw.byte() {
            byte @ 0..=200 => b"abc de\xc3\xa9"[usize::from(byte) % 8],
            other => other,
        })
        .collect()
}

/// A 16-byte view: a length (inline or not, sometimes negative), then
/// inline bytes or a prefix, a buffer index and an offset.
fn draw_view(draw: &mut Draw<'_>) -> [u8; 16] {
    let mut view = [0u8; 16];
    let length: i32 = match draw.byte() % 8 {
        0 => -3,
        kind => i32::from(draw.byte() % if kind < 4 { 13 } else { 40 }),
    };
    view[..4].copy_from_slice(&length.to_le_bytes());
    let rest = draw_text(draw, 4);
    view[4..8].copy_from_slice(&rest);
    if length <= 12 {
        let inline = draw_text(draw, 8);
        view[8..].copy_from_slice(&inline);
    } else {
        view[8..12].copy_from_slice(&i32::from(draw.byte() % 4).to_le_bytes());
        view[12..].copy_from_slice(&i32::from(draw.byte() % 64).to_le_bytes());
    }
    view
}

/// The column's values read the plain way, from the structs' own buffers,
/// or None where the column is malformed (or a value not UTF-8).
fn read_independently(
    format: Format,
    pointers: &[*const c_void],
    validity: &[u8],
    bitmap_used: bool,
    offset: usize,
    length: usize,
) -> Option<Vec<Option<Vec<u8>>>> {
    let is_valid = |slot: usize| !bitmap_used || validity.get(slot / 8).is_some_and(|byte| byte >> (slot % 8) & 1 == 1);
    let buffer = |index: usize, len: usize| -> Option<&[u8]> {
        let pointer = *pointers.get(index)?;
        if len == 0 {
            return Some(&[]);
        }
        // SAFETY: the pointer is one of this input's buffers (or null,
        // refused), which holds at least `len` bytes by construction.
        (!pointer.is_null()).then(|| unsafe { std::slice::from_raw_parts(pointer.cast::<u8>(), len) })
    };
    let mut values = Vec::new();
    match format {
        Format::NotAString => return None,
        Format::Offsets32 | Format::Offsets64 => {
            if length == 0 {
                return Some(values);
            }
            let width = if format == Format::Offsets32 { 4 } else { 8 };
            let raw = buffer(1, (offset + length + 1) * width)?;
            let offsets: Vec<i64> = raw
                .chunks_exact(width)
                .map(|bytes| match bytes.try_into() {
                    Ok(four) if width == 4 => i64::from(i32::from_le_bytes(four)),
                    _ => bytes.try_into().map_or(0, i64::from_le_bytes),
                })
                .collect();
            let window = offsets.get(offset..=offset + length)?;
            let (first, last) = (*window.first()?, *window.last()?);
            if first < 0 || window.windows(2).any(|pair| pair[1] < pair[0] || pair[1] > last) {
                return None;
            }
            let data = buffer(2, last as usize)?;
            for (slot, pair) in (offset..).zip(window.windows(2)) {
                if !is_valid(slot) {
                    values.push(None);
                    continue;
                }
                let bytes = data.get(pair[0] as usize..pair[1] as usize)?;
                std::str::from_utf8(bytes).ok()?;
                values.push(Some(bytes.to_vec()));
            }
        }
        Format::Views => {
            if length == 0 {
                return Some(values);
            }
            let views = buffer(1, (offset + length) * 16)?;
            let data_buffers = pointers.len() - 3;
            let sizes_raw = buffer(pointers.len() - 1, data_buffers * 8)?;
            let sizes: Vec<usize> = sizes_raw
                .chunks_exact(8)
                .map(|bytes| bytes.try_into().map_or(0, |eight| i64::from_le_bytes(eight) as usize))
                .collect();
            for slot in offset..offset + length {
                if !is_valid(slot) {
                    values.push(None);
                    continue;
                }
                let view = views.get(slot * 16..slot * 16 + 16)?;
                let field = |at: usize| i32::from_le_bytes(view[at..at + 4].try_into().unwrap_or_default());
                let len = usize::try_from(field(0)).ok()?;
                let bytes = if len <= 12 {
                    view.get(4..4 + len)?
                } else {
                    let which = usize::try_from(field(8)).ok()?;
                    let start = usize::try_from(field(12)).ok()?;
                    let size = *sizes.get(which)?;
                    if start + len > size {
                        return None;
                    }
                    let data = buffer(2 + which, size)?;
                    let bytes = data.get(start..start + len)?;
                    if bytes.get(..4) != view.get(4..8) {
                        return None;
                    }
                    bytes
                };
                std::str::from_utf8(bytes).ok()?;
                values.push(Some(bytes.to_vec()));
            }
        }
    }
    Some(values)
}
