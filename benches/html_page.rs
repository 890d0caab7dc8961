//! The HTML report page of generated datasets of 1,000 and 10,000 operations: its
//! time should grow with the operations, not faster.
//!
//! ```text
//! cargo bench --features html --bench html_page
//! ```

use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use investigation_outcomes::html::{PageOptions, page};
use investigation_outcomes::synthetic::SyntheticConfig;

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("html_page");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    for operations in [1_000, 10_000] {
        let dataset = SyntheticConfig {
            seed: 9,
            operations,
            cases: operations * 2,
        }
        .dataset();
        group.bench_with_input(BenchmarkId::from_parameter(operations), &dataset, |b, d| {
            b.iter(|| page(d, &PageOptions::default()))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
