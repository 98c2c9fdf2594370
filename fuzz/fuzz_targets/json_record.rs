//! `cargo +nightly fuzz run json_record`: arbitrary JSON Lines records
//! through the fast path and serde_json, checked by ../json_invariants.rs.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../json_invariants.rs"]
mod json_invariants;

fuzz_target!(|data: &[u8]| json_invariants::check(data));
