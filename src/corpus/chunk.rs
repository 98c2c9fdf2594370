//! What the reader (`split.rs`) hands the parsing and tokenising threads
//! (`parse.rs`, `made.rs`), and what they hand on to the writers: a chunk
//! of a source, what it holds, and how sources are cut into chunks. Below
//! the modules that make and take chunks, so that none imports another for
//! the type alone.

use super::input::{InputFormat, Skipped};

/// A part of a source that a parsing thread takes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chunk {
    pub bytes: Vec<u8>,
    pub format: InputFormat,
    pub kind: ChunkKind,
    /// The number of the chunk's first line in the source (from 1).
    pub first_line: u64,
    /// Where the chunk starts in the (decompressed) source.
    pub offset: u64,
    /// Bytes read from the run's files so far (compressed ones for gzip),
    /// for progress.
    pub position: u64,
    /// Documents the reader left out (larger than the limit, under
    /// `BadInput::Skip`): they come before the chunk's own documents.
    pub skipped: Vec<Skipped>,
    /// No chunk of the source before this one held a `{`: the source's first
    /// JSON record, if any, is in this chunk or a later one.
    pub before_records: bool,
}

/// What a chunk holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ChunkKind {
    /// Whole documents (possibly none).
    #[default]
    Documents,
    /// A part of one document: the first holds its start (and title), the
    /// last its end.
    Piece { first: bool, last: bool },
    /// The document whose pieces came before turned out unusable (larger
    /// than the limit without a place to cut it, under `BadInput::Skip`):
    /// whoever took its pieces drops them.
    Abandoned,
}

/// How sources are cut into chunks.
#[derive(Clone, Copy, Debug)]
pub struct SplitSettings {
    /// About how many bytes a chunk holds (more when one line is longer).
    pub chunk_bytes: usize,
    /// Whether a document larger than a chunk is cut into pieces (the
    /// consumer streams it) or held whole up to `max_document_bytes`.
    pub pieces: bool,
}
