//! The pyo3 binding: argument checking, GIL release and conversion only.
//! Everything that tokenises, counts or schedules lives in the pure-Rust
//! core; each class and concern has a file of its own here.

use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::{bundled_list, bundled_list_names, rules_version, unicode_version};

mod corpus;
mod corpus_matrix;
mod errors;
mod host;
mod lists;
mod offsets;
mod options;
mod text;
mod token_array;
mod tokenizer;
mod vectorize;

use token_array::PyTokenArray;
use tokenizer::PyTokenizer;

/// The thread count that calls use when given threads=None:
/// $WORDSIFT_NUM_THREADS if set, else the CPUs this process may run on.
#[pyfunction]
fn default_threads() -> PyResult<usize> {
    Ok(crate::parallel::default_threads()?.get())
}

/// The words of a bundled stopword list, in file order.
#[pyfunction]
fn stopword_list(name: &str) -> PyResult<Vec<&'static str>> {
    Ok(bundled_list(name)?)
}

/// The names of the bundled stopword lists, "default" included.
#[pyfunction]
fn stopword_list_names() -> Vec<&'static str> {
    bundled_list_names()
}

/// Rebuilds a pickled Tokenizer, as `Tokenizer(**kwargs)` does but without
/// warning again of stopwords that can never match: the Tokenizer warned
/// when it was made, and a process that unpickles it (a worker) would
/// repeat that, or raise where warnings are errors.
#[pyfunction]
#[pyo3(signature = (kwargs, /))]
fn _restore_tokenizer(py: Python<'_>, kwargs: &Bound<'_, PyDict>) -> PyResult<PyTokenizer> {
    let (tokenizer, _) = PyTokenizer::build(py, Some(kwargs))?;
    Ok(tokenizer)
}

#[pymodule]
fn _core(module: &Bound<'_, PyModule>) -> PyResult<()> {
    module.add_class::<PyTokenizer>()?;
    module.add_class::<PyTokenArray>()?;
    module.add_class::<corpus::PyCorpusChunks>()?;
    module.add_class::<corpus::PyDocumentWriter>()?;
    module.add_function(wrap_pyfunction!(corpus::write_corpus, module)?)?;
    module.add_function(wrap_pyfunction!(corpus::count_corpus, module)?)?;
    module.add_function(wrap_pyfunction!(corpus::detect_input_formats, module)?)?;
    module.add_function(wrap_pyfunction!(corpus_matrix::corpus_matrix, module)?)?;
    module.add_class::<vectorize::PyOwnedArray>()?;
    module.add_class::<vectorize::PyFeatureIndex>()?;
    module.add_function(wrap_pyfunction!(vectorize::fit_counts, module)?)?;
    module.add_function(wrap_pyfunction!(vectorize::fit_features, module)?)?;
    module.add_function(wrap_pyfunction!(vectorize::fit_counted, module)?)?;
    module.add_function(wrap_pyfunction!(vectorize::count_matrix, module)?)?;
    module.add_function(wrap_pyfunction!(vectorize::hash_matrix, module)?)?;
    module.add_function(wrap_pyfunction!(stopword_list, module)?)?;
    module.add_function(wrap_pyfunction!(default_threads, module)?)?;
    module.add_function(wrap_pyfunction!(stopword_list_names, module)?)?;
    module.add_function(wrap_pyfunction!(_restore_tokenizer, module)?)?;
    module.add("UNICODE_VERSION", unicode_version())?;
    module.add("RULES_VERSION", rules_version())?;
    module.add("__version__", env!("CARGO_PKG_VERSION"))?;
    // Benchmarks refuse to time a debug build.
    module.add("DEBUG_BUILD", cfg!(debug_assertions))?;
    Ok(())
}
