//! Opening a source as a stream of text bytes: gzip is recognised by its
//! magic bytes (whatever the name says), a UTF-8 byte order mark is dropped,
//! and the bytes read from the file itself are counted for progress.

use std::cell::Cell;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Cursor, Read};
use std::rc::Rc;

use flate2::read::MultiGzDecoder;

use super::input::{ReadError, Source, SourcePath};

const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];
const UTF8_BOM: [u8; 3] = [0xEF, 0xBB, 0xBF];

/// A source opened for reading.
pub struct SourceStream {
    /// Its text bytes: decompressed, without a byte order mark.
    pub reader: Box<dyn BufRead>,
    /// Where the reader's first byte lies in the decompressed source (3
    /// after a byte order mark), for the offsets of error messages.
    pub start_offset: u64,
    /// The bytes read from the file or stdin so far (compressed ones, for a
    /// gzip file): against the file's size, how far the run has come.
    pub raw_bytes: Rc<Cell<u64>>,
}

/// Opens `source`.
pub fn open_source(source: &Source) -> Result<SourceStream, ReadError> {
    let io_error = |error| ReadError::Io {
        source: source.label(),
        error,
    };
    let raw: Box<dyn Read> = match &source.path {
        SourcePath::File(path) => Box::new(File::open(path).map_err(io_error)?),
        SourcePath::Stdin => Box::new(io::stdin()),
    };
    let raw_bytes = Rc::new(Cell::new(0));
    let counted = CountingReader {
        inner: raw,
        count: Rc::clone(&raw_bytes),
    };
    let (start, counted) = peek(counted, GZIP_MAGIC.len()).map_err(io_error)?;
    let text: Box<dyn Read> = if start == GZIP_MAGIC {
        Box::new(MultiGzDecoder::new(counted))
    } else {
        Box::new(counted)
    };
    let (start, mut text) = peek(text, UTF8_BOM.len()).map_err(io_error)?;
    let start_offset = if start == UTF8_BOM {
        // The peeked bytes again: no I/O.
        text.read_exact(&mut [0; UTF8_BOM.len()]).map_err(io_error)?;
        UTF8_BOM.len() as u64
    } else {
        0
    };
    Ok(SourceStream {
        reader: Box::new(BufReader::with_capacity(1 << 16, text)),
        start_offset,
        raw_bytes,
    })
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
        let mut stream = open_source(source).unwrap();
        let mut text = Vec::new();
        stream.reader.read_to_end(&mut text).unwrap();
        (text, stream.start_offset, stream.raw_bytes.get())
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
