//! The pyo3 binding: argument checking, GIL release and conversion only.
//! Everything that tokenises lives in the pure-Rust core.

use std::borrow::Cow;
use std::num::NonZeroUsize;
use std::sync::{Arc, Mutex, TryLockError};

use pyo3::exceptions::{PyImportError, PyMemoryError, PyRuntimeError, PyTypeError, PyUnicodeEncodeError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyByteArray, PyBytes, PyCapsule, PyDict, PyFrozenSet, PyInt, PyList, PyString, PyTuple};

use std::ffi::{c_void, CStr};

use crate::arrow_input::StringColumn;
use crate::ascii::PADDED_TOKEN_BYTES;
use crate::batch::{self, Batch, Host};
use crate::tokenizer::TokenSink;
use crate::{
    bundled_list, bundled_list_names, export_token_columns, token_columns_schema, unicode_version, CjkTokens, Error,
    NormalizationForm, Segmentation, StemLanguage, TokenBuffer, TokenColumns, TokenCounts, Tokenizer, TokenizerOptions,
    Vocabulary,
};

mod corpus;

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

/// The batch engine's host in Python: the GIL is released while the calling
/// thread tokenises or waits, and Ctrl-C is checked between slices.
struct Gil<'py>(Python<'py>);

impl Host for Gil<'_> {
    type Error = PyErr;

    fn block(&self, wait: &mut (dyn FnMut() + Send)) {
        self.0.detach(wait);
    }

    fn check(&self) -> PyResult<()> {
        self.0.check_signals()
    }
}

/// Texts at least this long are tokenised with the GIL released; for shorter
/// ones releasing and re-taking it costs more than it frees.
const DETACH_MIN_BYTES: usize = 16 * 1024;

/// An optional argument that tells "not given" from an explicit None.
enum Arg<'py> {
    Missing,
    Given(Bound<'py, PyAny>),
}

impl<'a, 'py> FromPyObject<'a, 'py> for Arg<'py> {
    type Error = PyErr;

    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        Ok(Arg::Given(obj.to_owned()))
    }
}

fn type_name(obj: &Bound<'_, PyAny>) -> PyResult<String> {
    Ok(obj.get_type().name()?.to_string())
}

fn bool_option(arg: Arg<'_>, name: &str, default: bool) -> PyResult<bool> {
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
fn length_option(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<usize> {
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

fn normalize_option(arg: Arg<'_>) -> PyResult<Option<NormalizationForm>> {
    let obj = match arg {
        Arg::Missing => return Ok(Some(NormalizationForm::Nfc)),
        Arg::Given(obj) if obj.is_none() => return Ok(None),
        Arg::Given(obj) => obj,
    };
    let form = match obj.cast::<PyString>() {
        Ok(name) => NormalizationForm::from_name(name.to_str()?),
        Err(_) => None,
    };
    form.map(Some).ok_or_else(|| {
        let shown = obj.repr().map(|repr| repr.to_string()).unwrap_or_default();
        WordsiftError::new_err(format!("normalize must be 'NFC', 'NFKC' or None, got {shown}"))
    })
}

/// An option that is None or a name: `default` when it is None or not
/// given, `parse`'s value for a name it knows, else a WordsiftError saying
/// what `option` must be (`expected`) and what it got.
fn named_option<T>(
    arg: Arg<'_>,
    option: &str,
    default: T,
    parse: impl FnOnce(&str) -> Option<T>,
    expected: impl FnOnce() -> String,
) -> PyResult<T> {
    let obj = match arg {
        Arg::Missing => return Ok(default),
        Arg::Given(obj) if obj.is_none() => return Ok(default),
        Arg::Given(obj) => obj,
    };
    let value = obj
        .cast::<PyString>()
        .ok()
        .map(|name| name.to_str())
        .transpose()?
        .and_then(parse);
    value.ok_or_else(|| {
        let shown = obj.repr().map(|repr| repr.to_string()).unwrap_or_default();
        WordsiftError::new_err(format!("{option} must be {}, got {shown}", expected()))
    })
}

/// The Python names of the `cjk` values other than None (Han ideographs and
/// kana are letters like any other): each is a token of its own, or each
/// two neighbours are a token.
const CJK_NAMES: [(CjkTokens, &str); 2] = [(CjkTokens::Chars, "chars"), (CjkTokens::Bigrams, "bigrams")];

/// The Python names of the `segment` values other than None (wordsift's
/// rule): Unicode word boundaries.
const SEGMENT_NAMES: [(Segmentation, &str); 1] = [(Segmentation::Uax29, "uax29")];

/// The value `names` gives `name`, if any.
fn value_named<T: Copy>(names: &[(T, &str)], name: &str) -> Option<T> {
    names.iter().find(|&&(_, known)| known == name).map(|&(value, _)| value)
}

/// The name `names` gives `value` (None: the option's None).
fn name_of<T: PartialEq>(names: &[(T, &'static str)], value: &T) -> Option<&'static str> {
    names.iter().find(|(known, _)| known == value).map(|&(_, name)| name)
}

fn cjk_option(arg: Arg<'_>) -> PyResult<CjkTokens> {
    named_option(
        arg,
        "cjk",
        CjkTokens::Words,
        |name| value_named(&CJK_NAMES, name),
        || "'chars', 'bigrams' or None".to_owned(),
    )
}

/// The `stem` option: None, or the name or ISO 639-1 code of a language
/// with a Snowball stemmer.
fn stem_option(arg: Arg<'_>) -> PyResult<Option<StemLanguage>> {
    named_option(
        arg,
        "stem",
        None,
        |name| StemLanguage::from_name(name).map(Some),
        || {
            let names: Vec<&str> = StemLanguage::names().collect();
            format!(
                "None or a language with a Snowball stemmer ({}, or its ISO 639-1 code)",
                names.join(", ")
            )
        },
    )
}

fn segment_option(arg: Arg<'_>) -> PyResult<Segmentation> {
    named_option(
        arg,
        "segment",
        Segmentation::Letters,
        |name| value_named(&SEGMENT_NAMES, name),
        || "'uax29' or None".to_owned(),
    )
}

/// The `segment` option's Python value.
fn segment_name(segment: Segmentation) -> Option<&'static str> {
    name_of(&SEGMENT_NAMES, &segment)
}

/// The `cjk` option's Python value.
fn cjk_name(cjk: CjkTokens) -> Option<&'static str> {
    name_of(&CJK_NAMES, &cjk)
}

/// What a lone surrogate in a text does (the Tokenizer's `errors` option).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SurrogatePolicy {
    /// Raise UnicodeEncodeError over the run of lone surrogates.
    Strict,
    /// Each lone surrogate becomes U+FFFD.
    Replace,
}

impl SurrogatePolicy {
    fn name(self) -> &'static str {
        match self {
            SurrogatePolicy::Strict => "strict",
            SurrogatePolicy::Replace => "replace",
        }
    }
}

fn errors_option(arg: Arg<'_>) -> PyResult<SurrogatePolicy> {
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

/// The UTF-8 of `text`, borrowed; or, if it holds surrogates, that of its
/// `repaired` copy. For a single text: no second look at a str that is fine.
fn text_str<'a>(text: &'a Bound<'_, PyString>, policy: SurrogatePolicy, label: Option<&str>) -> PyResult<Cow<'a, str>> {
    if let Ok(utf8) = text.to_str() {
        return Ok(Cow::Borrowed(utf8));
    }
    Ok(Cow::Owned(repaired(text, policy, label)?.to_str()?.to_owned()))
}

/// `text`, or, if it holds surrogates (so has no UTF-8 form), a new str in
/// which each pair of a high and a low surrogate is joined into the
/// character they encode and each other (lone) surrogate is replaced by
/// U+FFFD, or under `Strict` a UnicodeEncodeError over the run of lone
/// surrogates, in `text`'s own positions, with `label` in its reason. The
/// rules of `_check_text` in the reference.
fn repaired<'py>(
    text: &Bound<'py, PyString>,
    policy: SurrogatePolicy,
    label: Option<&str>,
) -> PyResult<Bound<'py, PyString>> {
    if text.to_str().is_ok() {
        return Ok(text.clone());
    }
    let py = text.py();
    // One code point per 4 bytes, surrogates included: positions are the
    // str's own.
    let utf32 = text.call_method1("encode", ("utf-32-le", "surrogatepass"))?;
    let utf32 = utf32.cast::<PyBytes>()?;
    let units: Vec<u32> = utf32
        .as_bytes()
        .chunks_exact(4)
        .map(|unit| <[u8; 4]>::try_from(unit).map_or(0, u32::from_le_bytes))
        .collect();
    // A surrogate that is not the high half of a pair (nor, so, its low half).
    let is_lone = |at: usize| match (units.get(at), units.get(at + 1)) {
        (Some(0xD800..=0xDBFF), Some(0xDC00..=0xDFFF)) => false,
        (Some(unit), _) => (0xD800..=0xDFFF).contains(unit),
        (None, _) => false,
    };
    let mut out = String::with_capacity(units.len());
    let mut at = 0;
    while let Some(&unit) = units.get(at) {
        if let (0xD800..=0xDBFF, Some(&low @ 0xDC00..=0xDFFF)) = (unit, units.get(at + 1)) {
            let joined = 0x10000 + ((unit - 0xD800) << 10 | (low - 0xDC00));
            out.push(char::from_u32(joined).unwrap_or(char::REPLACEMENT_CHARACTER));
            at += 2;
        } else if is_lone(at) {
            if policy == SurrogatePolicy::Strict {
                let mut end = at + 1;
                while is_lone(end) {
                    end += 1;
                }
                let reason = match label {
                    Some(label) => format!("surrogates not allowed in {label}"),
                    None => "surrogates not allowed".to_owned(),
                };
                return Err(PyUnicodeEncodeError::new_err((
                    "utf-8",
                    text.clone().unbind(),
                    at,
                    end,
                    reason,
                )));
            }
            out.push(char::REPLACEMENT_CHARACTER);
            at += 1;
        } else {
            out.push(char::from_u32(unit).unwrap_or(char::REPLACEMENT_CHARACTER));
            at += 1;
        }
    }
    Ok(PyString::new(py, &out))
}

/// A str's UTF-8 view; a lone surrogate raises UnicodeEncodeError with
/// `label` (such as "texts[3]") added to its reason.
fn text_as_str<'a>(text: &'a Bound<'_, PyString>, label: Option<&str>) -> PyResult<&'a str> {
    text.to_str().map_err(|error| {
        let Some(label) = label else { return error };
        let py = text.py();
        let value = error.value(py);
        let relabelled = (|| -> PyResult<PyErr> {
            let reason: String = value.getattr("reason")?.extract()?;
            Ok(PyUnicodeEncodeError::new_err((
                value.getattr("encoding")?.unbind(),
                value.getattr("object")?.unbind(),
                value.getattr("start")?.unbind(),
                value.getattr("end")?.unbind(),
                format!("{reason} in {label}"),
            )))
        })();
        relabelled.unwrap_or(error)
    })
}

fn checked_text<'a, 'py>(obj: &'a Bound<'py, PyAny>, label: &str) -> PyResult<&'a Bound<'py, PyString>> {
    obj.cast::<PyString>().map_err(|_| {
        PyTypeError::new_err(format!(
            "{label} must be str, not {}",
            type_name(obj).unwrap_or_default()
        ))
    })
}

/// Where a Tokenizer's stopwords came from, as given: what a pickle of it
/// stores, so that unpickling prepares them the same way.
#[derive(Clone, Debug)]
enum StopwordSource {
    None,
    /// A bundled list, by the name it was asked for.
    Bundled(String),
    /// Entries as given, sorted and without repeats (neither order nor
    /// repeats change the set, and sorting makes pickles byte-identical).
    Words(Vec<String>),
}

impl StopwordSource {
    fn words(&self) -> PyResult<Option<Vec<String>>> {
        Ok(match self {
            StopwordSource::None => None,
            StopwordSource::Bundled(name) => Some(bundled_list(name)?.into_iter().map(str::to_owned).collect()),
            StopwordSource::Words(words) => Some(words.clone()),
        })
    }

    fn to_python<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(match self {
            StopwordSource::None => py.None().into_bound(py),
            StopwordSource::Bundled(name) => PyString::new(py, name).into_any(),
            StopwordSource::Words(words) => PyList::new(py, words)?.into_any(),
        })
    }
}

fn stopword_source(arg: Arg<'_>, policy: SurrogatePolicy) -> PyResult<StopwordSource> {
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

/// Disables Python's cyclic garbage collector until dropped, if it was on.
struct GcPause<'py> {
    gc: Option<Bound<'py, PyModule>>,
}

impl<'py> GcPause<'py> {
    fn new(py: Python<'py>) -> PyResult<Self> {
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
struct StringCache {
    tokens: Vocabulary,
    /// By token id.
    strings: Vec<Py<PyString>>,
    limit: usize,
}

impl StringCache {
    /// The long-lived cache of a Tokenizer: bounded.
    fn for_tokenizer() -> Self {
        StringCache {
            tokens: Vocabulary::new(),
            strings: Vec::new(),
            limit: 1 << 14,
        }
    }

    /// A cache for one call only.
    fn for_one_call() -> Self {
        StringCache {
            tokens: Vocabulary::new(),
            strings: Vec::new(),
            limit: usize::MAX,
        }
    }

    /// The string of `token`, if the cache has it.
    #[inline]
    fn find<'py>(
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

    fn is_full(&self) -> bool {
        self.strings.len() >= self.limit
    }

    /// Makes and, while there is room, remembers a new token's string.
    fn remember<'py>(&mut self, py: Python<'py>, token: &str) -> Bound<'py, PyString> {
        let string = PyString::new(py, token);
        if !self.is_full() {
            self.tokens.intern(token);
            self.strings.push(string.clone().unbind());
        }
        string
    }

    /// The string of `token`, made if the cache lacks it.
    #[inline]
    fn string<'py>(
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
struct ListSink<'a, 'py> {
    py: Python<'py>,
    strings: &'a mut StringCache,
    tokens: Vec<Bound<'py, PyString>>,
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

/// Splits text into lower-cased word tokens and drops stopwords.
///
/// Tokenizer(*, stopwords="default", lowercase=True, case_sensitive=False,
///           keep_numbers=False, min_len=1, max_len=None, normalize="NFC",
///           errors="strict", cjk=None, stem=None, segment=None)
///
/// stopwords: a bundled list's name or ISO 639-1 code ("default" is
///     English), any iterable of str, or None to keep every word.
/// lowercase: lower-case the tokens (as str.lower does).
/// case_sensitive: with lowercase=False, match stopwords exactly.
/// keep_numbers: runs of decimal digits are tokens too.
/// min_len, max_len: the shortest and longest token kept, in code points.
/// normalize: "NFC", "NFKC" or None, applied first.
/// errors: a lone surrogate in a str raises ("strict") or becomes U+FFFD
///     ("replace").
/// cjk: None (a run of Han and kana is one word), "chars" (each a token) or
///     "bigrams" (each two neighbours a token).
/// stem: a language ("english", "de", ...) whose Snowball stemmer stems
///     each kept token; needs lowercase=True.
/// segment: None (wordsift's rule) or "uax29" (Unicode's word boundaries,
///     which keep "can't", "u.s" and "2,000" whole).
///
/// Immutable once built, and safe to share between threads; tok(text) is
/// tok.tokenize(text). See wordsift.reference for the rules in plain Python.
#[pyclass(frozen, name = "Tokenizer", module = "wordsift")]
struct PyTokenizer {
    inner: Tokenizer,
    strings: Mutex<StringCache>,
    stopword_source: StopwordSource,
    /// The `errors` option: what a lone surrogate in a text does.
    surrogates: SurrogatePolicy,
}

impl PyTokenizer {
    /// The entries of `words` (this Tokenizer's stopwords) that can never
    /// match, sorted and each once.
    fn unmatchable_of(&self, mut words: Vec<String>) -> Vec<String> {
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
    fn warn_of_unmatchable_stopwords(&self, py: Python<'_>, words: Vec<String>) -> PyResult<()> {
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

    /// A Tokenizer from its options, in `OPTION_NAMES` order, and its
    /// stopwords as given (for the unmatchable-entry check).
    fn build(py: Python<'_>, options: [Arg<'_>; OPTION_NAMES.len()]) -> PyResult<(Self, Vec<String>)> {
        let [stopwords, lowercase, case_sensitive, keep_numbers, min_len, max_len, normalize, errors, cjk, stem, segment] =
            options;
        // Checked in the reference's order, so that both raise the same error.
        let lowercase = bool_option(lowercase, "lowercase", true)?;
        let case_sensitive = bool_option(case_sensitive, "case_sensitive", false)?;
        let keep_numbers = bool_option(keep_numbers, "keep_numbers", false)?;
        let min_len = match min_len {
            Arg::Missing => PyInt::new(py, 1).into_any(),
            Arg::Given(obj) => obj,
        };
        let min_len_value = length_option(&min_len, "min_len")?;
        let max_len = match max_len {
            Arg::Given(obj) if !obj.is_none() => Some(obj),
            _ => None,
        };
        let max_len_value = max_len.as_ref().map(|obj| length_option(obj, "max_len")).transpose()?;
        // Compared as Python ints: the usize values saturate.
        if let Some(max_len) = &max_len {
            if min_len.gt(max_len)? {
                return Err(WordsiftError::new_err(format!(
                    "min_len ({}) must not exceed max_len ({})",
                    min_len.str()?,
                    max_len.str()?
                )));
            }
        }
        let normalize = normalize_option(normalize)?;
        let surrogates = errors_option(errors)?;
        let options = TokenizerOptions {
            lowercase,
            case_sensitive,
            keep_numbers,
            min_len: min_len_value,
            max_len: max_len_value,
            normalize,
            cjk: cjk_option(cjk)?,
            segment: segment_option(segment)?,
            stem: stem_option(stem)?,
        };
        if options.stem.is_some() && !options.lowercase {
            // Snowball's algorithms use upper-case letters as markers (French
            // deletes an H), so other input stems differently in each port.
            return Err(WordsiftError::new_err(
                "stem needs lowercase=True: the Snowball stemmers are defined on lower-case words",
            ));
        }
        let stopword_source = stopword_source(stopwords, surrogates)?;
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

    /// The keyword arguments that rebuild this tokenizer.
    fn options_as_kwargs<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let options = self.inner.options();
        let kwargs = PyDict::new(py);
        kwargs.set_item("stopwords", self.stopword_source.to_python(py)?)?;
        kwargs.set_item("lowercase", options.lowercase)?;
        kwargs.set_item("case_sensitive", options.case_sensitive)?;
        kwargs.set_item("keep_numbers", options.keep_numbers)?;
        kwargs.set_item("min_len", options.min_len)?;
        kwargs.set_item("max_len", options.max_len)?;
        kwargs.set_item("normalize", options.normalize.map(|form| form.name()))?;
        kwargs.set_item("errors", self.surrogates.name())?;
        kwargs.set_item("cjk", cjk_name(options.cjk))?;
        kwargs.set_item("stem", options.stem.map(StemLanguage::name))?;
        kwargs.set_item("segment", segment_name(options.segment))?;
        Ok(kwargs)
    }

    /// Runs `f` with the tokenizer's string cache, or with a fresh one when
    /// another thread holds it (waiting could deadlock: the holder may need
    /// the GIL or a Python critical section this thread has).
    fn with_strings<R>(&self, f: impl FnOnce(&mut StringCache) -> R) -> R {
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
    #[pyo3(signature = (
        *,
        stopwords = Arg::Missing,
        lowercase = Arg::Missing,
        case_sensitive = Arg::Missing,
        keep_numbers = Arg::Missing,
        min_len = Arg::Missing,
        max_len = Arg::Missing,
        normalize = Arg::Missing,
        errors = Arg::Missing,
        cjk = Arg::Missing,
        stem = Arg::Missing,
        segment = Arg::Missing,
    ))]
    #[pyo3(text_signature = "(*, stopwords='default', lowercase=True, case_sensitive=False, \
        keep_numbers=False, min_len=1, max_len=None, normalize='NFC', errors='strict', cjk=None, stem=None, \
        segment=None)")]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        stopwords: Arg<'_>,
        lowercase: Arg<'_>,
        case_sensitive: Arg<'_>,
        keep_numbers: Arg<'_>,
        min_len: Arg<'_>,
        max_len: Arg<'_>,
        normalize: Arg<'_>,
        errors: Arg<'_>,
        cjk: Arg<'_>,
        stem: Arg<'_>,
        segment: Arg<'_>,
    ) -> PyResult<Self> {
        let (tokenizer, words) = Self::build(
            py,
            [
                stopwords,
                lowercase,
                case_sensitive,
                keep_numbers,
                min_len,
                max_len,
                normalize,
                errors,
                cjk,
                stem,
                segment,
            ],
        )?;
        tokenizer.warn_of_unmatchable_stopwords(py, words)?;
        Ok(tokenizer)
    }

    /// The stopwords that no token can equal under this Tokenizer's options,
    /// sorted: they hold punctuation, spaces or digits (with keep_numbers
    /// off), or capitals when tokens are lower-cased and matching is
    /// case-sensitive. They can never match; a StopwordWarning names them
    /// when the Tokenizer is made.
    #[getter]
    fn unmatchable_stopwords(&self) -> PyResult<Vec<String>> {
        Ok(self.unmatchable_of(self.stopword_source.words()?.unwrap_or_default()))
    }

    /// `tokenize(text)`: a Tokenizer is a callable from text to tokens, as
    /// scikit-learn's `CountVectorizer(analyzer=...)` expects.
    #[pyo3(signature = (text, /))]
    fn __call__<'py>(&self, py: Python<'py>, text: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyList>> {
        self.tokenize(py, text)
    }

    /// The tokens of one text.
    #[pyo3(signature = (text, /))]
    fn tokenize<'py>(&self, py: Python<'py>, text: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyList>> {
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

    /// The tokens of each text of an iterable, in order, on up to `threads`
    /// threads (None: all available cores). The texts are tokenised with the
    /// GIL released; the calling thread builds the lists meanwhile.
    #[pyo3(signature = (texts, /, *, threads = None))]
    fn tokenize_batch<'py>(
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
    #[pyo3(signature = (texts, /, *, threads = None))]
    fn tokenize_arrow(
        &self,
        py: Python<'_>,
        texts: &Bound<'_, PyAny>,
        threads: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyTokenArray> {
        let threads = thread_count(threads)?;
        let texts = Texts::of(texts, self.surrogates)?;
        let (strs, nulls) = texts.strs()?;
        let batch = Batch {
            texts: &strs,
            shared: texts.in_producer_buffers(),
        };
        let mut columns = batch::token_columns(&self.inner, batch, threads, &Gil(py))?;
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
    /// collections.Counter objects and the number of documents.
    #[pyo3(signature = (texts, /, *, threads = None))]
    fn count<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        threads: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
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
        let counts = batch::count(&self.inner, batch, threads, &Gil(py))?;
        counts_to_py(py, &counts)
    }

    /// Whether the text is lower-cased before splitting.
    #[getter]
    fn lowercase(&self) -> bool {
        self.inner.options().lowercase
    }

    /// Whether stopwords match exactly, case included.
    #[getter]
    fn case_sensitive(&self) -> bool {
        self.inner.options().case_sensitive
    }

    /// Whether runs of decimal digits are tokens.
    #[getter]
    fn keep_numbers(&self) -> bool {
        self.inner.options().keep_numbers
    }

    /// The shortest token kept, in code points.
    #[getter]
    fn min_len(&self) -> usize {
        self.inner.options().min_len
    }

    /// The longest token kept, in code points, or None.
    #[getter]
    fn max_len(&self) -> Option<usize> {
        self.inner.options().max_len
    }

    /// The normalisation form applied first ("NFC", "NFKC") or None.
    #[getter]
    fn normalize(&self) -> Option<&'static str> {
        self.inner.options().normalize.map(NormalizationForm::name)
    }

    /// The language whose Snowball stemmer each kept token goes through, or
    /// None.
    #[getter]
    fn stem(&self) -> Option<&'static str> {
        self.inner.options().stem.map(StemLanguage::name)
    }

    /// What a run of Han ideographs and kana makes: None (a word, like any
    /// letters), "chars" (a token per character) or "bigrams" (a token per
    /// two neighbouring characters).
    #[getter]
    fn cjk(&self) -> Option<&'static str> {
        cjk_name(self.inner.options().cjk)
    }

    /// Where words are cut: None (wordsift's rule) or "uax29" (the word
    /// boundaries of Unicode Standard Annex #29).
    #[getter]
    fn segment(&self) -> Option<&'static str> {
        segment_name(self.inner.options().segment)
    }

    /// What a lone surrogate in a text does: "strict" raises
    /// UnicodeEncodeError, "replace" makes it U+FFFD. Surrogate pairs are
    /// joined either way.
    #[getter]
    fn errors(&self) -> &'static str {
        self.surrogates.name()
    }

    /// The stopwords as matched (normalised, lower-cased unless
    /// case-sensitive), or None when filtering is off.
    #[getter]
    fn stopwords<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyFrozenSet>>> {
        self.inner
            .stopwords()
            .map(|words| PyFrozenSet::new(py, words.iter()))
            .transpose()
    }

    /// What pickle stores: `_restore_tokenizer` and the keyword arguments
    /// that rebuild this tokenizer. Always the same for equal tokenizers, in
    /// the same order, so that `pickle.dumps` is byte-identical across calls
    /// and processes.
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<(Bound<'py, PyAny>, (Bound<'py, PyDict>,))> {
        let restore = py.import("wordsift._core")?.getattr("_restore_tokenizer")?;
        Ok((restore, (self.options_as_kwargs(py)?,)))
    }

    /// A Tokenizer never changes: a copy is the object itself.
    fn __copy__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __deepcopy__<'py>(slf: PyRef<'py, Self>, memo: &Bound<'py, PyAny>) -> PyRef<'py, Self> {
        let _ = memo;
        slf
    }

    fn __repr__(&self) -> String {
        let options = self.inner.options();
        let stopwords = match self.inner.stopwords() {
            Some(words) => format!("<{} words>", words.len()),
            None => "None".to_owned(),
        };
        let python_bool = |value: bool| if value { "True" } else { "False" };
        let max_len = options.max_len.map_or("None".to_owned(), |max| max.to_string());
        let normalize = options
            .normalize
            .map_or("None".to_owned(), |form| format!("'{}'", form.name()));
        let cjk = cjk_name(options.cjk).map_or("None".to_owned(), |name| format!("'{name}'"));
        let stem = options
            .stem
            .map_or("None".to_owned(), |language| format!("'{}'", language.name()));
        let segment = segment_name(options.segment).map_or("None".to_owned(), |name| format!("'{name}'"));
        format!(
            "Tokenizer(stopwords={stopwords}, lowercase={}, case_sensitive={}, keep_numbers={}, min_len={}, \
             max_len={max_len}, normalize={normalize}, errors='{}', cjk={cjk}, stem={stem}, \
             segment={segment})",
            python_bool(options.lowercase),
            python_bool(options.case_sensitive),
            python_bool(options.keep_numbers),
            options.min_len,
            self.surrogates.name(),
        )
    }
}

/// Token columns as a list of lists of str, one string per distinct token
/// (through `strings`).
fn columns_to_lists<'py>(
    py: Python<'py>,
    columns: &TokenColumns,
    strings: &mut StringCache,
) -> PyResult<Bound<'py, PyList>> {
    let docs = (0..columns.doc_count())
        .map(|doc| {
            if columns.is_null(doc) {
                return Ok(py.None().into_bound(py));
            }
            let tokens = columns.doc(doc).map(|token| strings.string(py, token, None));
            Ok(PyList::new(py, tokens)?.into_any())
        })
        .collect::<PyResult<Vec<_>>>()?;
    PyList::new(py, docs)
}

/// Counts as a wordsift.TokenCounts (two collections.Counter objects and the
/// number of documents).
fn counts_to_py<'py>(py: Python<'py>, counts: &TokenCounts) -> PyResult<Bound<'py, PyAny>> {
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
fn append_docs<'a, 'py>(
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
fn extend_strings<'py>(
    py: Python<'py>,
    by_id: &mut Vec<Bound<'py, PyString>>,
    vocabulary: &Vocabulary,
    strings: &mut StringCache,
) {
    for id in by_id.len()..vocabulary.len() {
        by_id.push(strings.string(py, vocabulary.get(id as u32), None));
    }
}

/// Tokens of many documents as one Arrow large_list<large_string> column.
///
/// Made by Tokenizer.tokenize_arrow. It implements the Arrow PyCapsule
/// interface (__arrow_c_array__), so pyarrow.array(tokens),
/// polars.Series(tokens) and other Arrow consumers take it without copying.
#[pyclass(frozen, name = "TokenArray", module = "wordsift")]
struct PyTokenArray {
    columns: Arc<TokenColumns>,
}

#[pymethods]
impl PyTokenArray {
    /// A TokenArray holding `lists`, a list of lists of str.
    #[staticmethod]
    fn from_pylist(lists: &Bound<'_, PyAny>) -> PyResult<Self> {
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
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, (Bound<'py, PyList>,))> {
        let rebuild = slf.get_type().getattr("from_pylist")?;
        Ok((rebuild, (slf.get().to_pylist(slf.py())?,)))
    }

    /// The number of documents.
    fn __len__(&self) -> usize {
        self.columns.doc_count()
    }

    /// The number of tokens of all documents.
    #[getter]
    fn token_count(&self) -> usize {
        self.columns.token_count()
    }

    /// The tokens as a list of lists of str.
    fn to_pylist<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        columns_to_lists(py, &self.columns, &mut StringCache::for_one_call())
    }

    /// Exports the column through the Arrow C data interface: a pair of
    /// capsules (schema, array). `requested_schema` is ignored: the column
    /// has one type only.
    #[pyo3(signature = (requested_schema = None))]
    fn __arrow_c_array__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<(Bound<'py, PyCapsule>, Bound<'py, PyCapsule>)> {
        let _ = requested_schema;
        let schema = PyCapsule::new_with_value(py, token_columns_schema(), c"arrow_schema")?;
        let array = PyCapsule::new_with_value(py, export_token_columns(Arc::clone(&self.columns)), c"arrow_array")?;
        Ok((schema, array))
    }

    fn __repr__(&self) -> String {
        format!(
            "<wordsift.TokenArray: {} documents, {} tokens, large_list<large_string>>",
            self.columns.doc_count(),
            self.columns.token_count()
        )
    }
}

/// The texts of a batch call: Python strs, or the values of an Arrow string
/// column (anything with `__arrow_c_array__` or `__arrow_c_stream__`:
/// pyarrow arrays and chunked arrays, polars Series, ...).
enum Texts<'py> {
    Python(Vec<Bound<'py, PyString>>),
    Arrow(StringColumn),
}

impl<'py> Texts<'py> {
    fn of(texts: &Bound<'py, PyAny>, policy: SurrogatePolicy) -> PyResult<Self> {
        let plain =
            texts.is_instance_of::<PyString>() || texts.is_instance_of::<PyList>() || texts.is_instance_of::<PyTuple>();
        if !plain {
            let imported = if texts.hasattr("__arrow_c_array__")? {
                Some(import_arrow_array(texts))
            } else if texts.hasattr("__arrow_c_stream__")? {
                Some(import_arrow_stream(texts))
            } else {
                None
            };
            match imported {
                Some(Ok(column)) => return Ok(Texts::Arrow(column)),
                // A pandas Series exports through pyarrow: without it, its
                // items are still strs.
                Some(Err(error)) if error.is_instance_of::<PyImportError>(texts.py()) => {}
                Some(Err(error)) => return Err(error),
                None => {}
            }
        }
        collect_texts(texts, policy).map(Texts::Python)
    }

    /// Whether the texts live in a producer's buffers (an Arrow column),
    /// which the tokenisers scan copies of (`StableTexts`).
    fn in_producer_buffers(&self) -> bool {
        matches!(self, Texts::Arrow(_))
    }

    /// Every text, a null as "", and which are null (None if none is).
    fn strs(&self) -> PyResult<(Vec<&str>, Option<Vec<bool>>)> {
        match self {
            Texts::Python(items) => Ok((items.iter().map(|text| text.to_str()).collect::<PyResult<_>>()?, None)),
            Texts::Arrow(column) => {
                let values = column.values()?;
                let nulls: Vec<bool> = values.iter().map(Option::is_none).collect();
                let strs = values.into_iter().map(Option::unwrap_or_default).collect();
                Ok((strs, nulls.contains(&true).then_some(nulls)))
            }
        }
    }
}

/// The pointer in the capsule `name` that an Arrow PyCapsule method returned.
fn arrow_capsule(obj: &Bound<'_, PyAny>, name: &CStr) -> PyResult<*mut c_void> {
    let capsule = obj
        .cast::<PyCapsule>()
        .map_err(|_| PyTypeError::new_err("an Arrow PyCapsule method returned something other than a capsule"))?;
    Ok(capsule.pointer_checked(Some(name))?.as_ptr())
}

fn import_arrow_array(texts: &Bound<'_, PyAny>) -> PyResult<StringColumn> {
    let (schema, array): (Bound<'_, PyAny>, Bound<'_, PyAny>) = texts.call_method0("__arrow_c_array__")?.extract()?;
    let (schema, array) = (
        arrow_capsule(&schema, c"arrow_schema")?,
        arrow_capsule(&array, c"arrow_array")?,
    );
    // SAFETY: capsules so named hold, by the Arrow PyCapsule interface, a
    // valid and unreleased ArrowSchema and ArrowArray describing the same
    // array, alive while the capsules are (they are, until this returns).
    // The import moves them out, leaving them marked released, so the
    // capsules' destructors do not release them a second time.
    Ok(unsafe { StringColumn::from_array(schema.cast(), array.cast()) }?)
}

fn import_arrow_stream(texts: &Bound<'_, PyAny>) -> PyResult<StringColumn> {
    let capsule = texts.call_method1("__arrow_c_stream__", (texts.py().None(),))?;
    let stream = arrow_capsule(&capsule, c"arrow_array_stream")?;
    // SAFETY: as for arrays: the capsule holds a valid, unreleased
    // ArrowArrayStream, which the import moves out.
    Ok(unsafe { StringColumn::from_stream(stream.cast()) }?)
}

/// The str items of an iterable, each checked (type, no lone surrogate).
fn collect_texts<'py>(texts: &Bound<'py, PyAny>, policy: SurrogatePolicy) -> PyResult<Vec<Bound<'py, PyString>>> {
    if texts.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err(
            "texts must be an iterable of str, not a single str",
        ));
    }
    let iterator = texts.try_iter().map_err(|_| {
        PyTypeError::new_err(format!(
            "texts must be an iterable of str, not {}",
            type_name(texts).unwrap_or_default()
        ))
    })?;
    let mut items = Vec::new();
    for (index, item) in iterator.enumerate() {
        let item = item?;
        let label = format!("texts[{index}]");
        let text = checked_text(&item, &label)?;
        items.push(repaired(text, policy, Some(&label))?);
    }
    Ok(items)
}

fn thread_count(threads: Option<&Bound<'_, PyAny>>) -> PyResult<NonZeroUsize> {
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

/// The Tokenizer options, in the order `PyTokenizer::build` takes them.
const OPTION_NAMES: [&str; 11] = [
    "stopwords",
    "lowercase",
    "case_sensitive",
    "keep_numbers",
    "min_len",
    "max_len",
    "normalize",
    "errors",
    "cjk",
    "stem",
    "segment",
];

/// Rebuilds a pickled Tokenizer, as `Tokenizer(**kwargs)` does but without
/// warning again of stopwords that can never match: the Tokenizer warned
/// when it was made, and a process that unpickles it (a worker) would
/// repeat that, or raise where warnings are errors.
#[pyfunction]
#[pyo3(signature = (kwargs, /))]
fn _restore_tokenizer(py: Python<'_>, kwargs: &Bound<'_, PyDict>) -> PyResult<PyTokenizer> {
    let mut options = OPTION_NAMES.map(|_| Arg::Missing);
    for (option, name) in options.iter_mut().zip(OPTION_NAMES) {
        if let Some(value) = kwargs.get_item(name)? {
            *option = Arg::Given(value);
        }
    }
    let (tokenizer, _) = PyTokenizer::build(py, options)?;
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
    module.add_function(wrap_pyfunction!(stopword_list, module)?)?;
    module.add_function(wrap_pyfunction!(default_threads, module)?)?;
    module.add_function(wrap_pyfunction!(stopword_list_names, module)?)?;
    module.add_function(wrap_pyfunction!(_restore_tokenizer, module)?)?;
    module.add("UNICODE_VERSION", unicode_version())?;
    module.add("__version__", env!("CARGO_PKG_VERSION"))?;
    // Benchmarks refuse to time a debug build.
    module.add("DEBUG_BUILD", cfg!(debug_assertions))?;
    Ok(())
}
