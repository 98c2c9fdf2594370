//! Corpora on disk made into n-gram counts and matrix rows (`made::Made`'s
//! `Counts` and `Rows`, taken by `count` and `matrix`) against the
//! in-memory engines on the same documents: most of all a document cut into
//! pieces, whose n-grams span the cuts.

use std::num::NonZeroUsize;
use std::sync::Arc;

use super::count::CorpusCounts;
use super::input::{InputFormat, ReadSettings, Source};
use super::made::Made;
use super::matrix::CorpusMatrix;
use super::pipeline::{tokenize_sources, CorpusSettings};
use super::test_support::TempDir;
use crate::batch::{Alone, Batch};
use crate::vectorize::{hash, ngram_counts, transform, Columns, CsrMatrix, DataType, Features, Hashing, NgramRange};
use crate::{TokenCounts, Tokenizer, TokenizerOptions};

fn tokenizer() -> Tokenizer {
    Tokenizer::new(TokenizerOptions::default(), Some(["the", "and", "of"])).unwrap()
}

/// A long document: words, stopword runs that leave pieces with no kept
/// token, and line breaks, so that cuts fall everywhere.
fn long_text() -> String {
    (0..900)
        .map(|index| match index % 11 {
            0 => "the and of the\n".to_owned(),
            3 => format!("Café {}\n", index % 4),
            _ => format!("oil price{} rose ", index % 6),
        })
        .collect()
}

fn run(
    sources: &[Source],
    made: Made,
    chunk_bytes: usize,
    threads: usize,
    mut take: impl FnMut(super::made::TokenizedChunk),
) {
    let settings = CorpusSettings {
        read: ReadSettings::default(),
        threads: NonZeroUsize::new(threads).unwrap(),
        chunk_bytes,
        made,
    };
    tokenize_sources(
        &tokenizer(),
        sources,
        &settings,
        |chunk| {
            take(chunk);
            Ok::<(), ()>(())
        },
        |wait| wait(),
    )
    .unwrap();
}

fn sorted(counts: &TokenCounts) -> Vec<(String, u64, u64)> {
    let mut rows: Vec<_> = counts.iter().map(|(t, tf, df)| (t.to_owned(), tf, df)).collect();
    rows.sort();
    rows
}

/// The documents of the test: the long one alone in a file (cut into
/// pieces when chunks are small), then lines, each a document.
fn sources(dir: &TempDir) -> (Vec<Source>, Vec<String>) {
    let lines: Vec<String> = (0..40)
        .map(|line| format!("oil price{} market {line} the end", line % 3))
        .collect();
    let sources = vec![
        dir.source("long.txt", long_text(), Some(InputFormat::Whole)),
        dir.source("lines.txt", lines.join("\n"), Some(InputFormat::Lines)),
    ];
    let mut texts = vec![long_text()];
    texts.extend(lines);
    (sources, texts)
}

#[test]
fn ngram_counts_of_files_equal_those_of_their_texts() {
    let dir = TempDir::new("vectorize", "counts");
    let (sources, texts) = sources(&dir);
    let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
    for (min, max) in [(1, 1), (1, 2), (2, 3), (1, 4)] {
        let ngrams = NgramRange::new(min, max).unwrap();
        let expected = ngram_counts(&tokenizer(), Batch::owned(&texts), ngrams, NonZeroUsize::MIN, &Alone).unwrap();
        for (chunk_bytes, threads) in [(1 << 20, 1), (1, 2), (13, 3), (200, 2)] {
            let mut counts = CorpusCounts::new(ngrams);
            run(
                &sources,
                Made::Counts { titles: false, ngrams },
                chunk_bytes,
                threads,
                |chunk| counts.add(chunk),
            );
            let counts = counts.finish();
            assert_eq!(
                sorted(&counts),
                sorted(&expected),
                "ngrams=({min}, {max}) chunk_bytes={chunk_bytes}"
            );
            assert_eq!(counts.documents(), texts.len());
        }
    }
}

fn matrix_of_files(sources: &[Source], columns: Columns, ngrams: NgramRange, chunk_bytes: usize) -> CsrMatrix {
    let mut matrix = CorpusMatrix::new(columns.clone(), ngrams, DataType::I64);
    let made = Made::Rows {
        columns: Arc::new(columns),
        ngrams,
    };
    run(sources, made, chunk_bytes, 2, |chunk| matrix.add(chunk));
    matrix.finish(false)
}

#[test]
fn matrices_of_files_equal_those_of_their_texts() {
    let dir = TempDir::new("vectorize", "matrix");
    let (sources, texts) = sources(&dir);
    let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
    let one = NonZeroUsize::MIN;
    for (min, max) in [(1, 1), (1, 3), (2, 2)] {
        let ngrams = NgramRange::new(min, max).unwrap();
        let counted = ngram_counts(&tokenizer(), Batch::owned(&texts), ngrams, one, &Alone).unwrap();
        // Every other n-gram, so that some have no column.
        let mut names: Vec<String> = counted.iter().map(|(text, _, _)| text.to_owned()).step_by(2).collect();
        names.sort();
        let features = Arc::new(Features::new(&names).unwrap());
        let hashing = Hashing::new(1 << 10, true).unwrap();
        let by_vocabulary = transform(
            &tokenizer(),
            Batch::owned(&texts),
            &features,
            ngrams,
            DataType::I64,
            one,
            &Alone,
        );
        let by_hash = hash(
            &tokenizer(),
            Batch::owned(&texts),
            hashing,
            ngrams,
            DataType::I64,
            one,
            &Alone,
        );
        for chunk_bytes in [1 << 20, 1, 29, 500] {
            let got = matrix_of_files(
                &sources,
                Columns::Vocabulary(Arc::clone(&features)),
                ngrams,
                chunk_bytes,
            );
            assert_eq!(
                Ok(got),
                by_vocabulary,
                "ngrams=({min}, {max}) chunk_bytes={chunk_bytes}"
            );
            let got = matrix_of_files(&sources, Columns::Hashing(hashing), ngrams, chunk_bytes);
            assert_eq!(
                Ok(got),
                by_hash,
                "hashed, ngrams=({min}, {max}) chunk_bytes={chunk_bytes}"
            );
        }
    }
}
