//! Splitting text into word tokens and filtering them: the `Tokenizer` and
//! its public API.
//!
//! `scan_kept` puts a stemming sink in front of the caller's if asked, and
//! runs a `Scanner` (`general.rs`) over the text by its `Segmentation`: the
//! ASCII block scan (`ascii_scan.rs`), which hands the runs it cannot settle
//! to the general path, or the UAX #29 word boundaries (`general.rs`).
//! `filter.rs` decides which tokens are kept, `sink.rs` is where they go.
//! The output formats (`output/`) bring sinks of their own, and the batch
//! methods (`batch_methods.rs`) sit above both: nothing here knows them.

mod ascii_scan;
mod buffer;
mod explain;
mod filter;
mod fit_masks;
mod general;
mod offsets;
mod sink;
mod sure_chars;
#[cfg(test)]
mod tests;
mod unchanged;
mod web_text;

use crate::error::Error;
use crate::options::{Segmentation, TokenizerOptions};
use crate::stopwords::{prepare_entry, StopwordSet};
use crate::unicode::case::lowercase_into;
use filter::is_stopword;
use general::Scanner;
use offsets::{OriginSink, Prepared};
use sink::{Emit, EmitSpans, StemSink};

pub(crate) use buffer::spans;
pub use buffer::TokenBuffer;
pub use explain::{Explained, Fate};
pub use offsets::{spans_to_code_points, CodePoints};
pub(crate) use sink::TokenSink;

/// A configured tokeniser; immutable, and shareable across threads.
#[derive(Clone, Debug)]
pub struct Tokenizer {
    options: TokenizerOptions,
    stopwords: Option<StopwordSet>,
}

impl Tokenizer {
    /// A tokeniser; `stopwords` are prepared (normalised, lower-cased) here.
    pub fn new<I, S>(options: TokenizerOptions, stopwords: Option<I>) -> Result<Self, Error>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        options.validate()?;
        let stopwords = stopwords.map(|words| StopwordSet::new(words, &options));
        Ok(Tokenizer { options, stopwords })
    }

    pub fn options(&self) -> &TokenizerOptions {
        &self.options
    }

    /// The prepared stopwords, or None when filtering is off.
    pub fn stopwords(&self) -> Option<&StopwordSet> {
        self.stopwords.as_ref()
    }

    /// Whether `token` (as emitted) is one of the stopwords; `match_key` is
    /// scratch space for its lower-cased form.
    #[inline]
    pub fn is_stopword(&self, token: &str, match_key: &mut String) -> bool {
        let Some(stopwords) = &self.stopwords else {
            return false;
        };
        is_stopword(&self.options, stopwords, token, match_key)
    }

    /// The entries of `words` that no token can equal under this
    /// tokeniser's rules, so that as stopwords they can never match: an entry
    /// matches only if, tokenised with these rules (no stopwords, no length
    /// limits), it is one token whose matching form is the entry's. Those
    /// that are not hold punctuation or spaces, digits with numbers dropped,
    /// format characters, capitals when tokens are lower-cased and matching
    /// is case-sensitive, and so on.
    pub fn unmatchable_stopwords<'w, S: AsRef<str>>(&self, words: &'w [S]) -> Vec<&'w str> {
        let options = &self.options;
        let plain = Tokenizer {
            options: TokenizerOptions {
                min_len: 1,
                max_len: None,
                stem: None,
                ..options.clone()
            },
            stopwords: None,
        };
        let mut match_key = String::new();
        words
            .iter()
            .map(AsRef::as_ref)
            .filter(|word| {
                let entry = prepare_entry(word, options);
                let tokens = plain.tokenize(word);
                let [token] = tokens.as_slice() else { return true };
                if options.lowercase || options.case_sensitive {
                    **token != *entry
                } else {
                    lowercase_into(token, &mut match_key);
                    *match_key != *entry
                }
            })
            .collect()
    }

    /// Calls `emit` with each kept token of `text`, in order.
    pub fn for_each_token(&self, text: &str, emit: impl FnMut(&str)) {
        self.scan_kept(text, Emit(emit));
    }

    /// `for_each_token` into a sink, which may take the padded tokens.
    pub(crate) fn scan_kept(&self, text: &str, sink: impl TokenSink) {
        match self.options.stem {
            Some(language) => {
                let sink = StemSink {
                    stemmer: language.stemmer(),
                    inner: sink,
                };
                self.scan_unstemmed(text, sink);
            }
            None => self.scan_unstemmed(text, sink),
        }
    }

    fn scan_unstemmed<S: TokenSink>(&self, text: &str, sink: S) {
        let options = &self.options;
        if options.html || options.strip_accents.is_some() || options.spans.any() {
            return self.scan_web_text(text, sink);
        }
        scan_words(options, self.stopwords.as_ref(), text, sink);
    }

    /// Calls `emit` with each kept token of `text` and the bytes of `text`
    /// it came from (`start..end`), in order: the span of the characters
    /// it was made of, before normalisation and lower-casing, with the
    /// format characters removed from it and the marks that follow it; a
    /// stem has its word's span; the two characters of a CJK bigram, and
    /// so neighbouring bigrams, overlap.
    pub fn for_each_token_with_span(&self, text: &str, emit: impl FnMut(&str, usize, usize)) {
        self.scan_kept(text, EmitSpans { emit, span: (0, 0) });
    }

    /// The kept tokens of `text`, each with the byte range of `text` it
    /// came from (see `for_each_token_with_span`).
    pub fn tokenize_with_offsets(&self, text: &str) -> Vec<(String, std::ops::Range<usize>)> {
        let mut tokens = Vec::new();
        self.for_each_token_with_span(text, |token, start, end| tokens.push((token.to_owned(), start..end)));
        tokens
    }

    /// The kept tokens of `text`, appended to `out`.
    pub fn tokenize_into(&self, text: &str, out: &mut TokenBuffer) {
        self.for_each_token(text, |token| out.push(token));
    }

    /// The kept tokens of `text`.
    pub fn tokenize(&self, text: &str) -> Vec<String> {
        let mut tokens = Vec::new();
        self.for_each_token(text, |token| tokens.push(token.to_owned()));
        tokens
    }
}

#[cfg(test)]
mod offsets_tests;

/// The kept words of `text` by `options`' rules, with no spans of web text
/// and no accents stripped.
fn scan_words<S: TokenSink>(options: &TokenizerOptions, stopwords: Option<&StopwordSet>, text: &str, sink: S) {
    // A sink that takes spans gets them in the text as given: the scan
    // of a normalised copy reports them through the copy's origins.
    if S::SPANS {
        if let Some(prepared) = Prepared::of(text, options) {
            let sink = OriginSink {
                prepared: &prepared,
                inner: sink,
            };
            let scanner = Scanner::new(options, stopwords, sink);
            return match options.segment {
                Segmentation::Letters => scanner.scan_letters(&prepared.text, None),
                Segmentation::Uax29 => scanner.scan_uax29_prepared(&prepared.text),
            };
        }
    }
    let scanner = Scanner::new(options, stopwords, sink);
    match options.segment {
        Segmentation::Letters => scanner.scan_letters(text, options.normalize),
        Segmentation::Uax29 => scanner.scan_uax29(text),
    }
}
