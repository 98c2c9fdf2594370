//! The engines against a plain model: n-gram strings counted in a map per
//! document, the scikit-learn way.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::num::NonZeroUsize;

use super::*;
use crate::batch::{Alone, Batch};
use crate::{Tokenizer, TokenizerOptions};

fn threads(count: usize) -> NonZeroUsize {
    NonZeroUsize::new(count).unwrap()
}

fn tokenizer() -> Tokenizer {
    Tokenizer::new(TokenizerOptions::default(), Some(["the", "and", "of"])).unwrap()
}

/// Texts enough for many slices, with empty ones, ones of stopwords only,
/// repeated n-grams and non-ASCII words.
fn texts() -> Vec<String> {
    (0..6_000)
        .map(|index| match index % 9 {
            0 => String::new(),
            1 => "the and of".to_owned(),
            2 => format!("Café crème {} ÉTÉ café crème", index % 13),
            _ => format!(
                "oil price rose oil price fell word{} {} market",
                index % 700,
                "again and again ".repeat(index % 5)
            ),
        })
        .collect()
}

/// scikit-learn's `_word_ngrams` on one document's tokens.
fn ngrams_of(tokens: &[String], min: usize, max: usize) -> Vec<String> {
    let mut grams = Vec::new();
    for n in min..=max {
        if n > tokens.len() {
            break;
        }
        for window in tokens.windows(n) {
            grams.push(window.join(" "));
        }
    }
    grams
}

/// Each document's n-gram counts.
fn model_rows(tokenizer: &Tokenizer, texts: &[String], min: usize, max: usize) -> Vec<BTreeMap<String, i64>> {
    texts
        .iter()
        .map(|text| {
            let mut row = BTreeMap::new();
            for gram in ngrams_of(&tokenizer.tokenize(text), min, max) {
                *row.entry(gram).or_insert(0) += 1;
            }
            row
        })
        .collect()
}

/// The rows of a matrix as maps from feature to value.
fn matrix_rows(matrix: &CsrMatrix, name: impl Fn(usize) -> String) -> Vec<BTreeMap<String, i64>> {
    let (indptr, indices): (Vec<usize>, Vec<usize>) = match &matrix.index {
        IndexArrays::I32 { indptr, indices } => (
            indptr.iter().map(|&i| i as usize).collect(),
            indices.iter().map(|&i| i as usize).collect(),
        ),
        IndexArrays::I64 { indptr, indices } => (
            indptr.iter().map(|&i| i as usize).collect(),
            indices.iter().map(|&i| i as usize).collect(),
        ),
    };
    let data: Vec<i64> = match &matrix.data {
        DataArray::I64(data) => data.clone(),
        DataArray::I32(data) => data.iter().map(|&v| i64::from(v)).collect(),
        other => panic!("counts as floats: {other:?}"),
    };
    assert_eq!(indptr.len(), matrix.rows + 1);
    (0..matrix.rows)
        .map(|row| {
            let span = indptr[row]..indptr[row + 1];
            let columns = &indices[span.clone()];
            assert!(columns.windows(2).all(|pair| pair[0] < pair[1]), "canonical row {row}");
            columns
                .iter()
                .zip(&data[span])
                .map(|(&column, &value)| (name(column), value))
                .collect()
        })
        .collect()
}

#[test]
fn a_fit_equals_counting_ngram_strings_for_every_thread_count() {
    let tokenizer = tokenizer();
    let owned = texts();
    let strs: Vec<&str> = owned.iter().map(String::as_str).collect();
    for (min, max) in [(1, 1), (1, 2), (2, 3), (3, 6)] {
        let expected = model_rows(&tokenizer, &owned, min, max);
        let vocabulary: BTreeSet<&String> = expected.iter().flat_map(|row| row.keys()).collect();
        let ngrams = NgramRange::new(min, max).unwrap();
        for shared in [false, true] {
            for n in [1, 2, 3] {
                let batch = Batch { texts: &strs, shared };
                let fitted = fit(
                    &tokenizer,
                    batch,
                    ngrams,
                    Pruning::default(),
                    DataType::I64,
                    threads(n),
                    &Alone,
                )
                .unwrap()
                .unwrap();
                // Every feature, sorted by code point (byte order of UTF-8).
                let names: Vec<String> = fitted.features.names().collect();
                assert!(names.iter().eq(vocabulary.iter().copied()));
                let rows = matrix_rows(&fitted.matrix, |column| names[column].clone());
                assert_eq!(rows, expected, "({min}, {max}) on {n} threads");
                for (column, &frequency) in fitted.document_frequencies.iter().enumerate() {
                    let documents = expected.iter().filter(|row| row.contains_key(&names[column])).count();
                    assert_eq!(frequency, documents as u64);
                }
                // A fit without the matrix keeps the same features.
                let alone = fit_vocabulary(&tokenizer, batch, ngrams, Pruning::default(), threads(n), &Alone)
                    .unwrap()
                    .unwrap();
                assert_eq!(alone.features, fitted.features);
                assert_eq!(alone.document_frequencies, fitted.document_frequencies);
                // A transform with the fitted features gives the same matrix.
                let again = transform(
                    &tokenizer,
                    batch,
                    &fitted.features,
                    ngrams,
                    DataType::I64,
                    threads(n),
                    &Alone,
                )
                .unwrap();
                assert_eq!(again, fitted.matrix);
            }
        }
    }
}

#[test]
fn pruning_keeps_scikit_learns_features() {
    let tokenizer = tokenizer();
    let owned = texts();
    let strs: Vec<&str> = owned.iter().map(String::as_str).collect();
    let expected = model_rows(&tokenizer, &owned, 1, 2);
    let mut totals: HashMap<&str, (u64, u64)> = HashMap::new();
    for row in &expected {
        for (gram, &count) in row {
            let total = totals.entry(gram).or_default();
            total.0 += 1;
            total.1 += count as u64;
        }
    }
    let documents = owned.len() as f64;
    let cases = [
        (DocumentLimit::Count(2), DocumentLimit::Share(0.5), None, false),
        (DocumentLimit::Share(0.01), DocumentLimit::Count(3000), None, false),
        (DocumentLimit::Count(1), DocumentLimit::Share(1.0), Some(50), false),
        (DocumentLimit::Count(1), DocumentLimit::Share(1.0), Some(50), true),
        (DocumentLimit::Count(5), DocumentLimit::Share(0.9), Some(7), false),
    ];
    for (min_df, max_df, max_features, binary) in cases {
        let bound = |limit| match limit {
            DocumentLimit::Count(count) => count as f64,
            DocumentLimit::Share(share) => share * documents,
        };
        let mut kept: Vec<&str> = totals
            .iter()
            .filter(|(_, &(df, _))| df as f64 >= bound(min_df) && df as f64 <= bound(max_df))
            .map(|(&gram, _)| gram)
            .collect();
        if let Some(limit) = max_features {
            let total = |gram: &str| if binary { totals[gram].0 } else { totals[gram].1 };
            kept.sort_by(|a, b| total(b).cmp(&total(a)).then(a.cmp(b)));
            kept.truncate(limit);
        }
        kept.sort();
        let pruning = Pruning {
            min_df,
            max_df,
            max_features,
            binary,
        };
        for n in [1, 2] {
            let fitted = fit(
                &tokenizer,
                Batch::owned(&strs),
                NgramRange::new(1, 2).unwrap(),
                pruning,
                DataType::I32,
                threads(n),
                &Alone,
            )
            .unwrap()
            .unwrap();
            let names: Vec<String> = fitted.features.names().collect();
            assert_eq!(names, kept, "{pruning:?}");
            let rows = matrix_rows(&fitted.matrix, |column| names[column].clone());
            let wanted: Vec<BTreeMap<String, i64>> = expected
                .iter()
                .map(|row| {
                    row.iter()
                        .filter(|(gram, _)| kept.contains(&gram.as_str()))
                        .map(|(gram, &count)| (gram.clone(), if binary { 1 } else { count }))
                        .collect()
                })
                .collect();
            assert_eq!(rows, wanted, "{pruning:?} on {n} threads");
        }
    }
}

#[test]
fn empty_vocabularies_and_bad_bounds_fail_as_in_scikit_learn() {
    let tokenizer = tokenizer();
    let fit_of = |texts: &[&str], pruning| {
        fit(
            &tokenizer,
            Batch::owned(texts),
            NgramRange::UNIGRAMS,
            pruning,
            DataType::I64,
            threads(2),
            &Alone,
        )
        .unwrap()
        .map(|fitted| fitted.features.len())
        .map_err(|error| error.to_string())
    };
    let empty = Err("empty vocabulary; perhaps the documents only contain stop words".to_owned());
    assert_eq!(fit_of(&[], Pruning::default()), empty);
    assert_eq!(fit_of(&["the and", "", "of"], Pruning::default()), empty);
    let too_strict = Pruning {
        min_df: DocumentLimit::Count(2),
        max_df: DocumentLimit::Count(5),
        ..Pruning::default()
    };
    assert_eq!(
        fit_of(&["oil gas", "coal"], too_strict),
        Err("After pruning, no terms remain. Try a lower min_df or a higher max_df.".to_owned())
    );
    let inconsistent = Pruning {
        min_df: DocumentLimit::Count(2),
        max_df: DocumentLimit::Share(0.5),
        ..Pruning::default()
    };
    assert_eq!(
        fit_of(&["oil gas", "oil"], inconsistent),
        Err("max_df corresponds to < documents than min_df".to_owned())
    );
    assert_eq!(fit_of(&["oil gas", "oil"], Pruning::default()), Ok(2));
}

#[test]
fn hashing_puts_each_ngram_in_its_murmur_column_with_its_sign() {
    let tokenizer = tokenizer();
    let owned = texts();
    let strs: Vec<&str> = owned.iter().map(String::as_str).collect();
    let expected_rows = model_rows(&tokenizer, &owned, 1, 2);
    for alternate_sign in [true, false] {
        let hashing = Hashing::new(1 << 10, alternate_sign).unwrap();
        let expected: Vec<BTreeMap<String, i64>> = expected_rows
            .iter()
            .map(|row| {
                let mut by_column: BTreeMap<String, i64> = BTreeMap::new();
                for (gram, &count) in row {
                    let (column, sign) =
                        column_and_sign(murmurhash3_32(gram.as_bytes(), 0) as i32, 1 << 10, alternate_sign);
                    *by_column.entry(column.to_string()).or_insert(0) += count * i64::from(sign);
                }
                by_column
            })
            .collect();
        for n in [1, 2] {
            let matrix = hash(
                &tokenizer,
                Batch::owned(&strs),
                hashing,
                NgramRange::new(1, 2).unwrap(),
                DataType::I32,
                threads(n),
                &Alone,
            )
            .unwrap();
            assert_eq!(matrix.columns, 1 << 10);
            assert_eq!(matrix_rows(&matrix, |column| column.to_string()), expected);
        }
    }
    assert!(Hashing::new(0, true).is_err());
    assert!(Hashing::new(1 << 31, true).is_err());
}

#[test]
fn ngram_ranges_are_checked() {
    assert!(NgramRange::new(0, 1).is_err());
    assert!(NgramRange::new(3, 2).is_err());
    assert_eq!(NgramRange::new(2, 5).unwrap().max(), 5);
}

#[test]
fn ngram_counts_are_the_rows_added_up() {
    let tokenizer = tokenizer();
    let owned = texts();
    let strs: Vec<&str> = owned.iter().map(String::as_str).collect();
    let rows = model_rows(&tokenizer, &owned, 1, 3);
    let mut expected: BTreeMap<String, (u64, u64)> = BTreeMap::new();
    for row in &rows {
        for (gram, &count) in row {
            let total = expected.entry(gram.clone()).or_default();
            total.0 += count as u64;
            total.1 += 1;
        }
    }
    for n in [1, 2, 3] {
        let counts = ngram_counts(
            &tokenizer,
            Batch::owned(&strs),
            NgramRange::new(1, 3).unwrap(),
            threads(n),
            &Alone,
        )
        .unwrap();
        assert_eq!(counts.documents(), owned.len());
        let got: BTreeMap<String, (u64, u64)> = counts
            .iter()
            .map(|(gram, term, document)| (gram.to_owned(), (term, document)))
            .collect();
        assert_eq!(got, expected, "{n} threads");
    }
}

#[test]
fn a_fit_on_counts_equals_a_fit_on_the_documents() {
    let tokenizer = tokenizer();
    let owned = texts();
    let strs: Vec<&str> = owned.iter().map(String::as_str).collect();
    let ngrams = NgramRange::new(1, 2).unwrap();
    let pruning = Pruning {
        min_df: DocumentLimit::Count(2),
        max_df: DocumentLimit::Share(0.9),
        max_features: Some(300),
        binary: false,
    };
    let expected = fit_vocabulary(&tokenizer, Batch::owned(&strs), ngrams, pruning, threads(2), &Alone)
        .unwrap()
        .unwrap();
    // Counts of two halves, added up.
    let (first, second) = strs.split_at(strs.len() / 3);
    let mut totals: BTreeMap<String, (u64, u64)> = BTreeMap::new();
    for half in [first, second] {
        let counts = ngram_counts(&tokenizer, Batch::owned(half), ngrams, threads(1), &Alone).unwrap();
        for (gram, term, document) in counts.iter() {
            let total = totals.entry(gram.to_owned()).or_default();
            total.0 += term;
            total.1 += document;
        }
    }
    let entries = totals
        .iter()
        .map(|(gram, &(term, document))| (gram.as_str(), term, document));
    let fitted = fit_counted(entries, strs.len(), pruning).unwrap();
    assert_eq!(fitted.features, expected.features);
    assert_eq!(fitted.document_frequencies, expected.document_frequencies);
    let error = fit_counted([("oil  price", 1, 1)], 1, Pruning::default()).unwrap_err();
    assert!(error.to_string().contains("empty token"), "{error}");
}
