//! Core errors as Python exceptions: the one place they are mapped.

use pyo3::exceptions::PyMemoryError;
use pyo3::exceptions::{PyBrokenPipeError, PyFileNotFoundError, PyOSError, PyPermissionError};
use pyo3::prelude::*;

use crate::corpus::{self, ErrorKind};

use crate::Error;

pyo3::import_exception!(wordsift.errors, WordsiftError);
pyo3::import_exception!(wordsift.errors, StopwordWarning);

impl From<Error> for PyErr {
    fn from(error: Error) -> PyErr {
        match error {
            Error::OutOfMemory(message) => PyMemoryError::new_err(message),
            other => WordsiftError::new_err(other.to_string()),
        }
    }
}

pub(super) fn type_name(obj: &Bound<'_, PyAny>) -> PyResult<String> {
    Ok(obj.get_type().name()?.to_string())
}

/// A corpus error as the Python exception its kind calls for; the message is
/// the core's.
pub(super) fn corpus_error(error: impl Into<corpus::Error>) -> PyErr {
    let error = error.into();
    let message = error.to_string();
    match error.kind() {
        ErrorKind::Invalid => WordsiftError::new_err(message),
        ErrorKind::NotFound => PyFileNotFoundError::new_err(message),
        ErrorKind::PermissionDenied => PyPermissionError::new_err(message),
        // The reader of stdout went away (`| head`): the CLI stops quietly.
        ErrorKind::BrokenPipe => PyBrokenPipeError::new_err(message),
        ErrorKind::Io => PyOSError::new_err(message),
    }
}
