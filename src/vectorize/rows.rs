//! Documents to rows: the word n-grams of each document's kept tokens,
//! counted per document, numbered by the thread that met them.

use super::grams::{join_into, GramTable, Tuples};
use super::NgramRange;
use crate::{TokenIdState, Tokenizer, Vocabulary};

/// Not a feature (yet): a token not seen as a unigram feature, or a feature
/// that has no column.
pub(crate) const NONE: u32 = u32::MAX;

/// Rows of a matrix: each row's entries (a feature or column, and its
/// value), all rows back to back.
#[derive(Clone, Debug, Default)]
pub(crate) struct Rows {
    pub features: Vec<u32>,
    pub values: Vec<i32>,
    /// Where each row's entries end.
    pub ends: Vec<usize>,
}

impl Rows {
    /// Each row's entries: its features and their values.
    pub fn rows(&self) -> impl Iterator<Item = (&[u32], &[i32])> + '_ {
        let mut start = 0;
        self.ends.iter().map(move |&end| {
            let span = start..end;
            start = end;
            (
                self.features.get(span.clone()).unwrap_or_default(),
                self.values.get(span).unwrap_or_default(),
            )
        })
    }

    /// Appends, as a row of columns sorted and without duplicates, the
    /// entries of `features` and `values` mapped by `column_of` (a column and
    /// a sign, or None to drop the entry); entries that land in one column
    /// add up. `scratch` is a buffer the caller keeps.
    pub fn push_canonical(
        &mut self,
        features: &[u32],
        values: &[i32],
        mut column_of: impl FnMut(u32) -> Option<(u32, i32)>,
        scratch: &mut Vec<u64>,
    ) {
        scratch.clear();
        for (&feature, &value) in features.iter().zip(values) {
            if let Some((column, sign)) = column_of(feature) {
                // The column in the high half sorts entries by column.
                scratch.push(u64::from(column) << 32 | u64::from((value * sign) as u32));
            }
        }
        scratch.sort_unstable();
        let mut previous = None;
        for &entry in scratch.iter() {
            let column = (entry >> 32) as u32;
            let value = entry as u32 as i32;
            if previous == Some(column) {
                if let Some(last) = self.values.last_mut() {
                    *last = last.saturating_add(value);
                }
            } else {
                self.features.push(column);
                self.values.push(value);
                previous = Some(column);
            }
        }
        self.ends.push(self.features.len());
    }
}

/// What one thread knows of the features it has met: it numbers them in
/// order of first appearance, and makes rows of those numbers.
pub(crate) struct FeatureMaker {
    ngrams: NgramRange,
    /// Tokens and their ids (the scan's vocabulary, one per thread).
    tokens: TokenIdState,
    /// By token id: its feature as a unigram (`NONE`: not met yet) and
    /// that feature's mark.
    unigrams: Vec<Unigram>,
    /// Every feature met, as the ids of its tokens; each slot holds the
    /// feature's mark (an n-gram's: a unigram's is in `unigrams`), read
    /// with the lookup at no further cache miss.
    features: GramTable<Mark>,
    document: u32,
}

impl FeatureMaker {
    pub fn new(ngrams: NgramRange) -> Self {
        FeatureMaker {
            ngrams,
            tokens: TokenIdState::with_room(),
            unigrams: Vec::new(),
            features: GramTable::default(),
            document: 0,
        }
    }

    /// The features met so far.
    pub fn len(&self) -> usize {
        self.features.len()
    }

    /// The tokens met so far, by id.
    pub fn tokens(&self) -> &Vocabulary {
        &self.tokens.vocabulary
    }

    /// The token ids of `feature`.
    pub fn feature(&self, feature: u32) -> &[u32] {
        self.features.get(feature)
    }

    /// The tokens and the features, for a fit made on this thread alone.
    pub fn into_parts(self) -> (Vocabulary, Tuples) {
        (self.tokens.vocabulary, self.features.into_tuples())
    }

    /// Forgets every feature (a cache of features grown too big).
    pub fn clear(&mut self) {
        *self = FeatureMaker::new(self.ngrams);
    }

    /// The text of `feature`: its tokens joined with one space (scikit-
    /// learn's n-gram convention), into `out`.
    pub fn text_into(&self, feature: u32, out: &mut String) {
        join_into(
            self.features.get(feature),
            |token| self.tokens.vocabulary.get(token),
            out,
        );
    }

    /// The kept tokens of the texts last given to `add_rows`.
    pub fn last_token_count(&self) -> usize {
        self.tokens.ids.len()
    }

    /// The token ids of the last text given to `add_rows`, in order.
    pub fn last_text_ids(&self) -> &[u32] {
        let ends = &self.tokens.doc_ends;
        let end = ends.last().copied().unwrap_or(0);
        let start = ends
            .len()
            .checked_sub(2)
            .and_then(|i| ends.get(i))
            .copied()
            .unwrap_or(0);
        self.tokens.ids.get(start..end).unwrap_or_default()
    }

    /// Appends a row per text to `rows`: each feature met in the text (the
    /// maker's own numbers) with its count, in order of first appearance.
    pub fn add_rows(&mut self, tokenizer: &Tokenizer, texts: &[&str], rows: &mut Rows) {
        tokenizer.tokenize_ids_into(texts, &mut self.tokens);
        let ids = std::mem::take(&mut self.tokens.ids);
        let doc_ends = std::mem::take(&mut self.tokens.doc_ends);
        // Room for every entry at once (at most one per token and n), not
        // grown by copying (a fit gives back what is left over).
        let widths = self.ngrams.max - self.ngrams.min + 1;
        rows.features.reserve(ids.len().saturating_mul(widths));
        rows.values.reserve(ids.len().saturating_mul(widths));
        rows.ends.reserve(doc_ends.len());
        let mut start = 0;
        for &end in &doc_ends {
            self.add_row(ids.get(start..end).unwrap_or_default(), rows);
            start = end;
        }
        self.tokens.ids = ids;
        self.tokens.doc_ends = doc_ends;
    }

    fn add_row(&mut self, tokens: &[u32], rows: &mut Rows) {
        self.next_document();
        let document = self.document;
        let row_start = rows.features.len();
        let (min, max) = (self.ngrams.min, self.ngrams.max);
        if min == 1 {
            for &token in tokens {
                if let Some((feature, mark)) = self.unigram(token) {
                    count(mark, document, feature, row_start, rows);
                }
            }
        }
        for n in min.max(2)..=max.min(tokens.len()) {
            for window in tokens.windows(n) {
                let (feature, mark) = self.features.intern_valued(window);
                count(mark, document, feature, row_start, rows);
            }
        }
        rows.ends.push(rows.features.len());
    }

    fn next_document(&mut self) {
        self.document = self.document.wrapping_add(1);
        if self.document == 0 {
            // After 2^32 documents the marks could be mistaken for the
            // current one: start them again.
            self.features.values_mut().for_each(|mark| *mark = Mark::default());
            self.unigrams
                .iter_mut()
                .for_each(|unigram| unigram.mark = Mark::default());
            self.document = 1;
        }
    }

    /// The feature of the unigram `token` and its mark, looked up by id,
    /// not hashed (always Some: `unigrams` grows to hold the token).
    #[inline]
    fn unigram(&mut self, token: u32) -> Option<(u32, &mut Mark)> {
        let index = token as usize;
        if index >= self.unigrams.len() {
            self.unigrams.resize(index + 1, Unigram::default());
        }
        if self.unigrams.get(index).is_some_and(|unigram| unigram.feature == NONE) {
            let (feature, _) = self.features.intern(&[token]);
            if let Some(unigram) = self.unigrams.get_mut(index) {
                unigram.feature = feature;
            }
        }
        self.unigrams
            .get_mut(index)
            .map(|unigram| (unigram.feature, &mut unigram.mark))
    }
}

/// Counts one occurrence of `feature`, whose mark is `mark`, in the row of
/// `document` that starts at `row_start`.
#[inline]
fn count(mark: &mut Mark, document: u32, feature: u32, row_start: usize, rows: &mut Rows) {
    if mark.document == document {
        if let Some(value) = rows.values.get_mut(row_start + mark.entry as usize) {
            *value = value.saturating_add(1);
        }
    } else {
        *mark = Mark {
            document,
            entry: (rows.features.len() - row_start) as u32,
        };
        rows.features.push(feature);
        rows.values.push(1);
    }
}

/// A token's feature as a unigram, and that feature's mark.
#[derive(Clone, Copy, Debug)]
struct Unigram {
    feature: u32,
    mark: Mark,
}

impl Default for Unigram {
    fn default() -> Self {
        Unigram {
            feature: NONE,
            mark: Mark::default(),
        }
    }
}

/// Where a feature was last counted: a document (numbered from 1) and its
/// entry in that document's row.
#[derive(Clone, Copy, Debug, Default)]
struct Mark {
    document: u32,
    entry: u32,
}
