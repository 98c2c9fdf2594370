//! `cargo +nightly fuzz run tokenize`: arbitrary bytes as options and
//! documents, every invariant of ../invariants.rs checked on each.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../invariants.rs"]
mod invariants;

fuzz_target!(|data: &[u8]| invariants::check(data));
