//! Token interning: each distinct token stored once and named by a number.
//!
//! Batches are tokenised into token ids plus a vocabulary, so that the
//! binding creates one Python string per distinct token (word frequencies are
//! Zipfian: a corpus of millions of tokens has tens of thousands of distinct
//! ones) and the per-token work is an id lookup.

use std::hash::BuildHasher;

use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;

use crate::unicode::packed;

/// Distinct tokens in one buffer, numbered in order of first appearance.
#[derive(Clone, Debug, Default)]
pub struct Vocabulary {
    text: String,
    ends: Vec<usize>,
    /// Ids of tokens of 1 to 16 bytes by their exact key (`ShortKey`): nearly
    /// every token, found without hashing or comparing strings.
    short_index: ShortIndex,
    /// Ids of all other tokens.
    index: HashTable<u32>,
}

/// A token of 1 to 16 bytes as two integers: its first eight bytes, then the
/// rest (0 for a token of up to 8 bytes), each packed with `packed::pack`, so
/// that distinct tokens have distinct keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct ShortKey {
    low: u64,
    high: u64,
}

/// Bytes of a token that `ShortKey` can hold.
pub(crate) const SHORT_KEY_BYTES: usize = 16;

impl ShortKey {
    /// The key of `token`, if it is 1 to 16 bytes long and no chunk of 8
    /// bytes could be mistaken for a shorter one (see
    /// `packed::is_unambiguous`).
    #[inline]
    fn of(token: &[u8]) -> Option<ShortKey> {
        let (first, rest) = token.split_at(token.len().min(8));
        let low = packed::pack(first).filter(|_| packed::is_unambiguous(first))?;
        let high = match rest.len() {
            0 => 0,
            _ => packed::pack(rest).filter(|_| packed::is_unambiguous(rest))?,
        };
        Some(ShortKey { low, high })
    }

    /// The key of the token of `len` bytes that `padded` starts with (what
    /// follows it is ignored), with no branch on the length; None where `of`
    /// gives None.
    #[inline]
    fn of_padded(padded: &[u8; SHORT_KEY_BYTES], len: usize) -> Option<ShortKey> {
        if len == 0 {
            return None;
        }
        // Indexed by the length: the bytes kept and the length tag (see
        // `packed::pack`) of each half.
        // Evaluated at compile time: an index out of range would fail the build.
        #[allow(clippy::indexing_slicing)]
        const MASKS: [(u64, u64, u64, u64); SHORT_KEY_BYTES + 1] = {
            let mut masks = [(0, 0, 0, 0); SHORT_KEY_BYTES + 1];
            let mut len = 1;
            while len <= SHORT_KEY_BYTES {
                let (low_len, high_len) = if len <= 8 { (len, 0) } else { (8, len - 8) };
                masks[len] = (bytes(low_len), tag(low_len), bytes(high_len), tag(high_len));
                len += 1;
            }
            masks
        };
        let (low_bytes, low_tag, high_bytes, high_tag) = *MASKS.get(len)?;
        let (low, high) = padded.split_at(8);
        let low = u64::from_le_bytes(low.try_into().ok()?);
        let high = u64::from_le_bytes(high.try_into().ok()?);
        // An 8-byte half must end above 7, where a shorter one has its tag.
        let ambiguous = |half: u64, tag: u64, bytes: u64| tag == 0 && bytes != 0 && half >> 56 <= 7;
        if ambiguous(low, low_tag, low_bytes) | ambiguous(high, high_tag, high_bytes) {
            return None;
        }
        Some(ShortKey {
            low: low & low_bytes | low_tag,
            high: high & high_bytes | high_tag,
        })
    }

    #[inline]
    fn hash(self) -> u64 {
        packed::hash(self.low ^ self.high.rotate_left(29))
    }
}

/// A mask of the first `count` (0 to 8) bytes of a u64.
const fn bytes(count: usize) -> u64 {
    if count == 0 {
        0
    } else {
        u64::MAX >> (64 - 8 * count)
    }
}

/// The length tag `packed::pack` gives a word of `count` (1 to 8) bytes.
const fn tag(count: usize) -> u64 {
    if count.is_multiple_of(8) {
        0
    } else {
        (count as u64) << 56
    }
}

/// An open-addressing table from `ShortKey` to id, at most three quarters
/// full.
///
/// A slot holds 8 bytes: the top 32 bits of the key's hash and the id (plus
/// one, so that 0 is an empty slot); the keys themselves are in `keys`, by
/// id. The home slot is picked by the top bits of the hash, which the slot
/// keeps, so growing the table moves slots without reading a key. The
/// slots are a third of the size that keys in them would take, and most of
/// the table stays in the cache; the keys of frequent tokens, which come
/// early in a text and so have small ids, are close together.
#[derive(Clone, Debug, Default)]
struct ShortIndex {
    slots: Vec<u64>,
    /// The key of each id; `EMPTY` for the ids of tokens not in this index.
    keys: Vec<ShortKey>,
    len: usize,
}

impl ShortIndex {
    /// The bits of a key's hash that its slot keeps.
    const HASH_BITS: u64 = !(u32::MAX as u64);

    /// No token's key (0xFF is not a byte of UTF-8).
    const EMPTY: ShortKey = ShortKey {
        low: packed::EMPTY,
        high: 0,
    };

    /// The slot entry of `id` for a key with hash `hash`.
    #[inline]
    fn entry(hash: u64, id: u32) -> u64 {
        (hash & Self::HASH_BITS) | (u64::from(id) + 1)
    }

    /// The id of `key`, or the slot to insert it at.
    #[inline]
    fn find(&self, key: ShortKey) -> Result<u32, usize> {
        if self.slots.is_empty() {
            return Err(0);
        }
        let mask = self.slots.len() - 1;
        let hash = key.hash();
        let fingerprint = hash & Self::HASH_BITS;
        let mut slot = Self::home(hash, self.slots.len());
        loop {
            // `slot` is masked to the table: the else never happens.
            let Some(&entry) = self.slots.get(slot) else {
                return Err(slot);
            };
            if entry == 0 {
                return Err(slot);
            }
            if entry & Self::HASH_BITS == fingerprint {
                let id = (entry as u32).wrapping_sub(1);
                if self.keys.get(id as usize) == Some(&key) {
                    return Ok(id);
                }
            }
            slot = (slot + 1) & mask;
        }
    }

    /// Records the key of a new id: `key` for one that `insert` adds next,
    /// `EMPTY` for one of another index.
    fn push_key(&mut self, key: ShortKey) {
        self.keys.push(key);
    }

    /// Adds `key` (just given its id with `push_key`) at `slot` (from
    /// `find`), growing the table when needed.
    fn insert(&mut self, key: ShortKey, id: u32, slot: usize) {
        let slot = if (self.len + 1) * 4 > self.slots.len() * 3 {
            self.grow();
            match self.find(key) {
                Err(slot) => slot,
                // Already there (callers insert a key they did not find).
                Ok(_) => return,
            }
        } else {
            slot
        };
        if let Some(entry) = self.slots.get_mut(slot) {
            *entry = Self::entry(key.hash(), id);
            self.len += 1;
        }
    }

    /// The home slot of a key with hash `hash` in a table of `size` slots
    /// (a power of two): the hash's top bits.
    #[inline]
    fn home(hash: u64, size: usize) -> usize {
        (hash >> (64 - size.trailing_zeros())) as usize
    }

    /// The hash bits that pick `entry`'s home slot in a table of `size`
    /// slots.
    fn entry_hash(&self, entry: u64, size: usize) -> u64 {
        // Up to 2^32 slots the home slot is within the hash bits an entry
        // keeps; beyond, it is recomputed from the key.
        if size.trailing_zeros() <= 32 {
            return entry;
        }
        let id = (entry as u32).wrapping_sub(1);
        self.keys.get(id as usize).map_or(entry, |key| key.hash())
    }

    /// Doubles the table in place: the slots grow by reallocation and the
    /// entries are moved within them. Allocating a new table and freeing the
    /// old one would free a large block the allocator had mapped, and glibc
    /// answers that by keeping more freed memory from then on (it raises its
    /// mmap and trim thresholds), which showed as memory kept after
    /// threaded calls.
    #[cold]
    fn grow(&mut self) {
        let old_size = self.slots.len();
        let size = (old_size * 2).max(64);
        let mask = size - 1;
        self.slots.reserve_exact(size - old_size);
        self.slots.resize(size, 0);
        // `waiting`: slots below `old_size` that still hold an entry of the
        // old table; `placed`: slots that hold an entry of the new one. An
        // entry goes to the first slot from its home not yet placed; if that
        // slot holds a waiting entry, the two swap and the waiting one is
        // placed next.
        let mut waiting = BitSet::new(old_size);
        for (slot, &entry) in self.slots.iter().enumerate().take(old_size) {
            if entry != 0 {
                waiting.insert(slot);
            }
        }
        let mut placed = BitSet::new(size);
        for start in 0..old_size {
            if !waiting.remove(start) {
                continue;
            }
            let mut entry = self.slots.get_mut(start).map_or(0, std::mem::take);
            loop {
                let mut slot = Self::home(self.entry_hash(entry, size), size);
                while placed.contains(slot) {
                    slot = (slot + 1) & mask;
                }
                placed.insert(slot);
                let Some(place) = self.slots.get_mut(slot) else { break };
                if waiting.remove(slot) {
                    entry = std::mem::replace(place, entry);
                } else {
                    *place = entry;
                    break;
                }
            }
        }
    }
}

/// A fixed number of bits, all clear at first.
struct BitSet(Vec<u64>);

impl BitSet {
    fn new(bits: usize) -> Self {
        BitSet(vec![0; bits.div_ceil(64)])
    }

    fn contains(&self, bit: usize) -> bool {
        self.0.get(bit / 64).is_some_and(|word| word & (1 << (bit % 64)) != 0)
    }

    fn insert(&mut self, bit: usize) {
        if let Some(word) = self.0.get_mut(bit / 64) {
            *word |= 1 << (bit % 64);
        }
    }

    /// Clears `bit`; whether it was set.
    fn remove(&mut self, bit: usize) -> bool {
        let was_set = self.contains(bit);
        if let Some(word) = self.0.get_mut(bit / 64) {
            *word &= !(1 << (bit % 64));
        }
        was_set
    }
}

fn hash_of(token: &str) -> u64 {
    FxBuildHasher.hash_one(token)
}

fn token_at<'a>(text: &'a str, ends: &[usize], id: u32) -> &'a str {
    let id = id as usize;
    let start = id
        .checked_sub(1)
        .and_then(|before| ends.get(before))
        .copied()
        .unwrap_or(0);
    text.get(start..ends.get(id).copied().unwrap_or(start))
        .unwrap_or_default()
}

/// Where a missing token goes in the index.
enum IndexSlot {
    Short { key: ShortKey, slot: usize },
    Long { hash: u64 },
}

impl Vocabulary {
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty vocabulary with room for `tokens` distinct tokens of up to
    /// eight bytes before it grows.
    pub fn with_capacity(tokens: usize) -> Self {
        Self {
            text: String::with_capacity(tokens.saturating_mul(8)),
            ends: Vec::with_capacity(tokens),
            short_index: ShortIndex {
                slots: vec![0; (tokens.saturating_mul(4) / 3 + 1).next_power_of_two().max(64)],
                keys: Vec::with_capacity(tokens),
                len: 0,
            },
            index: HashTable::new(),
        }
    }

    /// The id of `token`, added if new.
    ///
    /// # Panics
    /// When a vocabulary would exceed u32::MAX distinct tokens (over 4
    /// billion; the binding splits work long before that).
    #[inline]
    pub fn intern(&mut self, token: &str) -> u32 {
        match self.locate(token) {
            Ok(id) => id,
            Err(slot) => self.insert(token, slot),
        }
    }

    /// `intern` for a token that `padded` starts with: its key is made with
    /// no branch on its length.
    #[inline]
    pub(crate) fn intern_padded(&mut self, token: &str, padded: &[u8; SHORT_KEY_BYTES]) -> u32 {
        let Some(key) = ShortKey::of_padded(padded, token.len()) else {
            return self.intern(token);
        };
        debug_assert_eq!(Some(key), ShortKey::of(token.as_bytes()));
        match self.short_index.find(key) {
            Ok(id) => id,
            Err(slot) => self.insert(token, IndexSlot::Short { key, slot }),
        }
    }

    /// `find` for a token that `padded` starts with (see `intern_padded`).
    #[inline]
    // Used by the binding only.
    #[cfg_attr(not(feature = "python"), allow(dead_code))]
    pub(crate) fn find_padded(&self, token: &str, padded: &[u8; SHORT_KEY_BYTES]) -> Option<u32> {
        match ShortKey::of_padded(padded, token.len()) {
            Some(key) => self.short_index.find(key).ok(),
            None => self.find(token),
        }
    }

    /// The id of `token`, if it is in the vocabulary.
    #[inline]
    pub fn find(&self, token: &str) -> Option<u32> {
        self.locate(token).ok()
    }

    /// The id of `token`, or where to index it.
    #[inline]
    fn locate(&self, token: &str) -> Result<u32, IndexSlot> {
        if let Some(key) = ShortKey::of(token.as_bytes()) {
            return self
                .short_index
                .find(key)
                .map_err(|slot| IndexSlot::Short { key, slot });
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
        // 2^32 distinct tokens would be tens of GB of token text in one
        // vocabulary (a batch's, or a thread's share of one): ids are u32 to
        // halve the id buffers, and running out of them is not recoverable.
        #[allow(clippy::expect_used)]
        let id = u32::try_from(self.ends.len()).expect("fewer than 2^32 distinct tokens in one vocabulary");
        self.text.push_str(token);
        self.ends.push(self.text.len());
        let Vocabulary {
            text,
            ends,
            short_index,
            index,
        } = self;
        match slot {
            IndexSlot::Short { key, slot } => {
                short_index.push_key(key);
                short_index.insert(key, id, slot);
            }
            IndexSlot::Long { hash } => {
                short_index.push_key(ShortIndex::EMPTY);
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
        assert_eq!(vocabulary.find("a token longer than sixteen bytes"), None);
    }

    #[test]
    fn keys_tell_apart_tokens_that_share_bytes() {
        let tokens = [
            "a",
            "a\0",
            "abcdefgh",
            "abcdefghi",
            "abcdefgh\x01",
            "abcdefg\x08",
            "abcdefghijklmnop",
            "abcdefghijklmno",
            "abcdefghijklmno\x07",
            "abcdefghijklmnopq",
        ];
        let mut vocabulary = Vocabulary::new();
        let ids: Vec<u32> = tokens.iter().map(|t| vocabulary.intern(t)).collect();
        assert_eq!(ids, (0..tokens.len() as u32).collect::<Vec<_>>());
        for (id, token) in tokens.iter().enumerate() {
            assert_eq!(vocabulary.find(token), Some(id as u32));
        }
    }

    #[test]
    fn padded_keys_equal_keys() {
        let text = b"abcdefghijklmnopqrstuvwxyz0123456789";
        for start in 0..8 {
            for len in 0..=SHORT_KEY_BYTES {
                let padded: &[u8; SHORT_KEY_BYTES] = text[start..start + SHORT_KEY_BYTES].try_into().unwrap();
                let token = &text[start..start + len];
                assert_eq!(ShortKey::of_padded(padded, len), ShortKey::of(token), "{start} {len}");
            }
        }
        // Halves that could pass for shorter ones are left to the string index.
        let mut padded = [b'a'; SHORT_KEY_BYTES];
        padded[7] = 7;
        assert_eq!(ShortKey::of_padded(&padded, 8), None);
        assert_eq!(ShortKey::of(&padded[..8]), None);
        padded[7] = b'a';
        padded[15] = 3;
        assert_eq!(ShortKey::of_padded(&padded, 16), None);
        assert_eq!(ShortKey::of(&padded), None);
        assert_eq!(ShortKey::of_padded(&padded, 17), None);
    }

    #[test]
    fn padded_and_plain_interning_agree() {
        let words: Vec<String> = (0..5_000u32)
            .map(|i| format!("w{}x{}", i % 1777, "y".repeat(i as usize % 20)))
            .collect();
        let mut plain = Vocabulary::new();
        let mut padded = Vocabulary::new();
        for word in &words {
            let mut buffer = [0u8; SHORT_KEY_BYTES];
            let len = word.len().min(SHORT_KEY_BYTES);
            buffer[..len].copy_from_slice(&word.as_bytes()[..len]);
            assert_eq!(padded.find_padded(word, &buffer), plain.find(word), "{word}");
            assert_eq!(padded.intern_padded(word, &buffer), plain.intern(word), "{word}");
        }
        assert_eq!(padded.len(), plain.len());
    }

    #[test]
    fn growth_keeps_every_token_findable() {
        // Pseudo-random words of 1 to 20 letters (short and long keys),
        // many sharing prefixes, through a dozen doublings of the table.
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut vocabulary = Vocabulary::new();
        let mut ids = std::collections::HashMap::new();
        for _ in 0..150_000 {
            let length = 1 + (next() % 20) as usize;
            let word: String = (0..length).map(|_| char::from(b'a' + (next() % 6) as u8)).collect();
            let expected = ids.len() as u32;
            let id = *ids.entry(word.clone()).or_insert(expected);
            assert_eq!(vocabulary.intern(&word), id, "{word}");
        }
        assert_eq!(vocabulary.len(), ids.len());
        for (word, &id) in &ids {
            assert_eq!(vocabulary.find(word), Some(id), "{word}");
            assert_eq!(vocabulary.get(id), word);
        }
        assert_eq!(vocabulary.find("g"), None);
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
