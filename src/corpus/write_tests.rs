//! Tests of `write.rs`: each output format and target, compression,
//! documents left out part-way, outputs refused before any work, and
//! outputs put in place only when complete.

use std::fs;
use std::io::Read;
use std::path::Path;

use super::*;
use crate::corpus::input::DocumentRef;
use crate::corpus::made::RenderedChunk;
use crate::corpus::render::{render_tokenized, Part};
use crate::corpus::test_support::{listing, TempDir};
use crate::options::TokenizerOptions;
use crate::tokenize::Tokenizer;

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
        rendered.tokens += render_tokenized(format, &tokenizer(), document, part, None, &mut rendered.bytes);
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
    let dir = TempDir::new("write", "stream");
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
    let dir = TempDir::new("write", "gzip");
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
    let dir = TempDir::new("write", "abandon-file");
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
    let dir = TempDir::new("write", "abandon-seed");
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
    let dir = TempDir::new("write", "refused");
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
    let dir = TempDir::new("write", "unfinished");
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
    let dir = TempDir::new("write", "large");
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
    let dir = TempDir::new("write", "seed");
    let target = OutputTarget::Directory(dir.0.clone());
    let data = columns_chunk(&[("a.txt", "Title A", &["one", "two"]), ("sub/b.txt", "B", &[])]);
    write(WriterSettings::new(OutputFormat::SeedFiles, target.clone()), &[data]).unwrap();
    assert_eq!(
        fs::read_to_string(dir.0.join("a.txt")).unwrap(),
        "Title A\n\none\ntwo\n"
    );
    assert_eq!(fs::read_to_string(dir.0.join("sub/b.txt")).unwrap(), "B\n\n");
    for id in ["../escape.txt", "/abs.txt", ""] {
        let mut writer = CorpusWriter::create(WriterSettings::new(OutputFormat::SeedFiles, target.clone())).unwrap();
        let error = writer.write_chunk(&columns_chunk(&[(id, "", &[])])).unwrap_err();
        assert!(error.to_string().contains("does not name a file inside"), "{error}");
    }
    assert_eq!(listing(&dir.0), ["a.txt", "sub"]);
}
