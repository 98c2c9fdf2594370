//! Where a scan's kept tokens go: the `TokenSink` trait, and the sinks the
//! tokeniser itself puts in front of its callers' (stemming, a closure).
//! The output formats' sinks live with their formats, in `output/`.

use crate::stem::WordStemmer;
use crate::unicode::ascii::PADDED_TOKEN_BYTES;

/// Where a scan sends the tokens it keeps.
pub(crate) trait TokenSink {
    fn token(&mut self, token: &str);

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
    fn token(&mut self, token: &str) {
        let StemSink { stemmer, inner } = self;
        stemmer.with_stem(token, |stem| inner.token(stem));
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
