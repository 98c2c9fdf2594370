//! Term and document frequencies of a corpus, added up chunk by chunk in
//! input order: a document that comes in pieces is one document.

use crate::corpus::chunk::ChunkKind;
use crate::corpus::made::TokenizedChunk;
use crate::output::counts::TokenCounts;

/// The counts of the chunks so far.
#[derive(Default)]
pub struct CorpusCounts {
    total: TokenCounts,
    /// The document whose pieces are being counted.
    document: Option<TokenCounts>,
}

impl CorpusCounts {
    /// Adds a chunk of `made::Made::Counts`, as the pipeline hands it
    /// over.
    pub fn add(&mut self, chunk: TokenizedChunk) {
        let counts = chunk.counts.unwrap_or_default();
        match chunk.kind {
            ChunkKind::Documents => self.total.merge(counts),
            ChunkKind::Piece { first, last } => {
                if first {
                    self.document = Some(TokenCounts::default());
                }
                if let Some(document) = &mut self.document {
                    document.merge_part(counts);
                }
                if last {
                    if let Some(document) = self.document.take() {
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
