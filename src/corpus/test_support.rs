//! Helpers shared by the corpus modules' tests: temporary directories of
//! sources, reading a source whole into documents of their own, and
//! messages without temporary directories. The
//! library itself streams documents borrowed from the parser (`DocumentRef`)
//! and needs none of this.

use std::path::PathBuf;

use super::chunk::SplitSettings;
use super::input::{DocumentRef, InputFormat, ReadError, ReadSettings, Skipped, Source, SourcePath};
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

/// A directory of a test's own, removed when dropped.
pub(crate) struct TempDir(pub(crate) PathBuf);

impl TempDir {
    /// A new, empty directory named after the test module and the test.
    pub(crate) fn new(module: &str, tag: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("wordsift-{module}-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    /// `bytes` written to a file named `name`, as a source.
    pub(crate) fn source(&self, name: &str, bytes: impl AsRef<[u8]>, format: Option<InputFormat>) -> Source {
        let path = self.0.join(name);
        std::fs::write(&path, bytes).unwrap();
        Source {
            path: SourcePath::File(path),
            name: name.to_owned(),
            format,
        }
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The names in `dir`, sorted.
pub(crate) fn listing(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}
