//! `strip_accents`: the marks of Latin, Greek and Cyrillic letters
//! removed, or (scikit-learn's "ascii") everything beyond ASCII after NFKD.
//! The README's "Web text" defines both.

use std::borrow::Cow;

use super::normalize::{decompose_into, is_normal, normalize, normalize_with_origins, NormalizationForm, Origin};
use super::unicode_data::{tables, UnicodeTables};

/// Which accents `strip_accents` removes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StripAccents {
    /// The marks of Latin, Greek and Cyrillic letters: each such letter
    /// becomes the first character of its canonical decomposition, and the
    /// characters of non-zero combining class after it go.
    Unicode,
    /// scikit-learn's: the text decomposed by NFKD, less every character
    /// beyond ASCII.
    Ascii,
}

/// `text` with its accents stripped, then normalised again by `form`
/// (borrowed when nothing changes).
pub(crate) fn strip_accents(text: &str, strip: StripAccents, form: Option<NormalizationForm>) -> Cow<'_, str> {
    match stripped(text, strip, |_| ()) {
        None => Cow::Borrowed(text),
        Some((stripped, _)) => match form.map(|form| normalize(&stripped, form)) {
            Some(Cow::Owned(normalized)) => Cow::Owned(normalized),
            _ => Cow::Owned(stripped),
        },
    }
}

/// `strip_accents` of a text whose characters came from `origins` (one
/// each), with the origins of the result's characters; None when nothing
/// changes.
pub(crate) fn strip_accents_with_origins(
    text: &str,
    origins: &[Origin],
    strip: StripAccents,
    form: Option<NormalizationForm>,
) -> Option<(String, Vec<Origin>)> {
    let (stripped, carried) = stripped(text, strip, |index| {
        origins.get(index).copied().unwrap_or(Origin { start: 0, end: 0 })
    })?;
    let Some(form) = form.filter(|&form| !is_normal(&stripped, form)) else {
        return Some((stripped, carried));
    };
    // Normalising again gives each character a range of the stripped
    // text; its origin is that of the characters there.
    let (normalized, within) = normalize_with_origins(&stripped, form);
    let starts: Vec<usize> = stripped.char_indices().map(|(at, _)| at).collect();
    let origins = within
        .iter()
        .map(|range| {
            let first = starts.partition_point(|&at| at < range.start);
            let last = starts.partition_point(|&at| at < range.end);
            carried
                .get(first..last)
                .unwrap_or_default()
                .iter()
                .copied()
                .reduce(Origin::join)
                .unwrap_or(Origin { start: 0, end: 0 })
        })
        .collect();
    Some((normalized, origins))
}

/// The characters of `text` with accents stripped, each with what `carry`
/// gives for the index of the character it came from; None when nothing
/// changes.
fn stripped<C: Copy>(text: &str, strip: StripAccents, carry: impl Fn(usize) -> C) -> Option<(String, Vec<C>)> {
    if text.is_ascii() {
        return None;
    }
    let t = tables();
    let mut out = String::with_capacity(text.len());
    let mut carried = Vec::new();
    let mut changed = false;
    let mut push = |ch: char, with: C| {
        out.push(ch);
        carried.push(with);
    };
    match strip {
        StripAccents::Unicode => {
            let mut after_letter = false;
            for (index, ch) in text.chars().enumerate() {
                if after_letter && t.combining_class(ch) != 0 {
                    changed = true;
                    continue;
                }
                after_letter = t.is_accented_script_letter(ch);
                let kept = if after_letter { base_letter(t, ch) } else { ch };
                changed |= kept != ch;
                push(kept, carry(index));
            }
        }
        StripAccents::Ascii => {
            changed = true;
            for (index, ch) in text.chars().enumerate() {
                decompose_into(t, ch, true, |part| {
                    if part.is_ascii() {
                        push(part, carry(index));
                    }
                });
            }
        }
    }
    changed.then_some((out, carried))
}

/// The first character of `ch`'s canonical decomposition (itself, if it
/// has none).
fn base_letter(t: &UnicodeTables, ch: char) -> char {
    t.decomposition(ch, false)
        .and_then(|parts| parts.first().copied())
        .unwrap_or(ch)
}
