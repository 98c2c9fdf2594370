//! Vectorising a corpus that arrives in chunks (`corpus::made`): each
//! chunk's rows or n-gram counts made on their own, and a document too
//! large for one chunk, which comes in pieces, made whole again. The
//! n-grams that span a cut between pieces are made from the tokens on
//! either side of it (`Edges`, `PieceJoin`); those within a piece are the
//! piece's own.

use std::sync::Arc;

use rustc_hash::FxHashMap;

use super::csr::{CsrMatrix, DataType, MatrixBuilder, MAX_32_BIT_NNZ};
use super::features::Features;
use super::rows::{FeatureMaker, Rows};
use super::transform::{resolve_hashing, resolve_vocabulary, Hashing, RowMaker};
use super::NgramRange;
use crate::{TokenCounts, Tokenizer};

/// What a corpus's features are mapped to: the columns of a vocabulary, or
/// those of the hashing trick.
#[derive(Clone, Debug)]
pub enum Columns {
    Vocabulary(Arc<Features>),
    Hashing(Hashing),
}

impl Columns {
    /// The number of columns.
    pub fn len(&self) -> usize {
        match self {
            Columns::Vocabulary(features) => features.len(),
            Columns::Hashing(hashing) => hashing.n_features as usize,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The column and sign of the feature `text` (its tokens joined with
    /// one space), if it has one.
    pub(crate) fn of_text(&self, text: &str) -> Option<(u32, i32)> {
        match self {
            Columns::Vocabulary(features) => features.column(text).map(|column| (column, 1)),
            Columns::Hashing(hashing) => Some(hashing.column_and_sign(text)),
        }
    }
}

/// The first and the last tokens of a text, as many of each as an n-gram
/// that spans a cut can take from one side (one fewer than the longest n).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Edges {
    head: Vec<String>,
    tail: Vec<String>,
    /// All the text's tokens, when there are no more than `head` holds.
    short: bool,
}

impl Edges {
    /// The edges of the last text `maker` was given.
    fn of(maker: &FeatureMaker, ngrams: NgramRange) -> Edges {
        let reach = ngrams.max() - 1;
        if reach == 0 {
            return Edges::default();
        }
        let ids = maker.last_text_ids();
        let text = |ids: &[u32]| -> Vec<String> { ids.iter().map(|&id| maker.tokens().get(id).to_owned()).collect() };
        Edges {
            head: text(ids.get(..reach.min(ids.len())).unwrap_or_default()),
            tail: text(ids.get(ids.len().saturating_sub(reach)..).unwrap_or_default()),
            short: ids.len() <= reach,
        }
    }
}

/// The n-grams of a document that comes in pieces which span the cuts
/// between them: it keeps the last tokens before the next cut.
#[derive(Clone, Debug)]
pub struct PieceJoin {
    ngrams: NgramRange,
    /// The document's last tokens so far (up to one fewer than the longest
    /// n).
    carry: Vec<String>,
    text: String,
}

impl PieceJoin {
    pub fn new(ngrams: NgramRange) -> Self {
        PieceJoin {
            ngrams,
            carry: Vec::new(),
            text: String::new(),
        }
    }

    /// Takes the next piece of the document, whose first and last tokens
    /// are `edges`: `each` gets the text of every n-gram (of at least two
    /// tokens) that starts before the piece and ends in it.
    pub fn next_piece(&mut self, edges: &Edges, mut each: impl FnMut(&str)) {
        let reach = self.ngrams.max() - 1;
        if reach == 0 {
            return;
        }
        let before = self.carry.len();
        let mut window: Vec<&str> = self.carry.iter().map(String::as_str).collect();
        window.extend(edges.head.iter().map(String::as_str));
        for start in 0..before {
            for n in self.ngrams.min().max(2)..=self.ngrams.max() {
                let end = start + n;
                if end <= before || end > window.len() {
                    continue;
                }
                if let Some(gram) = window.get(start..end) {
                    self.text.clear();
                    for (i, token) in gram.iter().enumerate() {
                        if i > 0 {
                            self.text.push(' ');
                        }
                        self.text.push_str(token);
                    }
                    each(&self.text);
                }
            }
        }
        let carry: Vec<String> = if edges.short {
            let skip = window.len().saturating_sub(reach);
            window.iter().skip(skip).map(|&token| token.to_owned()).collect()
        } else {
            edges.tail.clone()
        };
        self.carry = carry;
    }
}

/// The n-gram counts of a chunk's texts (each a document), the edges of the
/// last, and the kept tokens.
pub(crate) fn chunk_counts(tokenizer: &Tokenizer, texts: &[&str], ngrams: NgramRange) -> (TokenCounts, Edges, usize) {
    let mut maker = FeatureMaker::new(ngrams);
    let mut rows = Rows::default();
    maker.add_rows(tokenizer, texts, &mut rows);
    let mut frequencies = vec![(0u64, 0u64); maker.len()];
    for (&feature, &value) in rows.features.iter().zip(&rows.values) {
        if let Some((term, document)) = frequencies.get_mut(feature as usize) {
            *term += u64::from(value.unsigned_abs());
            *document += 1;
        }
    }
    let mut counts = TokenCounts::default();
    let mut text = String::new();
    for (feature, &(term, document)) in frequencies.iter().enumerate() {
        maker.text_into(feature as u32, &mut text);
        counts.add(&text, term, document);
    }
    counts.set_documents(texts.len());
    (counts, Edges::of(&maker, ngrams), maker.last_token_count())
}

/// The rows a chunk's documents make, and the edges of the last.
#[derive(Debug, Default)]
pub struct ChunkRows {
    rows: Rows,
    edges: Edges,
    /// The kept tokens of the chunk's texts.
    pub tokens: usize,
}

impl ChunkRows {
    /// The rows made.
    pub fn len(&self) -> usize {
        self.rows.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The rows of a chunk's texts (each a document) over `columns`, canonical,
/// and the edges of the last.
pub(crate) fn chunk_rows(tokenizer: &Tokenizer, texts: &[&str], ngrams: NgramRange, columns: &Columns) -> ChunkRows {
    let mut maker = RowMaker::new(ngrams);
    let mut rows = Rows::default();
    match columns {
        Columns::Vocabulary(features) => maker.add_rows(
            tokenizer,
            texts,
            |met, first_new, cache| resolve_vocabulary(features, met, first_new, cache),
            &mut rows,
        ),
        &Columns::Hashing(hashing) => maker.add_rows(
            tokenizer,
            texts,
            |met, first_new, cache| resolve_hashing(hashing, met, first_new, cache),
            &mut rows,
        ),
    }
    ChunkRows {
        rows,
        edges: Edges::of(maker.features(), ngrams),
        tokens: maker.features().last_token_count(),
    }
}

/// A corpus's matrix, built from its chunks' rows in input order; the
/// pieces of a document too large for a chunk add up to one row.
pub struct StreamedMatrix {
    columns: Columns,
    ngrams: NgramRange,
    matrix: MatrixBuilder,
    /// The document whose pieces are being added: its entries so far, and
    /// the n-grams that span its cuts.
    document: Option<(FxHashMap<u32, i64>, PieceJoin)>,
    row: Rows,
    scratch: Vec<u64>,
}

impl StreamedMatrix {
    pub fn new(columns: Columns, ngrams: NgramRange, data_type: DataType) -> Self {
        StreamedMatrix {
            columns,
            ngrams,
            matrix: MatrixBuilder::new(data_type),
            document: None,
            row: Rows::default(),
            scratch: Vec::new(),
        }
    }

    /// The rows so far.
    pub fn rows(&self) -> usize {
        self.matrix.rows()
    }

    /// Appends the rows of whole documents.
    pub fn add_documents(&mut self, chunk: &ChunkRows) {
        self.matrix.append(0, &chunk.rows);
    }

    /// Adds a piece of a document (its one row), the row appended at the
    /// last piece.
    pub fn add_piece(&mut self, chunk: &ChunkRows, first: bool, last: bool) {
        if first || self.document.is_none() {
            self.document = Some((FxHashMap::default(), PieceJoin::new(self.ngrams)));
        }
        let Some((entries, join)) = &mut self.document else {
            return;
        };
        for (features, values) in chunk.rows.rows() {
            for (&column, &value) in features.iter().zip(values) {
                *entries.entry(column).or_insert(0) += i64::from(value);
            }
        }
        let columns = &self.columns;
        join.next_piece(&chunk.edges, |text| {
            if let Some((column, sign)) = columns.of_text(text) {
                *entries.entry(column).or_insert(0) += i64::from(sign);
            }
        });
        if last {
            let (features, values): (Vec<u32>, Vec<i32>) = entries
                .drain()
                .map(|(column, value)| (column, value.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32))
                .unzip();
            self.row.features.clear();
            self.row.values.clear();
            self.row.ends.clear();
            self.row
                .push_canonical(&features, &values, |column| Some((column, 1)), &mut self.scratch);
            self.matrix.append(0, &self.row);
            self.document = None;
        }
    }

    /// Drops the pieces of a document that turned out unusable.
    pub fn abandon_document(&mut self) {
        self.document = None;
    }

    /// The matrix, its values made 1 if `binary`.
    pub fn finish(mut self, binary: bool) -> CsrMatrix {
        if binary {
            self.matrix.set_ones();
        }
        let columns = self.columns.len();
        self.matrix.finish(columns, MAX_32_BIT_NNZ)
    }
}
