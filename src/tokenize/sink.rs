//! Where a scan's kept tokens go: the `TokenSink` trait, and the sinks the
//! tokeniser itself puts in front of its callers' (stemming, a closure).
//! The output formats' sinks live with their formats, in `output/`.

use crate::stem::WordStemmer;
use crate::unicode::ascii::PADDED_TOKEN_BYTES;

/// Where a scan sends the tokens it keeps.
pub(crate) trait TokenSink {
    /// Whether the sink takes spans (`span`): a scan for a sink that does
    /// not works out none, at no cost.
    const SPANS: bool = false;

    fn token(&mut self, token: &str);

    /// Where the next token came from: bytes `start..end` of the text as
    /// given to the scan. Called, when `SPANS` is true, just before
    /// `token` or `padded_token`.
    #[inline]
    fn span(&mut self, start: usize, end: usize) {
        let _ = (start, end);
    }

    /// A token that `padded` starts with: 16 readable bytes, for sinks that
    /// copy short tokens with fixed-size moves rather than a `memcpy` call.
    #[inline]
    fn padded_token(&mut self, token: &str, padded: &[u8; PADDED_TOKEN_BYTES]) {
        let _ = padded;
        self.token(token);
    }
}

/// Stems each kept token before handing it on.
pub(super) struct StemSink<S> {
    pub(super) stemmer: WordStemmer,
    pub(super) inner: S,
}

impl<S: TokenSink> TokenSink for StemSink<S> {
    const SPANS: bool = S::SPANS;

    #[inline]
    fn span(&mut self, start: usize, end: usize) {
        self.inner.span(start, end);
    }

    fn token(&mut self, token: &str) {
        let StemSink { stemmer, inner } = self;
        stemmer.with_stem(token, |stem| inner.token(stem));
    }
}

/// A closure, given each token with its span, as a sink.
pub(super) struct EmitSpans<F> {
    pub(super) emit: F,
    pub(super) span: (usize, usize),
}

impl<F: FnMut(&str, usize, usize)> TokenSink for EmitSpans<F> {
    const SPANS: bool = true;

    #[inline]
    fn span(&mut self, start: usize, end: usize) {
        self.span = (start, end);
    }

    #[inline]
    fn token(&mut self, token: &str) {
        (self.emit)(token, self.span.0, self.span.1);
    }
}

/// A closure as a sink.
pub(super) struct Emit<F>(pub(super) F);

impl<F: FnMut(&str)> TokenSink for Emit<F> {
    #[inline]
    fn token(&mut self, token: &str) {
        (self.0)(token);
    }
}
