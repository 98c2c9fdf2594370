//! The JSON Lines fast path against serde_json on arbitrary lines: checked
//! by the `json_record` fuzz target and by `cargo test` (fuzz/replay.rs) on
//! the inputs it kept. The fast path must give up, or find in every wanted
//! field what serde_json finds.

/// Checks the line `data` holds (its bytes made UTF-8 with U+FFFD, as the
/// reader's `errors="replace"` would).
pub fn check(data: &[u8]) {
    let line = String::from_utf8_lossy(data);
    let line = line.split('\n').next().unwrap_or_default();
    if let Err(problem) = wordsift::corpus::json_fast_path_agrees(line) {
        panic!("{problem}");
    }
}
