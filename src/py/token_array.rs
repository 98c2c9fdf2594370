//! The `TokenArray` class: token columns exported to Arrow consumers.

use std::sync::Arc;

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyCapsule, PyList, PyString};

use super::errors::WordsiftError;
use super::lists::{columns_to_lists, StringCache};
use super::text::{checked_text, text_as_str};
use crate::{export_token_columns, token_columns_schema, OffsetUnit, TokenColumns};

/// Tokens of many documents as one Arrow large_list<large_string> column;
/// with offsets, a struct of three: tokens, and the start and end of each
/// token in its text (large_list<int64>, counted in `offsets`: "chars" or
/// "bytes").
///
/// Made by Tokenizer.tokenize_arrow. It implements the Arrow PyCapsule
/// interface (__arrow_c_array__), so pyarrow.array(tokens),
/// polars.Series(tokens) and other Arrow consumers take it without copying.
#[pyclass(frozen, name = "TokenArray", module = "wordsift")]
pub(super) struct PyTokenArray {
    pub(super) columns: Arc<TokenColumns>,
}

#[pymethods]
impl PyTokenArray {
    /// A TokenArray holding `lists`, a list of lists of str; with
    /// `offsets` ("chars" or "bytes"), of (token, start, end) tuples.
    #[staticmethod]
    #[pyo3(signature = (lists, offsets = None))]
    pub(super) fn from_pylist(lists: &Bound<'_, PyAny>, offsets: Option<&str>) -> PyResult<Self> {
        let unit = offsets.map(offset_unit).transpose()?;
        let mut columns = unit.map_or_else(TokenColumns::default, TokenColumns::with_spans);
        let mut nulls = Vec::new();
        for tokens in lists.try_iter()? {
            let tokens = tokens?;
            nulls.push(tokens.is_none());
            if tokens.is_none() {
                columns.end_doc();
                continue;
            }
            if tokens.is_instance_of::<PyString>() {
                return Err(PyTypeError::new_err("each item must be a list of str, not a str"));
            }
            for token in tokens.try_iter()? {
                let token = token?;
                if unit.is_none() {
                    columns.push_token(text_as_str(checked_text(&token, "tokens")?, Some("token"))?);
                    continue;
                }
                let (token, start, end): (Bound<'_, PyAny>, usize, usize) = token
                    .extract()
                    .map_err(|_| PyTypeError::new_err("with offsets, each token must be a (str, int, int) tuple"))?;
                let token = text_as_str(checked_text(&token, "tokens")?, Some("token"))?;
                columns.push_token_with_span(token, start, end);
            }
            columns.end_doc();
        }
        columns.set_nulls(&nulls);
        Ok(PyTokenArray {
            columns: Arc::new(columns),
        })
    }

    /// Pickled as its lists (`from_pylist(self.to_pylist(), self.offsets)`).
    #[allow(clippy::type_complexity)]
    pub(super) fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> PyResult<(Bound<'py, PyAny>, (Bound<'py, PyList>, Option<&'static str>))> {
        let rebuild = slf.get_type().getattr("from_pylist")?;
        Ok((rebuild, (slf.get().to_pylist(slf.py())?, slf.get().offsets())))
    }

    /// What the offsets count ("chars": code points, a str's indices;
    /// "bytes": UTF-8 bytes), or None for an array of tokens alone.
    #[getter]
    pub(super) fn offsets(&self) -> Option<&'static str> {
        self.columns.spans.as_ref().map(|spans| spans.unit.name())
    }

    /// The number of documents.
    pub(super) fn __len__(&self) -> usize {
        self.columns.doc_count()
    }

    /// The number of tokens of all documents.
    #[getter]
    pub(super) fn token_count(&self) -> usize {
        self.columns.token_count()
    }

    /// The tokens as a list of lists of str (with offsets, of (token,
    /// start, end) tuples).
    pub(super) fn to_pylist<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        columns_to_lists(py, &self.columns, &mut StringCache::for_one_call())
    }

    /// Exports the column through the Arrow C data interface: a pair of
    /// capsules (schema, array). `requested_schema` is ignored: the column
    /// has one type only.
    #[pyo3(signature = (requested_schema = None))]
    pub(super) fn __arrow_c_array__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<(Bound<'py, PyCapsule>, Bound<'py, PyCapsule>)> {
        let _ = requested_schema;
        let schema = PyCapsule::new_with_value(py, token_columns_schema(&self.columns), c"arrow_schema")?;
        let array = PyCapsule::new_with_value(py, export_token_columns(Arc::clone(&self.columns)), c"arrow_array")?;
        Ok((schema, array))
    }

    pub(super) fn __repr__(&self) -> String {
        let kind = match self.offsets() {
            None => "large_list<large_string>".to_owned(),
            Some(unit) => format!("struct<tokens, start, end> with offsets in {unit}"),
        };
        format!(
            "<wordsift.TokenArray: {} documents, {} tokens, {kind}>",
            self.columns.doc_count(),
            self.columns.token_count()
        )
    }
}

/// The `offsets` argument's unit.
pub(super) fn offset_unit(name: &str) -> PyResult<OffsetUnit> {
    OffsetUnit::from_name(name)
        .ok_or_else(|| WordsiftError::new_err(format!("offsets must be 'chars' or 'bytes', got {name:?}")))
}
