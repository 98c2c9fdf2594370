//! The binding of a corpus's matrix: files read, tokenised and mapped to
//! the columns of a vocabulary or of the hashing trick on Rust threads, the
//! rows gathered in input order into CSR arrays that NumPy sees without a
//! copy. `wordsift.sklearn`'s vectorizers take `wordsift.corpus.Files`
//! through it.

use std::sync::Arc;

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyDict;

use super::corpus::{
    check_progress, corpus_settings, run_reporting_progress, summary_to_py, to_sources, ReadOptions, SourceArg,
};
use super::tokenizer::PyTokenizer;
use super::vectorize::{self, data_type, matrix_arrays, PyFeatureIndex, PyOwnedArray};
use crate::corpus::made::Made;
use crate::corpus::matrix::CorpusMatrix;
use crate::vectorize::{Columns, Hashing};

/// The rows of the documents of `sources`, one per document in input order:
/// the counts of `features`, or, with `n_features` instead, the documents
/// hashed as scikit-learn's FeatureHasher does. Returns (indptr, indices,
/// data, summary dict); `progress` as for write_corpus.
#[pyfunction]
#[pyo3(signature = (
    tokenizer, sources, options, /, *, features = None, n_features = None, alternate_sign = true, ngram_range,
    dtype, threads = None, chunk_bytes = None, progress = None
))]
#[allow(clippy::too_many_arguments)]
pub(super) fn corpus_matrix<'py>(
    py: Python<'py>,
    tokenizer: &PyTokenizer,
    sources: Vec<SourceArg>,
    options: ReadOptions,
    features: Option<&Bound<'py, PyFeatureIndex>>,
    n_features: Option<u64>,
    alternate_sign: bool,
    ngram_range: (usize, usize),
    dtype: &str,
    threads: Option<&Bound<'py, PyAny>>,
    chunk_bytes: Option<usize>,
    progress: Option<Bound<'py, PyAny>>,
) -> PyResult<(PyOwnedArray, PyOwnedArray, PyOwnedArray, Bound<'py, PyDict>)> {
    check_progress(progress.as_ref())?;
    let columns = match (features, n_features) {
        (Some(features), None) => Columns::Vocabulary(Arc::clone(&features.get().features)),
        (None, Some(n_features)) => Columns::Hashing(Hashing::new(n_features, alternate_sign)?),
        _ => return Err(PyValueError::new_err("give features or n_features, not both")),
    };
    let ngrams = vectorize::ngram_range(ngram_range)?;
    let data_type = data_type(dtype)?;
    let sources = to_sources(sources)?;
    let made = Made::Rows {
        columns: Arc::new(columns.clone()),
        ngrams,
    };
    let settings = corpus_settings(options, threads, chunk_bytes, made)?;
    let mut matrix = CorpusMatrix::new(columns, ngrams, data_type);
    let summary = run_reporting_progress(py, &tokenizer.inner, &sources, &settings, progress.as_ref(), |chunk| {
        py.detach(|| matrix.add(chunk));
        Ok(())
    })?;
    let finished = py.detach(|| matrix.finish(false));
    let (indptr, indices, data) = matrix_arrays(finished);
    Ok((indptr, indices, data, summary_to_py(py, &summary)?))
}
