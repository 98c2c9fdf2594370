//! One JSON Lines record made into a document's fields: the wanted fields
//! (text, title, id) found by name, by the fast path (`json.rs`) for the
//! usual flat record and by serde_json (`serde_record.rs`) for anything
//! else, which also words every error; then checked for what a document
//! needs.

use std::fmt;

use super::input::BadInput;
use super::json::parse_flat_record;
use super::json_fields::{FieldValue, JsonFields, RecordBuffers};
use super::serde_record::parse_record_with_serde;

/// Which of the optional fields a record has (the text field it must have).
pub(super) struct FoundRecord {
    pub(super) title: bool,
    pub(super) id: bool,
}

/// Why a record is not a usable document.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum RecordError {
    /// It lacks a field it must have: the text, or a title or id field the
    /// user named.
    MissingField(String),
    /// Anything else: not JSON, not an object, a field of the wrong type, a
    /// lone surrogate.
    Unusable(String),
}

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RecordError::MissingField(name) => write!(f, "no field {name:?}"),
            RecordError::Unusable(reason) => f.write_str(reason),
        }
    }
}

/// Puts the fields of the record on `line` into `record`, or says why it is
/// not a usable one. A lone surrogate escape (`"\ud800"`, which JSON's
/// grammar allows and Unicode text cannot hold) becomes U+FFFD under
/// `BadInput::Replace` and makes the record unusable otherwise.
pub(super) fn parse_record(
    line: &str,
    fields: &JsonFields<'_>,
    bad_input: BadInput,
    record: &mut RecordBuffers,
) -> Result<FoundRecord, RecordError> {
    let found = match parse_flat_record(line, fields, record) {
        Some(found) => found,
        None => match parse_record_with_serde(line, fields, record) {
            Ok(found) => found,
            Err(reason) => {
                let lone = lone_surrogates(line);
                let Some(&(first, _)) = lone.first() else {
                    return Err(RecordError::Unusable(reason));
                };
                if bad_input != BadInput::Replace {
                    let escape = line.get(first..first + 6).unwrap_or_default();
                    return Err(RecordError::Unusable(format!(
                        "a lone surrogate {escape} at column {}, which is not Unicode text (errors=\"replace\" \
                         makes it U+FFFD)",
                        first + 1
                    )));
                }
                let mut repaired = String::with_capacity(line.len());
                let mut done = 0;
                for (start, unit_end) in lone {
                    repaired.push_str(line.get(done..start).unwrap_or_default());
                    repaired.push_str("\\ufffd");
                    done = unit_end;
                }
                repaired.push_str(line.get(done..).unwrap_or_default());
                match parse_flat_record(&repaired, fields, record) {
                    Some(found) => found,
                    None => parse_record_with_serde(&repaired, fields, record).map_err(RecordError::Unusable)?,
                }
            }
        },
    };
    let wrong_type = |name: &str, value: &FieldValue, wanted: &str| {
        RecordError::Unusable(format!("field {name:?} is {}, not {wanted}", value.kind()))
    };
    match found.text {
        Some(FieldValue::Text) => {}
        Some(other) => return Err(wrong_type(fields.text, &other, "a string")),
        None => return Err(RecordError::MissingField(fields.text.to_owned())),
    }
    let title = match (found.title, fields.title) {
        (Some(FieldValue::Text), _) => true,
        (Some(FieldValue::Null), _) | (None, None) => false,
        (None, Some(name)) if fields.title_required => return Err(RecordError::MissingField(name.to_owned())),
        (None, Some(_)) => false,
        (Some(other), name) => return Err(wrong_type(name.unwrap_or_default(), &other, "a string")),
    };
    let id = match (found.id, fields.id) {
        (Some(FieldValue::Text | FieldValue::Number), _) => true,
        (Some(FieldValue::Null), _) | (None, None) => false,
        (None, Some(name)) if fields.id_required => return Err(RecordError::MissingField(name.to_owned())),
        (None, Some(_)) => false,
        (Some(other), name) => return Err(wrong_type(name.unwrap_or_default(), &other, "a string or a number")),
    };
    Ok(FoundRecord { title, id })
}

/// Where `line` holds `\u` escapes of lone surrogates: (start, end) of each.
fn lone_surrogates(line: &str) -> Vec<(usize, usize)> {
    let bytes = line.as_bytes();
    let unit_at = |at: usize| -> Option<u32> {
        let escape = bytes.get(at..at + 6)?;
        if escape.get(..2)? != b"\\u" {
            return None;
        }
        u32::from_str_radix(std::str::from_utf8(escape.get(2..)?).ok()?, 16).ok()
    };
    let mut lone = Vec::new();
    let mut at = 0;
    while let Some(backslash) = bytes.get(at..).and_then(|rest| memchr::memchr(b'\\', rest)) {
        at += backslash;
        match unit_at(at) {
            Some(0xD800..=0xDBFF) => {
                match unit_at(at + 6) {
                    // A pair: a character, not lone.
                    Some(0xDC00..=0xDFFF) => at += 12,
                    _ => {
                        lone.push((at, at + 6));
                        at += 6;
                    }
                }
            }
            Some(0xDC00..=0xDFFF) => {
                lone.push((at, at + 6));
                at += 6;
            }
            Some(_) => at += 6,
            // Another escape (`\\` among them): two bytes.
            None => at += 2,
        }
    }
    lone
}
