//! `Tokenizer::explain`: every span of a text with what became of it, for
//! the user whose word vanished. The candidates are the tokens of the same
//! rules with no filter; each then meets the filters in the order the scan
//! applies them, and what lies between them is a separator.

use super::sink::TokenSink;
use super::Tokenizer;
use crate::options::TokenizerOptions;
use crate::stem::WordStemmer;
use crate::unicode::unicode_data::{tables, CharClass};
use crate::web::SpanKind;

/// What became of a span of a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fate {
    Kept,
    /// A stopword.
    Stopword,
    /// A number, and numbers are not kept.
    Number,
    /// Fewer code points than `min_len`.
    Short,
    /// More code points than `max_len`.
    Long,
    /// A URL, and URLs are dropped.
    Url,
    /// An e-mail address, and addresses are dropped.
    Email,
    /// A mention, and mentions are dropped.
    Mention,
    /// A hashtag, and hashtags are dropped.
    Hashtag,
    /// Characters that make no token: spaces, punctuation, symbols, ...
    Separator,
}

impl Fate {
    pub fn name(self) -> &'static str {
        match self {
            Fate::Kept => "kept",
            Fate::Stopword => "stopword",
            Fate::Number => "number",
            Fate::Short => "short",
            Fate::Long => "long",
            Fate::Url => "url",
            Fate::Email => "email",
            Fate::Mention => "mention",
            Fate::Hashtag => "hashtag",
            Fate::Separator => "separator",
        }
    }
}

/// A span of a text (bytes `start..end`) and what became of it: the token
/// it made (normalised, lower-cased, format characters removed), and its
/// stem when kept and stemming; a separator has neither.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Explained {
    pub start: usize,
    pub end: usize,
    pub fate: Fate,
    pub token: Option<String>,
    pub stem: Option<String>,
}

impl Tokenizer {
    /// Every span of `text`, in order, with what became of it. The spans
    /// cover the text once, save where tokens overlap (CJK bigrams, or two
    /// tokens from one character); the kept ones are
    /// `for_each_token_with_span`'s.
    pub fn explain(&self, text: &str) -> Vec<Explained> {
        let candidates = Tokenizer {
            options: TokenizerOptions {
                min_len: 0,
                max_len: None,
                keep_numbers: true,
                stem: None,
                ..self.options.clone()
            },
            stopwords: None,
        };
        let mut sink = ExplainSink {
            tokenizer: self,
            entries: Vec::new(),
            covered: 0,
            span: (0, 0),
            match_key: String::new(),
            stemmer: self.options.stem.map(|language| language.stemmer()),
        };
        candidates.scan_kept(text, &mut sink);
        let mut entries = sink.entries;
        let covered = sink.covered;
        if text.len() > covered {
            entries.push(separator(covered, text.len()));
        }
        entries
    }

    /// What the filters make of a candidate, in the order the scan applies
    /// them: numbers, length, stopwords. A span of web text is no number.
    fn fate_of(&self, token: &str, is_span: bool, match_key: &mut String) -> Fate {
        let options = &self.options;
        let t = tables();
        let is_number = !is_span
            && !token
                .chars()
                .any(|ch| matches!(t.class(ch), CharClass::Letter | CharClass::Ideograph));
        let chars = token.chars().count();
        if is_number && !options.keep_numbers {
            Fate::Number
        } else if chars < options.min_len {
            Fate::Short
        } else if options.max_len.is_some_and(|max_len| chars > max_len) {
            Fate::Long
        } else if self.is_stopword(token, match_key) {
            Fate::Stopword
        } else {
            Fate::Kept
        }
    }
}

fn separator(start: usize, end: usize) -> Explained {
    Explained {
        start,
        end,
        fate: Fate::Separator,
        token: None,
        stem: None,
    }
}

/// Takes the candidates of the scan with no filters, and gives each its
/// fate under the tokeniser's.
struct ExplainSink<'t> {
    tokenizer: &'t Tokenizer,
    entries: Vec<Explained>,
    /// The end of the spans so far: anything after it not in the next span
    /// is a separator.
    covered: usize,
    span: (usize, usize),
    match_key: String,
    stemmer: Option<WordStemmer>,
}

impl ExplainSink<'_> {
    /// An entry; a kept word (not a span of web text) with its stem.
    fn push(&mut self, start: usize, end: usize, fate: Fate, token: &str, is_word: bool) {
        if start > self.covered {
            self.entries.push(separator(self.covered, start));
        }
        self.covered = self.covered.max(end);
        let stem = match (&mut self.stemmer, fate) {
            (Some(stemmer), Fate::Kept) if is_word => {
                let mut stem = String::new();
                stemmer.with_stem(token, |stemmed| stem.push_str(stemmed));
                Some(stem)
            }
            _ => None,
        };
        self.entries.push(Explained {
            start,
            end,
            fate,
            token: Some(token.to_owned()),
            stem,
        });
    }
}

impl TokenSink for &mut ExplainSink<'_> {
    const SPANS: bool = true;

    fn span(&mut self, start: usize, end: usize) {
        self.span = (start, end);
    }

    fn token(&mut self, token: &str) {
        let fate = self.tokenizer.fate_of(token, false, &mut self.match_key);
        let (start, end) = self.span;
        self.push(start, end, fate, token, true);
    }

    fn span_token(&mut self, _: SpanKind, token: &str) {
        let fate = self.tokenizer.fate_of(token, true, &mut self.match_key);
        let (start, end) = self.span;
        self.push(start, end, fate, token, false);
    }

    fn dropped_span(&mut self, kind: SpanKind, start: usize, end: usize, token: &str) {
        let fate = match kind {
            SpanKind::Url => Fate::Url,
            SpanKind::Email => Fate::Email,
            SpanKind::Mention => Fate::Mention,
            SpanKind::Hashtag => Fate::Hashtag,
            // Emoji are kept, or not spans at all.
            SpanKind::Emoji => return,
        };
        self.push(start, end, fate, token, false);
    }
}
