//! Writing tokenised corpora to one output: JSON Lines or plain text to a
//! file or stdout (gzip-compressed when asked), or seed files to a directory
//! (`directory.rs`) or, for one document, to stdout. A file is written under
//! a temporary name and renamed into place once complete (`pending.rs`).

use std::io::{self, BufWriter, Seek, SeekFrom, Write};
use std::sync::Arc;

use crate::corpus::chunk::ChunkKind;
use crate::corpus::directory::{DuplicateIds, Origin, SeedDirectory, Staging};
use crate::corpus::made::{DocumentInfo, TokenizedChunk};
use crate::corpus::output::{
    gzip_member, refusal, refuse_input, write_error, OutputTarget, ProtectedFiles, WriteError,
};
use crate::corpus::pending::PendingFile;
use crate::corpus::render::{render_columns, OutputFormat};
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
    /// JSON Lines written from token columns (`write_documents`) say where
    /// each token came from, when the columns keep spans in code points.
    pub offsets: bool,
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
            offsets: false,
        }
    }
}

/// Writes tokenised documents in one format to one target.
pub struct CorpusWriter {
    format: OutputFormat,
    compress: bool,
    /// See `WriterSettings::offsets`.
    offsets: bool,
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
            offsets,
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
            offsets,
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
            let (id, title) = (&document.id, &document.title);
            render_columns(self.format, id, title, tokens, index, self.offsets, &mut scratch);
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
#[path = "write_tests.rs"]
mod tests;
