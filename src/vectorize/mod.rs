//! Bag-of-words matrices: documents to rows of word n-gram counts, with a
//! vocabulary fitted on the corpus (`fit`), a given one (`transform`) or
//! scikit-learn's hashing trick (`hash`), as scikit-learn's
//! CountVectorizer, TfidfVectorizer and HashingVectorizer define them.
//!
//! Each thread numbers the features it meets and makes rows of those
//! numbers (`rows.rs`); a fit then merges the threads' features, prunes
//! them on exact corpus counts and sorts them (`fit.rs`), and the rows are
//! mapped to columns and copied into one CSR matrix (`csr.rs`). TF-IDF
//! weighting is left to the caller (NumPy, in the binding's Python side).

mod csr;
mod features;
mod fit;
mod grams;
mod merge;
mod murmur;
mod order;
mod rows;
mod stream;
mod transform;

#[cfg(test)]
mod tests;

pub use csr::{CsrMatrix, DataArray, DataType, IndexArrays};
pub use features::Features;
pub use fit::{fit, fit_counted, fit_vocabulary, ngram_counts, DocumentLimit, Fitted, FittedFeatures, Pruning};
pub use murmur::{column_and_sign, murmurhash3_32};
pub(crate) use stream::{chunk_counts, chunk_rows};
pub use stream::{ChunkRows, Columns, Edges, PieceJoin, StreamedMatrix};
pub use transform::{hash, transform, Hashing};

use crate::error::Error;

/// The lengths of the word n-grams made: every n from `min` to `max`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NgramRange {
    min: usize,
    max: usize,
}

impl NgramRange {
    /// Unigrams only.
    pub const UNIGRAMS: NgramRange = NgramRange { min: 1, max: 1 };

    pub fn new(min: usize, max: usize) -> Result<Self, Error> {
        if min == 0 || min > max {
            return Err(Error::InvalidOption(format!(
                "Invalid value for ngram_range=({min}, {max}): lower boundary larger than the upper boundary, \
                 or below 1"
            )));
        }
        Ok(NgramRange { min, max })
    }

    pub fn min(&self) -> usize {
        self.min
    }

    pub fn max(&self) -> usize {
        self.max
    }
}
