//! Every input the fuzzer kept (fuzz/corpus/tokenize) and every crash it
//! found (fuzz/regressions), through the fuzz target's invariants on the
//! stable toolchain: `cargo test --test fuzz_corpus`.

#[path = "invariants.rs"]
mod invariants;

use std::path::Path;

#[test]
fn every_kept_fuzz_input_satisfies_the_invariants() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut checked = 0;
    for folder in ["corpus/tokenize", "regressions"] {
        let Ok(entries) = std::fs::read_dir(root.join(folder)) else {
            continue;
        };
        for entry in entries {
            let path = entry.expect("a readable folder").path();
            let data = std::fs::read(&path).expect("a readable input");
            let outcome = std::panic::catch_unwind(|| invariants::check(&data));
            assert!(outcome.is_ok(), "{} breaks an invariant", path.display());
            checked += 1;
        }
    }
    assert!(checked > 0, "no fuzz inputs found under {}", root.display());
}
