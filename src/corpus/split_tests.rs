//! Tests of `split.rs`: how sources are cut into chunks and pieces, where
//! each chunk starts, what the limit on a document does, and what parsing
//! the chunks gives. Declared in `mod.rs`, beside `split` rather than inside
//! it, as `parse_tests.rs` is beside `parse` (that file says why).

use std::io::Write;
use std::path::PathBuf;

use crate::corpus::chunk::{Chunk, ChunkKind, SplitSettings};
use crate::corpus::input::{
    too_large, BadInput, InputFormat, ReadError, ReadSettings, Skipped, Source, SourcePath, DEFAULT_MAX_DOCUMENT_BYTES,
};
use crate::corpus::parse::parse_chunk;
use crate::corpus::split::split_source;
use crate::corpus::test_support::{read_source, without_dir, Document, TempDir};
use crate::options::TokenizerOptions;
use crate::tokenize::Tokenizer;

mod tokens;

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
    format!(
        "{name}{at}: the document is larger than the limit of {limit} bytes (max_document_bytes, --max-document-size)"
    )
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
    let dir = TempDir::new("split", "lines");
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
                let mut emit = |document: crate::corpus::input::DocumentRef<'_>| documents.push(document.to_document());
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
    let dir = TempDir::new("split", "pieces");
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
    let dir = TempDir::new("split", "long-line");
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
    let dir = TempDir::new("split", "json-limit");
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
    let dir = TempDir::new("split", "no-cut");
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
    let dir = TempDir::new("split", "offsets");
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
    let dir = TempDir::new("split", "detect");
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
    let dir = TempDir::new("split", "stop");
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
