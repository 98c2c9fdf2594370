//! Which tokens are kept: the length limits, the stopword match, and the
//! ASCII fast path's filters, each a type chosen once per scan so that the
//! hot loop holds no branch on the options.

use std::cell::Cell;

use crate::options::TokenizerOptions;
use crate::stopwords::{NearKeys, StopwordSet};
use crate::unicode::ascii::ClassifiedText;
use crate::unicode::case::lowercase_into;

/// Whether `token` (as emitted) is one of `stopwords` under `options`;
/// `match_key` is scratch space for its lower-cased form.
#[inline]
pub(super) fn is_stopword(
    options: &TokenizerOptions,
    stopwords: &StopwordSet,
    token: &str,
    match_key: &mut String,
) -> bool {
    if options.lowercase || options.case_sensitive {
        stopwords.contains(token)
    } else {
        lowercase_into(token, match_key);
        stopwords.contains(match_key)
    }
}

/// `min_len <= len <= max_len`, in one compare.
#[derive(Clone, Copy)]
pub(super) struct LengthLimits {
    min_len: usize,
    /// `max_len - min_len` (validation ensures `min_len <= max_len`), with
    /// `usize::MAX` standing for no `max_len`.
    len_span: usize,
}

impl LengthLimits {
    pub(super) fn of(options: &TokenizerOptions) -> Self {
        LengthLimits {
            min_len: options.min_len,
            len_span: options.max_len.unwrap_or(usize::MAX).saturating_sub(options.min_len),
        }
    }

    /// Whether every token passes these limits.
    pub(super) fn are_default(self) -> bool {
        // Every run has at least one code point; no maximum leaves the
        // span at its largest.
        self.min_len <= 1 && self.len_span == usize::MAX - self.min_len
    }

    #[inline(always)]
    pub(super) fn allow(self, len: usize) -> bool {
        len.wrapping_sub(self.min_len) <= self.len_span
    }
}

impl LengthRule for LengthLimits {
    #[inline(always)]
    fn allow(self, len: usize) -> bool {
        LengthLimits::allow(self, len)
    }
}

/// Which token lengths (in bytes, for the ASCII tokens) pass.
pub(super) trait LengthRule: Copy {
    /// Whether every length passes: then a token's length need not be
    /// known, in characters or at all.
    const ANY: bool = false;

    fn allow(self, len: usize) -> bool;
}

/// Every length: the default limits (at least one code point, no maximum),
/// which every run meets, so that the hot loop checks nothing.
#[derive(Clone, Copy)]
pub(super) struct AnyLength;

impl LengthRule for AnyLength {
    const ANY: bool = true;

    #[inline(always)]
    fn allow(self, _: usize) -> bool {
        true
    }
}

/// What the ASCII filter says of a token.
#[derive(Clone, Copy)]
pub(super) struct Verdict {
    pub(super) keep: bool,
    /// Kept for now, but to be looked at again when emitted.
    pub(super) look_again: bool,
}

impl Verdict {
    #[inline(always)]
    fn keep_if(keep: bool) -> Self {
        Verdict {
            keep,
            look_again: false,
        }
    }
}

/// How the ASCII fast path decides whether a token passes: chosen once per
/// scan, so that the loop over the tokens holds no branch on the options.
pub(super) trait AsciiFilter {
    /// Whether the filter reads a token's length: `passes` takes a run's
    /// length in bytes as its length in characters, which holds for a
    /// token beyond ASCII only where no length is read.
    const READS_LENGTH: bool;

    /// Whether the ASCII token at `start..end` (all letters, or all digits)
    /// passes the length limits and the stopwords.
    #[inline(always)]
    fn passes(&self, text: &str, classified: &ClassifiedText, start: usize, end: usize) -> Verdict {
        self.passes_word(text, classified, start, end, end - start)
    }

    /// `passes` for a token of `chars` characters that is the text at
    /// `start..end` as the classified text has it (ASCII lower-cased):
    /// an ASCII token, or a word beyond ASCII that no rule changes (see
    /// `Scanner::unchanged_word`).
    fn passes_word(&self, text: &str, classified: &ClassifiedText, start: usize, end: usize, chars: usize) -> Verdict;

    /// Whether `token`, kept with `Verdict::look_again`, passes after all.
    #[inline]
    fn passes_second_look(&self, token: &str) -> bool {
        let _ = token;
        true
    }
}

/// The length limits alone: a tokeniser without stopwords.
pub(super) struct LengthOnly<L>(pub(super) L);

impl<L: LengthRule> AsciiFilter for LengthOnly<L> {
    const READS_LENGTH: bool = !L::ANY;

    #[inline(always)]
    fn passes_word(&self, _: &str, _: &ClassifiedText, _: usize, _: usize, chars: usize) -> Verdict {
        Verdict::keep_if(self.0.allow(chars))
    }
}

/// Stopwords matched by the lower-cased bytes' search key, in a table where
/// two slots decide every lookup: the common case, with no branch.
pub(super) struct KeyedStopwords<'a, L> {
    pub(super) limits: L,
    pub(super) stopwords: NearKeys<'a>,
}

impl<L: LengthRule> AsciiFilter for KeyedStopwords<'_, L> {
    const READS_LENGTH: bool = !L::ANY;

    #[inline(always)]
    fn passes_word(&self, _: &str, classified: &ClassifiedText, start: usize, end: usize, chars: usize) -> Verdict {
        let lookup = self.stopwords.lookup(classified.search_key(start, end));
        // A maybe is kept now and settled when emitted: it is rare, and a
        // branch here would not be.
        Verdict {
            keep: self.limits.allow(chars) & !lookup.stopword,
            look_again: lookup.maybe,
        }
    }

    fn passes_second_look(&self, token: &str) -> bool {
        !self.stopwords.contains_long(token)
    }
}

/// Any other stopword matching: text as written (case-sensitive, not
/// lower-cased), or a list too large for the near table (see
/// `StopwordSet::near_keys`).
pub(super) struct OtherStopwords<'a, L> {
    pub(super) limits: L,
    pub(super) options: &'a TokenizerOptions,
    pub(super) stopwords: &'a StopwordSet,
    /// Scratch space for `is_stopword`.
    pub(super) match_key: Cell<String>,
}

impl<L: LengthRule> AsciiFilter for OtherStopwords<'_, L> {
    const READS_LENGTH: bool = !L::ANY;

    #[inline]
    fn passes_word(&self, text: &str, classified: &ClassifiedText, start: usize, end: usize, chars: usize) -> Verdict {
        let options = self.options;
        // The lower-cased bytes are what case-insensitive matching compares,
        // and what the emitted token is when it is lower-cased; only exact
        // matching of text as written needs the text itself.
        let is_stopword = if options.lowercase || !options.case_sensitive {
            let key = classified.search_key(start, end);
            self.stopwords
                .contains_search_key(key, || classified.lowered_str(start, end).unwrap_or_default())
        } else {
            let token = text.get(start..end).unwrap_or_default();
            let mut match_key = self.match_key.take();
            let is_stopword = is_stopword(options, self.stopwords, token, &mut match_key);
            self.match_key.set(match_key);
            is_stopword
        };
        Verdict::keep_if(self.limits.allow(chars) & !is_stopword)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_default_limits_skip_the_length_check() {
        let limits = |min_len, max_len| {
            LengthLimits::of(&TokenizerOptions {
                min_len,
                max_len,
                ..TokenizerOptions::default()
            })
        };
        assert!(limits(1, None).are_default());
        assert!(limits(0, None).are_default());
        assert!(!limits(2, None).are_default());
        assert!(!limits(1, Some(usize::MAX - 1)).are_default());
        assert!(!limits(0, Some(5)).are_default());
        for len in 1..100 {
            assert!(limits(1, None).allow(len) && limits(0, None).allow(len));
        }
    }
}
