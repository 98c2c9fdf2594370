//! Features in code-point order without their text: by the ranks of their
//! tokens.

use std::cmp::Ordering;

use super::grams::Tuples;
use crate::error::Error;
use crate::Vocabulary;

/// The order of features by the code points of their texts, from their
/// tokens: each token's rank among the tokens by code point, compared token
/// after token. The two orders agree because no token holds a space or a
/// character below it: where one token is a prefix of the other, the
/// shorter's text goes on with " " or ends, both below any token character.
pub(super) struct TextOrder {
    rank: Vec<u32>,
}

impl TextOrder {
    pub fn new(tokens: &Vocabulary) -> Result<Self, Error> {
        if let Some(token) = tokens.iter().find(|token| token.bytes().any(|byte| byte <= b' ')) {
            return Err(Error::InvalidOption(format!(
                "the token {token:?} holds a space or a control character: n-grams joined with spaces would be ambiguous"
            )));
        }
        let mut by_text: Vec<u32> = (0..tokens.len() as u32).collect();
        by_text.sort_unstable_by(|&a, &b| tokens.get(a).cmp(tokens.get(b)));
        let mut rank = vec![0; tokens.len()];
        for (position, &token) in by_text.iter().enumerate() {
            if let Some(slot) = rank.get_mut(token as usize) {
                *slot = position as u32;
            }
        }
        Ok(TextOrder { rank })
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

    /// Sorts `ids`, features of `features`, by text.
    pub fn sort(&self, ids: &mut [u32], features: &Tuples, longest: usize) {
        if longest <= 2 {
            // Unigrams and bigrams, the common case: smaller keys sort faster.
            let mut keyed: Vec<(u64, u32)> = ids.iter().map(|&id| (self.short_key(features.get(id)), id)).collect();
            keyed.sort_unstable();
            for (slot, (_, id)) in ids.iter_mut().zip(keyed) {
                *slot = id;
            }
        } else if longest <= 4 {
            // Keys made once, not at each comparison.
            let mut keyed: Vec<(u128, u32)> = ids.iter().map(|&id| (self.key(features.get(id)), id)).collect();
            keyed.sort_unstable();
            for (slot, (_, id)) in ids.iter_mut().zip(keyed) {
                *slot = id;
            }
        } else {
            ids.sort_unstable_by(|&a, &b| self.compare(features.get(a), features.get(b)));
        }
    }
}
