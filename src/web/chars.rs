//! The classes of characters the span rules are written in, from the
//! pinned tables.

use crate::unicode::unicode_data::{tables, CharClass};

/// The character that starts at byte `at` of `text`, if one does.
pub(super) fn char_at(text: &str, at: usize) -> Option<char> {
    text.get(at..)?.chars().next()
}

/// The character that ends at byte `at` of `text`, if one does.
pub(super) fn char_before(text: &str, at: usize) -> Option<char> {
    text.get(..at)?.chars().next_back()
}

pub(super) fn class(ch: char) -> CharClass {
    tables().class(ch)
}

/// A letter, mark, digit, joiner, format character or `_`.
pub(super) fn is_word(ch: char) -> bool {
    ch == '_' || class(ch) != CharClass::Other
}

/// Whether the character before byte `at` leaves a span free to start
/// there: there is none, or it is not a word character.
pub(super) fn starts_free(text: &str, at: usize) -> bool {
    char_before(text, at).is_none_or(|ch| !is_word(ch))
}

pub(super) fn is_letter(ch: char) -> bool {
    matches!(class(ch), CharClass::Letter | CharClass::Ideograph)
}

pub(super) fn is_letter_or_digit(ch: char) -> bool {
    matches!(class(ch), CharClass::Letter | CharClass::Ideograph | CharClass::Digit)
}

/// A letter, mark or digit: what a mention, or an address's domain label
/// (with `-`), is made of.
pub(super) fn is_alphanumeric(ch: char) -> bool {
    matches!(
        class(ch),
        CharClass::Letter | CharClass::Ideograph | CharClass::Mark | CharClass::Digit
    )
}

/// The end of the run of characters from byte `from` that `test` accepts.
pub(super) fn run_end(text: &str, from: usize, test: impl Fn(char) -> bool) -> usize {
    let rest = text.get(from..).unwrap_or_default();
    rest.char_indices()
        .find(|&(_, ch)| !test(ch))
        .map_or(text.len(), |(offset, _)| from + offset)
}
