//! Cutting a source into chunks for the parsing threads: whole documents,
//! and, when the consumer can take them, pieces of a document too large to
//! hold whole, so that memory stays bounded per document too.
//!
//! A piece ends after a line break, or after a space before an ASCII
//! character: no token, normalisation or word-boundary rule looks across
//! either (the rules' context stops at a line break or a space, and neither
//! joins with what follows it), so tokenising the pieces one by one gives
//! the tokens of the whole document.

use std::io::{BufRead, Read};

use super::chunk::{Chunk, ChunkKind, SplitSettings};
use super::detect::{detect_format, detect_whole, DetectError, Detected};
use super::input::{too_large, BadInput, InputFormat, ReadError, ReadSettings, Skipped, Source};
use super::source::{open_source, OpenedSource};

/// Reads `source` and cuts it into chunks, passing each to `take` until it
/// returns false. `position` is the bytes read from the sources before this
/// one; returns it with this source's added. Reading is all this does, so
/// that parsing can happen on other threads.
pub fn split_source(
    source: &Source,
    read: &ReadSettings,
    split: SplitSettings,
    position: u64,
    take: &mut dyn FnMut(Chunk) -> bool,
) -> Result<u64, ReadError> {
    let detected = |outcome: Result<Detected, DetectError>| match outcome {
        Ok(Detected::Text(format)) => Ok(format),
        Ok(Detected::Parquet) => Err(ReadError::Format {
            source: source.label(),
            reason: "is a Parquet file, which can only be read from a file named *.parquet or with the input \
                     format given as parquet"
                .to_owned(),
        }),
        Err(error) => Err(error.for_source(source)),
    };
    let (format, stream, start) = match open_source(source, split.chunk_bytes as u64)? {
        OpenedSource::Whole(whole) => {
            let format = match source.format {
                Some(format) => format,
                None => detected(detect_whole(&whole.bytes, &source.name))?,
            };
            let fits = whole.bytes.len() as u64 <= read.max_document_bytes || split.pieces;
            if format.is_one_document() && fits {
                // The usual seed document: handed out as it was read.
                let read_bytes = position + whole.raw_bytes;
                take(Chunk {
                    bytes: whole.bytes,
                    format,
                    kind: ChunkKind::Documents,
                    first_line: 1,
                    offset: whole.start_offset,
                    position: read_bytes,
                    skipped: Vec::new(),
                    before_records: true,
                });
                return Ok(read_bytes);
            }
            (format, OpenedSource::Whole(whole).into_stream(), Vec::new())
        }
        OpenedSource::Stream(mut stream) => {
            let mut start = Vec::new();
            let format = match source.format {
                Some(format) => format,
                None => {
                    let max_line = read.max_document_bytes.saturating_add(1);
                    detected(detect_format(&mut stream.reader, &source.name, max_line, &mut start))?
                }
            };
            (format, stream, start)
        }
    };
    let raw_bytes = stream.raw_bytes;
    let mut splitter = Splitter {
        source,
        format,
        stream: stream.reader,
        bad_input: read.bad_input,
        max: read.max_document_bytes,
        split,
        line: 1,
        offset: stream.start_offset,
        position: &|| position + raw_bytes(),
        take,
        stopped: false,
        braces_seen: false,
    };
    if format.is_one_document() {
        splitter.one_document(start)?;
    } else {
        splitter.lines(start)?;
    }
    Ok(position + raw_bytes())
}

struct Splitter<'a> {
    source: &'a Source,
    format: InputFormat,
    stream: Box<dyn BufRead>,
    bad_input: BadInput,
    max: u64,
    split: SplitSettings,
    /// The line and (decompressed) offset of the next byte to hand out.
    line: u64,
    offset: u64,
    position: &'a dyn Fn() -> u64,
    take: &'a mut dyn FnMut(Chunk) -> bool,
    /// `take` said to stop.
    stopped: bool,
    /// A chunk handed out held a `{` (see `Chunk::before_records`).
    braces_seen: bool,
}

impl Splitter<'_> {
    fn io_error(&self, error: std::io::Error) -> ReadError {
        ReadError::Io {
            source: self.source.label(),
            error,
        }
    }

    /// Reads until `buffer` holds `length` bytes; returns whether the stream
    /// ended first.
    fn fill(&mut self, buffer: &mut Vec<u8>, length: usize) -> Result<bool, ReadError> {
        let wanted = length.saturating_sub(buffer.len());
        if wanted == 0 {
            return Ok(false);
        }
        // (At most a few MB ahead: the buffer grows as it fills.)
        buffer.reserve(wanted.min(4 << 20));
        let read = (&mut self.stream)
            .take(wanted as u64)
            .read_to_end(buffer)
            .map_err(|error| self.io_error(error))?;
        Ok(read < wanted)
    }

    /// Hands out a chunk, moving the line and offset past it.
    fn emit(&mut self, bytes: Vec<u8>, kind: ChunkKind, skipped: Vec<Skipped>) {
        if self.stopped {
            return;
        }
        let lines = match kind {
            ChunkKind::Documents => memchr::memchr_iter(b'\n', &bytes).count() as u64,
            _ => 0,
        };
        let length = bytes.len() as u64;
        let before_records = !self.braces_seen;
        self.braces_seen |= memchr::memchr(b'{', &bytes).is_some();
        let chunk = Chunk {
            bytes,
            format: self.format,
            kind,
            first_line: self.line,
            offset: self.offset,
            position: (self.position)(),
            skipped,
            before_records,
        };
        self.stopped = !(self.take)(chunk);
        self.line += lines;
        self.offset += length;
    }

    /// Leaves out the document at the current line (`line` for the line
    /// formats) as too large: a skipped document, or the run's error.
    fn refuse(&mut self, line: Option<u64>, streamed: bool) -> Result<(), ReadError> {
        let reason = too_large(self.max);
        if self.bad_input != BadInput::Skip {
            return Err(ReadError::BadDocument {
                source: self.source.label(),
                line,
                reason,
            });
        }
        let skipped = vec![Skipped {
            source: self.source.label(),
            line,
            reason,
        }];
        let kind = if streamed {
            ChunkKind::Abandoned
        } else {
            ChunkKind::Documents
        };
        self.emit(Vec::new(), kind, skipped);
        Ok(())
    }

    fn max_bytes(&self) -> usize {
        usize::try_from(self.max).unwrap_or(usize::MAX)
    }

    /// The seed and whole formats: the source is one document.
    fn one_document(&mut self, mut buffer: Vec<u8>) -> Result<(), ReadError> {
        let chunk_bytes = self.split.chunk_bytes.max(1);
        let mut at_end = self.fill(&mut buffer, chunk_bytes)?;
        if !at_end && !self.split.pieces {
            at_end = self.fill(&mut buffer, self.max_bytes().saturating_add(1))?;
        }
        if at_end && buffer.len() as u64 <= self.max {
            self.emit(buffer, ChunkKind::Documents, Vec::new());
            return Ok(());
        }
        if !self.split.pieces {
            // Over the limit: nothing more of the source is read.
            return self.refuse(None, false);
        }
        let has_title = self.format == InputFormat::Seed;
        self.pieces(buffer, at_end, has_title, None).map(drop)
    }

    /// The line formats: chunks of whole lines.
    fn lines(&mut self, mut buffer: Vec<u8>) -> Result<(), ReadError> {
        let chunk_bytes = self.split.chunk_bytes.max(1);
        while !self.stopped {
            let at_end = self.fill(&mut buffer, chunk_bytes)?;
            if at_end {
                if !buffer.is_empty() {
                    self.emit(buffer, ChunkKind::Documents, Vec::new());
                }
                return Ok(());
            }
            if let Some(last) = memchr::memrchr(b'\n', &buffer) {
                // The cut line goes on in the next chunk.
                let rest = buffer.split_off(last + 1);
                self.emit(std::mem::replace(&mut buffer, rest), ChunkKind::Documents, Vec::new());
                continue;
            }
            // One line longer than a chunk.
            buffer = self.long_line(buffer)?;
        }
        Ok(())
    }

    /// A line that does not fit a chunk, `buffer` its start: streamed in
    /// pieces, or held whole up to the limit. Returns what follows it.
    fn long_line(&mut self, mut buffer: Vec<u8>) -> Result<Vec<u8>, ReadError> {
        let line = self.line;
        if self.split.pieces && self.format == InputFormat::Lines {
            return self.pieces(buffer, false, false, Some(line));
        }
        let limit = self.max_bytes().saturating_add(1);
        let mut searched = 0;
        loop {
            if let Some(newline) = buffer.get(searched..).and_then(|rest| memchr::memchr(b'\n', rest)) {
                let rest = buffer.split_off(searched + newline + 1);
                // A line over the limit is the parser's to refuse (it knows
                // which lines are blank, or records).
                self.emit(buffer, ChunkKind::Documents, Vec::new());
                return Ok(rest);
            }
            searched = buffer.len();
            if buffer.len() >= limit {
                break;
            }
            let wanted = buffer.len().saturating_add(self.split.chunk_bytes.max(1)).min(limit);
            if self.fill(&mut buffer, wanted)? {
                self.emit(buffer, ChunkKind::Documents, Vec::new());
                return Ok(Vec::new());
            }
        }
        // Over the limit: left out, and the rest of it read past.
        let length = buffer.len() as u64 + self.skip_line()?;
        self.refuse(Some(line), false)?;
        self.line += 1;
        self.offset += length;
        Ok(Vec::new())
    }

    /// Reads past the rest of the current line; returns its length, its
    /// newline included.
    fn skip_line(&mut self) -> Result<u64, ReadError> {
        let mut skipped = 0;
        loop {
            let available = self.stream.fill_buf().map_err(|error| ReadError::Io {
                source: self.source.label(),
                error,
            })?;
            if available.is_empty() {
                return Ok(skipped);
            }
            let (used, done) = match memchr::memchr(b'\n', available) {
                Some(newline) => (newline + 1, true),
                None => (available.len(), false),
            };
            self.stream.consume(used);
            skipped += used as u64;
            if done {
                return Ok(skipped);
            }
        }
    }

    /// Hands out a document too large for a chunk in pieces: `buffer` holds
    /// its start (and, for a line, perhaps more than the line), `at_end`
    /// says whether the stream has ended. The document ends at the end of
    /// the stream, or for a line (`line` given) at its newline; returns the
    /// bytes after it.
    fn pieces(
        &mut self,
        mut buffer: Vec<u8>,
        mut at_end: bool,
        has_title: bool,
        line: Option<u64>,
    ) -> Result<Vec<u8>, ReadError> {
        let chunk_bytes = self.split.chunk_bytes.max(1);
        let mut first = true;
        // Bytes known to hold no newline (for a line) and no place to cut.
        let mut searched = 0;
        loop {
            if line.is_some() {
                if let Some(newline) = buffer.get(searched..).and_then(|rest| memchr::memchr(b'\n', rest)) {
                    let end = searched + newline;
                    let rest = buffer.split_off(end + 1);
                    buffer.truncate(end);
                    self.emit_piece(buffer, first, true);
                    // The newline.
                    self.offset += 1;
                    self.line += 1;
                    return Ok(rest);
                }
            }
            if at_end && buffer.len() <= chunk_bytes {
                return Ok(self.last_piece(buffer, first, line));
            }
            if buffer.len() >= chunk_bytes {
                let title_end = if has_title && first {
                    memchr::memchr(b'\n', &buffer).map(|newline| newline + 1)
                } else {
                    Some(0)
                };
                if let Some(cut) = title_end.and_then(|title_end| last_cut(&buffer, searched.max(title_end))) {
                    let rest = buffer.split_off(cut);
                    self.emit_piece(std::mem::replace(&mut buffer, rest), first, false);
                    first = false;
                    searched = 0;
                    continue;
                }
                searched = buffer.len().saturating_sub(1);
                if buffer.len() as u64 > self.max {
                    // No place to cut within the limit: a run of text the
                    // size of the limit, or a title line that long.
                    let length = match line {
                        Some(_) => buffer.len() as u64 + self.skip_line()?,
                        None => 0,
                    };
                    self.refuse(line, !first)?;
                    if line.is_some() {
                        self.line += 1;
                        self.offset += length;
                    }
                    return Ok(Vec::new());
                }
                if at_end {
                    return Ok(self.last_piece(buffer, first, line));
                }
            }
            let wanted = buffer.len().max(chunk_bytes).saturating_add(chunk_bytes);
            at_end = self.fill(&mut buffer, wanted)?;
        }
    }

    /// The end of a document streamed in pieces, at the end of the stream.
    fn last_piece(&mut self, bytes: Vec<u8>, first: bool, line: Option<u64>) -> Vec<u8> {
        self.emit_piece(bytes, first, true);
        if line.is_some() {
            self.line += 1;
        }
        Vec::new()
    }

    fn emit_piece(&mut self, bytes: Vec<u8>, first: bool, last: bool) {
        if first && last {
            // It fitted after all (a line's end came soon enough, or the
            // stream's): whole, with no newline in it to count.
            self.emit(bytes, ChunkKind::Documents, Vec::new());
            return;
        }
        self.emit(bytes, ChunkKind::Piece { first, last }, Vec::new());
    }
}

/// The last place in `bytes` at or after `from` where a piece may end: after
/// a line break, or after a space that an ASCII character follows.
fn last_cut(bytes: &[u8], from: usize) -> Option<usize> {
    let tail = bytes.get(from..)?;
    // A pair at positions (i, i + 1) of `tail`: the cut is at i + 1.
    let pairs = tail.windows(2).rposition(|pair| match pair {
        [b'\n', _] => true,
        [b' ', next] => next.is_ascii(),
        _ => false,
    });
    pairs.map(|at| from + at + 1)
}
