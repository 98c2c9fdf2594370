//! Tests of `parse.rs`: the documents of each format, read whole and
//! through chunks of every size, the fields of JSON Lines records, and the
//! policy for bad input and for documents over the limit. Declared in
//! `mod.rs`, beside `parse` rather than inside it, as `split_tests.rs` is
//! beside `split`: these tests split what they parse, and those parse what
//! they split, so inside the two modules they would make each import the
//! other.

use std::io::Write;
use std::path::PathBuf;

use crate::corpus::chunk::SplitSettings;
use crate::corpus::input::{BadInput, FieldName, InputFormat, ReadSettings, RecordFields, Source, SourcePath};
use crate::corpus::parse::parse_chunk;
use crate::corpus::split::split_source;
use crate::corpus::test_support::{read_source, without_dir, TempDir};

fn settings(bad_input: BadInput) -> ReadSettings {
    ReadSettings {
        bad_input,
        ..ReadSettings::default()
    }
}

fn with_fields(bad_input: BadInput, text: &str, title: Option<(&str, bool)>, id: Option<(&str, bool)>) -> ReadSettings {
    let field = |(name, required): (&str, bool)| FieldName {
        name: name.to_owned(),
        required,
    };
    ReadSettings {
        fields: RecordFields {
            text: text.to_owned(),
            title: title.map(field),
            id: id.map(field),
        },
        ..settings(bad_input)
    }
}

/// The documents and skipped (line, reason) of `read_source`, or its
/// error's message without the directory.
type Read = Result<(Vec<(String, String, String)>, Vec<(Option<u64>, String)>), String>;

fn read(source: &Source, read: &ReadSettings) -> Read {
    let (mut documents, mut skipped) = (Vec::new(), Vec::new());
    read_source(
        source,
        read,
        &mut |d| documents.push((d.id, d.title, d.body)),
        &mut |s| skipped.push((s.line, s.reason)),
    )
    .map_err(|error| without_dir(&error.to_string()))?;
    Ok((documents, skipped))
}

/// `read` through chunks of `chunk_bytes`.
fn read_chunked(source: &Source, read: &ReadSettings, chunk_bytes: usize) -> Read {
    let (mut documents, mut skipped) = (Vec::new(), Vec::new());
    let split = SplitSettings {
        chunk_bytes,
        pieces: false,
    };
    let mut result = Ok(());
    split_source(source, read, split, 0, &mut |chunk| {
        result = parse_chunk(
            source,
            read,
            split,
            chunk,
            &mut |d| documents.push((d.id.to_owned(), d.title.to_owned(), d.body.to_owned())),
            &mut |s| skipped.push((s.line, s.reason)),
        );
        result.is_ok()
    })
    .and(result)
    .map_err(|error| without_dir(&error.to_string()))?;
    Ok((documents, skipped))
}

fn documents(list: &[(&str, &str, &str)]) -> Vec<(String, String, String)> {
    let owned = |text: &str| text.to_owned();
    list.iter()
        .map(|&(id, title, body)| (owned(id), owned(title), owned(body)))
        .collect()
}

fn bodies(read: &Read) -> Vec<&str> {
    let (documents, _) = read.as_ref().unwrap();
    documents.iter().map(|(_, _, body)| body.as_str()).collect()
}

#[test]
fn seed_files_are_a_title_line_and_a_body() {
    let dir = TempDir::new("parse", "seed");
    for (format, text, title, body) in [
        (
            InputFormat::Seed,
            "The Title\r\nfirst line\nsecond\n",
            "The Title",
            "first line\nsecond\n",
        ),
        (InputFormat::Seed, "Only a title", "Only a title", ""),
        (InputFormat::Seed, "Only a title\r", "Only a title", ""),
        (InputFormat::Seed, "Title\n", "Title", ""),
        (InputFormat::Seed, "\nbody only", "", "body only"),
        (InputFormat::Seed, "", "", ""),
        (
            InputFormat::Whole,
            "The Title\r\nfirst line\nsecond\n",
            "",
            "The Title\r\nfirst line\nsecond\n",
        ),
    ] {
        let source = dir.source("a.txt", text, Some(format));
        let expected = documents(&[("a.txt", title, body)]);
        assert_eq!(
            read(&source, &settings(BadInput::Strict)),
            Ok((expected, vec![])),
            "{text:?}"
        );
    }
}

#[test]
fn lines_are_documents_empty_ones_included() {
    let dir = TempDir::new("parse", "lines");
    for (text, expected) in [
        ("one\r\ntwo\n\nthree", &["one", "two", "", "three"][..]),
        ("one\n", &["one"]),
        ("\n\r\n", &["", ""]),
        ("", &[]),
    ] {
        let source = dir.source("l.txt", text, Some(InputFormat::Lines));
        let ids: Vec<String> = (1..=expected.len()).map(|line| format!("l.txt:{line}")).collect();
        let expected: Vec<(&str, &str, &str)> = ids
            .iter()
            .zip(expected)
            .map(|(id, body)| (id.as_str(), "", *body))
            .collect();
        assert_eq!(
            read(&source, &settings(BadInput::Strict)),
            Ok((documents(&expected), vec![])),
            "{text:?}"
        );
    }
}

#[test]
fn json_lines_take_the_named_fields() {
    let dir = TempDir::new("parse", "fields");
    let first = r#"{"id": 7, "title": "T\u00e9", "text": "body \"quoted\"\nnext", "extra": [1, {"a": null}]}"#;
    let second = r#"{"text": "no title", "title": null, "id": "x-1"}"#;
    let other = r#"{"body": "other field", "headline": "H"}"#;
    let source = dir.source(
        "c.jsonl",
        format!("{first}\n\n{second}\n{other}\n"),
        Some(InputFormat::JsonLines),
    );
    assert_eq!(
        read(&source, &settings(BadInput::Strict)),
        Err(r#"c.jsonl, line 4: no field "text""#.to_owned())
    );
    let expected = documents(&[("7", "T\u{e9}", "body \"quoted\"\nnext"), ("x-1", "", "no title")]);
    let skipped = vec![(Some(4), r#"no field "text""#.to_owned())];
    assert_eq!(read(&source, &settings(BadInput::Skip)), Ok((expected, skipped)));
    // Other names: the first record lacks the text field, most likely a
    // name mistyped, which no policy lets pass.
    let other_names = with_fields(BadInput::Skip, "body", Some(("headline", false)), None);
    let message =
        r#"c.jsonl, line 1: the first record has no field "body" (its fields: "id", "title", "text", "extra")"#;
    assert_eq!(read(&source, &other_names), Err(message.to_owned()));
    let source = dir.source(
        "c.jsonl",
        format!("{other}\n{first}\n\n{second}\n"),
        Some(InputFormat::JsonLines),
    );
    let expected = documents(&[("c.jsonl:1", "H", "other field")]);
    let skipped = [2, 4]
        .map(|line| (Some(line), r#"no field "body""#.to_owned()))
        .to_vec();
    assert_eq!(read(&source, &other_names), Ok((expected, skipped)));
}

#[test]
fn fields_the_user_named_are_required_and_the_first_record_must_have_them() {
    let dir = TempDir::new("parse", "required");
    let required = |bad_input| with_fields(bad_input, "text", Some(("headline", true)), Some(("doc_id", true)));
    let lacking = r#"{"text": "a", "doc_id": 1}"#;
    let message = r#"the first record has no field "headline" (its fields: "text", "doc_id")"#;
    let source = dir.source("r.jsonl", format!("{lacking}\n"), Some(InputFormat::JsonLines));
    for bad_input in [BadInput::Strict, BadInput::Replace, BadInput::Skip] {
        assert_eq!(
            read(&source, &required(bad_input)),
            Err(format!("r.jsonl, line 1: {message}"))
        );
    }
    // The first record is the first usable one, wherever the chunks end.
    let mut wrong = Vec::new();
    let complete = r#"{"text": "b", "headline": "H", "doc_id": 2}"#;
    for before in ["\n", "  \r\n", "not json\n"] {
        let source = dir.source(
            "r.jsonl",
            format!("{before}{lacking}\n{complete}\n"),
            Some(InputFormat::JsonLines),
        );
        for chunk_bytes in [1, 16, 1 << 20] {
            let read = read_chunked(&source, &required(BadInput::Skip), chunk_bytes);
            if read != Err(format!("r.jsonl, line 2: {message}")) {
                wrong.push(format!("{before:?}, chunk_bytes={chunk_bytes}: {read:?}"));
            }
        }
    }
    assert_eq!(wrong, Vec::<String>::new());
    // A later record without them is unusable.
    let records = [
        r#"{"text": "a", "headline": "H1", "doc_id": "d1"}"#,
        r#"{"text": "b", "headline": "H2"}"#,
        r#"{"text": "c", "doc_id": 3}"#,
        r#"{"text": "d", "headline": "H4", "doc_id": 4}"#,
    ];
    let source = dir.source("r.jsonl", records.join("\n"), Some(InputFormat::JsonLines));
    let expected = documents(&[("d1", "H1", "a"), ("4", "H4", "d")]);
    let skipped = vec![
        (Some(2), r#"no field "doc_id""#.to_owned()),
        (Some(3), r#"no field "headline""#.to_owned()),
    ];
    for chunk_bytes in [1, 1 << 20] {
        let read = read_chunked(&source, &required(BadInput::Skip), chunk_bytes);
        assert_eq!(read, Ok((expected.clone(), skipped.clone())));
    }
    let error = read_chunked(&source, &required(BadInput::Strict), 1 << 20);
    assert_eq!(error, Err(r#"r.jsonl, line 2: no field "doc_id""#.to_owned()));
    // The default names may be missing: no title, an id from the line.
    let source = dir.source(
        "d.jsonl",
        format!("{lacking}\n{{\"text\": \"b\"}}"),
        Some(InputFormat::JsonLines),
    );
    let expected = documents(&[("1", "", "a"), ("d.jsonl:2", "", "b")]);
    let defaults = with_fields(
        BadInput::Strict,
        "text",
        Some(("title", false)),
        Some(("doc_id", false)),
    );
    assert_eq!(read(&source, &defaults), Ok((expected, vec![])));
}

#[test]
fn ids_are_kept_as_written() {
    let dir = TempDir::new("parse", "ids");
    let ids = [
        "123456789012345678901234567890",
        "-99999999999999999999",
        "18446744073709551616",
        "1e5",
        "-0",
        "1.50",
        "0",
        "-12.5E-3",
        r#""x\"y""#,
    ];
    let mut text = String::new();
    let mut expected = Vec::new();
    for (index, id) in ids.iter().enumerate() {
        // The usual flat record (the fast path), and one with a nested
        // value (serde's).
        for extra in ["", r#", "extra": [1, {"a": 2}]"#] {
            text.push_str(&format!("{{\"id\": {id}, \"text\": \"t{index}\"{extra}}}\n"));
            let written = if id.starts_with('"') { "x\"y" } else { id };
            expected.push((written, "", format!("t{index}")));
        }
    }
    let source = dir.source("ids.jsonl", text, Some(InputFormat::JsonLines));
    let expected: Vec<(&str, &str, &str)> = expected
        .iter()
        .map(|(id, title, body)| (*id, *title, body.as_str()))
        .collect();
    assert_eq!(
        read(&source, &settings(BadInput::Strict)),
        Ok((documents(&expected), vec![]))
    );
}

#[test]
fn lone_surrogates_follow_the_policy() {
    let dir = TempDir::new("parse", "surrogates");
    // The text field as written, and as read under `Replace`.
    let lone = [
        (r#"a\ud800b"#, "a\u{fffd}b"),
        (r#"\udc00"#, "\u{fffd}"),
        (r#"\ud800\u0041"#, "\u{fffd}A"),
        (r#"\udbff\udbff"#, "\u{fffd}\u{fffd}"),
        (r#"x\\ud800 \ud800"#, "x\\ud800 \u{fffd}"),
    ];
    for (extra, (written, replaced)) in ["", r#", "extra": [1]"#]
        .iter()
        .flat_map(|extra| lone.map(|case| (extra, case)))
    {
        let text = format!("{{\"text\": \"first\"}}\n{{\"text\": \"{written}\"{extra}}}\n{{\"text\": \"after\"}}\n");
        let source = dir.source("s.jsonl", text, Some(InputFormat::JsonLines));
        let error = read(&source, &settings(BadInput::Strict)).unwrap_err();
        assert!(error.starts_with("s.jsonl, line 2: a lone surrogate \\u"), "{error}");
        let read_replacing = read(&source, &settings(BadInput::Replace));
        assert_eq!(
            bodies(&read_replacing),
            ["first", replaced, "after"],
            "{written}{extra}"
        );
        let skipping = read(&source, &settings(BadInput::Skip));
        assert_eq!(bodies(&skipping), ["first", "after"]);
        let (_, skipped) = skipping.unwrap();
        assert!(skipped.len() == 1 && skipped[0].0 == Some(2) && skipped[0].1.contains("lone surrogate"));
    }
    let source = dir.source(
        "s.jsonl",
        "{\"text\": \"first\"}\n{\"text\": \"a\\ud800b\"}",
        Some(InputFormat::JsonLines),
    );
    let message = r#"s.jsonl, line 2: a lone surrogate \ud800 at column 12, which is not Unicode text (errors="replace" makes it U+FFFD)"#;
    assert_eq!(read(&source, &settings(BadInput::Strict)), Err(message.to_owned()));
    // A pair is one character; an escaped backslash before "ud800" is no
    // surrogate.
    let pair = dir.source(
        "p.jsonl",
        r#"{"text": "\ud83d\ude00 \\ud800"}"#,
        Some(InputFormat::JsonLines),
    );
    let expected = documents(&[("p.jsonl:1", "", "\u{1f600} \\ud800")]);
    assert_eq!(read(&pair, &settings(BadInput::Strict)), Ok((expected, vec![])));
    // A title is repaired like the text (escaped backslashes and a pair
    // before it).
    let title = r#"{"text": "\\\\\ud83d\ude00", "title": "t\udfff"}"#;
    let source = dir.source("t.jsonl", title, Some(InputFormat::JsonLines));
    let error = read(&source, &settings(BadInput::Strict)).unwrap_err();
    assert!(
        error.starts_with(r"t.jsonl, line 1: a lone surrogate \udfff at column "),
        "{error}"
    );
    let expected = documents(&[("t.jsonl:1", "t\u{fffd}", "\\\\\u{1f600}")]);
    assert_eq!(read(&source, &settings(BadInput::Replace)), Ok((expected, vec![])));
}

#[test]
fn unusable_records_are_named() {
    let dir = TempDir::new("parse", "unusable");
    for (line, reason) in [
        (
            "[1, 2]",
            "not a JSON object: invalid type: sequence, expected a JSON object at line 1 column 0",
        ),
        ("{\"text\": 5}", "field \"text\" is a number, not a string"),
        (
            "{\"text\": \"a\", \"id\": [1]}",
            "field \"id\" is an array, not a string or a number",
        ),
        (
            "{\"text\": \"a\", \"id\": true}",
            "field \"id\" is a boolean, not a string or a number",
        ),
        (
            "{\"text\": \"a\", \"title\": {}}",
            "field \"title\" is an object, not a string",
        ),
        (
            "{\"text\": \"a\"} trailing",
            "not a JSON object: trailing characters at line 1 column 15",
        ),
        (
            "{\"text\": \"a\"",
            "not a JSON object: EOF while parsing an object at line 1 column 12",
        ),
    ] {
        let source = dir.source("bad.jsonl", line, Some(InputFormat::JsonLines));
        let fields = with_fields(BadInput::Strict, "text", Some(("title", false)), Some(("id", false)));
        assert_eq!(
            read(&source, &fields),
            Err(format!("bad.jsonl, line 1: {reason}")),
            "{line}"
        );
    }
}

#[test]
fn invalid_utf8_follows_the_policy() {
    let dir = TempDir::new("parse", "utf8");
    let source = dir.source("u.txt", b"good line\nbad \xff byte\nafter\n", Some(InputFormat::Lines));
    let message = "u.txt, line 2: not valid UTF-8 at byte offset 14";
    assert_eq!(read(&source, &settings(BadInput::Strict)), Err(message.to_owned()));
    assert_eq!(
        bodies(&read(&source, &settings(BadInput::Replace))),
        ["good line", "bad \u{fffd} byte", "after"]
    );
    let skipping = read(&source, &settings(BadInput::Skip));
    assert_eq!(bodies(&skipping), ["good line", "after"]);
    assert_eq!(
        skipping.unwrap().1,
        [(Some(2), "not valid UTF-8 at byte offset 14".to_owned())]
    );
    let seed = dir.source("u.txt", b"good line\nbad \xff byte\nafter\n", Some(InputFormat::Seed));
    assert_eq!(
        read(&seed, &settings(BadInput::Strict)),
        Err("u.txt: not valid UTF-8 at byte offset 14".to_owned())
    );
    let expected = documents(&[("u.txt", "good line", "bad \u{fffd} byte\nafter\n")]);
    assert_eq!(read(&seed, &settings(BadInput::Replace)), Ok((expected, vec![])));
    let skipped = vec![(None, "not valid UTF-8 at byte offset 14".to_owned())];
    assert_eq!(read(&seed, &settings(BadInput::Skip)), Ok((vec![], skipped)));
    let json = dir.source(
        "u.jsonl",
        b"{\"text\": \"ok\"}\n{\"text\": \"bad \xff\"}\n",
        Some(InputFormat::JsonLines),
    );
    assert_eq!(
        bodies(&read(&json, &settings(BadInput::Replace))),
        ["ok", "bad \u{fffd}"]
    );
    let message = "u.jsonl, line 2: not valid UTF-8 at byte offset 29";
    assert_eq!(read(&json, &settings(BadInput::Strict)), Err(message.to_owned()));
}

#[test]
fn a_document_over_the_limit_is_refused_whole() {
    let dir = TempDir::new("parse", "limit");
    let limited = |bad_input| ReadSettings {
        max_document_bytes: 10,
        ..settings(bad_input)
    };
    let message = "the document is larger than the limit of 10 bytes (max_document_bytes, --max-document-size)";
    // With a byte order mark or without: the limit counts the text.
    let mut wrong = Vec::new();
    for (bom, format) in [
        ("", InputFormat::Seed),
        ("\u{feff}", InputFormat::Seed),
        ("", InputFormat::Whole),
    ] {
        let source = dir.source("big.txt", format!("{bom}Title\nlong body"), Some(format));
        for bad_input in [BadInput::Strict, BadInput::Replace] {
            assert_eq!(
                read(&source, &limited(bad_input)),
                Err(format!("big.txt: {message}")),
                "{bom:?}"
            );
        }
        let skipped = vec![(None, message.to_owned())];
        let outcome = read(&source, &limited(BadInput::Skip));
        if outcome != Ok((vec![], skipped)) {
            wrong.push(format!("{bom:?} {format:?}: {outcome:?}"));
        }
        let source = dir.source("fits.txt", format!("{bom}Title\nbody"), Some(format));
        assert_eq!(bodies(&read(&source, &limited(BadInput::Skip))).len(), 1);
    }
    assert_eq!(wrong, Vec::<String>::new());
}

#[test]
fn sources_are_found_and_decompressed_by_content() {
    let dir = TempDir::new("parse", "sources");
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(b"{\"text\": \"zipped\"}\n").unwrap();
    let compressed = encoder.finish().unwrap();
    for name in ["z.jsonl.gz", "z.txt"] {
        let source = dir.source(name, &compressed, None);
        let id = format!("{name}:1");
        let expected = documents(&[(id.as_str(), "", "zipped")]);
        assert_eq!(read(&source, &settings(BadInput::Strict)), Ok((expected, vec![])));
    }
    let missing = Source {
        path: SourcePath::File(PathBuf::from("/nonexistent/wordsift/input.txt")),
        name: "input.txt".to_owned(),
        format: Some(InputFormat::Seed),
    };
    // Messages name the path, not just the name.
    let mut emitted = 0;
    let error = read_source(&missing, &ReadSettings::default(), &mut |_| emitted += 1, &mut |_| {}).unwrap_err();
    let message = error.to_string();
    assert!(
        message.starts_with("cannot read /nonexistent/wordsift/input.txt: "),
        "{message}"
    );
    assert_eq!(emitted, 0);
}
