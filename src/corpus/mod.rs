//! Corpora on disk: reading documents from files, tokenising them in
//! parallel and in order, and writing the results.
//!
//! A run: `source` opens each input, `detect` decides its format when the
//! user did not, `split` cuts it into chunks (and a document too large to
//! hold whole into pieces), `parse` makes documents of a chunk (with
//! `record` for JSON Lines, which reads a record by the fast path in `json`
//! or by serde_json in `serde_record`, both filling `json_fields`), `made`
//! tokenises them into what the run makes, `pipeline` runs that on several
//! threads and hands the results over in order, and `render` (with
//! `offsets` for where each token came from) and `write` (with `pending`
//! for files and `directory` for seed files), `count` or
//! `matrix` take them. `error` gathers what reading and writing fail with into one
//! `Error`, whose kind says whose the failure is.

pub mod chunk;
pub mod count;
pub mod detect;
pub mod directory;
mod error;
pub mod input;
mod json;
mod json_fields;
pub mod made;
pub mod matrix;
pub mod offsets;
pub mod output;
pub mod parse;
mod pending;
pub mod pipeline;
mod record;
pub mod render;
mod serde_record;
pub mod source;
pub mod split;
pub mod write;

pub use error::{Error, ErrorKind};

/// Whether the JSON Lines fast path gives up on `line` (Ok(false)) or
/// finds what serde_json finds (Ok(true)); Err says how they differ. For
/// the fuzz target `json_record`; not part of the API.
#[doc(hidden)]
pub fn json_fast_path_agrees(line: &str) -> Result<bool, String> {
    json::compare_with_serde(line)
}

// The tests of split and parse, which read through both (parse_tests.rs
// says why they are here).
#[cfg(test)]
mod parse_tests;
#[cfg(test)]
mod split_tests;
#[cfg(test)]
mod test_support;
#[cfg(test)]
mod vectorize_tests;
