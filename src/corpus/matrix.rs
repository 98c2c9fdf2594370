//! A corpus's matrix, its rows added chunk by chunk in input order: a
//! document that comes in pieces is one row.

use crate::corpus::chunk::ChunkKind;
use crate::corpus::made::TokenizedChunk;
use crate::vectorize::{Columns, CsrMatrix, DataType, NgramRange, StreamedMatrix};

/// The rows of the chunks so far.
pub struct CorpusMatrix {
    matrix: StreamedMatrix,
}

impl CorpusMatrix {
    /// A matrix of the word n-grams in `ngrams` mapped to `columns` (as
    /// `made::Made::Rows` was given them).
    pub fn new(columns: Columns, ngrams: NgramRange, data_type: DataType) -> Self {
        CorpusMatrix {
            matrix: StreamedMatrix::new(columns, ngrams, data_type),
        }
    }

    /// Adds a chunk of `made::Made::Rows`, as the pipeline hands it over.
    pub fn add(&mut self, chunk: TokenizedChunk) {
        let rows = chunk.rows.unwrap_or_default();
        match chunk.kind {
            ChunkKind::Documents => self.matrix.add_documents(&rows),
            ChunkKind::Piece { first, last } => self.matrix.add_piece(&rows, first, last),
            ChunkKind::Abandoned => self.matrix.abandon_document(),
        }
    }

    /// The matrix, every value 1 if `binary`.
    pub fn finish(self, binary: bool) -> CsrMatrix {
        self.matrix.finish(binary)
    }
}
