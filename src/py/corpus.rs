//! The binding of `corpus`: tokenising files into an output corpus, or into
//! Python objects a chunk at a time. `wordsift.corpus` wraps both.

use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::sync::{Arc, Mutex, MutexGuard, TryLockError};
use std::thread::JoinHandle;

use pyo3::exceptions::{PyRuntimeError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use super::errors::{corpus_error, WordsiftError};
use super::lists::{columns_to_lists, counts_to_py, StringCache};
use super::options::thread_count;
use super::token_array::PyTokenArray;
use super::tokenizer::PyTokenizer;
use super::vectorize;
use crate::corpus::count::CorpusCounts;
use crate::corpus::detect::{detect_source, Detected};
use crate::corpus::directory::DuplicateIds;
use crate::corpus::input::{
    BadInput, FieldName, InputFormat, ReadError, ReadSettings, RecordFields, Source, SourcePath,
};
use crate::corpus::made::{DocumentInfo, Made, TokenizedChunk};
use crate::corpus::output::{OutputTarget, ProtectedFiles};
use crate::corpus::pipeline::{tokenize_sources, CorpusError, CorpusSettings, CorpusSummary};
use crate::corpus::render::OutputFormat;
use crate::corpus::write::{CorpusWriter, WriterSettings};
use crate::parallel::spawn_background;
use crate::{OffsetUnit, Tokenizer};

/// Bytes of input per chunk: large enough that per-chunk costs vanish, small
/// enough that the threads start and finish together and the chunks in
/// flight stay a few MB.
const DEFAULT_CHUNK_BYTES: usize = 512 << 10;

/// A source as Python gives it: (path, name, format), the path "-" for
/// stdin, the format None where it is to be detected ("parquet", which
/// Python reads, is not the pipeline's: among a writer's inputs, it only
/// names a file to protect).
pub(super) type SourceArg = (String, String, Option<String>);

pub(super) fn to_sources(sources: Vec<SourceArg>) -> PyResult<Vec<Source>> {
    sources
        .into_iter()
        .map(|(path, name, format)| {
            let format = format
                .filter(|name| name != "parquet")
                .map(|name| {
                    InputFormat::from_name(&name)
                        .ok_or_else(|| WordsiftError::new_err(format!("unknown input format {name:?}")))
                })
                .transpose()?;
            Ok(Source {
                path: if path == "-" {
                    SourcePath::Stdin
                } else {
                    SourcePath::File(PathBuf::from(path))
                },
                name,
                format,
            })
        })
        .collect()
}

/// The reading options, as every corpus function takes them.
#[derive(FromPyObject)]
#[pyo3(from_item_all)]
pub(super) struct ReadOptions {
    text_field: String,
    title_field: Option<String>,
    id_field: Option<String>,
    /// Whether the title and id fields were named by the user: then a
    /// record without them is unusable.
    title_required: bool,
    id_required: bool,
    errors: String,
    max_document_bytes: u64,
}

impl ReadOptions {
    fn settings(self) -> PyResult<ReadSettings> {
        let bad_input = match self.errors.as_str() {
            "strict" => BadInput::Strict,
            "replace" => BadInput::Replace,
            "skip" => BadInput::Skip,
            other => {
                return Err(WordsiftError::new_err(format!(
                    "errors must be 'strict', 'replace' or 'skip', not {other:?}"
                )))
            }
        };
        if self.max_document_bytes == 0 {
            return Err(WordsiftError::new_err("max_document_bytes must be at least 1"));
        }
        let field = |name: Option<String>, required: bool| name.map(|name| FieldName { name, required });
        Ok(ReadSettings {
            fields: RecordFields {
                text: self.text_field,
                title: field(self.title_field, self.title_required),
                id: field(self.id_field, self.id_required),
            },
            bad_input,
            max_document_bytes: self.max_document_bytes,
        })
    }
}

pub(super) fn corpus_settings(
    options: ReadOptions,
    threads: Option<&Bound<'_, PyAny>>,
    chunk_bytes: Option<usize>,
    made: Made,
) -> PyResult<CorpusSettings> {
    Ok(CorpusSettings {
        read: options.settings()?,
        threads: thread_count(threads)?,
        chunk_bytes: chunk_bytes.filter(|&bytes| bytes > 0).unwrap_or(DEFAULT_CHUNK_BYTES),
        made,
    })
}

pub(super) fn summary_to_py<'py>(py: Python<'py>, summary: &CorpusSummary) -> PyResult<Bound<'py, PyDict>> {
    let result = PyDict::new(py);
    result.set_item("documents", summary.documents)?;
    result.set_item("tokens", summary.tokens)?;
    result.set_item("bytes", summary.input_bytes)?;
    result.set_item("position", summary.position)?;
    let skipped = summary
        .skipped
        .iter()
        .map(|skip| (skip.source.as_str(), skip.line, skip.reason.as_str()));
    result.set_item("skipped", PyList::new(py, skipped)?)?;
    Ok(result)
}

pub(super) fn check_progress(progress: Option<&Bound<'_, PyAny>>) -> PyResult<()> {
    match progress {
        Some(progress) if !progress.is_callable() => Err(PyTypeError::new_err("progress must be callable or None")),
        _ => Ok(()),
    }
}

/// Runs the corpus pipeline with the GIL held between chunks: `consume` takes
/// each chunk, then `progress` (if any) is called with the documents, bytes
/// and file position so far, and a pending Ctrl-C is raised.
pub(super) fn run_reporting_progress(
    py: Python<'_>,
    tokenizer: &Tokenizer,
    sources: &[Source],
    settings: &CorpusSettings,
    progress: Option<&Bound<'_, PyAny>>,
    mut consume: impl FnMut(TokenizedChunk) -> PyResult<()>,
) -> PyResult<CorpusSummary> {
    let (mut documents, mut bytes, mut position) = (0u64, 0u64, 0u64);
    let outcome = tokenize_sources(
        tokenizer,
        sources,
        settings,
        |chunk| -> PyResult<()> {
            documents += chunk.document_count;
            bytes += chunk.input_bytes;
            position = position.max(chunk.position);
            consume(chunk)?;
            if let Some(progress) = progress {
                progress.call1((documents, bytes, position))?;
            }
            py.check_signals()
        },
        |wait| py.detach(wait),
    );
    match outcome {
        Ok(summary) => Ok(summary),
        Err(CorpusError::Read(error)) => Err(corpus_error(error)),
        Err(CorpusError::Consumer(error)) => Err(error),
    }
}

/// The writer's settings for `output_format` and `output` (a path, or None
/// for stdout; seed files go to a directory); `offsets` for JSON Lines only.
fn writer_settings(
    output_format: &str,
    output: Option<PathBuf>,
    compress: bool,
    duplicate_ids: &str,
    sources: &[Source],
    offsets: bool,
) -> PyResult<WriterSettings> {
    let format = OutputFormat::from_name(output_format).ok_or_else(|| {
        WordsiftError::new_err(format!(
            "unknown output format {output_format:?}; valid formats: jsonl, plain, seed"
        ))
    })?;
    if offsets && format != OutputFormat::JsonLines {
        return Err(WordsiftError::new_err(format!(
            "offsets need JSON Lines or Parquet output, not {output_format}"
        )));
    }
    let duplicates = DuplicateIds::from_name(duplicate_ids).ok_or_else(|| {
        WordsiftError::new_err(format!(
            "duplicate_ids must be 'error' or 'number', not {duplicate_ids:?}"
        ))
    })?;
    let target = match (format, output) {
        (OutputFormat::SeedFiles, Some(dir)) => OutputTarget::Directory(dir),
        (_, path) => path.map_or(OutputTarget::Stdout, OutputTarget::File),
    };
    let exists = match &target {
        OutputTarget::File(path) | OutputTarget::Directory(path) => path.exists(),
        OutputTarget::Stdout => false,
    };
    // Only an output that exists can replace an input.
    let protected = if exists {
        ProtectedFiles::of(sources.iter().filter_map(|source| match &source.path {
            SourcePath::File(path) => Some(path.as_path()),
            SourcePath::Stdin => None,
        }))
    } else {
        ProtectedFiles::default()
    };
    let known_ids = sources
        .iter()
        .filter(|source| source.format.is_some_and(InputFormat::is_one_document))
        .map(|source| source.name.clone())
        .collect();
    Ok(WriterSettings {
        format,
        target,
        compress,
        duplicates,
        protected,
        known_ids,
        offsets,
    })
}

/// The format of each source, as `detect.rs` decides it: "seed", "jsonl"
/// or "parquet" (stdin, "-", is left to the pipeline: "auto"). Raises
/// naming the file that cannot be read, or that looks like JSON but is not
/// JSON Lines.
#[pyfunction]
#[pyo3(signature = (sources, /, *, max_document_bytes))]
pub(super) fn detect_input_formats(
    py: Python<'_>,
    sources: Vec<(String, String)>,
    max_document_bytes: u64,
) -> PyResult<Vec<&'static str>> {
    py.detach(|| {
        sources
            .iter()
            .map(|(path, name)| {
                if path == "-" {
                    return Ok("auto");
                }
                let source = Source {
                    path: SourcePath::File(PathBuf::from(path)),
                    name: name.clone(),
                    format: None,
                };
                Ok(match detect_source(&source, max_document_bytes)? {
                    Detected::Text(format) => format.name(),
                    Detected::Parquet => "parquet",
                })
            })
            .collect::<Result<Vec<_>, ReadError>>()
    })
    .map_err(corpus_error)
}

/// Tokenises `sources` (a list of (path, name, format) triples) into an
/// output corpus, with the GIL released while the threads work. `progress`,
/// if given, is called after each chunk with (documents, bytes, position)
/// so far. `offsets` (JSON Lines only): each record gives its tokens' spans
/// in code points of its body, and documents are held whole (none is
/// streamed in pieces). Returns a summary dict: documents, tokens, bytes,
/// position, skipped.
#[pyfunction]
#[pyo3(signature = (
    tokenizer, sources, options, /, *, threads = None, chunk_bytes = None, output_format, output = None,
    compress = false, duplicate_ids = "error", progress = None, offsets = false
))]
#[allow(clippy::too_many_arguments)]
pub(super) fn write_corpus<'py>(
    py: Python<'py>,
    tokenizer: &PyTokenizer,
    sources: Vec<SourceArg>,
    options: ReadOptions,
    threads: Option<&Bound<'py, PyAny>>,
    chunk_bytes: Option<usize>,
    output_format: &str,
    output: Option<PathBuf>,
    compress: bool,
    duplicate_ids: &str,
    progress: Option<Bound<'py, PyAny>>,
    offsets: bool,
) -> PyResult<Bound<'py, PyDict>> {
    check_progress(progress.as_ref())?;
    let sources = to_sources(sources)?;
    let writer_settings = writer_settings(output_format, output, compress, duplicate_ids, &sources, offsets)?;
    let (format, compress) = (writer_settings.format, writer_settings.compress);
    let mut writer = py
        .detach(|| CorpusWriter::create(writer_settings))
        .map_err(corpus_error)?;
    let made = Made::Rendered {
        format,
        compress,
        staging: writer.shared_staging(),
        offsets,
    };
    let settings = corpus_settings(options, threads, chunk_bytes, made)?;
    let summary = run_reporting_progress(py, &tokenizer.inner, &sources, &settings, progress.as_ref(), |chunk| {
        py.detach(|| writer.write_chunk(&chunk)).map_err(corpus_error)
    })?;
    py.detach(|| writer.finish()).map_err(corpus_error)?;
    summary_to_py(py, &summary)
}

/// Term and document frequencies of the kept tokens of `sources`, counted
/// on Rust threads with no Python object per token: (TokenCounts, summary
/// dict). `count_titles`: the titles' tokens are counted too, in their
/// documents; `ngram_range`: the word n-grams counted. `progress` as for
/// write_corpus.
#[pyfunction]
#[pyo3(
    signature = (
        tokenizer, sources, options, /, *, threads = None, chunk_bytes = None, count_titles = false,
        ngram_range = (1, 1), progress = None
    ),
    text_signature = "(tokenizer, sources, options, /, *, threads=None, chunk_bytes=None, count_titles=False, \
                      ngram_range=(1, 1), progress=None)"
)]
#[allow(clippy::too_many_arguments)]
pub(super) fn count_corpus<'py>(
    py: Python<'py>,
    tokenizer: &PyTokenizer,
    sources: Vec<SourceArg>,
    options: ReadOptions,
    threads: Option<&Bound<'py, PyAny>>,
    chunk_bytes: Option<usize>,
    count_titles: bool,
    ngram_range: (usize, usize),
    progress: Option<Bound<'py, PyAny>>,
) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyDict>)> {
    check_progress(progress.as_ref())?;
    let sources = to_sources(sources)?;
    let ngrams = vectorize::ngram_range(ngram_range)?;
    let made = Made::Counts {
        titles: count_titles,
        ngrams,
    };
    let settings = corpus_settings(options, threads, chunk_bytes, made)?;
    let mut counts = CorpusCounts::new(ngrams);
    let summary = run_reporting_progress(py, &tokenizer.inner, &sources, &settings, progress.as_ref(), |chunk| {
        py.detach(|| counts.add(chunk));
        Ok(())
    })?;
    let counts = counts.finish();
    Ok((counts_to_py(py, &counts)?, summary_to_py(py, &summary)?))
}

/// The chunks of a corpus, tokenised on background threads, one Python
/// tuple (ids, titles, token lists) per chunk, in input order. Dropping it
/// stops the threads after the chunk they are on. With `offsets` (and
/// `arrow`), each TokenArray keeps its tokens' spans in code points of
/// their bodies (its `offsets` is "chars"), and documents are held whole,
/// as they always are here.
#[pyclass(frozen, name = "CorpusChunks", module = "wordsift._core")]
pub(super) struct PyCorpusChunks {
    /// Tokens as a TokenArray per chunk rather than lists of str.
    arrow: bool,
    /// Locked by the one call that uses it; a second thread's call fails
    /// rather than wait for it while holding the GIL.
    state: Mutex<ChunksState>,
}

/// What an iteration changes.
struct ChunksState {
    /// In a mutex of its own so that a wait on it, with the GIL released,
    /// borrows it shared.
    chunks: Option<Mutex<Receiver<PyResult<TokenizedChunk>>>>,
    strings: StringCache,
    summary: Option<CorpusSummary>,
    worker: Option<JoinHandle<Option<CorpusSummary>>>,
}

/// The state of a frozen class, for the one call that uses it: a second
/// thread's call fails rather than wait for it while holding the GIL (the
/// RuntimeError pyo3's borrow check gives a non-frozen class).
fn lock_for_call<'a, T>(state: &'a Mutex<T>, class: &str) -> PyResult<MutexGuard<'a, T>> {
    match state.try_lock() {
        Ok(state) => Ok(state),
        Err(TryLockError::Poisoned(poisoned)) => Ok(poisoned.into_inner()),
        Err(TryLockError::WouldBlock) => Err(PyRuntimeError::new_err(format!("{class} is in use by another thread"))),
    }
}

impl PyCorpusChunks {
    fn state(&self) -> PyResult<MutexGuard<'_, ChunksState>> {
        lock_for_call(&self.state, "CorpusChunks")
    }
}

#[pymethods]
impl PyCorpusChunks {
    #[new]
    #[pyo3(signature = (
        tokenizer, sources, options, /, *, threads = None, chunk_bytes = None, arrow = false, offsets = false
    ))]
    fn new(
        tokenizer: &PyTokenizer,
        sources: Vec<SourceArg>,
        options: ReadOptions,
        threads: Option<&Bound<'_, PyAny>>,
        chunk_bytes: Option<usize>,
        arrow: bool,
        offsets: bool,
    ) -> PyResult<Self> {
        if offsets && !arrow {
            return Err(WordsiftError::new_err(
                "offsets are kept in a TokenArray: they need arrow=True",
            ));
        }
        let settings = corpus_settings(options, threads, chunk_bytes, Made::Columns { offsets })?;
        let sources = to_sources(sources)?;
        let tokenizer: Tokenizer = tokenizer.inner.clone();
        // Two chunks ready ahead of the Python consumer, no more.
        let (sender, receiver) = mpsc::sync_channel::<PyResult<TokenizedChunk>>(2);
        let worker = spawn_background(move || run_in_background(&tokenizer, &sources, &settings, &sender));
        Ok(PyCorpusChunks {
            arrow,
            state: Mutex::new(ChunksState {
                chunks: Some(Mutex::new(receiver)),
                strings: StringCache::for_one_call(),
                summary: None,
                worker: Some(worker),
            }),
        })
    }

    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    /// The summary of the run (a dict like write_corpus returns), once the
    /// iterator is exhausted; None before.
    fn summary<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyDict>>> {
        self.state()?
            .summary
            .as_ref()
            .map(|summary| summary_to_py(py, summary))
            .transpose()
    }

    fn __next__<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        let mut state = self.state()?;
        let Some(chunks) = &state.chunks else {
            return Ok(None);
        };
        let received = py.detach(|| match chunks.lock() {
            Ok(receiver) => receiver.recv().ok(),
            Err(poisoned) => poisoned.into_inner().recv().ok(),
        });
        let chunk = match received {
            Some(Ok(chunk)) => chunk,
            Some(Err(error)) => {
                state.chunks = None;
                return Err(error);
            }
            None => {
                // The run ended: collect its summary.
                state.chunks = None;
                if let Some(worker) = state.worker.take() {
                    if let Ok(summary) = py.detach(|| worker.join()) {
                        state.summary = summary;
                    }
                }
                return Ok(None);
            }
        };
        let ids = PyList::new(py, chunk.documents.iter().map(|document| document.id.as_str()))?;
        let titles = PyList::new(py, chunk.documents.iter().map(|document| document.title.as_str()))?;
        let lines = PyList::new(py, chunk.documents.iter().map(|document| document.line))?;
        let sources = PyList::new(py, chunk.documents.iter().map(|document| &*document.source))?;
        let skipped = chunk
            .skipped
            .iter()
            .map(|skip| (skip.source.as_str(), skip.line, skip.reason.as_str()));
        let skipped = PyList::new(py, skipped)?;
        let tokens = if self.arrow {
            let columns = Arc::new(chunk.tokens);
            Bound::new(py, PyTokenArray { columns })?.into_any()
        } else {
            columns_to_lists(py, &chunk.tokens, &mut state.strings)?.into_any()
        };
        Ok(Some(
            (
                ids,
                titles,
                tokens,
                skipped,
                chunk.input_bytes,
                chunk.position,
                sources,
                lines,
            )
                .into_pyobject(py)?
                .into_any(),
        ))
    }
}

fn run_in_background(
    tokenizer: &Tokenizer,
    sources: &[Source],
    settings: &CorpusSettings,
    sender: &SyncSender<PyResult<TokenizedChunk>>,
) -> Option<CorpusSummary> {
    let outcome = tokenize_sources(
        tokenizer,
        sources,
        settings,
        |chunk| sender.send(Ok(chunk)).map_err(|_| ()),
        |wait| wait(),
    );
    match outcome {
        Ok(summary) => Some(summary),
        Err(CorpusError::Read(error)) => {
            // A PyErr is made lazily: no GIL needed until it is raised.
            let _ = sender.send(Err(corpus_error(error)));
            None
        }
        // The iterator was dropped.
        Err(CorpusError::Consumer(())) => None,
    }
}

/// Writes documents tokenised elsewhere (`Tokenizer.tokenize_arrow`) in one
/// of write_corpus's output formats, for inputs that Python reads (Parquet).
/// Output files are written under temporary names: `finish` moves them into
/// place, `discard` (or dropping the writer unfinished) removes them. With
/// `offsets` (JSON Lines only), the token arrays must keep their spans in
/// chars (`tokenize_arrow(offsets="chars")`), and the records give them.
#[pyclass(frozen, name = "DocumentWriter", module = "wordsift._core")]
pub(super) struct PyDocumentWriter {
    /// Locked by the one call that uses it (a second thread's call fails
    /// rather than wait while holding the GIL); None once finished.
    writer: Mutex<Option<CorpusWriter>>,
    offsets: bool,
}

impl PyDocumentWriter {
    fn writer(&self) -> PyResult<MutexGuard<'_, Option<CorpusWriter>>> {
        lock_for_call(&self.writer, "DocumentWriter")
    }
}

#[pymethods]
impl PyDocumentWriter {
    #[new]
    #[pyo3(signature = (
        output_format, output = None, *, compress = false, duplicate_ids = "error", inputs = Vec::new(), offsets = false
    ))]
    fn new(
        py: Python<'_>,
        output_format: &str,
        output: Option<PathBuf>,
        compress: bool,
        duplicate_ids: &str,
        inputs: Vec<SourceArg>,
        offsets: bool,
    ) -> PyResult<Self> {
        let sources = to_sources(inputs)?;
        let settings = writer_settings(output_format, output, compress, duplicate_ids, &sources, offsets)?;
        let writer = py.detach(|| CorpusWriter::create(settings)).map_err(corpus_error)?;
        Ok(PyDocumentWriter {
            writer: Mutex::new(Some(writer)),
            offsets,
        })
    }

    /// Writes one document per id: its title and its tokens, `tokens[i]`;
    /// `sources` and `lines` say where each was read, for messages.
    #[pyo3(signature = (ids, titles, tokens, sources, lines))]
    fn write(
        &self,
        py: Python<'_>,
        ids: Vec<String>,
        titles: Vec<String>,
        tokens: &PyTokenArray,
        sources: Vec<String>,
        lines: Vec<Option<u64>>,
    ) -> PyResult<()> {
        if ids.len() != titles.len() || ids.len() != tokens.columns.doc_count() {
            return Err(PyValueError::new_err(format!(
                "{} ids, {} titles and {} token lists: one of each per document",
                ids.len(),
                titles.len(),
                tokens.columns.doc_count()
            )));
        }
        let unit = tokens.columns.spans.as_ref().map(|spans| spans.unit);
        if self.offsets && unit != Some(OffsetUnit::CodePoints) {
            return Err(PyValueError::new_err(
                "a writer of offsets takes tokens with their spans in chars (tokenize_arrow(offsets='chars'))",
            ));
        }
        let mut labels: Option<Arc<str>> = None;
        let documents: Vec<DocumentInfo> = ids
            .into_iter()
            .zip(titles)
            .enumerate()
            .map(|(index, (id, title))| {
                let source = sources.get(index).map_or("", String::as_str);
                // One label per run of documents from one source.
                let label = match &labels {
                    Some(label) if &**label == source => Arc::clone(label),
                    _ => Arc::clone(labels.insert(Arc::from(source))),
                };
                DocumentInfo {
                    id,
                    title,
                    source: label,
                    line: lines.get(index).copied().flatten(),
                }
            })
            .collect();
        let columns = &tokens.columns;
        let mut writer = self.writer()?;
        let writer = writer
            .as_mut()
            .ok_or_else(|| WordsiftError::new_err("the writer is finished"))?;
        py.detach(|| writer.write_documents(&documents, columns))
            .map_err(corpus_error)
    }

    /// Flushes the output and moves it into place.
    fn finish(&self, py: Python<'_>) -> PyResult<()> {
        let writer = self.writer()?.take();
        let writer = writer.ok_or_else(|| WordsiftError::new_err("the writer is finished"))?;
        py.detach(|| writer.finish()).map_err(corpus_error)
    }

    /// Drops the output unfinished: its temporary file or directory is
    /// removed, and whatever the target held stays.
    fn discard(&self) -> PyResult<()> {
        drop(self.writer()?.take());
        Ok(())
    }
}
