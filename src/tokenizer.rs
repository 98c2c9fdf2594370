//! Splitting text into word tokens and filtering them.

use std::borrow::Cow;
use std::cell::Cell;
use std::num::NonZeroUsize;

use crate::error::Error;
use crate::options::{CjkTokens, Segmentation, TokenizerOptions};
use crate::output::columns::TokenColumns;
use crate::parallel::map_chunks;
use crate::stem::WordStemmer;
use crate::stopwords::{prepare_entry, NearKeys, StopwordSet};
use crate::unicode::ascii::{self, ClassifiedText};
use crate::unicode::case::{lowercase, lowercase_char_in, lowercase_into};
use crate::unicode::normalize::normalize;
use crate::unicode::segment::{for_each_ascii_word, for_each_word_piece};
use crate::unicode::unicode_data::{tables, CharClass};

thread_local! {
    static SCRATCH: Cell<Scratch> = Cell::new(Scratch::default());
}

/// The buffers of a scan, kept per thread and reused from text to text, so
/// that no scan allocates (or clears) its own.
#[derive(Default)]
struct Scratch {
    classified: ClassifiedText,
    pending: PendingSlots,
}

/// The largest classified text kept for reuse: one huge text should not pin
/// its buffers for the life of the thread.
const KEPT_CLASSIFIED_BYTES: usize = 1 << 20;

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

    /// An empty buffer with room for `tokens` tokens of `bytes` in all.
    pub fn with_capacity(bytes: usize, tokens: usize) -> Self {
        TokenBuffer {
            text: String::with_capacity(bytes),
            ends: Vec::with_capacity(tokens),
        }
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
        spans(&self.ends).map(|span| &self.text[span])
    }
}

/// The ranges that consecutive end offsets delimit, the first starting at 0.
pub(crate) fn spans(ends: &[usize]) -> impl ExactSizeIterator<Item = std::ops::Range<usize>> + '_ {
    (0..ends.len()).map(|index| {
        let start = index
            .checked_sub(1)
            .and_then(|before| ends.get(before))
            .copied()
            .unwrap_or(0);
        start..ends.get(index).copied().unwrap_or(start)
    })
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
    /// A Han ideograph or kana letter split out (`CjkTokens::Chars`).
    Ideograph,
    Number,
}

/// The state of one pass over a text.
///
/// The text is first classified (`ascii::ClassifiedText`): a lower-cased copy
/// and bit masks of ASCII letters, ASCII digits and other bytes. Runs of
/// token bytes are found with bit operations, 64 bytes at a time; a run of
/// ASCII letters (or digits) is a token, emitted as a slice of the copy (or
/// of the text) with no copy of its own. A run with any byte beyond ASCII
/// takes the general path, which follows the rules character by character
/// with the Unicode tables. ASCII bytes other than letters and digits are
/// all separators, and so are ASCII digits unless numbers are kept (a digit
/// ends a word, and a number is dropped whole), so the runs never cut a
/// token of the general path.
///
/// Whether a token is a stopword is as good as random, and a branch on it
/// would be mispredicted a third of the time, costing more than all the
/// rest. So the ASCII tokens are filtered without branching: each is written
/// to the pending slots and kept there (the count moves on) only if it
/// passed, and the pending tokens are emitted in a loop whose branches are
/// predictable.
struct Scanner<'a, S> {
    tokenizer: &'a Tokenizer,
    sink: S,
    /// The stopwords to filter against, if any.
    stopwords: Option<&'a StopwordSet>,
    limits: LengthLimits,
    run: Run,
    /// The token being built by the general path.
    token: String,
    token_chars: usize,
    /// With `CjkTokens::Bigrams`: the character (with its marks) before the
    /// one in `token`, and how many the run has had.
    cjk_unit: String,
    cjk_unit_chars: usize,
    cjk_units: usize,
    /// The lower-cased form of a token when matching stopwords
    /// case-insensitively without lower-casing the output.
    match_key: String,
}

/// Where a scan sends the tokens it keeps.
pub(crate) trait TokenSink {
    fn token(&mut self, token: &str);

    /// A token that `padded` starts with: 16 readable bytes, for sinks that
    /// copy short tokens with fixed-size moves rather than a `memcpy` call.
    #[inline]
    fn padded_token(&mut self, token: &str, padded: &[u8; ascii::PADDED_TOKEN_BYTES]) {
        let _ = padded;
        self.token(token);
    }
}

/// Stems each kept token before handing it on.
struct StemSink<S> {
    stemmer: WordStemmer,
    inner: S,
}

impl<S: TokenSink> TokenSink for StemSink<S> {
    fn token(&mut self, token: &str) {
        let StemSink { stemmer, inner } = self;
        stemmer.with_stem(token, |stem| inner.token(stem));
    }
}

/// A closure as a sink.
struct Emit<F>(F);

impl<F: FnMut(&str)> TokenSink for Emit<F> {
    #[inline]
    fn token(&mut self, token: &str) {
        (self.0)(token);
    }
}

/// Room for the ASCII tokens a scanner collects, as ranges of the text.
const PENDING_SLOTS: usize = 128;

/// The pending tokens are emitted at the end of a block once this many are
/// waiting: a block completes at most 33 runs (32 within it and one from
/// earlier blocks), so the slots never fill up within a block, and the loop
/// checks for room once a block rather than once a token.
const EMIT_AT: usize = PENDING_SLOTS - ascii::BLOCK;

/// The slots for pending tokens, kept with the thread's scratch buffers.
/// Allocated on first use: `Scratch` is taken out of its thread-local cell
/// on every scan, leaving a default one behind, which must cost nothing.
#[derive(Default)]
struct PendingSlots(Option<Box<[(usize, usize); PENDING_SLOTS]>>);

impl PendingSlots {
    fn slots(&mut self) -> &mut [(usize, usize); PENDING_SLOTS] {
        self.0.get_or_insert_with(|| Box::new([(0, 0); PENDING_SLOTS]))
    }
}

/// ASCII tokens that passed the filter and wait to be emitted, in order.
struct Pending<'s> {
    slots: &'s mut [(usize, usize); PENDING_SLOTS],
    len: usize,
    /// How many of them the filter must look at again before they are
    /// emitted (see `AsciiFilter::passes_second_look`): nearly always none,
    /// so that a count, checked once for all of them, costs less than a
    /// mark on each.
    second_looks: usize,
}

impl Pending<'_> {
    /// Writes the token at `start..end` to the next slot, and keeps it there
    /// if the verdict says so: no branch on it.
    #[inline(always)]
    fn offer(&mut self, start: usize, end: usize, verdict: Verdict) {
        // `len` stays below PENDING_SLOTS (see EMIT_AT): the mask only lets
        // the compiler see that, and drop the bounds check.
        if let Some(slot) = self.slots.get_mut(self.len & (PENDING_SLOTS - 1)) {
            *slot = (start, end);
        }
        self.len += usize::from(verdict.keep);
        self.second_looks += usize::from(verdict.look_again);
    }

    #[inline(always)]
    fn tokens(&self) -> &[(usize, usize)] {
        self.slots.get(..self.len).unwrap_or_default()
    }
}

/// Which token lengths (in bytes, for the ASCII tokens) pass.
trait LengthRule: Copy {
    fn allow(self, len: usize) -> bool;
}

/// Every length: the default limits (at least one code point, no maximum),
/// which every run meets, so that the hot loop checks nothing.
#[derive(Clone, Copy)]
struct AnyLength;

impl LengthRule for AnyLength {
    #[inline(always)]
    fn allow(self, _: usize) -> bool {
        true
    }
}

/// What the ASCII filter says of a token.
#[derive(Clone, Copy)]
struct Verdict {
    keep: bool,
    /// Kept for now, but to be looked at again when emitted.
    look_again: bool,
}

impl Verdict {
    #[inline(always)]
    fn keep_if(keep: bool) -> Self {
        Verdict {
            keep,
            look_again: false,
        }
    }
}

/// A block for `Scanner::scan_unusual_block`: where it starts, its token
/// bytes other than ASCII letters, the edges where runs start and end, and
/// whether a run from the blocks before is open.
struct UnusualBlock {
    base: usize,
    others: u64,
    starts: u64,
    ends: u64,
    open: bool,
}

/// `min_len <= len <= max_len`, in one compare.
#[derive(Clone, Copy)]
struct LengthLimits {
    min_len: usize,
    /// `max_len - min_len` (validation ensures `min_len <= max_len`), with
    /// `usize::MAX` standing for no `max_len`.
    len_span: usize,
}

impl LengthLimits {
    fn of(options: &TokenizerOptions) -> Self {
        LengthLimits {
            min_len: options.min_len,
            len_span: options.max_len.unwrap_or(usize::MAX).saturating_sub(options.min_len),
        }
    }

    /// Whether every token passes these limits.
    fn are_default(self) -> bool {
        // Every run has at least one code point; no maximum leaves the
        // span at its largest.
        self.min_len <= 1 && self.len_span == usize::MAX - self.min_len
    }

    #[inline(always)]
    fn allow(self, len: usize) -> bool {
        len.wrapping_sub(self.min_len) <= self.len_span
    }
}

impl LengthRule for LengthLimits {
    #[inline(always)]
    fn allow(self, len: usize) -> bool {
        LengthLimits::allow(self, len)
    }
}

/// How the ASCII fast path decides whether a token passes: chosen once per
/// scan, so that the loop over the tokens holds no branch on the options.
trait AsciiFilter {
    /// Whether the ASCII token at `start..end` (all letters, or all digits)
    /// passes the length limits and the stopwords.
    fn passes(&self, text: &str, classified: &ClassifiedText, start: usize, end: usize) -> Verdict;

    /// Whether `token`, kept with `Verdict::look_again`, passes after all.
    #[inline]
    fn passes_second_look(&self, token: &str) -> bool {
        let _ = token;
        true
    }
}

/// The length limits alone: a tokeniser without stopwords.
struct LengthOnly<L>(L);

impl<L: LengthRule> AsciiFilter for LengthOnly<L> {
    #[inline(always)]
    fn passes(&self, _: &str, _: &ClassifiedText, start: usize, end: usize) -> Verdict {
        Verdict::keep_if(self.0.allow(end - start))
    }
}

/// Stopwords matched by the lower-cased bytes' search key, in a table where
/// two slots decide every lookup: the common case, with no branch.
struct KeyedStopwords<'a, L> {
    limits: L,
    stopwords: NearKeys<'a>,
}

impl<L: LengthRule> AsciiFilter for KeyedStopwords<'_, L> {
    #[inline(always)]
    fn passes(&self, _: &str, classified: &ClassifiedText, start: usize, end: usize) -> Verdict {
        let lookup = self.stopwords.lookup(classified.search_key(start, end));
        // A maybe is kept now and settled when emitted: it is rare, and a
        // branch here would not be.
        Verdict {
            keep: self.limits.allow(end - start) & !lookup.stopword,
            look_again: lookup.maybe,
        }
    }

    fn passes_second_look(&self, token: &str) -> bool {
        !self.stopwords.contains_long(token)
    }
}

/// Any other stopword matching: text as written (case-sensitive, not
/// lower-cased), or a list too large for the near table (see
/// `StopwordSet::near_keys`).
struct OtherStopwords<'a> {
    limits: LengthLimits,
    tokenizer: &'a Tokenizer,
    stopwords: &'a StopwordSet,
    /// Scratch space for `Tokenizer::is_stopword`.
    match_key: Cell<String>,
}

impl AsciiFilter for OtherStopwords<'_> {
    #[inline]
    fn passes(&self, text: &str, classified: &ClassifiedText, start: usize, end: usize) -> Verdict {
        let options = &self.tokenizer.options;
        // The lower-cased bytes are what case-insensitive matching compares,
        // and what the emitted token is when it is lower-cased; only exact
        // matching of text as written needs the text itself.
        let is_stopword = if options.lowercase || !options.case_sensitive {
            let key = classified.search_key(start, end);
            self.stopwords
                .contains_search_key(key, || classified.lowered_str(start, end).unwrap_or_default())
        } else {
            let token = text.get(start..end).unwrap_or_default();
            let mut match_key = self.match_key.take();
            let is_stopword = self.tokenizer.is_stopword(token, &mut match_key);
            self.match_key.set(match_key);
            is_stopword
        };
        Verdict::keep_if(self.limits.allow(end - start) & !is_stopword)
    }
}

impl<'a, S: TokenSink> Scanner<'a, S> {
    fn new(tokenizer: &'a Tokenizer, sink: S) -> Self {
        Scanner {
            tokenizer,
            sink,
            stopwords: tokenizer.stopwords.as_ref(),
            limits: LengthLimits::of(&tokenizer.options),
            run: Run::Between,
            token: String::new(),
            token_chars: 0,
            cjk_unit: String::new(),
            cjk_unit_chars: 0,
            cjk_units: 0,
            match_key: String::new(),
        }
    }

    /// Emits the tokens of `text`, which `classified` describes.
    fn scan(&mut self, text: &str, classified: &ClassifiedText, slots: &mut [(usize, usize); PENDING_SLOTS]) {
        let options = &self.tokenizer.options;
        let limits = self.limits;
        let keyed = options.lowercase || !options.case_sensitive;
        let pending = Pending {
            slots,
            len: 0,
            second_looks: 0,
        };
        match self.stopwords {
            None if limits.are_default() => self.scan_blocks(&LengthOnly(AnyLength), pending, text, classified),
            None => self.scan_blocks(&LengthOnly(limits), pending, text, classified),
            Some(stopwords) => match stopwords.near_keys().filter(|_| keyed) {
                Some(near) if limits.are_default() => {
                    let filter = KeyedStopwords {
                        limits: AnyLength,
                        stopwords: near,
                    };
                    self.scan_blocks(&filter, pending, text, classified);
                }
                Some(near) => {
                    let filter = KeyedStopwords {
                        limits,
                        stopwords: near,
                    };
                    self.scan_blocks(&filter, pending, text, classified);
                }
                None => {
                    let filter = OtherStopwords {
                        limits,
                        tokenizer: self.tokenizer,
                        stopwords,
                        match_key: Cell::default(),
                    };
                    self.scan_blocks(&filter, pending, text, classified);
                }
            },
        }
    }

    /// The scan proper, with the filter fixed.
    ///
    /// The pending tokens go by value to the functions of the rare cases,
    /// and come back: lent by reference, they would have to live in memory
    /// rather than registers throughout the loop.
    fn scan_blocks<F: AsciiFilter>(
        &mut self,
        filter: &F,
        mut pending: Pending<'_>,
        text: &str,
        classified: &ClassifiedText,
    ) {
        // Digits are token bytes when numbers are kept, and separators
        // otherwise: a digit ends a word, and a number is dropped whole.
        let digit_tokens = if self.tokenizer.options.keep_numbers {
            u64::MAX
        } else {
            0
        };
        // Where the run open at the end of the last block started (when
        // `carry` says one is), and whether it holds bytes other than ASCII
        // letters so far.
        let mut open_start = 0;
        let mut open_others = false;
        // Whether the last byte of the previous block is a token byte.
        let mut carry = 0;
        for (index, masks) in classified.blocks().enumerate() {
            let base = index * ascii::BLOCK;
            // Token bytes other than ASCII letters: a run holding one is not
            // a plain ASCII word.
            let others = masks.digits & digit_tokens | masks.non_ascii;
            let token_bytes = masks.letters | others;
            // A bit for each byte that differs from the one before it: runs
            // start and end there, in turn.
            let edges = token_bytes ^ (token_bytes << 1 | carry);
            let open = carry != 0;
            carry = token_bytes >> (ascii::BLOCK - 1);
            // Runs start at the edges into token bytes and end at the edges
            // out of them, in turn.
            let mut starts = edges & token_bytes;
            let mut ends = edges & !token_bytes;
            if others == 0 && !open_others {
                // The common case: every run here is a plain ASCII word.
                // Each end closes the run of the start before it: the open
                // run's, then each of this block's in turn; a start left
                // over opens a run into the next block. Whether a run is open
                // is chosen with selects, not branches (it goes either way),
                // and the loop runs once a token, with one exit.
                let mut next_start = if open {
                    open_start
                } else {
                    base + starts.trailing_zeros() as usize
                };
                starts &= starts.wrapping_sub(u64::from(!open));
                while ends != 0 {
                    let end = base + ends.trailing_zeros() as usize;
                    ends &= ends - 1;
                    let start = next_start;
                    next_start = base + starts.trailing_zeros() as usize;
                    starts &= starts.wrapping_sub(1);
                    pending.offer(start, end, filter.passes(text, classified, start, end));
                }
                open_start = next_start;
            } else {
                pending = self.scan_unusual_block(
                    filter,
                    pending,
                    text,
                    classified,
                    UnusualBlock {
                        base,
                        others,
                        starts,
                        ends,
                        open,
                    },
                    (&mut open_start, &mut open_others),
                );
            }
            if pending.len >= EMIT_AT {
                self.emit_pending(filter, &mut pending, text, classified);
            }
        }
        if carry != 0 {
            pending = self.scan_run(filter, pending, text, classified, open_start, text.len());
        }
        self.emit_pending(filter, &mut pending, text, classified);
    }

    /// The runs of a block with bytes other than ASCII letters (or after a
    /// run that had some): each run is checked against the masks, and those
    /// that are not plain ASCII words take `scan_run`. Updates where the run
    /// open at the block's end started, and whether it holds such bytes.
    #[cold]
    #[inline(never)]
    fn scan_unusual_block<'s, F: AsciiFilter>(
        &mut self,
        filter: &F,
        mut pending: Pending<'s>,
        text: &str,
        classified: &ClassifiedText,
        block: UnusualBlock,
        (open_start, open_others): (&mut usize, &mut bool),
    ) -> Pending<'s> {
        let UnusualBlock {
            base,
            others,
            mut starts,
            mut ends,
            open,
        } = block;
        if open {
            if ends == 0 {
                // The open run goes on through the whole block.
                *open_others |= others != 0;
                return pending;
            }
            let after = ends & ends.wrapping_neg();
            ends ^= after;
            let (start, end) = (*open_start, base + after.trailing_zeros() as usize);
            if !*open_others && others & (after - 1) == 0 {
                pending.offer(start, end, filter.passes(text, classified, start, end));
            } else {
                pending = self.scan_run(filter, pending, text, classified, start, end);
            }
        }
        *open_others = false;
        while starts != 0 {
            let first = starts & starts.wrapping_neg();
            starts ^= first;
            if ends == 0 {
                *open_start = base + first.trailing_zeros() as usize;
                *open_others = others & first.wrapping_neg() != 0;
                break;
            }
            let after = ends & ends.wrapping_neg();
            ends ^= after;
            // The run's bits, all within this block: the masks in hand tell
            // what it holds, with no look at the text.
            let run = after - first;
            let start = base + first.trailing_zeros() as usize;
            let end = base + after.trailing_zeros() as usize;
            if others & run == 0 {
                pending.offer(start, end, filter.passes(text, classified, start, end));
            } else {
                pending = self.scan_run(filter, pending, text, classified, start, end);
            }
        }
        pending
    }

    /// Tokenises the run of token bytes `start..end`, which separators (or
    /// the ends of the text) surround, when it holds bytes other than ASCII
    /// letters: all digits (when numbers are kept), or a run for the
    /// general path.
    #[cold]
    #[inline(never)]
    fn scan_run<'s, F: AsciiFilter>(
        &mut self,
        filter: &F,
        mut pending: Pending<'s>,
        text: &str,
        classified: &ClassifiedText,
        start: usize,
        end: usize,
    ) -> Pending<'s> {
        let numbers = self.tokenizer.options.keep_numbers;
        if classified.is_letters(start, end) || (numbers && classified.is_digits(start, end)) {
            pending.offer(start, end, filter.passes(text, classified, start, end));
        } else {
            // The pending tokens come first.
            self.emit_pending(filter, &mut pending, text, classified);
            self.scan_general_run(text, start, end);
        }
        pending
    }

    /// Emits the pending ASCII tokens.
    #[inline]
    fn emit_pending<F: AsciiFilter>(
        &mut self,
        filter: &F,
        pending: &mut Pending<'_>,
        text: &str,
        classified: &ClassifiedText,
    ) {
        let lowercase = self.tokenizer.options.lowercase;
        if pending.second_looks != 0 {
            self.look_again(filter, pending, text, classified);
        }
        for &(start, end) in pending.tokens() {
            if lowercase {
                let token = classified.lowered_str(start, end).unwrap_or_default();
                match classified.padded(start) {
                    Some(padded) => self.sink.padded_token(token, padded),
                    None => self.sink.token(token),
                }
            } else {
                self.sink.token(text.get(start..end).unwrap_or_default());
            }
        }
        pending.len = 0;
    }

    /// Drops the pending tokens that fail `AsciiFilter::passes_second_look`.
    #[cold]
    #[inline(never)]
    fn look_again<F: AsciiFilter>(
        &self,
        filter: &F,
        pending: &mut Pending<'_>,
        text: &str,
        classified: &ClassifiedText,
    ) {
        let options = &self.tokenizer.options;
        let mut kept = 0;
        for index in 0..pending.len {
            let Some(&(start, end)) = pending.slots.get(index) else {
                break;
            };
            let token = if options.lowercase || !options.case_sensitive {
                classified.lowered_str(start, end)
            } else {
                text.get(start..end)
            };
            if filter.passes_second_look(token.unwrap_or_default()) {
                if let Some(slot) = pending.slots.get_mut(kept) {
                    *slot = (start, end);
                }
                kept += 1;
            }
        }
        pending.len = kept;
        pending.second_looks = 0;
    }

    /// Follows the rules character by character over `start..end`: a run
    /// with bytes beyond ASCII, or with both letters and digits.
    fn scan_general_run(&mut self, text: &str, start: usize, end: usize) {
        let t = tables();
        let lowercase = self.tokenizer.options.lowercase;
        // Both ends are at ASCII bytes (or the ends of the text), so they
        // are character boundaries.
        let run = text.get(start..end).unwrap_or_default();
        for (offset, ch) in run.char_indices() {
            if lowercase {
                // The whole text, for the context that lower-casing a
                // final sigma looks at.
                lowercase_char_in(t, text, start + offset, ch, |lowered| {
                    self.push(lowered, t.class(lowered))
                });
            } else {
                self.push(ch, t.class(ch));
            }
        }
        // What follows the run (a separator, a digit that is not kept, or
        // the end of the text) ends any token.
        self.finish();
    }

    #[inline]
    fn push(&mut self, ch: char, class: CharClass) {
        // Split out, an ideograph is a token of its own with the marks and
        // joiners that follow it; otherwise it is a letter.
        let class = match (class, self.tokenizer.options.cjk) {
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
            (Run::Word | Run::Ideograph, CharClass::Format) => {}
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
        match self.run {
            Run::Between => return,
            Run::Ideograph if self.tokenizer.options.cjk == CjkTokens::Bigrams => {
                self.end_cjk_unit();
                // A character alone in its run is a token by itself.
                if self.cjk_units == 1 {
                    std::mem::swap(&mut self.token, &mut self.cjk_unit);
                    self.token_chars = self.cjk_unit_chars;
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
    fn push_piece(&mut self, piece: &str) {
        if piece.is_ascii() {
            // Most pieces, even of other texts: no table lookups.
            if piece.bytes().any(|byte| byte.is_ascii_alphanumeric()) {
                self.push_ascii_word(piece, false);
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
            self.emit(!letters);
        }
        self.token.clear();
        self.token_chars = 0;
    }

    /// `push_piece` for an ASCII piece that holds a letter or digit (no
    /// ASCII character is a format character), lower-casing it if asked.
    fn push_ascii_word(&mut self, word: &str, lowercase: bool) {
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
        // `token` becomes the character before, and `cjk_unit` this one.
        std::mem::swap(&mut self.token, &mut self.cjk_unit);
        if self.cjk_units >= 2 {
            self.token.push_str(&self.cjk_unit);
            self.token_chars = self.cjk_unit_chars + chars;
            self.emit(false);
        }
        self.cjk_unit_chars = chars;
        self.token.clear();
        self.token_chars = 0;
    }

    /// Hands `token` to the sink if the filters keep it.
    fn emit(&mut self, is_number: bool) {
        let options = &self.tokenizer.options;
        let passes_length = self.limits.allow(self.token_chars);
        if (!is_number || options.keep_numbers)
            && passes_length
            && !(self.stopwords.is_some() && self.tokenizer.is_stopword(&self.token, &mut self.match_key))
        {
            self.sink.token(&self.token);
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

    /// Whether `token` (as emitted) is one of the stopwords; `match_key` is
    /// scratch space for its lower-cased form.
    #[inline]
    pub fn is_stopword(&self, token: &str, match_key: &mut String) -> bool {
        let Some(stopwords) = &self.stopwords else {
            return false;
        };
        if self.options.lowercase || self.options.case_sensitive {
            stopwords.contains(token)
        } else {
            lowercase_into(token, match_key);
            stopwords.contains(match_key)
        }
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
                let entry = prepare_entry(word, options.normalize, options.case_sensitive);
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

    fn scan_unstemmed(&self, text: &str, sink: impl TokenSink) {
        if self.options.segment == Segmentation::Uax29 {
            self.scan_uax29(text, sink);
            return;
        }
        // The thread's buffers; a call made from within the sink finds none
        // and makes its own.
        let Scratch {
            mut classified,
            mut pending,
        } = SCRATCH.take();
        let mut text = Cow::Borrowed(text);
        // Classifying finds out on the way whether the text is all ASCII,
        // which is normalised in every form.
        let is_ascii = classified.classify(&text);
        if let Some(form) = self.options.normalize.filter(|_| !is_ascii) {
            if let Cow::Owned(normalized) = normalize(&text, form) {
                classified.classify(&normalized);
                text = Cow::Owned(normalized);
            }
        }
        Scanner::new(self, sink).scan(&text, &classified, pending.slots());
        if classified.capacity() > KEPT_CLASSIFIED_BYTES {
            classified = ClassifiedText::default();
        }
        SCRATCH.set(Scratch { classified, pending });
    }

    /// `Segmentation::Uax29`: the text, normalised and lower-cased whole,
    /// cut at its word boundaries. A text all of ASCII goes through the
    /// rules' ASCII form, which yields only the pieces that make tokens.
    fn scan_uax29(&self, text: &str, sink: impl TokenSink) {
        let mut scanner = Scanner::new(self, sink);
        if text.is_ascii() {
            // Normalised in every form, lower-cased byte by byte.
            let lowercase = self.options.lowercase;
            for_each_ascii_word(text, |word| scanner.push_ascii_word(word, lowercase));
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
        for_each_word_piece(&text, |piece| scanner.push_piece(piece));
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
    pub fn tokenize_batch<T: AsRef<str> + Sync>(&self, texts: &[T], threads: NonZeroUsize) -> Vec<TokenBuffer> {
        let (_, chunks) = map_chunks(
            texts,
            threads,
            || (),
            |(), chunk| {
                chunk
                    .iter()
                    .map(|text| {
                        let mut tokens = TokenBuffer::new();
                        self.tokenize_into(text.as_ref(), &mut tokens);
                        tokens
                    })
                    .collect::<Vec<_>>()
            },
        );
        chunks.into_iter().flat_map(|(_, tokens)| tokens).collect()
    }
}

impl Tokenizer {
    /// The tokens of each text as Arrow `large_list<large_string>` buffers.
    pub fn tokenize_batch_columns<T: AsRef<str> + Sync>(&self, texts: &[T], threads: NonZeroUsize) -> TokenColumns {
        TokenColumns::concat(self.tokenize_batch_column_parts(texts, threads), threads)
    }

    /// The tokens of each text as consecutive parts of a column, made on up
    /// to `threads` threads; `TokenColumns::concat` joins them.
    pub fn tokenize_batch_column_parts<T: AsRef<str> + Sync>(
        &self,
        texts: &[T],
        threads: NonZeroUsize,
    ) -> Vec<TokenColumns> {
        let (_, chunks) = map_chunks(
            texts,
            threads,
            || (),
            |(), chunk| {
                let mut columns = TokenColumns::default();
                self.extend_columns(chunk, &mut columns);
                columns
            },
        );
        chunks.into_iter().map(|(_, columns)| columns).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::ids::TokenIdState;
    use crate::stopwords::bundled_list;

    fn uax29(options: TokenizerOptions) -> Tokenizer {
        let options = TokenizerOptions {
            segment: Segmentation::Uax29,
            ..options
        };
        Tokenizer::new(options, None::<[&str; 0]>).unwrap()
    }

    #[test]
    fn uax29_keeps_apostrophes_stops_and_digit_groups_inside_words() {
        let tokenizer = uax29(TokenizerOptions {
            keep_numbers: true,
            ..TokenizerOptions::default()
        });
        assert_eq!(
            tokenizer.tokenize("Maduro's exclusive-U.S. 2,000 covid19 co\u{ad}operate \u{1f44b} 東京タワー"),
            [
                "maduro's",
                "exclusive",
                "u.s",
                "2,000",
                "covid19",
                "cooperate",
                "東",
                "京",
                "タワー"
            ]
        );
        let dropping_numbers = uax29(TokenizerOptions::default());
        assert_eq!(dropping_numbers.tokenize("2,000 a1 3.5"), ["a1"]);
        assert!(TokenizerOptions {
            segment: Segmentation::Uax29,
            cjk: CjkTokens::Chars,
            ..TokenizerOptions::default()
        }
        .validate()
        .is_err());
    }

    #[test]
    fn ideographs_and_kana_split_one_per_token_when_asked() {
        let words = |cjk: CjkTokens, text: &str| {
            let options = TokenizerOptions {
                cjk,
                ..TokenizerOptions::default()
            };
            Tokenizer::new(options, None::<[&str; 0]>).unwrap().tokenize(text)
        };
        let text = "東京タワーでabcを見た, Caf\u{e9}\u{4e2d}\u{6587}x";
        assert_eq!(
            words(CjkTokens::Words, text),
            ["東京タワーでabcを見た", "caf\u{e9}\u{4e2d}\u{6587}x"]
        );
        assert_eq!(
            words(CjkTokens::Chars, text),
            [
                "東",
                "京",
                "タ",
                "ワ",
                "ー",
                "で",
                "abc",
                "を",
                "見",
                "た",
                "caf\u{e9}",
                "\u{4e2d}",
                "\u{6587}",
                "x"
            ]
        );
        // A mark stays with the character before it (here NFC composes the
        // two); Hangul is not split.
        assert_eq!(words(CjkTokens::Chars, "か\u{3099}き 한국어"), ["が", "き", "한국어"]);
        assert_eq!(
            words(CjkTokens::Bigrams, text),
            [
                "東京",
                "京タ",
                "タワ",
                "ワー",
                "ーで",
                "abc",
                "を見",
                "見た",
                "caf\u{e9}",
                "\u{4e2d}\u{6587}",
                "x"
            ]
        );
        // A character alone in its run is a token; a mark joins its character.
        assert_eq!(
            words(CjkTokens::Bigrams, "a東b 京\u{301}都"),
            ["a", "東", "b", "京\u{301}都"]
        );
    }

    #[test]
    fn stopwords_that_no_token_can_equal_are_found() {
        let words = ["the", "d'un", "10", "The", "a b", "", "caf\u{e9}", "\u{130}", "abc1"];
        let unmatchable = |options: TokenizerOptions| {
            let tokenizer = Tokenizer::new(options, Some(words)).unwrap();
            tokenizer.unmatchable_stopwords(&words)
        };
        let defaults = TokenizerOptions::default();
        assert_eq!(unmatchable(defaults.clone()), ["d'un", "10", "a b", "", "abc1"]);
        let numbers = TokenizerOptions {
            keep_numbers: true,
            ..defaults.clone()
        };
        assert_eq!(unmatchable(numbers), ["d'un", "a b", "", "abc1"]);
        // Tokens are lower-cased and matched as they are: capitals never match.
        let exact = TokenizerOptions {
            case_sensitive: true,
            ..defaults.clone()
        };
        assert_eq!(unmatchable(exact), ["d'un", "10", "The", "a b", "", "\u{130}", "abc1"]);
        // Tokens keep their case and are matched lower-cased: any case matches.
        let kept_case = TokenizerOptions {
            lowercase: false,
            ..defaults
        };
        assert_eq!(unmatchable(kept_case), ["d'un", "10", "a b", "", "abc1"]);
    }

    fn default_tokenizer() -> Tokenizer {
        Tokenizer::new(TokenizerOptions::default(), Some(bundled_list("default").unwrap())).unwrap()
    }

    fn tokens(tokenizer: &Tokenizer, text: &str) -> Vec<String> {
        tokenizer.tokenize(text)
    }

    /// The rules for ASCII text, written plainly: runs of letters are words
    /// (lower-cased), runs of digits numbers, everything else separates.
    fn ascii_oracle(text: &str, stopwords: &[&str], keep_numbers: bool, min_len: usize, max_len: usize) -> Vec<String> {
        let mut tokens = Vec::new();
        let mut current = String::new();
        let flush = |current: &mut String, tokens: &mut Vec<String>| {
            let is_number = current.bytes().all(|byte| byte.is_ascii_digit());
            let passes = (keep_numbers || !is_number)
                && (min_len..=max_len).contains(&current.len())
                && !stopwords.contains(&current.as_str());
            if !current.is_empty() && passes {
                tokens.push(current.clone());
            }
            current.clear();
        };
        for byte in text.bytes() {
            let continues = current.bytes().last().is_some_and(|last| {
                (last.is_ascii_alphabetic() && byte.is_ascii_alphabetic())
                    || (last.is_ascii_digit() && byte.is_ascii_digit())
            });
            if !continues {
                flush(&mut current, &mut tokens);
            }
            if byte.is_ascii_alphanumeric() {
                current.push(char::from(byte.to_ascii_lowercase()));
            }
        }
        flush(&mut current, &mut tokens);
        tokens
    }

    #[test]
    fn ascii_text_follows_the_plain_rules_across_blocks() {
        // Long stopwords sharing their first seven bytes with other words
        // (the scanner's second look), short ones, numbers glued to words,
        // and runs long enough to cross 64-byte blocks.
        let stopwords = ["the", "a", "themselves", "throughout", "abcdefgh", "abcdefghijklmnopq"];
        let words = [
            "the",
            "The",
            "A",
            "themselves",
            "Themselves",
            "themselve",
            "themselvesx",
            "throughout",
            "throughput",
            "throughouts",
            "abcdefgh",
            "abcdefghi",
            "abcdefghijklmnopq",
            "abcdefghijklmnopqr",
            "word",
            "x",
            "1987",
            "3rd",
            "mid2024",
            "b52s",
            "longwordlongwordlongwordlongwordlongwordlongwordlongword",
        ];
        let separators = [" ", "  ", ", ", "-", "'", "\n", ".", ""];
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = |bound: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 33) as usize % bound
        };
        for case in 0..400 {
            let mut text = String::new();
            for _ in 0..next(120) {
                text.push_str(words[next(words.len())]);
                text.push_str(separators[next(separators.len())]);
            }
            let keep_numbers = case % 2 == 1;
            let (min_len, max_len) = [(1, None), (2, None), (1, Some(9)), (3, Some(12))][case % 4];
            let options = TokenizerOptions {
                keep_numbers,
                min_len,
                max_len,
                ..TokenizerOptions::default()
            };
            let tokenizer = Tokenizer::new(options, Some(stopwords)).unwrap();
            let expected = ascii_oracle(&text, &stopwords, keep_numbers, min_len, max_len.unwrap_or(usize::MAX));
            assert_eq!(tokenizer.tokenize(&text), expected, "case {case}: {text:?}");
        }
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
    fn only_the_default_limits_skip_the_length_check() {
        let limits = |min_len, max_len| {
            LengthLimits::of(&TokenizerOptions {
                min_len,
                max_len,
                ..TokenizerOptions::default()
            })
        };
        assert!(limits(1, None).are_default());
        assert!(limits(0, None).are_default());
        assert!(!limits(2, None).are_default());
        assert!(!limits(1, Some(usize::MAX - 1)).are_default());
        assert!(!limits(0, Some(5)).are_default());
        for len in 1..100 {
            assert!(limits(1, None).allow(len) && limits(0, None).allow(len));
        }
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
            let mut state = TokenIdState::default();
            let mut from_state = Vec::new();
            for slice in texts.chunks(97) {
                tokenizer.tokenize_ids_into(slice, &mut state);
                from_state.extend(state.docs().map(|doc| {
                    doc.iter()
                        .map(|&id| state.vocabulary.get(id).to_owned())
                        .collect::<Vec<_>>()
                }));
            }
            assert_eq!(from_state, serial, "persistent state");
            let columns = tokenizer.tokenize_batch_columns(&texts, NonZeroUsize::new(threads).unwrap());
            let from_columns: Vec<Vec<String>> = (0..columns.doc_count())
                .map(|doc| columns.doc(doc).map(str::to_owned).collect())
                .collect();
            assert_eq!(from_columns, serial, "columns, threads={threads}");
        }
    }
}
