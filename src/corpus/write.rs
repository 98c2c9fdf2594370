//! Writing tokenised corpora to one output: JSON Lines or plain text to a
//! file or stdout (gzip-compressed when asked), or seed files to a directory
//! (`directory.rs`) or, for one document, to stdout. A file is written under
//! a temporary name and renamed into place once complete (`pending.rs`).

use std::io::{self, BufWriter, Seek, SeekFrom, Write};
use std::sync::Arc;

use crate::corpus::directory::{DuplicateIds, Origin, SeedDirectory, Staging};
use crate::corpus::made::{DocumentInfo, TokenizedChunk};
use crate::corpus::output::{
    gzip_member, refusal, refuse_input, write_error, OutputTarget, ProtectedFiles, WriteError,
};
use crate::corpus::pending::PendingFile;
use crate::corpus::render::{render_columns, OutputFormat};
use crate::corpus::split::ChunkKind;
use crate::output::columns::TokenColumns;

/// How an output is written.
#[derive(Clone, Debug)]
pub struct WriterSettings {
    pub format: OutputFormat,
    pub target: OutputTarget,
    /// gzip the one-stream formats (JSON Lines, plain).
    pub compress: bool,
    pub duplicates: DuplicateIds,
    /// The run's input files, which the output must not replace.
    pub protected: ProtectedFiles,
    /// Ids known before reading (those of one-document inputs), checked
    /// against the inputs before any work.
    pub known_ids: Vec<String>,
}

impl WriterSettings {
    pub fn new(format: OutputFormat, target: OutputTarget) -> WriterSettings {
        WriterSettings {
            format,
            target,
            compress: false,
            duplicates: DuplicateIds::Error,
            protected: ProtectedFiles::default(),
            known_ids: Vec::new(),
        }
    }
}

/// Writes tokenised documents in one format to one target.
pub struct CorpusWriter {
    format: OutputFormat,
    compress: bool,
    output: Output,
    /// The document being streamed in pieces, if any.
    streamed: Option<StreamedDocument>,
    /// Reused for rendering documents from token columns.
    scratch: Vec<u8>,
}

struct StreamedDocument {
    /// Bytes written before its first piece (where to cut back to).
    start: u64,
    has_tokens: bool,
}

enum Output {
    Stream {
        // Before the file: dropped first, so that the file's drop can wait
        // for the syncing thread this writer feeds.
        writer: BufWriter<Box<dyn Write + Send>>,
        /// The file under its temporary name, when not stdout.
        file: Option<PendingFile>,
        name: String,
        written: u64,
    },
    Directory(SeedDirectory),
}

impl CorpusWriter {
    /// A writer: a file is created under a temporary name, a directory's
    /// staging directory made, now, so that an output that cannot be written
    /// fails before any work.
    pub fn create(settings: WriterSettings) -> Result<CorpusWriter, WriteError> {
        let WriterSettings {
            format,
            target,
            compress,
            duplicates,
            protected,
            known_ids,
        } = settings;
        let output = match (format, &target) {
            (OutputFormat::SeedFiles, OutputTarget::Directory(dir)) => {
                let known: Vec<&str> = known_ids.iter().map(String::as_str).collect();
                Output::Directory(SeedDirectory::create(dir, duplicates, protected, &known)?)
            }
            (OutputFormat::SeedFiles, OutputTarget::File(path)) | (_, OutputTarget::Directory(path)) => {
                let message = if format == OutputFormat::SeedFiles {
                    "seed files are written to a directory, one per document"
                } else {
                    "this format writes one file, not a directory"
                };
                return Err(refusal(path, io::ErrorKind::InvalidInput, message.to_owned()));
            }
            (_, OutputTarget::Stdout) => Output::Stream {
                writer: BufWriter::with_capacity(1 << 16, Box::new(io::stdout())),
                file: None,
                name: target.name(),
                written: 0,
            },
            (_, OutputTarget::File(path)) => {
                refuse_input(&protected, path)?;
                let mut file = PendingFile::create(path)?;
                let handle = file.synced_in_background().map_err(|error| write_error(path, error))?;
                Output::Stream {
                    writer: BufWriter::with_capacity(1 << 16, Box::new(handle)),
                    file: Some(file),
                    name: target.name(),
                    written: 0,
                }
            }
        };
        Ok(CorpusWriter {
            format,
            compress: compress && format != OutputFormat::SeedFiles,
            output,
            streamed: None,
            scratch: Vec::new(),
        })
    }

    /// Writes the documents of one chunk of the pipeline, rendered by its
    /// threads (`made::Made::Rendered`) or as token columns.
    pub fn write_chunk(&mut self, chunk: &TokenizedChunk) -> Result<(), WriteError> {
        match chunk.kind {
            ChunkKind::Abandoned => self.abandon_document(),
            ChunkKind::Piece { first, last } => self.write_piece(chunk, first, last),
            ChunkKind::Documents => match &chunk.rendered {
                Some(rendered) => match &mut self.output {
                    Output::Stream { .. } => self.write_stream(&rendered.bytes, rendered.compressed),
                    Output::Directory(directory) if rendered.ends.is_empty() => {
                        // The tokenising threads wrote the files: their ids
                        // are checked here, in input order.
                        for document in chunk.documents.iter().take(rendered.staged) {
                            directory.record_staged(&document.id, &origin(document))?;
                        }
                        match &rendered.staging_error {
                            Some(error) => Err(WriteError {
                                path: error.path.clone(),
                                error: io::Error::new(error.error.kind(), error.error.to_string()),
                            }),
                            None => Ok(()),
                        }
                    }
                    Output::Directory(directory) => {
                        let mut start = 0;
                        for (document, &end) in chunk.documents.iter().zip(&rendered.ends) {
                            let origin = origin(document);
                            let contents = rendered.bytes.get(start..end).unwrap_or_default();
                            directory.write_file(&document.id, &origin, contents)?;
                            start = end;
                        }
                        Ok(())
                    }
                },
                None => self.write_documents(&chunk.documents, &chunk.tokens),
            },
        }
    }

    /// Writes documents whose tokens are `tokens.doc(i)` for `documents[i]`.
    pub fn write_documents(&mut self, documents: &[DocumentInfo], tokens: &TokenColumns) -> Result<(), WriteError> {
        let mut scratch = std::mem::take(&mut self.scratch);
        scratch.clear();
        let mut outcome = Ok(());
        for (index, document) in documents.iter().enumerate() {
            let start = scratch.len();
            render_columns(self.format, &document.id, &document.title, tokens, index, &mut scratch);
            if let Output::Directory(directory) = &mut self.output {
                let contents = scratch.get(start..).unwrap_or_default();
                outcome = directory.write_file(&document.id, &origin(document), contents);
                scratch.truncate(start);
                if outcome.is_err() {
                    break;
                }
            }
        }
        if outcome.is_ok() && matches!(self.output, Output::Stream { .. }) {
            outcome = self.write_stream(&scratch, false);
        }
        self.scratch = scratch;
        outcome
    }

    /// A piece of a document too large to hold whole.
    fn write_piece(&mut self, chunk: &TokenizedChunk, first: bool, last: bool) -> Result<(), WriteError> {
        let Some(rendered) = &chunk.rendered else {
            return Ok(());
        };
        if first {
            let start = match &mut self.output {
                Output::Stream { written, .. } => *written,
                Output::Directory(directory) => {
                    let document = chunk.documents.first().cloned().unwrap_or_default();
                    directory.begin_file(&document.id, &origin(&document))?;
                    0
                }
            };
            self.streamed = Some(StreamedDocument {
                start,
                has_tokens: false,
            });
        }
        let Some(streamed) = &mut self.streamed else {
            return Ok(());
        };
        let separator = (streamed.has_tokens && rendered.tokens > 0).then(|| self.format.token_separator());
        streamed.has_tokens |= rendered.tokens > 0;
        match &mut self.output {
            Output::Directory(directory) => {
                directory.append(separator.unwrap_or_default())?;
                directory.append(&rendered.bytes)?;
                if last {
                    directory.end_file();
                }
            }
            Output::Stream { .. } => {
                if let Some(separator) = separator.filter(|separator| !separator.is_empty()) {
                    self.write_stream(separator, false)?;
                }
                self.write_stream(&rendered.bytes, rendered.compressed)?;
            }
        }
        if last {
            self.streamed = None;
        }
        Ok(())
    }

    /// Drops the document being streamed, left out part-way: its file, or
    /// what a file output holds of it. Stdout cannot take back what it was
    /// given: that is an error.
    fn abandon_document(&mut self) -> Result<(), WriteError> {
        let Some(streamed) = self.streamed.take() else {
            return Ok(());
        };
        match &mut self.output {
            Output::Directory(directory) => {
                directory.discard_file();
                Ok(())
            }
            Output::Stream {
                writer,
                file: Some(file),
                written,
                ..
            } => {
                let cut_back = |writer: &mut BufWriter<Box<dyn Write + Send>>| -> io::Result<()> {
                    writer.flush()?;
                    // The writer's file shares its offset with this handle.
                    let mut handle = file.handle()?;
                    handle.set_len(streamed.start)?;
                    handle.seek(SeekFrom::Start(streamed.start))?;
                    Ok(())
                };
                cut_back(writer).map_err(|error| write_error(&file.target, error))?;
                *written = streamed.start;
                Ok(())
            }
            Output::Stream { file: None, name, .. } => Err(WriteError {
                path: name.clone(),
                error: io::Error::other(
                    "a document streamed in pieces was left out after part of it was written, which stdout \
                     cannot take back; write to a file or a directory to leave such documents out",
                ),
            }),
        }
    }

    /// Appends to a one-stream output, compressing what is not yet.
    fn write_stream(&mut self, bytes: &[u8], compressed: bool) -> Result<(), WriteError> {
        let member;
        let bytes = if self.compress && !compressed && !bytes.is_empty() {
            member = gzip_member(bytes);
            member.as_slice()
        } else {
            bytes
        };
        match &mut self.output {
            Output::Stream {
                writer, name, written, ..
            } => {
                writer.write_all(bytes).map_err(|error| WriteError {
                    path: name.clone(),
                    error,
                })?;
                *written += bytes.len() as u64;
                Ok(())
            }
            Output::Directory(_) => Ok(()),
        }
    }

    /// The seed directory's staging directory, for the tokenising threads to
    /// write whole documents' files into (`made::Made::Rendered`).
    pub fn shared_staging(&self) -> Option<Arc<Staging>> {
        match &self.output {
            Output::Directory(directory) => directory.shared_staging(),
            Output::Stream { .. } => None,
        }
    }

    /// Flushes the output and puts it in place: until this returns, the
    /// target holds what it held before.
    pub fn finish(self) -> Result<(), WriteError> {
        match self.output {
            Output::Stream {
                mut writer, file, name, ..
            } => {
                writer.flush().map_err(|error| WriteError { path: name, error })?;
                // Before the commit, which waits for the background syncing
                // that this writer feeds to end.
                drop(writer);
                match file {
                    Some(file) => file.commit(),
                    None => Ok(()),
                }
            }
            Output::Directory(directory) => directory.finish(),
        }
    }
}

fn origin(document: &DocumentInfo) -> Origin {
    Origin {
        source: Arc::clone(&document.source),
        line: document.line,
    }
}

#[cfg(test)]
mod tests {
    use std::fs;
    use std::io::Read;
    use std::path::{Path, PathBuf};

    use super::*;
    use crate::corpus::input::DocumentRef;
    use crate::corpus::made::RenderedChunk;
    use crate::corpus::render::{render_tokenized, Part};
    use crate::options::TokenizerOptions;
    use crate::tokenize::Tokenizer;

    /// A directory of the test's own, removed when dropped.
    struct TempDir(PathBuf);

    impl TempDir {
        fn new(tag: &str) -> TempDir {
            let dir = std::env::temp_dir().join(format!("wordsift-write-{tag}-{}", std::process::id()));
            let _ = fs::remove_dir_all(&dir);
            fs::create_dir_all(&dir).unwrap();
            TempDir(dir)
        }
    }

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = fs::remove_dir_all(&self.0);
        }
    }

    fn listing(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    fn tokenizer() -> Tokenizer {
        Tokenizer::new(TokenizerOptions::default(), None::<Vec<&str>>).unwrap()
    }

    /// A chunk of documents (id, title, tokens) as token columns.
    fn columns_chunk(documents: &[(&str, &str, &[&str])]) -> TokenizedChunk {
        let mut tokens = TokenColumns::default();
        for (_, _, doc_tokens) in documents {
            doc_tokens.iter().for_each(|token| tokens.push_token(token));
            tokens.end_doc();
        }
        let info = |&(id, title, _): &(&str, &str, &[&str])| DocumentInfo {
            id: id.to_owned(),
            title: title.to_owned(),
            source: Arc::from("in.txt"),
            line: None,
        };
        TokenizedChunk {
            documents: documents.iter().map(info).collect(),
            tokens,
            ..TokenizedChunk::default()
        }
    }

    /// A chunk as the pipeline's threads render it: documents (id, title,
    /// body) whole, or one document's piece; a gzip member when `compress`.
    fn rendered_chunk(
        format: OutputFormat,
        kind: ChunkKind,
        documents: &[(&str, &str, &str)],
        compress: bool,
    ) -> TokenizedChunk {
        let part = match kind {
            ChunkKind::Piece { first, last } => Part { first, last },
            _ => Part::WHOLE,
        };
        let mut rendered = RenderedChunk::default();
        let mut infos = Vec::new();
        for &(id, title, body) in documents {
            let document = DocumentRef {
                id,
                title,
                body,
                line: None,
            };
            rendered.tokens += render_tokenized(format, &tokenizer(), document, part, &mut rendered.bytes);
            if format == OutputFormat::SeedFiles && part.first {
                rendered.ends.push(rendered.bytes.len());
                infos.push(DocumentInfo {
                    id: id.to_owned(),
                    title: String::new(),
                    source: Arc::from("in.txt"),
                    line: None,
                });
            }
        }
        if compress && !rendered.bytes.is_empty() {
            rendered.bytes = gzip_member(&rendered.bytes);
            rendered.compressed = true;
        }
        TokenizedChunk {
            kind,
            documents: infos,
            rendered: Some(rendered),
            ..TokenizedChunk::default()
        }
    }

    fn abandoned() -> TokenizedChunk {
        TokenizedChunk {
            kind: ChunkKind::Abandoned,
            ..TokenizedChunk::default()
        }
    }

    const FIRST: ChunkKind = ChunkKind::Piece {
        first: true,
        last: false,
    };
    const MIDDLE: ChunkKind = ChunkKind::Piece {
        first: false,
        last: false,
    };
    const LAST: ChunkKind = ChunkKind::Piece {
        first: false,
        last: true,
    };

    fn write(settings: WriterSettings, chunks: &[TokenizedChunk]) -> Result<(), WriteError> {
        let mut writer = CorpusWriter::create(settings)?;
        for chunk in chunks {
            writer.write_chunk(chunk)?;
        }
        writer.finish()
    }

    fn file_settings(format: OutputFormat, path: &Path, compress: bool) -> WriterSettings {
        WriterSettings {
            compress,
            ..WriterSettings::new(format, OutputTarget::File(path.to_owned()))
        }
    }

    fn gunzip(bytes: &[u8]) -> Vec<u8> {
        let mut text = Vec::new();
        flate2::read::MultiGzDecoder::new(bytes).read_to_end(&mut text).unwrap();
        text
    }

    /// Checks a JSON Lines or plain output against (id, title, body) of the
    /// documents it should hold, tokenised.
    fn assert_holds(format: OutputFormat, output: &[u8], documents: &[(&str, &str, &str)]) {
        let text = std::str::from_utf8(output).unwrap();
        let lines: Vec<&str> = text.split_terminator('\n').collect();
        assert!(text.ends_with('\n'), "{text}");
        assert_eq!(lines.len(), documents.len(), "{text}");
        for (line, &(id, title, body)) in lines.iter().zip(documents) {
            let tokens = tokenizer().tokenize(body);
            match format {
                OutputFormat::Plain => assert_eq!(*line, tokens.join(" ")),
                _ => {
                    let record: serde_json::Value = serde_json::from_str(line).unwrap();
                    assert_eq!(record, serde_json::json!({"id": id, "title": title, "tokens": tokens}));
                }
            }
        }
    }

    #[test]
    fn json_lines_and_plain_files_hold_every_document() {
        let dir = TempDir::new("stream");
        let data = columns_chunk(&[("a:1", "Title \"one\"", &["market", "share"]), ("a:2", "", &[])]);
        let path = dir.0.join("out.jsonl");
        let mut writer = CorpusWriter::create(file_settings(OutputFormat::JsonLines, &path, false)).unwrap();
        writer.write_chunk(&data).unwrap();
        // Nothing at the target until the writer finishes.
        assert!(!path.exists());
        writer.finish().unwrap();
        let text = fs::read_to_string(&path).unwrap();
        let records: Vec<serde_json::Value> = text.lines().map(|line| serde_json::from_str(line).unwrap()).collect();
        let expected = [
            serde_json::json!({"id": "a:1", "title": "Title \"one\"", "tokens": ["market", "share"]}),
            serde_json::json!({"id": "a:2", "title": "", "tokens": []}),
        ];
        assert_eq!(records, expected);
        let plain = dir.0.join("out.txt");
        write(file_settings(OutputFormat::Plain, &plain, false), &[data]).unwrap();
        assert_eq!(fs::read_to_string(&plain).unwrap(), "market share\n\n");
        assert_eq!(listing(&dir.0), ["out.jsonl", "out.txt"], "no temporary file left");
    }

    /// Whole documents, a document in pieces, token columns: the chunks of
    /// a run, as gzip members when `compress`.
    fn mixed_chunks(format: OutputFormat, compress: bool) -> Vec<TokenizedChunk> {
        vec![
            rendered_chunk(
                format,
                ChunkKind::Documents,
                &[("a", "A", "market share rose"), ("b", "", "")],
                compress,
            ),
            rendered_chunk(format, FIRST, &[("big", "Big \"one\"", "the dollar ")], compress),
            rendered_chunk(format, MIDDLE, &[("big", "Big \"one\"", " ,; ")], compress),
            rendered_chunk(format, MIDDLE, &[("big", "Big \"one\"", "fell again\n")], compress),
            rendered_chunk(format, LAST, &[("big", "Big \"one\"", "and rose")], compress),
            rendered_chunk(format, ChunkKind::Documents, &[], compress),
            columns_chunk(&[("c", "C", &["one", "two"])]),
        ]
    }

    #[test]
    fn compressed_outputs_are_gzip_members_of_the_same_bytes() {
        let dir = TempDir::new("gzip");
        for format in [OutputFormat::JsonLines, OutputFormat::Plain] {
            let plain = dir.0.join("plain.out");
            write(file_settings(format, &plain, false), &mixed_chunks(format, false)).unwrap();
            let uncompressed = fs::read(&plain).unwrap();
            let expected = [
                ("a", "A", "market share rose"),
                ("b", "", ""),
                ("big", "Big \"one\"", "the dollar fell again and rose"),
                ("c", "C", "one two"),
            ];
            assert_holds(format, &uncompressed, &expected);
            // Compressed by the writer, or already by the threads.
            for compressed_by_threads in [false, true] {
                let path = dir.0.join("out.gz");
                let chunks = mixed_chunks(format, compressed_by_threads);
                write(file_settings(format, &path, true), &chunks).unwrap();
                let compressed = fs::read(&path).unwrap();
                assert_eq!(compressed[..2], [0x1f, 0x8b]);
                assert_eq!(gunzip(&compressed), uncompressed, "{format:?}, {compressed_by_threads}");
            }
        }
    }

    #[test]
    fn a_document_abandoned_part_way_is_cut_back_out_of_a_file() {
        let dir = TempDir::new("abandon-file");
        for format in [OutputFormat::JsonLines, OutputFormat::Plain] {
            for compress in [false, true] {
                let chunks = [
                    rendered_chunk(format, ChunkKind::Documents, &[("a", "A", "market share")], compress),
                    rendered_chunk(format, FIRST, &[("big", "B", "left out ")], compress),
                    rendered_chunk(format, MIDDLE, &[("big", "B", "after all ")], compress),
                    abandoned(),
                    // The pieces of a document left out by its parser: none
                    // to drop.
                    abandoned(),
                    rendered_chunk(format, ChunkKind::Documents, &[("c", "C", "kept words")], compress),
                    rendered_chunk(format, FIRST, &[("d", "D", "streamed ")], compress),
                    rendered_chunk(format, LAST, &[("d", "D", "whole")], compress),
                ];
                let path = dir.0.join("out");
                fs::write(&path, "old\n").unwrap();
                write(file_settings(format, &path, compress), &chunks).unwrap();
                let bytes = fs::read(&path).unwrap();
                let text = if compress { gunzip(&bytes) } else { bytes };
                let expected = [
                    ("a", "A", "market share"),
                    ("c", "C", "kept words"),
                    ("d", "D", "streamed whole"),
                ];
                assert_holds(format, &text, &expected);
                assert_eq!(listing(&dir.0), ["out"]);
            }
        }
    }

    #[test]
    fn a_document_abandoned_part_way_leaves_no_seed_file() {
        let dir = TempDir::new("abandon-seed");
        let target = dir.0.join("out");
        let format = OutputFormat::SeedFiles;
        let chunks = [
            rendered_chunk(
                format,
                ChunkKind::Documents,
                &[("a.txt", "A", "market share"), ("sub/b.txt", "B", "")],
                false,
            ),
            rendered_chunk(format, FIRST, &[("big.txt", "Big", "left out ")], false),
            rendered_chunk(format, MIDDLE, &[("big.txt", "Big", "after all ")], false),
            abandoned(),
            rendered_chunk(format, FIRST, &[("whole.txt", "W", "rose fell ")], false),
            rendered_chunk(format, MIDDLE, &[("whole.txt", "W", " ,; ")], false),
            rendered_chunk(format, LAST, &[("whole.txt", "W", "again")], false),
        ];
        let settings = WriterSettings::new(format, OutputTarget::Directory(target.clone()));
        write(settings, &chunks).unwrap();
        assert_eq!(listing(&target), ["a.txt", "sub", "whole.txt"]);
        assert_eq!(
            fs::read_to_string(target.join("a.txt")).unwrap(),
            "A\n\nmarket\nshare\n"
        );
        assert_eq!(fs::read_to_string(target.join("sub/b.txt")).unwrap(), "B\n\n");
        assert_eq!(
            fs::read_to_string(target.join("whole.txt")).unwrap(),
            "W\n\nrose\nfell\nagain\n"
        );
        assert_eq!(listing(&dir.0), ["out"]);
    }

    #[test]
    fn stdout_cannot_take_back_a_document() {
        let mut writer = CorpusWriter::create(WriterSettings::new(OutputFormat::Plain, OutputTarget::Stdout)).unwrap();
        let mut first = rendered_chunk(OutputFormat::Plain, FIRST, &[("big", "", "")], false);
        first.rendered = Some(RenderedChunk::default());
        writer.write_chunk(&first).unwrap();
        let error = writer.write_chunk(&abandoned()).unwrap_err().to_string();
        assert!(
            error.starts_with("cannot write stdout: ") && error.contains("cannot take back"),
            "{error}"
        );
    }

    #[test]
    fn outputs_that_cannot_be_written_are_refused_before_any_work() {
        let dir = TempDir::new("refused");
        let input = dir.0.join("in.jsonl");
        fs::write(&input, "{\"text\": \"x\"}\n").unwrap();
        // The input by its path and by another path to it.
        for target in [input.clone(), dir.0.join(".").join("in.jsonl")] {
            for compress in [false, true] {
                let settings = WriterSettings {
                    protected: ProtectedFiles::of([input.as_path()]),
                    ..file_settings(OutputFormat::JsonLines, &target, compress)
                };
                let Err(error) = CorpusWriter::create(settings) else {
                    panic!("{} was not refused", target.display());
                };
                assert!(
                    error.to_string().contains("refusing to overwrite an input file"),
                    "{error}"
                );
            }
        }
        assert_eq!(fs::read_to_string(&input).unwrap(), "{\"text\": \"x\"}\n");
        assert_eq!(listing(&dir.0), ["in.jsonl"]);
        for (format, target, message) in [
            (
                OutputFormat::SeedFiles,
                OutputTarget::File(dir.0.join("x")),
                "seed files are written to a directory",
            ),
            (
                OutputFormat::Plain,
                OutputTarget::Directory(dir.0.join("x")),
                "this format writes one file",
            ),
        ] {
            let Err(error) = CorpusWriter::create(WriterSettings::new(format, target)) else {
                panic!("{format:?} was not refused");
            };
            assert!(error.to_string().contains(message), "{error}");
        }
        assert_eq!(listing(&dir.0), ["in.jsonl"]);
    }

    #[test]
    fn an_unfinished_file_leaves_the_old_one_in_place() {
        let dir = TempDir::new("unfinished");
        let path = dir.0.join("out.jsonl");
        fs::write(&path, "old\n").unwrap();
        let mut writer = CorpusWriter::create(file_settings(OutputFormat::JsonLines, &path, false)).unwrap();
        writer.write_chunk(&columns_chunk(&[("x", "", &["new"])])).unwrap();
        drop(writer);
        assert_eq!(fs::read_to_string(&path).unwrap(), "old\n");
        assert_eq!(listing(&dir.0), ["out.jsonl"], "the temporary file is gone");
    }

    #[test]
    fn files_larger_than_the_background_sync_step_are_whole() {
        let dir = TempDir::new("large");
        let path = dir.0.join("out.txt");
        fs::write(&path, "old\n").unwrap();
        let words: Vec<String> = (0..2000).map(|index| format!("word{index}")).collect();
        let line = format!("{}\n", words.join(" "));
        let data = TokenizedChunk {
            rendered: Some(RenderedChunk {
                bytes: line.as_bytes().to_vec(),
                tokens: words.len(),
                ..RenderedChunk::default()
            }),
            ..TokenizedChunk::default()
        };
        // Some 13 MB: three background syncs (one each 4 MiB), then the
        // rest at the commit.
        let repeats = 3 * (4 << 20) / line.len() + 100;
        // Abandoned part-way: the old file stays, the temporary goes.
        let mut writer = CorpusWriter::create(file_settings(OutputFormat::Plain, &path, false)).unwrap();
        for _ in 0..repeats {
            writer.write_chunk(&data).unwrap();
        }
        drop(writer);
        assert_eq!(fs::read_to_string(&path).unwrap(), "old\n");
        let chunks: Vec<&TokenizedChunk> = std::iter::repeat_n(&data, repeats).collect();
        let mut writer = CorpusWriter::create(file_settings(OutputFormat::Plain, &path, false)).unwrap();
        chunks.iter().for_each(|chunk| writer.write_chunk(chunk).unwrap());
        writer.finish().unwrap();
        assert!(fs::read_to_string(&path).unwrap() == line.repeat(repeats));
        assert_eq!(listing(&dir.0), ["out.txt"], "no temporary file left");
    }

    #[test]
    fn seed_files_mirror_the_ids() {
        let dir = TempDir::new("seed");
        let target = OutputTarget::Directory(dir.0.clone());
        let data = columns_chunk(&[("a.txt", "Title A", &["one", "two"]), ("sub/b.txt", "B", &[])]);
        write(WriterSettings::new(OutputFormat::SeedFiles, target.clone()), &[data]).unwrap();
        assert_eq!(
            fs::read_to_string(dir.0.join("a.txt")).unwrap(),
            "Title A\n\none\ntwo\n"
        );
        assert_eq!(fs::read_to_string(dir.0.join("sub/b.txt")).unwrap(), "B\n\n");
        for id in ["../escape.txt", "/abs.txt", ""] {
            let mut writer =
                CorpusWriter::create(WriterSettings::new(OutputFormat::SeedFiles, target.clone())).unwrap();
            let error = writer.write_chunk(&columns_chunk(&[(id, "", &[])])).unwrap_err();
            assert!(error.to_string().contains("does not name a file inside"), "{error}");
        }
        assert_eq!(listing(&dir.0), ["a.txt", "sub"]);
    }
}
