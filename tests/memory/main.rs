//! The tests that measure memory, in their own binary: the fuzzer's
//! reader targets count every allocation (a counting global allocator with
//! a cap, `fuzz.rs`) to report an input's peak and to refuse a runaway
//! allocation instead of aborting. A `#[global_allocator]` holds for the
//! whole binary, so here it slows only these tests; the suite
//! (`tests/suite`) runs on the normal allocator.
//!
//! `cargo test --release --test memory` runs them;
//! `cargo test --release --test memory fuzz::` as in `fuzz.rs`'s notes.

#[path = "../suite/common/mod.rs"]
mod common;

mod fuzz;
