//! Unicode normalisation (UAX #15) to NFC or NFKC with the pinned tables.

use std::borrow::Cow;

use crate::unicode::unicode_data::{tables, QuickCheck, UnicodeTables};
use crate::unicode::utf8::{code_point_at, skip_ascii};

/// A normalisation form the tokeniser can apply before splitting (its
/// names in the Python API: `options.rs`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NormalizationForm {
    /// Canonical composition: visually identical spellings become one.
    Nfc,
    /// Compatibility composition: also folds ligatures, full-width forms, etc.
    Nfkc,
}

impl NormalizationForm {
    pub(crate) fn is_compatibility(self) -> bool {
        self == NormalizationForm::Nfkc
    }
}

// Hangul syllable arithmetic (The Unicode Standard, section 3.12).
const S_BASE: u32 = 0xAC00;
const L_BASE: u32 = 0x1100;
const V_BASE: u32 = 0x1161;
const T_BASE: u32 = 0x11A7;
const L_COUNT: u32 = 19;
const V_COUNT: u32 = 21;
const T_COUNT: u32 = 28;
const N_COUNT: u32 = V_COUNT * T_COUNT;
const S_COUNT: u32 = L_COUNT * N_COUNT;

/// `text` in the given normal form; borrowed when it already is.
pub fn normalize(text: &str, form: NormalizationForm) -> Cow<'_, str> {
    if is_normal(text, form) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(normalize_pieces(text, form))
    }
}

/// `text` in the normal form, piece by piece: a text's normal form is its
/// pieces' (from one boundary, see `is_normalized_quick`, to the next)
/// joined, and nearly every piece passes the quick check by itself: one
/// boundary character, or one followed by marks whose answer is Yes in
/// canonical order (a Devanagari consonant and its virama). Stretches of
/// those are copied whole; only the other pieces are looked at, and those
/// not normal already normalised.
fn normalize_pieces(text: &str, form: NormalizationForm) -> String {
    let t = tables();
    let compatibility = form.is_compatibility();
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    // The normal text not yet copied: from `copied` to `piece_start`.
    let mut copied = 0;
    let mut piece_start = 0;
    // Whether the piece read so far passes the quick check (so is
    // normal), and the combining class of its last character.
    let mut piece_normal = true;
    let mut last_class = 0;
    let flush = |out: &mut String, copied: usize, piece_start: usize, piece_end: usize| {
        out.push_str(text.get(copied..piece_start).unwrap_or_default());
        let piece = text.get(piece_start..piece_end).unwrap_or_default();
        if is_normal_segment(t, piece, form) {
            out.push_str(piece);
        } else {
            out.push_str(&normalize_full(piece, form));
        }
    };
    let mut at = 0;
    while let Some(&lead) = bytes.get(at) {
        // Whether the character at `at` is a boundary, where the piece it
        // would start begins, and where the next character is.
        let (code_point, boundary, starts_piece, next) = if lead < 0x80 {
            // ASCII characters are boundaries: all but the last of a run
            // are plain pieces; the last starts the next piece.
            let after = skip_ascii(bytes, at + 1);
            (0, true, after - 1, after)
        } else {
            let (code_point, len) = code_point_at(bytes, at);
            (code_point, is_boundary(t, code_point, compatibility), at, at + len)
        };
        if boundary {
            if !piece_normal {
                flush(&mut out, copied, piece_start, at);
                copied = at;
            }
            piece_start = starts_piece;
            piece_normal = true;
            last_class = 0;
        } else if piece_normal {
            // Not a boundary: a character of class 0 among these has the
            // answer No or Maybe.
            let ch = char::from_u32(code_point).unwrap_or_default();
            let class = t.combining_class(ch);
            piece_normal = class != 0 && last_class <= class && t.quick_check(ch, compatibility) == QuickCheck::Yes;
            last_class = class;
        }
        at = next;
    }
    if piece_normal {
        out.push_str(text.get(copied..).unwrap_or_default());
    } else {
        flush(&mut out, copied, piece_start, text.len());
    }
    out
}

/// Whether `text` is certainly in the normal form already (`normalize`
/// borrows it).
pub(crate) fn is_normal(text: &str, form: NormalizationForm) -> bool {
    text.is_ascii() || is_normalized_quick(text, form)
}

/// The quick check of UAX #15, with its "maybe" settled where it arises:
/// true only when `text` is normalised.
///
/// A character that is a starter (combining class 0) with the answer Yes
/// is a boundary: nothing before it composes or reorders with anything
/// after it. A "maybe" (a mark that composes with some starters: the
/// Devanagari nukta, a Hangul vowel) is settled by normalising just the
/// characters between the boundaries around it, so that Hindi or Korean
/// text that is normal is not normalised whole to find that out.
pub(crate) fn is_normalized_quick(text: &str, form: NormalizationForm) -> bool {
    let t = tables();
    let compatibility = form.is_compatibility();
    let starters = t.bmp_starters(compatibility);
    let bytes = text.as_bytes();
    let mut last_class = 0;
    // Where the last boundary is.
    let mut boundary = 0;
    let mut at = 0;
    while let Some(&lead) = bytes.get(at) {
        // ASCII, and nearly all other characters: boundaries.
        if lead < 0x80 {
            last_class = 0;
            boundary = skip_ascii(bytes, at + 1) - 1;
            at = boundary + 1;
            continue;
        }
        let (code_point, len) = code_point_at(bytes, at);
        if starters.contains(code_point) {
            last_class = 0;
            boundary = at;
            at += len;
            continue;
        }
        let Some(ch) = char::from_u32(code_point) else {
            return false;
        };
        let class = t.combining_class(ch);
        if class != 0 && last_class > class {
            return false;
        }
        match t.quick_check(ch, compatibility) {
            QuickCheck::Yes if class == 0 => boundary = at,
            QuickCheck::Yes => {}
            QuickCheck::No => return false,
            QuickCheck::Maybe => {
                let end = next_boundary(text, at + len, compatibility);
                let segment = text.get(boundary..end).unwrap_or_default();
                if !is_normal_segment(t, segment, form) {
                    return false;
                }
                // `end` is a boundary (or the end of the text).
                last_class = 0;
                boundary = end;
                at = end;
                continue;
            }
        }
        last_class = class;
        at += len;
    }
    true
}

/// Whether `segment`, from one boundary to the next, is normal. The
/// commonest (a Devanagari letter and its nukta) is a starter and a mark
/// that do not decompose: normal unless they compose; the rest is
/// normalised.
fn is_normal_segment(t: &UnicodeTables, segment: &str, form: NormalizationForm) -> bool {
    let compatibility = form.is_compatibility();
    let undecomposed =
        |ch: char| t.decomposition(ch, compatibility).is_none() && !(S_BASE..S_BASE + S_COUNT).contains(&(ch as u32));
    let mut chars = segment.chars();
    if let (Some(first), Some(second), None) = (chars.next(), chars.next(), chars.next()) {
        // A first character of class 0 cannot be reordered after the second.
        if t.combining_class(first) == 0 && undecomposed(first) && undecomposed(second) {
            return compose_pair(t, first, second).is_none();
        }
    }
    normalize_full(segment, form) == segment
}

/// The first boundary (see `is_normalized_quick`) at or after byte `at`, or
/// the end of `text`.
fn next_boundary(text: &str, at: usize, compatibility: bool) -> usize {
    let t = tables();
    text.get(at..)
        .unwrap_or_default()
        .char_indices()
        .find(|&(_, ch)| is_boundary(t, ch as u32, compatibility))
        .map_or(text.len(), |(offset, _)| at + offset)
}

/// Whether the character `code_point` (read from a `str`) is a boundary of
/// normalisation: a starter (combining class 0) whose quick check is Yes.
/// Those of the BMP are in a bitmap.
#[inline(always)]
fn is_boundary(t: &UnicodeTables, code_point: u32, compatibility: bool) -> bool {
    if code_point <= 0xFFFF {
        return t.bmp_starters(compatibility).contains(code_point);
    }
    char::from_u32(code_point)
        .is_some_and(|ch| t.combining_class(ch) == 0 && t.quick_check(ch, compatibility) == QuickCheck::Yes)
}

fn normalize_full(text: &str, form: NormalizationForm) -> String {
    let (normalized, _) = normalize_carrying(text, form, |_, _| NoOrigin);
    normalized
}

/// `text` in the given normal form, with each of its characters' origin: the
/// byte range of `text` it came from, or for a composite the range from the
/// start of its first part to the end of its last. Runs the whole algorithm,
/// so a text already normal gives each character its own range.
pub(crate) fn normalize_with_origins(text: &str, form: NormalizationForm) -> (String, Vec<Origin>) {
    normalize_carrying(text, form, |at, ch| Origin {
        start: at,
        end: at + ch.len_utf8(),
    })
}

/// The origins of a text made from `between` (`within`: ranges of
/// `between`, one per character), as ranges of the text `between` came from
/// (`outer`: one per character of `between`): each the join of the origins
/// of the characters of `between` in its range.
pub(crate) fn compose_origins(within: &[Origin], between: &str, outer: &[Origin]) -> Vec<Origin> {
    let starts: Vec<usize> = between.char_indices().map(|(at, _)| at).collect();
    within
        .iter()
        .map(|range| {
            let first = starts.partition_point(|&at| at < range.start);
            let last = starts.partition_point(|&at| at < range.end);
            outer
                .get(first..last)
                .unwrap_or_default()
                .iter()
                .copied()
                .reduce(Origin::join)
                .unwrap_or(Origin { start: 0, end: 0 })
        })
        .collect()
}

/// The byte range of the original text that a character came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Origin {
    pub(crate) start: usize,
    pub(crate) end: usize,
}

/// What each character carries through the algorithm: its origin, or
/// nothing at all when no one asked (the same code, and no cost).
trait Carried: Copy {
    /// What a composite carries, from its two parts.
    fn join(self, other: Self) -> Self;
}

#[derive(Clone, Copy)]
struct NoOrigin;

impl Carried for NoOrigin {
    #[inline]
    fn join(self, _: Self) -> Self {
        NoOrigin
    }
}

impl Origin {
    /// The range from the first's start to the last's end.
    pub(crate) fn join(self, other: Self) -> Self {
        Origin {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

impl Carried for Origin {
    fn join(self, other: Self) -> Self {
        Origin::join(self, other)
    }
}

/// The algorithm of UAX #15, each character carrying what `carry` gives the
/// character of `text` (at its byte offset) it was decomposed from.
fn normalize_carrying<C: Carried>(
    text: &str,
    form: NormalizationForm,
    carry: impl Fn(usize, char) -> C,
) -> (String, Vec<C>) {
    let t = tables();
    let mut chars = Vec::with_capacity(text.len());
    for (at, ch) in text.char_indices() {
        let carried = carry(at, ch);
        decompose_into(t, ch, form.is_compatibility(), |part| chars.push((part, carried)));
    }
    order_canonically(t, &mut chars);
    compose(t, &chars)
}

pub(crate) fn decompose_into(t: &UnicodeTables, ch: char, compatibility: bool, mut push: impl FnMut(char)) {
    let cp = ch as u32;
    if (S_BASE..S_BASE + S_COUNT).contains(&cp) {
        let index = cp - S_BASE;
        let jamo = [
            L_BASE + index / N_COUNT,
            V_BASE + (index % N_COUNT) / T_COUNT,
            T_BASE + index % T_COUNT,
        ];
        let count = if jamo[2] == T_BASE { 2 } else { 3 };
        // Jamo code points are scalar values by construction.
        jamo.iter()
            .take(count)
            .filter_map(|&cp| char::from_u32(cp))
            .for_each(push);
    } else if let Some(decomposed) = t.decomposition(ch, compatibility) {
        decomposed.iter().copied().for_each(push);
    } else {
        push(ch);
    }
}

/// Sorts each run of non-starters by combining class, keeping equal classes in order.
fn order_canonically<C>(t: &UnicodeTables, chars: &mut [(char, C)]) {
    // The runs between starters (class 0) are the runs of non-starters.
    for run in chars.split_mut(|&(ch, _)| t.combining_class(ch) == 0) {
        run.sort_by_key(|&(ch, _)| t.combining_class(ch));
    }
}

fn compose_pair(t: &UnicodeTables, first: char, second: char) -> Option<char> {
    let (first_cp, second_cp) = (first as u32, second as u32);
    if (L_BASE..L_BASE + L_COUNT).contains(&first_cp) && (V_BASE..V_BASE + V_COUNT).contains(&second_cp) {
        let lv_index = (first_cp - L_BASE) * N_COUNT + (second_cp - V_BASE) * T_COUNT;
        return char::from_u32(S_BASE + lv_index);
    }
    if (S_BASE..S_BASE + S_COUNT).contains(&first_cp)
        && (first_cp - S_BASE).is_multiple_of(T_COUNT)
        && (T_BASE + 1..T_BASE + T_COUNT).contains(&second_cp)
    {
        return char::from_u32(first_cp + second_cp - T_BASE);
    }
    t.composition(first, second)
}

/// Canonical composition: each character joins the last starter unless a
/// character between them blocks it (one of class 0, or of a class not below
/// its own).
fn compose<C: Carried>(t: &UnicodeTables, chars: &[(char, C)]) -> (String, Vec<C>) {
    let mut composed: Vec<(char, C)> = Vec::with_capacity(chars.len());
    let mut starter_index: Option<usize> = None;
    for &(ch, carried) in chars {
        let class = t.combining_class(ch);
        if let Some(starter) = starter_index {
            let adjacent = starter + 1 == composed.len();
            let unblocked = adjacent
                || composed
                    .last()
                    .is_some_and(|&(last, _)| t.combining_class(last) < class);
            if let Some(slot) = composed.get_mut(starter).filter(|_| unblocked) {
                if let Some(composite) = compose_pair(t, slot.0, ch) {
                    *slot = (composite, slot.1.join(carried));
                    continue;
                }
            }
        }
        if class == 0 {
            starter_index = Some(composed.len());
        }
        composed.push((ch, carried));
    }
    composed.into_iter().unzip()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nfc(text: &str) -> String {
        normalize(text, NormalizationForm::Nfc).into_owned()
    }

    #[test]
    fn ascii_is_borrowed() {
        assert!(matches!(
            normalize("plain text", NormalizationForm::Nfkc),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn composes_combining_accents() {
        assert_eq!(nfc("cafe\u{301}"), "caf\u{e9}");
        assert!(matches!(
            normalize("caf\u{e9}", NormalizationForm::Nfc),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn reorders_marks_before_composing() {
        // e + acute (230) + cedilla (202): the cedilla composes first.
        assert_eq!(nfc("e\u{301}\u{327}"), "\u{229}\u{301}");
    }

    #[test]
    fn hangul_round_trips() {
        assert_eq!(nfc("\u{1100}\u{1161}\u{11A8}"), "\u{AC01}");
        assert_eq!(nfc("\u{AC01}"), "\u{AC01}");
    }

    #[test]
    fn nfkc_folds_compatibility_forms() {
        assert_eq!(normalize("\u{FB01}ne \u{FF12}", NormalizationForm::Nfkc), "fine 2");
        assert_eq!(nfc("\u{FB01}"), "\u{FB01}");
    }

    #[test]
    fn singletons_and_exclusions_do_not_recompose() {
        assert_eq!(nfc("\u{212B}"), "\u{C5}"); // ANGSTROM SIGN -> A with ring
        assert_eq!(nfc("\u{0958}"), "\u{0915}\u{093C}"); // excluded from composition
    }

    #[test]
    fn the_quick_check_settles_a_maybe_by_its_segment_alone() {
        for text in [
            "\u{916}\u{93C}\u{93E}\u{928}", // KHA + nukta: KHHA is excluded from composition, so normal
            "\u{928}\u{93C}",               // NA + nukta composes to NNNA: not normal
            "\u{929} \u{915}\u{94D}\u{937}", // virama: a mark, but answered Yes
            "\u{1100}\u{1161}",             // Hangul L + V: composes
            "\u{AC00}\u{11A8}",             // LV + T: composes
            "\u{AC00} \u{11A8}",            // apart: normal
            "\u{E9}\u{323}",                // a composed letter and a mark that reorders inside it
            "e\u{301}\u{323}",
            "e\u{323}\u{301}",
            "\u{1EB9}\u{301}",
            "\u{3099}", // a mark that composes, with nothing before it
            "a\u{3099}b",
            "\u{304B}\u{3099}", // KA + voiced mark: composes
            "\u{FB01}\u{3099}x\u{304B}",
            "<\u{338}", // composes to U+226E
        ] {
            for form in [NormalizationForm::Nfc, NormalizationForm::Nfkc] {
                let normalized = normalize_full(text, form);
                assert_eq!(is_normal(text, form), normalized == text, "{text:?} {form:?}");
                assert!(is_normal(&normalized, form), "{normalized:?} {form:?}");
            }
        }
    }

    /// Every "maybe" character after letters of many scripts (and after
    /// itself): the quick check agrees with normalising.
    #[test]
    fn the_quick_check_agrees_with_normalising_on_every_maybe_pair() {
        let t = tables();
        for form in [NormalizationForm::Nfc, NormalizationForm::Nfkc] {
            let maybes: Vec<char> = (0..=0x10FFFF_u32)
                .filter_map(char::from_u32)
                .filter(|&ch| t.quick_check(ch, form.is_compatibility()) == QuickCheck::Maybe)
                .collect();
            assert!(maybes.len() > 50, "{form:?}");
            let firsts = (0x41..0x250_u32)
                .chain(0x370..0x530)
                .chain(0x900..0x980)
                .chain(0x1100..0x1200)
                .chain([0xAC00, 0xAC01, 0x3046, 0x304B, 0x2190, 0x3C])
                .filter_map(char::from_u32)
                .chain(maybes.iter().copied());
            for first in firsts {
                for &second in &maybes {
                    let text: String = [first, second].into_iter().collect();
                    let normal = normalize_full(&text, form) == text;
                    assert_eq!(is_normal(&text, form), normal, "{text:?} {form:?}");
                }
            }
        }
    }

    #[test]
    fn normalising_by_pieces_is_normalising_whole() {
        let samples = [
            "e\u{301}\u{323} plain \u{928}\u{93c}\u{94d}\u{937} \u{1100}\u{1161}\u{11a8}",
            "\u{fb01}\u{301}x\u{338}<\u{338}\u{e9}\u{323}\u{1e9b}\u{323}",
            "\u{301}\u{301}a\u{308}\u{301}\u{327}",
            "\u{1d15e}\u{1d165}\u{2126}\u{212b}\u{f900} \u{ac00}\u{11a8}\u{11a8}",
            "\u{3b1}\u{313}\u{301}\u{345} \u{39f}\u{301}\u{3a3}",
        ];
        let t = tables();
        for form in [NormalizationForm::Nfc, NormalizationForm::Nfkc] {
            for sample in samples {
                assert_eq!(
                    normalize_pieces(sample, form),
                    normalize_full(sample, form),
                    "{sample:?}"
                );
            }
            // Every mark after a few letters, in both orders with another.
            let marks: Vec<char> = (0x300..0x370_u32)
                .chain(0x483..0x488)
                .chain(0x591..0x5c8)
                .chain(0x64b..0x660)
                .chain(0x900..0x980)
                .chain(0x3099..0x309b)
                .filter_map(char::from_u32)
                .filter(|&ch| t.combining_class(ch) != 0 || t.quick_check(ch, false) != QuickCheck::Yes)
                .collect();
            for base in [
                'a', 'e', 'o', '\u{3b1}', '\u{415}', '\u{928}', '\u{915}', '\u{304b}', '\u{5d0}',
            ] {
                for &first in &marks {
                    for second in ['\u{301}', '\u{323}', '\u{93c}', '\u{94d}', '\u{308}'] {
                        let text: String = ['x', ' ', base, first, second, base, second, first]
                            .into_iter()
                            .collect();
                        assert_eq!(normalize_pieces(&text, form), normalize_full(&text, form), "{text:?}");
                    }
                }
            }
        }
    }
}
