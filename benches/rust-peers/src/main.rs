//! The wordsift core against tantivy's tokenizer chain (`SimpleTokenizer`,
//! `LowerCaser`, `StopWordFilter`), per language, one thread, no Python.
//!
//! The corpora: the shared Reuters corpus for English and the files of
//! `benches/multilingual_corpus.py` (`.benchmarks/multilingual/*.jsonl`) for
//! the others; each document is `title + "\n" + text`. Both sides filter
//! the same words, wordsift's bundled list for the language (none for
//! Japanese and Chinese). Each row is the median of PASSES passes over the
//! whole corpus (default 9), the two tokenisers taking turns; MB/s counts
//! UTF-8 bytes of input. Issue 22's target: the core at least 3x tantivy's
//! chain on every language.
//!
//! The two do not make the same tokens: tantivy splits on what is not
//! alphanumeric and lower-cases, without normalising; wordsift follows its
//! documented rules (NFC, marks within words, numbers dropped, ...). The
//! token counts are printed beside the speeds.

#[path = "../../rust/documents.rs"]
mod documents;

use std::path::PathBuf;
use std::time::Instant;

use documents::load_documents;
use tantivy::tokenizer::{LowerCaser, SimpleTokenizer, StopWordFilter, TextAnalyzer, TokenStream};
use wordsift::{bundled_list, bundled_list_names, Tokenizer, TokenizerOptions};

const LANGUAGES: [&str; 10] = [
    "english", "german", "french", "polish", "russian", "greek", "arabic", "hindi", "japanese", "chinese",
];

fn repository() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn corpus_path(language: &str) -> PathBuf {
    if language == "english" {
        return std::env::var_os("WORDSIFT_CORPUS")
            .map(PathBuf::from)
            .unwrap_or_else(|| repository().join("../shared/corpus/reuters21578.jsonl"));
    }
    repository().join(format!(".benchmarks/multilingual/{language}.jsonl"))
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn main() {
    let passes: usize = std::env::args().nth(1).and_then(|arg| arg.parse().ok()).unwrap_or(9);
    let only: Vec<String> = std::env::args().skip(2).collect();
    println!("one thread, median of {passes} passes, MB/s of UTF-8 input");
    println!(
        "{:10} {:>6} {:>14} {:>14} {:>8} {:>12} {:>12}",
        "language", "MB", "wordsift", "tantivy", "ratio", "ws tokens", "tv tokens"
    );
    for language in LANGUAGES {
        if !only.is_empty() && !only.iter().any(|name| name == language) {
            continue;
        }
        let docs = load_documents(
            &corpus_path(language),
            " (python benches/multilingual_corpus.py makes the generated corpora)",
        );
        let megabytes = docs.iter().map(String::len).sum::<usize>() as f64 / 1e6;
        let stopwords: Vec<&str> = if bundled_list_names().contains(&language) {
            bundled_list(language).expect("a bundled list")
        } else {
            Vec::new()
        };
        let wordsift = Tokenizer::new(TokenizerOptions::default(), Some(stopwords.iter().copied()))
            .expect("default options are valid");
        let mut tantivy = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(StopWordFilter::remove(stopwords.iter().map(|word| word.to_string())))
            .build();
        let (mut ours, mut theirs) = (Vec::new(), Vec::new());
        let (mut our_tokens, mut their_tokens) = (0, 0);
        for _ in 0..passes {
            let started = Instant::now();
            our_tokens = 0;
            for doc in &docs {
                wordsift.for_each_token(doc, |_| our_tokens += 1);
            }
            ours.push(started.elapsed().as_secs_f64());
            let started = Instant::now();
            their_tokens = 0;
            for doc in &docs {
                let mut stream = tantivy.token_stream(doc);
                while stream.advance() {
                    their_tokens += 1;
                }
            }
            theirs.push(started.elapsed().as_secs_f64());
        }
        let (ours, theirs) = (megabytes / median(ours), megabytes / median(theirs));
        println!(
            "{language:10} {megabytes:6.1} {ours:14.0} {theirs:14.0} {:7.1}x {our_tokens:12} {their_tokens:12}",
            ours / theirs
        );
    }
}
