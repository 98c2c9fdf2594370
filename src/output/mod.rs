//! What a tokenisation is made into besides strings: Arrow-ready columns,
//! token ids with their vocabulary, term and document frequencies. Each
//! file holds its `TokenSink` and the `Tokenizer` methods that fill it, so
//! the tokenising code knows none of these formats.

pub(crate) mod columns;
pub(crate) mod counts;
pub(crate) mod ids;
