//! Reading a corpus file for the Rust benchmarks (`core_throughput` here,
//! and `benches/rust-peers`, which includes this file by path).

use std::path::Path;

/// The documents of a JSON Lines corpus, each `title + "\n" + text` as in
/// the Python benchmarks; `hint` follows the error when the file cannot be
/// read.
pub fn load_documents(path: &Path, hint: &str) -> Vec<String> {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|error| panic!("cannot read the corpus at {}: {error}{hint}", path.display()));
    text.lines()
        .map(|line| {
            let record: serde_json::Value = serde_json::from_str(line).expect("a JSON object per line");
            let field = |name: &str| record[name].as_str().expect("string fields title and text").to_owned();
            field("title") + "\n" + &field("text")
        })
        .collect()
}
