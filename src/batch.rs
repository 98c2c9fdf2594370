//! The batch engine: the tokens, token columns or counts of many texts, on
//! up to `threads` threads, in input order.
//!
//! Python's `tokenize_batch`, `tokenize_arrow` and `count` run exactly
//! this, and so do `cargo bench` and the fuzz target. The caller's
//! environment comes in through a `Host`: the binding releases the GIL
//! while the calling thread waits or tokenises, and checks for Ctrl-C
//! between slices; a Rust caller passes `Alone`.
//!
//! A batch is cut into slices of consecutive texts, of about a fixed number
//! of bytes each, which the threads take one at a time (`parallel`). The
//! calling thread tokenises too whenever no finished slice is waiting, and
//! hands each finished slice, in order, to the consumer.

use std::convert::Infallible;
use std::num::NonZeroUsize;
use std::sync::Mutex;

use crate::parallel::map_in_order;
use crate::stable::StableTexts;
use crate::{OffsetUnit, TokenBuffer, TokenColumns, TokenCounts, TokenIdState, Tokenizer, Vocabulary};

/// Token ids on one thread come from slices of about this many bytes: the
/// ids of a slice are a transient buffer, and small slices keep it (and the
/// memory the allocator holds on to after it) small next to what the
/// consumer builds from them.
const ALONE_SLICE_BYTES: usize = 512 * 1024;
/// Token ids made on several threads come from slices of about this many
/// bytes: small enough that what each slice leaves behind in the allocator
/// of the thread that made it stays small next to the consumer's lists (on
/// 2 threads, 512 KiB slices cost 22% above the lists themselves, 64 KiB
/// ones 14%), and big enough that a hand-over between threads (a few
/// microseconds) is nothing next to tokenising one.
const SHARED_SLICE_BYTES: usize = 64 * 1024;
/// Counts and token columns are made from slices of about this many bytes,
/// handed out to the threads one at a time: small enough that the threads
/// finish close together and Ctrl-C is noticed quickly, big enough that a
/// hand-over (microseconds) is nothing next to tokenising one.
pub(crate) const WORK_SLICE_BYTES: usize = 256 * 1024;
/// The number `map_in_order` gives the calling thread.
const CALLING_THREAD: usize = 0;

/// What the engine needs from the environment it runs in.
pub trait Host {
    /// What stops a batch early (the binding: a Python exception).
    type Error;

    /// Runs `wait`: work of the calling thread, or a wait for the other
    /// threads, during which the host's own resources are not needed (the
    /// binding releases the GIL around it).
    fn block(&self, wait: &mut (dyn FnMut() + Send));

    /// Called on the calling thread after each slice: an error stops the
    /// batch (the binding: Ctrl-C).
    fn check(&self) -> Result<(), Self::Error>;

    /// Runs `work` through `block` and returns what it made: None only if
    /// `block` did not run it.
    fn run<R: Send>(&self, work: impl FnOnce() -> R + Send) -> Option<R>
    where
        Self: Sized,
    {
        let mut work = Some(work);
        let mut made = None;
        self.block(&mut || {
            if let Some(work) = work.take() {
                made = Some(work());
            }
        });
        made
    }
}

/// The host of a Rust caller: nothing to release, nothing stops a batch.
#[derive(Clone, Copy, Debug, Default)]
pub struct Alone;

impl Host for Alone {
    type Error = Infallible;

    fn block(&self, wait: &mut (dyn FnMut() + Send)) {
        wait();
    }

    fn check(&self) -> Result<(), Infallible> {
        Ok(())
    }
}

/// The texts of a batch.
#[derive(Clone, Copy, Debug)]
pub struct Batch<'a> {
    pub texts: &'a [&'a str],
    /// Whether the texts lie in memory that another party could change
    /// during the call (an Arrow producer's buffers): the scan, which
    /// relies on UTF-8 checked once, then reads copies of them made a slice
    /// at a time (`StableTexts`).
    pub shared: bool,
}

impl<'a> Batch<'a> {
    /// Texts owned by the caller for the whole call.
    pub fn owned(texts: &'a [&'a str]) -> Self {
        Batch { texts, shared: false }
    }

    /// The bytes of all texts.
    fn bytes(&self) -> usize {
        self.texts.iter().map(|text| text.len()).sum()
    }

    /// Consecutive slices of about `budget` bytes each (at least one text).
    pub(crate) fn slices(&self, budget: usize) -> Vec<&'a [&'a str]> {
        let mut slices = Vec::new();
        let mut rest = self.texts;
        while !rest.is_empty() {
            let mut bytes = 0;
            let mut end = 0;
            while let Some(text) = rest.get(end) {
                if end > 0 && bytes + text.len() > budget {
                    break;
                }
                bytes += text.len();
                end += 1;
            }
            let (slice, tail) = rest.split_at(end);
            slices.push(slice);
            rest = tail;
        }
        slices
    }

    /// `work` on `slice`, or, for shared texts, on copies of them in `stable`.
    pub(crate) fn on<R>(&self, slice: &[&str], stable: &mut StableTexts, work: impl FnOnce(&[&str]) -> R) -> R {
        if self.shared {
            work(&stable.copy(slice))
        } else {
            work(slice)
        }
    }
}

/// One slice of a batch, as token ids, handed to the consumer of
/// `token_ids` in input order.
#[derive(Debug)]
pub struct IdSlice<'s> {
    /// The thread that made it: 0 for the calling thread, whose ids are
    /// those of the vocabulary the consumer gets beside the slice; another
    /// thread's ids are its own, numbered from 0 in the order it met its
    /// tokens first.
    pub thread: usize,
    /// For another thread's slice: the calling thread's ids of the tokens
    /// that thread met for the first time in this slice, in the order of
    /// its own ids (empty for the calling thread's slices).
    pub new_ids: &'s [u32],
    ids: &'s [u32],
    doc_ends: &'s [usize],
}

impl<'s> IdSlice<'s> {
    /// Each text's token ids, in order.
    pub fn docs(&self) -> impl ExactSizeIterator<Item = &'s [u32]> + 's {
        let (ids, doc_ends) = (self.ids, self.doc_ends);
        (0..doc_ends.len()).map(move |doc| {
            let start = doc
                .checked_sub(1)
                .and_then(|before| doc_ends.get(before))
                .copied()
                .unwrap_or(0);
            let end = doc_ends.get(doc).copied().unwrap_or(start);
            ids.get(start..end).unwrap_or_default()
        })
    }
}

/// What a thread made of a slice (see `IdSlice`).
#[derive(Default)]
struct SliceIds {
    thread: usize,
    ids: Vec<u32>,
    doc_ends: Vec<usize>,
    new_tokens: TokenBuffer,
}

impl SliceIds {
    /// Empty, with a little room in each buffer.
    fn with_room() -> Self {
        let TokenIdState { ids, doc_ends, .. } = TokenIdState::with_room();
        SliceIds {
            thread: CALLING_THREAD,
            ids,
            doc_ends,
            new_tokens: TokenBuffer::with_capacity(1024, 128),
        }
    }
}

/// Output buffers that go round between the threads: a worker takes one,
/// fills it, the calling thread consumes it and gives it back. A buffer
/// allocated by one thread and freed by another makes them fight over the
/// allocator's lock (perf showed futex waits in glibc's arena lock, and
/// reallocations from empty buffers, costing ~10% of the CPU time on 2
/// threads).
pub(crate) struct Spares<T, F> {
    spares: Mutex<Vec<T>>,
    /// Makes a buffer: the first ones, and one more whenever none is left
    /// (alike: a buffer's settings, such as whether token columns keep
    /// spans, come from here).
    make: F,
}

impl<T, F: Fn() -> T> Spares<T, F> {
    /// `count` buffers from `make`, made on the calling thread.
    pub(crate) fn new(count: usize, make: F) -> Self {
        Spares {
            spares: Mutex::new(std::iter::repeat_with(&make).take(count).collect()),
            make,
        }
    }

    /// A spare buffer, or a new one when none is left.
    pub(crate) fn take(&self) -> T {
        let spare = self.spares.lock().ok().and_then(|mut spares| spares.pop());
        spare.unwrap_or_else(|| (self.make)())
    }

    pub(crate) fn give_back(&self, spare: T) {
        if let Ok(mut spares) = self.spares.lock() {
            spares.push(spare);
        }
    }
}

/// Tokenises `batch` into token ids and hands each slice, in order, to
/// `consume` on the calling thread, with the calling thread's vocabulary,
/// which by then holds every token of the slice. A distinct token is
/// interned once per thread and once more into that vocabulary; the
/// consumer can make one string per distinct token.
pub fn token_ids<H: Host>(
    tokenizer: &Tokenizer,
    batch: Batch<'_>,
    threads: NonZeroUsize,
    host: &H,
    mut consume: impl FnMut(&Vocabulary, IdSlice<'_>) -> Result<(), H::Error>,
) -> Result<(), H::Error> {
    // A batch that makes one slice is the calling thread's alone: the
    // spare buffers of the threaded path would cost more than it.
    if threads.get() == 1 || batch.bytes() <= SHARED_SLICE_BYTES {
        // One vocabulary for the whole call: each distinct token is
        // interned, matched and handed over once.
        let mut state = TokenIdState::default();
        let mut stable = StableTexts::default();
        for slice in batch.slices(ALONE_SLICE_BYTES) {
            host.block(&mut || {
                batch.on(slice, &mut stable, |slice| {
                    tokenizer.tokenize_ids_into(slice, &mut state)
                })
            });
            let slice = IdSlice {
                thread: CALLING_THREAD,
                new_ids: &[],
                ids: &state.ids,
                doc_ends: &state.doc_ends,
            };
            consume(&state.vocabulary, slice)?;
            host.check()?;
        }
        return Ok(());
    }
    // Each thread keeps its vocabulary from slice to slice, and a worker's
    // slice brings along the tokens that worker met for the first time,
    // which the calling thread interns into its own vocabulary: a token
    // that several threads met is still one token to the consumer.
    //
    // Consumed slices come back to `spare_slices` and their buffers are
    // filled again (`Spares`).
    //
    // The threads' states and the first spare slices are made here, on the
    // calling thread, each buffer with a little room: glibc grows a block in
    // the arena it came from, so the workers' buffers grow in this thread's
    // arena, and a worker's own arena, whose freed memory glibc keeps after
    // the thread ends, stays small (memory kept after a call on 2 threads
    // went from 1.10x the consumer's lists to 1.08x).
    let slices = batch.slices(SHARED_SLICE_BYTES);
    let spare_slices = Spares::new(4 * threads.get(), SliceIds::with_room);
    let mut new_ids: Vec<u32> = Vec::new();
    map_in_order(
        &slices,
        threads,
        |thread| (thread, TokenIdState::with_room(), StableTexts::default()),
        |(thread, state, stable), slice| {
            let mut out = spare_slices.take();
            std::mem::swap(&mut state.ids, &mut out.ids);
            std::mem::swap(&mut state.doc_ends, &mut out.doc_ends);
            let known = state.vocabulary.len();
            batch.on(slice, stable, |slice| tokenizer.tokenize_ids_into(slice, state));
            out.new_tokens.clear();
            if *thread != CALLING_THREAD {
                for id in known..state.vocabulary.len() {
                    out.new_tokens.push(state.vocabulary.get(id as u32));
                }
            }
            out.thread = *thread;
            std::mem::swap(&mut state.ids, &mut out.ids);
            std::mem::swap(&mut state.doc_ends, &mut out.doc_ends);
            out
        },
        |(_, own, _), slice| {
            new_ids.clear();
            new_ids.extend(slice.new_tokens.iter().map(|token| own.vocabulary.intern(token)));
            let handed = IdSlice {
                thread: slice.thread,
                new_ids: &new_ids,
                ids: &slice.ids,
                doc_ends: &slice.doc_ends,
            };
            consume(&own.vocabulary, handed)?;
            spare_slices.give_back(slice);
            host.check()
        },
        |wait| host.block(wait),
    )?;
    Ok(())
}

/// The tokens of `batch` as one Arrow `large_list<large_string>` column
/// (no null documents: the caller marks those), with each token's span
/// counted in `offsets`, if given.
pub fn token_columns<H: Host>(
    tokenizer: &Tokenizer,
    batch: Batch<'_>,
    threads: NonZeroUsize,
    offsets: Option<OffsetUnit>,
    host: &H,
) -> Result<TokenColumns, H::Error> {
    let slices = batch.slices(WORK_SLICE_BYTES);
    let empty = || offsets.map_or_else(TokenColumns::default, TokenColumns::with_spans);
    // Room for the whole column at once: growing it would copy it, and
    // tokens rarely add up to more bytes than their texts.
    let mut columns = empty();
    columns.reserve(batch.bytes(), batch.texts.len());
    // As in `token_ids`: one slice is the calling thread's alone.
    if threads.get() == 1 || slices.len() <= 1 {
        let mut stable = StableTexts::default();
        for slice in slices {
            host.block(&mut || {
                batch.on(slice, &mut stable, |slice| {
                    tokenizer.extend_columns(slice, &mut columns)
                })
            });
            host.check()?;
        }
        return Ok(columns);
    }
    // The threads tokenise slices into small columns of their own, which
    // the calling thread appends to the whole in order (a copy made while
    // the others tokenise) and hands back for the next slice. Per-thread
    // columns joined at the end cost twice the output's memory, freshly
    // mapped on every call: page faults took more CPU time than the
    // tokenising. The spares are made here, on the calling thread, as in
    // `token_ids`.
    let spare_parts = Spares::new(4 * threads.get(), || {
        let mut part = empty();
        part.reserve(WORK_SLICE_BYTES, 256);
        part
    });
    map_in_order(
        &slices,
        threads,
        |_| StableTexts::default(),
        |stable, slice| {
            let mut part = spare_parts.take();
            part.clear();
            batch.on(slice, stable, |slice| tokenizer.extend_columns(slice, &mut part));
            part
        },
        |_, part| {
            columns.append(&part);
            spare_parts.give_back(part);
            host.check()
        },
        |wait| host.block(wait),
    )?;
    Ok(columns)
}

/// The term and document frequencies of the kept tokens of `batch`, each
/// text a document.
pub fn count<H: Host>(
    tokenizer: &Tokenizer,
    batch: Batch<'_>,
    threads: NonZeroUsize,
    host: &H,
) -> Result<TokenCounts, H::Error> {
    // Each thread counts its slices into counts of its own, summed at the
    // end (the order of documents does not matter to sums).
    let slices = batch.slices(WORK_SLICE_BYTES);
    let parts = map_in_order(
        &slices,
        threads,
        |_| (TokenCounts::with_room(), StableTexts::default()),
        |(counts, stable), slice| batch.on(slice, stable, |slice| tokenizer.count_into(slice, counts)),
        |_, ()| host.check(),
        |wait| host.block(wait),
    )?;
    let counts = host.run(|| TokenCounts::sum(parts.into_iter().map(|(counts, _)| counts).collect()));
    Ok(counts.unwrap_or_default())
}

/// The batch engine for Rust callers: `Tokenizer`'s batch methods run it
/// with the `Alone` host.
impl Tokenizer {
    /// The tokens of each text, in input order, on up to `threads` threads.
    pub fn tokenize_batch<T: AsRef<str>>(&self, texts: &[T], threads: NonZeroUsize) -> Vec<TokenBuffer> {
        let strs: Vec<&str> = texts.iter().map(AsRef::as_ref).collect();
        // For each other thread, the calling thread's id of each of its ids.
        let mut by_thread: Vec<Vec<u32>> = Vec::new();
        let mut batches = Vec::with_capacity(strs.len());
        let outcome = token_ids(self, Batch::owned(&strs), threads, &Alone, |vocabulary, slice| {
            let as_own: Option<&[u32]> = match slice.thread.checked_sub(1) {
                None => None,
                Some(other) => {
                    if by_thread.len() <= other {
                        by_thread.resize(other + 1, Vec::new());
                    }
                    by_thread.get_mut(other).map(|table| {
                        table.extend_from_slice(slice.new_ids);
                        &table[..]
                    })
                }
            };
            for doc in slice.docs() {
                let mut tokens = TokenBuffer::new();
                for &id in doc {
                    let id = as_own.and_then(|table| table.get(id as usize).copied()).unwrap_or(id);
                    tokens.push(vocabulary.get(id));
                }
                batches.push(tokens);
            }
            Ok(())
        });
        match outcome {
            Ok(()) => batches,
            Err(never) => match never {},
        }
    }

    /// The tokens of each text as Arrow `large_list<large_string>` buffers.
    pub fn tokenize_batch_columns<T: AsRef<str>>(&self, texts: &[T], threads: NonZeroUsize) -> TokenColumns {
        let strs: Vec<&str> = texts.iter().map(AsRef::as_ref).collect();
        match token_columns(self, Batch::owned(&strs), threads, None, &Alone) {
            Ok(columns) => columns,
            Err(never) => match never {},
        }
    }

    /// The term and document frequencies of the kept tokens of `texts`,
    /// counted on up to `threads` threads.
    pub fn count_batch<T: AsRef<str>>(&self, texts: &[T], threads: NonZeroUsize) -> TokenCounts {
        let strs: Vec<&str> = texts.iter().map(AsRef::as_ref).collect();
        match count(self, Batch::owned(&strs), threads, &Alone) {
            Ok(counts) => counts,
            Err(never) => match never {},
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::TokenizerOptions;

    fn threads(count: usize) -> NonZeroUsize {
        NonZeroUsize::new(count).unwrap()
    }

    /// Texts enough for many slices of every size, with repeated and new
    /// tokens, empty texts and non-ASCII words.
    fn texts() -> Vec<String> {
        (0..20_000)
            .map(|index| match index % 7 {
                0 => String::new(),
                1 => format!("Café number {index} rose ÉTÉ"),
                _ => format!(
                    "the market word{} rose and fell {}",
                    index % 900,
                    "again ".repeat(index % 40)
                ),
            })
            .collect()
    }

    fn tokenizer() -> Tokenizer {
        Tokenizer::new(TokenizerOptions::default(), Some(["the", "and"])).unwrap()
    }

    /// The token lists `token_ids` gives, rebuilt as the binding does.
    fn lists(tokenizer: &Tokenizer, batch: Batch<'_>, threads: NonZeroUsize) -> Vec<Vec<String>> {
        let mut by_thread: Vec<Vec<String>> = Vec::new();
        let mut lists = Vec::new();
        token_ids(tokenizer, batch, threads, &Alone, |vocabulary, slice| {
            if by_thread.len() <= slice.thread {
                by_thread.resize(slice.thread + 1, Vec::new());
            }
            let (global, workers) = by_thread.split_first_mut().unwrap();
            global.extend((global.len()..vocabulary.len()).map(|id| vocabulary.get(id as u32).to_owned()));
            let by_id = if slice.thread == CALLING_THREAD {
                &*global
            } else {
                let own = &mut workers[slice.thread - 1];
                own.extend(slice.new_ids.iter().map(|&id| global[id as usize].clone()));
                &*own
            };
            for doc in slice.docs() {
                lists.push(doc.iter().map(|&id| by_id[id as usize].clone()).collect());
            }
            Ok(())
        })
        .unwrap();
        lists
    }

    #[test]
    fn every_engine_gives_each_texts_tokens_in_order() {
        let tokenizer = tokenizer();
        let owned = texts();
        let strs: Vec<&str> = owned.iter().map(String::as_str).collect();
        let expected: Vec<Vec<String>> = strs.iter().map(|text| tokenizer.tokenize(text)).collect();
        for shared in [false, true] {
            let batch = Batch { texts: &strs, shared };
            for n in [1, 2, 3] {
                assert_eq!(lists(&tokenizer, batch, threads(n)), expected, "{n} threads");
                let columns = token_columns(&tokenizer, batch, threads(n), None, &Alone).unwrap();
                let from_columns: Vec<Vec<String>> = (0..columns.doc_count())
                    .map(|doc| columns.doc(doc).map(str::to_owned).collect())
                    .collect();
                assert_eq!(from_columns, expected, "{n} threads");
                let spans: Vec<Vec<(i64, i64)>> = strs
                    .iter()
                    .map(|text| {
                        let spans = tokenizer.tokenize_with_offsets(text);
                        spans
                            .into_iter()
                            .map(|(_, span)| (span.start as i64, span.end as i64))
                            .collect()
                    })
                    .collect();
                let spanned = token_columns(&tokenizer, batch, threads(n), Some(OffsetUnit::Bytes), &Alone).unwrap();
                let from_spans: Vec<Vec<(i64, i64)>> = (0..spanned.doc_count())
                    .map(|doc| spanned.doc_spans(doc).collect())
                    .collect();
                assert_eq!(from_spans, spans, "{n} threads");
                let counts = count(&tokenizer, batch, threads(n), &Alone).unwrap();
                assert_eq!(counts.documents(), strs.len());
                let tokens: u64 = expected.iter().map(|tokens| tokens.len() as u64).sum();
                assert_eq!(counts.tokens(), tokens);
            }
        }
    }

    /// A spare made when none is left is made as the first ones were: a
    /// default one lost the columns' spans, and every span after it was
    /// another token's.
    #[test]
    fn spares_made_later_are_made_alike() {
        let spares = Spares::new(1, || TokenColumns::with_spans(OffsetUnit::Bytes));
        let (first, second) = (spares.take(), spares.take());
        assert!(first.spans.is_some() && second.spans.is_some());
    }

    #[test]
    fn empty_batches_give_nothing() {
        let tokenizer = tokenizer();
        for n in [1, 2] {
            assert!(lists(&tokenizer, Batch::owned(&[]), threads(n)).is_empty());
            let columns = token_columns(&tokenizer, Batch::owned(&[]), threads(n), None, &Alone).unwrap();
            assert_eq!(columns.doc_count(), 0);
            assert_eq!(
                count(&tokenizer, Batch::owned(&[]), threads(n), &Alone)
                    .unwrap()
                    .documents(),
                0
            );
        }
    }

    /// A host whose check fails after a number of slices.
    struct StopAfter(std::cell::Cell<usize>);

    impl Host for StopAfter {
        type Error = &'static str;

        fn block(&self, wait: &mut (dyn FnMut() + Send)) {
            wait();
        }

        fn check(&self) -> Result<(), &'static str> {
            let left = self.0.get();
            if left == 0 {
                return Err("stopped");
            }
            self.0.set(left - 1);
            Ok(())
        }
    }

    #[test]
    fn a_failing_check_stops_every_engine() {
        let tokenizer = tokenizer();
        let owned = texts();
        let strs: Vec<&str> = owned.iter().map(String::as_str).collect();
        let batch = Batch::owned(&strs);
        for n in [1, 2] {
            let mut slices = 0;
            let outcome = token_ids(&tokenizer, batch, threads(n), &StopAfter(2.into()), |_, _| {
                slices += 1;
                Ok(())
            });
            assert_eq!((outcome, slices), (Err("stopped"), 3));
            let host = StopAfter(0.into());
            assert_eq!(
                token_columns(&tokenizer, batch, threads(n), None, &host).err(),
                Some("stopped")
            );
            assert_eq!(count(&tokenizer, batch, threads(n), &host).err(), Some("stopped"));
        }
    }

    #[test]
    fn slices_hold_about_their_budget() {
        let texts = ["aaaa", "bb", "cccccc", "", "d"];
        let batch = Batch::owned(&texts);
        let lengths: Vec<usize> = batch.slices(6).iter().map(|slice| slice.len()).collect();
        assert_eq!(lengths, [2, 2, 1]);
        // A text longer than the budget is a slice of its own.
        let lengths: Vec<usize> = batch.slices(1).iter().map(|slice| slice.len()).collect();
        assert_eq!(lengths, [1, 1, 1, 2]);
    }
}
