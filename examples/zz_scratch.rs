#![allow(missing_docs, clippy::print_stdout, clippy::unwrap_used)]
use investigation_outcomes::aggregate::{GroupBy, HeaviestSentence, Summary};
use investigation_outcomes::synthetic::SyntheticConfig;
use std::time::Instant;
fn main() {
    let n: usize = std::env::args().nth(1).unwrap().parse().unwrap();
    let d = SyntheticConfig { seed: 1, operations: (n / 1000).max(1), cases: n }.dataset();
    let rule = HeaviestSentence::default();
    let t = Instant::now();
    let reps = 4_000_000 / n;
    for _ in 0..reps {
        let s = Summary::of(&d, GroupBy::standard(), &rule);
        std::hint::black_box(s);
    }
    let e = t.elapsed();
    println!("{:.2} M cases/s", reps as f64 * n as f64 / e.as_secs_f64() / 1e6);
}
