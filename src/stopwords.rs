//! Stopword lists: the bundled ones and the set a tokeniser matches against.

use rustc_hash::FxHashSet;

use crate::case::lowercase;
use crate::error::Error;
use crate::normalize::{normalize, NormalizationForm};
use crate::packed;

/// The name that selects the project's default list.
pub const DEFAULT_LIST_NAME: &str = "default";
const DEFAULT_LIST: &str = "english";

/// The bundled lists: the same data files the Python reference reads.
const BUNDLED_LISTS: &[(&str, &str)] = &[("english", include_str!("../python/wordsift/data/stopwords/english.txt"))];

/// The names `bundled_list` accepts, sorted, "default" included.
pub fn bundled_list_names() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = BUNDLED_LISTS.iter().map(|&(name, _)| name).collect();
    names.push(DEFAULT_LIST_NAME);
    names.sort_unstable();
    names
}

/// The words of a bundled list, in file order.
pub fn bundled_list(name: &str) -> Result<Vec<&'static str>, Error> {
    let wanted = if name == DEFAULT_LIST_NAME { DEFAULT_LIST } else { name };
    let (_, text) = BUNDLED_LISTS
        .iter()
        .find(|&&(list_name, _)| list_name == wanted)
        .ok_or_else(|| Error::UnknownStopwordList {
            name: name.to_owned(),
            valid: bundled_list_names().join(", "),
        })?;
    Ok(text
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .collect())
}

/// The stopwords one tokeniser matches, prepared as its tokens will be:
/// normalised with its form and lower-cased unless matching is case-sensitive.
#[derive(Clone, Debug, Default)]
pub struct StopwordSet {
    words: FxHashSet<Box<str>>,
    /// Every word of at most 8 bytes, again, for the lookup on the hot path.
    short_words: ShortWordTable,
    /// The longest word's length in bytes: longer tokens need no lookup.
    longest: usize,
}

impl StopwordSet {
    pub fn new<I, S>(words: I, normalization: Option<NormalizationForm>, case_sensitive: bool) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let words: FxHashSet<Box<str>> = words
            .into_iter()
            .map(|word| {
                let word = word.as_ref();
                let normalized = match normalization {
                    Some(form) => normalize(word, form),
                    None => word.into(),
                };
                if case_sensitive {
                    normalized.into_owned().into_boxed_str()
                } else {
                    lowercase(&normalized).into_boxed_str()
                }
            })
            .collect();
        let short_words = ShortWordTable::new(words.iter().map(|word| word.as_bytes()));
        let longest = words.iter().map(|word| word.len()).max().unwrap_or(0);
        StopwordSet {
            words,
            short_words,
            longest,
        }
    }

    #[inline]
    pub fn contains(&self, word: &str) -> bool {
        if word.len() > self.longest {
            return false;
        }
        match packed::pack(word.as_bytes()) {
            Some(key) if packed::is_unambiguous(word.as_bytes()) => self.short_words.contains(key),
            _ => self.words.contains(word),
        }
    }

    /// Whether the word with packed key `key` (from `packed::pack`, of a
    /// word no longer than 8 bytes that `packed::is_unambiguous` accepts) is
    /// in the set.
    #[inline]
    pub(crate) fn contains_packed(&self, key: u64) -> bool {
        self.short_words.contains(key)
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.words.iter().map(|word| &**word)
    }
}

/// An open-addressing set of words of 1 to 8 bytes, packed into u64 keys.
///
/// Nearly every stopword is this short, and so are most tokens, so the
/// common lookup is a few loads, a multiply and one or two compares instead
/// of hashing a string.
#[derive(Clone, Debug)]
struct ShortWordTable {
    slots: Box<[u64]>,
    shift: u32,
}

impl Default for ShortWordTable {
    fn default() -> Self {
        ShortWordTable::new(std::iter::empty())
    }
}

impl ShortWordTable {
    const EMPTY: u64 = packed::EMPTY;

    /// Words that are not 1 to 8 bytes, or that no token can be, are left
    /// out: the caller looks longer words up elsewhere.
    fn new<'a>(words: impl Iterator<Item = &'a [u8]>) -> Self {
        let keys: Vec<u64> = words
            .filter(|word| packed::is_unambiguous(word))
            .filter_map(packed::pack)
            .collect();
        // At most an eighth full: nearly every lookup ends at its first slot.
        let bits = (keys.len() * 8).next_power_of_two().max(64).trailing_zeros();
        let mut table = ShortWordTable {
            slots: vec![Self::EMPTY; 1 << bits].into_boxed_slice(),
            shift: 64 - bits,
        };
        for key in keys {
            let mut slot = table.home(key);
            while table.slots[slot] != Self::EMPTY && table.slots[slot] != key {
                slot = (slot + 1) & (table.slots.len() - 1);
            }
            table.slots[slot] = key;
        }
        table
    }

    #[inline]
    fn home(&self, key: u64) -> usize {
        (packed::hash(key) >> self.shift) as usize
    }

    #[inline]
    fn contains(&self, key: u64) -> bool {
        // At an eighth full, a key is nearly always in its home slot or the
        // next one, and a missing key meets an empty slot there: look at
        // both without branching on the first, and loop only in the rare
        // case that neither decides.
        let mask = self.slots.len() - 1;
        let home = self.home(key);
        let (first, second) = (self.slots[home], self.slots[(home + 1) & mask]);
        let found = (first == key) | (second == key);
        if found | (first == Self::EMPTY) | (second == Self::EMPTY) {
            return found;
        }
        let mut slot = (home + 2) & mask;
        loop {
            let entry = self.slots[slot];
            if entry == key {
                return true;
            }
            if entry == Self::EMPTY {
                return false;
            }
            slot = (slot + 1) & mask;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_list_is_english() {
        assert_eq!(bundled_list("default").unwrap(), bundled_list("english").unwrap());
        assert!(bundled_list("default").unwrap().contains(&"the"));
    }

    #[test]
    fn unknown_list_names_the_valid_ones() {
        let message = bundled_list("klingon").unwrap_err().to_string();
        assert!(
            message.contains("'klingon'") && message.contains("default, english"),
            "{message}"
        );
    }

    #[test]
    fn entries_are_prepared_like_tokens() {
        let set = StopwordSet::new(["The", "cafe\u{301}"], Some(NormalizationForm::Nfc), false);
        assert!(set.contains("the") && set.contains("caf\u{e9}"));
        let exact = StopwordSet::new(["The"], None, true);
        assert!(exact.contains("The") && !exact.contains("the"));
    }

    #[test]
    fn short_and_long_words_are_found_and_only_they() {
        let words = [
            "a",
            "a\0",
            "seven77",
            "eightchr",
            "ninechars",
            "throughout",
            "\u{e9}t\u{e9}",
            "abcdefg\x07",
        ];
        let set = StopwordSet::new(words, None, true);
        for word in words {
            assert!(set.contains(word), "{word:?}");
        }
        for word in [
            "",
            "b",
            "a\0\0",
            "seven7",
            "eightchx",
            "ninechar",
            "\u{e9}t\u{e8}",
            "throughou",
            "throughout!",
            "abcdefg",
        ] {
            assert!(!set.contains(word), "{word:?}");
        }
    }
}
