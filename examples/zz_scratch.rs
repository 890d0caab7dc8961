#![allow(missing_docs, clippy::print_stdout, clippy::unwrap_used)]
use investigation_outcomes::{synthetic::SyntheticConfig, validate};
use std::time::Instant;
fn main() {
    let n: usize = std::env::args().nth(1).unwrap().parse().unwrap();
    let d = SyntheticConfig {
        seed: 1,
        operations: (n / 1000).max(1),
        cases: n,
    }
    .dataset();
    let t = Instant::now();
    for _ in 0..10 {
        std::hint::black_box(validate(&d));
    }
    let e = t.elapsed();
    println!(
        "validate -> {:.2} M cases/s",
        10.0 * n as f64 / e.as_secs_f64() / 1e6
    );
}
