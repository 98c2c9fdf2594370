//! Where tokens came from, for Python: `Tokenizer.tokenize_with_offsets`
//! and `Tokenizer.explain`, their byte spans counted as the str's indices.

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString, PyTuple};

use super::options::StopwordSource;
use super::text::{checked_text, repaired_starts, text_str};
use super::tokenizer::{PyTokenizer, DETACH_MIN_BYTES};
use crate::{bundled_list_name, CodePoints};

/// Byte offsets of a text's UTF-8 as indices of the str it came from.
struct StrIndices<'t> {
    points: CodePoints<'t>,
    /// For a str with surrogates: where each character of its repaired
    /// copy starts in it.
    repaired: Option<Vec<usize>>,
}

impl StrIndices<'_> {
    fn index(&mut self, byte: usize) -> usize {
        let point = self.points.index(byte);
        match &self.repaired {
            Some(starts) => starts.get(point).copied().unwrap_or(point),
            None => point,
        }
    }
}

/// Runs `f` on the UTF-8 of `text` (repaired as the `errors` option says)
/// with the GIL released for a long text, then converts its spans.
fn with_str_spans<'py, T: Send>(
    tokenizer: &PyTokenizer,
    text: &Bound<'py, PyAny>,
    f: impl FnOnce(&str) -> Vec<T> + Send,
    span_of: impl Fn(&mut T) -> (&mut usize, &mut usize),
) -> PyResult<Vec<T>> {
    let py = text.py();
    let given = checked_text(text, "text")?;
    let utf8 = text_str(given, tokenizer.surrogates, None)?;
    let utf8: &str = &utf8;
    let mut found = if utf8.len() < DETACH_MIN_BYTES {
        f(utf8)
    } else {
        py.detach(|| f(utf8))
    };
    let repaired = match given.to_str() {
        Ok(_) => None,
        Err(_) => Some(repaired_starts(given)?),
    };
    let mut indices = StrIndices {
        points: CodePoints::new(utf8),
        repaired,
    };
    for item in &mut found {
        let (start, end) = span_of(item);
        *start = indices.index(*start);
        *end = indices.index(*end);
    }
    Ok(found)
}

pub(super) fn tokenize_with_offsets<'py>(
    tokenizer: &PyTokenizer,
    text: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyList>> {
    let py = text.py();
    let spans = with_str_spans(
        tokenizer,
        text,
        |utf8| {
            let mut spans = Vec::new();
            tokenizer
                .inner
                .for_each_token_with_span(utf8, |token, start, end| spans.push((token.to_owned(), start, end)));
            spans
        },
        |(_, start, end)| (start, end),
    )?;
    tokenizer.with_strings(|strings| {
        let tuples = spans
            .iter()
            .map(|(token, start, end)| (strings.string(py, token, None), *start, *end).into_pyobject(py))
            .collect::<PyResult<Vec<Bound<'py, PyTuple>>>>()?;
        PyList::new(py, tuples)
    })
}

pub(super) fn explain<'py>(tokenizer: &PyTokenizer, text: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let py = text.py();
    let entries = with_str_spans(
        tokenizer,
        text,
        |utf8| tokenizer.inner.explain(utf8),
        |entry| (&mut entry.start, &mut entry.end),
    )?;
    let spans = entries
        .into_iter()
        .map(|entry| (entry.start, entry.end, entry.fate.name(), entry.token, entry.stem).into_pyobject(py))
        .collect::<PyResult<Vec<Bound<'py, PyTuple>>>>()?;
    let options = tokenizer.inner.options();
    let kwargs = PyDict::new(py);
    let stopword_list = match &tokenizer.stopword_source {
        StopwordSource::Bundled(name) => Some(bundled_list_name(name)?),
        _ => None,
    };
    kwargs.set_item("stopword_list", stopword_list)?;
    kwargs.set_item("min_len", options.min_len)?;
    kwargs.set_item("max_len", options.max_len)?;
    py.import("wordsift.explanation")?
        .getattr("explanation")?
        .call((text.cast::<PyString>()?, PyList::new(py, spans)?), Some(&kwargs))
}
