//! One JSON Lines record made into a document's fields: the wanted fields
//! (text, title, id) found by name, by the fast path (`json.rs`) for the
//! usual flat record and by serde_json for anything else, which also words
//! every error.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde_json::value::RawValue;

use super::input::{BadInput, RecordFields};
use super::json::parse_flat_record;

/// The fields of a JSON Lines record that make a document, as the parsers
/// look them up.
pub(super) struct JsonFields<'a> {
    pub(super) text: &'a str,
    pub(super) title: Option<&'a str>,
    pub(super) id: Option<&'a str>,
    /// Whether a record without the title (id) field is unusable.
    title_required: bool,
    id_required: bool,
}

impl<'a> JsonFields<'a> {
    pub(super) fn new(fields: &'a RecordFields) -> Self {
        JsonFields {
            text: &fields.text,
            title: fields.title.as_ref().map(|field| field.name.as_str()),
            id: fields.id.as_ref().map(|field| field.name.as_str()),
            title_required: fields.title.as_ref().is_some_and(|field| field.required),
            id_required: fields.id.as_ref().is_some_and(|field| field.required),
        }
    }
}

/// The strings of one document: the fields of a JSON Lines record, or the
/// id of a line.
#[derive(Debug, Default)]
pub(super) struct RecordBuffers {
    pub(super) id: String,
    pub(super) title: String,
    pub(super) text: String,
}

impl RecordBuffers {
    /// The id of a line without one of its own: "name:line".
    pub(super) fn line_id(&mut self, name: &str, line_number: u64) {
        use std::fmt::Write as _;
        self.id.clear();
        // Writing to a String cannot fail.
        let _ = write!(self.id, "{name}:{line_number}");
    }
}

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

/// The keys of the JSON object on `line`, in order, for messages; empty if
/// it is not one.
pub(super) fn record_keys(line: &str) -> Vec<String> {
    struct Keys;

    impl<'de> Visitor<'de> for Keys {
        type Value = Vec<String>;

        fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
            formatter.write_str("a JSON object")
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Vec<String>, A::Error> {
            let mut keys = Vec::new();
            while let Some((key, IgnoredAny)) = map.next_entry::<String, IgnoredAny>()? {
                keys.push(key);
            }
            Ok(keys)
        }
    }

    let mut deserializer = serde_json::Deserializer::from_str(line);
    de::Deserializer::deserialize_map(&mut deserializer, Keys).unwrap_or_default()
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

/// `parse_record`'s parse, by serde_json: every record the fast path
/// (`json::parse_flat_record`) leaves, and the error messages.
pub(super) fn parse_record_with_serde(
    line: &str,
    fields: &JsonFields<'_>,
    record: &mut RecordBuffers,
) -> Result<FoundFields, String> {
    let mut deserializer = serde_json::Deserializer::from_str(line);
    RecordSeed { fields, record }
        .deserialize(&mut deserializer)
        .and_then(|found| deserializer.end().map(|()| found))
        .map_err(|error| format!("not a JSON object: {error}"))
}

/// What a wanted field held (a string or number went into its buffer).
#[derive(Debug)]
pub(super) enum FieldValue {
    Text,
    /// A number, as written.
    Number,
    Null,
    /// Anything else, by kind ("an array", ...).
    Other(&'static str),
}

impl FieldValue {
    pub(super) fn kind(&self) -> &'static str {
        match self {
            FieldValue::Text => "a string",
            FieldValue::Number => "a number",
            FieldValue::Null => "null",
            FieldValue::Other(kind) => kind,
        }
    }
}

/// The wanted fields a record has, by what they hold.
#[derive(Default)]
pub(super) struct FoundFields {
    pub(super) text: Option<FieldValue>,
    pub(super) title: Option<FieldValue>,
    pub(super) id: Option<FieldValue>,
}

/// Deserialises a JSON object, putting the wanted fields into `record`.
struct RecordSeed<'a, 'f> {
    fields: &'a JsonFields<'f>,
    record: &'a mut RecordBuffers,
}

impl<'de> DeserializeSeed<'de> for RecordSeed<'_, '_> {
    type Value = FoundFields;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<FoundFields, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for RecordSeed<'_, '_> {
    type Value = FoundFields;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<FoundFields, A::Error> {
        let RecordSeed { fields, record } = self;
        let mut found = FoundFields::default();
        // A field given twice counts as its last value, as in most readers.
        while let Some(field) = map.next_key_seed(WantedField(fields))? {
            match found.slot(field, record) {
                Some((slot, buffer)) => {
                    let value: &'de RawValue = map.next_value()?;
                    *slot = Some(field_value(value.get(), buffer).map_err(de::Error::custom)?);
                }
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(found)
    }
}

/// Which wanted field a key names, if any.
pub(super) enum Wanted {
    Text,
    Title,
    Id,
    No,
}

impl Wanted {
    /// The field that `key` names (the text field first, should the names
    /// coincide, then the title, then the id).
    pub(super) fn named(key: &str, fields: &JsonFields<'_>) -> Wanted {
        if key == fields.text {
            Wanted::Text
        } else if Some(key) == fields.title {
            Wanted::Title
        } else if Some(key) == fields.id {
            Wanted::Id
        } else {
            Wanted::No
        }
    }
}

impl FoundFields {
    /// Where the value of a wanted field goes: its slot here and its buffer
    /// in `record`; None for a field not wanted.
    pub(super) fn slot<'a>(
        &'a mut self,
        field: Wanted,
        record: &'a mut RecordBuffers,
    ) -> Option<(&'a mut Option<FieldValue>, &'a mut String)> {
        match field {
            Wanted::Text => Some((&mut self.text, &mut record.text)),
            Wanted::Title => Some((&mut self.title, &mut record.title)),
            Wanted::Id => Some((&mut self.id, &mut record.id)),
            Wanted::No => None,
        }
    }
}

/// Reads a key as the field it names, with no copy of it.
struct WantedField<'a, 'f>(&'a JsonFields<'f>);

impl<'de> DeserializeSeed<'de> for WantedField<'_, '_> {
    type Value = Wanted;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Wanted, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for WantedField<'_, '_> {
    type Value = Wanted;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a key")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Wanted, E> {
        Ok(Wanted::named(key, self.0))
    }
}

/// What the JSON value `raw` (as written) is: a string is decoded into
/// `buffer`, a number copied as written (an id keeps every digit).
fn field_value(raw: &str, buffer: &mut String) -> Result<FieldValue, serde_json::Error> {
    Ok(match raw.as_bytes().first() {
        Some(b'"') => {
            let text: Cow<'_, str> = serde_json::from_str(raw)?;
            buffer.clear();
            buffer.push_str(&text);
            FieldValue::Text
        }
        Some(b'-' | b'0'..=b'9') => {
            buffer.clear();
            buffer.push_str(raw);
            FieldValue::Number
        }
        Some(b't' | b'f') => FieldValue::Other("a boolean"),
        Some(b'[') => FieldValue::Other("an array"),
        Some(b'{') => FieldValue::Other("an object"),
        _ => FieldValue::Null,
    })
}
