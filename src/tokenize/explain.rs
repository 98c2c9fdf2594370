//! `Tokenizer::explain`: every span of a text with what became of it, for
//! the user whose word vanished. The candidates are the tokens of the same
//! rules with no filter; each then meets the filters in the order the scan
//! applies them, and what lies between them is a separator.

use super::Tokenizer;
use crate::options::TokenizerOptions;
use crate::unicode::unicode_data::{tables, CharClass};

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
        let mut entries = Vec::new();
        // The end of the spans so far: anything after it not in the next
        // span is a separator.
        let mut covered = 0;
        let mut match_key = String::new();
        let mut stemmer = self.options.stem.map(|language| language.stemmer());
        let separator = |start, end| Explained {
            start,
            end,
            fate: Fate::Separator,
            token: None,
            stem: None,
        };
        candidates.for_each_token_with_span(text, |token, start, end| {
            if start > covered {
                entries.push(separator(covered, start));
            }
            covered = covered.max(end);
            let fate = self.fate_of(token, &mut match_key);
            let stem = match (&mut stemmer, fate) {
                (Some(stemmer), Fate::Kept) => {
                    let mut stem = String::new();
                    stemmer.with_stem(token, |stemmed| stem.push_str(stemmed));
                    Some(stem)
                }
                _ => None,
            };
            entries.push(Explained {
                start,
                end,
                fate,
                token: Some(token.to_owned()),
                stem,
            });
        });
        if text.len() > covered {
            entries.push(separator(covered, text.len()));
        }
        entries
    }

    /// What the filters make of a candidate, in the order the scan applies
    /// them: numbers, length, stopwords.
    fn fate_of(&self, token: &str, match_key: &mut String) -> Fate {
        let options = &self.options;
        let t = tables();
        let is_number = !token
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
