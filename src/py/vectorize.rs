//! The vectorizers' core calls: documents to CSR arrays that NumPy sees
//! without a copy, and the fitted vocabulary (`FeatureIndex`). The
//! scikit-learn estimators around them are Python (`wordsift.sklearn`).

use std::ptr::NonNull;
use std::sync::Arc;

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple, PyType};

use super::errors::type_name;
use super::host::Gil;
use super::options::thread_count;
use super::text::{text_as_str, Texts};
use super::tokenizer::PyTokenizer;
use crate::batch::Batch;
use crate::vectorize::{
    self, CsrMatrix, DataArray, DataType, DocumentLimit, Features, Hashing, IndexArrays, NgramRange, Pruning,
};

/// A one-dimensional array owned by Rust, which NumPy reads and writes in
/// place through `__array_interface__`: np.asarray(owned) is a view that
/// keeps the OwnedArray alive.
#[pyclass(frozen, module = "wordsift._core", name = "OwnedArray")]
pub(super) struct PyOwnedArray {
    /// The elements, leaked from their `Box<[T]>` at creation and
    /// reclaimed in `drop`.
    start: NonNull<u8>,
    len: usize,
    element: Element,
}

#[derive(Clone, Copy)]
enum Element {
    I32,
    I64,
    F32,
    F64,
}

impl Element {
    /// NumPy's type string, in this machine's byte order.
    fn typestr(self) -> &'static str {
        let little = cfg!(target_endian = "little");
        match (self, little) {
            (Element::I32, true) => "<i4",
            (Element::I64, true) => "<i8",
            (Element::F32, true) => "<f4",
            (Element::F64, true) => "<f8",
            (Element::I32, false) => ">i4",
            (Element::I64, false) => ">i8",
            (Element::F32, false) => ">f4",
            (Element::F64, false) => ">f8",
        }
    }
}

// SAFETY: the elements are plain numbers behind a pointer that Rust never
// dereferences after creation (only `drop` reclaims the allocation, once no
// Python object refers to it). Which Python threads write them through
// NumPy, and when, is NumPy's concern, as for any array.
unsafe impl Send for PyOwnedArray {}
// SAFETY: as for Send: no Rust code reads or writes the elements.
unsafe impl Sync for PyOwnedArray {}

impl PyOwnedArray {
    fn leak<T>(values: Vec<T>, element: Element) -> Self {
        let boxed: Box<[T]> = values.into_boxed_slice();
        let len = boxed.len();
        let start = NonNull::from(Box::leak(boxed)).cast::<u8>();
        PyOwnedArray { start, len, element }
    }

    fn of_index(index: IndexArrays) -> (Self, Self) {
        match index {
            IndexArrays::I32 { indptr, indices } => {
                (Self::leak(indptr, Element::I32), Self::leak(indices, Element::I32))
            }
            IndexArrays::I64 { indptr, indices } => {
                (Self::leak(indptr, Element::I64), Self::leak(indices, Element::I64))
            }
        }
    }

    fn of_data(data: DataArray) -> Self {
        match data {
            DataArray::I32(values) => Self::leak(values, Element::I32),
            DataArray::I64(values) => Self::leak(values, Element::I64),
            DataArray::F32(values) => Self::leak(values, Element::F32),
            DataArray::F64(values) => Self::leak(values, Element::F64),
        }
    }
}

impl Drop for PyOwnedArray {
    fn drop(&mut self) {
        let (start, len) = (self.start.as_ptr(), self.len);
        // SAFETY: `start` and `len` are those of the Box<[T]> leaked in
        // `leak` for this element type, reclaimed once, here.
        unsafe {
            match self.element {
                Element::I32 => drop(Box::from_raw(std::ptr::slice_from_raw_parts_mut(
                    start.cast::<i32>(),
                    len,
                ))),
                Element::I64 => drop(Box::from_raw(std::ptr::slice_from_raw_parts_mut(
                    start.cast::<i64>(),
                    len,
                ))),
                Element::F32 => drop(Box::from_raw(std::ptr::slice_from_raw_parts_mut(
                    start.cast::<f32>(),
                    len,
                ))),
                Element::F64 => drop(Box::from_raw(std::ptr::slice_from_raw_parts_mut(
                    start.cast::<f64>(),
                    len,
                ))),
            }
        }
    }
}

#[pymethods]
impl PyOwnedArray {
    fn __len__(&self) -> usize {
        self.len
    }

    /// NumPy's array interface (version 3): shape, type and the address of
    /// the elements, writable.
    #[getter]
    fn __array_interface__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let interface = PyDict::new(py);
        interface.set_item("shape", (self.len,))?;
        interface.set_item("typestr", self.element.typestr())?;
        interface.set_item("data", (self.start.as_ptr() as usize, false))?;
        interface.set_item("version", 3)?;
        Ok(interface)
    }
}

/// Features (n-grams) in column order, with an index from a feature to its
/// column: a fitted vocabulary.
#[pyclass(frozen, module = "wordsift._core", name = "FeatureIndex")]
pub(super) struct PyFeatureIndex {
    pub(super) features: Arc<Features>,
}

#[pymethods]
impl PyFeatureIndex {
    /// The features `names`, in column order; a name given twice is a
    /// ValueError.
    #[new]
    fn new(names: &Bound<'_, PyAny>) -> PyResult<Self> {
        let mut strs = Vec::new();
        for (index, name) in names.try_iter()?.enumerate() {
            let name = name?;
            let label = format!("names[{index}]");
            let Ok(name) = name.cast::<PyString>() else {
                return Err(PyTypeError::new_err(format!(
                    "{label} must be str, not {}",
                    type_name(&name)?
                )));
            };
            strs.push(text_as_str(name, Some(&label))?.to_owned());
        }
        Ok(PyFeatureIndex {
            features: Arc::new(Features::new(&strs)?),
        })
    }

    fn __len__(&self) -> usize {
        self.features.len()
    }

    /// The features, in column order.
    fn names<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        // One buffer for every name: a feature's text is made, then copied
        // into its str.
        let mut name = String::new();
        let features = &self.features;
        PyList::new(
            py,
            (0..features.len() as u32).map(|column| {
                features.name_into(column, &mut name);
                PyString::new(py, &name)
            }),
        )
    }

    /// The column of `name`, or None.
    fn column(&self, name: &str) -> Option<u32> {
        self.features.column(name)
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<PyFeatureIndex>()
            .is_ok_and(|other| *other.get().features == *self.features)
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyType>, (Bound<'py, PyList>,))> {
        Ok((slf.get_type(), (slf.get().names(slf.py())?,)))
    }
}

/// Runs `work` on the documents `texts` (an iterable of str or an Arrow
/// string column, each text a document) as a batch. An Arrow null is
/// refused: a matrix has no row for "no document".
fn on_documents<R>(
    texts: &Bound<'_, PyAny>,
    tokenizer: &PyTokenizer,
    work: impl FnOnce(Batch<'_>) -> PyResult<R>,
) -> PyResult<R> {
    let texts = Texts::of(texts, tokenizer.surrogates)?;
    let (strs, nulls) = texts.strs()?;
    if let Some(index) = nulls.and_then(|nulls| nulls.iter().position(|&null| null)) {
        return Err(PyValueError::new_err(format!(
            "texts[{index}] is null: every document must be a str"
        )));
    }
    work(Batch {
        texts: &strs,
        shared: texts.in_producer_buffers(),
    })
}

pub(super) fn ngram_range(range: (usize, usize)) -> PyResult<NgramRange> {
    Ok(NgramRange::new(range.0, range.1)?)
}

pub(super) fn data_type(name: &str) -> PyResult<DataType> {
    DataType::from_name(name).ok_or_else(|| {
        PyValueError::new_err(format!(
            "dtype must be one of 'int32', 'int64', 'float32', 'float64', got {name:?}"
        ))
    })
}

/// scikit-learn's `min_df`/`max_df`: an int is a number of documents, a
/// float a share of them.
fn document_limit(name: &str, limit: &Bound<'_, PyAny>) -> PyResult<DocumentLimit> {
    if limit.is_instance_of::<PyInt>() && !limit.is_instance_of::<PyBool>() {
        let count: i64 = limit.extract()?;
        let count =
            u64::try_from(count).map_err(|_| PyValueError::new_err(format!("{name} must be >= 0, got {count}")))?;
        return Ok(DocumentLimit::Count(count));
    }
    if limit.is_instance_of::<PyFloat>() {
        let share: f64 = limit.extract()?;
        if !(0.0..=1.0).contains(&share) {
            return Err(PyValueError::new_err(format!(
                "{name} must be a float in [0.0, 1.0] or an int, got {share}"
            )));
        }
        return Ok(DocumentLimit::Share(share));
    }
    Err(PyTypeError::new_err(format!(
        "{name} must be int or float, not {}",
        type_name(limit)?
    )))
}

/// A matrix's arrays: (indptr, indices, data).
pub(super) fn matrix_arrays(matrix: CsrMatrix) -> (PyOwnedArray, PyOwnedArray, PyOwnedArray) {
    let (indptr, indices) = PyOwnedArray::of_index(matrix.index);
    (indptr, indices, PyOwnedArray::of_data(matrix.data))
}

/// What a fit is asked for: the n-grams, the pruning and the threads.
struct FitRequest {
    ngrams: NgramRange,
    pruning: Pruning,
    threads: std::num::NonZeroUsize,
}

impl FitRequest {
    #[allow(clippy::too_many_arguments)]
    fn of(
        ngram_range: (usize, usize),
        min_df: &Bound<'_, PyAny>,
        max_df: &Bound<'_, PyAny>,
        max_features: Option<usize>,
        binary: bool,
        threads: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        Ok(FitRequest {
            ngrams: self::ngram_range(ngram_range)?,
            pruning: Pruning {
                min_df: document_limit("min_df", min_df)?,
                max_df: document_limit("max_df", max_df)?,
                max_features,
                binary,
            },
            threads: thread_count(threads)?,
        })
    }
}

fn frequencies_array(frequencies: Vec<u64>) -> PyOwnedArray {
    let frequencies: Vec<i64> = frequencies
        .into_iter()
        .map(|frequency| i64::try_from(frequency).unwrap_or(i64::MAX))
        .collect();
    PyOwnedArray::leak(frequencies, Element::I64)
}

/// Fits a vocabulary on the documents `texts` and counts it in them:
/// (features, indptr, indices, data, document_frequencies).
#[pyfunction]
#[pyo3(signature = (tokenizer, texts, /, *, ngram_range, min_df, max_df, max_features, dtype, threads, binary = false))]
#[allow(clippy::too_many_arguments)]
pub(super) fn fit_counts<'py>(
    py: Python<'py>,
    tokenizer: &Bound<'py, PyTokenizer>,
    texts: &Bound<'py, PyAny>,
    ngram_range: (usize, usize),
    min_df: &Bound<'py, PyAny>,
    max_df: &Bound<'py, PyAny>,
    max_features: Option<usize>,
    dtype: &str,
    threads: Option<&Bound<'py, PyAny>>,
    binary: bool,
) -> PyResult<Bound<'py, PyTuple>> {
    let request = FitRequest::of(ngram_range, min_df, max_df, max_features, binary, threads)?;
    let data_type = data_type(dtype)?;
    let tokenizer = tokenizer.get();
    let fitted = on_documents(texts, tokenizer, |batch| {
        let fitted = vectorize::fit(
            &tokenizer.inner,
            batch,
            request.ngrams,
            request.pruning,
            data_type,
            request.threads,
            &Gil(py),
        )??;
        Ok(fitted)
    })?;
    let features = PyFeatureIndex {
        features: Arc::new(fitted.features),
    };
    let (indptr, indices, data) = matrix_arrays(fitted.matrix);
    PyTuple::new(
        py,
        [
            Bound::new(py, features)?.into_any(),
            Bound::new(py, indptr)?.into_any(),
            Bound::new(py, indices)?.into_any(),
            Bound::new(py, data)?.into_any(),
            Bound::new(py, frequencies_array(fitted.document_frequencies))?.into_any(),
        ],
    )
}

/// Fits a vocabulary on the documents `texts` without making their matrix:
/// (features, document_frequencies, documents).
#[pyfunction]
#[pyo3(signature = (tokenizer, texts, /, *, ngram_range, min_df, max_df, max_features, threads, binary = false))]
#[allow(clippy::too_many_arguments)]
pub(super) fn fit_features(
    py: Python<'_>,
    tokenizer: &Bound<'_, PyTokenizer>,
    texts: &Bound<'_, PyAny>,
    ngram_range: (usize, usize),
    min_df: &Bound<'_, PyAny>,
    max_df: &Bound<'_, PyAny>,
    max_features: Option<usize>,
    threads: Option<&Bound<'_, PyAny>>,
    binary: bool,
) -> PyResult<(PyFeatureIndex, PyOwnedArray, usize)> {
    let request = FitRequest::of(ngram_range, min_df, max_df, max_features, binary, threads)?;
    let tokenizer = tokenizer.get();
    on_documents(texts, tokenizer, |batch| {
        let fitted = vectorize::fit_vocabulary(
            &tokenizer.inner,
            batch,
            request.ngrams,
            request.pruning,
            request.threads,
            &Gil(py),
        )??;
        Ok((
            PyFeatureIndex {
                features: Arc::new(fitted.features),
            },
            frequencies_array(fitted.document_frequencies),
            batch.texts.len(),
        ))
    })
}

/// Fits a vocabulary on counts of the documents (a TokenCounts' term and
/// document frequencies, keyed by n-gram, and its number of documents):
/// (features, document_frequencies).
#[pyfunction]
#[pyo3(signature = (term_frequencies, document_frequencies, documents, /, *, min_df, max_df, max_features, binary = false))]
#[allow(clippy::too_many_arguments)]
pub(super) fn fit_counted(
    py: Python<'_>,
    term_frequencies: &Bound<'_, PyDict>,
    document_frequencies: &Bound<'_, PyDict>,
    documents: usize,
    min_df: &Bound<'_, PyAny>,
    max_df: &Bound<'_, PyAny>,
    max_features: Option<usize>,
    binary: bool,
) -> PyResult<(PyFeatureIndex, PyOwnedArray)> {
    let pruning = Pruning {
        min_df: document_limit("min_df", min_df)?,
        max_df: document_limit("max_df", max_df)?,
        max_features,
        binary,
    };
    let mut entries: Vec<(String, u64, u64)> = Vec::with_capacity(term_frequencies.len());
    for (gram, term) in term_frequencies.iter() {
        let label = format!("the term frequency of {}", gram.repr()?);
        let Ok(text) = gram.cast::<PyString>() else {
            return Err(PyTypeError::new_err(format!(
                "{label}: an n-gram must be str, not {}",
                type_name(&gram)?
            )));
        };
        let document = document_frequencies
            .get_item(&gram)?
            .map_or(Ok(0), |found| found.extract::<u64>())?;
        entries.push((text_as_str(text, Some(&label))?.to_owned(), term.extract()?, document));
    }
    let fitted = py.detach(|| {
        vectorize::fit_counted(
            entries
                .iter()
                .map(|(text, term, document)| (text.as_str(), *term, *document)),
            documents,
            pruning,
        )
    })?;
    Ok((
        PyFeatureIndex {
            features: Arc::new(fitted.features),
        },
        frequencies_array(fitted.document_frequencies),
    ))
}

/// The counts of the given features in the documents `texts`:
/// (indptr, indices, data).
#[pyfunction]
#[pyo3(signature = (tokenizer, texts, features, /, *, ngram_range, dtype, threads))]
pub(super) fn count_matrix(
    py: Python<'_>,
    tokenizer: &Bound<'_, PyTokenizer>,
    texts: &Bound<'_, PyAny>,
    features: &Bound<'_, PyFeatureIndex>,
    ngram_range: (usize, usize),
    dtype: &str,
    threads: Option<&Bound<'_, PyAny>>,
) -> PyResult<(PyOwnedArray, PyOwnedArray, PyOwnedArray)> {
    let ngrams = self::ngram_range(ngram_range)?;
    let data_type = data_type(dtype)?;
    let threads = thread_count(threads)?;
    let tokenizer = tokenizer.get();
    let features = Arc::clone(&features.get().features);
    on_documents(texts, tokenizer, |batch| {
        let matrix = vectorize::transform(&tokenizer.inner, batch, &features, ngrams, data_type, threads, &Gil(py))?;
        Ok(matrix_arrays(matrix))
    })
}

/// The documents `texts` hashed as scikit-learn's FeatureHasher does:
/// (indptr, indices, data).
#[pyfunction]
#[pyo3(signature = (tokenizer, texts, /, *, ngram_range, n_features, alternate_sign, dtype, threads))]
#[allow(clippy::too_many_arguments)]
pub(super) fn hash_matrix(
    py: Python<'_>,
    tokenizer: &Bound<'_, PyTokenizer>,
    texts: &Bound<'_, PyAny>,
    ngram_range: (usize, usize),
    n_features: u64,
    alternate_sign: bool,
    dtype: &str,
    threads: Option<&Bound<'_, PyAny>>,
) -> PyResult<(PyOwnedArray, PyOwnedArray, PyOwnedArray)> {
    let ngrams = self::ngram_range(ngram_range)?;
    let hashing = Hashing::new(n_features, alternate_sign)?;
    let data_type = data_type(dtype)?;
    let threads = thread_count(threads)?;
    let tokenizer = tokenizer.get();
    on_documents(texts, tokenizer, |batch| {
        let matrix = vectorize::hash(&tokenizer.inner, batch, hashing, ngrams, data_type, threads, &Gil(py))?;
        Ok(matrix_arrays(matrix))
    })
}
