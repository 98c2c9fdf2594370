//! The binding of `corpus`: tokenising files into an output corpus, or into
//! Python objects a chunk at a time. `wordsift.corpus` wraps both.

use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use pyo3::exceptions::{
    PyBrokenPipeError, PyFileNotFoundError, PyOSError, PyPermissionError, PyTypeError, PyValueError,
};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use super::{columns_to_lists, counts_to_py, thread_count, PyTokenArray, PyTokenizer, StringCache, WordsiftError};
use crate::corpus::pipeline::{
    tokenize_sources, CorpusError, CorpusSettings, CorpusSummary, DocumentInfo, TokenizedChunk,
};
use crate::corpus::read::{BadInput, InputFormat, ReadError, Source, SourcePath};
use crate::corpus::write::{CorpusWriter, OutputFormat, OutputTarget, WriteError};
use crate::counts::TokenCounts;
use crate::Tokenizer;

/// Bytes of input per chunk: large enough that per-chunk costs vanish, small
/// enough that the threads start and finish together and the chunks in
/// flight stay a few MB.
const DEFAULT_CHUNK_BYTES: usize = 512 << 10;

fn io_error_to_py(message: String, error: &std::io::Error) -> PyErr {
    match error.kind() {
        std::io::ErrorKind::NotFound => PyFileNotFoundError::new_err(message),
        std::io::ErrorKind::PermissionDenied => PyPermissionError::new_err(message),
        // The reader of stdout went away (`| head`): the CLI stops quietly.
        std::io::ErrorKind::BrokenPipe => PyBrokenPipeError::new_err(message),
        _ => PyOSError::new_err(message),
    }
}

fn read_error_to_py(error: ReadError) -> PyErr {
    match &error {
        ReadError::Io { error: io, .. } => io_error_to_py(error.to_string(), io),
        ReadError::InvalidUtf8 { .. } | ReadError::BadRecord { .. } => WordsiftError::new_err(error.to_string()),
    }
}

fn write_error_to_py(error: WriteError) -> PyErr {
    io_error_to_py(error.to_string(), &error.error)
}

/// The sources as (path, name) pairs; the path "-" is stdin.
fn to_sources(pairs: Vec<(String, String)>) -> Vec<Source> {
    pairs
        .into_iter()
        .map(|(path, name)| Source {
            path: if path == "-" {
                SourcePath::Stdin
            } else {
                SourcePath::File(PathBuf::from(path))
            },
            name,
        })
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn settings(
    input_format: &str,
    text_field: &str,
    title_field: Option<String>,
    id_field: Option<String>,
    errors: &str,
    threads: Option<&Bound<'_, PyAny>>,
    chunk_bytes: Option<usize>,
) -> PyResult<CorpusSettings> {
    let format = match input_format {
        "seed" => InputFormat::Seed,
        "whole" => InputFormat::Whole,
        "lines" => InputFormat::Lines,
        "jsonl" => InputFormat::JsonLines {
            text_field: text_field.to_owned(),
            title_field,
            id_field,
        },
        other => {
            return Err(WordsiftError::new_err(format!(
                "unknown input format {other:?}; valid formats: seed, whole, lines, jsonl"
            )))
        }
    };
    let bad_input = match errors {
        "strict" => BadInput::Strict,
        "replace" => BadInput::Replace,
        "skip" => BadInput::Skip,
        other => {
            return Err(WordsiftError::new_err(format!(
                "errors must be 'strict', 'replace' or 'skip', not {other:?}"
            )))
        }
    };
    Ok(CorpusSettings {
        format,
        bad_input,
        threads: thread_count(threads)?,
        chunk_bytes: chunk_bytes.filter(|&bytes| bytes > 0).unwrap_or(DEFAULT_CHUNK_BYTES),
        render: None,
        count: false,
    })
}

fn summary_to_py<'py>(py: Python<'py>, summary: &CorpusSummary) -> PyResult<Bound<'py, PyDict>> {
    let result = PyDict::new(py);
    result.set_item("documents", summary.documents)?;
    result.set_item("tokens", summary.tokens)?;
    result.set_item("bytes", summary.input_bytes)?;
    let skipped = summary
        .skipped
        .iter()
        .map(|skip| (skip.source.as_str(), skip.line, skip.reason.as_str()));
    result.set_item("skipped", PyList::new(py, skipped)?)?;
    Ok(result)
}

/// Runs the corpus pipeline with the GIL held between chunks: `consume` takes
/// each chunk, then `progress` (if any) is called with the documents and
/// bytes so far, and a pending Ctrl-C is raised.
fn run_reporting_progress(
    py: Python<'_>,
    tokenizer: &Tokenizer,
    sources: &[Source],
    settings: &CorpusSettings,
    progress: Option<&Bound<'_, PyAny>>,
    mut consume: impl FnMut(TokenizedChunk) -> PyResult<()>,
) -> PyResult<CorpusSummary> {
    let (mut documents, mut bytes) = (0u64, 0u64);
    let outcome = tokenize_sources(
        tokenizer,
        sources,
        settings,
        |chunk| -> PyResult<()> {
            documents += chunk.document_count;
            bytes += chunk.input_bytes;
            consume(chunk)?;
            if let Some(progress) = progress {
                progress.call1((documents, bytes))?;
            }
            py.check_signals()
        },
        |wait| py.detach(wait),
    );
    match outcome {
        Ok(summary) => Ok(summary),
        Err(CorpusError::Read(error)) => Err(read_error_to_py(error)),
        Err(CorpusError::Consumer(error)) => Err(error),
    }
}

/// The output format and target that `output_format` and `output` name.
fn output_target(output_format: &str, output: Option<PathBuf>) -> PyResult<(OutputFormat, OutputTarget)> {
    let format = match output_format {
        "jsonl" => OutputFormat::JsonLines,
        "plain" => OutputFormat::Plain,
        "seed" => OutputFormat::SeedFiles,
        other => {
            return Err(WordsiftError::new_err(format!(
                "unknown output format {other:?}; valid formats: jsonl, plain, seed"
            )))
        }
    };
    let target = match (format, output) {
        (OutputFormat::SeedFiles, Some(dir)) => OutputTarget::Directory(dir),
        (OutputFormat::SeedFiles, None) => {
            return Err(WordsiftError::new_err(
                "the seed output format needs an output directory",
            ))
        }
        (_, path) => path.map_or(OutputTarget::Stdout, OutputTarget::File),
    };
    Ok((format, target))
}

/// Tokenises `sources` (a list of (path, name) pairs, "-" for stdin) into an
/// output corpus, with the GIL released while the threads work. `progress`,
/// if given, is called after each chunk with (documents, bytes) so far.
/// Returns a summary dict: documents, tokens, bytes, skipped.
#[pyfunction]
#[pyo3(signature = (
    tokenizer, sources, /, *, input_format, text_field = "text", title_field = None, id_field = None,
    errors = "strict", threads = None, chunk_bytes = None, output_format, output = None, progress = None
))]
#[allow(clippy::too_many_arguments)]
pub(super) fn write_corpus<'py>(
    py: Python<'py>,
    tokenizer: &PyTokenizer,
    sources: Vec<(String, String)>,
    input_format: &str,
    text_field: &str,
    title_field: Option<String>,
    id_field: Option<String>,
    errors: &str,
    threads: Option<&Bound<'py, PyAny>>,
    chunk_bytes: Option<usize>,
    output_format: &str,
    output: Option<PathBuf>,
    progress: Option<Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyDict>> {
    let mut settings = settings(
        input_format,
        text_field,
        title_field,
        id_field,
        errors,
        threads,
        chunk_bytes,
    )?;
    let sources = to_sources(sources);
    let (format, target) = output_target(output_format, output)?;
    if let Some(progress) = &progress {
        if !progress.is_callable() {
            return Err(PyTypeError::new_err("progress must be callable or None"));
        }
    }
    settings.render = Some(format);
    let mut writer = py
        .detach(|| CorpusWriter::create(format, &target))
        .map_err(write_error_to_py)?;
    let summary = run_reporting_progress(py, &tokenizer.inner, &sources, &settings, progress.as_ref(), |chunk| {
        py.detach(|| writer.write_chunk(&chunk)).map_err(write_error_to_py)
    })?;
    py.detach(|| writer.finish()).map_err(write_error_to_py)?;
    summary_to_py(py, &summary)
}

/// Term and document frequencies of the kept tokens of `sources`, counted
/// on Rust threads with no Python object per token: (TokenCounts, summary
/// dict). `progress` as for write_corpus.
#[pyfunction]
#[pyo3(signature = (
    tokenizer, sources, /, *, input_format, text_field = "text", title_field = None, id_field = None,
    errors = "strict", threads = None, chunk_bytes = None, progress = None
))]
#[allow(clippy::too_many_arguments)]
pub(super) fn count_corpus<'py>(
    py: Python<'py>,
    tokenizer: &PyTokenizer,
    sources: Vec<(String, String)>,
    input_format: &str,
    text_field: &str,
    title_field: Option<String>,
    id_field: Option<String>,
    errors: &str,
    threads: Option<&Bound<'py, PyAny>>,
    chunk_bytes: Option<usize>,
    progress: Option<Bound<'py, PyAny>>,
) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyDict>)> {
    let mut settings = settings(
        input_format,
        text_field,
        title_field,
        id_field,
        errors,
        threads,
        chunk_bytes,
    )?;
    settings.count = true;
    let sources = to_sources(sources);
    let mut counts = TokenCounts::default();
    let summary = run_reporting_progress(py, &tokenizer.inner, &sources, &settings, progress.as_ref(), |chunk| {
        if let Some(chunk_counts) = chunk.counts {
            py.detach(|| counts.merge(chunk_counts));
        }
        Ok(())
    })?;
    Ok((counts_to_py(py, &counts)?, summary_to_py(py, &summary)?))
}

/// The chunks of a corpus, tokenised on background threads, one Python
/// tuple (ids, titles, token lists) per chunk, in input order. Dropping it
/// stops the threads after the chunk they are on.
#[pyclass(name = "CorpusChunks", module = "wordsift._core")]
pub(super) struct PyCorpusChunks {
    /// In a mutex only because a Python object must be shareable between
    /// threads; `__next__` has `&mut self` and never waits on it.
    chunks: Option<Mutex<Receiver<PyResult<TokenizedChunk>>>>,
    strings: StringCache,
    /// Tokens as a TokenArray per chunk rather than lists of str.
    arrow: bool,
    summary: Option<CorpusSummary>,
    worker: Option<JoinHandle<Option<CorpusSummary>>>,
}

#[pymethods]
impl PyCorpusChunks {
    #[new]
    #[pyo3(signature = (
        tokenizer, sources, /, *, input_format, text_field = "text", title_field = None, id_field = None,
        errors = "strict", threads = None, chunk_bytes = None, arrow = false
    ))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        tokenizer: &PyTokenizer,
        sources: Vec<(String, String)>,
        input_format: &str,
        text_field: &str,
        title_field: Option<String>,
        id_field: Option<String>,
        errors: &str,
        threads: Option<&Bound<'_, PyAny>>,
        chunk_bytes: Option<usize>,
        arrow: bool,
    ) -> PyResult<Self> {
        let settings = settings(
            input_format,
            text_field,
            title_field,
            id_field,
            errors,
            threads,
            chunk_bytes,
        )?;
        let sources = to_sources(sources);
        let tokenizer: Tokenizer = tokenizer.inner.clone();
        // Two chunks ready ahead of the Python consumer, no more.
        let (sender, receiver) = mpsc::sync_channel::<PyResult<TokenizedChunk>>(2);
        let worker = std::thread::spawn(move || run_in_background(&tokenizer, &sources, &settings, &sender));
        Ok(PyCorpusChunks {
            chunks: Some(Mutex::new(receiver)),
            strings: StringCache::for_one_call(),
            arrow,
            summary: None,
            worker: Some(worker),
        })
    }

    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    /// The summary of the run (a dict like write_corpus returns), once the
    /// iterator is exhausted; None before.
    fn summary<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyDict>>> {
        self.summary
            .as_ref()
            .map(|summary| summary_to_py(py, summary))
            .transpose()
    }

    fn __next__<'py>(&mut self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        let Some(chunks) = &self.chunks else {
            return Ok(None);
        };
        let received = py.detach(|| match chunks.lock() {
            Ok(receiver) => receiver.recv().ok(),
            Err(poisoned) => poisoned.into_inner().recv().ok(),
        });
        let chunk = match received {
            Some(Ok(chunk)) => chunk,
            Some(Err(error)) => {
                self.chunks = None;
                return Err(error);
            }
            None => {
                // The run ended: collect its summary.
                self.chunks = None;
                if let Some(worker) = self.worker.take() {
                    if let Ok(summary) = py.detach(|| worker.join()) {
                        self.summary = summary;
                    }
                }
                return Ok(None);
            }
        };
        let ids = PyList::new(py, chunk.documents.iter().map(|document| document.id.as_str()))?;
        let titles = PyList::new(py, chunk.documents.iter().map(|document| document.title.as_str()))?;
        let skipped = chunk
            .skipped
            .iter()
            .map(|skip| (skip.source.as_str(), skip.line, skip.reason.as_str()));
        let skipped = PyList::new(py, skipped)?;
        let tokens = if self.arrow {
            let columns = Arc::new(chunk.tokens);
            Bound::new(py, PyTokenArray { columns })?.into_any()
        } else {
            columns_to_lists(py, &chunk.tokens, &mut self.strings)?.into_any()
        };
        Ok(Some(
            (ids, titles, tokens, skipped, chunk.input_bytes)
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
            let _ = sender.send(Err(read_error_to_py(error)));
            None
        }
        // The iterator was dropped.
        Err(CorpusError::Consumer(())) => None,
    }
}

/// Writes documents tokenised elsewhere (`Tokenizer.tokenize_arrow`) in one
/// of write_corpus's output formats, for inputs that Python reads (Parquet).
/// Output files are written under temporary names: `finish` moves them into
/// place, `discard` (or dropping the writer unfinished) removes them.
#[pyclass(name = "DocumentWriter", module = "wordsift._core")]
pub(super) struct PyDocumentWriter {
    /// In a mutex only because a Python object must be shareable between
    /// threads; every method has `&mut self`.
    writer: Mutex<Option<CorpusWriter>>,
}

impl PyDocumentWriter {
    fn writer(&mut self) -> PyResult<&mut CorpusWriter> {
        let writer = match self.writer.get_mut() {
            Ok(writer) => writer,
            Err(poisoned) => poisoned.into_inner(),
        };
        writer
            .as_mut()
            .ok_or_else(|| WordsiftError::new_err("the writer is finished"))
    }
}

#[pymethods]
impl PyDocumentWriter {
    #[new]
    #[pyo3(signature = (output_format, output = None))]
    fn new(py: Python<'_>, output_format: &str, output: Option<PathBuf>) -> PyResult<Self> {
        let (format, target) = output_target(output_format, output)?;
        let writer = py
            .detach(|| CorpusWriter::create(format, &target))
            .map_err(write_error_to_py)?;
        Ok(PyDocumentWriter {
            writer: Mutex::new(Some(writer)),
        })
    }

    /// Writes one document per id: its title and its tokens, `tokens[i]`.
    fn write(&mut self, py: Python<'_>, ids: Vec<String>, titles: Vec<String>, tokens: &PyTokenArray) -> PyResult<()> {
        if ids.len() != titles.len() || ids.len() != tokens.columns.doc_count() {
            return Err(PyValueError::new_err(format!(
                "{} ids, {} titles and {} token lists: one of each per document",
                ids.len(),
                titles.len(),
                tokens.columns.doc_count()
            )));
        }
        let documents: Vec<DocumentInfo> = ids
            .into_iter()
            .zip(titles)
            .map(|(id, title)| DocumentInfo { id, title })
            .collect();
        let columns = &tokens.columns;
        let writer = self.writer()?;
        py.detach(|| writer.write_documents(&documents, columns))
            .map_err(write_error_to_py)
    }

    /// Flushes the output and moves it into place.
    fn finish(&mut self, py: Python<'_>) -> PyResult<()> {
        let writer = match self.writer.get_mut() {
            Ok(writer) => writer.take(),
            Err(poisoned) => poisoned.into_inner().take(),
        };
        let writer = writer.ok_or_else(|| WordsiftError::new_err("the writer is finished"))?;
        py.detach(|| writer.finish()).map_err(write_error_to_py)
    }

    /// Drops the output unfinished: its temporary file is removed, and
    /// whatever the target held stays.
    fn discard(&mut self) {
        match self.writer.get_mut() {
            Ok(writer) => drop(writer.take()),
            Err(poisoned) => drop(poisoned.into_inner().take()),
        }
    }
}
