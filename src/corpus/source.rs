//! Opening a source for reading its text bytes: gzip is recognised by its
//! magic bytes (whatever the name says), a UTF-8 byte order mark is dropped,
//! and the bytes read from the file itself are counted for progress.

use std::cell::Cell;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Cursor, Read, Seek, SeekFrom};
use std::rc::Rc;

use flate2::read::MultiGzDecoder;

use super::input::{ReadError, Source, SourcePath};

const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];
const UTF8_BOM: [u8; 3] = [0xEF, 0xBB, 0xBF];

/// A source opened for reading: read whole already, or a stream.
pub enum OpenedSource {
    Whole(WholeSource),
    Stream(SourceStream),
}

/// A small source read whole, in one read of its size: its text bytes
/// (without a byte order mark).
pub struct WholeSource {
    pub bytes: Vec<u8>,
    /// Where `bytes` start in the file (3 after a byte order mark).
    pub start_offset: u64,
    /// The file's size.
    pub raw_bytes: u64,
}

/// A source opened as a stream.
pub struct SourceStream {
    /// Its text bytes: decompressed, without a byte order mark.
    pub reader: Box<dyn BufRead>,
    /// Where the reader's first byte lies in the decompressed source (3
    /// after a byte order mark), for the offsets of error messages.
    pub start_offset: u64,
    /// The bytes read from the file or stdin so far (compressed ones, for a
    /// gzip file): against the file's size, how far the run has come.
    pub raw_bytes: Box<dyn Fn() -> u64>,
}

/// Opens `source`: a regular file of at most `whole_limit` bytes that is not
/// gzip-compressed is read whole (one read straight into a buffer of its
/// size, where a stream would copy its bytes through buffers it must clear
/// first: most seed documents are such files), anything else is a stream.
pub fn open_source(source: &Source, whole_limit: u64) -> Result<OpenedSource, ReadError> {
    let io_error = |error| ReadError::Io {
        source: source.label(),
        error,
    };
    let raw: Box<dyn Read> = match &source.path {
        SourcePath::File(path) => {
            let mut file = File::open(path).map_err(io_error)?;
            let metadata = file.metadata().map_err(io_error)?;
            if !metadata.is_file() {
                // A pipe or a device: read as stdin is.
                Box::new(file)
            } else if metadata.len() > whole_limit {
                return open_large_file(file).map_err(io_error);
            } else {
                let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0));
                file.read_to_end(&mut bytes).map_err(io_error)?;
                if !bytes.starts_with(&GZIP_MAGIC) {
                    let raw_bytes = bytes.len() as u64;
                    let start_offset = if bytes.starts_with(&UTF8_BOM) {
                        bytes.drain(..UTF8_BOM.len());
                        UTF8_BOM.len() as u64
                    } else {
                        0
                    };
                    return Ok(OpenedSource::Whole(WholeSource {
                        bytes,
                        start_offset,
                        raw_bytes,
                    }));
                }
                // Compressed: small on disk says nothing of its size.
                Box::new(Cursor::new(bytes))
            }
        }
        SourcePath::Stdin => Box::new(io::stdin()),
    };
    let count = Rc::new(Cell::new(0));
    let counted = CountingReader {
        inner: raw,
        count: Rc::clone(&count),
    };
    let (start, counted) = peek(counted, GZIP_MAGIC.len()).map_err(io_error)?;
    let text: Box<dyn Read> = if start == GZIP_MAGIC {
        Box::new(MultiGzDecoder::new(counted))
    } else {
        Box::new(counted)
    };
    let (reader, start_offset) = without_bom(text).map_err(io_error)?;
    Ok(OpenedSource::Stream(SourceStream {
        reader,
        start_offset,
        raw_bytes: Box::new(move || count.get()),
    }))
}

/// A regular file too large to read whole, as a stream read straight from
/// the file (its position, a file offset, tells the bytes read): large
/// reads go from the file into the caller's buffer with no copy and no
/// buffer to clear first, which a reader wrapped to count bytes would need.
fn open_large_file(mut file: File) -> io::Result<OpenedSource> {
    let position = file.try_clone()?;
    let raw_bytes = Box::new(move || (&position).stream_position().unwrap_or(0));
    let mut start = [0; UTF8_BOM.len()];
    let read = read_up_to(&mut file, &mut start)?;
    let start = start.get(..read).unwrap_or_default();
    if start.starts_with(&GZIP_MAGIC) {
        file.seek(SeekFrom::Start(0))?;
        let (reader, start_offset) = without_bom(Box::new(MultiGzDecoder::new(file)))?;
        return Ok(OpenedSource::Stream(SourceStream {
            reader,
            start_offset,
            raw_bytes,
        }));
    }
    let start_offset = if start == UTF8_BOM { UTF8_BOM.len() as u64 } else { 0 };
    file.seek(SeekFrom::Start(start_offset))?;
    Ok(OpenedSource::Stream(SourceStream {
        reader: Box::new(BufReader::with_capacity(1 << 16, file)),
        start_offset,
        raw_bytes,
    }))
}

/// `text` buffered, a byte order mark at its start dropped; and where its
/// first byte lies (3 after a mark).
fn without_bom(text: Box<dyn Read>) -> io::Result<(Box<dyn BufRead>, u64)> {
    let (start, mut text) = peek(text, UTF8_BOM.len())?;
    let start_offset = if start == UTF8_BOM {
        // The peeked bytes again: no I/O.
        text.read_exact(&mut [0; UTF8_BOM.len()])?;
        UTF8_BOM.len() as u64
    } else {
        0
    };
    Ok((Box::new(BufReader::with_capacity(1 << 16, text)), start_offset))
}

/// Reads into `buffer` until it is full or the reader ends; returns the
/// bytes read.
fn read_up_to(reader: &mut impl Read, buffer: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while let Some(rest) = buffer.get_mut(filled..).filter(|rest| !rest.is_empty()) {
        match reader.read(rest) {
            Ok(0) => break,
            Ok(read) => filled += read,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
            Err(error) => return Err(error),
        }
    }
    Ok(filled)
}

impl OpenedSource {
    /// The source as a stream, whichever way it was opened.
    pub fn into_stream(self) -> SourceStream {
        match self {
            OpenedSource::Stream(stream) => stream,
            OpenedSource::Whole(whole) => SourceStream {
                reader: Box::new(Cursor::new(whole.bytes)),
                start_offset: whole.start_offset,
                raw_bytes: Box::new(move || whole.raw_bytes),
            },
        }
    }
}

/// A reader whose first bytes were read ahead, giving them again first.
type Peeked<R> = io::Chain<Cursor<Vec<u8>>, R>;

/// The first `count` bytes of `reader` (fewer at its end), and a reader that
/// gives them again before the rest.
fn peek<R: Read>(mut reader: R, count: usize) -> io::Result<(Vec<u8>, Peeked<R>)> {
    let mut start = Vec::with_capacity(count);
    (&mut reader).take(count as u64).read_to_end(&mut start)?;
    Ok((start.clone(), Cursor::new(start).chain(reader)))
}

/// Counts the bytes read through it.
struct CountingReader<R> {
    inner: R,
    count: Rc<Cell<u64>>,
}

impl<R: Read> Read for CountingReader<R> {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        let read = self.inner.read(buffer)?;
        self.count.set(self.count.get() + read as u64);
        Ok(read)
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;
    use std::path::PathBuf;

    use super::*;

    fn temp_file(name: &str, bytes: &[u8]) -> (PathBuf, Source) {
        let dir = std::env::temp_dir().join(format!("wordsift-source-{}-{name}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        let source = Source {
            path: SourcePath::File(path),
            name: name.to_owned(),
            format: None,
        };
        (dir, source)
    }

    fn read_all(source: &Source) -> (Vec<u8>, u64, u64) {
        // Whole and as a stream alike.
        let whole = open_source(source, u64::MAX).unwrap();
        let mut stream = open_source(source, 0).unwrap().into_stream();
        let mut whole = whole.into_stream();
        let (mut text, mut again) = (Vec::new(), Vec::new());
        whole.reader.read_to_end(&mut again).unwrap();
        assert_eq!(whole.start_offset, stream.start_offset);
        stream.reader.read_to_end(&mut text).unwrap();
        assert_eq!(text, again);
        (text, stream.start_offset, (stream.raw_bytes)())
    }

    #[test]
    fn gzip_is_known_by_its_magic_bytes_not_its_name() {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        encoder.write_all(b"zipped text\n").unwrap();
        let compressed = encoder.finish().unwrap();
        for name in ["a.txt", "a.txt.gz"] {
            let (dir, source) = temp_file(name, &compressed);
            let (text, start, raw) = read_all(&source);
            assert_eq!(text, b"zipped text\n", "{name}");
            assert_eq!((start, raw), (0, compressed.len() as u64));
            std::fs::remove_dir_all(dir).unwrap();
        }
        // A name ending in .gz does not make plain text compressed.
        let (dir, source) = temp_file("plain.gz", b"plain");
        assert_eq!(read_all(&source).0, b"plain");
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_byte_order_mark_is_dropped_and_counted_in_offsets() {
        for (bytes, text, start) in [
            (&b"\xEF\xBB\xBFtitle\n"[..], &b"title\n"[..], 3),
            (b"\xEF\xBB", b"\xEF\xBB", 0),
            (b"", b"", 0),
            (b"ab", b"ab", 0),
        ] {
            let (dir, source) = temp_file("bom.txt", bytes);
            let (got, got_start, raw) = read_all(&source);
            assert_eq!((got.as_slice(), got_start, raw), (text, start, bytes.len() as u64));
            std::fs::remove_dir_all(dir).unwrap();
        }
    }
}
