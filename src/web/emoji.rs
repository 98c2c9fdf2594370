//! Emoji: an element (a flag, a keycap, or an emoji character with its
//! presentation selector, skin tone and tags) and those joined to it by
//! ZERO WIDTH JOINERs.

use super::chars::{char_at, char_before, class, starts_free};
use super::{Span, SpanKind};
use crate::unicode::unicode_data::{tables, CharClass, EmojiProperty};

const ZWJ: char = '\u{200D}';
const KEYCAP: char = '\u{20E3}';
const EMOJI_PRESENTATION: char = '\u{FE0F}';
const TEXT_PRESENTATION: char = '\u{FE0E}';
const TAGS: std::ops::RangeInclusive<char> = '\u{E0020}'..='\u{E007F}';
const REGIONAL_INDICATORS: std::ops::RangeInclusive<char> = '\u{1F1E6}'..='\u{1F1FF}';

/// The emoji found at the character beyond ASCII at byte `at`, if one
/// starts there (or, for a keycap, at the digit, `#` or `*` before its
/// U+20E3), no earlier than `floor`.
pub(super) fn at(text: &str, at: usize, floor: usize) -> Option<Span> {
    let ch = char_at(text, at)?;
    let start = if ch == KEYCAP {
        keycap_start(text, at).filter(|&start| start >= floor && starts_free(text, start))?
    } else {
        at
    };
    let mut end = element_end(text, start)?;
    while char_at(text, end) == Some(ZWJ) {
        match element_end(text, end + ZWJ.len_utf8()) {
            Some(joined) => end = joined,
            None => break,
        }
    }
    Some(Span {
        start,
        end,
        kind: SpanKind::Emoji,
    })
}

/// Where the keycap whose U+20E3 is at byte `keycap` starts: at the digit,
/// `#` or `*` before it (and its U+FE0F, if any).
fn keycap_start(text: &str, keycap: usize) -> Option<usize> {
    let mut start = keycap;
    if char_before(text, start) == Some(EMOJI_PRESENTATION) {
        start -= EMOJI_PRESENTATION.len_utf8();
    }
    let base = char_before(text, start)?;
    is_keycap_base(base).then_some(start - 1)
}

fn is_keycap_base(ch: char) -> bool {
    ch.is_ascii_digit() || ch == '#' || ch == '*'
}

/// The end of the element that starts at byte `start`, if one does.
fn element_end(text: &str, start: usize) -> Option<usize> {
    let ch = char_at(text, start)?;
    let mut end = start + ch.len_utf8();
    let next = |end: usize| char_at(text, end);
    if REGIONAL_INDICATORS.contains(&ch) {
        return Some(match next(end) {
            Some(second) if REGIONAL_INDICATORS.contains(&second) => end + second.len_utf8(),
            _ => end,
        });
    }
    if is_keycap_base(ch) {
        // After a ZWJ (a word character) a keycap is never one.
        if !starts_free(text, start) {
            return None;
        }
        if next(end) == Some(EMOJI_PRESENTATION) {
            end += EMOJI_PRESENTATION.len_utf8();
        }
        return (next(end) == Some(KEYCAP)).then_some(end + KEYCAP.len_utf8());
    }
    let property = tables().emoji(ch);
    if ch.is_ascii() || property == EmojiProperty::No || class(ch) != CharClass::Other {
        return None;
    }
    if let Some(selector) = next(end).filter(|&next| next == EMOJI_PRESENTATION || next == TEXT_PRESENTATION) {
        end += selector.len_utf8();
    }
    if property == EmojiProperty::ModifierBase {
        if let Some(tone) = next(end).filter(|&next| tables().emoji(next) == EmojiProperty::Modifier) {
            end += tone.len_utf8();
        }
    }
    while let Some(tag) = next(end).filter(|next| TAGS.contains(next)) {
        end += tag.len_utf8();
    }
    Some(end)
}
