//! Term and document frequencies of a corpus, counted without keeping its
//! tokens.

use crate::parallel::join_all;
use crate::tokenize::{TokenSink, Tokenizer};
use crate::unicode::ascii::PADDED_TOKEN_BYTES;
use crate::vocabulary::Vocabulary;

/// How often each kept token occurs in a batch (term frequency) and in how
/// many of its documents (document frequency).
#[derive(Clone, Debug, Default)]
pub struct TokenCounts {
    /// Every token counted, numbered in order of first appearance.
    vocabulary: Vocabulary,
    /// By token id: one record per token, so that counting an occurrence
    /// touches one place in memory.
    frequencies: Vec<Frequencies>,
    documents: usize,
}

#[derive(Clone, Copy, Debug, Default)]
struct Frequencies {
    term: u64,
    document: u64,
    /// The last document the token was seen in, plus one (0: none yet), so
    /// that each document adds to the document frequency once.
    last_document: usize,
}

impl TokenCounts {
    /// The documents counted.
    pub fn documents(&self) -> usize {
        self.documents
    }

    /// The tokens counted (the sum of the term frequencies).
    pub fn tokens(&self) -> u64 {
        self.frequencies.iter().map(|frequencies| frequencies.term).sum()
    }

    /// The distinct tokens counted.
    pub fn len(&self) -> usize {
        self.vocabulary.len()
    }

    pub fn is_empty(&self) -> bool {
        self.vocabulary.is_empty()
    }

    /// Each distinct token with its term and document frequencies, in order
    /// of first appearance.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&str, u64, u64)> + '_ {
        self.vocabulary
            .iter()
            .zip(&self.frequencies)
            .map(|(token, frequencies)| (token, frequencies.term, frequencies.document))
    }

    /// Adds `term` occurrences of `token` in `document` documents (counts
    /// made elsewhere, added up).
    pub fn add(&mut self, token: &str, term: u64, document: u64) {
        let id = self.vocabulary.intern(token) as usize;
        self.grow_to(id);
        if let Some(frequencies) = self.frequencies.get_mut(id) {
            frequencies.term += term;
            frequencies.document += document;
        }
    }

    /// Sets the number of documents counted (for counts made with `add`).
    pub fn set_documents(&mut self, documents: usize) {
        self.documents = documents;
    }

    /// Empty counts with a little room in each buffer.
    pub fn with_room() -> Self {
        TokenCounts {
            vocabulary: Vocabulary::with_capacity(64),
            frequencies: Vec::with_capacity(64),
            documents: 0,
        }
    }

    /// The sum of counts made from different documents, merged in pairs on
    /// threads of their own.
    pub fn sum(parts: Vec<TokenCounts>) -> TokenCounts {
        merge_in_parallel(parts)
    }

    /// Adds the counts of `other`, made from other documents.
    pub fn merge(&mut self, other: TokenCounts) {
        for (token, term, document) in other.iter() {
            self.add(token, term, document);
        }
        self.documents += other.documents;
    }

    /// Adds the counts of `other`, made from another part of the one
    /// document these counts hold (a document streamed in pieces): term
    /// frequencies add up, and each token is in that one document.
    pub fn merge_part(&mut self, other: TokenCounts) {
        for (token, term, _) in other.iter() {
            let id = self.vocabulary.intern(token) as usize;
            self.grow_to(id);
            if let Some(frequencies) = self.frequencies.get_mut(id) {
                frequencies.term += term;
                frequencies.document = 1;
            }
        }
        self.documents = 1;
    }

    /// Makes room in the per-token vectors for token `id`.
    #[inline]
    fn grow_to(&mut self, id: usize) {
        if id == self.frequencies.len() {
            self.frequencies.push(Frequencies::default());
        }
    }

    /// Counts one occurrence of the token with id `id` in the current
    /// document.
    #[inline]
    fn count(&mut self, id: u32) {
        let id = id as usize;
        self.grow_to(id);
        // During a document, `documents` counts the ones before it.
        let document = self.documents + 1;
        // An id is at most the number of ids before it (`grow_to`).
        let Some(frequencies) = self.frequencies.get_mut(id) else {
            return;
        };
        frequencies.term += 1;
        frequencies.document += u64::from(frequencies.last_document != document);
        frequencies.last_document = document;
    }
}

/// The sink of a counting scan: the kept tokens only (the scan matches the
/// stopwords), interned and counted.
struct CountSink<'a>(&'a mut TokenCounts);

impl TokenSink for CountSink<'_> {
    #[inline]
    fn token(&mut self, token: &str) {
        let id = self.0.vocabulary.intern(token);
        self.0.count(id);
    }

    #[inline]
    fn padded_token(&mut self, token: &str, padded: &[u8; PADDED_TOKEN_BYTES]) {
        let id = self.0.vocabulary.intern_padded(token, padded);
        self.0.count(id);
    }
}

impl Tokenizer {
    /// Adds the kept tokens of `texts`, as documents, to `counts`.
    pub fn count_into<T: AsRef<str>>(&self, texts: &[T], counts: &mut TokenCounts) {
        for text in texts {
            self.scan_kept(text.as_ref(), CountSink(counts));
            counts.documents += 1;
        }
    }

    /// Adds the kept tokens of `parts` to `counts` as one document (a title
    /// and a body: no token runs from one part into the next).
    pub fn count_document_into(&self, parts: &[&str], counts: &mut TokenCounts) {
        for part in parts {
            self.scan_kept(part, CountSink(counts));
        }
        counts.documents += 1;
    }
}

/// The sum of `parts`, merged in pairs on threads of their own, round after
/// round: merging them one after another on one thread took longer than
/// counting on 16 threads.
fn merge_in_parallel(mut parts: Vec<TokenCounts>) -> TokenCounts {
    while parts.len() > 1 {
        let unpaired = (parts.len() % 2 == 1).then(|| parts.pop()).flatten();
        let mut pairs = Vec::with_capacity(parts.len() / 2);
        let mut drained = parts.drain(..);
        while let (Some(a), Some(b)) = (drained.next(), drained.next()) {
            pairs.push((a, b));
        }
        drop(drained);
        // Interning the smaller vocabulary into the larger is the lesser
        // work.
        let merges: Vec<_> = pairs
            .into_iter()
            .map(|(a, b)| {
                move || {
                    let (mut larger, smaller) = if a.len() >= b.len() { (a, b) } else { (b, a) };
                    larger.merge(smaller);
                    larger
                }
            })
            .collect();
        parts = join_all(merges);
        parts.extend(unpaired);
    }
    parts.pop().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;
    use std::num::NonZeroUsize;

    use super::*;
    use crate::options::TokenizerOptions;
    use crate::stopwords::bundled_list;

    fn naive_counts(tokenizer: &Tokenizer, texts: &[String]) -> HashMap<String, (u64, u64)> {
        let mut counts: HashMap<String, (u64, u64)> = HashMap::new();
        for text in texts {
            let tokens = tokenizer.tokenize(text);
            for token in &tokens {
                counts.entry(token.clone()).or_default().0 += 1;
            }
            let mut distinct = tokens.clone();
            distinct.sort();
            distinct.dedup();
            for token in distinct {
                counts.entry(token).or_default().1 += 1;
            }
        }
        counts
    }

    #[test]
    fn counts_equal_counting_the_token_lists() {
        let tokenizer = Tokenizer::new(TokenizerOptions::default(), Some(bundled_list("default").unwrap())).unwrap();
        let texts: Vec<String> = (0..3000)
            .map(|i| {
                format!(
                    "The market {} share of Caf\u{e9} {} {}",
                    i % 17,
                    "x".repeat(i % 23),
                    i % 5
                )
            })
            .chain([
                "".to_owned(),
                "the and of".to_owned(),
                "market MARKET market".to_owned(),
            ])
            .collect();
        let expected = naive_counts(&tokenizer, &texts);
        for threads in [1, 2, 7] {
            let counts = tokenizer.count_batch(&texts, NonZeroUsize::new(threads).unwrap());
            assert_eq!(counts.documents(), texts.len());
            let got: HashMap<String, (u64, u64)> = counts
                .iter()
                .map(|(token, term, document)| (token.to_owned(), (term, document)))
                .collect();
            assert_eq!(got.len(), counts.len(), "each token once");
            assert_eq!(got, expected, "threads={threads}");
            assert_eq!(counts.tokens(), expected.values().map(|&(term, _)| term).sum::<u64>());
        }
    }

    #[test]
    fn an_empty_batch_counts_nothing() {
        let tokenizer = Tokenizer::new(TokenizerOptions::default(), None::<Vec<&str>>).unwrap();
        let counts = tokenizer.count_batch(&[] as &[&str], NonZeroUsize::MIN);
        assert_eq!((counts.documents(), counts.tokens(), counts.len()), (0, 0, 0));
    }
}
