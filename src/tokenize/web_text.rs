//! The scan when the text changes before its words are found: read as
//! HTML, accents stripped, or spans of web text (URLs, addresses,
//! mentions, hashtags, emoji) taken whole. The text is read as HTML,
//! normalised and stripped first, its spans found in it, and each piece
//! between them scanned for words as a text of its own (the README's "Web
//! text").

use std::borrow::Cow;

use super::offsets::{OriginSink, Prepared};
use super::sink::{Shifted, TokenSink};
use super::{scan_words, Tokenizer};
use crate::options::{SpanFate, SpanOptions, TokenizerOptions};
use crate::unicode::accents::strip_accents;
use crate::unicode::case::lowercase_into;
use crate::unicode::normalize::normalize;
use crate::unicode::unicode_data::{tables, CharClass};
use crate::web::html::html_text;
use crate::web::{for_each_span, Span, SpanKind};

impl Tokenizer {
    pub(super) fn scan_web_text<S: TokenSink>(&self, text: &str, mut sink: S) {
        let options = &self.options;
        if S::SPANS {
            return match Prepared::for_web_text(text, options) {
                Some(prepared) => {
                    let mut sink = OriginSink {
                        prepared: &prepared,
                        inner: sink,
                    };
                    self.scan_pieces(&prepared.text, &mut sink);
                }
                None => self.scan_pieces(text, &mut sink),
            };
        }
        let html = options.html.then(|| html_text(text)).and_then(owned);
        let text = html.as_deref().unwrap_or(text);
        let normalized = options
            .normalize
            .map_or(Cow::Borrowed(text), |form| normalize(text, form));
        let stripped = options
            .strip_accents
            .map(|strip| strip_accents(&normalized, strip, options.normalize))
            .and_then(owned);
        self.scan_pieces(stripped.as_deref().unwrap_or(&normalized), &mut sink);
    }

    /// The tokens of a text normalised and stripped already: its spans, and
    /// the words of the pieces between them.
    fn scan_pieces<S: TokenSink>(&self, text: &str, sink: &mut S) {
        let words = TokenizerOptions {
            normalize: None,
            strip_accents: None,
            spans: SpanOptions::default(),
            html: false,
            ..self.options.clone()
        };
        let stopwords = self.stopwords.as_ref();
        let spans = &self.options.spans;
        // Each piece is a text of its own, its spans moved to the text's.
        let scan_piece = |start: usize, end: usize, sink: &mut S| {
            let piece = text.get(start..end).unwrap_or_default();
            scan_words(
                &words,
                stopwords,
                piece,
                Shifted {
                    offset: start,
                    inner: sink,
                },
            );
        };
        let mut piece_start = 0;
        if spans.any() {
            let mut match_key = String::new();
            let mut token = String::new();
            for_each_span(text, spans, |span| {
                scan_piece(piece_start, span.start, sink);
                self.emit_span(text, span, &mut token, &mut match_key, sink);
                piece_start = span.end;
            });
        }
        scan_piece(piece_start, text.len(), sink);
    }

    /// Hands a span on: kept (as one token, if the filters keep it) or,
    /// for a sink that explains, dropped.
    fn emit_span<S: TokenSink>(
        &self,
        text: &str,
        span: Span,
        token: &mut String,
        match_key: &mut String,
        sink: &mut S,
    ) {
        let spans = &self.options.spans;
        let fate = match span.kind {
            SpanKind::Url => spans.urls,
            SpanKind::Email => spans.emails,
            SpanKind::Mention => spans.mentions,
            SpanKind::Hashtag => spans.hashtags,
            SpanKind::Emoji => Some(SpanFate::Keep),
        };
        let dropped = fate != Some(SpanFate::Keep);
        if dropped && !S::SPANS {
            return;
        }
        let written = text.get(span.start..span.end).unwrap_or_default();
        span_token(written, span.kind, self.options.lowercase, token);
        if dropped {
            sink.dropped_span(span.kind, span.start, span.end, token);
            return;
        }
        let chars = token.chars().count();
        let options = &self.options;
        let kept = chars >= options.min_len
            && options.max_len.is_none_or(|max_len| chars <= max_len)
            && !self.is_stopword(token, match_key);
        if kept {
            sink.span(span.start, span.end);
            sink.span_token(span.kind, token);
        }
    }
}

/// A text made anew, or None when nothing changed.
fn owned(text: Cow<'_, str>) -> Option<String> {
    match text {
        Cow::Owned(text) => Some(text),
        Cow::Borrowed(_) => None,
    }
}

/// The token a span makes: as written, lower-cased (as a text of its own)
/// if asked, less format characters (but for emoji, whose tags spell
/// flags).
fn span_token(written: &str, kind: SpanKind, lowercase: bool, token: &mut String) {
    if lowercase {
        lowercase_into(written, token);
    } else {
        token.clear();
        token.push_str(written);
    }
    if kind != SpanKind::Emoji && !token.is_ascii() {
        let t = tables();
        token.retain(|ch| t.class(ch) != CharClass::Format);
    }
}
