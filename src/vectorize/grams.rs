//! N-grams as tuples of token ids, each stored once and numbered in order
//! of insertion: the features of a thread, of a fit, and of a vocabulary.
//! Hashing a few integers, rather than the n-gram's text, is what makes
//! n-grams cheap.

use std::hash::{BuildHasher, Hasher};

use hashbrown::hash_table::Entry;
use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;

/// N-grams back to back, numbered in order: storage without an index.
#[derive(Clone, Debug, Default)]
pub(crate) struct Tuples {
    /// The token ids of every n-gram, back to back, and where each ends.
    parts: Vec<u32>,
    ends: Vec<u32>,
}

impl Tuples {
    pub fn with_capacity(grams: usize, tokens: usize) -> Self {
        Tuples {
            parts: Vec::with_capacity(tokens),
            ends: Vec::with_capacity(grams),
        }
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The token ids of all n-grams.
    pub fn tokens(&self) -> usize {
        self.parts.len()
    }

    /// The tokens of n-gram `id`.
    #[inline]
    pub fn get(&self, id: u32) -> &[u32] {
        let end = self.ends.get(id as usize).map_or(0, |&end| end as usize);
        let start = (id as usize)
            .checked_sub(1)
            .and_then(|before| self.ends.get(before))
            .map_or(0, |&start| start as usize);
        self.parts.get(start..end).unwrap_or_default()
    }

    /// Appends `tokens` as the next n-gram.
    pub fn push(&mut self, tokens: &[u32]) {
        // An element at a time: extend_from_slice calls memcpy, which costs
        // more than copying the one to three ids of an n-gram.
        for &token in tokens {
            self.parts.push(token);
        }
        self.ends.push(end_of(&self.parts));
    }

    /// Appends every n-gram of `other`, numbered after these.
    pub fn append(&mut self, other: &Tuples) {
        let offset = end_of(&self.parts);
        self.parts.extend_from_slice(&other.parts);
        self.ends.extend(other.ends.iter().map(|&end| offset + end));
    }

    /// An index of these n-grams, which must be distinct.
    pub fn index(&self) -> GramIndex {
        let mut index = HashTable::with_capacity(self.len());
        for id in 0..self.len() as u32 {
            let tokens = self.get(id);
            index.insert_unique(hash_of(tokens), Slot::of(tokens, id), |slot: &Slot<()>| slot.hash(self));
        }
        GramIndex(index)
    }
}

/// An index from n-grams to their numbers in a `Tuples`.
#[derive(Clone, Debug, Default)]
pub(crate) struct GramIndex(HashTable<Slot<()>>);

impl GramIndex {
    /// The number of `tokens` among `tuples` (those indexed).
    #[inline]
    pub fn find(&self, tuples: &Tuples, tokens: &[u32]) -> Option<u32> {
        self.0
            .find(hash_of(tokens), |slot| slot.holds(tokens, tuples))
            .map(|slot| slot.id)
    }
}

/// N-grams with an index: numbered as they are first interned. Each slot
/// of the index carries a value `M` of the caller's (a counting thread's
/// per-document mark), read with the slot, at no further cache miss.
#[derive(Clone, Debug)]
pub(crate) struct GramTable<M = ()> {
    tuples: Tuples,
    index: HashTable<Slot<M>>,
}

impl<M> Default for GramTable<M> {
    fn default() -> Self {
        GramTable {
            tuples: Tuples::default(),
            index: HashTable::new(),
        }
    }
}

impl GramTable<()> {
    pub fn into_parts(self) -> (Tuples, GramIndex) {
        (self.tuples, GramIndex(self.index))
    }
}

impl<M: Copy + Default> GramTable<M> {
    /// An empty table with room for `grams` n-grams of `tokens` token ids
    /// in all.
    pub fn with_capacity(grams: usize, tokens: usize) -> Self {
        GramTable {
            tuples: Tuples::with_capacity(grams, tokens),
            index: HashTable::with_capacity(grams),
        }
    }

    pub fn len(&self) -> usize {
        self.tuples.len()
    }

    /// The tokens of n-gram `id`.
    #[inline]
    pub fn get(&self, id: u32) -> &[u32] {
        self.tuples.get(id)
    }

    pub fn tuples(&self) -> &Tuples {
        &self.tuples
    }

    /// The n-grams, without the index.
    pub fn into_tuples(self) -> Tuples {
        self.tuples
    }

    /// Every slot's value.
    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut M> + '_ {
        self.index.iter_mut().map(|slot| &mut slot.value)
    }

    /// The id of `tokens` (stored if new, with the default value) and its
    /// slot's value.
    #[inline]
    pub fn intern_valued(&mut self, tokens: &[u32]) -> (u32, &mut M) {
        let (id, _, value) = self.entry(hash_of(tokens), tokens);
        (id, value)
    }

    /// The id of `tokens`, stored if new, and whether it was new.
    #[inline]
    pub fn intern(&mut self, tokens: &[u32]) -> (u32, bool) {
        self.intern_hashed(hash_of(tokens), tokens)
    }

    /// `intern`, with the hash of `tokens` (`hash_of`) already made.
    #[inline]
    pub fn intern_hashed(&mut self, hash: u64, tokens: &[u32]) -> (u32, bool) {
        let (id, new, _) = self.entry(hash, tokens);
        (id, new)
    }

    /// The id of `tokens` (whose hash is `hash`), stored if new, whether it
    /// was new, and its slot's value: one probe of the index.
    #[inline]
    fn entry(&mut self, hash: u64, tokens: &[u32]) -> (u32, bool, &mut M) {
        let tuples = &self.tuples;
        match self
            .index
            .entry(hash, |slot| slot.holds(tokens, tuples), |slot| slot.hash(tuples))
        {
            Entry::Occupied(entry) => {
                let slot = entry.into_mut();
                (slot.id, false, &mut slot.value)
            }
            Entry::Vacant(entry) => {
                let id = next_id(&self.tuples);
                let slot = entry.insert(Slot::of(tokens, id)).into_mut();
                self.tuples.push(tokens);
                (id, true, &mut slot.value)
            }
        }
    }

    /// Stores `tokens`, which the table does not hold, with its hash
    /// (`hash_of`); its id. No lookup: the caller knows it is new.
    pub fn insert_new(&mut self, hash: u64, tokens: &[u32]) -> u32 {
        let id = next_id(&self.tuples);
        self.tuples.push(tokens);
        let tuples = &self.tuples;
        self.index
            .insert_unique(hash, Slot::of(tokens, id), |slot| slot.hash(tuples));
        id
    }
}

/// The id the next n-gram stored in `tuples` gets. As many n-grams as a
/// u32 numbers would be hundreds of GB of vocabulary; the ids stay u32 to
/// keep rows small.
fn next_id(tuples: &Tuples) -> u32 {
    #[allow(clippy::expect_used)]
    u32::try_from(tuples.len()).expect("fewer than 2^32 n-grams in one table")
}

/// The text of the n-gram `ids` into `out`: each token's text (`text_of`)
/// joined with one space, scikit-learn's n-gram convention.
pub(crate) fn join_into<'a>(ids: &[u32], text_of: impl Fn(u32) -> &'a str, out: &mut String) {
    out.clear();
    for (index, &token) in ids.iter().enumerate() {
        if index > 0 {
            out.push(' ');
        }
        out.push_str(text_of(token));
    }
}

/// Where the last n-gram of `parts` ends, as a u32: the ends are half the
/// size of usize ones, and 2^32 token ids of n-grams in one table would be
/// tens of GB of vocabulary.
fn end_of(parts: &[u32]) -> u32 {
    #[allow(clippy::expect_used)]
    u32::try_from(parts.len()).expect("fewer than 2^32 token ids in one table of n-grams")
}

/// The hash of an n-gram's token ids.
#[inline]
pub(crate) fn hash_of(tokens: &[u32]) -> u64 {
    let mut hasher = FxBuildHasher.build_hasher();
    for &token in tokens {
        hasher.write_u32(token);
    }
    hasher.finish()
}

/// An n-gram in the index: its first two tokens and its length held in the
/// slot itself, so that finding a unigram or a bigram reads no other memory
/// (a lookup into the tuples was a cache miss per probe).
#[derive(Clone, Copy, Debug)]
struct Slot<M> {
    head: u64,
    len: u32,
    id: u32,
    value: M,
}

impl<M: Default> Slot<M> {
    #[inline]
    fn of(tokens: &[u32], id: u32) -> Slot<M> {
        Slot {
            head: head_of(tokens),
            len: tokens.len() as u32,
            id,
            value: M::default(),
        }
    }
}

impl<M> Slot<M> {
    /// The hash of the slot's n-gram: from the slot alone for a unigram or
    /// a bigram, so that growing the table reads no tuple.
    #[inline]
    fn hash(&self, tuples: &Tuples) -> u64 {
        match self.len {
            1 => hash_of(&[(self.head >> 32) as u32]),
            2 => hash_of(&[(self.head >> 32) as u32, self.head as u32]),
            _ => hash_of(tuples.get(self.id)),
        }
    }

    #[inline]
    fn holds(&self, tokens: &[u32], tuples: &Tuples) -> bool {
        self.len as usize == tokens.len()
            && self.head == head_of(tokens)
            && (tokens.len() <= 2 || same(tuples.get(self.id), tokens))
    }
}

#[inline]
fn head_of(tokens: &[u32]) -> u64 {
    let first = tokens.first().copied().unwrap_or(0);
    let second = tokens.get(1).copied().unwrap_or(0);
    u64::from(first) << 32 | u64::from(second)
}

/// Slice equality without a call to memcmp, which costs more than the
/// comparison of the two or three ids of an n-gram.
#[inline]
fn same(a: &[u32], b: &[u32]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_tuple_is_stored_once() {
        let mut table = GramTable::default();
        assert_eq!(table.intern(&[3, 1]), (0, true));
        assert_eq!(table.intern(&[3]), (1, true));
        assert_eq!(table.intern(&[3, 1]), (0, false));
        assert_eq!(table.intern(&[1, 3]), (2, true));
        assert_eq!(table.intern(&[1, 3, 5]), (3, true));
        assert_eq!(table.intern(&[1, 3, 6]), (4, true));
        assert_eq!(table.intern(&[1, 3, 5]), (3, false));
        assert_eq!(table.get(2), &[1, 3]);
        assert_eq!(table.len(), 5);
        // An index built afterwards finds the same numbers.
        let (tuples, _) = table.into_parts();
        let index = tuples.index();
        assert_eq!(index.find(&tuples, &[3]), Some(1));
        assert_eq!(index.find(&tuples, &[1, 3, 6]), Some(4));
        assert_eq!(index.find(&tuples, &[3, 1, 2]), None);
        let mut joined = Tuples::default();
        joined.push(&[9]);
        joined.append(&tuples);
        assert_eq!(joined.get(3), &[1, 3]);
    }
}
