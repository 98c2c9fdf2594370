//! The `Tokenizer` class.

use std::sync::{Arc, Mutex, TryLockError};

use pyo3::exceptions::{PyRuntimeError, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFrozenSet, PyList, PyString};

use super::errors::{StopwordWarning, WordsiftError};
use super::host::Gil;
use super::lists::{append_docs, counts_to_py, extend_strings, GcPause, ListSink, StringCache};
use super::offsets;
use super::options::{bool_option, errors_option, length_option, stopword_source, thread_count, Arg, StopwordSource};
use super::text::{checked_text, text_str, SurrogatePolicy, Texts};
use super::token_array::{offset_unit, PyTokenArray};
use crate::batch::{self, Batch};
use crate::options::{OptionKind, OptionValue, LISTED_ORDER, OPTIONS};
use crate::vectorize::{self, NgramRange};
use crate::{NormalizationForm, OffsetUnit, StemLanguage, TokenBuffer, Tokenizer, TokenizerOptions};

/// Texts at least this long are tokenised with the GIL released; for shorter
/// ones releasing and re-taking it costs more than it frees.
pub(super) const DETACH_MIN_BYTES: usize = 16 * 1024;

/// Splits text into lower-cased word tokens and drops stopwords.
///
/// Tokenizer(*, stopwords="default", lowercase=True, case_sensitive=False,
///           keep_numbers=False, min_len=1, max_len=None, normalize="NFC",
///           errors="strict", cjk=None, stem=None, segment=None,
///           strip_accents=None, urls=None, emails=None, mentions=None,
///           hashtags=None, emoji=None, html=False)
///
/// - stopwords: a bundled list's name or ISO 639-1 code ("default" is
///   English), any iterable of str, or None to keep every word.
/// - lowercase: lower-case the tokens (as str.lower does).
/// - case_sensitive: with lowercase=False, match stopwords exactly.
/// - keep_numbers: runs of decimal digits are tokens too.
/// - min_len, max_len: the shortest and longest token kept, in code points.
/// - normalize: "NFC", "NFKC" or None, applied first.
/// - errors: a lone surrogate in a str raises ("strict") or becomes U+FFFD
///   ("replace").
/// - cjk: None (a run of Han and kana is one word), "chars" (each a token) or
///   "bigrams" (each two neighbours a token).
/// - stem: a language ("english", "de", ...) whose Snowball stemmer stems
///   each kept token; needs lowercase=True.
/// - segment: None (wordsift's rule) or "uax29" (Unicode's word boundaries,
///   which keep "can't", "u.s" and "2,000" whole).
/// - strip_accents: None, "unicode" (the marks of Latin, Greek and Cyrillic
///   letters: "café" is "cafe") or "ascii" (scikit-learn's: NFKD, then
///   every character beyond ASCII removed).
/// - urls, emails, mentions, hashtags: None (split into words as any
///   text), "keep" (each one token, as written: "#covid19") or "drop".
/// - emoji: None (emoji separate words) or "keep" (each emoji a token,
///   skin tones, flags and ZWJ sequences whole).
/// - html: read the text as HTML first (tags and comments separate words,
///   script, style and template content is dropped, &eacute; is é);
///   offsets point into the markup.
///
/// Immutable once built, and safe to share between threads; tok(text) is
/// tok.tokenize(text). See wordsift.reference for the rules in plain Python.
#[pyclass(frozen, name = "Tokenizer", module = "wordsift")]
pub(super) struct PyTokenizer {
    pub(super) inner: Tokenizer,
    pub(super) strings: Mutex<StringCache>,
    pub(super) stopword_source: StopwordSource,
    /// The `errors` option: what a lone surrogate in a text does.
    pub(super) surrogates: SurrogatePolicy,
}

impl PyTokenizer {
    /// The value of a name option, as the getters give it.
    fn name_of(&self, option: &str) -> Option<&'static str> {
        match self.inner.options().get(option) {
            Some(OptionValue::Name(name)) => name,
            _ => None,
        }
    }

    /// The entries of `words` (this Tokenizer's stopwords) that can never
    /// match, sorted and each once.
    pub(super) fn unmatchable_of(&self, mut words: Vec<String>) -> Vec<String> {
        words.sort_unstable();
        words.dedup();
        self.inner
            .unmatchable_stopwords(&words)
            .into_iter()
            .map(str::to_owned)
            .collect()
    }

    /// Warns (StopwordWarning) of the entries of `words` (this Tokenizer's
    /// stopwords) that can never match, if any, naming the first few.
    pub(super) fn warn_of_unmatchable_stopwords(&self, py: Python<'_>, words: Vec<String>) -> PyResult<()> {
        const SHOWN: usize = 5;
        let unmatchable = self.unmatchable_of(words);
        if unmatchable.is_empty() {
            return Ok(());
        }
        let mut shown = unmatchable
            .iter()
            .take(SHOWN)
            .map(|word| Ok(PyString::new(py, word).repr()?.to_str()?.to_owned()))
            .collect::<PyResult<Vec<String>>>()?
            .join(", ");
        if unmatchable.len() > SHOWN {
            shown.push_str(", ...");
        }
        let (count, verb) = match unmatchable.len() {
            1 => ("1 stopword".to_owned(), "is"),
            count => (format!("{count} stopwords"), "are"),
        };
        let message = format!(
            "{count} can never match a token under these options and {verb} ignored: {shown}; \
             see Tokenizer.unmatchable_stopwords"
        );
        // A repr holds no NUL byte.
        let message = std::ffi::CString::new(message).map_err(|error| PyRuntimeError::new_err(error.to_string()))?;
        PyErr::warn(py, &py.get_type::<StopwordWarning>(), &message, 1)
    }

    /// A Tokenizer from the keyword arguments `given` (None: no argument),
    /// and its stopwords as given (for the unmatchable-entry check). Each
    /// option of the core's `OPTIONS` is read the way its kind says, in
    /// the reference's order, so that both raise the same error first.
    pub(super) fn build(py: Python<'_>, given: Option<&Bound<'_, PyDict>>) -> PyResult<(Self, Vec<String>)> {
        let arg = |name: &str| -> PyResult<Arg<'_>> {
            let value = match given {
                Some(given) => given.get_item(name)?,
                None => None,
            };
            Ok(value.map_or(Arg::Missing, Arg::Given))
        };
        if let Some(given) = given {
            for key in given.keys() {
                let key = key.str()?;
                let key = key.to_str()?;
                let known = key == "stopwords" || key == "errors" || OPTIONS.iter().any(|&(name, _)| name == key);
                if !known {
                    return Err(PyTypeError::new_err(format!(
                        "Tokenizer.__new__() got an unexpected keyword argument '{key}'"
                    )));
                }
            }
        }
        let mut options = TokenizerOptions::default();
        let mut surrogates = SurrogatePolicy::Strict;
        for (name, kind) in OPTIONS {
            if let Arg::Given(obj) = arg(name)? {
                let name_given = name_value(&obj)?;
                let value = match kind {
                    OptionKind::Flag => OptionValue::Flag(bool_option(Arg::Given(obj.clone()), name, false)?),
                    OptionKind::Count => OptionValue::Count(length_option(&obj, name)?),
                    OptionKind::Limit if obj.is_none() => OptionValue::Limit(None),
                    OptionKind::Limit => OptionValue::Limit(Some(length_option(&obj, name)?)),
                    OptionKind::Name => OptionValue::Name(name_given.as_deref()),
                };
                let refused = |expected: String| {
                    let shown = obj.repr().map(|repr| repr.to_string()).unwrap_or_default();
                    WordsiftError::new_err(format!("{name} must be {expected}, got {shown}"))
                };
                // A value of another type than a name's (a str) or None.
                if kind == OptionKind::Name && name_given.is_none() && !obj.is_none() {
                    return Err(refused(TokenizerOptions::expected(name)));
                }
                options.set(name, value).map_err(refused)?;
            }
            match name {
                "max_len" => check_lengths(py, arg("min_len")?, arg("max_len")?)?,
                // The binding's own option comes next in the reference's order.
                "normalize" => surrogates = errors_option(arg("errors")?)?,
                _ => {}
            }
        }
        // The rules between options, before the stopwords are read (the
        // reference's order).
        options.validate()?;
        let stopword_source = stopword_source(arg("stopwords")?, surrogates)?;
        // Read once: a bundled list is copied out of the binary, a given one
        // cloned, and both the set and the check below take it.
        let words = stopword_source.words()?;
        let tokenizer = PyTokenizer {
            inner: Tokenizer::new(options, words.as_deref())?,
            strings: Mutex::new(StringCache::for_tokenizer()),
            stopword_source,
            surrogates,
        };
        Ok((tokenizer, words.unwrap_or_default()))
    }

    /// The keyword arguments that rebuild this tokenizer, in the API's order.
    pub(super) fn options_as_kwargs<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let options = self.inner.options();
        let kwargs = PyDict::new(py);
        kwargs.set_item("stopwords", self.stopword_source.to_python(py)?)?;
        for name in LISTED_ORDER {
            if let Some(value) = options.get(name) {
                kwargs.set_item(name, value_to_python(py, value)?)?;
            }
            if name == "normalize" {
                kwargs.set_item("errors", self.surrogates.name())?;
            }
        }
        Ok(kwargs)
    }

    /// Runs `f` with the tokenizer's string cache, or with a fresh one when
    /// another thread holds it (waiting could deadlock: the holder may need
    /// the GIL or a Python critical section this thread has).
    pub(super) fn with_strings<R>(&self, f: impl FnOnce(&mut StringCache) -> R) -> R {
        match self.strings.try_lock() {
            Ok(mut cache) => f(&mut cache),
            // The cache is a map of strings that a panic cannot leave
            // inconsistent in a way that matters: keep using it.
            Err(TryLockError::Poisoned(poisoned)) => f(&mut poisoned.into_inner()),
            Err(TryLockError::WouldBlock) => f(&mut StringCache::for_one_call()),
        }
    }
}

#[pymethods]
impl PyTokenizer {
    #[new]
    #[pyo3(signature = (**options))]
    #[pyo3(text_signature = "(*, stopwords='default', lowercase=True, case_sensitive=False, \
        keep_numbers=False, min_len=1, max_len=None, normalize='NFC', errors='strict', cjk=None, stem=None, \
        segment=None, strip_accents=None, urls=None, emails=None, mentions=None, hashtags=None, emoji=None, html=False)")]
    pub(super) fn new(py: Python<'_>, options: Option<&Bound<'_, PyDict>>) -> PyResult<Self> {
        let (tokenizer, words) = Self::build(py, options)?;
        tokenizer.warn_of_unmatchable_stopwords(py, words)?;
        Ok(tokenizer)
    }

    /// The stopwords that no token can equal under this Tokenizer's options,
    /// sorted: they hold punctuation, spaces or digits (with keep_numbers
    /// off), or capitals when tokens are lower-cased and matching is
    /// case-sensitive. They can never match; a StopwordWarning names them
    /// when the Tokenizer is made.
    #[getter]
    pub(super) fn unmatchable_stopwords(&self) -> PyResult<Vec<String>> {
        Ok(self.unmatchable_of(self.stopword_source.words()?.unwrap_or_default()))
    }

    /// `tokenize(text)`: a Tokenizer is a callable from text to tokens, as
    /// scikit-learn's `CountVectorizer(analyzer=...)` expects.
    #[pyo3(signature = (text, /))]
    pub(super) fn __call__<'py>(&self, py: Python<'py>, text: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyList>> {
        self.tokenize(py, text)
    }

    /// The tokens of one text.
    #[pyo3(signature = (text, /))]
    pub(super) fn tokenize<'py>(&self, py: Python<'py>, text: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyList>> {
        let text = text_str(checked_text(text, "text")?, self.surrogates, None)?;
        let text: &str = &text;
        if text.len() < DETACH_MIN_BYTES {
            return self.with_strings(|strings| {
                let mut sink = ListSink {
                    py,
                    strings,
                    // About one token in eight bytes of text; no regrowth
                    // on most texts.
                    tokens: Vec::with_capacity(text.len() / 6),
                };
                self.inner.scan_kept(text, &mut sink);
                PyList::new(py, sink.tokens)
            });
        }
        let mut tokens = TokenBuffer::new();
        py.detach(|| self.inner.tokenize_into(text, &mut tokens));
        self.with_strings(|strings| PyList::new(py, tokens.iter().map(|token| strings.string(py, token, None))))
    }

    /// The tokens of one text, each with where it came from: (token, start,
    /// end), text[start:end] being the characters of the text as given that
    /// made the token, before normalisation and lower-casing (a stem has its
    /// word's span; under cjk="bigrams" neighbouring spans overlap).
    #[pyo3(signature = (text, /))]
    pub(super) fn tokenize_with_offsets<'py>(&self, text: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyList>> {
        offsets::tokenize_with_offsets(self, text)
    }

    /// Every span of one text, in order, and what became of it: kept (with
    /// its token and stem), or dropped as a stopword, a number, too short,
    /// too long, or a separator. A wordsift.explanation.Explanation: a list
    /// of Entry, shown as a table.
    #[pyo3(signature = (text, /))]
    pub(super) fn explain<'py>(&self, text: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        offsets::explain(self, text)
    }

    /// The tokens of each text of an iterable, in order, on up to `threads`
    /// threads (None: all available cores). The texts are tokenised with the
    /// GIL released; the calling thread builds the lists meanwhile.
    #[pyo3(signature = (texts, /, *, threads = None))]
    pub(super) fn tokenize_batch<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        threads: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyList>> {
        let threads = thread_count(threads)?;
        let texts = Texts::of(texts, self.surrogates)?;
        let (strs, nulls) = texts.strs()?;
        let batch = Batch {
            texts: &strs,
            shared: texts.in_producer_buffers(),
        };
        let result = PyList::empty(py);
        // The lists built here hold only strings, so no cycle can form; a
        // garbage collection triggered by allocating them (one in every few
        // hundred lists) would only re-traverse the growing result.
        let _gc_paused = GcPause::new(py)?;
        self.with_strings(|strings| {
            // The string of each token by id: the calling thread's ids
            // first, then each other thread's.
            let mut by_thread: Vec<Vec<Bound<'py, PyString>>> = vec![Vec::new(); threads.get()];
            batch::token_ids(&self.inner, batch, threads, &Gil(py), |vocabulary, slice| {
                let Some((own, others)) = by_thread.split_first_mut() else {
                    return Err(PyRuntimeError::new_err("a batch without threads"));
                };
                extend_strings(py, own, vocabulary, strings);
                let by_id = match slice.thread.checked_sub(1) {
                    None => own,
                    // A slice names the thread that made it, one of `threads`.
                    Some(other) => {
                        let Some(by_id) = others.get_mut(other) else {
                            return Err(PyRuntimeError::new_err("a slice from an unknown thread"));
                        };
                        by_id.extend(slice.new_ids.iter().filter_map(|&id| own.get(id as usize)).cloned());
                        by_id
                    }
                };
                append_docs(py, &result, slice.docs(), by_id)
            })
        })?;
        // A null text (of an Arrow column) gives None, not a list.
        for (index, _) in nulls.iter().flatten().enumerate().filter(|(_, &null)| null) {
            result.set_item(index, py.None())?;
        }
        Ok(result)
    }

    /// The tokens of each text of an iterable as one Arrow column of type
    /// large_list<large_string>, with no Python object per token. The result
    /// exports the Arrow PyCapsule interface: pass it to pyarrow.array(),
    /// polars.Series() and other Arrow consumers, which take it without a copy.
    ///
    /// offsets=True (or "chars") adds where each token came from, as
    /// tokenize_with_offsets gives it: the result is a struct of three
    /// columns, tokens, start and end (large_list<int64>), which
    /// pyarrow.record_batch(result) makes a record batch of. Offsets count
    /// code points (a str's indices); offsets="bytes" counts bytes of the
    /// text's UTF-8 instead (what Arrow, Rust and polars' binary slicing
    /// index by).
    #[pyo3(signature = (texts, /, *, threads = None, offsets = None))]
    pub(super) fn tokenize_arrow(
        &self,
        py: Python<'_>,
        texts: &Bound<'_, PyAny>,
        threads: Option<&Bound<'_, PyAny>>,
        offsets: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyTokenArray> {
        let threads = thread_count(threads)?;
        let offsets = offsets_option(offsets)?;
        let texts = Texts::of(texts, self.surrogates)?;
        let (strs, nulls) = texts.strs()?;
        let batch = Batch {
            texts: &strs,
            shared: texts.in_producer_buffers(),
        };
        let mut columns = batch::token_columns(&self.inner, batch, threads, offsets, &Gil(py))?;
        if let Some(nulls) = nulls {
            columns.set_nulls(&nulls);
        }
        Ok(PyTokenArray {
            columns: Arc::new(columns),
        })
    }

    /// Term and document frequencies of the kept tokens of an iterable of
    /// texts, counted on up to `threads` threads (None: all available cores)
    /// with no Python object per token: a wordsift.TokenCounts of two
    /// collections.Counter objects and the number of documents. With
    /// ngram_range=(min_n, max_n), of the word n-grams of each text for
    /// every n from min_n to max_n, their tokens joined with one space.
    #[pyo3(signature = (texts, /, *, threads = None, ngram_range = (1, 1)), text_signature = "(self, texts, /, *, threads=None, ngram_range=(1, 1))")]
    pub(super) fn count<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        threads: Option<&Bound<'py, PyAny>>,
        ngram_range: (usize, usize),
    ) -> PyResult<Bound<'py, PyAny>> {
        let ngrams = NgramRange::new(ngram_range.0, ngram_range.1)?;
        let threads = thread_count(threads)?;
        let texts = Texts::of(texts, self.surrogates)?;
        let (mut strs, nulls) = texts.strs()?;
        // A null text (of an Arrow column) is no document.
        if let Some(nulls) = nulls {
            let mut is_null = nulls.into_iter();
            strs.retain(|_| !is_null.next().unwrap_or(false));
        }
        let batch = Batch {
            texts: &strs,
            shared: texts.in_producer_buffers(),
        };
        let counts = if ngrams == NgramRange::UNIGRAMS {
            batch::count(&self.inner, batch, threads, &Gil(py))?
        } else {
            vectorize::ngram_counts(&self.inner, batch, ngrams, threads, &Gil(py))?
        };
        counts_to_py(py, &counts)
    }

    /// Whether the text is lower-cased before splitting.
    #[getter]
    pub(super) fn lowercase(&self) -> bool {
        self.inner.options().lowercase
    }

    /// Whether stopwords match exactly, case included.
    #[getter]
    pub(super) fn case_sensitive(&self) -> bool {
        self.inner.options().case_sensitive
    }

    /// Whether runs of decimal digits are tokens.
    #[getter]
    pub(super) fn keep_numbers(&self) -> bool {
        self.inner.options().keep_numbers
    }

    /// The shortest token kept, in code points.
    #[getter]
    pub(super) fn min_len(&self) -> usize {
        self.inner.options().min_len
    }

    /// The longest token kept, in code points, or None.
    #[getter]
    pub(super) fn max_len(&self) -> Option<usize> {
        self.inner.options().max_len
    }

    /// The normalisation form applied first ("NFC", "NFKC") or None.
    #[getter]
    pub(super) fn normalize(&self) -> Option<&'static str> {
        self.inner.options().normalize.map(NormalizationForm::name)
    }

    /// The language whose Snowball stemmer each kept token goes through, or
    /// None.
    #[getter]
    pub(super) fn stem(&self) -> Option<&'static str> {
        self.inner.options().stem.map(StemLanguage::name)
    }

    /// What a run of Han ideographs and kana makes: None (a word, like any
    /// letters), "chars" (a token per character) or "bigrams" (a token per
    /// two neighbouring characters).
    #[getter]
    pub(super) fn cjk(&self) -> Option<&'static str> {
        self.inner.options().cjk.name()
    }

    /// Where words are cut: None (wordsift's rule) or "uax29" (the word
    /// boundaries of Unicode Standard Annex #29).
    #[getter]
    pub(super) fn segment(&self) -> Option<&'static str> {
        self.inner.options().segment.name()
    }

    /// Which accents are removed before the words are found: None,
    /// "unicode" (the marks of Latin, Greek and Cyrillic letters) or
    /// "ascii" (scikit-learn's: all beyond ASCII after NFKD).
    #[getter]
    pub(super) fn strip_accents(&self) -> Option<&'static str> {
        self.name_of("strip_accents")
    }

    /// What a URL makes: None (words, by the word rules), "keep" (one
    /// token) or "drop" (none).
    #[getter]
    pub(super) fn urls(&self) -> Option<&'static str> {
        self.name_of("urls")
    }

    /// What an e-mail address makes: None, "keep" or "drop", as for urls.
    #[getter]
    pub(super) fn emails(&self) -> Option<&'static str> {
        self.name_of("emails")
    }

    /// What an @mention makes: None, "keep" or "drop", as for urls.
    #[getter]
    pub(super) fn mentions(&self) -> Option<&'static str> {
        self.name_of("mentions")
    }

    /// What a #hashtag makes: None, "keep" or "drop", as for urls.
    #[getter]
    pub(super) fn hashtags(&self) -> Option<&'static str> {
        self.name_of("hashtags")
    }

    /// Whether emoji are tokens: None (separators) or "keep" (each emoji,
    /// with its modifiers and joined sequence, one token).
    #[getter]
    pub(super) fn emoji(&self) -> Option<&'static str> {
        self.name_of("emoji")
    }

    /// Whether the text is read as HTML: markup separates words, the content
    /// of script, style and template goes, character references are
    /// decoded; offsets point into the markup.
    #[getter]
    pub(super) fn html(&self) -> bool {
        self.inner.options().html
    }

    /// What a lone surrogate in a text does: "strict" raises
    /// UnicodeEncodeError, "replace" makes it U+FFFD. Surrogate pairs are
    /// joined either way.
    #[getter]
    pub(super) fn errors(&self) -> &'static str {
        self.surrogates.name()
    }

    /// The stopwords as matched (normalised, lower-cased unless
    /// case-sensitive), or None when filtering is off.
    #[getter]
    pub(super) fn stopwords<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyFrozenSet>>> {
        self.inner
            .stopwords()
            .map(|words| PyFrozenSet::new(py, words.iter()))
            .transpose()
    }

    /// What pickle stores: `_restore_tokenizer` and the keyword arguments
    /// that rebuild this tokenizer. Always the same for equal tokenizers, in
    /// the same order, so that `pickle.dumps` is byte-identical across calls
    /// and processes.
    pub(super) fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<(Bound<'py, PyAny>, (Bound<'py, PyDict>,))> {
        let restore = py.import("wordsift._core")?.getattr("_restore_tokenizer")?;
        Ok((restore, (self.options_as_kwargs(py)?,)))
    }

    /// A Tokenizer never changes: a copy is the object itself.
    pub(super) fn __copy__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    pub(super) fn __deepcopy__<'py>(slf: PyRef<'py, Self>, memo: &Bound<'py, PyAny>) -> PyRef<'py, Self> {
        let _ = memo;
        slf
    }

    pub(super) fn __repr__(&self) -> String {
        let options = self.inner.options();
        let stopwords = match self.inner.stopwords() {
            Some(words) => format!("<{} words>", words.len()),
            None => "None".to_owned(),
        };
        let mut shown = vec![format!("stopwords={stopwords}")];
        for name in LISTED_ORDER {
            if let Some(value) = options.get(name) {
                shown.push(format!("{name}={}", value_repr(value)));
            }
            if name == "normalize" {
                shown.push(format!("errors='{}'", self.surrogates.name()));
            }
        }
        format!("Tokenizer({})", shown.join(", "))
    }
}

/// A name option's str value (None for None or another type).
/// `tokenize_arrow`'s `offsets`: None or False (none), True or "chars",
/// or "bytes".
fn offsets_option(offsets: Option<&Bound<'_, PyAny>>) -> PyResult<Option<OffsetUnit>> {
    let Some(offsets) = offsets.filter(|offsets| !offsets.is_none()) else {
        return Ok(None);
    };
    if let Ok(flag) = offsets.cast::<PyBool>() {
        return Ok(flag.is_true().then_some(OffsetUnit::CodePoints));
    }
    match offsets.cast::<PyString>() {
        Ok(name) => offset_unit(name.to_str()?).map(Some),
        Err(_) => Err(PyTypeError::new_err(format!(
            "offsets must be a bool, 'chars' or 'bytes', not {}",
            super::errors::type_name(offsets)?
        ))),
    }
}

fn name_value(obj: &Bound<'_, PyAny>) -> PyResult<Option<String>> {
    obj.cast::<PyString>()
        .ok()
        .map(|name| name.to_str().map(str::to_owned))
        .transpose()
}

/// Refuses min_len > max_len, compared as Python ints: the usize values
/// saturate, so `validate` cannot tell 2**70 from 2**65.
fn check_lengths(py: Python<'_>, min_len: Arg<'_>, max_len: Arg<'_>) -> PyResult<()> {
    let Arg::Given(max_len) = max_len else { return Ok(()) };
    if max_len.is_none() {
        return Ok(());
    }
    let min_len = match min_len {
        Arg::Given(min_len) => min_len,
        Arg::Missing => TokenizerOptions::default().min_len.into_pyobject(py)?.into_any(),
    };
    if min_len.gt(&max_len)? {
        return Err(WordsiftError::new_err(format!(
            "min_len ({}) must not exceed max_len ({})",
            min_len.str()?,
            max_len.str()?
        )));
    }
    Ok(())
}

/// An option's value as Python has it.
fn value_to_python<'py>(py: Python<'py>, value: OptionValue<'_>) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        OptionValue::Flag(flag) => PyBool::new(py, flag).to_owned().into_any(),
        OptionValue::Count(count) => count.into_pyobject(py)?.into_any(),
        OptionValue::Limit(limit) => limit.into_pyobject(py)?.into_any(),
        OptionValue::Name(name) => name.into_pyobject(py)?.into_any(),
    })
}

/// An option's value as Python's repr writes it.
fn value_repr(value: OptionValue<'_>) -> String {
    match value {
        OptionValue::Flag(true) => "True".to_owned(),
        OptionValue::Flag(false) => "False".to_owned(),
        OptionValue::Count(count) | OptionValue::Limit(Some(count)) => count.to_string(),
        OptionValue::Limit(None) | OptionValue::Name(None) => "None".to_owned(),
        OptionValue::Name(Some(name)) => format!("'{name}'"),
    }
}
