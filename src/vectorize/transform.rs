//! Matrices whose columns are known before the documents are read: those
//! of a fitted vocabulary (`transform`) and those of the hashing trick
//! (`hash`). Each thread maps its rows to columns itself, and the calling
//! thread copies them, in order, into the matrix.

use std::num::NonZeroUsize;

use super::csr::{CsrMatrix, DataType, MatrixBuilder, MAX_32_BIT_NNZ};
use super::features::Features;
use super::murmur::{column_and_sign, murmurhash3_32};
use super::rows::{FeatureMaker, Rows, NONE};
use super::NgramRange;
use crate::batch::{Batch, Host, Spares, WORK_SLICE_BYTES};
use crate::error::Error;
use crate::parallel::map_in_order;
use crate::stable::StableTexts;
use crate::Tokenizer;

/// A thread forgets the features it has met (and their columns) when they
/// pass this many, so that memory stays bounded by the columns, not by the
/// corpus's distinct n-grams.
const FEATURE_CACHE: usize = 1 << 21;

/// scikit-learn's FeatureHasher settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hashing {
    /// Columns, 1 to 2^31 - 1.
    pub n_features: u32,
    /// Features with a negative hash count -1 (scikit-learn's default).
    pub alternate_sign: bool,
}

impl Hashing {
    /// The column of the feature `text`, and the sign it counts with.
    pub(crate) fn column_and_sign(self, text: &str) -> (u32, i32) {
        let hash = murmurhash3_32(text.as_bytes(), 0) as i32;
        column_and_sign(hash, self.n_features, self.alternate_sign)
    }

    pub fn new(n_features: u64, alternate_sign: bool) -> Result<Self, Error> {
        match u32::try_from(n_features) {
            Ok(n) if n >= 1 && n <= i32::MAX as u32 => Ok(Hashing {
                n_features: n,
                alternate_sign,
            }),
            _ => Err(Error::InvalidOption(format!(
                "n_features must be in 1..={}, got {n_features}",
                i32::MAX
            ))),
        }
    }
}

/// The counts of `features` in each text of `batch` (other n-grams are
/// ignored), as a matrix with a column per feature.
pub fn transform<H: Host>(
    tokenizer: &Tokenizer,
    batch: Batch<'_>,
    features: &Features,
    ngrams: NgramRange,
    data_type: DataType,
    threads: NonZeroUsize,
    host: &H,
) -> Result<CsrMatrix, H::Error> {
    let resolve = |maker: &FeatureMaker, first_new: usize, cache: &mut ColumnCache| {
        resolve_vocabulary(features, maker, first_new, cache);
    };
    by_known_columns(
        tokenizer,
        batch,
        ngrams,
        resolve,
        features.len(),
        data_type,
        threads,
        host,
    )
}

/// The hashed features of each text of `batch`, as scikit-learn's
/// HashingVectorizer makes them before its normalisation: each n-gram adds
/// its sign to its column, and entries that cancel out stay, as 0.
pub fn hash<H: Host>(
    tokenizer: &Tokenizer,
    batch: Batch<'_>,
    hashing: Hashing,
    ngrams: NgramRange,
    data_type: DataType,
    threads: NonZeroUsize,
    host: &H,
) -> Result<CsrMatrix, H::Error> {
    let resolve = |maker: &FeatureMaker, first_new: usize, cache: &mut ColumnCache| {
        resolve_hashing(hashing, maker, first_new, cache);
    };
    by_known_columns(
        tokenizer,
        batch,
        ngrams,
        resolve,
        hashing.n_features as usize,
        data_type,
        threads,
        host,
    )
}

/// The columns of the features `maker` met from `first_new` on, among
/// `features`: each found by its tokens' ids among the features' tokens,
/// each token looked up once, so that no n-gram text is made.
pub(crate) fn resolve_vocabulary(features: &Features, maker: &FeatureMaker, first_new: usize, cache: &mut ColumnCache) {
    let ColumnCache { tokens, ids, .. } = cache;
    for token in tokens.len()..maker.tokens().len() {
        tokens.push(features.token(maker.tokens().get(token as u32)).unwrap_or(NONE));
    }
    for feature in first_new..maker.len() {
        ids.clear();
        ids.extend(
            maker
                .feature(feature as u32)
                .iter()
                .map(|&token| tokens.get(token as usize).copied().unwrap_or(NONE)),
        );
        let column = if ids.contains(&NONE) {
            None
        } else {
            features.column_of_tokens(ids)
        };
        cache.columns.push(column.map_or((NONE, 0), |column| (column, 1)));
    }
}

/// The hashed columns and signs of the features `maker` met from
/// `first_new` on.
pub(crate) fn resolve_hashing(hashing: Hashing, maker: &FeatureMaker, first_new: usize, cache: &mut ColumnCache) {
    for feature in first_new..maker.len() {
        maker.text_into(feature as u32, &mut cache.text);
        cache.columns.push(hashing.column_and_sign(&cache.text));
    }
}

/// Per thread: the column and sign of each feature it met (`NONE` for
/// none), and buffers to find them.
#[derive(Default)]
pub(crate) struct ColumnCache {
    columns: Vec<(u32, i32)>,
    /// `transform`: the features' id of each token the thread met.
    tokens: Vec<u32>,
    ids: Vec<u32>,
    /// `hash`: the text of a feature.
    text: String,
}

/// What makes rows of columns on one thread: the features it met, their
/// columns, and buffers.
pub(crate) struct RowMaker {
    maker: FeatureMaker,
    cache: ColumnCache,
    own_rows: Rows,
    scratch: Vec<u64>,
}

impl RowMaker {
    pub fn new(ngrams: NgramRange) -> Self {
        RowMaker {
            maker: FeatureMaker::new(ngrams),
            cache: ColumnCache::default(),
            own_rows: Rows::default(),
            scratch: Vec::new(),
        }
    }

    /// The features met, as `add_rows` numbers them (for the tokens of the
    /// last text).
    pub fn features(&self) -> &FeatureMaker {
        &self.maker
    }

    /// Appends to `out` a row per text: its features' columns (found by
    /// `resolve` as features are met), sorted and without duplicates.
    pub fn add_rows(
        &mut self,
        tokenizer: &Tokenizer,
        texts: &[&str],
        resolve: impl Fn(&FeatureMaker, usize, &mut ColumnCache),
        out: &mut Rows,
    ) {
        let RowMaker {
            maker,
            cache,
            own_rows,
            scratch,
        } = self;
        if maker.len() > FEATURE_CACHE {
            maker.clear();
            *cache = ColumnCache::default();
        }
        own_rows.features.clear();
        own_rows.values.clear();
        own_rows.ends.clear();
        maker.add_rows(tokenizer, texts, own_rows);
        resolve(maker, cache.columns.len(), cache);
        let columns = &cache.columns;
        for (features, values) in own_rows.rows() {
            out.push_canonical(
                features,
                values,
                |feature| {
                    columns
                        .get(feature as usize)
                        .copied()
                        .filter(|&(column, _)| column != NONE)
                },
                scratch,
            );
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn by_known_columns<H: Host>(
    tokenizer: &Tokenizer,
    batch: Batch<'_>,
    ngrams: NgramRange,
    resolve: impl Fn(&FeatureMaker, usize, &mut ColumnCache) + Sync,
    columns: usize,
    data_type: DataType,
    threads: NonZeroUsize,
    host: &H,
) -> Result<CsrMatrix, H::Error> {
    let slices = batch.slices(WORK_SLICE_BYTES);
    let mut matrix = MatrixBuilder::new(data_type);
    // Row buffers go round between the threads and the calling thread,
    // which copies each into the matrix (see `Spares`).
    let spare_rows = Spares::new(4 * threads.get(), Rows::default);
    map_in_order(
        &slices,
        threads,
        |_| (RowMaker::new(ngrams), StableTexts::default()),
        |(maker, stable), slice| {
            let mut out = spare_rows.take();
            out.features.clear();
            out.values.clear();
            out.ends.clear();
            batch.on(slice, stable, |slice| {
                maker.add_rows(tokenizer, slice, &resolve, &mut out)
            });
            out
        },
        |_, part| {
            matrix.append(0, &part);
            spare_rows.give_back(part);
            host.check()
        },
        |wait| host.block(wait),
    )?;
    let finished = host.run(|| matrix.finish(columns, MAX_32_BIT_NNZ));
    Ok(finished.unwrap_or_else(|| MatrixBuilder::new(data_type).finish(columns, MAX_32_BIT_NNZ)))
}
