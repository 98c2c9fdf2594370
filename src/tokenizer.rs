//! Splitting text into word tokens and filtering them.

use std::borrow::Cow;
use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::case::{lowercase_char_in, lowercase_into};
use crate::error::Error;
use crate::normalize::{normalize, NormalizationForm};
use crate::stopwords::StopwordSet;
use crate::unicode_data::{tables, CharClass};

/// Everything that decides a tokenisation besides the stopwords.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenizerOptions {
    /// Lower-case the text before splitting.
    pub lowercase: bool,
    /// Match stopwords exactly; otherwise tokens are lower-cased for the match.
    pub case_sensitive: bool,
    /// Emit runs of decimal digits as tokens (they always end a word).
    pub keep_numbers: bool,
    /// Shortest token kept, in code points.
    pub min_len: usize,
    /// Longest token kept, in code points.
    pub max_len: Option<usize>,
    /// Normalisation applied before anything else.
    pub normalize: Option<NormalizationForm>,
}

impl TokenizerOptions {
    /// Refuses option values that contradict each other.
    pub fn validate(&self) -> Result<(), Error> {
        match self.max_len {
            Some(max_len) if self.min_len > max_len => Err(Error::InvalidOption(format!(
                "min_len ({}) must not exceed max_len ({max_len})",
                self.min_len
            ))),
            _ => Ok(()),
        }
    }
}

impl Default for TokenizerOptions {
    fn default() -> Self {
        TokenizerOptions {
            lowercase: true,
            case_sensitive: false,
            keep_numbers: false,
            min_len: 1,
            max_len: None,
            normalize: Some(NormalizationForm::Nfc),
        }
    }
}

/// The tokens of one text, stored in one buffer: no allocation per token.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TokenBuffer {
    text: String,
    ends: Vec<usize>,
}

impl TokenBuffer {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn clear(&mut self) {
        self.text.clear();
        self.ends.clear();
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    pub fn push(&mut self, token: &str) {
        self.text.push_str(token);
        self.ends.push(self.text.len());
    }

    pub fn iter(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        self.ends.iter().enumerate().map(|(index, &end)| {
            let start = if index == 0 { 0 } else { self.ends[index - 1] };
            &self.text[start..end]
        })
    }
}

/// A configured tokeniser; immutable, and shareable across threads.
#[derive(Clone, Debug)]
pub struct Tokenizer {
    options: TokenizerOptions,
    stopwords: Option<StopwordSet>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Run {
    Between,
    Word,
    Number,
}

/// The state of one pass over a text: the token being built and where it is.
struct Scanner<'a, F> {
    tokenizer: &'a Tokenizer,
    emit: F,
    run: Run,
    token: String,
    token_chars: usize,
    /// Scratch space for the lower-cased form of a token when matching
    /// stopwords case-insensitively without lower-casing the output.
    match_key: String,
}

impl<F: FnMut(&str)> Scanner<'_, F> {
    #[inline]
    fn push(&mut self, ch: char, class: CharClass) {
        match (self.run, class) {
            (Run::Word, CharClass::Letter | CharClass::Mark | CharClass::Joiner) | (Run::Number, CharClass::Digit) => {
                self.append(ch)
            }
            (Run::Word, CharClass::Format) => {}
            (_, CharClass::Letter) => {
                self.finish();
                self.run = Run::Word;
                self.append(ch);
            }
            (_, CharClass::Digit) => {
                self.finish();
                self.run = Run::Number;
                self.append(ch);
            }
            _ => self.finish(),
        }
    }

    #[inline]
    fn append(&mut self, ch: char) {
        self.token.push(ch);
        self.token_chars += 1;
    }

    fn finish(&mut self) {
        if self.run == Run::Between {
            return;
        }
        let is_number = self.run == Run::Number;
        self.run = Run::Between;
        if (!is_number || self.tokenizer.options.keep_numbers) && self.keeps() {
            (self.emit)(&self.token);
        }
        self.token.clear();
        self.token_chars = 0;
    }

    fn keeps(&mut self) -> bool {
        let options = &self.tokenizer.options;
        if self.token_chars < options.min_len || options.max_len.is_some_and(|max| self.token_chars > max) {
            return false;
        }
        let Some(stopwords) = &self.tokenizer.stopwords else {
            return true;
        };
        if options.lowercase || options.case_sensitive {
            !stopwords.contains(&self.token)
        } else {
            lowercase_into(&self.token, &mut self.match_key);
            !stopwords.contains(&self.match_key)
        }
    }
}

impl Tokenizer {
    /// A tokeniser; `stopwords` are prepared (normalised, lower-cased) here.
    pub fn new<I, S>(options: TokenizerOptions, stopwords: Option<I>) -> Result<Self, Error>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        options.validate()?;
        let stopwords = stopwords.map(|words| StopwordSet::new(words, options.normalize, options.case_sensitive));
        Ok(Tokenizer { options, stopwords })
    }

    pub fn options(&self) -> &TokenizerOptions {
        &self.options
    }

    /// The prepared stopwords, or None when filtering is off.
    pub fn stopwords(&self) -> Option<&StopwordSet> {
        self.stopwords.as_ref()
    }

    /// Calls `emit` with each kept token of `text`, in order.
    pub fn for_each_token(&self, text: &str, emit: impl FnMut(&str)) {
        let normalized = match self.options.normalize {
            Some(form) => normalize(text, form),
            None => Cow::Borrowed(text),
        };
        let text: &str = &normalized;
        let t = tables();
        let mut scanner = Scanner {
            tokenizer: self,
            emit,
            run: Run::Between,
            token: String::new(),
            token_chars: 0,
            match_key: String::new(),
        };
        if self.options.lowercase {
            for (at, ch) in text.char_indices() {
                lowercase_char_in(t, text, at, ch, |lowered| scanner.push(lowered, t.class(lowered)));
            }
        } else {
            for ch in text.chars() {
                scanner.push(ch, t.class(ch));
            }
        }
        scanner.finish();
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

    /// The tokens of each text, in input order, on up to `threads` threads.
    ///
    /// Threads are scoped to the call (no global pool, so nothing to go
    /// wrong after a fork) and take small chunks from a shared counter, so a
    /// few long documents do not leave the other threads idle.
    pub fn tokenize_batch<T: AsRef<str> + Sync>(&self, texts: &[T], threads: NonZeroUsize) -> Vec<TokenBuffer> {
        let tokenize_all = |chunk: &[T]| -> Vec<TokenBuffer> {
            chunk
                .iter()
                .map(|text| {
                    let mut tokens = TokenBuffer::new();
                    self.tokenize_into(text.as_ref(), &mut tokens);
                    tokens
                })
                .collect()
        };
        let threads = threads.get().min(texts.len());
        if threads <= 1 {
            return tokenize_all(texts);
        }
        let chunk_size = (texts.len() / (threads * 16)).clamp(1, 256);
        let next_chunk = AtomicUsize::new(0);
        let mut chunks: Vec<(usize, Vec<TokenBuffer>)> = std::thread::scope(|scope| {
            let workers: Vec<_> = (0..threads)
                .map(|_| {
                    scope.spawn(|| {
                        let mut done = Vec::new();
                        loop {
                            let start = next_chunk.fetch_add(chunk_size, Ordering::Relaxed);
                            if start >= texts.len() {
                                break done;
                            }
                            let end = (start + chunk_size).min(texts.len());
                            done.push((start, tokenize_all(&texts[start..end])));
                        }
                    })
                })
                .collect();
            workers
                .into_iter()
                .flat_map(|worker| match worker.join() {
                    Ok(done) => done,
                    // A panic in a worker is a bug; carry it to the caller
                    // (pyo3 turns it into an exception).
                    Err(payload) => std::panic::resume_unwind(payload),
                })
                .collect()
        });
        chunks.sort_unstable_by_key(|&(start, _)| start);
        chunks.into_iter().flat_map(|(_, tokens)| tokens).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stopwords::bundled_list;

    fn default_tokenizer() -> Tokenizer {
        Tokenizer::new(TokenizerOptions::default(), Some(bundled_list("default").unwrap())).unwrap()
    }

    fn tokens(tokenizer: &Tokenizer, text: &str) -> Vec<String> {
        tokenizer.tokenize(text)
    }

    #[test]
    fn apostrophes_hyphens_and_digits_split() {
        let tokenizer = default_tokenizer();
        assert_eq!(tokens(&tokenizer, "Maduro's"), ["maduro"]);
        assert_eq!(tokens(&tokenizer, "exclusive-u.s."), ["exclusive", "u"]);
        assert_eq!(tokens(&tokenizer, "2,000 generals"), ["generals"]);
    }

    #[test]
    fn numbers_are_kept_on_request_and_end_words() {
        let options = TokenizerOptions {
            keep_numbers: true,
            ..TokenizerOptions::default()
        };
        let tokenizer = Tokenizer::new(options, None::<Vec<&str>>).unwrap();
        assert_eq!(tokens(&tokenizer, "abc123def 2,000"), ["abc", "123", "def", "2", "000"]);
    }

    #[test]
    fn combining_marks_and_joiners_stay_in_words() {
        let tokenizer = default_tokenizer();
        assert_eq!(
            tokens(&tokenizer, "\u{939}\u{93F}\u{928}\u{94D}\u{926}\u{940}"),
            ["\u{939}\u{93F}\u{928}\u{94D}\u{926}\u{940}"]
        );
        assert_eq!(
            tokens(&tokenizer, "\u{645}\u{6CC}\u{200C}\u{62E}"),
            ["\u{645}\u{6CC}\u{200C}\u{62E}"]
        );
        assert_eq!(tokens(&tokenizer, "co\u{AD}operate"), ["cooperate"]);
        assert_eq!(tokens(&tokenizer, "zero\u{200B}width"), ["zero", "width"]);
        assert_eq!(tokens(&tokenizer, "\u{301}x"), ["x"]);
    }

    #[test]
    fn stopwords_match_case_insensitively_without_lowercasing() {
        let options = TokenizerOptions {
            lowercase: false,
            ..TokenizerOptions::default()
        };
        let tokenizer = Tokenizer::new(options.clone(), Some(["the"])).unwrap();
        assert_eq!(tokens(&tokenizer, "The Cat"), ["Cat"]);
        let exact = Tokenizer::new(
            TokenizerOptions {
                case_sensitive: true,
                ..options
            },
            Some(["the"]),
        )
        .unwrap();
        assert_eq!(tokens(&exact, "The Cat the"), ["The", "Cat"]);
    }

    #[test]
    fn lengths_count_code_points() {
        let options = TokenizerOptions {
            min_len: 2,
            max_len: Some(3),
            ..TokenizerOptions::default()
        };
        let tokenizer = Tokenizer::new(options, None::<Vec<&str>>).unwrap();
        assert_eq!(tokens(&tokenizer, "a \u{e9}t\u{e9} four"), ["\u{e9}t\u{e9}"]);
    }

    #[test]
    fn min_len_above_max_len_is_refused() {
        let options = TokenizerOptions {
            min_len: 4,
            max_len: Some(3),
            ..TokenizerOptions::default()
        };
        assert!(Tokenizer::new(options, None::<Vec<&str>>).is_err());
    }

    #[test]
    fn batch_keeps_input_order_on_any_thread_count() {
        let tokenizer = default_tokenizer();
        let texts: Vec<String> = (0..1000).map(|i| format!("word{i} number {i} x{}", i % 7)).collect();
        let serial: Vec<Vec<String>> = texts.iter().map(|text| tokenizer.tokenize(text)).collect();
        for threads in [1, 2, 3, 8] {
            let batch = tokenizer.tokenize_batch(&texts, NonZeroUsize::new(threads).unwrap());
            let batch: Vec<Vec<String>> = batch
                .iter()
                .map(|tokens| tokens.iter().map(str::to_owned).collect())
                .collect();
            assert_eq!(batch, serial, "threads={threads}");
        }
    }
}
