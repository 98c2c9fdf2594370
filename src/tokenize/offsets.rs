//! Where each kept token came from. The scan reports the bytes of the text
//! it reads; when that is a normalised (or, under UAX #29, lower-cased) copy,
//! `Prepared` keeps each of the copy's characters' origin in the text as
//! given, and `OriginSink` maps the spans back. `CodePoints` counts byte
//! offsets in code points, for callers that index text by them.

use std::borrow::Cow;

use super::sink::TokenSink;
use crate::options::{Segmentation, TokenizerOptions};
use crate::unicode::accents::strip_accents_with_origins;
use crate::unicode::ascii::PADDED_TOKEN_BYTES;
use crate::unicode::case::lowercase_with_origins;
use crate::unicode::normalize::{compose_origins, is_normal, normalize_with_origins, Origin};
use crate::web::html::html_text_with_origins;
use crate::web::SpanKind;

/// A text as a scan that reports spans reads it, when that is not the text
/// as given: normalised, and under UAX #29 lower-cased (the default rule
/// lower-cases character by character, keeping the spans itself).
pub(super) struct Prepared {
    pub(super) text: String,
    /// Where each of `text`'s characters starts in it, and its origin.
    char_starts: Vec<usize>,
    origins: Vec<Origin>,
}

impl Prepared {
    /// `text` prepared, or None when the scan reads it as it is (all
    /// ASCII, or normal already and not to be lower-cased whole).
    pub(super) fn of(text: &str, options: &TokenizerOptions) -> Option<Prepared> {
        if text.is_ascii() {
            return None;
        }
        let lowercase_whole = options.segment == Segmentation::Uax29 && options.lowercase;
        let normalized = options
            .normalize
            .filter(|&form| !is_normal(text, form))
            .map(|form| normalize_with_origins(text, form));
        let (text, origins) = match normalized {
            Some(normalized) => normalized,
            None if lowercase_whole => (text.to_owned(), own_origins(text)),
            None => return None,
        };
        let (text, origins) = if lowercase_whole {
            lowercase_with_origins(&text, &origins)
        } else {
            (text, origins)
        };
        let char_starts = text.char_indices().map(|(at, _)| at).collect();
        Some(Prepared {
            text,
            char_starts,
            origins,
        })
    }

    /// `text` read as HTML, normalised and its accents stripped, as the
    /// options ask, but not lower-cased: what the spans of web text are
    /// found in (the pieces between them are prepared again as texts of
    /// their own). None when that is the text as given.
    pub(super) fn for_web_text(text: &str, options: &TokenizerOptions) -> Option<Prepared> {
        let html = options.html.then(|| html_text_with_origins(text)).flatten();
        let (read, read_origins) = match &html {
            Some((read, origins)) => (read.as_str(), Cow::Borrowed(origins.as_slice())),
            None if text.is_ascii() => return None,
            None => (text, Cow::Owned(own_origins(text))),
        };
        let normalized = options.normalize.filter(|&form| !is_normal(read, form)).map(|form| {
            let (normalized, within) = normalize_with_origins(read, form);
            let origins = compose_origins(&within, read, &read_origins);
            (normalized, origins)
        });
        let (normal, normal_origins) = match &normalized {
            Some((normal, origins)) => (normal.as_str(), origins.as_slice()),
            None => (read, &*read_origins),
        };
        let stripped = options
            .strip_accents
            .and_then(|strip| strip_accents_with_origins(normal, normal_origins, strip, options.normalize));
        let (text, origins) = match (stripped, normalized, html) {
            (Some(stripped), _, _) => stripped,
            (None, Some(normalized), _) => normalized,
            (None, None, Some(html)) => html,
            (None, None, None) => return None,
        };
        Some(Prepared {
            char_starts: text.char_indices().map(|(at, _)| at).collect(),
            text,
            origins,
        })
    }

    /// The bytes of the text as given that bytes `start..end` of the
    /// prepared text came from: from the least start to the greatest end
    /// of its characters' origins.
    pub(super) fn origin_of(&self, start: usize, end: usize) -> (usize, usize) {
        let first = self.char_starts.partition_point(|&at| at < start);
        let starts = self.char_starts.get(first..).unwrap_or_default();
        let origins = self.origins.get(first..).unwrap_or_default();
        starts
            .iter()
            .zip(origins)
            .take_while(|&(&at, _)| at < end)
            .map(|(_, &origin)| origin)
            .reduce(Origin::join)
            .map_or((start, end), |origin| (origin.start, origin.end))
    }
}

/// Each character's own range: the origins of a text not normalised.
fn own_origins(text: &str) -> Vec<Origin> {
    text.char_indices()
        .map(|(at, ch)| Origin {
            start: at,
            end: at + ch.len_utf8(),
        })
        .collect()
}

/// Hands tokens on with their spans mapped from a prepared text to the text
/// as given.
pub(super) struct OriginSink<'p, S> {
    pub(super) prepared: &'p Prepared,
    pub(super) inner: S,
}

impl<S: TokenSink> TokenSink for OriginSink<'_, S> {
    const SPANS: bool = true;

    fn span(&mut self, start: usize, end: usize) {
        let (start, end) = self.prepared.origin_of(start, end);
        self.inner.span(start, end);
    }

    #[inline]
    fn token(&mut self, token: &str) {
        self.inner.token(token);
    }

    #[inline]
    fn padded_token(&mut self, token: &str, padded: &[u8; PADDED_TOKEN_BYTES]) {
        self.inner.padded_token(token, padded);
    }

    #[inline]
    fn span_token(&mut self, kind: SpanKind, token: &str) {
        self.inner.span_token(kind, token);
    }

    fn dropped_span(&mut self, kind: SpanKind, start: usize, end: usize, token: &str) {
        let (start, end) = self.prepared.origin_of(start, end);
        self.inner.dropped_span(kind, start, end, token);
    }
}

/// Byte offsets of a text counted in code points. Each offset costs a count
/// of the bytes between it and the one asked before: spans asked in order
/// (as a scan gives them; CJK bigrams step back a character) cost a pass
/// over the text.
pub struct CodePoints<'t> {
    text: &'t [u8],
    ascii: bool,
    byte: usize,
    chars: usize,
}

impl<'t> CodePoints<'t> {
    pub fn new(text: &'t str) -> Self {
        CodePoints {
            text: text.as_bytes(),
            ascii: text.is_ascii(),
            byte: 0,
            chars: 0,
        }
    }

    /// Whether every offset is its own count (the text is all ASCII).
    pub fn is_identity(&self) -> bool {
        self.ascii
    }

    /// How many code points start before byte `at` (a character boundary,
    /// or the end).
    pub fn index(&mut self, at: usize) -> usize {
        if self.ascii {
            return at;
        }
        // Every byte but a continuation byte (0b10xxxxxx) starts a character.
        let starts = |bytes: &[u8]| bytes.iter().filter(|&&byte| (byte as i8) >= -0x40).count();
        if at < self.byte {
            self.chars -= starts(self.text.get(at..self.byte).unwrap_or_default());
        } else {
            self.chars += starts(self.text.get(self.byte..at).unwrap_or_default());
        }
        self.byte = at;
        self.chars
    }
}

/// Spans in bytes of `text` (`starts[i]..ends[i]`), counted in code points
/// in place.
pub fn spans_to_code_points(text: &str, starts: &mut [i64], ends: &mut [i64]) {
    let mut points = CodePoints::new(text);
    if points.is_identity() {
        return;
    }
    for (start, end) in starts.iter_mut().zip(ends) {
        // Offsets are never negative, and a text's length fits an i64.
        *start = points.index(*start as usize) as i64;
        *end = points.index(*end as usize) as i64;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_points_count_characters_before_an_offset_in_any_order() {
        let text = "a\u{e9}\u{4e2d}\u{1f600}b";
        let mut points = CodePoints::new(text);
        let offsets: Vec<usize> = text.char_indices().map(|(at, _)| at).chain([text.len()]).collect();
        for (index, &at) in offsets.iter().enumerate() {
            assert_eq!(points.index(at), index);
        }
        for (index, &at) in offsets.iter().enumerate().rev() {
            assert_eq!(points.index(at), index);
        }
        assert!(CodePoints::new("plain").is_identity());
    }
}
