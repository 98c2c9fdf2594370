//! Stopword lists: the bundled ones and the set a tokeniser matches against.

use std::borrow::Cow;

use rustc_hash::FxHashSet;

use crate::error::Error;
use crate::options::TokenizerOptions;
use crate::unicode::accents::strip_accents;
use crate::unicode::case::lowercase;
use crate::unicode::normalize::normalize;
use crate::unicode::packed;

/// The name that selects the project's default list.
pub const DEFAULT_LIST_NAME: &str = "default";
const DEFAULT_LIST: &str = "english";

/// `(name, contents)` of each named file in python/wordsift/data/stopwords,
/// embedded; the path is made from the name, so the two cannot disagree.
macro_rules! bundled_lists {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../python/wordsift/data/stopwords/", $name, ".txt")))),*]
    };
}

/// The bundled lists, by language name: the same data files the Python
/// reference reads (python/wordsift/data/stopwords; a test checks that this
/// table names every one).
const BUNDLED_LISTS: &[(&str, &str)] = bundled_lists![
    "arabic",
    "bulgarian",
    "catalan",
    "croatian",
    "czech",
    "danish",
    "dutch",
    "english",
    "finnish",
    "french",
    "german",
    "greek",
    "hindi",
    "hungarian",
    "indonesian",
    "italian",
    "norwegian",
    "polish",
    "portuguese",
    "romanian",
    "russian",
    "slovak",
    "spanish",
    "swedish",
    "turkish",
    "ukrainian",
];

/// The header line of a list file that gives the ISO 639-1 codes that also
/// select it.
const CODES_FIELD: &str = "#@ codes:";

/// The names `bundled_list` accepts, sorted, "default" included (each list
/// is also selected by its ISO 639-1 codes, see `bundled_list_codes`).
pub fn bundled_list_names() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = BUNDLED_LISTS.iter().map(|&(name, _)| name).collect();
    names.push(DEFAULT_LIST_NAME);
    names.sort_unstable();
    names
}

/// The ISO 639-1 codes of a bundled list's language, from its file's header.
fn bundled_list_codes(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .take_while(|line| line.starts_with('#'))
        .filter_map(|line| line.strip_prefix(CODES_FIELD))
        .flat_map(str::split_whitespace)
}

/// What `bundled_list` accepts, for an error message.
fn valid_list_names() -> String {
    let mut codes: Vec<&str> = BUNDLED_LISTS
        .iter()
        .flat_map(|&(_, text)| bundled_list_codes(text))
        .collect();
    codes.sort_unstable();
    format!(
        "{}, or a language's ISO 639-1 code ({})",
        bundled_list_names().join(", "),
        codes.join(", ")
    )
}

/// A stopword entry as it is matched: normalised, its accents stripped as
/// the options strip them, and lower-cased unless matching is
/// case-sensitive.
pub(crate) fn prepare_entry(word: &str, options: &TokenizerOptions) -> Box<str> {
    let normalized = match options.normalize {
        Some(form) => normalize(word, form),
        None => word.into(),
    };
    let normalized = match options.strip_accents {
        Some(strip) => Cow::Owned(strip_accents(&normalized, strip, options.normalize).into_owned()),
        None => normalized,
    };
    if options.case_sensitive {
        normalized.into_owned().into_boxed_str()
    } else {
        lowercase(&normalized).into_boxed_str()
    }
}

/// The bundled list that `name` selects (a list's name, one of its
/// language's ISO 639-1 codes, or "default"): its name and its file.
fn find_bundled_list(name: &str) -> Result<(&'static str, &'static str), Error> {
    let wanted = if name == DEFAULT_LIST_NAME { DEFAULT_LIST } else { name };
    BUNDLED_LISTS
        .iter()
        .find(|&&(list_name, text)| list_name == wanted || bundled_list_codes(text).any(|code| code == wanted))
        .copied()
        .ok_or_else(|| Error::UnknownStopwordList {
            name: name.to_owned(),
            valid: valid_list_names(),
        })
}

/// The name of the bundled list that `name` selects ("default" and "en"
/// give "english").
pub fn bundled_list_name(name: &str) -> Result<&'static str, Error> {
    find_bundled_list(name).map(|(list_name, _)| list_name)
}

/// The words of a bundled list, in file order; `name` is a list's name,
/// one of its language's ISO 639-1 codes, or "default".
pub fn bundled_list(name: &str) -> Result<Vec<&'static str>, Error> {
    let (_, text) = find_bundled_list(name)?;
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
    /// The search key (`packed::search_key`) of every word, again, for the
    /// lookup on the hot path: words of up to 8 bytes are found there, and
    /// longer ones are found there by their first seven bytes before the
    /// lookup of the whole word.
    short_words: ShortWordTable,
    /// The same keys in a table of fixed size, if they fit it with every
    /// key in its home slot or the next: the scanner's lookup.
    near: Option<NearTable>,
    /// The longest word's length in bytes: longer tokens need no lookup.
    longest: usize,
}

impl StopwordSet {
    pub fn new<I, S>(words: I, options: &TokenizerOptions) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let words: FxHashSet<Box<str>> = words
            .into_iter()
            .map(|word| prepare_entry(word.as_ref(), options))
            .collect();
        let keys: Vec<u64> = words
            .iter()
            .filter_map(|word| {
                let word = word.as_bytes();
                match word.len() {
                    0..=8 => packed::pack(word).filter(|_| packed::is_unambiguous(word)),
                    _ => Some(packed::prefix_key(word)),
                }
            })
            .collect();
        let short_words = ShortWordTable::new(keys.iter().copied());
        let near = NearTable::new(&keys);
        let longest = words.iter().map(|word| word.len()).max().unwrap_or(0);
        StopwordSet {
            words,
            short_words,
            near,
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

    /// Whether the word whose search key (`packed::search_key`) is `key` is
    /// in the set; `word` makes the word itself, needed only when a word
    /// longer than 8 bytes has the same first seven bytes as a stopword.
    #[inline(always)]
    pub(crate) fn contains_search_key<'w>(&self, key: u64, word: impl FnOnce() -> &'w str) -> bool {
        let found = self.short_words.contains(key);
        if found && packed::is_prefix_key(key) {
            return self.words.contains(word());
        }
        found
    }

    /// The set as `NearKeys`, if its keys fit a `NearTable`.
    #[inline]
    pub(crate) fn near_keys(&self) -> Option<NearKeys<'_>> {
        Some(NearKeys {
            slots: &self.near.as_ref()?.0,
            words: &self.words,
        })
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

/// A stopword set whose keys fit a `NearTable`: the lookup of the scanner's
/// hot loop, in two loads and two compares.
#[derive(Clone, Copy)]
pub(crate) struct NearKeys<'a> {
    slots: &'a [u64; NEAR_SLOTS + 1],
    words: &'a FxHashSet<Box<str>>,
}

impl NearKeys<'_> {
    /// Looks up the word whose search key (`packed::search_key`) is `key`,
    /// and tells whether it is a stopword, with no branch: `maybe` for a
    /// word longer than 8 bytes whose first seven bytes a stopword shares,
    /// which only `contains_long` can settle. (A branch on that, rare as it is, would
    /// be a branch on the key's length too, which goes either way.)
    #[inline(always)]
    pub(crate) fn lookup(self, key: u64) -> Lookup {
        let found = NearTable::contains_in(self.slots, key);
        let long = packed::is_prefix_key(key);
        Lookup {
            stopword: found & !long,
            maybe: found & long,
        }
    }

    /// Whether `word`, a `Lookup::maybe`, is a stopword.
    #[cold]
    #[inline(never)]
    pub(crate) fn contains_long(self, word: &str) -> bool {
        self.words.contains(word)
    }
}

/// The answer of `NearKeys::lookup`: a stopword, not one, or maybe (then
/// `NearKeys::contains_long` decides).
#[derive(Clone, Copy)]
pub(crate) struct Lookup {
    pub(crate) stopword: bool,
    pub(crate) maybe: bool,
}

/// Bits of a `NearTable`'s slot index.
const NEAR_BITS: u32 = 11;
const NEAR_SLOTS: usize = 1 << NEAR_BITS;

/// Search keys in a table of fixed size (16 KiB), each in its home slot or
/// the next one. The size is known when compiling, so a lookup has no
/// bounds check and no shift to load: two loads and two compares, with no
/// branch. Lists of up to 256 short words nearly always fit; the others
/// have only the `ShortWordTable`.
#[derive(Clone, Debug)]
struct NearTable(Box<[u64; NEAR_SLOTS + 1]>);

impl NearTable {
    /// The table, if the keys (at most an eighth of the slots) all land in
    /// their home slot or the next one.
    fn new(keys: &[u64]) -> Option<Self> {
        if keys.len() > NEAR_SLOTS / 8 {
            return None;
        }
        let mut slots = Box::new([packed::EMPTY; NEAR_SLOTS + 1]);
        for &key in keys {
            let home = Self::home(key);
            let free = (home..home + 2).find(|&slot| {
                slots
                    .get(slot)
                    .is_some_and(|&entry| entry == packed::EMPTY || entry == key)
            })?;
            *slots.get_mut(free)? = key;
        }
        Some(NearTable(slots))
    }

    /// The top bits of a multiply (Fibonacci hashing): they depend on every
    /// bit of the key. No wrap at the end: the table has a slot after the
    /// last home slot.
    #[inline(always)]
    fn home(key: u64) -> usize {
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - NEAR_BITS)) as usize
    }

    #[cfg(test)]
    fn contains(&self, key: u64) -> bool {
        Self::contains_in(&self.0, key)
    }

    #[inline(always)]
    fn contains_in(slots: &[u64; NEAR_SLOTS + 1], key: u64) -> bool {
        let home = Self::home(key);
        // Both slots read and compared with no branch (see
        // `ShortWordTable::contains`).
        match slots.get(home..home + 2) {
            Some(&[first, second]) => (first == key) | (second == key),
            _ => false,
        }
    }
}

/// An open-addressing set of words of 1 to 8 bytes, packed into u64 keys
/// (and of the prefix keys of longer words).
///
/// Nearly every stopword is this short, and so are most tokens, so the
/// common lookup is a few loads, a multiply and two compares instead of
/// hashing a string.
#[derive(Clone, Debug)]
struct ShortWordTable {
    slots: Box<[u64]>,
    shift: u32,
    /// Whether some key lies beyond the slot after its home slot. Nearly
    /// never, at an eighth full; when not, a lookup is decided by two slots.
    has_far_keys: bool,
}

impl Default for ShortWordTable {
    fn default() -> Self {
        ShortWordTable::new(std::iter::empty())
    }
}

impl ShortWordTable {
    const EMPTY: u64 = packed::EMPTY;

    fn new(keys: impl Iterator<Item = u64>) -> Self {
        let keys: Vec<u64> = keys.collect();
        // At most an eighth full: nearly every key lands in its home slot or
        // the next one. When one does not, a table twice the size (a few
        // times at most) nearly always mends that.
        let fewest_bits = (keys.len() * 8).next_power_of_two().max(64).trailing_zeros();
        let mut table = Self::with_bits(&keys, fewest_bits);
        for bits in fewest_bits + 1..=fewest_bits + 4 {
            if !table.has_far_keys {
                break;
            }
            table = Self::with_bits(&keys, bits);
        }
        table
    }

    /// A table of `1 << bits` slots, and one more after them that repeats
    /// the first, so that the slot after the last home slot needs no wrap.
    fn with_bits(keys: &[u64], bits: u32) -> Self {
        let size = 1usize << bits;
        let mut table = ShortWordTable {
            slots: vec![Self::EMPTY; size + 1].into_boxed_slice(),
            shift: 64 - bits,
            has_far_keys: false,
        };
        let mask = size - 1;
        for &key in keys {
            let home = table.home(key);
            let mut slot = home;
            while table
                .slots
                .get(slot)
                .is_some_and(|&entry| entry != Self::EMPTY && entry != key)
            {
                slot = (slot + 1) & mask;
            }
            if let Some(entry) = table.slots.get_mut(slot) {
                *entry = key;
            }
            table.has_far_keys |= slot != home && slot != (home + 1) & mask;
        }
        let first = table.slots.first().copied().unwrap_or(Self::EMPTY);
        if let Some(last) = table.slots.get_mut(size) {
            *last = first;
        }
        table
    }

    #[inline]
    fn home(&self, key: u64) -> usize {
        (packed::hash(key) >> self.shift) as usize
    }

    #[inline]
    fn contains(&self, key: u64) -> bool {
        if self.has_far_keys {
            return self.contains_probing(key);
        }
        // Both slots are read and compared with no branch: whether a token
        // is a stopword is as good as random, and a branch on it would be
        // mispredicted a third of the time.
        match self.slots.get(self.home(key)..self.home(key) + 2) {
            Some(&[first, second]) => (first == key) | (second == key),
            _ => false,
        }
    }

    /// `contains` for a table where some key is further from home.
    #[cold]
    fn contains_probing(&self, key: u64) -> bool {
        let home = self.home(key);
        let size = self.slots.len() - 1;
        (0..size)
            .map_while(|step| self.slots.get((home + step) & (size - 1)).copied())
            .take_while(|&entry| entry != Self::EMPTY)
            .any(|entry| entry == key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::unicode::normalize::NormalizationForm;

    fn options(normalize: Option<NormalizationForm>, case_sensitive: bool) -> TokenizerOptions {
        TokenizerOptions {
            normalize,
            case_sensitive,
            ..TokenizerOptions::default()
        }
    }

    #[test]
    fn default_list_is_english() {
        assert_eq!(bundled_list("default").unwrap(), bundled_list("english").unwrap());
        assert!(bundled_list("default").unwrap().contains(&"the"));
    }

    #[test]
    fn unknown_list_names_the_valid_ones() {
        let message = bundled_list("klingon").unwrap_err().to_string();
        assert!(
            message.contains("'klingon'") && message.contains("default, dutch, english"),
            "{message}"
        );
        assert!(message.contains("ISO 639-1 code (ar, bg, "), "{message}");
    }

    #[test]
    fn lists_are_found_by_name_and_by_code() {
        assert_eq!(bundled_list("de").unwrap(), bundled_list("german").unwrap());
        assert_eq!(bundled_list("nb").unwrap(), bundled_list("no").unwrap());
        assert_eq!(bundled_list("en").unwrap(), bundled_list("english").unwrap());
        assert!(bundled_list("german").unwrap().contains(&"und"));
        assert!(bundled_list("uk").unwrap().contains(&"але"));
        // A code is matched whole, and only from the header.
        assert!(bundled_list("d").is_err());
        assert!(bundled_list("codes").is_err());
        assert!(bundled_list("German").is_err());
    }

    #[test]
    fn entries_are_prepared_like_tokens() {
        let set = StopwordSet::new(["The", "cafe\u{301}"], &TokenizerOptions::default());
        assert!(set.contains("the") && set.contains("caf\u{e9}"));
        let exact = StopwordSet::new(["The"], &options(None, true));
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
        let set = StopwordSet::new(words, &options(None, true));
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

    #[test]
    fn search_keys_find_short_words_and_long_ones_by_prefix() {
        let set = StopwordSet::new(["the", "eightchr", "throughout"], &options(None, false));
        let key = |word: &str| {
            let mut first_eight = [0u8; 8];
            let len = word.len().min(8);
            first_eight[..len].copy_from_slice(&word.as_bytes()[..len]);
            packed::search_key(u64::from_le_bytes(first_eight), word.len())
        };
        for (word, expected) in [
            ("the", true),
            ("then", false),
            ("eightchr", true),
            ("throughout", true),
            ("throughput", false),
            ("throughouts", false),
            ("through", false),
        ] {
            assert_eq!(set.contains_search_key(key(word), || word), expected, "{word}");
        }
    }

    #[test]
    fn near_tables_hold_short_lists_and_refuse_long_ones() {
        let keys: Vec<u64> = (1..=256u64)
            .map(|i| packed::pack(format!("w{i}").as_bytes()).unwrap())
            .collect();
        let table = NearTable::new(&keys).expect("256 keys fit");
        assert!(keys.iter().all(|&key| table.contains(key)));
        for i in 257..=2000u64 {
            assert!(!table.contains(packed::pack(format!("w{i}").as_bytes()).unwrap()));
        }
        let more: Vec<u64> = (1..=257u64)
            .map(|i| packed::pack(format!("w{i}").as_bytes()).unwrap())
            .collect();
        assert!(NearTable::new(&more).is_none());
        // Three keys with the same home slot: the third has no room.
        let first = packed::pack(b"w1").unwrap();
        let same_home: Vec<u64> = (2..)
            .map(|i| packed::pack(format!("w{i}").as_bytes()).unwrap())
            .filter(|&key| NearTable::home(key) == NearTable::home(first))
            .take(2)
            .chain([first])
            .collect();
        assert!(NearTable::new(&same_home[..2]).is_some());
        assert!(NearTable::new(&same_home).is_none());
    }

    #[test]
    fn crowded_tables_probe_past_the_second_slot() {
        let keys: Vec<u64> = (1..=60u64)
            .map(|i| packed::pack(format!("w{i}").as_bytes()).unwrap())
            .collect();
        // 60 keys in 64 slots: some must lie beyond the slot after home.
        let table = ShortWordTable::with_bits(&keys, 6);
        assert!(table.has_far_keys);
        for &key in &keys {
            assert!(table.contains(key));
        }
        for i in 61..=200u64 {
            assert!(!table.contains(packed::pack(format!("w{i}").as_bytes()).unwrap()));
        }
        let roomy = ShortWordTable::new(keys.iter().copied());
        assert!(!roomy.has_far_keys);
        assert!(keys.iter().all(|&key| roomy.contains(key)));
    }
}
