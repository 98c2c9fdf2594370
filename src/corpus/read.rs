//! Reading documents from corpus files: the formats, decompression and the
//! policy for bytes that are not UTF-8.
//!
//! A source is read as a stream (a line at a time for the line formats), so
//! a file larger than memory is fine as long as each document fits.

use std::borrow::Cow;
use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::PathBuf;

use flate2::read::MultiGzDecoder;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, Visitor};

use super::json::parse_flat_record;

/// How the bytes of a source are split into documents.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InputFormat {
    /// One document per source: the first line is its title, the rest its
    /// body (the format of the project's seed documents).
    Seed,
    /// One document per source, all body, no title.
    Whole,
    /// One document per line, all body, no title.
    Lines,
    /// One JSON object per line, with the body in `text_field`, and
    /// optionally the title and the id in fields of their own.
    JsonLines {
        text_field: String,
        title_field: Option<String>,
        id_field: Option<String>,
    },
}

/// What to do with a document whose bytes are not valid UTF-8 (or, in JSON
/// Lines, a line that is not a usable JSON object).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BadInput {
    /// Stop with an error naming the source and the byte offset.
    Strict,
    /// Decode with U+FFFD in place of each invalid sequence.
    Replace,
    /// Leave the document out, and count it.
    Skip,
}

/// Where documents come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SourcePath {
    File(PathBuf),
    Stdin,
}

/// One input: where to read it, and the name its documents' ids start with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    pub path: SourcePath,
    pub name: String,
}

impl Source {
    /// How messages name the source: its path (its name is what document
    /// ids start with, which may be shorter).
    pub fn label(&self) -> String {
        match &self.path {
            SourcePath::File(path) => path.display().to_string(),
            SourcePath::Stdin => "<stdin>".to_owned(),
        }
    }

    /// Whether the source is gzip-compressed, which its name tells.
    fn is_gzip(&self) -> bool {
        self.name.ends_with(".gz")
            || matches!(&self.path, SourcePath::File(path) if path.extension().is_some_and(|ext| ext == "gz"))
    }
}

/// A document as read: its id, title (empty when the format has none) and
/// the text to tokenise.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Document {
    pub id: String,
    pub title: String,
    pub body: String,
}

/// A document as parsed, borrowed from the parser: valid for the call it is
/// passed to, so that parsing a document allocates nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DocumentRef<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub body: &'a str,
}

impl DocumentRef<'_> {
    /// The document with strings of its own.
    pub fn to_document(&self) -> Document {
        Document {
            id: self.id.to_owned(),
            title: self.title.to_owned(),
            body: self.body.to_owned(),
        }
    }
}

/// A document left out under `BadInput::Skip`, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    pub source: String,
    /// The line, for the line formats.
    pub line: Option<u64>,
    pub reason: String,
}

/// Why a source could not be read.
#[derive(Debug)]
pub enum ReadError {
    /// The source could not be opened or read.
    Io { source: String, error: io::Error },
    /// Bytes that are not UTF-8, under `BadInput::Strict`; the offset counts
    /// the (decompressed) bytes of the source.
    InvalidUtf8 {
        source: String,
        line: Option<u64>,
        offset: u64,
    },
    /// A JSON Lines line that is not a usable object, under
    /// `BadInput::Strict`.
    BadRecord { source: String, line: u64, reason: String },
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Io { source, error } => write!(f, "cannot read {source}: {error}"),
            ReadError::InvalidUtf8 { source, line, offset } => {
                write!(f, "{source}")?;
                if let Some(line) = line {
                    write!(f, ", line {line}")?;
                }
                write!(f, ": not valid UTF-8 at byte offset {offset}")
            }
            ReadError::BadRecord { source, line, reason } => write!(f, "{source}, line {line}: {reason}"),
        }
    }
}

impl std::error::Error for ReadError {}

/// Reads the documents of one source in order, passing each to `emit`, and
/// each one left out to `skip`.
pub fn read_source(
    source: &Source,
    format: &InputFormat,
    bad_input: BadInput,
    emit: &mut dyn FnMut(Document),
    skip: &mut dyn FnMut(Skipped),
) -> Result<(), ReadError> {
    let mut result = Ok(());
    split_source(source, format, usize::MAX, &mut |chunk| {
        result = parse_chunk(
            source,
            format,
            bad_input,
            chunk,
            &mut |document| emit(document.to_document()),
            skip,
        );
        result.is_ok()
    })?;
    result
}

/// A piece of a source that holds whole documents: the whole source for the
/// one-document formats, whole lines for the others.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Chunk {
    pub bytes: Vec<u8>,
    /// The number of the chunk's first line in the source (from 1).
    pub first_line: u64,
    /// Where the chunk starts in the (decompressed) source.
    pub offset: u64,
}

/// Reads `source` and cuts it into chunks of whole documents, of about
/// `chunk_bytes` each for the line formats (more when one line is longer),
/// passing each to `take` until it returns false. Reading is all this does,
/// so that parsing can happen elsewhere, on several threads.
pub fn split_source(
    source: &Source,
    format: &InputFormat,
    chunk_bytes: usize,
    take: &mut dyn FnMut(Chunk) -> bool,
) -> Result<(), ReadError> {
    let mut input = open(source)?;
    let io_error = |error| ReadError::Io {
        source: source.label(),
        error,
    };
    if matches!(format, InputFormat::Seed | InputFormat::Whole) {
        let mut bytes = Vec::new();
        input.read_to_end(&mut bytes).map_err(io_error)?;
        take(Chunk {
            bytes,
            first_line: 1,
            offset: 0,
        });
        return Ok(());
    }
    let (mut line, mut offset) = (1, 0);
    // The bytes after the last whole line of the previous chunk.
    let mut rest = Vec::new();
    loop {
        let mut bytes = std::mem::take(&mut rest);
        // (At most a few MB ahead: callers reading a source whole pass a
        // chunk size of usize::MAX.)
        bytes.reserve(chunk_bytes.saturating_sub(bytes.len()).min(4 << 20));
        // Straight into the chunk, not a line at a time (the buffered reader
        // passes large reads through): one copy, and one search for the last
        // newline per chunk.
        let wanted = chunk_bytes.saturating_sub(bytes.len());
        let read = (&mut input)
            .take(wanted as u64)
            .read_to_end(&mut bytes)
            .map_err(io_error)?;
        let at_end = read < wanted;
        if !at_end {
            match memchr::memrchr(b'\n', &bytes) {
                // The cut line goes on in the next chunk.
                Some(last) => rest = bytes.split_off(last + 1),
                // A line longer than a chunk: finish it.
                None => {
                    input.read_until(b'\n', &mut bytes).map_err(io_error)?;
                }
            }
        }
        if bytes.is_empty() {
            return Ok(());
        }
        let lines = memchr::memchr_iter(b'\n', &bytes).count() as u64;
        let length = bytes.len() as u64;
        let more = take(Chunk {
            bytes,
            first_line: line,
            offset,
        });
        if !more {
            return Ok(());
        }
        line += lines;
        offset += length;
    }
}

/// Parses the documents of one chunk of `source` (see `split_source`).
pub fn parse_chunk(
    source: &Source,
    format: &InputFormat,
    bad_input: BadInput,
    chunk: Chunk,
    emit: &mut dyn FnMut(DocumentRef<'_>),
    skip: &mut dyn FnMut(Skipped),
) -> Result<(), ReadError> {
    let mut reader = SourceReader {
        source,
        bad_input,
        emit,
        skip,
        record: RecordBuffers::default(),
    };
    let input = chunk.bytes.as_slice();
    match format {
        InputFormat::Seed | InputFormat::Whole => reader.whole(chunk.bytes, *format == InputFormat::Seed),
        InputFormat::Lines => reader.lines(input, None, chunk.first_line, chunk.offset),
        InputFormat::JsonLines {
            text_field,
            title_field,
            id_field,
        } => {
            let fields = JsonFields {
                text: text_field,
                title: title_field.as_deref(),
                id: id_field.as_deref(),
            };
            reader.lines(input, Some(&fields), chunk.first_line, chunk.offset)
        }
    }
}

/// The source's bytes, decompressed when its name ends in `.gz`.
fn open(source: &Source) -> Result<Box<dyn BufRead>, ReadError> {
    let raw: Box<dyn Read> = match &source.path {
        SourcePath::File(path) => Box::new(File::open(path).map_err(|error| ReadError::Io {
            source: source.label(),
            error,
        })?),
        SourcePath::Stdin => Box::new(io::stdin()),
    };
    let raw: Box<dyn Read> = if source.is_gzip() {
        Box::new(MultiGzDecoder::new(raw))
    } else {
        raw
    };
    Ok(Box::new(BufReader::with_capacity(1 << 16, raw)))
}

/// The fields of a JSON Lines record that make a document.
pub(super) struct JsonFields<'a> {
    pub(super) text: &'a str,
    pub(super) title: Option<&'a str>,
    pub(super) id: Option<&'a str>,
}

struct SourceReader<'a> {
    source: &'a Source,
    bad_input: BadInput,
    emit: &'a mut dyn FnMut(DocumentRef<'_>),
    skip: &'a mut dyn FnMut(Skipped),
    /// Where each line's fields are put, reused from line to line.
    record: RecordBuffers,
}

impl SourceReader<'_> {
    fn skip(&mut self, line: Option<u64>, reason: String) {
        (self.skip)(Skipped {
            source: self.source.label(),
            line,
            reason,
        });
    }

    /// `bytes` as text under the policy for invalid UTF-8; None when the
    /// document is skipped. `offset` is where `bytes` start in the source.
    fn decode(&mut self, bytes: Vec<u8>, line: Option<u64>, offset: u64) -> Result<Option<String>, ReadError> {
        let error = match String::from_utf8(bytes) {
            Ok(text) => return Ok(Some(text)),
            Err(error) => error,
        };
        let offset = offset + error.utf8_error().valid_up_to() as u64;
        match self.bad_input {
            BadInput::Strict => Err(ReadError::InvalidUtf8 {
                source: self.source.label(),
                line,
                offset,
            }),
            BadInput::Replace => Ok(Some(String::from_utf8_lossy(error.as_bytes()).into_owned())),
            BadInput::Skip => {
                self.skip(line, format!("not valid UTF-8 at byte offset {offset}"));
                Ok(None)
            }
        }
    }

    /// One document of the whole source.
    fn whole(&mut self, bytes: Vec<u8>, has_title: bool) -> Result<(), ReadError> {
        let Some(text) = self.decode(bytes, None, 0)? else {
            return Ok(());
        };
        let (title, body) = match text.split_once('\n') {
            Some((title, body)) if has_title => (title.strip_suffix('\r').unwrap_or(title), body),
            None if has_title => (text.strip_suffix('\r').unwrap_or(&text), ""),
            _ => ("", text.as_str()),
        };
        (self.emit)(DocumentRef {
            id: &self.source.name,
            title,
            body,
        });
        Ok(())
    }

    /// One document per line of `bytes`, or per JSON record when `fields`
    /// are given.
    fn lines(
        &mut self,
        bytes: &[u8],
        fields: Option<&JsonFields<'_>>,
        first_line: u64,
        mut offset: u64,
    ) -> Result<(), ReadError> {
        let mut rest = bytes;
        for line_number in first_line.. {
            if rest.is_empty() {
                return Ok(());
            }
            let (mut line, after) = match memchr::memchr(b'\n', rest).and_then(|end| rest.split_at_checked(end)) {
                // `after` starts with the newline.
                Some((line, after)) => (line, after.get(1..).unwrap_or_default()),
                None => (rest, &[][..]),
            };
            let line_offset = offset;
            offset += (rest.len() - after.len()) as u64;
            rest = after;
            if let Some(stripped) = line.strip_suffix(b"\r") {
                line = stripped;
            }
            let Some(line) = self.decode_line(line, line_number, line_offset)? else {
                continue;
            };
            let record = &mut self.record;
            let document = match fields {
                None => {
                    record.line_id(&self.source.name, line_number);
                    DocumentRef {
                        id: &record.id,
                        title: "",
                        body: &line,
                    }
                }
                // Blank lines between records are no documents.
                Some(_) if line.trim().is_empty() => continue,
                Some(fields) => match parse_record(&line, fields, record) {
                    Ok(found) => {
                        if !found.id {
                            record.line_id(&self.source.name, line_number);
                        }
                        DocumentRef {
                            id: &record.id,
                            title: if found.title { &record.title } else { "" },
                            body: &record.text,
                        }
                    }
                    Err(reason) if self.bad_input == BadInput::Skip => {
                        self.skip(Some(line_number), reason);
                        continue;
                    }
                    Err(reason) => {
                        return Err(ReadError::BadRecord {
                            source: self.source.label(),
                            line: line_number,
                            reason,
                        })
                    }
                },
            };
            (self.emit)(document);
        }
        Ok(())
    }

    /// `decode` for a line borrowed from its chunk: no copy unless it must
    /// be repaired.
    fn decode_line<'b>(&mut self, bytes: &'b [u8], line: u64, offset: u64) -> Result<Option<Cow<'b, str>>, ReadError> {
        match std::str::from_utf8(bytes) {
            Ok(text) => Ok(Some(Cow::Borrowed(text))),
            Err(_) => Ok(self.decode(bytes.to_vec(), Some(line), offset)?.map(Cow::Owned)),
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
    fn line_id(&mut self, name: &str, line_number: u64) {
        use std::fmt::Write as _;
        self.id.clear();
        // Writing to a String cannot fail.
        let _ = write!(self.id, "{name}:{line_number}");
    }
}

/// Which of the optional fields a record has (the text field it must have).
struct FoundRecord {
    title: bool,
    id: bool,
}

/// Puts the fields of the record on `line` into `record`, or says why it is
/// not a usable one.
fn parse_record(line: &str, fields: &JsonFields<'_>, record: &mut RecordBuffers) -> Result<FoundRecord, String> {
    let found = match parse_flat_record(line, fields, record) {
        Some(found) => found,
        None => parse_record_with_serde(line, fields, record)?,
    };
    match found.text {
        Some(FieldValue::Text) => {}
        Some(other) => return Err(format!("field {:?} is {}, not a string", fields.text, other.kind())),
        None => return Err(format!("no field {:?}", fields.text)),
    }
    let title = match found.title {
        Some(FieldValue::Text) => true,
        Some(FieldValue::Null) | None => false,
        Some(other) => {
            return Err(format!(
                "field {:?} is {}, not a string",
                fields.title.unwrap_or_default(),
                other.kind()
            ))
        }
    };
    let id = match found.id {
        Some(FieldValue::Text | FieldValue::Number) => true,
        Some(FieldValue::Null) | None => false,
        Some(other) => {
            let name = fields.id.unwrap_or_default();
            return Err(format!("field {name:?} is {}, not a string or a number", other.kind()));
        }
    };
    Ok(FoundRecord { title, id })
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
    /// A number, written as Rust writes it.
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
                Some((slot, buffer)) => *slot = Some(map.next_value_seed(FieldValueInto(buffer))?),
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

/// Reads a field's value: a string or a number into the buffer, anything
/// else by its kind.
struct FieldValueInto<'a>(&'a mut String);

impl<'de> DeserializeSeed<'de> for FieldValueInto<'_> {
    type Value = FieldValue;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<FieldValue, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl FieldValueInto<'_> {
    fn number(self, number: impl fmt::Display) -> FieldValue {
        use std::fmt::Write as _;
        self.0.clear();
        // Writing to a String cannot fail.
        let _ = write!(self.0, "{number}");
        FieldValue::Number
    }
}

impl<'de> Visitor<'de> for FieldValueInto<'_> {
    type Value = FieldValue;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("any JSON value")
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<FieldValue, E> {
        self.0.clear();
        self.0.push_str(value);
        Ok(FieldValue::Text)
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<FieldValue, E> {
        Ok(self.number(value))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<FieldValue, E> {
        Ok(self.number(value))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<FieldValue, E> {
        Ok(self.number(value))
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<FieldValue, E> {
        Ok(FieldValue::Other("a boolean"))
    }

    fn visit_unit<E: de::Error>(self) -> Result<FieldValue, E> {
        Ok(FieldValue::Null)
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<FieldValue, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(FieldValue::Other("an array"))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<FieldValue, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(FieldValue::Other("an object"))
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    use crate::corpus::test_support::without_dir;

    /// A file in a temporary directory of its own, removed when dropped.
    struct TempFile {
        source: Source,
        dir: PathBuf,
    }

    impl std::ops::Deref for TempFile {
        type Target = Source;

        fn deref(&self) -> &Source {
            &self.source
        }
    }

    impl Drop for TempFile {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }

    fn file(name: &str, bytes: &[u8]) -> TempFile {
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let unique = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("wordsift-read-{}-{unique}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        TempFile {
            source: Source {
                path: SourcePath::File(path),
                name: name.to_owned(),
            },
            dir,
        }
    }

    fn read(
        source: &Source,
        format: &InputFormat,
        bad_input: BadInput,
    ) -> Result<(Vec<Document>, Vec<Skipped>), ReadError> {
        let (mut documents, mut skipped) = (Vec::new(), Vec::new());
        read_source(
            source,
            format,
            bad_input,
            &mut |document| documents.push(document),
            &mut |skip| skipped.push(skip),
        )?;
        Ok((documents, skipped))
    }

    fn document(id: &str, title: &str, body: &str) -> Document {
        Document {
            id: id.to_owned(),
            title: title.to_owned(),
            body: body.to_owned(),
        }
    }

    fn json(text_field: &str, title_field: Option<&str>, id_field: Option<&str>) -> InputFormat {
        InputFormat::JsonLines {
            text_field: text_field.to_owned(),
            title_field: title_field.map(str::to_owned),
            id_field: id_field.map(str::to_owned),
        }
    }

    #[test]
    fn seed_files_are_a_title_line_and_a_body() {
        let source = file("a.txt", b"The Title\r\nfirst line\nsecond\n");
        let (documents, _) = read(&source, &InputFormat::Seed, BadInput::Strict).unwrap();
        assert_eq!(documents, [document("a.txt", "The Title", "first line\nsecond\n")]);
        let title_only = file("b.txt", b"Only a title");
        let (documents, _) = read(&title_only, &InputFormat::Seed, BadInput::Strict).unwrap();
        assert_eq!(documents, [document("b.txt", "Only a title", "")]);
        let (documents, _) = read(&source, &InputFormat::Whole, BadInput::Strict).unwrap();
        assert_eq!(documents, [document("a.txt", "", "The Title\r\nfirst line\nsecond\n")]);
    }

    #[test]
    fn lines_are_documents_empty_ones_included() {
        let source = file("l.txt", b"one\r\ntwo\n\nthree");
        let (documents, _) = read(&source, &InputFormat::Lines, BadInput::Strict).unwrap();
        let expected = [
            ("l.txt:1", "one"),
            ("l.txt:2", "two"),
            ("l.txt:3", ""),
            ("l.txt:4", "three"),
        ];
        assert_eq!(documents, expected.map(|(id, body)| document(id, "", body)));
    }

    #[test]
    fn json_lines_take_the_named_fields() {
        let source = file(
            "c.jsonl",
            concat!(
                r#"{"id": 7, "title": "T\u00e9", "text": "body \"quoted\"\nnext", "extra": [1, {"a": null}]}"#,
                "\n\n",
                r#"{"text": "no title", "title": null, "id": "x-1"}"#,
                "\n",
                r#"{"body": "other field", "headline": "H"}"#,
                "\n"
            )
            .as_bytes(),
        );
        let error = read(&source, &json("text", Some("title"), Some("id")), BadInput::Strict).unwrap_err();
        assert_eq!(without_dir(&error.to_string()), r#"c.jsonl, line 4: no field "text""#);
        let (documents, skipped) = read(&source, &json("text", Some("title"), Some("id")), BadInput::Skip).unwrap();
        assert_eq!(
            documents,
            [
                document("7", "T\u{e9}", "body \"quoted\"\nnext"),
                document("x-1", "", "no title")
            ]
        );
        assert_eq!(skipped.len(), 1);
        assert_eq!(skipped[0].line, Some(4));
        let (documents, _) = read(&source, &json("body", Some("headline"), None), BadInput::Skip).unwrap();
        assert_eq!(documents, [document("c.jsonl:4", "H", "other field")]);
    }

    #[test]
    fn unusable_records_are_named() {
        for (line, reason) in [
            (
                "[1, 2]",
                "not a JSON object: invalid type: sequence, expected a JSON object at line 1 column 0",
            ),
            ("{\"text\": 5}", "field \"text\" is a number, not a string"),
            (
                "{\"text\": \"a\", \"id\": [1]}",
                "field \"id\" is an array, not a string or a number",
            ),
            (
                "{\"text\": \"a\"} trailing",
                "not a JSON object: trailing characters at line 1 column 15",
            ),
            (
                "{\"text\": \"a\"",
                "not a JSON object: EOF while parsing an object at line 1 column 12",
            ),
        ] {
            let source = file("bad.jsonl", line.as_bytes());
            let error = read(&source, &json("text", None, Some("id")), BadInput::Strict).unwrap_err();
            assert_eq!(
                without_dir(&error.to_string()),
                format!("bad.jsonl, line 1: {reason}"),
                "{line}"
            );
        }
    }

    #[test]
    fn invalid_utf8_follows_the_policy() {
        let source = file("u.txt", b"good line\nbad \xff byte\nafter\n");
        let error = read(&source, &InputFormat::Lines, BadInput::Strict).unwrap_err();
        assert_eq!(
            without_dir(&error.to_string()),
            "u.txt, line 2: not valid UTF-8 at byte offset 14"
        );
        let (documents, _) = read(&source, &InputFormat::Lines, BadInput::Replace).unwrap();
        assert_eq!(documents[1].body, "bad \u{fffd} byte");
        let (documents, skipped) = read(&source, &InputFormat::Lines, BadInput::Skip).unwrap();
        assert_eq!(
            documents.iter().map(|d| d.body.as_str()).collect::<Vec<_>>(),
            ["good line", "after"]
        );
        assert_eq!(skipped[0].reason, "not valid UTF-8 at byte offset 14");
        let error = read(&source, &InputFormat::Seed, BadInput::Strict).unwrap_err();
        assert_eq!(
            without_dir(&error.to_string()),
            "u.txt: not valid UTF-8 at byte offset 14"
        );
    }

    #[test]
    fn chunks_hold_whole_lines_and_know_where_they_start() {
        let mut text = Vec::new();
        for i in 0..500 {
            text.extend_from_slice(format!("{{\"text\": \"line {i} {}\"}}\n", "x".repeat(i % 37)).as_bytes());
        }
        text.extend_from_slice(b"{\"text\": \"bad \xff\"}\n{\"text\": \"last\"}");
        let source = file("chunked.jsonl", &text);
        let format = json("text", None, None);
        let (whole, _) = read(&source, &format, BadInput::Replace).unwrap();
        for chunk_bytes in [1, 50, 700, 1 << 20] {
            let mut chunks = Vec::new();
            split_source(&source, &format, chunk_bytes, &mut |chunk| {
                chunks.push(chunk);
                true
            })
            .unwrap();
            assert_eq!(chunks.iter().map(|chunk| chunk.bytes.len()).sum::<usize>(), text.len());
            let mut documents = Vec::new();
            let mut errors = Vec::new();
            for chunk in chunks {
                assert!(chunk.offset == 0 || text[chunk.offset as usize - 1] == b'\n');
                let strict = parse_chunk(
                    &source,
                    &format,
                    BadInput::Strict,
                    chunk.clone(),
                    &mut |_| {},
                    &mut |_| {},
                );
                errors.extend(strict.err().map(|error| without_dir(&error.to_string())));
                parse_chunk(
                    &source,
                    &format,
                    BadInput::Replace,
                    chunk,
                    &mut |d| documents.push(d.to_document()),
                    &mut |_| {},
                )
                .unwrap();
            }
            assert_eq!(documents, whole, "chunk_bytes={chunk_bytes}");
            let bad_at = text.iter().position(|&byte| byte == 0xff).unwrap();
            assert_eq!(
                errors,
                [format!(
                    "chunked.jsonl, line 501: not valid UTF-8 at byte offset {bad_at}"
                )]
            );
        }
    }

    #[test]
    fn gzip_is_read_by_name() {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        encoder.write_all(b"{\"text\": \"zipped\"}\n").unwrap();
        let source = file("z.jsonl.gz", &encoder.finish().unwrap());
        let (documents, _) = read(&source, &json("text", None, None), BadInput::Strict).unwrap();
        assert_eq!(documents, [document("z.jsonl.gz:1", "", "zipped")]);
    }

    #[test]
    fn missing_files_are_named() {
        let source = Source {
            path: SourcePath::File(PathBuf::from("/nonexistent/wordsift/input.txt")),
            name: "input.txt".to_owned(),
        };
        let error = read(&source, &InputFormat::Seed, BadInput::Strict).unwrap_err();
        // Messages name the path, not just the name.
        let message = error.to_string();
        assert!(
            message.starts_with("cannot read /nonexistent/wordsift/input.txt: "),
            "{message}"
        );
    }
}
