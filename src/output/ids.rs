//! Texts as token ids: each kept token interned in a vocabulary and
//! recorded by its number, so that a consumer makes one string per distinct
//! token rather than one per occurrence.

use crate::tokenize::{spans, TokenSink, Tokenizer};
use crate::unicode::ascii::PADDED_TOKEN_BYTES;
use crate::vocabulary::Vocabulary;

/// The token ids of consecutive texts, all back to back, where each text's
/// ids end, and the vocabulary they index.
#[derive(Clone, Debug, Default)]
pub struct TokenIds<V> {
    /// The vocabulary the ids index (for a `TokenIdState`, the kept tokens
    /// met so far, by id).
    pub vocabulary: V,
    /// The token ids of the texts, all documents back to back.
    pub ids: Vec<u32>,
    /// Where each text's ids end in `ids`.
    pub doc_ends: Vec<usize>,
}

/// The state `Tokenizer::tokenize_ids_into` works in: the vocabulary, and
/// the ids of the last texts.
pub type TokenIdState = TokenIds<Vocabulary>;

impl<V> TokenIds<V> {
    /// Each text's ids, in order.
    pub fn docs(&self) -> impl ExactSizeIterator<Item = &[u32]> + '_ {
        spans(&self.doc_ends).map(|span| self.ids.get(span).unwrap_or_default())
    }
}

impl TokenIdState {
    /// An empty state with a little room in each buffer.
    pub fn with_room() -> Self {
        TokenIdState {
            vocabulary: Vocabulary::with_capacity(64),
            ids: Vec::with_capacity(1024),
            doc_ends: Vec::with_capacity(64),
        }
    }
}

impl Tokenizer {
    /// Tokenises `texts` into `state`: the ids of their kept tokens
    /// (replacing the previous ones) in `state.ids` and `state.doc_ends`,
    /// new tokens added to `state.vocabulary`. Reusing one state across the
    /// slices of a batch interns each distinct token once.
    ///
    /// The scan drops the stopwords itself: matching each occurrence there
    /// costs less than interning it (a lookup in a table that outgrows the
    /// cache) to match it once.
    pub fn tokenize_ids_into<T: AsRef<str>>(&self, texts: &[T], state: &mut TokenIdState) {
        let TokenIdState {
            vocabulary,
            ids,
            doc_ends,
        } = state;
        ids.clear();
        doc_ends.clear();
        let mut sink = IdSink { vocabulary, ids };
        for text in texts {
            self.scan_kept(text.as_ref(), &mut sink);
            doc_ends.push(sink.ids.len());
        }
    }
}

/// The sink of `tokenize_ids_into`: interns each kept token and records its
/// id.
struct IdSink<'a> {
    vocabulary: &'a mut Vocabulary,
    ids: &'a mut Vec<u32>,
}

impl TokenSink for &mut IdSink<'_> {
    #[inline]
    fn token(&mut self, token: &str) {
        self.ids.push(self.vocabulary.intern(token));
    }

    #[inline]
    fn padded_token(&mut self, token: &str, padded: &[u8; PADDED_TOKEN_BYTES]) {
        self.ids.push(self.vocabulary.intern_padded(token, padded));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::options::TokenizerOptions;

    #[test]
    fn ids_name_each_texts_tokens() {
        let tokenizer = Tokenizer::new(TokenizerOptions::default(), Some(["the"])).unwrap();
        let mut state = TokenIdState::default();
        tokenizer.tokenize_ids_into(&["The cat", "", "the cat sat"], &mut state);
        let words = |doc: &[u32]| doc.iter().map(|&id| state.vocabulary.get(id)).collect::<Vec<_>>();
        let docs: Vec<Vec<&str>> = state.docs().map(words).collect();
        assert_eq!(docs, [vec!["cat"], vec![], vec!["cat", "sat"]]);
        // The previous texts' ids are replaced; the vocabulary is kept.
        tokenizer.tokenize_ids_into(&["sat"], &mut state);
        assert_eq!((state.ids.as_slice(), state.vocabulary.len()), (&[1][..], 2));
    }
}
