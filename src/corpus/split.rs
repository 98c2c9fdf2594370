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

use super::detect::{detect_format, detect_whole, DetectError, Detected};
use super::input::{BadInput, InputFormat, ReadError, ReadSettings, Skipped, Source};
use super::source::{open_source, OpenedSource};

/// A part of a source that a parsing thread takes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chunk {
    pub bytes: Vec<u8>,
    pub format: InputFormat,
    pub kind: ChunkKind,
    /// The number of the chunk's first line in the source (from 1).
    pub first_line: u64,
    /// Where the chunk starts in the (decompressed) source.
    pub offset: u64,
    /// Bytes read from the run's files so far (compressed ones for gzip),
    /// for progress.
    pub position: u64,
    /// Documents the reader left out (larger than the limit, under
    /// `BadInput::Skip`): they come before the chunk's own documents.
    pub skipped: Vec<Skipped>,
    /// No chunk of the source before this one held a `{`: the source's first
    /// JSON record, if any, is in this chunk or a later one.
    pub before_records: bool,
}

/// What a chunk holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ChunkKind {
    /// Whole documents (possibly none).
    #[default]
    Documents,
    /// A part of one document: the first holds its start (and title), the
    /// last its end.
    Piece { first: bool, last: bool },
    /// The document whose pieces came before turned out unusable (larger
    /// than the limit without a place to cut it, under `BadInput::Skip`):
    /// whoever took its pieces drops them.
    Abandoned,
}

/// How sources are cut into chunks.
#[derive(Clone, Copy, Debug)]
pub struct SplitSettings {
    /// About how many bytes a chunk holds (more when one line is longer).
    pub chunk_bytes: usize,
    /// Whether a document larger than a chunk is cut into pieces (the
    /// consumer streams it) or held whole up to `max_document_bytes`.
    pub pieces: bool,
}

/// The reason given for a document over the limit.
pub fn too_large(limit: u64) -> String {
    format!("the document is larger than the limit of {limit} bytes (max_document_bytes, --max-document-size)")
}

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

#[cfg(test)]
mod tests {
    use std::io::Write;
    use std::path::PathBuf;

    use super::*;
    use crate::corpus::input::{Document, SourcePath, DEFAULT_MAX_DOCUMENT_BYTES};
    use crate::corpus::parse::{parse_chunk, read_source};
    use crate::corpus::test_support::without_dir;
    use crate::options::{CjkTokens, Segmentation, TokenizerOptions};
    use crate::stopwords::bundled_list;
    use crate::tokenize::Tokenizer;
    use crate::{NormalizationForm, StemLanguage};

    /// A directory of the test's own, removed when dropped.
    struct TempDir(PathBuf);

    impl TempDir {
        fn new(tag: &str) -> TempDir {
            let dir = std::env::temp_dir().join(format!("wordsift-split-{tag}-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(&dir).unwrap();
            TempDir(dir)
        }

        /// `bytes` written to a file named `name`, as a source.
        fn source(&self, name: &str, bytes: &[u8], format: Option<InputFormat>) -> Source {
            let path = self.0.join(name);
            std::fs::write(&path, bytes).unwrap();
            Source {
                path: SourcePath::File(path),
                name: name.to_owned(),
                format,
            }
        }
    }

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn settings(bad_input: BadInput, max_document_bytes: u64) -> ReadSettings {
        ReadSettings {
            bad_input,
            max_document_bytes,
            ..ReadSettings::default()
        }
    }

    fn split(source: &Source, read: &ReadSettings, chunk_bytes: usize, pieces: bool) -> Result<Vec<Chunk>, ReadError> {
        let mut chunks = Vec::new();
        split_source(source, read, SplitSettings { chunk_bytes, pieces }, 0, &mut |chunk| {
            chunks.push(chunk);
            true
        })?;
        Ok(chunks)
    }

    /// What splitting and parsing a source give: its documents (a piece as
    /// one of its own), what was skipped (line, reason) and the first
    /// error, with the directory cut off.
    #[derive(Debug, Default)]
    struct Parsed {
        documents: Vec<Document>,
        skipped: Vec<(Option<u64>, String)>,
        error: Option<String>,
    }

    fn parse(source: &Source, read: &ReadSettings, chunk_bytes: usize, pieces: bool) -> Parsed {
        let split = SplitSettings { chunk_bytes, pieces };
        let mut parsed = Parsed::default();
        let outcome = split_source(source, read, split, 0, &mut |chunk| {
            let outcome = parse_chunk(
                source,
                read,
                split,
                chunk,
                &mut |document| parsed.documents.push(document.to_document()),
                &mut |skipped| parsed.skipped.push((skipped.line, skipped.reason)),
            );
            parsed.error = outcome.err().map(|error| without_dir(&error.to_string()));
            parsed.error.is_none()
        });
        if let Err(error) = outcome {
            parsed.error = Some(without_dir(&error.to_string()));
        }
        parsed
    }

    fn bodies(parsed: &Parsed) -> Vec<(&str, &str)> {
        let documents = parsed.documents.iter();
        documents.map(|d| (d.id.as_str(), d.body.as_str())).collect()
    }

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        encoder.write_all(bytes).unwrap();
        encoder.finish().unwrap()
    }

    fn too_large_message(name: &str, line: Option<u64>, limit: u64) -> String {
        let at = line.map_or(String::new(), |line| format!(", line {line}"));
        format!("{name}{at}: the document is larger than the limit of {limit} bytes (max_document_bytes, --max-document-size)")
    }

    /// Checks that `pieces` are the pieces of one document, cut where the
    /// rules allow, and returns their bytes joined.
    fn check_pieces(pieces: &[Chunk], what: &str) -> Vec<u8> {
        assert!(pieces.len() > 1, "{what}: {} pieces", pieces.len());
        for (index, piece) in pieces.iter().enumerate() {
            let kind = ChunkKind::Piece {
                first: index == 0,
                last: index == pieces.len() - 1,
            };
            assert_eq!(piece.kind, kind, "{what}, piece {index}");
            assert!(piece.skipped.is_empty());
            let Some(next) = pieces.get(index + 1) else {
                continue;
            };
            assert_eq!(
                next.offset,
                piece.offset + piece.bytes.len() as u64,
                "{what}, piece {index}"
            );
            assert_eq!(next.first_line, piece.first_line, "{what}");
            let cut_after_newline = piece.bytes.last() == Some(&b'\n');
            let cut_after_space = piece.bytes.last() == Some(&b' ') && next.bytes.first().is_some_and(u8::is_ascii);
            assert!(
                cut_after_newline || cut_after_space,
                "{what}: piece {index} cut between {:?} and {:?}",
                String::from_utf8_lossy(&piece.bytes),
                String::from_utf8_lossy(&next.bytes)
            );
        }
        pieces.iter().flat_map(|piece| piece.bytes.iter().copied()).collect()
    }

    #[test]
    fn chunks_hold_whole_lines_and_know_where_they_start() {
        let dir = TempDir::new("lines");
        let mut text = Vec::new();
        for i in 0..500 {
            text.extend_from_slice(format!("{{\"text\": \"line {i} {}\"}}\n", "x".repeat(i % 37)).as_bytes());
        }
        text.extend_from_slice(b"{\"text\": \"bad \xff\"}\n{\"text\": \"last\"}");
        let bad_at = text.iter().position(|&byte| byte == 0xff).unwrap();
        let source = dir.source("chunked.jsonl", &text, Some(InputFormat::JsonLines));
        let (strict, replace) = (
            ReadSettings::default(),
            settings(BadInput::Replace, DEFAULT_MAX_DOCUMENT_BYTES),
        );
        let mut whole = Vec::new();
        read_source(&source, &replace, &mut |document| whole.push(document), &mut |_| {}).unwrap();
        assert_eq!(whole.len(), 502);
        assert_eq!(
            (whole[500].body.as_str(), whole[501].id.as_str()),
            ("bad \u{fffd}", "chunked.jsonl:502")
        );
        for chunk_bytes in [1, 50, 700, 1 << 20] {
            for pieces in [false, true] {
                let split = SplitSettings { chunk_bytes, pieces };
                let mut chunks = Vec::new();
                let position = split_source(&source, &replace, split, 7, &mut |chunk| {
                    chunks.push(chunk);
                    true
                })
                .unwrap();
                assert_eq!(position, 7 + text.len() as u64);
                let (mut offset, mut last_position) = (0, 7);
                for chunk in &chunks {
                    assert_eq!(
                        (chunk.kind, chunk.format),
                        (ChunkKind::Documents, InputFormat::JsonLines)
                    );
                    assert_eq!(chunk.offset, offset, "chunk_bytes={chunk_bytes}");
                    let before = &text[..offset as usize];
                    assert!(before.is_empty() || before.ends_with(b"\n"));
                    let lines_before = before.iter().filter(|&&byte| byte == b'\n').count() as u64;
                    assert_eq!(chunk.first_line, lines_before + 1);
                    assert!(chunk.position >= last_position && chunk.position <= position);
                    last_position = chunk.position;
                    offset += chunk.bytes.len() as u64;
                }
                let joined: Vec<u8> = chunks.iter().flat_map(|chunk| chunk.bytes.iter().copied()).collect();
                assert_eq!(joined, text, "chunk_bytes={chunk_bytes}");
                let (mut documents, mut errors) = (Vec::new(), Vec::new());
                for chunk in chunks {
                    let outcome = parse_chunk(&source, &strict, split, chunk.clone(), &mut |_| {}, &mut |_| {});
                    errors.extend(outcome.err().map(|error| without_dir(&error.to_string())));
                    let mut emit =
                        |document: crate::corpus::input::DocumentRef<'_>| documents.push(document.to_document());
                    parse_chunk(&source, &replace, split, chunk, &mut emit, &mut |_| {}).unwrap();
                }
                assert_eq!(documents, whole, "chunk_bytes={chunk_bytes}");
                let expected = format!("chunked.jsonl, line 501: not valid UTF-8 at byte offset {bad_at}");
                assert_eq!(errors, [expected]);
            }
        }
    }

    /// Seed documents far larger than a chunk: many lines, one long line,
    /// words that are not ASCII, line breaks of two bytes.
    fn large_documents() -> Vec<(&'static str, String)> {
        let lines: String = (0..300)
            .map(|i| format!("line {i} of the market share{}\n", " word".repeat(i % 5)))
            .collect();
        let one_line: String = (0..3000).map(|i| format!("w{i} ")).collect();
        let foreign: String = (0..3000)
            .map(|i| match i % 7 {
                6 => "東京\n",
                other => ["café ", "naïve ", "Ωμέγα ", "東京 "][other % 4],
            })
            .collect();
        vec![
            ("lines.txt", format!("Markets rally\n{lines}")),
            ("one-line.txt", format!("One line\n{one_line}")),
            ("foreign.txt", format!("Καφές café\n{foreign}")),
            ("crlf.txt", format!("Title\r\n{}", lines.replace('\n', "\r\n"))),
        ]
    }

    #[test]
    fn a_document_larger_than_a_chunk_comes_in_pieces_cut_at_safe_points() {
        let dir = TempDir::new("pieces");
        let read = ReadSettings::default();
        for (name, text) in large_documents() {
            let source = dir.source(name, text.as_bytes(), Some(InputFormat::Seed));
            let title_line = text.find('\n').unwrap() + 1;
            for chunk_bytes in [64, 333, 4096] {
                let what = format!("{name}, chunk_bytes={chunk_bytes}");
                let pieces = split(&source, &read, chunk_bytes, true).unwrap();
                assert_eq!(check_pieces(&pieces, &what), text.as_bytes(), "{what}");
                assert_eq!((pieces[0].offset, pieces[0].first_line), (0, 1));
                assert!(pieces[0].bytes.len() >= title_line, "{what}: the title line is cut");
                for piece in &pieces {
                    // Memory stays bounded: a piece is about a chunk.
                    assert!(
                        piece.bytes.len() <= 2 * chunk_bytes,
                        "{what}: {} bytes",
                        piece.bytes.len()
                    );
                }
                // The title on the first piece, the body on all of them.
                let parsed = parse(&source, &read, chunk_bytes, true);
                assert_eq!(parsed.error, None);
                let titles: Vec<&str> = parsed.documents.iter().map(|d| d.title.as_str()).collect();
                assert_eq!(titles[0], text[..title_line].trim_end());
                assert!(titles[1..].iter().all(|title| title.is_empty()));
                let body: String = parsed.documents.iter().map(|d| d.body.as_str()).collect();
                assert_eq!(body, text[title_line..]);
                // Pieces may be larger than the limit of a document held whole.
                let limited = split(&source, &settings(BadInput::Strict, 1000), chunk_bytes, true).unwrap();
                assert_eq!(limited, pieces);
            }
            // Held whole: one chunk, or refused over the limit.
            let whole = split(&source, &read, 64, false).unwrap();
            assert_eq!(whole.len(), 1);
            assert_eq!(
                (whole[0].kind, whole[0].bytes.as_slice()),
                (ChunkKind::Documents, text.as_bytes())
            );
            let error = split(&source, &settings(BadInput::Strict, 1000), 64, false).unwrap_err();
            assert!(matches!(error, ReadError::BadDocument { line: None, .. }));
            assert_eq!(without_dir(&error.to_string()), too_large_message(name, None, 1000));
            let skipped = split(&source, &settings(BadInput::Skip, 1000), 64, false).unwrap();
            assert_eq!(skipped.len(), 1);
            assert_eq!(
                (skipped[0].kind, skipped[0].bytes.as_slice()),
                (ChunkKind::Documents, &b""[..])
            );
            let reason = too_large(1000);
            let expected = Skipped {
                source: source.label(),
                line: None,
                reason,
            };
            assert_eq!(skipped[0].skipped, [expected]);
            // Exactly at the limit: held.
            let at_limit = split(&source, &settings(BadInput::Strict, text.len() as u64), 64, false).unwrap();
            assert_eq!(at_limit[0].bytes, text.as_bytes());
        }
    }

    #[test]
    fn a_line_longer_than_a_chunk_comes_in_pieces_and_the_lines_after_keep_their_numbers() {
        let dir = TempDir::new("long-line");
        let long: String = (0..400).map(|i| format!("word{i} ")).collect();
        let text = format!("short one\n{long}\r\nafter it\n\nlast");
        let source = dir.source("l.txt", text.as_bytes(), Some(InputFormat::Lines));
        let read = ReadSettings::default();
        let chunks = split(&source, &read, 64, true).unwrap();
        let (start, end) = (
            chunks
                .iter()
                .position(|chunk| chunk.kind != ChunkKind::Documents)
                .unwrap(),
            chunks
                .iter()
                .rposition(|chunk| chunk.kind != ChunkKind::Documents)
                .unwrap(),
        );
        let pieces = &chunks[start..=end];
        assert_eq!(check_pieces(pieces, "line 2"), format!("{long}\r").as_bytes());
        assert_eq!((pieces[0].first_line, pieces[0].offset), (2, 10));
        let before: Vec<u8> = chunks[..start].iter().flat_map(|c| c.bytes.clone()).collect();
        assert_eq!(before, b"short one\n");
        let after = &chunks[end + 1..];
        let last_piece = &chunks[end];
        assert_eq!(after[0].offset, last_piece.offset + last_piece.bytes.len() as u64 + 1);
        assert_eq!(after[0].first_line, 3);
        assert!(after.iter().all(|chunk| chunk.kind == ChunkKind::Documents));
        let after_bytes: Vec<u8> = after.iter().flat_map(|c| c.bytes.clone()).collect();
        assert_eq!(after_bytes, b"after it\n\nlast");
        let parsed = parse(&source, &read, 64, true);
        assert_eq!(parsed.error, None);
        let ids: Vec<&str> = parsed.documents.iter().map(|d| d.id.as_str()).collect();
        let mut expected = vec!["l.txt:1"];
        expected.extend(std::iter::repeat_n("l.txt:2", pieces.len()));
        expected.extend(["l.txt:3", "l.txt:4", "l.txt:5"]);
        assert_eq!(ids, expected);
        let tokenizer = Tokenizer::new(TokenizerOptions::default(), None::<[&str; 0]>).unwrap();
        let line_tokens: Vec<String> = parsed.documents[1..=pieces.len()]
            .iter()
            .flat_map(|d| tokenizer.tokenize(&d.body))
            .collect();
        assert_eq!(line_tokens, tokenizer.tokenize(&long));
        // Held whole, the line is refused over the limit, wherever the
        // chunks end; the lines after it are read.
        for chunk_bytes in [64, 1 << 20] {
            let parsed = parse(&source, &settings(BadInput::Skip, 1000), chunk_bytes, false);
            assert_eq!(parsed.error, None);
            let expected = [
                ("l.txt:1", "short one"),
                ("l.txt:3", "after it"),
                ("l.txt:4", ""),
                ("l.txt:5", "last"),
            ];
            assert_eq!(bodies(&parsed), expected, "chunk_bytes={chunk_bytes}");
            assert_eq!(parsed.skipped, [(Some(2), too_large(1000))]);
            let parsed = parse(&source, &settings(BadInput::Strict, 1000), chunk_bytes, false);
            assert_eq!(parsed.error, Some(too_large_message("l.txt", Some(2), 1000)));
        }
        // In pieces, the limit is no obstacle.
        let parsed = parse(&source, &settings(BadInput::Strict, 1000), 64, true);
        assert_eq!((parsed.error, parsed.documents.len()), (None, 4 + pieces.len()));
    }

    #[test]
    fn json_lines_over_the_limit_are_refused_and_the_lines_after_read() {
        let dir = TempDir::new("json-limit");
        let record = |text: &str| format!("{{\"text\": \"{text}\"}}\n");
        // The limit is 100 bytes: a record of 512, of 100 exactly, of 101.
        let text = [
            record("a"),
            record(&"word ".repeat(100)),
            record("b"),
            record(&"x".repeat(88)),
            record(&"y".repeat(89)),
            record("c"),
        ]
        .concat();
        let source = dir.source("j.jsonl", text.as_bytes(), Some(InputFormat::JsonLines));
        for chunk_bytes in [1, 16, 64, 1 << 20] {
            for pieces in [false, true] {
                let what = format!("chunk_bytes={chunk_bytes}, pieces={pieces}");
                let parsed = parse(&source, &settings(BadInput::Skip, 100), chunk_bytes, pieces);
                assert_eq!(parsed.error, None, "{what}");
                let x = "x".repeat(88);
                let expected = [
                    ("j.jsonl:1", "a"),
                    ("j.jsonl:3", "b"),
                    ("j.jsonl:4", &x),
                    ("j.jsonl:6", "c"),
                ];
                assert_eq!(bodies(&parsed), expected, "{what}");
                assert_eq!(
                    parsed.skipped,
                    [(Some(2), too_large(100)), (Some(5), too_large(100))],
                    "{what}"
                );
                for bad_input in [BadInput::Strict, BadInput::Replace] {
                    let parsed = parse(&source, &settings(bad_input, 100), chunk_bytes, pieces);
                    assert_eq!(parsed.error, Some(too_large_message("j.jsonl", Some(2), 100)), "{what}");
                }
            }
        }
    }

    #[test]
    fn a_run_with_no_place_to_cut_longer_than_the_limit_is_refused() {
        let dir = TempDir::new("no-cut");
        let run = format!("{}{} tail words\n", "word ".repeat(30), "x".repeat(400));
        let seed = dir.source("run.txt", format!("Title\n{run}").as_bytes(), Some(InputFormat::Seed));
        let lines = dir.source(
            "r.txt",
            format!("ok line\n{run}after\n").as_bytes(),
            Some(InputFormat::Lines),
        );
        for (source, line) in [(&seed, None), (&lines, Some(2))] {
            let error = split(source, &settings(BadInput::Strict, 200), 64, true).unwrap_err();
            assert_eq!(
                without_dir(&error.to_string()),
                too_large_message(&source.name, line, 200)
            );
            let chunks = split(source, &settings(BadInput::Skip, 200), 64, true).unwrap();
            let abandoned = chunks.iter().position(|c| c.kind == ChunkKind::Abandoned).unwrap();
            let streamed = &chunks[..abandoned];
            let first = streamed.iter().position(|c| c.kind != ChunkKind::Documents).unwrap();
            assert_eq!(
                streamed[first].kind,
                ChunkKind::Piece {
                    first: true,
                    last: false
                }
            );
            for piece in &streamed[first + 1..] {
                assert_eq!(
                    piece.kind,
                    ChunkKind::Piece {
                        first: false,
                        last: false
                    }
                );
            }
            let expected = Skipped {
                source: source.label(),
                line,
                reason: too_large(200),
            };
            assert_eq!(
                (chunks[abandoned].bytes.len(), &chunks[abandoned].skipped),
                (0, &vec![expected])
            );
            assert!(chunks
                .iter()
                .all(|c| c.kind == ChunkKind::Abandoned || c.skipped.is_empty()));
            let after = &chunks[abandoned + 1..];
            match line {
                None => assert!(after.is_empty()),
                Some(_) => {
                    assert_eq!(after.len(), 1);
                    let offset = ("ok line\n".len() + run.len()) as u64;
                    assert_eq!((after[0].first_line, after[0].offset), (3, offset));
                    assert_eq!(after[0].bytes, b"after\n");
                }
            }
        }
        // A title line over the limit: nothing streamed yet, one document
        // left out.
        let title = dir.source(
            "title.txt",
            format!("{}\nbody words", "T".repeat(300)).as_bytes(),
            Some(InputFormat::Seed),
        );
        let chunks = split(&title, &settings(BadInput::Skip, 200), 64, true).unwrap();
        assert_eq!(chunks.len(), 1);
        assert_eq!(
            (chunks[0].kind, chunks[0].bytes.len(), chunks[0].skipped.len()),
            (ChunkKind::Documents, 0, 1)
        );
        let error = split(&title, &settings(BadInput::Strict, 200), 64, true).unwrap_err();
        assert_eq!(
            without_dir(&error.to_string()),
            too_large_message("title.txt", None, 200)
        );
    }

    #[test]
    fn offsets_count_the_decompressed_bytes_and_the_byte_order_mark() {
        let dir = TempDir::new("offsets");
        let words = "word ".repeat(20);
        let seed_text = format!("Title\n{words}");
        let cases: [(InputFormat, Vec<u8>, usize, &str); 4] = [
            (
                InputFormat::Lines,
                b"good\nbad \xff\n".to_vec(),
                1 << 20,
                "g.txt, line 2: not valid UTF-8 at byte offset 12",
            ),
            (
                InputFormat::Seed,
                b"Title\nbad \xff".to_vec(),
                1 << 20,
                "g.txt: not valid UTF-8 at byte offset 13",
            ),
            (
                InputFormat::Seed,
                [seed_text.as_bytes(), b"\xff end"].concat(),
                16,
                "g.txt: not valid UTF-8 at byte offset 109",
            ),
            (
                InputFormat::Lines,
                [b"ok\n", words.as_bytes(), b"\xff\n"].concat(),
                16,
                "g.txt, line 2: not valid UTF-8 at byte offset 106",
            ),
        ];
        for (format, text, chunk_bytes, message) in cases {
            let compressed = gzip(&[&b"\xEF\xBB\xBF"[..], &text].concat());
            let source = dir.source("g.txt", &compressed, Some(format));
            for pieces in [false, true] {
                let parsed = parse(&source, &ReadSettings::default(), chunk_bytes, pieces);
                assert_eq!(parsed.error.as_deref(), Some(message), "pieces={pieces}");
                let skipping = parse(
                    &source,
                    &settings(BadInput::Skip, DEFAULT_MAX_DOCUMENT_BYTES),
                    chunk_bytes,
                    pieces,
                );
                let reason = message.split_once(": ").unwrap().1;
                assert_eq!(skipping.skipped.last().unwrap().1, reason);
            }
            let chunks = split(&source, &ReadSettings::default(), chunk_bytes, true).unwrap();
            assert_eq!(chunks[0].offset, 3);
            let mut position = 0;
            split_source(
                &source,
                &ReadSettings::default(),
                SplitSettings {
                    chunk_bytes,
                    pieces: true,
                },
                0,
                &mut |_| true,
            )
            .map(|read| position = read)
            .unwrap();
            assert_eq!(position, compressed.len() as u64);
        }
    }

    #[test]
    fn the_format_is_detected_when_not_given() {
        let dir = TempDir::new("detect");
        let json = b"{\"text\": \"json one\", \"title\": \"T\"}\n{\"text\": \"two\"}\n";
        for (name, bytes) in [
            ("x.txt", json.to_vec()),
            ("bom.txt", gzip(&[&b"\xEF\xBB\xBF"[..], json].concat())),
        ] {
            let source = dir.source(name, &bytes, None);
            let chunks = split(&source, &ReadSettings::default(), 1 << 20, true).unwrap();
            assert!(chunks.iter().all(|chunk| chunk.format == InputFormat::JsonLines));
            let parsed = parse(&source, &ReadSettings::default(), 1 << 20, true);
            let documents: Vec<(&str, &str, &str)> = parsed
                .documents
                .iter()
                .map(|d| (d.id.as_str(), d.title.as_str(), d.body.as_str()))
                .collect();
            let (one, two) = (format!("{name}:1"), format!("{name}:2"));
            assert_eq!(documents, [(one.as_str(), "T", "json one"), (two.as_str(), "", "two")]);
        }
        let seed = dir.source("seed.txt", b"Title\nbody", None);
        let parsed = parse(&seed, &ReadSettings::default(), 1 << 20, true);
        assert_eq!(
            parsed.documents,
            [Document {
                id: "seed.txt".to_owned(),
                title: "Title".to_owned(),
                body: "body".to_owned()
            }]
        );
        let parquet = dir.source("data.bin", b"PAR1\x15\x04\x15\x00", None);
        let error = split(&parquet, &ReadSettings::default(), 1 << 20, true).unwrap_err();
        assert!(matches!(error, ReadError::Format { .. }));
        assert!(
            without_dir(&error.to_string()).starts_with("data.bin: is a Parquet file"),
            "{error}"
        );
        let array = dir.source("array.txt", b"[{\"id\": 1}]\n", None);
        let error = split(&array, &ReadSettings::default(), 1 << 20, true).unwrap_err();
        assert!(
            matches!(error, ReadError::Format { .. }) && error.to_string().contains("not JSON Lines"),
            "{error}"
        );
        // Given, the format is not second-guessed.
        let given = dir.source("given.txt", json, Some(InputFormat::Lines));
        let given = parse(&given, &ReadSettings::default(), 1 << 20, true);
        let first_line = r#"{"text": "json one", "title": "T"}"#;
        assert_eq!(
            (given.documents.len(), given.documents[0].body.as_str()),
            (2, first_line)
        );
    }

    #[test]
    fn missing_files_are_named_and_a_stop_is_obeyed() {
        let source = Source {
            path: SourcePath::File(PathBuf::from("/nonexistent/wordsift/input.txt")),
            name: "input.txt".to_owned(),
            format: None,
        };
        let error = split(&source, &ReadSettings::default(), 1 << 20, true).unwrap_err();
        assert!(matches!(error, ReadError::Io { .. }));
        let message = error.to_string();
        assert!(
            message.starts_with("cannot read /nonexistent/wordsift/input.txt: "),
            "{message}"
        );
        let dir = TempDir::new("stop");
        let source = dir.source("many.txt", "line\n".repeat(1000).as_bytes(), Some(InputFormat::Lines));
        let mut taken = 0;
        split_source(
            &source,
            &ReadSettings::default(),
            SplitSettings {
                chunk_bytes: 10,
                pieces: true,
            },
            0,
            &mut |_| {
                taken += 1;
                taken < 3
            },
        )
        .unwrap();
        assert_eq!(taken, 3);
    }

    /// Random text with every kind of character the tokenisers treat
    /// specially, the separators among them, so that words also touch.
    fn random_text(next: &mut impl FnMut(usize) -> usize, length: usize) -> String {
        const FRAGMENTS: &[&str] = &[
            "market",
            "Share",
            "the",
            "can't",
            "U.S.",
            "rock 'n' roll",
            "e\u{301}te\u{301}",
            "\u{301}",
            "a\u{301}",
            "ΟΔΟΣ",
            "ΣΑΣ Σ",
            "ΌΣΟΣ'",
            "naïve",
            "café",
            "Ωμέγα",
            "東京大学",
            "日本語",
            "ひらがな",
            "カタカナ",
            "צה\"ל",
            "\u{5e6}\"\u{5d4}\"\u{5dc}",
            "שלום",
            "a\u{200d}b",
            "\u{1f468}\u{200d}\u{1f469}",
            "\u{200d}",
            "\u{ad}",
            "2,000",
            "1987",
            "3.5",
            "covid19",
            "x_y",
            "\u{fb01}ne",
            "ＡＢＣ",
            "①",
            "&",
            ".",
            ",",
            ";",
            "!",
            "?",
            "-",
            "(",
            ")",
            "'",
            "\"",
            "#",
            "\u{1f1eb}\u{1f1f7}",
            " ",
            " ",
            " ",
            " ",
            "  ",
            "\n",
            "\n",
            "\r\n",
            "\t",
            "\u{a0}",
            "\u{3000}",
            " \u{301}",
            "\n\u{301}",
            "\u{2028}",
        ];
        let mut text = String::new();
        while text.len() < length {
            text.push_str(FRAGMENTS[next(FRAGMENTS.len())]);
        }
        text
    }

    fn tokenizers() -> Vec<(&'static str, Tokenizer)> {
        let stopwords = bundled_list("default").unwrap();
        let with = |options: TokenizerOptions| Tokenizer::new(options, Some(stopwords.clone())).unwrap();
        let default = TokenizerOptions::default();
        vec![
            ("default", with(default.clone())),
            (
                "uax29",
                with(TokenizerOptions {
                    segment: Segmentation::Uax29,
                    ..default.clone()
                }),
            ),
            (
                "cjk bigrams",
                with(TokenizerOptions {
                    cjk: CjkTokens::Bigrams,
                    ..default.clone()
                }),
            ),
            (
                "nfkc, numbers",
                with(TokenizerOptions {
                    normalize: Some(NormalizationForm::Nfkc),
                    keep_numbers: true,
                    ..default.clone()
                }),
            ),
            (
                "uax29, numbers, case-sensitive, stemmed",
                with(TokenizerOptions {
                    segment: Segmentation::Uax29,
                    keep_numbers: true,
                    case_sensitive: true,
                    normalize: None,
                    stem: StemLanguage::from_name("english"),
                    ..default
                }),
            ),
        ]
    }

    #[test]
    fn tokenising_the_pieces_one_by_one_gives_the_tokens_of_the_whole() {
        let dir = TempDir::new("tokens");
        let tokenizers = tokenizers();
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = |bound: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % bound as u64) as usize
        };
        let read = ReadSettings::default();
        let mut pieces = 0;
        for round in 0..60 {
            let length = 100 + next(3000);
            let body = random_text(&mut next, length);
            let text = format!("Title of {round}\n{body}");
            let seed = dir.source("random.txt", text.as_bytes(), Some(InputFormat::Seed));
            let lines = dir.source("random-lines.txt", body.as_bytes(), Some(InputFormat::Lines));
            let whole_lines = parse(&lines, &read, 1 << 20, false);
            for chunk_bytes in [16, 41, 200] {
                let what = format!("round {round}, chunk_bytes={chunk_bytes}");
                let chunks = split(&seed, &read, chunk_bytes, true).unwrap();
                let joined: Vec<u8> = chunks.iter().flat_map(|c| c.bytes.iter().copied()).collect();
                assert_eq!(joined, text.as_bytes(), "{what}");
                pieces += chunks.len();
                let piece_bodies: Vec<&str> = chunks
                    .iter()
                    .enumerate()
                    .map(|(index, chunk)| {
                        let piece = std::str::from_utf8(&chunk.bytes).unwrap();
                        if index == 0 {
                            piece.split_once('\n').map_or("", |(_, body)| body)
                        } else {
                            piece
                        }
                    })
                    .collect();
                let parsed = parse(&seed, &read, chunk_bytes, true);
                assert_eq!((&parsed.error, parsed.skipped.len()), (&None, 0), "{what}");
                assert_eq!(parsed.documents[0].title, format!("Title of {round}"));
                let parsed_lines = parse(&lines, &read, chunk_bytes, true);
                assert_eq!(parsed_lines.error, None, "{what}");
                for (name, tokenizer) in &tokenizers {
                    let expected = tokenizer.tokenize(&body);
                    let of_pieces: Vec<String> = piece_bodies
                        .iter()
                        .flat_map(|piece| tokenizer.tokenize(piece))
                        .collect();
                    assert_eq!(of_pieces, expected, "{name}, {what}: {body:?}");
                    let of_parsed: Vec<String> = parsed
                        .documents
                        .iter()
                        .flat_map(|d| tokenizer.tokenize(&d.body))
                        .collect();
                    assert_eq!(of_parsed, expected, "{name}, {what}");
                    // Lines: a line's pieces give the line's tokens.
                    let mut by_line: Vec<(&str, Vec<String>)> = Vec::new();
                    for document in &parsed_lines.documents {
                        let tokens = tokenizer.tokenize(&document.body);
                        match by_line.last_mut() {
                            Some((id, line_tokens)) if *id == document.id => line_tokens.extend(tokens),
                            _ => by_line.push((&document.id, tokens)),
                        }
                    }
                    let expected: Vec<(&str, Vec<String>)> = whole_lines
                        .documents
                        .iter()
                        .map(|d| (d.id.as_str(), tokenizer.tokenize(&d.body)))
                        .collect();
                    assert_eq!(by_line, expected, "{name}, {what}, lines");
                }
            }
        }
        // Most documents came in many pieces.
        assert!(pieces > 60 * 3 * 10, "{pieces} pieces");
    }
}
