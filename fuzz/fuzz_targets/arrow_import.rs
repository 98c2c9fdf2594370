//! `cargo +nightly fuzz run arrow_import`: arbitrary string columns through
//! the Arrow import, checked by ../arrow_invariants.rs.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../arrow_invariants.rs"]
mod arrow_invariants;

fuzz_target!(|data: &[u8]| arrow_invariants::check(data));
