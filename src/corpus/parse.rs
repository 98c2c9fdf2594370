//! Parsing the chunks of a source (`split.rs`) into documents, under the
//! policy for bad input.

use std::borrow::Cow;

use super::chunk::{Chunk, ChunkKind, SplitSettings};
use super::input::{too_large, BadInput, DocumentRef, InputFormat, ReadError, ReadSettings, Skipped, Source};
use super::json_fields::{JsonFields, RecordBuffers};
use super::record::{parse_record, RecordError};
use super::serde_record::record_keys;

/// Parses the documents of one chunk of `source`, reported to `skip` when
/// left out and to `emit` otherwise. A piece of a document is emitted as a
/// document of its own (with the title on the first piece); one left out
/// (its bytes not UTF-8 under `BadInput::Skip`) is only reported, and the
/// consumer drops the pieces before it.
pub fn parse_chunk(
    source: &Source,
    read: &ReadSettings,
    split: SplitSettings,
    chunk: Chunk,
    emit: &mut dyn FnMut(DocumentRef<'_>),
    skip: &mut dyn FnMut(Skipped),
) -> Result<(), ReadError> {
    // A one-document chunk with the reader's skipped document holds nothing
    // else.
    let only_skipped = !chunk.skipped.is_empty() && chunk.bytes.is_empty();
    for skipped in chunk.skipped {
        skip(skipped);
    }
    let fields = JsonFields::new(&read.fields);
    let mut parser = ChunkParser {
        source,
        read,
        // Lines larger than the limit are refused here; a reader that cuts
        // lines into pieces lets through only those it could not cut.
        line_limit: match chunk.format {
            InputFormat::Lines if split.pieces => u64::MAX,
            _ => read.max_document_bytes,
        },
        emit,
        skip,
        record: RecordBuffers::default(),
    };
    match (chunk.kind, chunk.format) {
        (ChunkKind::Abandoned, _) => Ok(()),
        (ChunkKind::Piece { first, .. }, format) => {
            let line = (!format.is_one_document()).then_some(chunk.first_line);
            parser.piece(chunk.bytes, line, chunk.offset, first && format == InputFormat::Seed)
        }
        (ChunkKind::Documents, format) if format.is_one_document() => {
            if only_skipped {
                return Ok(());
            }
            parser.whole(chunk.bytes, chunk.offset, format == InputFormat::Seed)
        }
        (ChunkKind::Documents, InputFormat::JsonLines) => {
            let first_record = chunk.before_records;
            parser.lines(
                &chunk.bytes,
                Some((&fields, first_record)),
                chunk.first_line,
                chunk.offset,
            )
        }
        (ChunkKind::Documents, _) => parser.lines(&chunk.bytes, None, chunk.first_line, chunk.offset),
    }
}

struct ChunkParser<'a> {
    source: &'a Source,
    read: &'a ReadSettings,
    /// The largest line that is a document.
    line_limit: u64,
    emit: &'a mut dyn FnMut(DocumentRef<'_>),
    skip: &'a mut dyn FnMut(Skipped),
    /// Where each line's fields are put, reused from line to line.
    record: RecordBuffers,
}

impl ChunkParser<'_> {
    fn skip(&mut self, line: Option<u64>, reason: String) {
        (self.skip)(Skipped {
            source: self.source.label(),
            line,
            reason,
        });
    }

    /// A document that cannot be used: left out under `BadInput::Skip`, the
    /// run's error otherwise.
    fn refuse(&mut self, line: Option<u64>, reason: String) -> Result<(), ReadError> {
        if self.read.bad_input == BadInput::Skip {
            self.skip(line, reason);
            return Ok(());
        }
        Err(ReadError::BadDocument {
            source: self.source.label(),
            line,
            reason,
        })
    }

    /// `bytes` as text under the policy for invalid UTF-8; None when the
    /// document is skipped. `offset` is where `bytes` start in the source.
    fn decode(&mut self, bytes: Vec<u8>, line: Option<u64>, offset: u64) -> Result<Option<String>, ReadError> {
        let error = match String::from_utf8(bytes) {
            Ok(text) => return Ok(Some(text)),
            Err(error) => error,
        };
        let offset = offset + error.utf8_error().valid_up_to() as u64;
        match self.read.bad_input {
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
    fn whole(&mut self, bytes: Vec<u8>, offset: u64, has_title: bool) -> Result<(), ReadError> {
        let Some(text) = self.decode(bytes, None, offset)? else {
            return Ok(());
        };
        let (title, body) = split_title(&text, has_title);
        (self.emit)(DocumentRef {
            id: &self.source.name,
            title,
            body,
            line: None,
        });
        Ok(())
    }

    /// A piece of a document (the first holds the title line of a seed
    /// document), as a document with its id.
    fn piece(&mut self, bytes: Vec<u8>, line: Option<u64>, offset: u64, has_title: bool) -> Result<(), ReadError> {
        let Some(text) = self.decode(bytes, line, offset)? else {
            return Ok(());
        };
        let (title, body) = split_title(&text, has_title);
        let id = match line {
            Some(line) => {
                self.record.line_id(&self.source.name, line);
                self.record.id.as_str()
            }
            None => self.source.name.as_str(),
        };
        (self.emit)(DocumentRef { id, title, body, line });
        Ok(())
    }

    /// One document per line of `bytes`, or per JSON record when `records`
    /// gives the fields (and whether the source's first record may be in
    /// `bytes`, which must have the fields the user named).
    fn lines(
        &mut self,
        bytes: &[u8],
        records: Option<(&JsonFields<'_>, bool)>,
        first_line: u64,
        mut offset: u64,
    ) -> Result<(), ReadError> {
        let mut rest = bytes;
        let (fields, mut first_record) = match records {
            Some((fields, first_record)) => (Some(fields), first_record),
            None => (None, false),
        };
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
            if line.len() as u64 > self.line_limit {
                self.refuse(Some(line_number), too_large(self.read.max_document_bytes))?;
                continue;
            }
            let Some(line) = self.decode_line(line, line_number, line_offset)? else {
                continue;
            };
            let Some(fields) = fields else {
                self.record.line_id(&self.source.name, line_number);
                (self.emit)(DocumentRef {
                    id: &self.record.id,
                    title: "",
                    body: &line,
                    line: Some(line_number),
                });
                continue;
            };
            // Blank lines between records are no documents.
            if line.trim().is_empty() {
                continue;
            }
            let found = match parse_record(&line, fields, self.read.bad_input, &mut self.record) {
                Ok(found) => found,
                Err(RecordError::MissingField(name)) if first_record => {
                    // A name mistyped, most likely: every record would go.
                    let keys = record_keys(&line);
                    return Err(ReadError::BadDocument {
                        source: self.source.label(),
                        line: Some(line_number),
                        reason: format!(
                            "the first record has no field {name:?} (its fields: {})",
                            keys.iter().map(|key| format!("{key:?}")).collect::<Vec<_>>().join(", ")
                        ),
                    });
                }
                Err(error) => {
                    first_record &= !matches!(error, RecordError::MissingField(_));
                    self.refuse(Some(line_number), error.to_string())?;
                    continue;
                }
            };
            first_record = false;
            let record = &mut self.record;
            if !found.id {
                record.line_id(&self.source.name, line_number);
            }
            (self.emit)(DocumentRef {
                id: &record.id,
                title: if found.title { &record.title } else { "" },
                body: &record.text,
                line: Some(line_number),
            });
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

/// A seed document's title (its first line, without a carriage return) and
/// body; all body for the other formats.
fn split_title(text: &str, has_title: bool) -> (&str, &str) {
    match text.split_once('\n') {
        Some((title, body)) if has_title => (title.strip_suffix('\r').unwrap_or(title), body),
        None if has_title => (text.strip_suffix('\r').unwrap_or(text), ""),
        _ => ("", text),
    }
}
