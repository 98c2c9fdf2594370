//! Snowball stemming of kept tokens (the `stem` option).

use std::borrow::Cow;

use rust_stemmers::{Algorithm, Stemmer};

/// The languages with a Snowball stemmer: name, ISO 639-1 code, algorithm.
const LANGUAGES: &[(&str, &str, Algorithm)] = &[
    ("arabic", "ar", Algorithm::Arabic),
    ("danish", "da", Algorithm::Danish),
    ("dutch", "nl", Algorithm::Dutch),
    ("english", "en", Algorithm::English),
    ("finnish", "fi", Algorithm::Finnish),
    ("french", "fr", Algorithm::French),
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
            stemmer: Stemmer::create(algorithm),
            russian: algorithm == Algorithm::Russian,
        }
    }
}

/// One language's stemmer.
pub(crate) struct WordStemmer {
    stemmer: Stemmer,
    russian: bool,
}

impl WordStemmer {
    /// The stem of `word`.
    pub(crate) fn stem<'a>(&self, word: &'a str) -> Cow<'a, str> {
        // Snowball 2.0's Russian stemmer reads ё as е; the crate's Russian
        // stemmer comes from before that rule.
        if self.russian && word.contains('\u{451}') {
            return Cow::Owned(self.stemmer.stem(&word.replace('\u{451}', "\u{435}")).into_owned());
        }
        self.stemmer.stem(word)
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
        assert_eq!(StemLanguage::names().count(), 18);
    }

    #[test]
    fn words_are_stemmed_as_snowball_does() {
        let english = StemLanguage::from_name("english").unwrap().stemmer();
        assert_eq!(english.stem("running"), "run");
        assert_eq!(english.stem("generals"), "general");
        let russian = StemLanguage::from_name("russian").unwrap().stemmer();
        // ё is read as е (Snowball 2.0).
        assert_eq!(russian.stem("своё"), russian.stem("свое"));
    }
}
