//! Token interning: each distinct token stored once and named by a number.
//!
//! Batches are tokenised into token ids plus a vocabulary, so that the
//! binding creates one Python string per distinct token (word frequencies are
//! Zipfian: a corpus of millions of tokens has tens of thousands of distinct
//! ones) and the per-token work is an id lookup.

use std::hash::BuildHasher;

use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;

use crate::packed;

/// Distinct tokens in one buffer, numbered in order of first appearance.
#[derive(Clone, Debug, Default)]
pub struct Vocabulary {
    text: String,
    ends: Vec<usize>,
    /// Ids of tokens of 1 to 8 bytes, by packed key: most tokens, found
    /// without hashing or comparing strings.
    short_index: HashTable<(u64, u32)>,
    /// Ids of all other tokens.
    index: HashTable<u32>,
    /// A direct-mapped cache of recently found short tokens, (packed key,
    /// id), for vocabularies too large for the caches of the processor;
    /// empty unless made `with_recent_cache`.
    recent: Vec<(u64, u32)>,
}

/// Slots of the recent-token cache: 64 KiB, a few thousand frequent words.
const RECENT_SLOTS: usize = 4096;

fn hash_of(token: &str) -> u64 {
    FxBuildHasher.hash_one(token)
}

fn token_at<'a>(text: &'a str, ends: &[usize], id: u32) -> &'a str {
    let id = id as usize;
    let start = if id == 0 { 0 } else { ends[id - 1] };
    &text[start..ends[id]]
}

/// Where a missing token goes in the index.
enum IndexSlot {
    Short { key: u64, hash: u64 },
    Long { hash: u64 },
}

impl Vocabulary {
    pub fn new() -> Self {
        Self::default()
    }

    /// The id of `token`, added if new.
    ///
    /// # Panics
    /// When a vocabulary would exceed u32::MAX distinct tokens (over 4
    /// billion; the binding splits work long before that).
    #[inline]
    pub fn intern(&mut self, token: &str) -> u32 {
        let recent_slot = self.recent_slot(token);
        if let Some((slot, key)) = recent_slot {
            let (recent_key, recent_id) = self.recent[slot];
            if recent_key == key {
                return recent_id;
            }
        }
        let id = match self.locate(token) {
            Ok(id) => id,
            Err(slot) => self.insert(token, slot),
        };
        if let Some((slot, key)) = recent_slot {
            self.recent[slot] = (key, id);
        }
        id
    }

    /// The id of `token`, if it is in the vocabulary.
    #[inline]
    pub fn find(&self, token: &str) -> Option<u32> {
        self.locate(token).ok()
    }

    /// An empty vocabulary that remembers the last token found in each of a
    /// few thousand slots, so that the frequent tokens of a large vocabulary
    /// are found without a trip through its whole index.
    pub fn with_recent_cache() -> Self {
        Vocabulary {
            recent: vec![(packed::EMPTY, 0); RECENT_SLOTS],
            ..Vocabulary::default()
        }
    }

    /// Like `find`, through the recent-token cache when there is one.
    #[inline]
    pub fn find_recent(&mut self, token: &str) -> Option<u32> {
        let Some((slot, key)) = self.recent_slot(token) else {
            return self.find(token);
        };
        let (recent_key, recent_id) = self.recent[slot];
        if recent_key == key {
            return Some(recent_id);
        }
        let id = self.find(token)?;
        self.recent[slot] = (key, id);
        Some(id)
    }

    /// The recent-cache slot of a short token and its packed key, when this
    /// vocabulary has the cache.
    #[inline]
    fn recent_slot(&self, token: &str) -> Option<(usize, u64)> {
        if self.recent.is_empty() {
            return None;
        }
        let bytes = token.as_bytes();
        let key = packed::pack(bytes).filter(|_| packed::is_unambiguous(bytes))?;
        let slot = (packed::hash(key) >> (64 - RECENT_SLOTS.trailing_zeros())) as usize;
        Some((slot, key))
    }

    /// The id of `token`, or where to index it: its packed key, or its hash.
    #[inline]
    fn locate(&self, token: &str) -> Result<u32, IndexSlot> {
        let bytes = token.as_bytes();
        if let Some(key) = packed::pack(bytes).filter(|_| packed::is_unambiguous(bytes)) {
            let hash = packed::hash(key);
            return match self.short_index.find(hash, |&(found, _)| found == key) {
                Some(&(_, id)) => Ok(id),
                None => Err(IndexSlot::Short { key, hash }),
            };
        }
        let hash = hash_of(token);
        match self
            .index
            .find(hash, |&id| token_at(&self.text, &self.ends, id) == token)
        {
            Some(&id) => Ok(id),
            None => Err(IndexSlot::Long { hash }),
        }
    }

    #[cold]
    fn insert(&mut self, token: &str, slot: IndexSlot) -> u32 {
        let id = u32::try_from(self.ends.len()).expect("fewer than 2^32 distinct tokens in one vocabulary");
        self.text.push_str(token);
        self.ends.push(self.text.len());
        let Vocabulary {
            text,
            ends,
            short_index,
            index,
            ..
        } = self;
        match slot {
            IndexSlot::Short { key, hash } => {
                short_index.insert_unique(hash, (key, id), |&(key, _)| packed::hash(key));
            }
            IndexSlot::Long { hash } => {
                index.insert_unique(hash, id, |&id| hash_of(token_at(text, ends, id)));
            }
        }
        id
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The token with id `id`.
    pub fn get(&self, id: u32) -> &str {
        token_at(&self.text, &self.ends, id)
    }

    /// All tokens, in id order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        (0..self.ends.len()).map(|id| token_at(&self.text, &self.ends, id as u32))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_stable_and_dense() {
        let mut vocabulary = Vocabulary::new();
        let tokens = [
            "b",
            "a",
            "b",
            "",
            "a",
            "ab",
            "eightchr",
            "abcdefg\x07",
            "abcdefg",
            "ninechars",
            "eightchr",
        ];
        let ids: Vec<u32> = tokens.iter().map(|t| vocabulary.intern(t)).collect();
        assert_eq!(ids, [0, 1, 0, 2, 1, 3, 4, 5, 6, 7, 4]);
        assert_eq!(
            vocabulary.iter().collect::<Vec<_>>(),
            ["b", "a", "", "ab", "eightchr", "abcdefg\x07", "abcdefg", "ninechars"]
        );
        assert_eq!(vocabulary.get(3), "ab");
        assert_eq!(vocabulary.find("ninechars"), Some(7));
        assert_eq!(vocabulary.find("abcdefg"), Some(6));
        assert_eq!(vocabulary.find("missing"), None);
        assert_eq!(vocabulary.find("missing token"), None);
    }

    #[test]
    fn the_recent_cache_never_changes_an_answer() {
        let mut plain = Vocabulary::new();
        let mut cached = Vocabulary::with_recent_cache();
        let words: Vec<String> = (0..20_000u32).map(|i| format!("w{}", i % 7919)).collect();
        for (round, word) in words.iter().enumerate() {
            assert_eq!(cached.find_recent(word), plain.find(word), "round {round}");
            if round % 3 == 0 {
                assert_eq!(cached.intern(word), plain.intern(word));
            }
        }
        assert_eq!(cached.find_recent("longer than eight"), None);
    }

    #[test]
    fn survives_growth() {
        let mut vocabulary = Vocabulary::new();
        for round in 0..2 {
            for i in 0..10_000u32 {
                assert_eq!(vocabulary.intern(&i.to_string()), i, "round {round}");
            }
        }
        assert_eq!(vocabulary.len(), 10_000);
    }
}
