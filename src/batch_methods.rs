//! The batch methods that return token strings or columns, each text on
//! one of up to `threads` threads. Kept apart, as they are, until a batch
//! engine of the core's replaces them.

use std::num::NonZeroUsize;

use crate::output::columns::TokenColumns;
use crate::parallel::map_chunks;
use crate::tokenize::{TokenBuffer, Tokenizer};

impl Tokenizer {
    /// The tokens of each text, in input order, on up to `threads` threads.
    pub fn tokenize_batch<T: AsRef<str> + Sync>(&self, texts: &[T], threads: NonZeroUsize) -> Vec<TokenBuffer> {
        let (_, chunks) = map_chunks(
            texts,
            threads,
            || (),
            |(), chunk| {
                chunk
                    .iter()
                    .map(|text| {
                        let mut tokens = TokenBuffer::new();
                        self.tokenize_into(text.as_ref(), &mut tokens);
                        tokens
                    })
                    .collect::<Vec<_>>()
            },
        );
        chunks.into_iter().flat_map(|(_, tokens)| tokens).collect()
    }
}

impl Tokenizer {
    /// The tokens of each text as Arrow `large_list<large_string>` buffers.
    pub fn tokenize_batch_columns<T: AsRef<str> + Sync>(&self, texts: &[T], threads: NonZeroUsize) -> TokenColumns {
        TokenColumns::concat(self.tokenize_batch_column_parts(texts, threads), threads)
    }

    /// The tokens of each text as consecutive parts of a column, made on up
    /// to `threads` threads; `TokenColumns::concat` joins them.
    pub fn tokenize_batch_column_parts<T: AsRef<str> + Sync>(
        &self,
        texts: &[T],
        threads: NonZeroUsize,
    ) -> Vec<TokenColumns> {
        let (_, chunks) = map_chunks(
            texts,
            threads,
            || (),
            |(), chunk| {
                let mut columns = TokenColumns::default();
                self.extend_columns(chunk, &mut columns);
                columns
            },
        );
        chunks.into_iter().map(|(_, columns)| columns).collect()
    }
}
