//! The pinned Unicode tables.
//!
//! They are parsed once, on first use, from the same data file that the
//! pure-Python reference reads (`python/wordsift/data/unicode_tables.txt`,
//! written by `scripts/generate_unicode_tables.py`), so the two
//! implementations share one Unicode version whatever the toolchains ship.

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

const TABLES_TEXT: &str = include_str!("../../python/wordsift/data/unicode_tables.txt");

/// How the tokeniser treats a character.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum CharClass {
    /// Separates tokens and is dropped.
    #[default]
    Other,
    /// General category L*: starts or continues a word.
    Letter,
    /// A letter that is a Han ideograph or kana (Chinese and Japanese are
    /// written without spaces between words): a letter, or with the `cjk`
    /// option a token of its own.
    Ideograph,
    /// General category M*: continues a word, never starts one.
    Mark,
    /// General category Nd: a run of them is a number.
    Digit,
    /// ZWNJ and ZWJ: continue a word and stay in it.
    Joiner,
    /// Other format characters (Cf but ZWSP): continue a word, removed from it.
    Format,
}

/// The two properties CPython's final-sigma rule uses.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum Casing {
    #[default]
    Uncased,
    /// Cased and not case-ignorable.
    Cased,
    /// Case-ignorable (skipped when looking for a cased neighbour).
    Ignorable,
}

/// A normalisation quick-check value (UAX #15).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum QuickCheck {
    #[default]
    Yes,
    No,
    Maybe,
}

/// The Word_Break property value of a character (UAX #29, table 3).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum WordBreak {
    #[default]
    Other,
    CR,
    LF,
    Newline,
    Extend,
    Zwj,
    RegionalIndicator,
    Format,
    Katakana,
    HebrewLetter,
    ALetter,
    SingleQuote,
    DoubleQuote,
    MidNumLet,
    MidLetter,
    MidNum,
    Numeric,
    ExtendNumLet,
    WSegSpace,
}

impl WordBreak {
    /// The value of a property value name in the data file.
    pub(crate) fn from_name(name: &str) -> Option<Self> {
        use WordBreak::*;
        Some(match name {
            "CR" => CR,
            "LF" => LF,
            "Newline" => Newline,
            "Extend" => Extend,
            "ZWJ" => Zwj,
            "Regional_Indicator" => RegionalIndicator,
            "Format" => Format,
            "Katakana" => Katakana,
            "Hebrew_Letter" => HebrewLetter,
            "ALetter" => ALetter,
            "Single_Quote" => SingleQuote,
            "Double_Quote" => DoubleQuote,
            "MidNumLet" => MidNumLet,
            "MidLetter" => MidLetter,
            "MidNum" => MidNum,
            "Numeric" => Numeric,
            "ExtendNumLet" => ExtendNumLet,
            "WSegSpace" => WSegSpace,
            _ => return None,
        })
    }
}

/// The emoji properties of a character (UTS #51), the most it is: every
/// modifier and modifier base has the Emoji property too.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum EmojiProperty {
    #[default]
    No,
    /// Emoji, neither of the below.
    Plain,
    /// Emoji_Modifier: the skin tones.
    Modifier,
    /// Emoji_Modifier_Base: takes a skin tone.
    ModifierBase,
}

/// A per-code-point property: a direct table for the BMP (where nearly all
/// text lives) and sorted ranges, searched by bisection, above it.
struct CodePointMap<T> {
    bmp: Box<[T]>,
    supplementary: Vec<(u32, u32, T)>,
}

impl<T: Copy + Default> CodePointMap<T> {
    fn new() -> Self {
        CodePointMap {
            bmp: vec![T::default(); 0x1_0000].into_boxed_slice(),
            supplementary: Vec::new(),
        }
    }

    fn insert_range(&mut self, start: u32, end: u32, value: T) {
        for cp in start..=end.min(0xFFFF) {
            if let Some(slot) = self.bmp.get_mut(cp as usize) {
                *slot = value;
            }
        }
        if end > 0xFFFF {
            self.supplementary.push((start.max(0x1_0000), end, value));
        }
    }

    #[inline]
    fn get(&self, ch: char) -> T {
        let cp = ch as u32;
        if let Some(value) = self.bmp.get(cp as usize) {
            return *value;
        }
        // Ranges are inserted in ascending order by the data file.
        match self.supplementary.binary_search_by(|&(start, end, _)| {
            if end < cp {
                std::cmp::Ordering::Less
            } else if start > cp {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        }) {
            Ok(index) => self
                .supplementary
                .get(index)
                .map_or_else(T::default, |&(_, _, value)| value),
            Err(_) => T::default(),
        }
    }
}

pub(crate) struct UnicodeTables {
    classes: CodePointMap<CharClass>,
    casing: CodePointMap<Casing>,
    combining_class: CodePointMap<u8>,
    nfc_quick_check: CodePointMap<QuickCheck>,
    nfkc_quick_check: CodePointMap<QuickCheck>,
    lowercase: FxHashMap<char, Box<str>>,
    canonical_decomposition: FxHashMap<char, Box<[char]>>,
    /// Only where it differs from the canonical decomposition.
    compatibility_decomposition: FxHashMap<char, Box<[char]>>,
    composition: FxHashMap<(char, char), char>,
    word_break: CodePointMap<WordBreak>,
    pictographic: CodePointMap<bool>,
    emoji: CodePointMap<EmojiProperty>,
    /// Letters of the Latin, Greek and Cyrillic scripts.
    accented: CodePointMap<bool>,
    /// What the hot loops read of a BMP character, in one load; an array
    /// of the BMP's size, which a 16-bit index reads with no bounds check.
    bmp: Box<BmpChars>,
    /// `BmpChar::is_starter` as bits (8 KiB each, where the quick check of
    /// a whole text stays in the first-level cache), for NFC and NFKC.
    nfc_starters: BmpSet,
    nfkc_starters: BmpSet,
}

/// A set of BMP code points, one bit each.
pub(crate) struct BmpSet(Box<[u64]>);

impl BmpSet {
    fn of(test: impl Fn(u32) -> bool) -> Self {
        let mut words = vec![0_u64; 0x1_0000 / 64];
        for (index, word) in words.iter_mut().enumerate() {
            for bit in 0..64 {
                if test(index as u32 * 64 + bit) {
                    *word |= 1 << bit;
                }
            }
        }
        BmpSet(words.into_boxed_slice())
    }

    /// Whether the set holds `code_point` (never, above the BMP).
    #[inline(always)]
    pub(crate) fn contains(&self, code_point: u32) -> bool {
        self.0
            .get(code_point as usize / 64)
            .is_some_and(|word| word >> (code_point % 64) & 1 != 0)
    }
}

/// A `BmpChar` for every code point of the BMP.
pub(crate) type BmpChars = [BmpChar; 0x1_0000];

/// What the scan and the quick check need of a character of the BMP, packed
/// in one word and derived from the tables above: most text, in every
/// script, is lower-cased, classed and checked normal with a single load
/// rather than a hash lookup and several tables.
///
/// Bits 0-15: the lower case, when it is one BMP character and does not
/// depend on context (`LOWERS_SIMPLY`); 16-19: the class; 20-23: the class
/// of that lower case; then the flags.
#[derive(Clone, Copy, Default)]
pub(crate) struct BmpChar(u32);

impl BmpChar {
    const LOWERS_SIMPLY: u32 = 1 << 24;
    /// NFC quick check Yes and combining class 0: normal whatever is around it.
    const NFC_STARTER: u32 = 1 << 25;
    const NFKC_STARTER: u32 = 1 << 26;
    /// Continues a word (a letter, mark or joiner; `_CJK`: or an ideograph,
    /// when ideographs are letters), as it is (`KEPT_`) or lower-cased
    /// (`LOWERED_`, when it lowers simply): see `has` and `starts_word`.
    pub(crate) const KEPT_IN_WORD: u32 = 1 << 27;
    pub(crate) const KEPT_IN_WORD_CJK: u32 = 1 << 28;
    pub(crate) const LOWERED_IN_WORD: u32 = 1 << 29;
    pub(crate) const LOWERED_IN_WORD_CJK: u32 = 1 << 30;
    /// Lowers simply, to itself: lower case already, or without case.
    pub(crate) const OWN_LOWER: u32 = 1 << 31;

    /// Which of the `_IN_WORD` flags applies to a scan.
    #[inline]
    pub(crate) fn in_word_flag(lowercase: bool, ideographs_are_letters: bool) -> u32 {
        match (lowercase, ideographs_are_letters) {
            (false, false) => Self::KEPT_IN_WORD,
            (false, true) => Self::KEPT_IN_WORD_CJK,
            (true, false) => Self::LOWERED_IN_WORD,
            (true, true) => Self::LOWERED_IN_WORD_CJK,
        }
    }

    /// The flag of `is_starter`.
    #[inline]
    pub(crate) fn starter_flag(compatibility: bool) -> u32 {
        if compatibility {
            Self::NFKC_STARTER
        } else {
            Self::NFC_STARTER
        }
    }

    /// Whether the character has every flag of `flags`.
    #[inline(always)]
    pub(crate) fn has(self, flags: u32) -> bool {
        self.0 & flags == flags
    }

    /// Whether the character begins a word after no token: it has all
    /// `flags` (an `_IN_WORD` one, and perhaps a starter flag), and its
    /// class (of the lower case, for a `LOWERED_` flag) is a letter's, or
    /// an ideograph's where ideographs are letters (a `_CJK` flag).
    #[inline(always)]
    pub(crate) fn starts_word(self, flags: u32) -> bool {
        let lowered = flags & (Self::LOWERED_IN_WORD | Self::LOWERED_IN_WORD_CJK) != 0;
        let class = CharClass::from_bits(if lowered { self.0 >> 20 } else { self.0 >> 16 });
        let ideographs_are_letters = flags & (Self::KEPT_IN_WORD_CJK | Self::LOWERED_IN_WORD_CJK) != 0;
        self.has(flags)
            && match class {
                CharClass::Letter => true,
                CharClass::Ideograph => ideographs_are_letters,
                _ => false,
            }
    }

    /// Bits 0-15: the lower case (when `LOWERS_SIMPLY`).
    #[inline(always)]
    pub(crate) fn lower_bits(self) -> u32 {
        self.0 & 0xFFFF
    }

    /// The class.
    #[inline]
    pub(crate) fn class(self) -> CharClass {
        CharClass::from_bits(self.0 >> 16)
    }

    /// The lower case and its class, when it is one character that does not
    /// depend on context (the capital sigma's does).
    #[inline]
    pub(crate) fn lowered(self) -> Option<(char, CharClass)> {
        if self.0 & Self::LOWERS_SIMPLY == 0 {
            return None;
        }
        // SAFETY: `bmp_char` sets LOWERS_SIMPLY only together with a
        // `char` (the lower case) in bits 0-15, and nothing else makes a
        // BmpChar with that flag; so the bits are a scalar value.
        let lower = unsafe { char::from_u32_unchecked(self.0 & 0xFFFF) };
        Some((lower, CharClass::from_bits(self.0 >> 20)))
    }

    /// Whether the character is in the normal form whatever surrounds it:
    /// quick check Yes and combining class 0.
    #[inline]
    pub(crate) fn is_starter(self, compatibility: bool) -> bool {
        self.has(Self::starter_flag(compatibility))
    }
}

impl CharClass {
    #[inline]
    fn from_bits(bits: u32) -> CharClass {
        match bits & 0xF {
            1 => CharClass::Letter,
            2 => CharClass::Ideograph,
            3 => CharClass::Mark,
            4 => CharClass::Digit,
            5 => CharClass::Joiner,
            6 => CharClass::Format,
            _ => CharClass::Other,
        }
    }

    /// The inverse of `from_bits`.
    fn bits(self) -> u32 {
        match self {
            CharClass::Other => 0,
            CharClass::Letter => 1,
            CharClass::Ideograph => 2,
            CharClass::Mark => 3,
            CharClass::Digit => 4,
            CharClass::Joiner => 5,
            CharClass::Format => 6,
        }
    }
}

impl UnicodeTables {
    #[inline]
    pub(crate) fn class(&self, ch: char) -> CharClass {
        self.classes.get(ch)
    }

    #[inline]
    pub(crate) fn casing(&self, ch: char) -> Casing {
        self.casing.get(ch)
    }

    #[inline]
    pub(crate) fn combining_class(&self, ch: char) -> u8 {
        self.combining_class.get(ch)
    }

    #[inline]
    pub(crate) fn quick_check(&self, ch: char, compatibility: bool) -> QuickCheck {
        if compatibility {
            self.nfkc_quick_check.get(ch)
        } else {
            self.nfc_quick_check.get(ch)
        }
    }

    /// `BmpChar` of a code point of the BMP that is a character (not a
    /// surrogate: one read from a `str`); None above the BMP.
    #[inline]
    pub(crate) fn bmp_at(&self, code_point: u32) -> Option<BmpChar> {
        self.bmp.get(code_point as usize).copied()
    }

    /// `bmp_at` for a code point known to be in the BMP: a `u16` indexes
    /// the array with no bounds check (surrogates, which no `str` holds,
    /// have the default).
    #[inline(always)]
    pub(crate) fn bmp_char_at(&self, code_point: u16) -> BmpChar {
        self.bmp.get(usize::from(code_point)).copied().unwrap_or_default()
    }

    /// The `BmpChar` of every code point of the BMP, for loops that look
    /// up many.
    #[inline]
    pub(crate) fn bmp_chars(&self) -> &BmpChars {
        &self.bmp
    }

    /// The BMP characters that are normal in the form whatever surrounds
    /// them (`BmpChar::is_starter`).
    #[inline]
    pub(crate) fn bmp_starters(&self, compatibility: bool) -> &BmpSet {
        if compatibility {
            &self.nfkc_starters
        } else {
            &self.nfc_starters
        }
    }

    /// The full lower-case mapping, where it differs from `ch` itself.
    #[inline]
    pub(crate) fn lowercase(&self, ch: char) -> Option<&str> {
        self.lowercase.get(&ch).map(|mapped| &**mapped)
    }

    /// The full decomposition of a non-Hangul character, if it has one.
    pub(crate) fn decomposition(&self, ch: char, compatibility: bool) -> Option<&[char]> {
        if compatibility {
            if let Some(chars) = self.compatibility_decomposition.get(&ch) {
                return Some(chars);
            }
        }
        self.canonical_decomposition.get(&ch).map(|chars| &**chars)
    }

    /// The Word_Break property value (UAX #29).
    #[inline]
    pub(crate) fn word_break(&self, ch: char) -> WordBreak {
        self.word_break.get(ch)
    }

    /// Extended_Pictographic (UTS #51).
    #[inline]
    pub(crate) fn is_pictographic(&self, ch: char) -> bool {
        self.pictographic.get(ch)
    }

    /// The emoji properties (UTS #51) a character has.
    #[inline]
    pub(crate) fn emoji(&self, ch: char) -> EmojiProperty {
        self.emoji.get(ch)
    }

    /// Whether `ch` is a letter of the Latin, Greek or Cyrillic script, whose
    /// accents `strip_accents="unicode"` removes.
    #[inline]
    pub(crate) fn is_accented_script_letter(&self, ch: char) -> bool {
        self.accented.get(ch)
    }

    /// The primary composite of a non-Hangul pair, if there is one.
    pub(crate) fn composition(&self, first: char, second: char) -> Option<char> {
        self.composition.get(&(first, second)).copied()
    }
}

/// The Unicode version of the tables, from their `version` line alone:
/// asking for it (as importing the Python module does) need not parse them.
pub(crate) fn tables_version() -> &'static str {
    version_of(TABLES_TEXT)
}

#[allow(clippy::expect_used)] // see `code_point`
fn version_of(text: &str) -> &str {
    text.lines()
        .find_map(|line| line.strip_prefix("version "))
        .expect("a version line in unicode_tables.txt")
}

/// The tables, parsed on first use.
pub(crate) fn tables() -> &'static UnicodeTables {
    static TABLES: OnceLock<UnicodeTables> = OnceLock::new();
    TABLES.get_or_init(|| parse(TABLES_TEXT))
}

// The data file is part of the crate, generated and checked in CI, so a
// malformed line is a build defect, not bad input: the unit tests parse it,
// and so does every program's first tokenisation. That is why parsing it
// may index and expect where the rest of the core may not.
#[allow(clippy::expect_used)]
fn code_point(field: &str) -> u32 {
    u32::from_str_radix(field, 16).expect("hexadecimal code point in unicode_tables.txt")
}

#[allow(clippy::expect_used)]
fn character(field: &str) -> char {
    char::from_u32(code_point(field)).expect("scalar value in unicode_tables.txt")
}

#[allow(clippy::indexing_slicing, clippy::expect_used)]
fn parse(text: &'static str) -> UnicodeTables {
    let mut tables = UnicodeTables {
        classes: CodePointMap::new(),
        casing: CodePointMap::new(),
        combining_class: CodePointMap::new(),
        nfc_quick_check: CodePointMap::new(),
        nfkc_quick_check: CodePointMap::new(),
        lowercase: FxHashMap::default(),
        canonical_decomposition: FxHashMap::default(),
        compatibility_decomposition: FxHashMap::default(),
        composition: FxHashMap::default(),
        word_break: CodePointMap::new(),
        pictographic: CodePointMap::new(),
        emoji: CodePointMap::new(),
        accented: CodePointMap::new(),
        bmp: bmp_array(|_| BmpChar::default()),
        nfc_starters: BmpSet(Box::default()),
        nfkc_starters: BmpSet(Box::default()),
    };
    for line in text.lines() {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&'static str> = line.split(' ').collect();
        let quick_check = |field: &str| match field {
            "N" => QuickCheck::No,
            "M" => QuickCheck::Maybe,
            other => panic!("unknown quick-check value {other:?} in unicode_tables.txt"),
        };
        match fields[0] {
            // Read by `tables_version`.
            "version" => {}
            "class" => {
                let class = match fields[3] {
                    "L" => CharClass::Letter,
                    "I" => CharClass::Ideograph,
                    "M" => CharClass::Mark,
                    "N" => CharClass::Digit,
                    "J" => CharClass::Joiner,
                    "F" => CharClass::Format,
                    other => panic!("unknown class {other:?} in unicode_tables.txt"),
                };
                tables
                    .classes
                    .insert_range(code_point(fields[1]), code_point(fields[2]), class);
            }
            "casing" => {
                let casing = match fields[3] {
                    "C" => Casing::Cased,
                    "I" => Casing::Ignorable,
                    other => panic!("unknown casing {other:?} in unicode_tables.txt"),
                };
                tables
                    .casing
                    .insert_range(code_point(fields[1]), code_point(fields[2]), casing);
            }
            "ccc" => {
                let class: u8 = fields[3].parse().expect("combining class in unicode_tables.txt");
                tables
                    .combining_class
                    .insert_range(code_point(fields[1]), code_point(fields[2]), class);
            }
            "nfc_qc" => {
                let value = quick_check(fields[3]);
                tables
                    .nfc_quick_check
                    .insert_range(code_point(fields[1]), code_point(fields[2]), value);
            }
            "nfkc_qc" => {
                let value = quick_check(fields[3]);
                tables
                    .nfkc_quick_check
                    .insert_range(code_point(fields[1]), code_point(fields[2]), value);
            }
            "lower" => {
                let mapped: String = fields[2..].iter().map(|field| character(field)).collect();
                tables.lowercase.insert(character(fields[1]), mapped.into_boxed_str());
            }
            "nfd" | "nfkd" => {
                let chars: Box<[char]> = fields[2..].iter().map(|field| character(field)).collect();
                let map = if fields[0] == "nfd" {
                    &mut tables.canonical_decomposition
                } else {
                    &mut tables.compatibility_decomposition
                };
                map.insert(character(fields[1]), chars);
            }
            "compose" => {
                tables
                    .composition
                    .insert((character(fields[1]), character(fields[2])), character(fields[3]));
            }
            "wb" => {
                let value = WordBreak::from_name(fields[3]).expect("Word_Break value in unicode_tables.txt");
                tables
                    .word_break
                    .insert_range(code_point(fields[1]), code_point(fields[2]), value);
            }
            "extpict" => {
                tables
                    .pictographic
                    .insert_range(code_point(fields[1]), code_point(fields[2]), true);
            }
            "emoji" => {
                let value = match fields[3] {
                    "E" => EmojiProperty::Plain,
                    "M" => EmojiProperty::Modifier,
                    "B" => EmojiProperty::ModifierBase,
                    other => panic!("unknown emoji property {other:?} in unicode_tables.txt"),
                };
                tables
                    .emoji
                    .insert_range(code_point(fields[1]), code_point(fields[2]), value);
            }
            "accented" => {
                tables
                    .accented
                    .insert_range(code_point(fields[1]), code_point(fields[2]), true);
            }
            other => panic!("unknown line kind {other:?} in unicode_tables.txt"),
        }
    }
    tables.bmp = bmp_array(|cp| bmp_char(&tables, cp));
    let starter = |compatibility| {
        let bmp = &tables.bmp;
        BmpSet::of(|cp| bmp.get(cp as usize).is_some_and(|info| info.is_starter(compatibility)))
    };
    tables.nfc_starters = starter(false);
    tables.nfkc_starters = starter(true);
    tables
}

/// The `BmpChar` of each BMP code point, built on the heap (an array this
/// size made on the stack could overflow a thread's).
fn bmp_array(of: impl Fn(u32) -> BmpChar) -> Box<BmpChars> {
    let chars: Box<[BmpChar]> = (0..=0xFFFF_u32).map(of).collect();
    chars
        .try_into()
        .unwrap_or_else(|_| unreachable!("the BMP has 0x10000 code points"))
}

/// `BmpChar` of code point `cp` (a surrogate code point is no character:
/// it is never looked up, and gets the default).
fn bmp_char(tables: &UnicodeTables, cp: u32) -> BmpChar {
    let Some(ch) = char::from_u32(cp) else {
        return BmpChar::default();
    };
    let mut bits = tables.class(ch).bits() << 16;
    let lower = match tables.lowercase(ch) {
        None => Some(ch),
        Some(mapped) => {
            let mut chars = mapped.chars();
            match (chars.next(), chars.next()) {
                (Some(lower), None) if (lower as u32) <= 0xFFFF => Some(lower),
                _ => None,
            }
        }
    };
    let in_word = |class: CharClass, ideographs_are_letters: bool| match class {
        CharClass::Letter | CharClass::Mark | CharClass::Joiner => true,
        CharClass::Ideograph => ideographs_are_letters,
        _ => false,
    };
    let class = tables.class(ch);
    for (flag, cjk) in [(BmpChar::KEPT_IN_WORD, false), (BmpChar::KEPT_IN_WORD_CJK, true)] {
        if in_word(class, cjk) {
            bits |= flag;
        }
    }
    // The capital sigma's lower case depends on its neighbours.
    if let Some(lower) = lower.filter(|_| ch != '\u{3A3}') {
        let lower_class = tables.class(lower);
        bits |= BmpChar::LOWERS_SIMPLY | lower as u32 | lower_class.bits() << 20;
        if lower == ch {
            bits |= BmpChar::OWN_LOWER;
        }
        for (flag, cjk) in [(BmpChar::LOWERED_IN_WORD, false), (BmpChar::LOWERED_IN_WORD_CJK, true)] {
            if in_word(lower_class, cjk) {
                bits |= flag;
            }
        }
    }
    for (compatibility, flag) in [(false, BmpChar::NFC_STARTER), (true, BmpChar::NFKC_STARTER)] {
        if tables.combining_class(ch) == 0 && tables.quick_check(ch, compatibility) == QuickCheck::Yes {
            bits |= flag;
        }
    }
    BmpChar(bits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_file_parses_and_names_its_version() {
        let _ = tables();
        assert_eq!(tables_version(), "14.0.0");
    }

    #[test]
    fn classes_follow_general_categories() {
        let t = tables();
        assert_eq!(t.class('a'), CharClass::Letter);
        assert_eq!(t.class('\u{093E}'), CharClass::Mark); // Devanagari vowel sign AA
        assert_eq!(t.class('\u{0966}'), CharClass::Digit); // Devanagari digit zero
        assert_eq!(t.class('\u{200C}'), CharClass::Joiner);
        assert_eq!(t.class('\u{00AD}'), CharClass::Format);
        assert_eq!(t.class('\u{200B}'), CharClass::Other);
        assert_eq!(t.class('\''), CharClass::Other);
        assert_eq!(t.class('\u{20000}'), CharClass::Ideograph); // CJK extension B
        assert_eq!(t.class('\u{6771}'), CharClass::Ideograph); // 東
        assert_eq!(t.class('\u{3072}'), CharClass::Ideograph); // hiragana hi
        assert_eq!(t.class('\u{30FC}'), CharClass::Ideograph); // katakana-hiragana prolonged sound mark
        assert_eq!(t.class('\u{3099}'), CharClass::Mark); // combining voiced sound mark
        assert_eq!(t.class('\u{D55C}'), CharClass::Letter); // Hangul: Korean is spaced
        assert_eq!(t.class('\u{1F600}'), CharClass::Other); // emoji
        assert_eq!(t.class('\u{10FFFF}'), CharClass::Other);
    }

    #[test]
    fn lowercase_mappings_are_full() {
        let t = tables();
        assert_eq!(t.lowercase('\u{0130}'), Some("i\u{0307}"));
        assert_eq!(t.lowercase('A'), Some("a"));
        assert_eq!(t.lowercase('a'), None);
    }

    #[test]
    fn casing_properties_for_final_sigma() {
        let t = tables();
        assert_eq!(t.casing('A'), Casing::Cased);
        assert_eq!(t.casing('\''), Casing::Ignorable);
        assert_eq!(t.casing(' '), Casing::Uncased);
    }

    #[test]
    fn bmp_chars_agree_with_the_tables_they_come_from() {
        let t = tables();
        for ch in (0..=0xFFFF_u32).filter_map(char::from_u32) {
            let info = t.bmp_at(ch as u32).expect("a BMP character");
            assert_eq!(info.class(), t.class(ch), "{ch:?}");
            let continues = |class: CharClass, cjk: bool| {
                matches!(class, CharClass::Letter | CharClass::Mark | CharClass::Joiner)
                    || (cjk && class == CharClass::Ideograph)
            };
            let starts =
                |class: CharClass, cjk: bool| class == CharClass::Letter || (cjk && class == CharClass::Ideograph);
            for cjk in [false, true] {
                let kept = BmpChar::in_word_flag(false, cjk);
                assert_eq!(info.has(kept), continues(t.class(ch), cjk), "{ch:?}");
                assert_eq!(info.starts_word(kept), starts(t.class(ch), cjk), "{ch:?}");
                let lowered = BmpChar::in_word_flag(true, cjk);
                let expected = info.lowered().filter(|&(_, class)| continues(class, cjk));
                assert_eq!(info.has(lowered), expected.is_some(), "{ch:?}");
                let starts_lowered = expected.is_some_and(|(_, class)| starts(class, cjk));
                assert_eq!(info.starts_word(lowered), starts_lowered, "{ch:?}");
                if let Some((lower, _)) = expected {
                    assert_eq!(info.lower_bits(), lower as u32, "{ch:?}");
                }
            }
            let lower = t.lowercase(ch).map_or_else(|| ch.to_string(), str::to_owned);
            assert_eq!(
                info.has(BmpChar::OWN_LOWER),
                ch != '\u{3A3}' && lower == ch.to_string(),
                "{ch:?}"
            );
            match info.lowered() {
                Some((lowered, class)) => {
                    assert_eq!(lowered.to_string(), lower, "{ch:?}");
                    assert_eq!(class, t.class(lowered), "{ch:?}");
                }
                None => assert!(
                    ch == '\u{3A3}' || lower.chars().count() > 1 || lower.chars().any(|c| c > '\u{FFFF}'),
                    "{ch:?}"
                ),
            }
            for compatibility in [false, true] {
                let starter = t.combining_class(ch) == 0 && t.quick_check(ch, compatibility) == QuickCheck::Yes;
                assert_eq!(info.is_starter(compatibility), starter, "{ch:?}");
                assert_eq!(t.bmp_starters(compatibility).contains(ch as u32), starter, "{ch:?}");
            }
        }
        assert!(t.bmp_at(0x1_0000).is_none());
        assert!(!t.bmp_starters(false).contains(0x1_0000));
    }
}
