//! The `TokenArray` class: token columns exported to Arrow consumers.

use std::sync::Arc;

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyCapsule, PyList, PyString};

use super::lists::{columns_to_lists, StringCache};
use super::text::{checked_text, text_as_str};
use crate::{export_token_columns, token_columns_schema, TokenColumns};

/// Tokens of many documents as one Arrow large_list<large_string> column.
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
    /// A TokenArray holding `lists`, a list of lists of str.
    #[staticmethod]
    pub(super) fn from_pylist(lists: &Bound<'_, PyAny>) -> PyResult<Self> {
        let mut columns = TokenColumns::default();
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
                columns.push_token(text_as_str(checked_text(&token, "tokens")?, Some("token"))?);
            }
            columns.end_doc();
        }
        columns.set_nulls(&nulls);
        Ok(PyTokenArray {
            columns: Arc::new(columns),
        })
    }

    /// Pickled as its lists (`from_pylist(self.to_pylist())`).
    pub(super) fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, (Bound<'py, PyList>,))> {
        let rebuild = slf.get_type().getattr("from_pylist")?;
        Ok((rebuild, (slf.get().to_pylist(slf.py())?,)))
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

    /// The tokens as a list of lists of str.
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
        let schema = PyCapsule::new_with_value(py, token_columns_schema(), c"arrow_schema")?;
        let array = PyCapsule::new_with_value(py, export_token_columns(Arc::clone(&self.columns)), c"arrow_array")?;
        Ok((schema, array))
    }

    pub(super) fn __repr__(&self) -> String {
        format!(
            "<wordsift.TokenArray: {} documents, {} tokens, large_list<large_string>>",
            self.columns.doc_count(),
            self.columns.token_count()
        )
    }
}
