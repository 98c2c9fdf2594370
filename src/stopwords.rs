//! Stopword lists: the bundled ones and the set a tokeniser matches against.

use rustc_hash::FxHashSet;

use crate::case::lowercase;
use crate::error::Error;
use crate::normalize::{normalize, NormalizationForm};

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
}

impl StopwordSet {
    pub fn new<I, S>(words: I, normalization: Option<NormalizationForm>, case_sensitive: bool) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let words = words
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
        StopwordSet { words }
    }

    #[inline]
    pub fn contains(&self, word: &str) -> bool {
        self.words.contains(word)
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
}
