//! Helpers shared by the corpus modules' tests: reading a source whole into
//! documents of their own, and messages without temporary directories. The
//! library itself streams documents borrowed from the parser (`DocumentRef`)
//! and needs none of this.

use super::chunk::SplitSettings;
use super::input::{DocumentRef, ReadError, ReadSettings, Skipped, Source};
use super::parse::parse_chunk;
use super::split::split_source;

/// A document as read: its id, title (empty when the format has none) and
/// the text to tokenise.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Document {
    pub(crate) id: String,
    pub(crate) title: String,
    pub(crate) body: String,
}

impl DocumentRef<'_> {
    /// The document with strings of its own.
    pub(crate) fn to_document(self) -> Document {
        Document {
            id: self.id.to_owned(),
            title: self.title.to_owned(),
            body: self.body.to_owned(),
        }
    }
}

/// Reads the documents of one source in order, passing each to `emit`, and
/// each one left out to `skip`; every document is held whole.
pub(crate) fn read_source(
    source: &Source,
    read: &ReadSettings,
    emit: &mut dyn FnMut(Document),
    skip: &mut dyn FnMut(Skipped),
) -> Result<(), ReadError> {
    let mut result = Ok(());
    let split = SplitSettings {
        chunk_bytes: 1 << 20,
        pieces: false,
    };
    split_source(source, read, split, 0, &mut |chunk| {
        result = parse_chunk(
            source,
            read,
            split,
            chunk,
            &mut |document| emit(document.to_document()),
            skip,
        );
        result.is_ok()
    })?;
    result
}

/// A message with the directory of the file it names cut off, so that
/// tests can compare it whatever temporary directory the file is in.
pub(crate) fn without_dir(message: &str) -> String {
    let head = message.find([',', ':']).unwrap_or(message.len());
    let start = message[..head].rfind('/').map_or(0, |slash| slash + 1);
    message[start..].to_owned()
}
