//! `strip_accents`: the marks of Latin, Greek and Cyrillic letters
//! removed, or (scikit-learn's "ascii") everything beyond ASCII after NFKD.
//! The README's "Web text" defines both.

use std::borrow::Cow;

use super::normalize::{
    compose_origins, decompose_into, is_normal, normalize, normalize_with_origins, NormalizationForm, Origin,
};
use super::unicode_data::{tables, UnicodeTables};
use super::utf8::skip_ascii;

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
    let origins = compose_origins(&within, &stripped, &carried);
    Some((normalized, origins))
}

/// The characters of `text` with accents stripped, each with what `carry`
/// gives for the index of the character it came from; None when nothing
/// changes. ASCII is copied a run at a time: no rule changes it.
fn stripped<C: Copy>(text: &str, strip: StripAccents, carry: impl Fn(usize) -> C) -> Option<(String, Vec<C>)> {
    if text.is_ascii() {
        return None;
    }
    let t = tables();
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut carried = Vec::new();
    let mut changed = false;
    // The index of the character at byte `at`, and whether the last one
    // kept is a Latin, Greek or Cyrillic letter (whose marks go).
    let (mut at, mut index, mut after_letter) = (0, 0, false);
    while at < bytes.len() {
        let ascii_end = skip_ascii(bytes, at);
        if let Some(run) = text.get(at..ascii_end).filter(|run| !run.is_empty()) {
            out.push_str(run);
            carried.extend((index..index + run.len()).map(&carry));
            after_letter = run.as_bytes().last().is_some_and(u8::is_ascii_alphabetic);
            index += run.len();
            at = ascii_end;
            continue;
        }
        let Some(ch) = text.get(at..).and_then(|rest| rest.chars().next()) else {
            break;
        };
        let with = carry(index);
        match strip {
            StripAccents::Unicode if after_letter && t.combining_class(ch) != 0 => changed = true,
            StripAccents::Unicode => {
                after_letter = t.is_accented_script_letter(ch);
                let kept = if after_letter { base_letter(t, ch) } else { ch };
                changed |= kept != ch;
                out.push(kept);
                carried.push(with);
            }
            StripAccents::Ascii => {
                changed = true;
                decompose_into(t, ch, true, |part| {
                    if part.is_ascii() {
                        out.push(part);
                        carried.push(with);
                    }
                });
            }
        }
        index += 1;
        at += ch.len_utf8();
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

#[cfg(test)]
mod tests {
    use super::*;

    fn unicode(text: &str) -> String {
        strip_accents(text, StripAccents::Unicode, Some(NormalizationForm::Nfc)).into_owned()
    }

    #[test]
    fn the_marks_of_latin_greek_and_cyrillic_letters_go() {
        assert_eq!(unicode("Café naïve façade Ærø"), "Cafe naive facade Ærø");
        assert_eq!(unicode("cafe\u{301} e\u{301}\u{327}"), "cafe e");
        assert_eq!(unicode("Ελλάδα ΐ ёж й"), "Ελλαδα ι еж и");
        assert_eq!(unicode("ø ł ß"), "ø ł ß");
        // Other scripts keep theirs; a mark after a digit or a space stays.
        for text in ["क्षेत्र", "ガッコウ", "كَتَبَ", "1\u{301} \u{301}"] {
            assert!(
                matches!(strip_accents(text, StripAccents::Unicode, None), Cow::Borrowed(_)),
                "{text}"
            );
        }
    }

    #[test]
    fn ascii_is_nfkd_less_all_beyond_ascii() {
        let ascii = |text| strip_accents(text, StripAccents::Ascii, None).into_owned();
        assert_eq!(ascii("Café ﬁne a—b Москва ½"), "Cafe fine ab  12");
        assert!(matches!(
            strip_accents("plain", StripAccents::Ascii, None),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn each_character_keeps_the_origin_of_the_one_it_came_from() {
        let text = "xé\u{301}ﬁ";
        let origins: Vec<Origin> = text
            .char_indices()
            .map(|(at, ch)| Origin {
                start: at,
                end: at + ch.len_utf8(),
            })
            .collect();
        let (unicode, carried) = strip_accents_with_origins(text, &origins, StripAccents::Unicode, None).unwrap();
        assert_eq!(unicode, "xeﬁ");
        assert_eq!(carried, [origins[0], origins[1], origins[3]]);
        let (ascii, carried) = strip_accents_with_origins(text, &origins, StripAccents::Ascii, None).unwrap();
        assert_eq!(ascii, "xefi");
        assert_eq!(carried, [origins[0], origins[1], origins[3], origins[3]]);
    }
}
