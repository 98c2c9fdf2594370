//! Full Unicode lower-casing with the pinned tables, as CPython's
//! `str.lower()` does it, the context-dependent final sigma included.

use crate::unicode::normalize::Origin;
use crate::unicode::unicode_data::{tables, Casing, UnicodeTables};

const CAPITAL_SIGMA: char = '\u{3A3}';
const SMALL_SIGMA: char = '\u{3C3}';
const SMALL_FINAL_SIGMA: char = '\u{3C2}';

/// Passes the lower case of `ch`, found at byte offset `at` of `text`, to `push`.
///
/// The offset and text give the context that decides the final sigma; all
/// other mappings are context-free.
#[inline]
pub(crate) fn lowercase_char_in(t: &UnicodeTables, text: &str, at: usize, ch: char, mut push: impl FnMut(char)) {
    if ch.is_ascii() {
        push(ch.to_ascii_lowercase());
    } else if ch == CAPITAL_SIGMA {
        push(if is_final_sigma(t, text, at) {
            SMALL_FINAL_SIGMA
        } else {
            SMALL_SIGMA
        });
    } else if let Some(mapped) = t.lowercase(ch) {
        mapped.chars().for_each(push);
    } else {
        push(ch);
    }
}

/// CPython's Final_Sigma test: a cased character before the sigma and none
/// after it, skipping case-ignorable characters in both directions.
fn is_final_sigma(t: &UnicodeTables, text: &str, at: usize) -> bool {
    let before = text[..at].chars().rev().find(|&ch| t.casing(ch) != Casing::Ignorable);
    if before.map(|ch| t.casing(ch)) != Some(Casing::Cased) {
        return false;
    }
    let after = text[at + CAPITAL_SIGMA.len_utf8()..]
        .chars()
        .find(|&ch| t.casing(ch) != Casing::Ignorable);
    after.map(|ch| t.casing(ch)) != Some(Casing::Cased)
}

/// The lower case of a whole string, into `out` (cleared first).
pub(crate) fn lowercase_into(text: &str, out: &mut String) {
    out.clear();
    if text.is_ascii() {
        out.push_str(text);
        out.make_ascii_lowercase();
        return;
    }
    let t = tables();
    for (at, ch) in text.char_indices() {
        lowercase_char_in(t, text, at, ch, |lowered| out.push(lowered));
    }
}

/// The lower case of a whole string, with each of its characters' origin:
/// that of the character of `text` it came from (`origins`, one per
/// character of `text`).
pub(crate) fn lowercase_with_origins(text: &str, origins: &[Origin]) -> (String, Vec<Origin>) {
    let t = tables();
    let mut out = String::with_capacity(text.len());
    let mut out_origins = Vec::with_capacity(origins.len());
    for ((at, ch), &origin) in text.char_indices().zip(origins) {
        lowercase_char_in(t, text, at, ch, |lowered| {
            out.push(lowered);
            out_origins.push(origin);
        });
    }
    (out, out_origins)
}

/// The lower case of a whole string.
pub fn lowercase(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    lowercase_into(text, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dotted_capital_i_gains_a_combining_dot() {
        assert_eq!(lowercase("\u{130}"), "i\u{307}");
    }

    #[test]
    fn sigma_is_final_only_at_the_end_of_a_cased_run() {
        assert_eq!(
            lowercase("\u{39F}\u{394}\u{39F}\u{3A3}"),
            "\u{3BF}\u{3B4}\u{3BF}\u{3C2}"
        );
        assert_eq!(lowercase("\u{3A3}"), "\u{3C3}");
        // The apostrophe is case-ignorable, so the following s counts.
        assert_eq!(lowercase("\u{391}\u{3A3}'s"), "\u{3B1}\u{3C3}'s");
        assert_eq!(lowercase("\u{391}\u{3A3}. x"), "\u{3B1}\u{3C2}. x");
    }

    #[test]
    fn sharp_s_is_already_lower_case() {
        assert_eq!(lowercase("STRA\u{DF}E"), "stra\u{df}e");
    }
}
