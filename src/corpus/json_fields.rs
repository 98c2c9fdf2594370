//! What both JSON Lines parsers, the fast path (`json.rs`) and serde_json's
//! (`serde_record.rs`), share: the fields they look for, the buffers the
//! values go into and what they found. Below both, so that neither needs
//! the other.

use super::input::RecordFields;

/// The fields of a JSON Lines record that make a document, as the parsers
/// look them up.
pub(super) struct JsonFields<'a> {
    pub(super) text: &'a str,
    pub(super) title: Option<&'a str>,
    pub(super) id: Option<&'a str>,
    /// Whether a record without the title (id) field is unusable.
    pub(super) title_required: bool,
    pub(super) id_required: bool,
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
