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
    // A thread's feature finds its column by its tokens' ids among the
    // features' tokens, each token looked up once: no n-gram text is made.
    let resolve = |maker: &FeatureMaker, first_new: usize, cache: &mut ColumnCache| {
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
        for feature in first_new..maker.len() {
            maker.text_into(feature as u32, &mut cache.text);
            let hash = murmurhash3_32(cache.text.as_bytes(), 0) as i32;
            let (column, sign) = column_and_sign(hash, hashing.n_features, hashing.alternate_sign);
            cache.columns.push((column, sign));
        }
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

/// Per thread: the column and sign of each feature it met (`NONE` for
/// none), and buffers to find them.
#[derive(Default)]
struct ColumnCache {
    columns: Vec<(u32, i32)>,
    /// `transform`: the features' id of each token the thread met.
    tokens: Vec<u32>,
    ids: Vec<u32>,
    /// `hash`: the text of a feature.
    text: String,
}

/// Per thread: the features it met, their columns, and buffers.
struct ThreadState {
    maker: FeatureMaker,
    cache: ColumnCache,
    own_rows: Rows,
    scratch: Vec<u64>,
    stable: StableTexts,
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
        |_| ThreadState {
            maker: FeatureMaker::new(ngrams),
            cache: ColumnCache::default(),
            own_rows: Rows::default(),
            scratch: Vec::new(),
            stable: StableTexts::default(),
        },
        |state, slice| {
            let ThreadState {
                maker,
                cache,
                own_rows,
                scratch,
                stable,
            } = state;
            if maker.len() > FEATURE_CACHE {
                maker.clear();
                *cache = ColumnCache::default();
            }
            own_rows.features.clear();
            own_rows.values.clear();
            own_rows.ends.clear();
            batch.on(slice, stable, |slice| maker.add_rows(tokenizer, slice, own_rows));
            resolve(maker, cache.columns.len(), cache);
            let columns = &cache.columns;
            let mut out = spare_rows.take();
            out.features.clear();
            out.values.clear();
            out.ends.clear();
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
