//! Python lists of tokens: the string cache (one str per distinct token)
//! and the list builders.

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString, PyTuple};

use crate::tokenize::TokenSink;
use crate::unicode::ascii::PADDED_TOKEN_BYTES;
use crate::{TokenColumns, TokenCounts, Vocabulary};

/// Disables Python's cyclic garbage collector until dropped, if it was on.
pub(super) struct GcPause<'py> {
    pub(super) gc: Option<Bound<'py, PyModule>>,
}

impl<'py> GcPause<'py> {
    pub(super) fn new(py: Python<'py>) -> PyResult<Self> {
        let gc = py.import("gc")?;
        if !gc.call_method0("isenabled")?.is_truthy()? {
            return Ok(GcPause { gc: None });
        }
        gc.call_method0("disable")?;
        Ok(GcPause { gc: Some(gc) })
    }
}

impl Drop for GcPause<'_> {
    fn drop(&mut self) {
        if let Some(gc) = &self.gc {
            // Re-enabling cannot fail in practice; if it did, raising from a
            // destructor is impossible, so report it as unraisable.
            if let Err(error) = gc.call_method0("enable") {
                error.write_unraisable(gc.py(), Some(gc.as_any()));
            }
        }
    }
}

/// What a Tokenizer remembers of the kept tokens it has seen: their Python
/// strings, so that a repeated token costs one lookup and a reference count
/// instead of a new string (word frequencies are Zipfian).
///
/// Holds at most `limit` tokens; once full, new tokens are handled without
/// being remembered. The frequent tokens are in by then, and the bound keeps
/// a long-lived Tokenizer from holding a whole corpus' vocabulary.
pub(super) struct StringCache {
    pub(super) tokens: Vocabulary,
    /// By token id.
    pub(super) strings: Vec<Py<PyString>>,
    pub(super) limit: usize,
    /// The ints 0, 1, 2, ... made so far for offsets (at most
    /// `CACHED_INTS`): a span's ints cost a reference count, not an
    /// object made and freed.
    ints: Vec<Py<PyAny>>,
}

/// The offsets whose ints a cache keeps: those of texts of up to 64 Ki
/// characters (some 2 MiB of ints, made as offsets reach them).
const CACHED_INTS: usize = 1 << 16;

impl StringCache {
    /// The long-lived cache of a Tokenizer: bounded.
    pub(super) fn for_tokenizer() -> Self {
        StringCache {
            tokens: Vocabulary::new(),
            strings: Vec::new(),
            limit: 1 << 14,
            ints: Vec::new(),
        }
    }

    /// A cache for one call only.
    pub(super) fn for_one_call() -> Self {
        StringCache {
            tokens: Vocabulary::new(),
            strings: Vec::new(),
            limit: usize::MAX,
            ints: Vec::new(),
        }
    }

    /// The string of `token`, if the cache has it.
    #[inline]
    pub(super) fn find<'py>(
        &mut self,
        py: Python<'py>,
        token: &str,
        padded: Option<&[u8; PADDED_TOKEN_BYTES]>,
    ) -> Option<Bound<'py, PyString>> {
        let id = match padded {
            Some(padded) => self.tokens.find_padded(token, padded),
            None => self.tokens.find(token),
        }?;
        Some(self.strings.get(id as usize)?.bind(py).clone())
    }

    pub(super) fn is_full(&self) -> bool {
        self.strings.len() >= self.limit
    }

    /// Makes and, while there is room, remembers a new token's string.
    pub(super) fn remember<'py>(&mut self, py: Python<'py>, token: &str) -> Bound<'py, PyString> {
        let string = PyString::new(py, token);
        if !self.is_full() {
            self.tokens.intern(token);
            self.strings.push(string.clone().unbind());
        }
        string
    }

    /// The int `value`, from the cache if it keeps it.
    #[inline]
    pub(super) fn int<'py>(&mut self, py: Python<'py>, value: usize) -> PyResult<Bound<'py, PyAny>> {
        if value >= CACHED_INTS {
            return Ok(value.into_pyobject(py)?.into_any());
        }
        while self.ints.len() <= value {
            self.ints.push(self.ints.len().into_pyobject(py)?.into_any().unbind());
        }
        Ok(self
            .ints
            .get(value)
            .map_or_else(|| py.None(), |int| int.clone_ref(py))
            .into_bound(py))
    }

    /// The string of `token`, made if the cache lacks it.
    #[inline]
    pub(super) fn string<'py>(
        &mut self,
        py: Python<'py>,
        token: &str,
        padded: Option<&[u8; PADDED_TOKEN_BYTES]>,
    ) -> Bound<'py, PyString> {
        match self.find(py, token, padded) {
            Some(found) => found,
            None => self.remember(py, token),
        }
    }
}

/// Collects the strings of one text's kept tokens (the scan drops the
/// stopwords), each made once while the string cache has room.
pub(super) struct ListSink<'a, 'py> {
    pub(super) py: Python<'py>,
    pub(super) strings: &'a mut StringCache,
    pub(super) tokens: Vec<Bound<'py, PyString>>,
}

impl TokenSink for &mut ListSink<'_, '_> {
    #[inline]
    fn token(&mut self, token: &str) {
        let ListSink { py, strings, tokens } = self;
        tokens.push(strings.string(*py, token, None));
    }

    #[inline]
    fn padded_token(&mut self, token: &str, padded: &[u8; PADDED_TOKEN_BYTES]) {
        let ListSink { py, strings, tokens } = self;
        tokens.push(strings.string(*py, token, Some(padded)));
    }
}

/// Token columns as a list of lists of str, one string per distinct token
/// (through `strings`); with spans, of (token, start, end) tuples.
pub(super) fn columns_to_lists<'py>(
    py: Python<'py>,
    columns: &TokenColumns,
    strings: &mut StringCache,
) -> PyResult<Bound<'py, PyList>> {
    let docs = (0..columns.doc_count())
        .map(|doc| {
            if columns.is_null(doc) {
                return Ok(py.None().into_bound(py));
            }
            if columns.spans.is_none() {
                let tokens = columns.doc(doc).map(|token| strings.string(py, token, None));
                return Ok(PyList::new(py, tokens)?.into_any());
            }
            let spanned = columns
                .doc(doc)
                .zip(columns.doc_spans(doc))
                .map(|(token, (start, end))| {
                    let token = strings.string(py, token, None);
                    // Offsets are never negative.
                    span_tuple(py, strings, token, start as usize, end as usize)
                })
                .collect::<PyResult<Vec<_>>>()?;
            Ok(PyList::new(py, spanned)?.into_any())
        })
        .collect::<PyResult<Vec<_>>>()?;
    PyList::new(py, docs)
}

/// (token, start, end), left out of the cyclic garbage collector's view.
#[inline]
pub(super) fn span_tuple<'py>(
    py: Python<'py>,
    strings: &mut StringCache,
    token: Bound<'py, PyString>,
    start: usize,
    end: usize,
) -> PyResult<Bound<'py, PyTuple>> {
    let tuple = (token, strings.int(py, start)?, strings.int(py, end)?).into_pyobject(py)?;
    // SAFETY: `tuple` is a live tuple, just made, and this thread holds the
    // GIL. A tuple of a str and two ints can be in no reference cycle, so
    // the collector need never look at it: CPython untracks such tuples
    // itself, but only once a collection has traversed them, and a list of
    // a million tuples made collections the most of the work.
    // PyObject_GC_UnTrack accepts an object not tracked.
    unsafe { pyo3::ffi::PyObject_GC_UnTrack(tuple.as_ptr().cast()) };
    Ok(tuple)
}

/// Counts as a wordsift.TokenCounts (two collections.Counter objects and the
/// number of documents).
pub(super) fn counts_to_py<'py>(py: Python<'py>, counts: &TokenCounts) -> PyResult<Bound<'py, PyAny>> {
    let term_frequencies = PyDict::new(py);
    let document_frequencies = PyDict::new(py);
    for (token, term, document) in counts.iter() {
        let token = PyString::new(py, token);
        term_frequencies.set_item(&token, term)?;
        document_frequencies.set_item(&token, document)?;
    }
    py.import("wordsift.counts")?.getattr("_from_dicts")?.call1((
        term_frequencies,
        document_frequencies,
        counts.documents(),
    ))
}

/// Appends to `result` one list per document of token ids, each id replaced
/// by its string in `by_id`.
pub(super) fn append_docs<'a, 'py>(
    py: Python<'py>,
    result: &Bound<'py, PyList>,
    docs: impl Iterator<Item = &'a [u32]>,
    by_id: &[Bound<'py, PyString>],
) -> PyResult<()> {
    // Every id has its string: the empty string stands in for a missing one
    // only so that the iterator keeps its exact size, and each list is made
    // at its size with no buffer of its own first.
    let missing = PyString::new(py, "");
    for doc in docs {
        let tokens = doc.iter().map(|&id| by_id.get(id as usize).unwrap_or(&missing));
        result.append(PyList::new(py, tokens)?)?;
    }
    Ok(())
}

/// Gives `by_id` the strings of the ids of `vocabulary` it lacks.
pub(super) fn extend_strings<'py>(
    py: Python<'py>,
    by_id: &mut Vec<Bound<'py, PyString>>,
    vocabulary: &Vocabulary,
    strings: &mut StringCache,
) {
    for id in by_id.len()..vocabulary.len() {
        by_id.push(strings.string(py, vocabulary.get(id as u32), None));
    }
}
