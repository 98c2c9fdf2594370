//! Where tokens came from, for Python: `Tokenizer.tokenize_with_offsets`
//! and `Tokenizer.explain`, their byte spans counted as the str's indices.

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString, PyTuple};

use super::lists::{span_tuple, StringCache};
use super::options::StopwordSource;
use super::text::{checked_text, repaired_starts, text_str};
use super::tokenizer::{PyTokenizer, DETACH_MIN_BYTES};
use crate::tokenize::TokenSink;
use crate::unicode::ascii::PADDED_TOKEN_BYTES;
use crate::{bundled_list_name, CodePoints, TokenBuffer};

/// Byte offsets of a text's UTF-8 as indices of the str it came from.
struct StrIndices<'t> {
    points: CodePoints<'t>,
    /// For a str with surrogates: where each character of its repaired
    /// copy starts in it.
    repaired: Option<Vec<usize>>,
}

impl<'t> StrIndices<'t> {
    /// The indices of `given`, whose UTF-8 (repaired, if it held
    /// surrogates) is `utf8`.
    fn of(given: &Bound<'_, PyString>, utf8: &'t str) -> PyResult<Self> {
        let repaired = match given.to_str() {
            Ok(_) => None,
            Err(_) => Some(repaired_starts(given)?),
        };
        Ok(StrIndices {
            points: CodePoints::new(utf8),
            repaired,
        })
    }

    #[inline]
    fn index(&mut self, byte: usize) -> usize {
        let point = self.points.index(byte);
        match &self.repaired {
            Some(starts) => starts.get(point).copied().unwrap_or(point),
            None => point,
        }
    }
}

pub(super) fn tokenize_with_offsets<'py>(
    tokenizer: &PyTokenizer,
    text: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyList>> {
    let py = text.py();
    let given = checked_text(text, "text")?;
    let utf8 = text_str(given, tokenizer.surrogates, None)?;
    let utf8: &str = &utf8;
    let mut indices = StrIndices::of(given, utf8)?;
    if utf8.len() >= DETACH_MIN_BYTES {
        // Scanned with the GIL released, into one buffer; then made Python's.
        let (tokens, spans) = py.detach(|| {
            let mut tokens = TokenBuffer::new();
            let mut spans = Vec::new();
            tokenizer.inner.for_each_token_with_span(utf8, |token, start, end| {
                tokens.push(token);
                spans.push((start, end));
            });
            (tokens, spans)
        });
        return tokenizer.with_strings(|strings| {
            let tuples = tokens
                .iter()
                .zip(spans)
                .map(|(token, (start, end))| {
                    let token = strings.string(py, token, None);
                    span_tuple(py, strings, token, indices.index(start), indices.index(end))
                })
                .collect::<PyResult<Vec<_>>>()?;
            PyList::new(py, tuples)
        });
    }
    tokenizer.with_strings(|strings| {
        let mut sink = SpanListSink {
            py,
            strings,
            indices,
            span: (0, 0),
            tuples: Vec::with_capacity(utf8.len() / 6),
            error: None,
        };
        tokenizer.inner.scan_kept(utf8, &mut sink);
        match sink.error {
            Some(error) => Err(error),
            None => PyList::new(py, sink.tuples),
        }
    })
}

/// Makes each kept token's (token, start, end) tuple as the scan finds it.
struct SpanListSink<'a, 'py, 't> {
    py: Python<'py>,
    strings: &'a mut StringCache,
    indices: StrIndices<'t>,
    /// The next token's span, in bytes.
    span: (usize, usize),
    tuples: Vec<Bound<'py, PyTuple>>,
    /// The first failure to make a tuple (out of memory), raised at the end.
    error: Option<PyErr>,
}

impl SpanListSink<'_, '_, '_> {
    #[inline]
    fn push(&mut self, token: &str, padded: Option<&[u8; PADDED_TOKEN_BYTES]>) {
        let string = self.strings.string(self.py, token, padded);
        let (start, end) = (self.indices.index(self.span.0), self.indices.index(self.span.1));
        match span_tuple(self.py, self.strings, string, start, end) {
            Ok(tuple) => self.tuples.push(tuple),
            Err(error) => {
                self.error.get_or_insert(error);
            }
        }
    }
}

impl TokenSink for &mut SpanListSink<'_, '_, '_> {
    const SPANS: bool = true;

    #[inline]
    fn span(&mut self, start: usize, end: usize) {
        self.span = (start, end);
    }

    #[inline]
    fn token(&mut self, token: &str) {
        self.push(token, None);
    }

    #[inline]
    fn padded_token(&mut self, token: &str, padded: &[u8; PADDED_TOKEN_BYTES]) {
        self.push(token, Some(padded));
    }
}

pub(super) fn explain<'py>(tokenizer: &PyTokenizer, text: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let py = text.py();
    let given = checked_text(text, "text")?;
    let utf8 = text_str(given, tokenizer.surrogates, None)?;
    let utf8: &str = &utf8;
    let entries = if utf8.len() < DETACH_MIN_BYTES {
        tokenizer.inner.explain(utf8)
    } else {
        py.detach(|| tokenizer.inner.explain(utf8))
    };
    let mut indices = StrIndices::of(given, utf8)?;
    let spans = entries
        .into_iter()
        .map(|entry| {
            let (start, end) = (indices.index(entry.start), indices.index(entry.end));
            (start, end, entry.fate.name(), entry.token, entry.stem).into_pyobject(py)
        })
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
