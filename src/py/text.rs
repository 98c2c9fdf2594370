//! Python texts to UTF-8: strs (lone surrogates per the `errors` option)
//! and Arrow string columns through the PyCapsule interface.

use std::borrow::Cow;
use std::ffi::{c_void, CStr};

use pyo3::exceptions::{PyImportError, PyTypeError, PyUnicodeEncodeError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyCapsule, PyList, PyString, PyTuple};

use super::errors::type_name;
use crate::arrow::import::StringColumn;

/// The UTF-8 of `text`, borrowed; or, if it holds surrogates, that of its
/// `repaired` copy. For a single text: no second look at a str that is fine.
pub(super) fn text_str<'a>(
    text: &'a Bound<'_, PyString>,
    policy: SurrogatePolicy,
    label: Option<&str>,
) -> PyResult<Cow<'a, str>> {
    if let Ok(utf8) = text.to_str() {
        return Ok(Cow::Borrowed(utf8));
    }
    Ok(Cow::Owned(repaired(text, policy, label)?.to_str()?.to_owned()))
}

/// `text`, or, if it holds surrogates (so has no UTF-8 form), a new str in
/// which each pair of a high and a low surrogate is joined into the
/// character they encode and each other (lone) surrogate is replaced by
/// U+FFFD, or under `Strict` a UnicodeEncodeError over the run of lone
/// surrogates, in `text`'s own positions, with `label` in its reason. The
/// rules of `_check_text` in the reference.
pub(super) fn repaired<'py>(
    text: &Bound<'py, PyString>,
    policy: SurrogatePolicy,
    label: Option<&str>,
) -> PyResult<Bound<'py, PyString>> {
    if text.to_str().is_ok() {
        return Ok(text.clone());
    }
    let py = text.py();
    let units = code_points(text)?;
    // A surrogate that is not the high half of a pair (nor, so, its low half).
    let is_lone =
        |at: usize| pair_at(&units, at).is_none() && units.get(at).is_some_and(|unit| (0xD800..=0xDFFF).contains(unit));
    let mut out = String::with_capacity(units.len());
    let mut at = 0;
    while let Some(&unit) = units.get(at) {
        if let Some(joined) = pair_at(&units, at) {
            out.push(joined);
            at += 2;
        } else if is_lone(at) {
            if policy == SurrogatePolicy::Strict {
                let mut end = at + 1;
                while is_lone(end) {
                    end += 1;
                }
                let reason = match label {
                    Some(label) => format!("surrogates not allowed in {label}"),
                    None => "surrogates not allowed".to_owned(),
                };
                return Err(PyUnicodeEncodeError::new_err((
                    "utf-8",
                    text.clone().unbind(),
                    at,
                    end,
                    reason,
                )));
            }
            out.push(char::REPLACEMENT_CHARACTER);
            at += 1;
        } else {
            out.push(char::from_u32(unit).unwrap_or(char::REPLACEMENT_CHARACTER));
            at += 1;
        }
    }
    Ok(PyString::new(py, &out))
}

/// The code points of a str, surrogates included: positions are the str's
/// own.
fn code_points(text: &Bound<'_, PyString>) -> PyResult<Vec<u32>> {
    // One code point per 4 bytes.
    let utf32 = text.call_method1("encode", ("utf-32-le", "surrogatepass"))?;
    let utf32 = utf32.cast::<PyBytes>()?;
    Ok(utf32
        .as_bytes()
        .chunks_exact(4)
        .map(|unit| <[u8; 4]>::try_from(unit).map_or(0, u32::from_le_bytes))
        .collect())
}

/// The character that a high surrogate at `at` and a low one after it
/// encode, if they are there.
fn pair_at(units: &[u32], at: usize) -> Option<char> {
    match (units.get(at), units.get(at + 1)) {
        (Some(&high @ 0xD800..=0xDBFF), Some(&low @ 0xDC00..=0xDFFF)) => {
            char::from_u32(0x10000 + ((high - 0xD800) << 10 | (low - 0xDC00)))
        }
        _ => None,
    }
}

/// For a str that `repaired` had to repair: where each character of the
/// repaired copy starts in it (a pair joined into one character counts
/// two), then its length.
pub(super) fn repaired_starts(text: &Bound<'_, PyString>) -> PyResult<Vec<usize>> {
    let units = code_points(text)?;
    let mut starts = Vec::with_capacity(units.len() + 1);
    let mut at = 0;
    while at < units.len() {
        starts.push(at);
        at += if pair_at(&units, at).is_some() { 2 } else { 1 };
    }
    starts.push(units.len());
    Ok(starts)
}

/// A str's UTF-8 view; a lone surrogate raises UnicodeEncodeError with
/// `label` (such as "texts[3]") added to its reason.
pub(super) fn text_as_str<'a>(text: &'a Bound<'_, PyString>, label: Option<&str>) -> PyResult<&'a str> {
    text.to_str().map_err(|error| {
        let Some(label) = label else { return error };
        let py = text.py();
        let value = error.value(py);
        let relabelled = (|| -> PyResult<PyErr> {
            let reason: String = value.getattr("reason")?.extract()?;
            Ok(PyUnicodeEncodeError::new_err((
                value.getattr("encoding")?.unbind(),
                value.getattr("object")?.unbind(),
                value.getattr("start")?.unbind(),
                value.getattr("end")?.unbind(),
                format!("{reason} in {label}"),
            )))
        })();
        relabelled.unwrap_or(error)
    })
}

pub(super) fn checked_text<'a, 'py>(obj: &'a Bound<'py, PyAny>, label: &str) -> PyResult<&'a Bound<'py, PyString>> {
    obj.cast::<PyString>().map_err(|_| {
        PyTypeError::new_err(format!(
            "{label} must be str, not {}",
            type_name(obj).unwrap_or_default()
        ))
    })
}

/// The texts of a batch call: Python strs, or the values of an Arrow string
/// column (anything with `__arrow_c_array__` or `__arrow_c_stream__`:
/// pyarrow arrays and chunked arrays, polars Series, ...).
pub(super) enum Texts<'py> {
    Python(Vec<Bound<'py, PyString>>),
    Arrow(StringColumn),
}

impl<'py> Texts<'py> {
    pub(super) fn of(texts: &Bound<'py, PyAny>, policy: SurrogatePolicy) -> PyResult<Self> {
        let plain =
            texts.is_instance_of::<PyString>() || texts.is_instance_of::<PyList>() || texts.is_instance_of::<PyTuple>();
        if !plain {
            let imported = if texts.hasattr("__arrow_c_array__")? {
                Some(import_arrow_array(texts))
            } else if texts.hasattr("__arrow_c_stream__")? {
                Some(import_arrow_stream(texts))
            } else {
                None
            };
            match imported {
                Some(Ok(column)) => return Ok(Texts::Arrow(column)),
                // A pandas Series exports through pyarrow: without it, its
                // items are still strs.
                Some(Err(error)) if error.is_instance_of::<PyImportError>(texts.py()) => {}
                Some(Err(error)) => return Err(error),
                None => {}
            }
        }
        collect_texts(texts, policy).map(Texts::Python)
    }

    /// Whether the texts live in a producer's buffers (an Arrow column),
    /// which the tokenisers scan copies of (`StableTexts`).
    pub(super) fn in_producer_buffers(&self) -> bool {
        matches!(self, Texts::Arrow(_))
    }

    /// Every text, a null as "", and which are null (None if none is).
    pub(super) fn strs(&self) -> PyResult<(Vec<&str>, Option<Vec<bool>>)> {
        match self {
            Texts::Python(items) => Ok((items.iter().map(|text| text.to_str()).collect::<PyResult<_>>()?, None)),
            Texts::Arrow(column) => {
                let values = column.values()?;
                let nulls: Vec<bool> = values.iter().map(Option::is_none).collect();
                let strs = values.into_iter().map(Option::unwrap_or_default).collect();
                Ok((strs, nulls.contains(&true).then_some(nulls)))
            }
        }
    }
}

/// The pointer in the capsule `name` that an Arrow PyCapsule method returned.
pub(super) fn arrow_capsule(obj: &Bound<'_, PyAny>, name: &CStr) -> PyResult<*mut c_void> {
    let capsule = obj
        .cast::<PyCapsule>()
        .map_err(|_| PyTypeError::new_err("an Arrow PyCapsule method returned something other than a capsule"))?;
    Ok(capsule.pointer_checked(Some(name))?.as_ptr())
}

pub(super) fn import_arrow_array(texts: &Bound<'_, PyAny>) -> PyResult<StringColumn> {
    let (schema, array): (Bound<'_, PyAny>, Bound<'_, PyAny>) = texts.call_method0("__arrow_c_array__")?.extract()?;
    let (schema, array) = (
        arrow_capsule(&schema, c"arrow_schema")?,
        arrow_capsule(&array, c"arrow_array")?,
    );
    // SAFETY: capsules so named hold, by the Arrow PyCapsule interface, a
    // valid and unreleased ArrowSchema and ArrowArray describing the same
    // array, alive while the capsules are (they are, until this returns).
    // The import moves them out, leaving them marked released, so the
    // capsules' destructors do not release them a second time.
    Ok(unsafe { StringColumn::from_array(schema.cast(), array.cast()) }?)
}

pub(super) fn import_arrow_stream(texts: &Bound<'_, PyAny>) -> PyResult<StringColumn> {
    let capsule = texts.call_method1("__arrow_c_stream__", (texts.py().None(),))?;
    let stream = arrow_capsule(&capsule, c"arrow_array_stream")?;
    // SAFETY: as for arrays: the capsule holds a valid, unreleased
    // ArrowArrayStream, which the import moves out.
    Ok(unsafe { StringColumn::from_stream(stream.cast()) }?)
}

/// The str items of an iterable, each checked (type, no lone surrogate).
pub(super) fn collect_texts<'py>(
    texts: &Bound<'py, PyAny>,
    policy: SurrogatePolicy,
) -> PyResult<Vec<Bound<'py, PyString>>> {
    if texts.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err(
            "texts must be an iterable of str, not a single str",
        ));
    }
    let iterator = texts.try_iter().map_err(|_| {
        PyTypeError::new_err(format!(
            "texts must be an iterable of str, not {}",
            type_name(texts).unwrap_or_default()
        ))
    })?;
    let mut items = Vec::new();
    for (index, item) in iterator.enumerate() {
        let item = item?;
        let label = format!("texts[{index}]");
        let text = checked_text(&item, &label)?;
        items.push(repaired(text, policy, Some(&label))?);
    }
    Ok(items)
}

/// What a lone surrogate in a text does (the Tokenizer's `errors` option).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum SurrogatePolicy {
    /// Raise UnicodeEncodeError over the run of lone surrogates.
    Strict,
    /// Each lone surrogate becomes U+FFFD.
    Replace,
}

impl SurrogatePolicy {
    pub(super) fn name(self) -> &'static str {
        match self {
            SurrogatePolicy::Strict => "strict",
            SurrogatePolicy::Replace => "replace",
        }
    }
}
