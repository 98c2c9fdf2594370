//! The Rust core alone, no Python: tokens per second over the shared corpus.
//!
//!     cargo bench --bench core_throughput                 # defaults
//!     cargo bench --bench core_throughput -- 1 2 4 8 16   # thread counts for the batch rows
//!
//! The corpus is `../shared/corpus/reuters21578.jsonl` (or $WORDSIFT_CORPUS);
//! each document is `title + "\n" + text`, as in the Python benchmarks. Each
//! row is the median of several passes over all documents; MB/s counts the
//! UTF-8 bytes of the input. Every row's token count must equal the
//! reference's for the corpus, recorded in `reference_tokens.json` (and
//! recomputed with the reference by tests/test_bench_data.py); on another
//! corpus the counts are printed unchecked. The batch rows run the batch
//! engine that Python's `tokenize_batch`, `tokenize_arrow` and `count` run
//! (`src/batch.rs`).

mod documents;

use std::num::NonZeroUsize;
use std::path::PathBuf;
use std::time::Instant;

use documents::load_documents;
use wordsift::batch::{self, Alone, Batch};
use wordsift::{bundled_list, Tokenizer, TokenizerOptions};

/// Passes per row, unless $WORDSIFT_BENCH_PASSES says otherwise.
const DEFAULT_PASSES: usize = 7;

fn passes() -> usize {
    std::env::var("WORDSIFT_BENCH_PASSES")
        .ok()
        .and_then(|passes| passes.parse().ok())
        .filter(|&passes| passes > 0)
        .unwrap_or(DEFAULT_PASSES)
}

fn corpus() -> Vec<String> {
    let path = std::env::var_os("WORDSIFT_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/reuters21578.jsonl"));
    load_documents(&path, "")
}

/// The reference's token counts for the shared corpus, by row kind
/// ("stopwords", "no stopwords"), when `docs` is that corpus.
fn reference_tokens(docs: &[String]) -> Option<serde_json::Value> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("benches/rust/reference_tokens.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()));
    let recorded: serde_json::Value = serde_json::from_str(&text).expect("reference_tokens.json is JSON");
    let bytes: usize = docs.iter().map(String::len).sum();
    let same_corpus =
        recorded["documents"].as_u64() == Some(docs.len() as u64) && recorded["bytes"].as_u64() == Some(bytes as u64);
    same_corpus.then(|| recorded["tokens"].clone())
}

/// Stops the benchmark when a row's tokens are not the reference's.
fn check(expected: &Option<serde_json::Value>, kind: &str, row: &str, tokens: u64) {
    if let Some(expected) = expected {
        let want = expected[kind].as_u64().expect("a count per row kind");
        assert_eq!(tokens, want, "{row}: {tokens} tokens, the reference has {want}");
    }
}

/// The median seconds of `passes()` runs of `pass`.
fn median_seconds(mut pass: impl FnMut()) -> f64 {
    let passes = passes();
    let mut times: Vec<f64> = (0..passes)
        .map(|_| {
            let start = Instant::now();
            pass();
            start.elapsed().as_secs_f64()
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[passes / 2]
}

fn main() {
    let docs = corpus();
    let bytes: usize = docs.iter().map(String::len).sum();
    let megabytes = bytes as f64 / 1e6;
    let threads: Vec<usize> = std::env::args().skip(1).filter_map(|arg| arg.parse().ok()).collect();
    let threads = if threads.is_empty() {
        vec![1, std::thread::available_parallelism().map_or(1, NonZeroUsize::get)]
    } else {
        threads
    };
    let with_stopwords = Tokenizer::new(
        TokenizerOptions::default(),
        Some(bundled_list("default").expect("bundled")),
    )
    .expect("default options are valid");
    let without_stopwords =
        Tokenizer::new(TokenizerOptions::default(), None::<Vec<&str>>).expect("default options are valid");

    let expected = reference_tokens(&docs);
    println!(
        "corpus: {} documents, {megabytes:.1} MB; token counts {}",
        docs.len(),
        if expected.is_some() {
            "checked against the reference's"
        } else {
            "unchecked (not the shared corpus)"
        }
    );
    println!("{:<52} {:>9} {:>8}", "row", "MB/s", "tokens");
    for (name, tokenizer) in [("stopwords", &with_stopwords), ("no stopwords", &without_stopwords)] {
        let mut tokens = 0usize;
        let seconds = median_seconds(|| {
            tokens = 0;
            for doc in &docs {
                tokenizer.for_each_token(doc, |_| tokens += 1);
            }
        });
        let row = format!("for_each_token, 1 thread, {name}");
        check(&expected, name, &row, tokens as u64);
        println!("{row:<52} {:>9.0} {tokens:>8}", megabytes / seconds);
    }
    for &count in &threads {
        let Some(count) = NonZeroUsize::new(count) else {
            continue;
        };
        // The scan alone on `count` threads, each counting the tokens of an
        // equal share of the documents: what the batch rows below would
        // reach if making their output cost nothing.
        let mut tokens = 0usize;
        let seconds = median_seconds(|| {
            let share = docs.len().div_ceil(count.get());
            tokens = std::thread::scope(|scope| {
                let workers: Vec<_> = docs
                    .chunks(share)
                    .map(|part| {
                        let tokenizer = &with_stopwords;
                        scope.spawn(move || {
                            let mut tokens = 0usize;
                            for doc in part {
                                tokenizer.for_each_token(doc, |_| tokens += 1);
                            }
                            tokens
                        })
                    })
                    .collect();
                workers.into_iter().map(|worker| worker.join().expect("no panic")).sum()
            });
        });
        let row = format!("for_each_token, {count} threads, stopwords");
        check(&expected, "stopwords", &row, tokens as u64);
        println!("{row:<52} {:>9.0} {tokens:>8}", megabytes / seconds);
        // The engine of Python's tokenize_batch: token ids per slice, handed
        // in order to a consumer (here one that only counts them).
        let strs: Vec<&str> = docs.iter().map(String::as_str).collect();
        let seconds = median_seconds(|| {
            tokens = 0;
            let outcome = batch::token_ids(&with_stopwords, Batch::owned(&strs), count, &Alone, |_, slice| {
                tokens += slice.docs().map(<[u32]>::len).sum::<usize>();
                Ok(())
            });
            if let Err(never) = outcome {
                match never {}
            }
        });
        let row = format!("batch::token_ids, {count} threads, stopwords");
        check(&expected, "stopwords", &row, tokens as u64);
        println!("{row:<52} {:>9.0} {tokens:>8}", megabytes / seconds);
        let seconds = median_seconds(|| {
            tokens = with_stopwords.tokenize_batch_columns(&docs, count).token_count();
        });
        let row = format!("tokenize_batch_columns, {count} threads, stopwords");
        check(&expected, "stopwords", &row, tokens as u64);
        println!("{row:<52} {:>9.0} {tokens:>8}", megabytes / seconds);
        let mut counted = 0u64;
        let seconds = median_seconds(|| {
            counted = with_stopwords.count_batch(&docs, count).tokens();
        });
        let row = format!("count_batch, {count} threads, stopwords");
        check(&expected, "stopwords", &row, counted);
        println!("{row:<52} {:>9.0} {counted:>8}", megabytes / seconds);
    }
}
