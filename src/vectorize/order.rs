//! Features in code-point order without their text: by the ranks of their
//! tokens.

use std::cmp::Ordering;
use std::num::NonZeroUsize;

use super::grams::Tuples;
use crate::error::Error;
use crate::parallel::join_all;
use crate::Vocabulary;

/// Below this many features a sort runs on one thread: starting threads
/// would cost more than it saves.
const PARALLEL_SORT_MIN: usize = 1 << 16;

/// The order of features by the code points of their texts, from their
/// tokens: each token's rank among the tokens by code point, compared token
/// after token. The two orders agree because no token holds a space or a
/// character below it: where one token is a prefix of the other, the
/// shorter's text goes on with " " or ends, both below any token character.
pub(super) struct TextOrder {
    rank: Vec<u32>,
    /// The tokens' ids in text order: the token of each rank.
    by_text: Vec<u32>,
}

/// Features sorted by text: as tuples of token ranks, in column order (the
/// tokens of `TextOrder::tokens_by_rank`), and the features' own numbers.
pub(super) struct Sorted {
    pub ids: Vec<u32>,
    pub ranked: Tuples,
}

impl TextOrder {
    pub fn new(tokens: &Vocabulary) -> Result<Self, Error> {
        if let Some(token) = tokens.iter().find(|token| token.bytes().any(|byte| byte <= b' ')) {
            return Err(Error::InvalidOption(format!(
                "the token {token:?} holds a space or a control character: n-grams joined with spaces would be ambiguous"
            )));
        }
        // Sorted by their first eight bytes as an integer, whole only where
        // those tie: most comparisons are one of integers. Zeros pad a
        // shorter token, and sort before any byte a token holds.
        let mut keyed: Vec<(u64, u32)> = (0..tokens.len() as u32)
            .map(|id| {
                let bytes = tokens.get(id).as_bytes();
                let mut prefix = [0u8; 8];
                let len = bytes.len().min(8);
                if let (Some(to), Some(from)) = (prefix.get_mut(..len), bytes.get(..len)) {
                    to.copy_from_slice(from);
                }
                (u64::from_be_bytes(prefix), id)
            })
            .collect();
        keyed.sort_unstable_by(|a, b| a.0.cmp(&b.0).then_with(|| tokens.get(a.1).cmp(tokens.get(b.1))));
        let by_text: Vec<u32> = keyed.into_iter().map(|(_, id)| id).collect();
        let mut rank = vec![0; tokens.len()];
        for (position, &token) in by_text.iter().enumerate() {
            if let Some(slot) = rank.get_mut(token as usize) {
                *slot = position as u32;
            }
        }
        Ok(TextOrder { rank, by_text })
    }

    /// The tokens in text order, so that a token's id is its rank.
    pub fn tokens_by_rank(&self, tokens: &Vocabulary) -> Vocabulary {
        let mut ranked = Vocabulary::new();
        for &id in &self.by_text {
            ranked.intern(tokens.get(id));
        }
        ranked
    }

    fn ranks<'a>(&'a self, tokens: &'a [u32]) -> impl Iterator<Item = u32> + 'a {
        tokens
            .iter()
            .map(|&token| self.rank.get(token as usize).copied().unwrap_or(u32::MAX))
    }

    pub fn compare(&self, a: &[u32], b: &[u32]) -> Ordering {
        self.ranks(a).cmp(self.ranks(b))
    }

    /// A key whose integer order is the text order, for features of up to
    /// four tokens: each rank plus one in 32 bits, 0 past the end.
    fn key(&self, tokens: &[u32]) -> u128 {
        let mut key = 0u128;
        let mut ranks = self.ranks(tokens);
        for _ in 0..4 {
            key = key << 32 | ranks.next().map_or(0, |rank| u128::from(rank) + 1);
        }
        key
    }

    /// `key` for features of up to two tokens, in half the bytes.
    fn short_key(&self, tokens: &[u32]) -> u64 {
        let mut ranks = self.ranks(tokens);
        let mut key = 0u64;
        for _ in 0..2 {
            key = key << 32 | ranks.next().map_or(0, |rank| u64::from(rank) + 1);
        }
        key
    }

    /// `ids`, features of `features` (none longer than `longest` tokens),
    /// sorted by text on up to `threads` threads.
    pub fn sort(&self, ids: Vec<u32>, features: &Tuples, longest: usize, threads: NonZeroUsize) -> Sorted {
        if longest <= 2 {
            // Unigrams and bigrams, the common case: smaller keys sort
            // faster.
            self.sort_by_key(ids, features, 2, |tokens| self.short_key(tokens), threads)
        } else if longest <= 4 {
            self.sort_by_key(ids, features, 4, |tokens| self.key(tokens), threads)
        } else {
            let mut ids = ids;
            ids.sort_unstable_by(|&a, &b| self.compare(features.get(a), features.get(b)));
            let mut ranked = Tuples::with_capacity(ids.len(), ids.len() * longest);
            let mut ranks = Vec::with_capacity(longest);
            for &id in &ids {
                ranks.clear();
                ranks.extend(self.ranks(features.get(id)));
                ranked.push(&ranks);
            }
            Sorted { ids, ranked }
        }
    }

    /// `sort` by keys (`key`, of `slots` 32-bit ranks) made once, not at
    /// each comparison. The keys hold the ranks: no feature is read again.
    fn sort_by_key<K: Ord + Copy + Send + Into<u128>>(
        &self,
        ids: Vec<u32>,
        features: &Tuples,
        slots: u32,
        key: impl Fn(&[u32]) -> K,
        threads: NonZeroUsize,
    ) -> Sorted {
        let mut keyed: Vec<(K, u32)> = ids.iter().map(|&id| (key(features.get(id)), id)).collect();
        sort_in_parallel(&mut keyed, threads);
        let mut ranked = Tuples::with_capacity(keyed.len(), keyed.len() * slots as usize);
        let mut ranks = Vec::with_capacity(slots as usize);
        for &(key, _) in &keyed {
            ranks_of(key.into(), slots, &mut ranks);
            ranked.push(&ranks);
        }
        let ids = keyed.into_iter().map(|(_, id)| id).collect();
        Sorted { ids, ranked }
    }
}

/// The ranks a key of `slots` 32-bit slots holds, into `ranks`.
fn ranks_of(key: u128, slots: u32, ranks: &mut Vec<u32>) {
    ranks.clear();
    for slot in (0..slots).rev() {
        let value = (key >> (32 * slot)) as u32;
        if value == 0 {
            break;
        }
        ranks.push(value - 1);
    }
}

/// Sorts `items` on up to `threads` threads: parts sorted side by side,
/// then merged.
fn sort_in_parallel<T: Ord + Copy + Send>(items: &mut Vec<T>, threads: NonZeroUsize) {
    let parts = threads.get().min(items.len() / PARALLEL_SORT_MIN).max(1);
    if parts == 1 {
        items.sort_unstable();
        return;
    }
    let size = items.len().div_ceil(parts);
    join_all(
        items
            .chunks_mut(size)
            .map(|part| move || part.sort_unstable())
            .collect(),
    );
    // Neighbouring runs merged until one is left.
    let mut run = size;
    let mut merged = Vec::with_capacity(items.len());
    while run < items.len() {
        merged.clear();
        for pair in items.chunks(2 * run) {
            let (left, right) = pair.split_at(run.min(pair.len()));
            merge_into(left, right, &mut merged);
        }
        std::mem::swap(items, &mut merged);
        run *= 2;
    }
}

/// The sorted `left` and `right` merged, appended to `out`.
fn merge_into<T: Ord + Copy>(left: &[T], right: &[T], out: &mut Vec<T>) {
    let (mut left, mut right) = (left.iter().peekable(), right.iter().peekable());
    loop {
        let next = match (left.peek(), right.peek()) {
            (Some(&&a), Some(&&b)) => {
                if b < a {
                    right.next();
                    b
                } else {
                    left.next();
                    a
                }
            }
            (Some(_), None) => {
                out.extend(left);
                return;
            }
            (None, Some(_)) => {
                out.extend(right);
                return;
            }
            (None, None) => return,
        };
        out.push(next);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_parallel_sort_equals_a_sort() {
        let items: Vec<(u64, u32)> = (0..300_000u32)
            .map(|i| (u64::from(i.wrapping_mul(2_654_435_761) % 1000), i))
            .collect();
        let mut expected = items.clone();
        expected.sort_unstable();
        for threads in [1, 2, 3, 4, 7] {
            let mut sorted = items.clone();
            sort_in_parallel(&mut sorted, NonZeroUsize::new(threads).unwrap());
            assert_eq!(sorted, expected, "threads={threads}");
        }
    }

    #[test]
    fn tokens_sort_by_code_point() {
        let mut tokens = Vocabulary::new();
        for token in [
            "zebra",
            "ab",
            "abcdefghij",
            "abcdefghi",
            "abcdefgh",
            "é",
            "a",
            "abcdefghiz",
            "b",
        ] {
            tokens.intern(token);
        }
        let order = TextOrder::new(&tokens).unwrap();
        let by_rank = order.tokens_by_rank(&tokens);
        let mut expected: Vec<&str> = tokens.iter().collect();
        expected.sort_unstable();
        assert_eq!(by_rank.iter().collect::<Vec<_>>(), expected);
    }
}
