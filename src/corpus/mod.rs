//! Corpora on disk: reading documents from files, tokenising them in
//! parallel and in order, and writing the results.

pub mod pipeline;
pub mod read;
pub mod write;
