//! The Rust core alone, no Python: tokens per second over the shared corpus.
//!
//!     cargo bench --bench core_throughput                 # defaults
//!     cargo bench --bench core_throughput -- 1 2 4 8 16   # thread counts for the batch rows
//!
//! The corpus is `../shared/corpus/reuters21578.jsonl` (or $WORDSIFT_CORPUS);
//! each document is `title + "\n" + text`, as in the Python benchmarks. Each
//! row is the median of several passes over all documents; MB/s counts the
//! UTF-8 bytes of the input.

use std::num::NonZeroUsize;
use std::path::PathBuf;
use std::time::Instant;

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
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("cannot read the corpus at {}: {error}", path.display()));
    text.lines()
        .map(|line| {
            let record: serde_json::Value = serde_json::from_str(line).expect("a JSON object per line");
            let field = |name: &str| record[name].as_str().expect("string fields title and text").to_owned();
            field("title") + "\n" + &field("text")
        })
        .collect()
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

    println!("corpus: {} documents, {megabytes:.1} MB", docs.len());
    println!("{:<52} {:>9} {:>8}", "row", "MB/s", "tokens");
    for (name, tokenizer) in [("stopwords", &with_stopwords), ("no stopwords", &without_stopwords)] {
        let mut tokens = 0usize;
        let seconds = median_seconds(|| {
            tokens = 0;
            for doc in &docs {
                tokenizer.for_each_token(doc, |_| tokens += 1);
            }
        });
        println!(
            "{:<52} {:>9.0} {tokens:>8}",
            format!("for_each_token, 1 thread, {name}"),
            megabytes / seconds
        );
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
        println!(
            "{:<52} {:>9.0} {tokens:>8}",
            format!("for_each_token, {count} threads, stopwords"),
            megabytes / seconds
        );
        let seconds = median_seconds(|| {
            tokens = with_stopwords.tokenize_batch_columns(&docs, count).token_count();
        });
        println!(
            "{:<52} {:>9.0} {tokens:>8}",
            format!("tokenize_batch_columns, {count} threads, stopwords"),
            megabytes / seconds
        );
        let mut counted = 0u64;
        let seconds = median_seconds(|| {
            counted = with_stopwords.count_batch(&docs, count).tokens();
        });
        println!(
            "{:<52} {:>9.0} {counted:>8}",
            format!("count_batch, {count} threads, stopwords"),
            megabytes / seconds
        );
    }
}
