//! Writing tokenised corpora: JSON Lines, plain text, or one file per
//! document in the seed format, each output file written under a temporary
//! name and renamed into place once complete, so that a failure never leaves
//! a partial file where a complete one is expected.

use std::fmt;
use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, SyncSender};
use std::thread::JoinHandle;

use crate::arrow::TokenColumns;
use crate::ascii::{extend_with_padded, PADDED_TOKEN_BYTES};
use crate::corpus::pipeline::{DocumentInfo, TokenizedChunk};
use crate::corpus::read::DocumentRef;
use crate::tokenizer::{TokenSink, Tokenizer};

/// The shape of the output.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputFormat {
    /// `{"id": ..., "title": ..., "tokens": [...]}`, one document per line.
    JsonLines,
    /// One document per line, its tokens separated by spaces.
    Plain,
    /// One file per document, named by its id under a directory: the title
    /// line, a blank line, then one token per line.
    SeedFiles,
}

/// Where the output goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OutputTarget {
    Stdout,
    /// One file (JSON Lines, plain).
    File(PathBuf),
    /// A directory (seed files), created if missing.
    Directory(PathBuf),
}

/// Why the output could not be written.
#[derive(Debug)]
pub struct WriteError {
    pub path: String,
    pub error: io::Error,
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot write {}: {}", self.path, self.error)
    }
}

impl std::error::Error for WriteError {}

/// Writes chunks of tokenised documents in one format to one target.
pub struct CorpusWriter {
    format: OutputFormat,
    output: Output,
    line: Vec<u8>,
}

enum Output {
    Stream {
        writer: BufWriter<Box<dyn Write + Send>>,
        file: Option<PendingFile>,
    },
    Directory(PathBuf),
}

impl CorpusWriter {
    /// A writer; `SeedFiles` needs a directory, the other formats a file or
    /// stdout.
    pub fn create(format: OutputFormat, target: &OutputTarget) -> Result<CorpusWriter, WriteError> {
        let output = match (format, target) {
            (OutputFormat::SeedFiles, OutputTarget::Directory(dir)) => {
                fs::create_dir_all(dir).map_err(|error| write_error(dir, error))?;
                Output::Directory(dir.clone())
            }
            (OutputFormat::SeedFiles, _) => {
                return Err(WriteError {
                    path: target_name(target),
                    error: io::Error::new(io::ErrorKind::InvalidInput, "seed files need an output directory"),
                })
            }
            (_, OutputTarget::Directory(dir)) => {
                return Err(WriteError {
                    path: dir.display().to_string(),
                    error: io::Error::new(
                        io::ErrorKind::InvalidInput,
                        "this format writes one file, not a directory",
                    ),
                })
            }
            (_, OutputTarget::Stdout) => Output::Stream {
                writer: BufWriter::with_capacity(1 << 16, Box::new(io::stdout())),
                file: None,
            },
            (_, OutputTarget::File(path)) => {
                let mut file = PendingFile::create(path)?;
                let handle = file.synced_in_background().map_err(|error| write_error(path, error))?;
                Output::Stream {
                    writer: BufWriter::with_capacity(1 << 16, Box::new(handle)),
                    file: Some(file),
                }
            }
        };
        Ok(CorpusWriter {
            format,
            output,
            line: Vec::new(),
        })
    }

    /// Writes the documents of one chunk (already rendered by
    /// the pipeline, `render_tokenized`, when the chunk says so).
    pub fn write_chunk(&mut self, chunk: &TokenizedChunk) -> Result<(), WriteError> {
        match &chunk.rendered {
            Some((format, bytes)) if *format == self.format && matches!(self.output, Output::Stream { .. }) => {
                self.write_stream(bytes)
            }
            _ => self.write_documents(&chunk.documents, &chunk.tokens),
        }
    }

    /// Writes documents whose tokens are `tokens.doc(i)` for `documents[i]`.
    pub fn write_documents(&mut self, documents: &[DocumentInfo], tokens: &TokenColumns) -> Result<(), WriteError> {
        let mut line = std::mem::take(&mut self.line);
        line.clear();
        let outcome = match &self.output {
            Output::Stream { .. } => {
                render_documents(self.format, documents, tokens, &mut line);
                self.write_stream(&line)
            }
            Output::Directory(dir) => documents.iter().enumerate().try_for_each(|(index, document)| {
                line.clear();
                line.extend_from_slice(document.title.as_bytes());
                line.extend_from_slice(b"\n\n");
                for token in tokens.doc_bytes(index) {
                    line.extend_from_slice(token);
                    line.push(b'\n');
                }
                write_document_file(dir, &document.id, &line)
            }),
        };
        self.line = line;
        outcome
    }

    fn write_stream(&mut self, bytes: &[u8]) -> Result<(), WriteError> {
        match &mut self.output {
            Output::Stream { writer, file } => writer.write_all(bytes).map_err(|error| WriteError {
                path: file
                    .as_ref()
                    .map_or_else(|| "stdout".to_owned(), |file| file.target.display().to_string()),
                error,
            }),
            Output::Directory(dir) => Err(WriteError {
                path: dir.display().to_string(),
                error: io::Error::new(io::ErrorKind::InvalidInput, "seed files are written one per document"),
            }),
        }
    }

    /// Flushes the output and moves a file into place: until this returns,
    /// the target holds what it held before.
    pub fn finish(self) -> Result<(), WriteError> {
        match self.output {
            Output::Stream { mut writer, file } => {
                let name = file
                    .as_ref()
                    .map_or_else(|| "stdout".to_owned(), |file| file.target.display().to_string());
                writer.flush().map_err(|error| WriteError { path: name, error })?;
                // Before the commit, which waits for the background syncing
                // that this writer feeds to end.
                drop(writer);
                match file {
                    Some(file) => file.commit(),
                    None => Ok(()),
                }
            }
            Output::Directory(dir) => {
                sync_directory(&dir);
                Ok(())
            }
        }
    }
}

/// Appends documents whose tokens are `tokens.doc(i)` for `documents[i]` in
/// one of the one-stream formats (JSON Lines, plain); nothing for seed
/// files, which are a file per document.
pub fn render_documents(format: OutputFormat, documents: &[DocumentInfo], tokens: &TokenColumns, out: &mut Vec<u8>) {
    for (index, document) in documents.iter().enumerate() {
        render_document(format, &document.id, &document.title, &ColumnTokens(tokens, index), out);
    }
}

/// Tokenises one document and appends it in a one-stream format (JSON Lines,
/// plain; nothing for seed files, which are a file per document), the
/// tokens going from the scan straight into `out` with no list of them in
/// between. Returns the number of tokens.
pub fn render_tokenized(
    format: OutputFormat,
    tokenizer: &Tokenizer,
    document: DocumentRef<'_>,
    out: &mut Vec<u8>,
) -> usize {
    let DocumentRef { id, title, body } = document;
    render_document(format, id, title, &ScannedTokens(tokenizer, body), out)
}

/// The tokens of one document, handed to `each` as bytes, with the 16 bytes
/// they start in when those can be read (for fixed-size copies). A document
/// may be walked twice.
trait DocumentTokens {
    fn each(&self, each: impl FnMut(&[u8], Option<&[u8; PADDED_TOKEN_BYTES]>));
}

/// The kept tokens of a text, straight from the scan.
struct ScannedTokens<'a>(&'a Tokenizer, &'a str);

impl DocumentTokens for ScannedTokens<'_> {
    #[inline]
    fn each(&self, each: impl FnMut(&[u8], Option<&[u8; PADDED_TOKEN_BYTES]>)) {
        self.0.scan_kept(self.1, EachToken(each));
    }
}

/// A closure as the scan's sink.
struct EachToken<F>(F);

impl<F: FnMut(&[u8], Option<&[u8; PADDED_TOKEN_BYTES]>)> TokenSink for EachToken<F> {
    #[inline(always)]
    fn token(&mut self, token: &str) {
        (self.0)(token.as_bytes(), None);
    }

    // Inlined into the scan's loop: a call per token costs as much as the
    // copy.
    #[inline(always)]
    fn padded_token(&mut self, token: &str, padded: &[u8; PADDED_TOKEN_BYTES]) {
        (self.0)(token.as_bytes(), Some(padded));
    }
}

/// Document `.1` of token columns.
struct ColumnTokens<'a>(&'a TokenColumns, usize);

impl DocumentTokens for ColumnTokens<'_> {
    fn each(&self, mut each: impl FnMut(&[u8], Option<&[u8; PADDED_TOKEN_BYTES]>)) {
        let ColumnTokens(columns, doc) = *self;
        let ends = columns.doc_token_ends(doc);
        for (&start, &end) in ends.iter().zip(ends.iter().skip(1)) {
            let (start, end) = (start as usize, end as usize);
            let window = columns.values.get(start..start + PADDED_TOKEN_BYTES);
            each(
                columns.values.get(start..end).unwrap_or_default(),
                window.and_then(|window| window.try_into().ok()),
            );
        }
    }
}

/// Appends one document in a one-stream format (nothing for seed files);
/// returns the number of its tokens.
fn render_document(
    format: OutputFormat,
    id: &str,
    title: &str,
    tokens: &impl DocumentTokens,
    out: &mut Vec<u8>,
) -> usize {
    let mut count = 0;
    match format {
        OutputFormat::JsonLines => {
            out.extend_from_slice(b"{\"id\": ");
            push_json_string(out, id.as_bytes());
            out.extend_from_slice(b", \"title\": ");
            push_json_string(out, title.as_bytes());
            out.extend_from_slice(b", \"tokens\": [");
            let start = out.len();
            tokens.each(|token, padded| {
                push_quoted(out, token, padded, count == 0);
                count += 1;
            });
            // Tokens practically never need escaping; one look at what was
            // written tells: none of these bytes, and no quotes but the
            // two around each token.
            let (quotes, other_care) = json_care_in(out.get(start..).unwrap_or_default());
            if quotes != 2 * count || other_care {
                out.truncate(start);
                let mut first = true;
                tokens.each(|token, _| {
                    if !first {
                        out.extend_from_slice(b", ");
                    }
                    push_json_string(out, token);
                    first = false;
                });
            }
            out.extend_from_slice(b"]}\n");
        }
        OutputFormat::Plain => {
            tokens.each(|token, padded| {
                if count > 0 {
                    out.push(b' ');
                }
                match padded {
                    Some(padded) => extend_with_padded(out, token, padded),
                    None => out.extend_from_slice(token),
                }
                count += 1;
            });
            out.push(b'\n');
        }
        OutputFormat::SeedFiles => {}
    }
    count
}

/// Appends a token that needs no escaping as `"token"`, after `, ` unless it
/// is the first. A short one with its padded window is written as one
/// fixed-size move of separator, quote and window, the surplus cut off.
#[inline(always)]
fn push_quoted(out: &mut Vec<u8>, token: &[u8], padded: Option<&[u8; PADDED_TOKEN_BYTES]>, first: bool) {
    match padded {
        Some(padded) if !first && token.len() <= PADDED_TOKEN_BYTES => {
            let mut quoted = [b'"'; PADDED_TOKEN_BYTES + 3];
            quoted[..2].copy_from_slice(b", ");
            quoted[3..].copy_from_slice(padded);
            let end = out.len() + 3 + token.len();
            out.extend_from_slice(&quoted);
            out.truncate(end);
        }
        _ => {
            if !first {
                out.extend_from_slice(b", ");
            }
            out.push(b'"');
            out.extend_from_slice(token);
        }
    }
    out.push(b'"');
}

/// How many quotes `bytes` hold, and whether they hold any other byte that
/// may need escaping in JSON (see `needs_json_care`). Without an early exit,
/// in blocks of fixed size: the compiler makes it a vector loop, some 16
/// bytes an instruction or two.
fn json_care_in(bytes: &[u8]) -> (usize, bool) {
    const BLOCK: usize = 64;
    let mut quotes = 0;
    let mut care = 0u8;
    let blocks = bytes.chunks_exact(BLOCK);
    let tail = blocks.remainder();
    for block in blocks.chain(std::iter::once(tail)) {
        // At most 64 quotes a block: a byte counts them.
        let mut block_quotes = 0u8;
        for &byte in block {
            block_quotes += u8::from(byte == b'"');
            care |= u8::from(byte < 0x20) | u8::from(byte == b'\\') | u8::from(byte == 0xE2);
        }
        quotes += usize::from(block_quotes);
    }
    (quotes, care != 0)
}

fn target_name(target: &OutputTarget) -> String {
    match target {
        OutputTarget::Stdout => "stdout".to_owned(),
        OutputTarget::File(path) | OutputTarget::Directory(path) => path.display().to_string(),
    }
}

fn write_error(path: &Path, error: io::Error) -> WriteError {
    WriteError {
        path: path.display().to_string(),
        error,
    }
}

/// Writes one document's file under `dir`, at the path its id names.
fn write_document_file(dir: &Path, id: &str, contents: &[u8]) -> Result<(), WriteError> {
    let relative = Path::new(id);
    // An id names a file below the directory: no root, no `..`, not empty.
    let is_below = !id.is_empty() && relative.components().all(|part| matches!(part, Component::Normal(_)));
    if !is_below {
        return Err(WriteError {
            path: dir.join(id).display().to_string(),
            error: io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("document id {id:?} does not name a file inside the output directory"),
            ),
        });
    }
    let path = dir.join(relative);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|error| write_error(parent, error))?;
    }
    let file = PendingFile::create(&path)?;
    let mut handle = file.handle().map_err(|error| write_error(&path, error))?;
    handle.write_all(contents).map_err(|error| write_error(&path, error))?;
    drop(handle);
    file.commit()
}

/// A file being written under a temporary name beside its target; removed
/// unless `commit` moves it into place.
struct PendingFile {
    temporary: PathBuf,
    target: PathBuf,
    file: Option<File>,
    /// The thread that flushes the file to disk as it grows, if any
    /// (`synced_in_background`): its first failure.
    syncer: Option<JoinHandle<io::Result<()>>>,
}

/// A streamed output file is flushed to disk in the background each time
/// this many more bytes are written, so that the `sync_all` before its
/// rename waits for the last part alone (left to itself, the kernel starts
/// writing a file out only after 30 s or gigabytes of it).
const BACKGROUND_SYNC_BYTES: u64 = 4 << 20;

/// The writing end of a `PendingFile` flushed to disk in the background.
struct BackgroundSyncedFile {
    file: File,
    unsynced: u64,
    requests: SyncSender<()>,
}

impl Write for BackgroundSyncedFile {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let written = self.file.write(bytes)?;
        self.unsynced += written as u64;
        if self.unsynced >= BACKGROUND_SYNC_BYTES {
            self.unsynced = 0;
            // A request still waiting covers this one too; a syncer that has
            // stopped on a failure reports it at the commit.
            let _ = self.requests.try_send(());
        }
        Ok(written)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

impl PendingFile {
    fn create(target: &Path) -> Result<PendingFile, WriteError> {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let name = target
            .file_name()
            .map_or_else(|| "output".into(), |name| name.to_string_lossy());
        let temporary = target.with_file_name(format!(
            ".{name}.{}.{}.tmp",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        let file = File::options()
            .write(true)
            .create_new(true)
            .open(&temporary)
            .map_err(|error| write_error(target, error))?;
        Ok(PendingFile {
            temporary,
            target: target.to_owned(),
            file: Some(file),
            syncer: None,
        })
    }

    /// The open file, to write through, flushed to disk by a thread of its
    /// own as it grows. The writer must be dropped before `commit`, which
    /// waits for that thread.
    fn synced_in_background(&mut self) -> io::Result<BackgroundSyncedFile> {
        let file = self.handle()?;
        let syncing = self.handle()?;
        let (requests, received) = mpsc::sync_channel::<()>(1);
        let syncer = std::thread::Builder::new()
            .name("wordsift-sync".to_owned())
            .spawn(move || {
                // Until the writer (and with it the sender) is dropped.
                for () in received {
                    syncing.sync_data()?;
                }
                Ok(())
            })?;
        self.syncer = Some(syncer);
        Ok(BackgroundSyncedFile {
            file,
            unsynced: 0,
            requests,
        })
    }

    /// The open file, to write through.
    fn handle(&self) -> io::Result<File> {
        match &self.file {
            Some(file) => file.try_clone(),
            None => Err(io::Error::other("the file is closed")),
        }
    }

    /// Makes the written data durable and renames the file into place.
    fn commit(mut self) -> Result<(), WriteError> {
        if let Some(syncer) = self.syncer.take() {
            // A failure to flush in the background is this file's failure:
            // the kernel reports a write-back error once, to the first
            // caller that syncs.
            let outcome = syncer
                .join()
                .unwrap_or_else(|_| Err(io::Error::other("the thread syncing the file panicked")));
            outcome.map_err(|error| write_error(&self.target, error))?;
        }
        if let Some(file) = self.file.take() {
            file.sync_all().map_err(|error| write_error(&self.target, error))?;
        }
        fs::rename(&self.temporary, &self.target).map_err(|error| write_error(&self.target, error))?;
        // Renamed: nothing left for `drop` to clean up.
        self.temporary = PathBuf::new();
        Ok(())
    }
}

impl Drop for PendingFile {
    fn drop(&mut self) {
        if !self.temporary.as_os_str().is_empty() {
            let _ = fs::remove_file(&self.temporary);
        }
    }
}

/// Makes renames in `dir` durable where the platform allows; best effort.
fn sync_directory(dir: &Path) {
    if let Ok(handle) = File::open(dir) {
        let _ = handle.sync_all();
    }
}

/// Whether a byte of UTF-8 text may need escaping in a JSON string: 0xE2
/// starts U+2028 and U+2029 (and other characters, copied as they are).
#[inline]
fn needs_json_care(&byte: &u8) -> bool {
    byte < 0x20 || byte == b'"' || byte == b'\\' || byte == 0xE2
}

/// Appends `text` (UTF-8) as a JSON string. Tokens never need escaping,
/// but titles and ids may hold anything; U+2028 and U+2029 are escaped too,
/// since some readers of JSON Lines take them for line breaks.
fn push_json_string(out: &mut Vec<u8>, text: &[u8]) {
    out.push(b'"');
    let needs_care = needs_json_care;
    if !text.iter().any(needs_care) {
        out.extend_from_slice(text);
        out.push(b'"');
        return;
    }
    let mut rest = text;
    while let Some(at) = rest.iter().position(needs_care) {
        let (plain, from) = rest.split_at(at);
        out.extend_from_slice(plain);
        let Some(&byte) = from.first() else {
            break;
        };
        let mut taken = 1;
        match byte {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            0xE2 if matches!(from.get(1..3), Some([0x80, 0xA8 | 0xA9])) => {
                out.extend_from_slice(if from.get(2) == Some(&0xA8) {
                    b"\\u2028"
                } else {
                    b"\\u2029"
                });
                taken = 3;
            }
            0xE2 => out.push(byte),
            _ => out.extend_from_slice(format!("\\u{byte:04x}").as_bytes()),
        }
        rest = from.get(taken..).unwrap_or_default();
    }
    out.extend_from_slice(rest);
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::tokenizer::{Segmentation, TokenizerOptions};

    fn chunk(documents: &[(&str, &str, &[&str])]) -> TokenizedChunk {
        let mut tokens = TokenColumns::default();
        for (_, _, doc_tokens) in documents {
            for token in *doc_tokens {
                tokens.push_token(token);
            }
            tokens.end_doc();
        }
        TokenizedChunk {
            documents: documents
                .iter()
                .map(|(id, title, _)| DocumentInfo {
                    id: (*id).to_owned(),
                    title: (*title).to_owned(),
                })
                .collect(),
            tokens,
            ..TokenizedChunk::default()
        }
    }

    fn temp_dir(tag: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("wordsift-write-{tag}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn json_strings_are_escaped_and_valid() {
        for text in [
            "plain",
            "q\"b\\s",
            "line\nbreak\ttab\r",
            "\u{1}\u{1f}",
            "\u{2028}\u{2029}",
            "caf\u{e9} \u{1f600}",
            "",
        ] {
            let mut out = Vec::new();
            push_json_string(&mut out, text.as_bytes());
            let parsed: String = serde_json::from_slice(&out).unwrap();
            assert_eq!(parsed, text);
            assert!(!out.contains(&b'\n') && !String::from_utf8(out).unwrap().contains('\u{2028}'));
        }
    }

    #[test]
    fn json_lines_and_plain_files_hold_every_document() {
        let dir = temp_dir("stream");
        let data = chunk(&[("a:1", "Title \"one\"", &["market", "share"]), ("a:2", "", &[])]);
        let path = dir.join("out.jsonl");
        let mut writer = CorpusWriter::create(OutputFormat::JsonLines, &OutputTarget::File(path.clone())).unwrap();
        writer.write_chunk(&data).unwrap();
        // Nothing at the target until the writer finishes.
        assert!(!path.exists());
        writer.finish().unwrap();
        let text = fs::read_to_string(&path).unwrap();
        let records: Vec<serde_json::Value> = text.lines().map(|line| serde_json::from_str(line).unwrap()).collect();
        assert_eq!(records[0]["id"], "a:1");
        assert_eq!(records[0]["title"], "Title \"one\"");
        assert_eq!(records[0]["tokens"], serde_json::json!(["market", "share"]));
        assert_eq!(records[1]["tokens"], serde_json::json!([]));
        let plain = dir.join("out.txt");
        let mut writer = CorpusWriter::create(OutputFormat::Plain, &OutputTarget::File(plain.clone())).unwrap();
        writer.write_chunk(&data).unwrap();
        writer.finish().unwrap();
        assert_eq!(fs::read_to_string(&plain).unwrap(), "market share\n\n");
        assert_eq!(fs::read_dir(&dir).unwrap().count(), 2, "no temporary file left");
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn tokens_of_every_length_are_quoted_whole() {
        // Lengths around the fixed-size copy's 16 bytes, at the start, the
        // middle and the very end of the values buffer.
        let words: Vec<String> = (1..=40)
            .map(|len| "abcdefghijklmnopqrstuvwxyz".repeat(2)[..len.min(52)].to_owned())
            .collect();
        let mut documents: Vec<(String, Vec<&str>)> = Vec::new();
        for (index, _) in words.iter().enumerate() {
            let tokens: Vec<&str> = words[index..]
                .iter()
                .chain(&words[..index])
                .map(String::as_str)
                .take(index % 5 + 1)
                .collect();
            documents.push((format!("d{index}"), tokens));
        }
        let borrowed: Vec<(&str, &str, &[&str])> = documents
            .iter()
            .map(|(id, tokens)| (id.as_str(), "", tokens.as_slice()))
            .collect();
        let data = chunk(&borrowed);
        let mut out = Vec::new();
        render_documents(OutputFormat::JsonLines, &data.documents, &data.tokens, &mut out);
        let lines: Vec<&str> = std::str::from_utf8(&out).unwrap().lines().collect();
        assert_eq!(lines.len(), documents.len());
        for (line, (id, tokens)) in lines.iter().zip(&documents) {
            let record: serde_json::Value = serde_json::from_str(line).unwrap();
            assert_eq!(record["id"], id.as_str());
            assert_eq!(record["tokens"], serde_json::json!(tokens), "{line}");
        }
    }

    /// `render_tokenized` of each text, parsed back, against `tokenize`.
    fn assert_rendered_tokens_round_trip(tokenizer: &Tokenizer, texts: &[&str]) {
        for format in [OutputFormat::JsonLines, OutputFormat::Plain] {
            let mut out = Vec::new();
            let mut counts = Vec::new();
            for (index, text) in texts.iter().enumerate() {
                let id = format!("d{index}");
                let document = DocumentRef {
                    id: &id,
                    title: "a \"title\"\n",
                    body: text,
                };
                counts.push(render_tokenized(format, tokenizer, document, &mut out));
            }
            let output = std::str::from_utf8(&out).unwrap();
            let lines: Vec<&str> = output.split_terminator('\n').collect();
            assert_eq!(lines.len(), texts.len(), "{format:?}");
            for (index, ((line, text), count)) in lines.iter().zip(texts).zip(counts).enumerate() {
                let expected = tokenizer.tokenize(text);
                assert_eq!(count, expected.len(), "{text:?}");
                if format == OutputFormat::Plain {
                    assert_eq!(*line, expected.join(" "), "{text:?}");
                    continue;
                }
                let record: serde_json::Value = serde_json::from_str(line).unwrap();
                assert_eq!(record["id"], format!("d{index}"));
                assert_eq!(record["title"], "a \"title\"\n");
                assert_eq!(record["tokens"], serde_json::json!(expected), "{line}");
            }
        }
    }

    #[test]
    fn documents_are_rendered_as_they_are_tokenised() {
        let tokenizer = Tokenizer::new(TokenizerOptions::default(), Some(["the", "of"])).unwrap();
        // Token lengths around the fixed-size copy's 16 bytes, first, in
        // the middle and last; texts with no tokens; non-ASCII words.
        let long: Vec<String> = (1..=40)
            .map(|len| "abcdefghijklmnopqrstuvwxyz".repeat(2)[..len].to_owned())
            .collect();
        let mut texts: Vec<String> = (0..long.len())
            .map(|start| {
                long[start..]
                    .iter()
                    .take(start % 5 + 1)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .collect();
        texts.extend(
            [
                "",
                "the of 2,000 !",
                "Caf\u{e9} na\u{ef}ve \u{3b1}\u{3b2}\u{3b3}",
                "a\u{2028}b\u{2029}c",
            ]
            .map(str::to_owned),
        );
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        assert_rendered_tokens_round_trip(&tokenizer, &texts);
    }

    #[test]
    fn tokens_that_need_escaping_are_escaped() {
        // Under UAX #29 a double quote between Hebrew letters stays in the
        // word (WB7b/c): the one place a token holds a JSON special.
        let options = TokenizerOptions {
            segment: Segmentation::Uax29,
            ..TokenizerOptions::default()
        };
        let tokenizer = Tokenizer::new(options, None::<Vec<&str>>).unwrap();
        assert_eq!(
            tokenizer.tokenize("\u{5e6}\"\u{5d4}\"\u{5dc}"),
            ["\u{5e6}\"\u{5d4}\"\u{5dc}"]
        );
        let texts = [
            "\u{5e6}\"\u{5d4}\"\u{5dc} and more",
            "first \u{5d0}\"\u{5d1}",
            "plain words only",
            "\"quoted\" words \\ back\\slash",
        ];
        assert_rendered_tokens_round_trip(&tokenizer, &texts);
    }

    #[test]
    fn an_unfinished_file_leaves_the_old_one_in_place() {
        let dir = temp_dir("abandon");
        let path = dir.join("out.jsonl");
        fs::write(&path, "old\n").unwrap();
        let mut writer = CorpusWriter::create(OutputFormat::JsonLines, &OutputTarget::File(path.clone())).unwrap();
        writer.write_chunk(&chunk(&[("x", "", &["new"])])).unwrap();
        drop(writer);
        assert_eq!(fs::read_to_string(&path).unwrap(), "old\n");
        assert_eq!(fs::read_dir(&dir).unwrap().count(), 1, "the temporary file is gone");
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn files_larger_than_the_background_sync_step_are_whole() {
        let dir = temp_dir("large");
        let path = dir.join("out.txt");
        fs::write(&path, "old\n").unwrap();
        let words: Vec<String> = (0..2000).map(|index| format!("word{index}")).collect();
        let tokens: Vec<&str> = words.iter().map(String::as_str).collect();
        let data = chunk(&[("x", "", &tokens)]);
        let mut line = tokens.join(" ");
        line.push('\n');
        // Some 13 MB: three background syncs, then the rest at the commit.
        let repeats = 3 * BACKGROUND_SYNC_BYTES as usize / line.len() + 100;
        // Abandoned part-way: the old file stays, the temporary goes.
        let mut writer = CorpusWriter::create(OutputFormat::Plain, &OutputTarget::File(path.clone())).unwrap();
        for _ in 0..repeats {
            writer.write_chunk(&data).unwrap();
        }
        drop(writer);
        assert_eq!(fs::read_to_string(&path).unwrap(), "old\n");
        let mut writer = CorpusWriter::create(OutputFormat::Plain, &OutputTarget::File(path.clone())).unwrap();
        for _ in 0..repeats {
            writer.write_chunk(&data).unwrap();
        }
        writer.finish().unwrap();
        assert!(fs::read_to_string(&path).unwrap() == line.repeat(repeats));
        assert_eq!(fs::read_dir(&dir).unwrap().count(), 1, "no temporary file left");
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn seed_files_mirror_the_ids() {
        let dir = temp_dir("seed");
        let mut writer = CorpusWriter::create(OutputFormat::SeedFiles, &OutputTarget::Directory(dir.clone())).unwrap();
        writer
            .write_chunk(&chunk(&[
                ("a.txt", "Title A", &["one", "two"]),
                ("sub/b.txt", "B", &[]),
            ]))
            .unwrap();
        writer.finish().unwrap();
        assert_eq!(fs::read_to_string(dir.join("a.txt")).unwrap(), "Title A\n\none\ntwo\n");
        assert_eq!(fs::read_to_string(dir.join("sub/b.txt")).unwrap(), "B\n\n");
        for id in ["../escape.txt", "/abs.txt", ""] {
            let mut writer =
                CorpusWriter::create(OutputFormat::SeedFiles, &OutputTarget::Directory(dir.clone())).unwrap();
            let error = writer.write_chunk(&chunk(&[(id, "", &[])])).unwrap_err();
            assert!(error.to_string().contains("does not name a file inside"), "{error}");
        }
        let _ = fs::remove_dir_all(&dir);
    }
}
