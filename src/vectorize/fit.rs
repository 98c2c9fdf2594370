//! Fitting a vocabulary: every thread's features merged, pruned on exact
//! corpus counts as scikit-learn's `min_df`, `max_df` and `max_features`
//! define them, sorted by code point, and the rows mapped to their columns.

use std::num::NonZeroUsize;

use super::csr::{CsrMatrix, DataType, MatrixBuilder, MAX_32_BIT_NNZ};
use super::features::Features;
use super::grams::join_into;
use super::merge::{merge, Counted, FeatureTotals, Frequencies, Merged};
use super::order::{Sorted, TextOrder};
use super::rows::{FeatureMaker, Rows, NONE};
use super::NgramRange;
use crate::batch::{Batch, Host, Spares, WORK_SLICE_BYTES};
use crate::error::Error;
use crate::parallel::{join_all, map_in_order};
use crate::stable::StableTexts;
use crate::{TokenCounts, Tokenizer, Vocabulary};

/// A bound on a feature's document frequency: a number of documents, or a
/// share of them (scikit-learn's int and float `min_df`/`max_df`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum DocumentLimit {
    Count(u64),
    Share(f64),
}

impl DocumentLimit {
    /// The bound in documents, out of `documents` (a float, as scikit-learn
    /// compares it).
    fn documents(self, documents: usize) -> f64 {
        match self {
            DocumentLimit::Count(count) => count as f64,
            DocumentLimit::Share(share) => share * documents as f64,
        }
    }
}

/// Which features a fit keeps.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Pruning {
    pub min_df: DocumentLimit,
    pub max_df: DocumentLimit,
    /// Keep at most this many: those of the highest total count (document
    /// frequency when `binary`), ties broken by code-point order, the
    /// earlier feature kept.
    pub max_features: Option<usize>,
    /// Every count is 1.
    pub binary: bool,
}

impl Default for Pruning {
    /// scikit-learn's defaults: every feature kept.
    fn default() -> Self {
        Pruning {
            min_df: DocumentLimit::Count(1),
            max_df: DocumentLimit::Share(1.0),
            max_features: None,
            binary: false,
        }
    }
}

/// What a fit makes: the features kept, in column order, the matrix of the
/// fitted documents and each feature's document frequency.
#[derive(Clone, Debug)]
pub struct Fitted {
    pub features: Features,
    pub matrix: CsrMatrix,
    pub document_frequencies: Vec<u64>,
}

/// What a fit without the matrix makes: the features kept, in column
/// order, and each one's document frequency.
#[derive(Clone, Debug)]
pub struct FittedFeatures {
    pub features: Features,
    pub document_frequencies: Vec<u64>,
}

/// Per thread: what it made of its slices, and per feature of its own, the
/// documents and occurrences it counted.
struct ThreadState {
    maker: FeatureMaker,
    frequencies: Vec<Frequencies>,
    stable: StableTexts,
}

/// Fits a vocabulary on `batch` (each text a document) and returns it with
/// the documents' matrix. The outer error is the host's (Ctrl-C), the inner
/// one a vocabulary that came out empty or inconsistent bounds, with
/// scikit-learn's messages.
pub fn fit<H: Host>(
    tokenizer: &Tokenizer,
    batch: Batch<'_>,
    ngrams: NgramRange,
    pruning: Pruning,
    data_type: DataType,
    threads: NonZeroUsize,
    host: &H,
) -> Result<Result<Fitted, Error>, H::Error> {
    let mut builder = MatrixBuilder::new(data_type);
    let states = count_features(tokenizer, batch, ngrams, threads, host, Some(&mut builder))?;
    let outcome = host.run(|| assemble(states, builder, pruning, threads));
    Ok(outcome.unwrap_or_else(|| Err(Error::InvalidOption("the fit did not run".to_owned()))))
}

/// Fits a vocabulary on `batch` as `fit` does, without making the matrix
/// (scikit-learn's `fit` when the documents' matrix is not wanted): the
/// features kept and their document frequencies.
pub fn fit_vocabulary<H: Host>(
    tokenizer: &Tokenizer,
    batch: Batch<'_>,
    ngrams: NgramRange,
    pruning: Pruning,
    threads: NonZeroUsize,
    host: &H,
) -> Result<Result<FittedFeatures, Error>, H::Error> {
    let states = count_features(tokenizer, batch, ngrams, threads, host, None)?;
    let outcome = host.run(|| {
        Fit::of(merge(states, threads), pruning, batch.texts.len(), threads).map(|fit| FittedFeatures {
            features: fit.features,
            document_frequencies: fit.document_frequencies,
        })
    });
    Ok(outcome.unwrap_or_else(|| Err(Error::InvalidOption("the fit did not run".to_owned()))))
}

/// Fits a vocabulary on counts already made (`entries`: each n-gram's text,
/// its tokens joined with one space, with its term and document frequency
/// over `documents` documents), as a fit on those documents would: the
/// counts of a corpus's parts, made where the parts are and added up.
pub fn fit_counted<'a>(
    entries: impl IntoIterator<Item = (&'a str, u64, u64)>,
    documents: usize,
    pruning: Pruning,
) -> Result<FittedFeatures, Error> {
    let mut tokens = Vocabulary::new();
    let mut totals = FeatureTotals::default();
    let mut longest = 0;
    let mut ids = Vec::new();
    for (text, term, document) in entries {
        ids.clear();
        for part in text.split(' ') {
            if part.is_empty() {
                return Err(Error::InvalidOption(format!(
                    "the counted n-gram {text:?} has an empty token: counts must come from Tokenizer.count"
                )));
            }
            ids.push(tokens.intern(part));
        }
        longest = longest.max(ids.len());
        totals.add(&ids, Frequencies { document, term });
    }
    let merged = Merged {
        tokens,
        features: totals.features.into_parts().0,
        frequencies: totals.frequencies,
        by_thread: Vec::new(),
        longest,
    };
    Fit::of(merged, pruning, documents, NonZeroUsize::MIN).map(|fit| FittedFeatures {
        features: fit.features,
        document_frequencies: fit.document_frequencies,
    })
}

/// The term and document frequencies of the word n-grams of `batch` (each
/// text a document), counted exactly on up to `threads` threads.
pub fn ngram_counts<H: Host>(
    tokenizer: &Tokenizer,
    batch: Batch<'_>,
    ngrams: NgramRange,
    threads: NonZeroUsize,
    host: &H,
) -> Result<TokenCounts, H::Error> {
    let states = count_features(tokenizer, batch, ngrams, threads, host, None)?;
    let counts = host.run(|| {
        let merged = merge(states, threads);
        let mut counts = TokenCounts::default();
        let mut text = String::new();
        for (id, counted) in merged.frequencies.iter().enumerate() {
            join_into(
                merged.features.get(id as u32),
                |token| merged.tokens.get(token),
                &mut text,
            );
            counts.add(&text, counted.term, counted.document);
        }
        counts.set_documents(batch.texts.len());
        counts
    });
    Ok(counts.unwrap_or_default())
}

/// Each thread's features with their frequencies, counted over the slices
/// of `batch` it took; every slice's rows, in order, go to `matrix` if
/// given (with the numbers of the thread's features).
fn count_features<H: Host>(
    tokenizer: &Tokenizer,
    batch: Batch<'_>,
    ngrams: NgramRange,
    threads: NonZeroUsize,
    host: &H,
    mut matrix: Option<&mut MatrixBuilder>,
) -> Result<Vec<Counted>, H::Error> {
    let slices = batch.slices(WORK_SLICE_BYTES);
    // Row buffers go round between the threads and the calling thread,
    // which copies each into the matrix (see `Spares`).
    let spare_rows = Spares::new(4 * threads.get(), Rows::default);
    let states = map_in_order(
        &slices,
        threads,
        |thread| {
            (
                thread,
                ThreadState {
                    maker: FeatureMaker::new(ngrams),
                    frequencies: Vec::new(),
                    stable: StableTexts::default(),
                },
            )
        },
        |(thread, state), slice| {
            let ThreadState {
                maker,
                frequencies,
                stable,
            } = state;
            let mut rows = spare_rows.take();
            rows.features.clear();
            rows.values.clear();
            rows.ends.clear();
            batch.on(slice, stable, |slice| maker.add_rows(tokenizer, slice, &mut rows));
            frequencies.resize(maker.len(), Frequencies::default());
            for (&feature, &value) in rows.features.iter().zip(&rows.values) {
                if let Some(counted) = frequencies.get_mut(feature as usize) {
                    counted.document += 1;
                    counted.term += u64::from(value.unsigned_abs());
                }
            }
            (*thread, rows)
        },
        |_, (thread, rows)| {
            if let Some(matrix) = matrix.as_deref_mut() {
                matrix.append(thread, &rows);
            }
            spare_rows.give_back(rows);
            host.check()
        },
        |wait| host.block(wait),
    )?;
    Ok(states
        .into_iter()
        .map(|(_, state)| Counted::of(state.maker, state.frequencies))
        .collect())
}

/// The merged features kept by `pruning`, sorted by code point.
fn kept_features(
    merged: &Merged,
    pruning: Pruning,
    documents: usize,
    threads: NonZeroUsize,
) -> Result<(Sorted, Vocabulary), Error> {
    if merged.features.is_empty() {
        return Err(Error::InvalidOption(
            "empty vocabulary; perhaps the documents only contain stop words".to_owned(),
        ));
    }
    let high = pruning.max_df.documents(documents);
    let low = pruning.min_df.documents(documents);
    if high < low {
        return Err(Error::InvalidOption(
            "max_df corresponds to < documents than min_df".to_owned(),
        ));
    }
    let order = TextOrder::new(&merged.tokens)?;
    let mut kept: Vec<u32> = (0..merged.features.len() as u32)
        .filter(|&id| {
            merged.frequencies.get(id as usize).is_some_and(|counted| {
                let document = counted.document as f64;
                document <= high && document >= low
            })
        })
        .collect();
    if let Some(limit) = pruning.max_features {
        if limit == 0 {
            kept.clear();
        } else if kept.len() > limit {
            let total = |id: u32| {
                merged.frequencies.get(id as usize).map_or(0, |counted| {
                    if pruning.binary {
                        counted.document
                    } else {
                        counted.term
                    }
                })
            };
            // The highest totals first, ties in code-point order: a total
            // order, so the features kept do not depend on the threads.
            let rank = |a: &u32, b: &u32| {
                total(*b)
                    .cmp(&total(*a))
                    .then_with(|| order.compare(merged.features.get(*a), merged.features.get(*b)))
            };
            kept.select_nth_unstable_by(limit - 1, rank);
            kept.truncate(limit);
        }
    }
    if kept.is_empty() {
        return Err(Error::InvalidOption(
            "After pruning, no terms remain. Try a lower min_df or a higher max_df.".to_owned(),
        ));
    }
    let sorted = order.sort(kept, &merged.features, merged.longest, threads);
    Ok((sorted, order.tokens_by_rank(&merged.tokens)))
}

/// A fitted vocabulary: the features kept, in column order, each one's
/// document frequency, and the column of each thread's features.
struct Fit {
    features: Features,
    document_frequencies: Vec<u64>,
    column_of: Vec<Vec<u32>>,
}

impl Fit {
    fn of(merged: Merged, pruning: Pruning, documents: usize, threads: NonZeroUsize) -> Result<Fit, Error> {
        let (sorted, tokens) = kept_features(&merged, pruning, documents, threads)?;
        // The merged features, as tuples, are read no more (the kept ones
        // are in `sorted`): their memory goes back now.
        let Merged {
            features,
            frequencies,
            by_thread,
            ..
        } = merged;
        let merged_features = features.len();
        drop(features);
        let mut column_of_merged = vec![NONE; merged_features];
        let mut document_frequencies = Vec::with_capacity(sorted.ids.len());
        for (column, &id) in sorted.ids.iter().enumerate() {
            if let Some(slot) = column_of_merged.get_mut(id as usize) {
                *slot = column as u32;
            }
            document_frequencies.push(frequencies.get(id as usize).map_or(0, |counted| counted.document));
        }
        // Each thread's features straight to their columns, each thread's
        // mapped on a thread.
        let column_of_merged = &column_of_merged;
        let column_of = join_all(
            by_thread
                .iter()
                .map(|own| {
                    move || {
                        own.iter()
                            .map(|&id| column_of_merged.get(id as usize).copied().unwrap_or(NONE))
                            .collect()
                    }
                })
                .collect(),
        );
        Ok(Fit {
            // The features' tokens numbered by rank, as `sorted.ranked` holds them.
            features: Features::from_parts(tokens, sorted.ranked),
            document_frequencies,
            column_of,
        })
    }
}

fn assemble(
    states: Vec<Counted>,
    mut matrix: MatrixBuilder,
    pruning: Pruning,
    threads: NonZeroUsize,
) -> Result<Fitted, Error> {
    let documents = matrix.rows();
    let fit = Fit::of(merge(states, threads), pruning, documents, threads)?;
    matrix.map_to_columns(&fit.column_of, threads);
    if pruning.binary {
        matrix.set_ones();
    }
    Ok(Fitted {
        matrix: matrix.finish(fit.features.len(), MAX_32_BIT_NNZ),
        features: fit.features,
        document_frequencies: fit.document_frequencies,
    })
}
