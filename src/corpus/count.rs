//! Term and document frequencies of a corpus, added up chunk by chunk in
//! input order: a document that comes in pieces is one document, and its
//! n-grams that span the cuts between pieces are counted too.

use crate::corpus::chunk::ChunkKind;
use crate::corpus::made::TokenizedChunk;
use crate::output::counts::TokenCounts;
use crate::vectorize::{NgramRange, PieceJoin};

/// The counts of the chunks so far.
pub struct CorpusCounts {
    ngrams: NgramRange,
    total: TokenCounts,
    /// The document whose pieces are being counted.
    document: Option<(TokenCounts, PieceJoin)>,
}

impl CorpusCounts {
    /// Counts of the word n-grams in `ngrams` (as `made::Made::Counts` was
    /// given them).
    pub fn new(ngrams: NgramRange) -> Self {
        CorpusCounts {
            ngrams,
            total: TokenCounts::default(),
            document: None,
        }
    }

    /// Adds a chunk of `made::Made::Counts`, as the pipeline hands it
    /// over.
    pub fn add(&mut self, chunk: TokenizedChunk) {
        let counts = chunk.counts.unwrap_or_default();
        match chunk.kind {
            ChunkKind::Documents => self.total.merge(counts),
            ChunkKind::Piece { first, last } => {
                if first || self.document.is_none() {
                    self.document = Some((TokenCounts::default(), PieceJoin::new(self.ngrams)));
                }
                if let Some((document, join)) = &mut self.document {
                    document.merge_part(counts);
                    let mut spanning = TokenCounts::default();
                    join.next_piece(&chunk.edges, |text| spanning.add(text, 1, 1));
                    document.merge_part(spanning);
                }
                if last {
                    if let Some((document, _)) = self.document.take() {
                        self.total.merge(document);
                    }
                }
            }
            ChunkKind::Abandoned => self.document = None,
        }
    }

    pub fn finish(self) -> TokenCounts {
        self.total
    }
}
