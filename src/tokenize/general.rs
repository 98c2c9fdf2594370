//! The general path: the rules followed character by character with the
//! Unicode tables, for runs the ASCII block scan cannot settle (capitals
//! beyond ASCII, text to normalise, separators beyond ASCII, letters glued
//! to digits), the splitting of
//! Han ideographs and kana (`CjkTokens`), and `Segmentation::Uax29`, which
//! cuts the whole text at UAX #29 word boundaries.

use std::borrow::Cow;

use super::filter::{is_stopword, LengthLimits};
use super::sink::TokenSink;
use super::unchanged::UnchangedChars;
use crate::options::{CjkTokens, TokenizerOptions};
use crate::stopwords::StopwordSet;
use crate::unicode::ascii::ClassifiedText;
use crate::unicode::case::{lowercase, lowercase_char_in};
use crate::unicode::normalize::{is_normalized_quick, normalize, NormalizationForm};
use crate::unicode::segment::{for_each_ascii_word, for_each_word_piece};
use crate::unicode::unicode_data::{tables, BmpChar, CharClass};
use crate::unicode::utf8::code_point_at;

/// The start of a run that `Scanner::unchanged_word` found to be a word
/// of unchanged characters up to `end` (`chars` of them; none if it found
/// the run not normal), and whether it checked the run normal.
#[derive(Clone, Copy)]
pub(super) struct WordPrefix {
    end: usize,
    chars: usize,
    checked: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Run {
    Between,
    Word,
    /// A Han ideograph or kana letter split out (`CjkTokens::Chars`).
    Ideograph,
    Number,
}

/// The state of one pass over a text: the options, where the kept tokens
/// go, and the token the general path is building. The ASCII block scan
/// over the same state is in `ascii_scan.rs`; it hands each run it does not
/// settle itself to `scan_general_run`.
pub(super) struct Scanner<'a, S> {
    pub(super) options: &'a TokenizerOptions,
    pub(super) sink: S,
    /// The stopwords to filter against, if any.
    pub(super) stopwords: Option<&'a StopwordSet>,
    pub(super) limits: LengthLimits,
    run: Run,
    /// The token being built by the general path.
    token: String,
    token_chars: usize,
    /// When the sink takes spans: the bytes of the text `token` came from,
    /// and those of the character being pushed.
    token_span: (usize, usize),
    char_span: (usize, usize),
    /// With `CjkTokens::Bigrams`: the character (with its marks) before the
    /// one in `token`, its span, and how many the run has had.
    cjk_unit: String,
    cjk_unit_chars: usize,
    cjk_unit_span: (usize, usize),
    cjk_units: usize,
    /// The lower-cased form of a token when matching stopwords
    /// case-insensitively without lower-casing the output.
    match_key: String,
    /// The normal form the text should be in when nobody has checked that
    /// it is: each run of the general path checks itself (see
    /// `check_run`), sparing text that is normal (nearly all) a pass of
    /// its own.
    pub(super) unchecked: Option<NormalizationForm>,
    /// Set when a run found the text not normal: the byte from which it
    /// must be normalised and scanned again (`normalized_from`). The
    /// tokens before it are out; the block scan stops.
    pub(super) rest_from: Option<usize>,
    /// Where the character being pushed by the general path starts, and
    /// where the token being built started.
    char_start: usize,
    token_start: usize,
}

impl<'a, S: TokenSink> Scanner<'a, S> {
    pub(super) fn new(options: &'a TokenizerOptions, stopwords: Option<&'a StopwordSet>, sink: S) -> Self {
        Scanner {
            options,
            sink,
            stopwords,
            limits: LengthLimits::of(options),
            run: Run::Between,
            token: String::new(),
            token_chars: 0,
            token_span: (0, 0),
            char_span: (0, 0),
            cjk_unit: String::new(),
            cjk_unit_chars: 0,
            cjk_unit_span: (0, 0),
            cjk_units: 0,
            match_key: String::new(),
            unchecked: None,
            rest_from: None,
            char_start: 0,
            token_start: 0,
        }
    }

    /// Follows the rules character by character over `start..end`: a run
    /// with bytes beyond ASCII, or with both letters and digits.
    /// `prefix`, if any, is where `unchanged_word` stopped: the word it
    /// began is taken up, not looked at again.
    pub(super) fn scan_general_run(&mut self, text: &str, start: usize, end: usize, prefix: Option<WordPrefix>) {
        let t = tables();
        let lowercase = self.options.lowercase;
        // Both ends are character boundaries: at ASCII bytes, at
        // separators beyond ASCII (`UnchangedChars::block`), or at the ends
        // of the text.
        let bytes = text.as_bytes().get(..end).unwrap_or_default();
        let in_word = BmpChar::in_word_flag(lowercase, self.options.cjk == CjkTokens::Words);
        // While the run is unchecked, the fast path takes only starters
        // (characters normal whatever surrounds them).
        let mut starter = self
            .unchecked
            .map_or(0, |form| BmpChar::starter_flag(form.is_compatibility()));
        let mut at = start;
        let mut previous = char_before(text, start);
        if let Some(prefix) = prefix.filter(|prefix| prefix.chars > 0) {
            self.take_up(text, start, prefix);
            (previous, at) = (prefix.end - 1, prefix.end);
            if prefix.checked {
                starter = 0;
            }
        }
        while at < end {
            let (code_point, len) = code_point_at(bytes, at);
            if S::SPANS {
                self.char_span = (at, at + len);
            }
            let info = t.bmp_at(code_point);
            // The most frequent case by far: a character that continues the
            // word being built, one load and one test; as it is, with the
            // ones after it that do too.
            if self.run == Run::Word && info.is_some_and(|info| info.has(in_word | starter)) {
                (previous, at) = self.continue_word(text, at, end, in_word | starter);
                continue;
            }
            // As often: a letter after no token, which begins a word.
            if self.run == Run::Between && info.is_some_and(|info| info.starts_word(in_word | starter)) {
                self.run = Run::Word;
                self.token_start = at;
                if S::SPANS {
                    self.token_span.0 = at;
                }
                (previous, at) = self.continue_word(text, at, end, in_word | starter);
                continue;
            }
            if starter != 0 && !info.is_some_and(|info| info.has(starter)) {
                if !self.check_run(text, start, end) {
                    self.stop_before(previous);
                    return;
                }
                starter = 0;
            }
            self.char_start = at;
            // Nearly every character of every script is in the BMP and
            // lower-cases to one character whatever its neighbours: one load.
            let simple = match info {
                Some(info) if lowercase => info.lowered(),
                Some(info) => char::from_u32(code_point).map(|ch| (ch, info.class())),
                None => None,
            };
            match simple {
                Some((ch, class)) => self.push(ch, class),
                None => {
                    let Some(ch) = char::from_u32(code_point) else { break };
                    if lowercase {
                        // The whole text, for the context that lower-casing
                        // a final sigma looks at.
                        lowercase_char_in(t, text, at, ch, |lowered| self.push(lowered, t.class(lowered)));
                    } else {
                        self.push(ch, t.class(ch));
                    }
                }
            }
            previous = at;
            at += len;
        }
        // What follows the run (a separator, a digit that is not kept, or
        // the end of the text) ends any token.
        self.finish();
    }

    #[inline]
    fn push(&mut self, ch: char, class: CharClass) {
        // Split out, an ideograph is a token of its own with the marks and
        // joiners that follow it; otherwise it is a letter.
        let class = match (class, self.options.cjk) {
            (CharClass::Ideograph, CjkTokens::Words) => CharClass::Letter,
            (CharClass::Ideograph, CjkTokens::Bigrams) if self.run == Run::Ideograph => {
                self.end_cjk_unit();
                self.append(ch);
                return;
            }
            (CharClass::Ideograph, _) => {
                self.finish();
                self.run = Run::Ideograph;
                self.append(ch);
                return;
            }
            (class, _) => class,
        };
        match (self.run, class) {
            (Run::Word, CharClass::Letter | CharClass::Mark | CharClass::Joiner)
            | (Run::Ideograph, CharClass::Mark | CharClass::Joiner)
            | (Run::Number, CharClass::Digit) => self.append(ch),
            // Removed from the token, but within its span.
            (Run::Word | Run::Ideograph, CharClass::Format) => {
                if S::SPANS {
                    self.token_span.1 = self.char_span.1;
                }
            }
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
        if self.token_chars == 0 {
            self.token_start = self.char_start;
            if S::SPANS {
                self.token_span.0 = self.char_span.0;
            }
        }
        self.continue_token(ch);
    }

    /// `append` to a token begun already.
    #[inline(always)]
    fn continue_token(&mut self, ch: char) {
        if S::SPANS {
            // A lower-cased character may be several: all have its span.
            self.token_span.1 = self.char_span.1;
        }
        self.token.push(ch);
        self.token_chars += 1;
    }

    /// Appends the characters from `at` (which continues the word being
    /// built) up to the first that does not (`flags` as for
    /// `BmpChar::has`) or `end`: the rest of nearly every
    /// word, in one tight loop. A stretch of characters appended as they
    /// are is copied at once. Returns where the last character appended
    /// starts and where the next begins.
    #[inline(always)]
    fn continue_word(&mut self, text: &str, mut at: usize, end: usize, flags: u32) -> (usize, usize) {
        let t = tables();
        let lowered = flags & (BmpChar::LOWERED_IN_WORD | BmpChar::LOWERED_IN_WORD_CJK) != 0;
        let bytes = text.as_bytes().get(..end).unwrap_or_default();
        // Where the stretch of characters kept as they are, not yet copied,
        // begins.
        let mut as_is_from = at;
        let mut last = at;
        let mut chars = 0;
        while at < end {
            let (code_point, len) = code_point_at(bytes, at);
            // Above the BMP, the main loop decides.
            let Ok(index) = u16::try_from(code_point) else { break };
            let info = t.bmp_char_at(index);
            if !info.has(flags) {
                break;
            }
            if lowered && info.lower_bits() != code_point {
                self.token.push_str(text.get(as_is_from..at).unwrap_or_default());
                // SAFETY: a `LOWERED_` flag implies `LOWERS_SIMPLY`, set by
                // `bmp_char` only with a `char` in bits 0-15.
                self.token.push(unsafe { char::from_u32_unchecked(info.lower_bits()) });
                as_is_from = at + len;
            }
            last = at;
            at += len;
            chars += 1;
        }
        self.token.push_str(text.get(as_is_from..at).unwrap_or_default());
        self.token_chars += chars;
        if S::SPANS {
            self.token_span.1 = at;
        }
        (last, at)
    }

    /// What a character beyond ASCII must be to be unchanged by this
    /// scan's rules (see `unchanged.rs`).
    #[inline]
    pub(super) fn unchanged_chars(&self) -> UnchangedChars {
        UnchangedChars::of(self.options, self.stopwords.is_some(), self.unchecked)
    }

    /// The number of characters of the run `start..end` (which separators
    /// surround) when it is one word of ASCII letters and `unchanged`
    /// characters (see `unchanged.rs`), the first a letter: a token that is
    /// the bytes of `classified`'s copy. Capitals whose lower case is as
    /// long in UTF-8 are lower-cased there, when tokens are. A character
    /// that is unchanged but not a starter (a virama, say) has the run
    /// checked normal, once. Otherwise, the characters before the first
    /// that is not such a character: the start of a word that the general
    /// path goes on with.
    #[inline(always)]
    pub(super) fn unchanged_word(
        &self,
        text: &str,
        classified: &mut ClassifiedText,
        (start, end): (usize, usize),
        unchanged: UnchangedChars,
    ) -> Result<usize, WordPrefix> {
        // The test of two-byte characters by their bytes costs the other
        // scripts a branch on every character (7 % of Chinese): a run is
        // taken to be of the script of its first character.
        if text
            .as_bytes()
            .get(start)
            .is_some_and(|lead| (0xC0..0xE0).contains(lead))
        {
            self.unchanged_word_of::<true>(text, classified, (start, end), unchanged)
        } else {
            self.unchanged_word_of::<false>(text, classified, (start, end), unchanged)
        }
    }

    /// `unchanged_word`, with the test of two-byte characters by their
    /// bytes if `TWO_BYTE`.
    #[inline(always)]
    fn unchanged_word_of<const TWO_BYTE: bool>(
        &self,
        text: &str,
        classified: &mut ClassifiedText,
        (start, end): (usize, usize),
        unchanged: UnchangedChars,
    ) -> Result<usize, WordPrefix> {
        let mut flags = unchanged.in_word | unchanged.starter;
        let bytes = text.as_bytes();
        let mut at = start;
        let mut chars = 0;
        // Whether a capital was lower-cased in the copy: the general path,
        // which reads the text, cannot take up the word from where this
        // stops.
        let mut lowered = false;
        while at < end {
            let lead = bytes.get(at).copied().unwrap_or(0);
            let (code_point, len) = if TWO_BYTE && (0xC0..0xE0).contains(&lead) {
                // Most characters of the scripts of two bytes: a test of
                // one bit. The others, and any it fails, take the full test.
                let continuation = bytes.get(at + 1).copied().unwrap_or(0);
                if flags == unchanged.in_word | unchanged.starter
                    && unchanged.two_byte_fits(lead, continuation, chars == 0)
                {
                    at += 2;
                    chars += 1;
                    continue;
                }
                (u32::from(lead & 0x1F) << 6 | u32::from(continuation & 0x3F), 2)
            } else {
                code_point_at(bytes, at)
            };
            let continues = match u16::try_from(code_point) {
                Ok(ascii @ 0..0x80) => (ascii as u8).is_ascii_alphabetic(),
                Ok(index) => {
                    let info = unchanged.bmp_char_at(index);
                    let fits = |flags: u32| {
                        if chars == 0 {
                            info.starts_word(flags)
                        } else {
                            info.has(flags)
                        }
                    };
                    let mut continues = fits(flags);
                    // The rare cases, tested once the usual test failed.
                    // Unchanged, but not a starter while the run is unchecked:
                    if !continues && flags != unchanged.in_word && info.has(unchanged.in_word) {
                        if !self.check_run(text, start, end) {
                            return Err(WordPrefix {
                                end: at,
                                chars: 0,
                                checked: false,
                            });
                        }
                        flags = unchanged.in_word;
                        continues = fits(flags);
                    }
                    // A capital, lower-cased in the copy:
                    if !continues && unchanged.lowers_capitals && fits(flags & !BmpChar::OWN_LOWER) {
                        continues =
                            char::from_u32(info.lower_bits()).is_some_and(|lower| classified.lower_char(at, lower));
                        lowered |= continues;
                    }
                    continues
                }
                Err(_) => false,
            };
            if !continues {
                return Err(WordPrefix {
                    end: at,
                    chars: if lowered { 0 } else { chars },
                    checked: flags == unchanged.in_word,
                });
            }
            at += len;
            chars += 1;
        }
        Ok(chars)
    }

    /// Makes the word `unchanged_word` began at `start` the token being
    /// built: its characters as they are, ASCII lower-cased if asked.
    fn take_up(&mut self, text: &str, start: usize, prefix: WordPrefix) {
        self.run = Run::Word;
        self.token_start = start;
        self.token.push_str(text.get(start..prefix.end).unwrap_or_default());
        if self.options.lowercase {
            self.token.make_ascii_lowercase();
        }
        self.token_chars = prefix.chars;
        if S::SPANS {
            self.token_span = (start, prefix.end);
        }
    }

    /// Whether the run `start..end` of an unchecked text is normal, with
    /// the separator before it: ASCII characters are boundaries of
    /// normalisation, so the text is normal if each such piece is.
    #[cold]
    #[inline(never)]
    fn check_run(&self, text: &str, start: usize, end: usize) -> bool {
        let Some(form) = self.unchecked else { return true };
        text.get(char_before(text, start)..end)
            .is_some_and(|piece| is_normalized_quick(piece, form))
    }

    /// The run being scanned is not normal: everything from the token being
    /// built (or else from the character at `previous`, the last one
    /// scanned, a boundary of normalisation since it was checked) is to be
    /// normalised and scanned again; the tokens before it are out, and are
    /// the same in the normalised text.
    #[cold]
    #[inline(never)]
    fn stop_before(&mut self, previous: usize) {
        let from = if self.run == Run::Between {
            previous
        } else {
            self.token_start
        };
        self.rest_from = Some(from);
        self.run = Run::Between;
        self.token.clear();
        self.token_chars = 0;
    }

    /// After `rest_from` was set: the text with everything from `from` on
    /// normalised, for a scan from there that needs no check; None if the
    /// text was not unchecked.
    pub(super) fn normalized_from(&mut self, text: &str, from: usize) -> Option<String> {
        let (Some(form), Some(before), Some(rest)) = (self.unchecked.take(), text.get(..from), text.get(from..)) else {
            return None;
        };
        let rest = normalize(rest, form);
        let mut joined = String::with_capacity(before.len() + rest.len());
        joined.push_str(before);
        joined.push_str(&rest);
        Some(joined)
    }

    fn finish(&mut self) {
        match self.run {
            Run::Between => return,
            Run::Ideograph if self.options.cjk == CjkTokens::Bigrams => {
                self.end_cjk_unit();
                // A character alone in its run is a token by itself.
                if self.cjk_units == 1 {
                    std::mem::swap(&mut self.token, &mut self.cjk_unit);
                    self.token_chars = self.cjk_unit_chars;
                    self.token_span = self.cjk_unit_span;
                    self.emit(false);
                }
                self.cjk_units = 0;
                self.cjk_unit.clear();
            }
            run => self.emit(run == Run::Number),
        }
        self.run = Run::Between;
        self.token.clear();
        self.token_chars = 0;
    }

    /// `Segmentation::Uax29`: a piece between two word boundaries is a word
    /// if it holds a letter, a number if it holds a decimal digit and no
    /// letter; format characters other than the joiners leave it.
    fn push_piece(&mut self, start: usize, piece: &str) {
        if piece.is_ascii() {
            // Most pieces, even of other texts: no table lookups.
            if piece.bytes().any(|byte| byte.is_ascii_alphanumeric()) {
                self.push_ascii_word(start, piece, false);
            }
            return;
        }
        let t = tables();
        let (mut letters, mut digits) = (false, false);
        for ch in piece.chars() {
            match t.class(ch) {
                CharClass::Letter | CharClass::Ideograph => letters = true,
                CharClass::Digit => digits = true,
                CharClass::Format => continue,
                _ => {}
            }
            self.append(ch);
        }
        if letters || digits {
            // The whole piece: a format character at its end included.
            self.token_span = (start, start + piece.len());
            self.emit(!letters);
        }
        self.token.clear();
        self.token_chars = 0;
    }

    /// `push_piece` for an ASCII piece that holds a letter or digit (no
    /// ASCII character is a format character), lower-casing it if asked.
    fn push_ascii_word(&mut self, start: usize, word: &str, lowercase: bool) {
        self.token_span = (start, start + word.len());
        self.token.push_str(word);
        if lowercase {
            self.token.make_ascii_lowercase();
        }
        self.token_chars = word.len();
        self.emit(!word.bytes().any(|byte| byte.is_ascii_alphabetic()));
        self.token.clear();
        self.token_chars = 0;
    }

    /// With `CjkTokens::Bigrams`: the character in `token` (with its marks)
    /// is complete; emits it joined to the one before, if any, and keeps it.
    fn end_cjk_unit(&mut self) {
        self.cjk_units += 1;
        let chars = self.token_chars;
        let span = self.token_span;
        // `token` becomes the character before, and `cjk_unit` this one.
        std::mem::swap(&mut self.token, &mut self.cjk_unit);
        if self.cjk_units >= 2 {
            self.token.push_str(&self.cjk_unit);
            self.token_chars = self.cjk_unit_chars + chars;
            // The pair spans both characters (and overlaps its neighbours).
            self.token_span = (self.cjk_unit_span.0, span.1);
            self.emit(false);
        }
        self.cjk_unit_chars = chars;
        self.cjk_unit_span = span;
        self.token.clear();
        self.token_chars = 0;
    }

    /// Hands `token` to the sink if the filters keep it.
    fn emit(&mut self, is_number: bool) {
        let options = self.options;
        let passes_length = self.limits.allow(self.token_chars);
        if (!is_number || options.keep_numbers)
            && passes_length
            && !self
                .stopwords
                .is_some_and(|stopwords| is_stopword(options, stopwords, &self.token, &mut self.match_key))
        {
            if S::SPANS {
                self.sink.span(self.token_span.0, self.token_span.1);
            }
            self.sink.token(&self.token);
        }
    }

    /// `Segmentation::Uax29`: the text, normalised and lower-cased whole,
    /// cut at its word boundaries. A text all of ASCII goes through the
    /// rules' ASCII form, which yields only the pieces that make tokens.
    pub(super) fn scan_uax29(mut self, text: &str) {
        if text.is_ascii() {
            // Normalised in every form, lower-cased byte by byte.
            let lowercase = self.options.lowercase;
            for_each_ascii_word(text, |start, word| self.push_ascii_word(start, word, lowercase));
            return;
        }
        let mut text = Cow::Borrowed(text);
        if let Some(form) = self.options.normalize {
            if let Cow::Owned(normalized) = normalize(&text, form) {
                text = Cow::Owned(normalized);
            }
        }
        if self.options.lowercase {
            text = Cow::Owned(lowercase(&text));
        }
        self.scan_uax29_prepared(&text);
    }

    /// `Segmentation::Uax29` over a text normalised and lower-cased already
    /// (as the options ask).
    pub(super) fn scan_uax29_prepared(mut self, text: &str) {
        for_each_word_piece(text, |start, piece| self.push_piece(start, piece));
    }
}

/// Where the character before byte `at` of `text` starts (`at` if none):
/// the separator before a run, ASCII or beyond.
fn char_before(text: &str, at: usize) -> usize {
    text.get(..at)
        .and_then(|before| before.char_indices().next_back())
        .map_or(at, |(start, _)| start)
}
