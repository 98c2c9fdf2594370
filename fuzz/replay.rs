//! Every input the fuzzers kept (fuzz/corpus/<target>) and every crash they
//! found (fuzz/regressions/<target>), through the fuzz targets' invariants
//! on the stable toolchain: `cargo test --test fuzz_corpus`.

#[path = "arrow_invariants.rs"]
mod arrow_invariants;
#[path = "invariants.rs"]
mod invariants;
#[path = "json_invariants.rs"]
mod json_invariants;

use std::path::Path;

/// Runs `check` on every kept input of `target`; returns how many.
fn replay(target: &str, check: fn(&[u8])) -> usize {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut checked = 0;
    for folder in [root.join("corpus").join(target), root.join("regressions").join(target)] {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries {
            let path = entry.expect("a readable folder").path();
            let data = std::fs::read(&path).expect("a readable input");
            let outcome = std::panic::catch_unwind(|| check(&data));
            assert!(outcome.is_ok(), "{} breaks an invariant", path.display());
            checked += 1;
        }
    }
    checked
}

#[test]
fn every_kept_fuzz_input_satisfies_the_invariants() {
    assert!(replay("tokenize", invariants::check) > 0, "no tokenize inputs found");
}

#[test]
fn every_kept_arrow_input_imports_as_read_independently() {
    assert!(
        replay("arrow_import", arrow_invariants::check) > 0,
        "no arrow_import inputs found"
    );
}

#[test]
fn every_kept_json_line_takes_the_fast_path_only_where_serde_agrees() {
    assert!(
        replay("json_record", json_invariants::check) > 0,
        "no json_record inputs found"
    );
}
