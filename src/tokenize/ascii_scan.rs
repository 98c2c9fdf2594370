//! The fast path of the default rule (`Segmentation::Letters`).
//!
//! The text is first classified (`ascii::ClassifiedText`): a lower-cased copy
//! and bit masks of ASCII letters, ASCII digits and other bytes. Runs of
//! token bytes are found with bit operations, 64 bytes at a time; a run of
//! ASCII letters (or digits) is a token, emitted as a slice of the copy (or
//! of the text) with no copy of its own. So is a run of ASCII letters and
//! characters beyond ASCII that no rule changes (`unchanged.rs`); any other
//! run takes the general path, which follows the rules character by
//! character with the Unicode tables. ASCII bytes other than letters and
//! digits are all separators, and so are ASCII digits unless numbers are
//! kept (a digit ends a word, and a number is dropped whole), so the runs
//! never cut a token of the general path.
//!
//! Whether a token is a stopword is as good as random, and a branch on it
//! would be mispredicted a third of the time, costing more than all the
//! rest. So the ASCII tokens are filtered without branching: each is written
//! to the pending slots and kept there (the count moves on) only if it
//! passed, and the pending tokens are emitted in a loop whose branches are
//! predictable.

use std::borrow::Cow;
use std::cell::Cell;

use super::filter::{AnyLength, AsciiFilter, KeyedStopwords, LengthOnly, OtherStopwords, Verdict};
use super::general::{Scanner, WordPrefix};
use super::sink::TokenSink;
use super::unchanged::UnchangedChars;
use crate::options::CjkTokens;
use crate::unicode::ascii::{ClassifiedText, BLOCK};
use crate::unicode::normalize::{normalize, NormalizationForm};

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

/// Room for the ASCII tokens a scanner collects, as ranges of the text.
const PENDING_SLOTS: usize = 128;

/// The pending tokens are emitted at the end of a block once this many are
/// waiting: a block completes at most 33 runs (32 within it and one from
/// earlier blocks), so the slots never fill up within a block, and the loop
/// checks for room once a block rather than once a token.
const EMIT_AT: usize = PENDING_SLOTS - BLOCK;

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

/// A block for `Scanner::scan_unusual_block`: where it starts, its token
/// bytes other than ASCII letters, the edges where runs start and end,
/// whether a run from the blocks before is open, and the scan's
/// `UnchangedChars`.
struct UnusualBlock {
    base: usize,
    others: u64,
    starts: u64,
    ends: u64,
    open: bool,
    unchanged: UnchangedChars,
}

impl<S: TokenSink> Scanner<'_, S> {
    /// `Segmentation::Letters`: the tokens of `text`, normalised first
    /// (with `normalize`, the form the options give or None for a text
    /// normalised already) unless it is all ASCII.
    pub(super) fn scan_letters(mut self, text: &str, normalize_form: Option<NormalizationForm>) {
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
        match normalize_form.filter(|_| !is_ascii) {
            // Unless ideographs are split (whose state a scan cannot pick
            // up again halfway), the scan checks the text as it goes, and
            // normalises what follows the first run that is not normal.
            Some(form) if self.options.cjk == CjkTokens::Words => self.unchecked = Some(form),
            Some(form) => {
                if let Cow::Owned(normalized) = normalize(&text, form) {
                    classified.classify(&normalized);
                    text = Cow::Owned(normalized);
                }
            }
            None => {}
        }
        self.scan(&text, &mut classified, pending.slots(), 0);
        if let Some(from) = self.rest_from.take() {
            // What follows the first run that is not normal, normalised,
            // with the text before it in front (for the final sigma's
            // context): scanned again from there, as fast as the rest.
            if let Some(joined) = self.normalized_from(&text, from) {
                classified.classify(&joined);
                classified.forget_before(from);
                self.scan(&joined, &mut classified, pending.slots(), from);
            }
        }
        if classified.capacity() > KEPT_CLASSIFIED_BYTES {
            classified = ClassifiedText::default();
        }
        SCRATCH.set(Scratch { classified, pending });
    }

    /// Emits the tokens of `text` from byte `from` on (a character boundary,
    /// the start of a block's text or one that `forget_before` was told),
    /// which `classified` describes.
    fn scan(
        &mut self,
        text: &str,
        classified: &mut ClassifiedText,
        slots: &mut [(usize, usize); PENDING_SLOTS],
        from: usize,
    ) {
        let options = self.options;
        let limits = self.limits;
        let keyed = options.lowercase || !options.case_sensitive;
        let pending = Pending {
            slots,
            len: 0,
            second_looks: 0,
        };
        match self.stopwords {
            None if limits.are_default() => self.scan_blocks(&LengthOnly(AnyLength), pending, text, classified, from),
            None => self.scan_blocks(&LengthOnly(limits), pending, text, classified, from),
            Some(stopwords) => match stopwords.near_keys().filter(|_| keyed) {
                Some(near) if limits.are_default() => {
                    let filter = KeyedStopwords {
                        limits: AnyLength,
                        stopwords: near,
                    };
                    self.scan_blocks(&filter, pending, text, classified, from);
                }
                Some(near) => {
                    let filter = KeyedStopwords {
                        limits,
                        stopwords: near,
                    };
                    self.scan_blocks(&filter, pending, text, classified, from);
                }
                None if limits.are_default() => {
                    let filter = OtherStopwords {
                        limits: AnyLength,
                        options: self.options,
                        stopwords,
                        match_key: Cell::default(),
                    };
                    self.scan_blocks(&filter, pending, text, classified, from);
                }
                None => {
                    let filter = OtherStopwords {
                        limits,
                        options: self.options,
                        stopwords,
                        match_key: Cell::default(),
                    };
                    self.scan_blocks(&filter, pending, text, classified, from);
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
        classified: &mut ClassifiedText,
        from: usize,
    ) {
        // Digits are token bytes when numbers are kept, and separators
        // otherwise: a digit ends a word, and a number is dropped whole.
        let digit_tokens = if self.options.keep_numbers { u64::MAX } else { 0 };
        // Where the run open at the end of the last block started (when
        // `carry` says one is), and whether it holds bytes other than ASCII
        // letters so far.
        let mut open_start = 0;
        let mut open_others = false;
        // Whether the last byte of the previous block is a token byte.
        let mut carry = 0;
        // The characters beyond ASCII that no rule changes (see
        // `unchanged.rs`): where no length is read, they are marked a block
        // at a time, and their words taken as ASCII words are.
        let unchanged = self.unchanged_chars();
        let by_block = !F::READS_LENGTH;
        // The bytes at the start of this block that end a separator of the
        // last one.
        let mut separators_overhang = 0;
        for index in from / BLOCK..classified.block_count() {
            let masks = classified.block(index);
            let base = index * BLOCK;
            // Token bytes other than ASCII letters: a run holding one is not
            // a plain ASCII word.
            let mut others = masks.digits & digit_tokens | masks.non_ascii;
            let mut token_bytes = masks.letters | others;
            let mut cannot_start = 0;
            if by_block && masks.non_ascii != 0 {
                let chars = unchanged.block(text.as_bytes(), classified, base, masks.non_ascii);
                token_bytes &= !(chars.separators | separators_overhang);
                separators_overhang = chars.separators_overhang;
                others = masks.digits & digit_tokens | chars.changed;
                cannot_start = chars.cannot_start;
            }
            // A bit for each byte that differs from the one before it: runs
            // start and end there, in turn.
            let edges = token_bytes ^ (token_bytes << 1 | carry);
            let open = carry != 0;
            carry = token_bytes >> (BLOCK - 1);
            // Runs start at the edges into token bytes and end at the edges
            // out of them, in turn.
            let mut starts = edges & token_bytes;
            let mut ends = edges & !token_bytes;
            // A run that begins with a mark is not a word.
            others |= cannot_start & starts;
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
                        unchanged,
                    },
                    (&mut open_start, &mut open_others),
                );
                if self.rest_from.is_some() {
                    // The rest is scanned again, normalised; nothing is
                    // pending (the run that stopped emitted it first).
                    return;
                }
            }
            if pending.len >= EMIT_AT {
                self.emit_pending(filter, &mut pending, text, classified);
            }
        }
        if carry != 0 {
            pending = self.scan_run(filter, pending, text, classified, (open_start, text.len()), unchanged);
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
        classified: &mut ClassifiedText,
        block: UnusualBlock,
        (open_start, open_others): (&mut usize, &mut bool),
    ) -> Pending<'s> {
        let UnusualBlock {
            base,
            others,
            mut starts,
            mut ends,
            open,
            unchanged,
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
                pending = self.scan_run(filter, pending, text, classified, (start, end), unchanged);
                if self.rest_from.is_some() {
                    return pending;
                }
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
                pending = self.scan_run(filter, pending, text, classified, (start, end), unchanged);
                if self.rest_from.is_some() {
                    return pending;
                }
            }
        }
        pending
    }

    /// Tokenises the run of token bytes `start..end`, which separators (or
    /// the ends of the text) surround, when it holds bytes other than ASCII
    /// letters. Most such runs are one word that no rule changes, which
    /// waits with the ASCII tokens; the others take `scan_other_run`.
    #[inline(always)]
    fn scan_run<'s, F: AsciiFilter>(
        &mut self,
        filter: &F,
        mut pending: Pending<'s>,
        text: &str,
        classified: &mut ClassifiedText,
        (start, end): (usize, usize),
        unchanged: UnchangedChars,
    ) -> Pending<'s> {
        match self.unchanged_word(text, classified, (start, end), unchanged) {
            Ok(chars) => {
                pending.offer(start, end, filter.passes_word(text, classified, start, end, chars));
                pending
            }
            Err(prefix) => self.scan_other_run(filter, pending, text, classified, (start, end), prefix),
        }
    }

    /// `scan_run` for a run of digits (when numbers are kept), or one for
    /// the general path.
    #[cold]
    #[inline(never)]
    fn scan_other_run<'s, F: AsciiFilter>(
        &mut self,
        filter: &F,
        mut pending: Pending<'s>,
        text: &str,
        classified: &ClassifiedText,
        (start, end): (usize, usize),
        prefix: WordPrefix,
    ) -> Pending<'s> {
        if self.options.keep_numbers && classified.is_digits(start, end) {
            pending.offer(start, end, filter.passes(text, classified, start, end));
        } else {
            // The pending tokens come first.
            self.emit_pending(filter, &mut pending, text, classified);
            self.scan_general_run(text, start, end, Some(prefix));
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
        let lowercase = self.options.lowercase;
        if pending.second_looks != 0 {
            self.look_again(filter, pending, text, classified);
        }
        for &(start, end) in pending.tokens() {
            if S::SPANS {
                self.sink.span(start, end);
            }
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
        let options = self.options;
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
}
