//! Benchmark (not a test): the PDF packet of N departments.
fn main() {}
