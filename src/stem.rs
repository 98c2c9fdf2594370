//! Snowball stemming of kept tokens (the `stem` option).

use std::borrow::Cow;
use std::cell::RefCell;

use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::FxHashMap;

thread_local! {
    static STEMS: RefCell<StemCache> = RefCell::new(StemCache::default());
}

/// The stems of tokens this thread met lately, for one language: word
/// frequencies are Zipfian, so most tokens were stemmed before, and a lookup
/// costs a fraction of running the stemmer (tokenize_arrow with
/// stem="english" on the corpus: 39 MB/s without the cache, 162 with it).
#[derive(Default)]
struct StemCache {
    language: Option<StemLanguage>,
    stems: FxHashMap<Box<str>, Box<str>>,
}

/// The most stems a thread keeps; a full cache starts again empty.
const CACHED_STEMS: usize = 1 << 15;

/// The languages with a Snowball stemmer: name, ISO 639-1 code, algorithm.
///
/// Those whose stemmer in the crate stems exactly as Snowball 2.0 does (the
/// reference's snowballstemmer 2.0.0), checked on the corpus, text in each
/// language and some 20,000 random words each. Not here: Danish, Dutch,
/// Finnish and French, whose stemmers in the crate predate Snowball 2.0 and
/// differ from it on some words (French "aïzi", Dutch "oñé", and letters from
/// outside the language in Danish and Finnish).
const LANGUAGES: &[(&str, &str, Algorithm)] = &[
    ("arabic", "ar", Algorithm::Arabic),
    ("english", "en", Algorithm::English),
    ("german", "de", Algorithm::German),
    ("greek", "el", Algorithm::Greek),
    ("hungarian", "hu", Algorithm::Hungarian),
    ("italian", "it", Algorithm::Italian),
    ("norwegian", "no", Algorithm::Norwegian),
    ("portuguese", "pt", Algorithm::Portuguese),
    ("romanian", "ro", Algorithm::Romanian),
    ("russian", "ru", Algorithm::Russian),
    ("spanish", "es", Algorithm::Spanish),
    ("swedish", "sv", Algorithm::Swedish),
    ("tamil", "ta", Algorithm::Tamil),
    ("turkish", "tr", Algorithm::Turkish),
];

/// The characters the crate's Arabic stemmer deletes (or maps) before
/// stemming and Snowball 2.0's keeps as they are: the crate's stemmer comes
/// from an older Snowball, whose normalisation listed them and 2.0's no
/// longer does. The default rule never puts them in a token, but
/// `Segmentation::Uax29` can ("1,5", "a.b").
const ARABIC_KEPT_PUNCTUATION: [char; 17] = [
    '!', '"', '%', '*', ',', '.', '/', ':', ';', '?', '\\', '\u{60C}', '\u{61B}', '\u{61F}', '\u{66A}', '\u{66B}',
    '\u{66C}',
];

/// Where the stand-ins for `ARABIC_KEPT_PUNCTUATION` start: Unicode tag
/// characters, format characters that every rule removes from tokens, so
/// that no word given to a stemmer holds one, and that no stemmer knows.
const ARABIC_STAND_IN_BASE: u32 = 0xE0021;

/// A language whose Snowball stemmer the `stem` option runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct StemLanguage(usize);

impl StemLanguage {
    /// The language of a name ("english") or ISO 639-1 code ("en").
    pub fn from_name(name: &str) -> Option<Self> {
        LANGUAGES
            .iter()
            .position(|&(language, code, _)| name == language || name == code)
            .map(StemLanguage)
    }

    /// The language's name.
    pub fn name(self) -> &'static str {
        LANGUAGES.get(self.0).map_or("", |&(name, _, _)| name)
    }

    /// Every language's name, in order.
    pub fn names() -> impl Iterator<Item = &'static str> {
        LANGUAGES.iter().map(|&(name, _, _)| name)
    }

    pub(crate) fn stemmer(self) -> WordStemmer {
        let algorithm = LANGUAGES
            .get(self.0)
            .map_or(Algorithm::English, |&(_, _, algorithm)| algorithm);
        WordStemmer {
            language: self,
            stemmer: Stemmer::create(algorithm),
            russian: algorithm == Algorithm::Russian,
            arabic: algorithm == Algorithm::Arabic,
        }
    }
}

/// One language's stemmer.
pub(crate) struct WordStemmer {
    language: StemLanguage,
    stemmer: Stemmer,
    russian: bool,
    arabic: bool,
}

impl WordStemmer {
    /// Calls `emit` with the stem of `word`, from this thread's cache when
    /// it has it.
    pub(crate) fn with_stem(&self, word: &str, emit: impl FnOnce(&str)) {
        STEMS.with(|cell| {
            // Taken already only if `emit` stems in turn: then no cache.
            let Ok(mut cache) = cell.try_borrow_mut() else {
                return emit(&self.stem(word));
            };
            if cache.language != Some(self.language) {
                cache.stems.clear();
                cache.language = Some(self.language);
            }
            if let Some(stem) = cache.stems.get(word) {
                return emit(stem);
            }
            if cache.stems.len() >= CACHED_STEMS {
                cache.stems.clear();
            }
            let stem: Box<str> = self.stem(word).into();
            emit(&stem);
            cache.stems.insert(word.into(), stem);
        });
    }

    /// The stem of `word`, or `word` itself where Snowball leaves nothing
    /// of it (the Greek stemmer does, of some short words such as αεί): a
    /// token is never empty.
    pub(crate) fn stem<'a>(&self, word: &'a str) -> Cow<'a, str> {
        let stem = self.snowball_stem(word);
        if stem.is_empty() {
            Cow::Borrowed(word)
        } else {
            stem
        }
    }

    /// What Snowball 2.0's stemmer makes of `word`.
    fn snowball_stem<'a>(&self, word: &'a str) -> Cow<'a, str> {
        // Snowball 2.0's Russian stemmer reads ё as е; the crate's Russian
        // stemmer comes from before that rule.
        if self.russian && word.contains('\u{451}') {
            return Cow::Owned(self.stemmer.stem(&word.replace('\u{451}', "\u{435}")).into_owned());
        }
        if self.arabic && word.contains(ARABIC_KEPT_PUNCTUATION) {
            return Cow::Owned(self.stem_arabic_keeping_punctuation(word));
        }
        self.stemmer.stem(word)
    }

    /// The Arabic stem of a word with punctuation in it, as Snowball 2.0
    /// makes it: each such character goes through the crate's stemmer as a
    /// stand-in it leaves alone, and comes back.
    fn stem_arabic_keeping_punctuation(&self, word: &str) -> String {
        let stand_in = |index: usize| char::from_u32(ARABIC_STAND_IN_BASE + index as u32).unwrap_or(char::MAX);
        let hidden: String = word
            .chars()
            .map(|ch| {
                ARABIC_KEPT_PUNCTUATION
                    .iter()
                    .position(|&kept| kept == ch)
                    .map_or(ch, stand_in)
            })
            .collect();
        self.stemmer
            .stem(&hidden)
            .chars()
            .map(|ch| {
                let index = (ch as u32).wrapping_sub(ARABIC_STAND_IN_BASE) as usize;
                ARABIC_KEPT_PUNCTUATION.get(index).copied().unwrap_or(ch)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_are_found_by_name_and_code() {
        assert_eq!(StemLanguage::from_name("en"), StemLanguage::from_name("english"));
        assert_eq!(StemLanguage::from_name("de").map(StemLanguage::name), Some("german"));
        assert_eq!(StemLanguage::from_name("klingon"), None);
        assert_eq!(StemLanguage::names().count(), 14);
        assert_eq!(StemLanguage::from_name("french"), None);
    }

    #[test]
    fn cached_stems_are_the_stems() {
        let english = StemLanguage::from_name("english").unwrap().stemmer();
        let german = StemLanguage::from_name("german").unwrap().stemmer();
        for _ in 0..2 {
            for (stemmer, word) in [(&english, "running"), (&german, "häuser"), (&english, "häuser")] {
                let mut cached = String::new();
                stemmer.with_stem(word, |stem| cached.push_str(stem));
                assert_eq!(cached, stemmer.stem(word), "{word}");
            }
        }
        // Stemming from within the emit closure finds the cache taken and
        // stems without it.
        let mut outer = String::new();
        english.with_stem("generals", |stem| {
            english.with_stem("markets", |inner| outer.push_str(inner));
            outer.push_str(stem);
        });
        assert_eq!(outer, "marketgeneral");
    }

    #[test]
    fn words_are_stemmed_as_snowball_does() {
        let english = StemLanguage::from_name("english").unwrap().stemmer();
        assert_eq!(english.stem("running"), "run");
        assert_eq!(english.stem("generals"), "general");
        let russian = StemLanguage::from_name("russian").unwrap().stemmer();
        // ё is read as е (Snowball 2.0).
        assert_eq!(russian.stem("своё"), russian.stem("свое"));
        // Snowball 2.0's Arabic stemmer keeps punctuation; the crate's deletes it.
        let arabic = StemLanguage::from_name("arabic").unwrap().stemmer();
        assert_eq!(arabic.stem(",about"), ",about");
        assert_eq!(arabic.stem("a.b"), "a.b");
        assert_eq!(arabic.stem("\u{661}\u{66C}\u{662}"), "1\u{66C}2");
        // Snowball's Greek stemmer leaves nothing of αεί: the word stays.
        let greek = StemLanguage::from_name("greek").unwrap().stemmer();
        assert_eq!(greek.snowball_stem("αεί"), "");
        assert_eq!(greek.stem("αεί"), "αεί");
    }
}
