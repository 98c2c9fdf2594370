//! One JSON Lines record read by serde_json: every record the fast path
//! (`json.rs`) leaves, and the words of every error; and the keys of a
//! record, for messages.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde_json::value::RawValue;

use super::json_fields::{FieldValue, FoundFields, JsonFields, RecordBuffers, Wanted};

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

/// `record::parse_record`'s parse, by serde_json: every record the fast path
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
