//! E-mail addresses, mentions and hashtags: the spans found at an `@` or a
//! `#`.

use super::chars::{
    char_at, char_before, class, is_alphanumeric, is_letter, is_letter_or_digit, is_word, run_end, starts_free,
};
use super::{Span, SpanKind};
use crate::unicode::unicode_data::CharClass;

/// The address whose `@` is at byte `at`, its local part starting no
/// earlier than `floor`, if there is one.
pub(super) fn email(text: &str, at: usize, floor: usize) -> Option<Span> {
    let mut start = at;
    while start > floor {
        match char_before(text, start) {
            Some(ch) if is_local_char(ch) => start -= ch.len_utf8(),
            _ => break,
        }
    }
    let local = text.get(start..at)?;
    let dots = local.len() - local.trim_start_matches('.').len();
    let (start, local) = (start + dots, local.get(dots..)?);
    if local.is_empty() || local.ends_with('.') || local.contains("..") {
        return None;
    }
    let end = domain_end(text, at + 1)?;
    Some(Span {
        start,
        end,
        kind: SpanKind::Email,
    })
}

/// A character of an address's local part: a letter, a digit or one of
/// `_%+-.`.
fn is_local_char(ch: char) -> bool {
    matches!(ch, '_' | '%' | '+' | '-' | '.') || is_letter_or_digit(ch)
}

/// The end of the domain that starts at byte `from`: the longest run of two
/// or more labels joined by single dots whose last label is two or more
/// letters and marks.
fn domain_end(text: &str, from: usize) -> Option<usize> {
    let mut labels = 0;
    let mut label_start = from;
    let mut end = None;
    loop {
        let label_end = run_end(text, label_start, |ch| ch == '-' || is_alphanumeric(ch));
        if label_end == label_start {
            break;
        }
        labels += 1;
        let label = text.get(label_start..label_end).unwrap_or_default();
        if labels >= 2 && label.chars().nth(1).is_some() && label.chars().all(is_letter_or_mark) {
            end = Some(label_end);
        }
        if char_at(text, label_end) != Some('.') {
            break;
        }
        label_start = label_end + 1;
    }
    end
}

fn is_letter_or_mark(ch: char) -> bool {
    matches!(class(ch), CharClass::Letter | CharClass::Ideograph | CharClass::Mark)
}

/// The mention whose `@` is at byte `at`, if there is one: the character
/// before is not a word character, and letters, marks, digits or `_`
/// follow.
pub(super) fn mention(text: &str, at: usize) -> Option<Span> {
    if !starts_free(text, at) {
        return None;
    }
    let end = run_end(text, at + 1, |ch| ch == '_' || is_alphanumeric(ch));
    (end > at + 1).then_some(Span {
        start: at,
        end,
        kind: SpanKind::Mention,
    })
}

/// The hashtag whose `#` is at byte `at`, if there is one: the character
/// before is neither a word character nor `&`, and word characters follow,
/// a letter among them.
pub(super) fn hashtag(text: &str, at: usize) -> Option<Span> {
    if !starts_free(text, at) || char_before(text, at) == Some('&') {
        return None;
    }
    let end = run_end(text, at + 1, is_word);
    let tag = text.get(at + 1..end)?;
    tag.chars().any(is_letter).then_some(Span {
        start: at,
        end,
        kind: SpanKind::Hashtag,
    })
}
