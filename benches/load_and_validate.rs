//! Benchmarks (placeholder until the dataset exists).
fn main() {}
