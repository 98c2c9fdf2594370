//! What a corpus run reads: its sources, their formats, the policy for bad
//! input, and the documents and errors that reading gives.

use std::fmt;
use std::io;
use std::path::PathBuf;

/// How the bytes of a source are split into documents.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputFormat {
    /// One document per source: the first line is its title, the rest its
    /// body (the format of the project's seed documents).
    Seed,
    /// One document per source, all body, no title.
    Whole,
    /// One document per line, all body, no title.
    Lines,
    /// One JSON object per line: the body, title and id in the fields that
    /// `RecordFields` names.
    JsonLines,
}

impl InputFormat {
    /// The formats by the names the binding and the command use.
    pub const NAMES: [(&'static str, InputFormat); 4] = [
        ("seed", InputFormat::Seed),
        ("whole", InputFormat::Whole),
        ("lines", InputFormat::Lines),
        ("jsonl", InputFormat::JsonLines),
    ];

    pub fn from_name(name: &str) -> Option<InputFormat> {
        Self::NAMES
            .iter()
            .find(|(known, _)| *known == name)
            .map(|&(_, format)| format)
    }

    pub fn name(self) -> &'static str {
        Self::NAMES
            .iter()
            .find(|(_, known)| *known == self)
            .map_or("seed", |&(name, _)| name)
    }

    /// Whether a source holds one document (rather than one per line).
    pub fn is_one_document(self) -> bool {
        matches!(self, InputFormat::Seed | InputFormat::Whole)
    }
}

/// A field of a JSON Lines record that the user may name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldName {
    pub name: String,
    /// Whether every record must have it (a name the user chose); when
    /// false (the default names), a record without it has an empty title or
    /// an id made from its line.
    pub required: bool,
}

/// The fields of a JSON Lines record that make a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordFields {
    /// The body, which every record must have.
    pub text: String,
    pub title: Option<FieldName>,
    pub id: Option<FieldName>,
}

impl Default for RecordFields {
    fn default() -> Self {
        let optional = |name: &str| {
            Some(FieldName {
                name: name.to_owned(),
                required: false,
            })
        };
        RecordFields {
            text: "text".to_owned(),
            title: optional("title"),
            id: optional("id"),
        }
    }
}

/// What to do with a document whose bytes are not valid UTF-8, or that
/// cannot be used as one (a JSON Lines line that is not a usable object, a
/// lone surrogate, a document over the size limit).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BadInput {
    /// Stop with an error naming the source, the line and the byte offset.
    Strict,
    /// Decode with U+FFFD in place of each invalid sequence (and lone
    /// surrogate); documents over the size limit are still refused.
    Replace,
    /// Leave the document out, and report it.
    Skip,
}

/// Where documents come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SourcePath {
    File(PathBuf),
    Stdin,
}

/// One input: where to read it, the name its documents' ids start with, and
/// its format (None: detected from its first bytes, `detect.rs`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    pub path: SourcePath,
    pub name: String,
    pub format: Option<InputFormat>,
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
}

/// How sources are read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadSettings {
    pub fields: RecordFields,
    pub bad_input: BadInput,
    /// The largest document held whole, in bytes: a larger one is refused
    /// (skipped under `BadInput::Skip`) unless it can be streamed in pieces.
    pub max_document_bytes: u64,
}

/// The default `max_document_bytes`: far above any real article, far below
/// the memory of a machine that tokenises corpora.
pub const DEFAULT_MAX_DOCUMENT_BYTES: u64 = 256 << 20;

impl Default for ReadSettings {
    fn default() -> Self {
        ReadSettings {
            fields: RecordFields::default(),
            bad_input: BadInput::Strict,
            max_document_bytes: DEFAULT_MAX_DOCUMENT_BYTES,
        }
    }
}

/// The reason given for a document over the limit.
pub fn too_large(limit: u64) -> String {
    format!("the document is larger than the limit of {limit} bytes (max_document_bytes, --max-document-size)")
}

/// A document as parsed, borrowed from the parser: valid for the call it is
/// passed to, so that parsing a document allocates nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DocumentRef<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub body: &'a str,
    /// The line it was read from, for the line formats.
    pub line: Option<u64>,
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
    /// A document that cannot be used: a JSON Lines line that is not a
    /// usable object, one larger than the limit, under `BadInput::Strict`
    /// (or any policy, where leaving it out is no longer possible).
    BadDocument {
        source: String,
        line: Option<u64>,
        reason: String,
    },
    /// A source that cannot be read in the format given or detected.
    Format { source: String, reason: String },
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = |f: &mut fmt::Formatter<'_>, source: &str, line: &Option<u64>| {
            write!(f, "{source}")?;
            match line {
                Some(line) => write!(f, ", line {line}: "),
                None => write!(f, ": "),
            }
        };
        match self {
            ReadError::Io { source, error } => write!(f, "cannot read {source}: {error}"),
            ReadError::InvalidUtf8 { source, line, offset } => {
                at(f, source, line)?;
                write!(f, "not valid UTF-8 at byte offset {offset}")
            }
            ReadError::BadDocument { source, line, reason } => {
                at(f, source, line)?;
                f.write_str(reason)
            }
            ReadError::Format { source, reason } => write!(f, "{source}: {reason}"),
        }
    }
}

impl std::error::Error for ReadError {}
