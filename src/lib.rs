//! wordsift's core: a word tokeniser and stopword filter.
//!
//! Pure Rust, with no knowledge of Python; the pyo3 binding lives in
//! `py/`, behind the `python` feature (docs/architecture.md: the layers). The rules are those of the
//! pure-Python reference (`python/wordsift/reference.py`), and both read the
//! same pinned Unicode tables and stopword lists.

// The core, and the binding with it, must not panic on any input: no
// unwrap or expect, no indexing that can be out of range (`get` instead);
// the few exceptions say why. Tests may panic: that is how they fail.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing))]
#![deny(clippy::undocumented_unsafe_blocks)]

mod arrow;
pub mod batch;
pub mod corpus;
mod error;
mod options;
mod output;
mod parallel;
pub mod stable;
mod stem;
mod stopwords;
mod tokenize;
mod unicode;
pub mod vectorize;
mod vocabulary;
mod web;

#[cfg(feature = "python")]
mod py;

pub use arrow::import::{ArrowArrayStream, StringColumn};
pub use arrow::{export_token_columns, token_columns_schema, ArrowArray, ArrowSchema, ExportedArray, ExportedSchema};
pub use error::Error;
pub use options::{CjkTokens, Segmentation, TokenizerOptions};
pub use output::columns::{OffsetUnit, TokenColumns, TokenSpans};
pub use output::counts::TokenCounts;
pub use output::ids::{TokenIdState, TokenIds};
pub use parallel::{default_threads, THREADS_VARIABLE};
pub use stem::StemLanguage;
pub use stopwords::{bundled_list, bundled_list_name, bundled_list_names, StopwordSet, DEFAULT_LIST_NAME};
pub use tokenize::{CodePoints, Explained, Fate, TokenBuffer, Tokenizer};
pub use unicode::case::lowercase;
pub use unicode::normalize::{normalize, NormalizationForm};
pub use vocabulary::Vocabulary;

/// The Unicode version of the tables the tokeniser uses.
pub fn unicode_version() -> &'static str {
    unicode::unicode_data::tables_version()
}

/// The version of the token rules (`python/wordsift/data/token_rules.txt`):
/// it goes up whenever the tokens of any options change, so that an index
/// built with one version can tell whether another tokenises alike.
#[allow(clippy::expect_used)] // the file is compiled in; tests read it
pub fn rules_version() -> &'static str {
    include_str!("../python/wordsift/data/token_rules.txt")
        .lines()
        .find_map(|line| line.strip_prefix("rules "))
        .expect("a rules line in token_rules.txt")
}

/// What the pinned Unicode tables make of a character: whether it starts a
/// word (a letter), may continue one and stay in the token (a letter, mark,
/// ZWNJ or ZWJ), or is a decimal digit. For checks made from outside the
/// crate, such as the fuzz target's invariants.
pub fn char_roles(ch: char) -> CharRoles {
    use unicode::unicode_data::{tables, CharClass};
    let class = tables().class(ch);
    CharRoles {
        starts_word: matches!(class, CharClass::Letter | CharClass::Ideograph),
        in_word: matches!(
            class,
            CharClass::Letter | CharClass::Ideograph | CharClass::Mark | CharClass::Joiner
        ),
        digit: class == CharClass::Digit,
        ideograph: class == CharClass::Ideograph,
    }
}

/// See `char_roles`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CharRoles {
    pub starts_word: bool,
    pub in_word: bool,
    pub digit: bool,
    /// A Han ideograph or kana letter (see `CjkTokens`).
    pub ideograph: bool,
}
