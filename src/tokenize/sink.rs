//! Where a scan's kept tokens go: the `TokenSink` trait, and the sinks the
//! tokeniser itself puts in front of its callers' (stemming, a closure).
//! The output formats' sinks live with their formats, in `output/`.

use crate::stem::WordStemmer;
use crate::unicode::ascii::PADDED_TOKEN_BYTES;
use crate::web::SpanKind;

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

    /// A span of web text (a URL, address, mention, hashtag or emoji) kept
    /// as one token: a token like any other, but for the stemmer, which
    /// leaves it as it is.
    #[inline]
    fn span_token(&mut self, kind: SpanKind, token: &str) {
        let _ = kind;
        self.token(token);
    }

    /// A span of web text that the options drop (bytes `start..end` of the
    /// text as given, and the token it would have made), for `explain`: no
    /// other sink looks.
    #[inline]
    fn dropped_span(&mut self, kind: SpanKind, start: usize, end: usize, token: &str) {
        let _ = (kind, start, end, token);
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

    #[inline]
    fn span_token(&mut self, kind: SpanKind, token: &str) {
        self.inner.span_token(kind, token);
    }

    #[inline]
    fn dropped_span(&mut self, kind: SpanKind, start: usize, end: usize, token: &str) {
        self.inner.dropped_span(kind, start, end, token);
    }
}

/// Hands tokens on with their spans moved by `offset`: those of a piece of
/// a text, in the text.
pub(super) struct Shifted<'s, S> {
    pub(super) offset: usize,
    pub(super) inner: &'s mut S,
}

impl<S: TokenSink> TokenSink for Shifted<'_, S> {
    const SPANS: bool = S::SPANS;

    #[inline]
    fn span(&mut self, start: usize, end: usize) {
        self.inner.span(start + self.offset, end + self.offset);
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

    #[inline]
    fn dropped_span(&mut self, kind: SpanKind, start: usize, end: usize, token: &str) {
        self.inner
            .dropped_span(kind, start + self.offset, end + self.offset, token);
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
