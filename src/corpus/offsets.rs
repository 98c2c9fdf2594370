//! Where each token of a rendered document came from: `DocumentSpans` keeps
//! the spans the scan reports as it hands the tokens on (one scan gives
//! both), counted in code points of the document's body, and `push_offsets`
//! writes them as a JSON Lines record's `"offsets"`.

use crate::tokenize::{spans_to_code_points, TokenSink, Tokenizer};
use crate::unicode::ascii::PADDED_TOKEN_BYTES;

/// The spans of one document's kept tokens: token i came from code points
/// `starts[i]..ends[i]` of the text scanned.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DocumentSpans {
    pub starts: Vec<i64>,
    pub ends: Vec<i64>,
}

impl DocumentSpans {
    /// Scans `text`, handing each kept token to `each` as the writers take
    /// them (its bytes, and the 16 bytes it starts in when those can be
    /// read), and keeps the tokens' spans in place of those kept before.
    pub fn scan(
        &mut self,
        tokenizer: &Tokenizer,
        text: &str,
        each: impl FnMut(&[u8], Option<&[u8; PADDED_TOKEN_BYTES]>),
    ) {
        self.starts.clear();
        self.ends.clear();
        tokenizer.scan_kept(text, SpanSink { spans: self, each });
        spans_to_code_points(text, &mut self.starts, &mut self.ends);
    }

    pub fn len(&self) -> usize {
        self.starts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }
}

/// Offsets are i64, as in Arrow: a text's length always fits.
fn offset(at: usize) -> i64 {
    at as i64
}

/// The scan's sink: each span kept (in bytes, until the scan ends), each
/// token handed on.
struct SpanSink<'s, F> {
    spans: &'s mut DocumentSpans,
    each: F,
}

impl<F: FnMut(&[u8], Option<&[u8; PADDED_TOKEN_BYTES]>)> TokenSink for SpanSink<'_, F> {
    const SPANS: bool = true;

    #[inline]
    fn span(&mut self, start: usize, end: usize) {
        self.spans.starts.push(offset(start));
        self.spans.ends.push(offset(end));
    }

    #[inline(always)]
    fn token(&mut self, token: &str) {
        (self.each)(token.as_bytes(), None);
    }

    #[inline(always)]
    fn padded_token(&mut self, token: &str, padded: &[u8; PADDED_TOKEN_BYTES]) {
        (self.each)(token.as_bytes(), Some(padded));
    }
}

/// Appends `, "offsets": [[start, end], ...]`, a pair per token.
pub fn push_offsets(out: &mut Vec<u8>, starts: &[i64], ends: &[i64]) {
    out.extend_from_slice(b", \"offsets\": [");
    for (index, (&start, &end)) in starts.iter().zip(ends).enumerate() {
        out.extend_from_slice(if index == 0 { b"[" } else { b", [" });
        push_decimal(out, start);
        out.extend_from_slice(b", ");
        push_decimal(out, end);
        out.push(b']');
    }
    out.push(b']');
}

/// Appends the decimal digits of `value` (never negative: an offset).
fn push_decimal(out: &mut Vec<u8>, value: i64) {
    let mut digits = [0u8; 20];
    let mut rest = value.unsigned_abs();
    let mut used = 0;
    for digit in digits.iter_mut().rev() {
        *digit = b'0' + (rest % 10) as u8;
        rest /= 10;
        used += 1;
        if rest == 0 {
            break;
        }
    }
    out.extend_from_slice(digits.get(digits.len() - used..).unwrap_or_default());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::options::{CjkTokens, Segmentation, TokenizerOptions};
    use crate::stem::StemLanguage;
    use crate::stopwords::bundled_list;
    use crate::unicode::normalize::NormalizationForm;

    /// `text`'s char indices of byte offsets.
    fn char_index(text: &str, at: usize) -> i64 {
        text[..at].chars().count() as i64
    }

    #[test]
    fn spans_are_the_scans_in_code_points_and_the_tokens_pass_through() {
        let options = [
            TokenizerOptions::default(),
            TokenizerOptions {
                normalize: Some(NormalizationForm::Nfkc),
                ..TokenizerOptions::default()
            },
            TokenizerOptions {
                segment: Segmentation::Uax29,
                ..TokenizerOptions::default()
            },
            TokenizerOptions {
                cjk: CjkTokens::Bigrams,
                ..TokenizerOptions::default()
            },
            TokenizerOptions {
                stem: Some(StemLanguage::from_name("english").unwrap()),
                ..TokenizerOptions::default()
            },
        ];
        let texts = [
            "",
            "plain ascii words, of the market",
            "Caf\u{e9} \u{130}stanbul co\u{ad}operate \u{4e2d}\u{6587}\u{6587}\u{5b57} \u{1f600}smile",
            "e\u{301}tude\u{301} \u{fb01}ne \u{2460} \u{ff21}\u{ff22}",
            "\u{65e5}\u{672c}\u{8a9e}\u{306e}\u{6587}\u{7ae0}\u{3092}\u{8aad}\u{3080} running runners",
        ];
        let stopwords = bundled_list("default").unwrap();
        let mut spans = DocumentSpans::default();
        for options in options {
            let tokenizer = Tokenizer::new(options, Some(&stopwords)).unwrap();
            for text in texts {
                let mut tokens = Vec::new();
                spans.scan(&tokenizer, text, |token, _| {
                    tokens.push(String::from_utf8(token.to_vec()).unwrap())
                });
                let expected = tokenizer.tokenize_with_offsets(text);
                let expected_tokens: Vec<String> = expected.iter().map(|(token, _)| token.clone()).collect();
                assert_eq!(tokens, expected_tokens, "{text:?}");
                let starts: Vec<i64> = expected.iter().map(|(_, span)| char_index(text, span.start)).collect();
                let ends: Vec<i64> = expected.iter().map(|(_, span)| char_index(text, span.end)).collect();
                assert_eq!((&spans.starts, &spans.ends), (&starts, &ends), "{text:?}");
                assert_eq!(spans.len(), tokens.len());
            }
        }
    }

    #[test]
    fn offsets_are_written_as_pairs() {
        let mut out = Vec::new();
        push_offsets(&mut out, &[0, 7, 1234567890123], &[5, 10, i64::MAX]);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            ", \"offsets\": [[0, 5], [7, 10], [1234567890123, 9223372036854775807]]"
        );
        let mut out = Vec::new();
        push_offsets(&mut out, &[], &[]);
        assert_eq!(out, b", \"offsets\": []");
    }
}
