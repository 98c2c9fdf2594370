//! Tokenizer options from Python arguments: each parsed once, here.

use std::num::NonZeroUsize;

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyByteArray, PyBytes, PyInt, PyList, PyString};

use super::errors::{type_name, WordsiftError};
use super::text::{checked_text, repaired, SurrogatePolicy};
use crate::bundled_list;

/// An optional argument that tells "not given" from an explicit None.
pub(super) enum Arg<'py> {
    Missing,
    Given(Bound<'py, PyAny>),
}

impl<'a, 'py> FromPyObject<'a, 'py> for Arg<'py> {
    type Error = PyErr;

    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        Ok(Arg::Given(obj.to_owned()))
    }
}

pub(super) fn bool_option(arg: Arg<'_>, name: &str, default: bool) -> PyResult<bool> {
    match arg {
        Arg::Missing => Ok(default),
        Arg::Given(obj) => match obj.cast::<PyBool>() {
            Ok(value) => Ok(value.is_true()),
            Err(_) => Err(PyTypeError::new_err(format!(
                "{name} must be bool, not {}",
                type_name(&obj)?
            ))),
        },
    }
}

/// A non-negative int; values beyond usize saturate (no token is that long).
pub(super) fn length_option(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<usize> {
    if !obj.is_instance_of::<PyInt>() {
        return Err(PyTypeError::new_err(format!(
            "{name} must be int, not {}",
            type_name(obj)?
        )));
    }
    if obj.lt(0)? {
        return Err(WordsiftError::new_err(format!(
            "{name} must be >= 0, got {}",
            obj.str()?
        )));
    }
    Ok(obj.extract::<usize>().unwrap_or(usize::MAX))
}

pub(super) fn errors_option(arg: Arg<'_>) -> PyResult<SurrogatePolicy> {
    let obj = match arg {
        Arg::Missing => return Ok(SurrogatePolicy::Strict),
        Arg::Given(obj) => obj,
    };
    let policy = match obj.cast::<PyString>().ok().map(|name| name.to_str()).transpose()? {
        Some("strict") => Some(SurrogatePolicy::Strict),
        Some("replace") => Some(SurrogatePolicy::Replace),
        _ => None,
    };
    policy.ok_or_else(|| {
        let shown = obj.repr().map(|repr| repr.to_string()).unwrap_or_default();
        WordsiftError::new_err(format!("errors must be 'strict' or 'replace', got {shown}"))
    })
}

/// Where a Tokenizer's stopwords came from, as given: what a pickle of it
/// stores, so that unpickling prepares them the same way.
#[derive(Clone, Debug)]
pub(super) enum StopwordSource {
    None,
    /// A bundled list, by the name it was asked for.
    Bundled(String),
    /// Entries as given, sorted and without repeats (neither order nor
    /// repeats change the set, and sorting makes pickles byte-identical).
    Words(Vec<String>),
}

impl StopwordSource {
    pub(super) fn words(&self) -> PyResult<Option<Vec<String>>> {
        Ok(match self {
            StopwordSource::None => None,
            StopwordSource::Bundled(name) => Some(bundled_list(name)?.into_iter().map(str::to_owned).collect()),
            StopwordSource::Words(words) => Some(words.clone()),
        })
    }

    pub(super) fn to_python<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(match self {
            StopwordSource::None => py.None().into_bound(py),
            StopwordSource::Bundled(name) => PyString::new(py, name).into_any(),
            StopwordSource::Words(words) => PyList::new(py, words)?.into_any(),
        })
    }
}

pub(super) fn stopword_source(arg: Arg<'_>, policy: SurrogatePolicy) -> PyResult<StopwordSource> {
    let obj = match arg {
        Arg::Missing => return Ok(StopwordSource::Bundled("default".to_owned())),
        Arg::Given(obj) if obj.is_none() => return Ok(StopwordSource::None),
        Arg::Given(obj) => obj,
    };
    if let Ok(name) = obj.cast::<PyString>() {
        let name = name.to_str()?;
        // Checked now: an unknown name fails here, not at unpickling.
        bundled_list(name)?;
        return Ok(StopwordSource::Bundled(name.to_owned()));
    }
    let not_a_list = || -> PyResult<PyErr> {
        Ok(PyTypeError::new_err(format!(
            "stopwords must be a list name, an iterable of str or None, not {}",
            type_name(&obj)?
        )))
    };
    if obj.is_instance_of::<PyBytes>() || obj.is_instance_of::<PyByteArray>() {
        return Err(not_a_list()?);
    }
    let Ok(iterator) = obj.try_iter() else {
        return Err(not_a_list()?);
    };
    let mut words = Vec::new();
    for item in iterator {
        let item = item?;
        let word = checked_text(&item, "stopwords entries")?;
        let word = repaired(word, policy, Some("stopwords entry"))?;
        words.push(word.to_str()?.to_owned());
    }
    words.sort_unstable();
    words.dedup();
    Ok(StopwordSource::Words(words))
}

pub(super) fn thread_count(threads: Option<&Bound<'_, PyAny>>) -> PyResult<NonZeroUsize> {
    let Some(threads) = threads.filter(|threads| !threads.is_none()) else {
        return Ok(crate::parallel::default_threads()?);
    };
    if !threads.is_instance_of::<PyInt>() {
        return Err(PyTypeError::new_err(format!(
            "threads must be int or None, not {}",
            type_name(threads)?
        )));
    }
    if threads.lt(1)? {
        return Err(WordsiftError::new_err(format!(
            "threads must be >= 1, got {}",
            threads.str()?
        )));
    }
    // More threads than a machine can have only cost spawns; cap silently.
    let requested = threads.extract::<usize>().unwrap_or(usize::MAX).min(4096);
    Ok(NonZeroUsize::new(requested).unwrap_or(NonZeroUsize::MIN))
}
