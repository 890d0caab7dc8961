//! Throughput on synthetic datasets of 10 thousand, 100 thousand and 1 million cases:
//! loading JSON, validation, the standard summary (of the generated dataset and of
//! the same dataset read back from JSON), merging summaries and reconciliation;
//! loading and validating the bundled Operation H dataset; and reading and merging
//! 10,000 partial summaries.
//!
//! ```text
//! cargo bench --bench throughput            # all of it (several minutes)
//! cargo bench --bench throughput -- summary # one group
//! cargo bench --bench throughput -- --test  # each benchmark once, untimed
//! ```

use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use investigation_outcomes::aggregate::{GroupBy, HeaviestSentence, Summary, SummaryMerger};
use investigation_outcomes::reconcile::reconcile;
use investigation_outcomes::synthetic::SyntheticConfig;
use investigation_outcomes::{Dataset, validate};

const SIZES: [usize; 3] = [10_000, 100_000, 1_000_000];
const SHARDS: usize = 16;

fn synthetic(cases: usize) -> Dataset {
    SyntheticConfig {
        seed: 42,
        operations: (cases / 1_000).max(1),
        cases,
    }
    .dataset()
}

fn bench_operation_h(c: &mut Criterion) {
    let text = include_str!("../data/operation-h.json");
    let mut group = c.benchmark_group("operation_h");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("load", |b| b.iter(|| Dataset::from_json_str(text)));
    let dataset = Dataset::from_json_str(text).unwrap_or_default();
    group.bench_function("validate", |b| b.iter(|| validate(&dataset)));
    group.finish();
}

fn bench_synthetic(c: &mut Criterion) {
    let rule = HeaviestSentence::default();
    for cases in SIZES {
        let dataset = synthetic(cases);
        let mut group = c.benchmark_group("synthetic");
        group
            .sample_size(10)
            .measurement_time(Duration::from_secs(8));

        let text = serde_json::to_string(&dataset).unwrap_or_default();
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::new("load_json", cases), &text, |b, text| {
            b.iter(|| Dataset::from_json_str(text))
        });
        // The same data as read from JSON, laid out in memory as reading leaves it.
        let loaded = Dataset::from_json_str(&text).unwrap_or_default();
        drop(text);

        group.throughput(Throughput::Elements(cases as u64));
        group.bench_with_input(BenchmarkId::new("validate", cases), &dataset, |b, d| {
            b.iter(|| validate(d))
        });
        group.bench_with_input(BenchmarkId::new("summary", cases), &dataset, |b, d| {
            b.iter(|| Summary::of(d, GroupBy::country_and_offence(), &rule))
        });
        group.bench_with_input(
            BenchmarkId::new("summary_of_loaded", cases),
            &loaded,
            |b, d| b.iter(|| Summary::of(d, GroupBy::country_and_offence(), &rule)),
        );
        drop(loaded);

        let shard_size = dataset.operations.len().div_ceil(SHARDS).max(1);
        let shards: Vec<Summary> = dataset
            .operations
            .chunks(shard_size)
            .map(|ops| {
                Summary::of(
                    &Dataset::new(ops.to_vec()),
                    GroupBy::country_and_offence(),
                    &rule,
                )
            })
            .collect();
        group.bench_with_input(
            BenchmarkId::new("merge_16_shards", cases),
            &shards,
            |b, shards| {
                b.iter(|| {
                    let mut total = Summary::empty(GroupBy::country_and_offence(), &rule);
                    for shard in shards {
                        let _ = total.merge(shard);
                    }
                    total
                })
            },
        );
        group.bench_with_input(BenchmarkId::new("reconcile", cases), &dataset, |b, d| {
            b.iter(|| reconcile(d))
        });
        group.finish();
    }
}

/// Reading and merging 10,000 partial summaries, as a final step after summarising
/// 10,000 shards (one operation of 10 cases each) in other processes, as
/// `outcomes merge` does: with a `SummaryMerger`, in a balanced tree.
fn bench_partials(c: &mut Criterion) {
    let rule = HeaviestSentence::default();
    let dataset = SyntheticConfig {
        seed: 7,
        operations: 10_000,
        cases: 100_000,
    }
    .dataset();
    let partials: Vec<String> = dataset
        .operations
        .chunks(1)
        .map(|ops| {
            Summary::of(
                &Dataset::new(ops.to_vec()),
                GroupBy::country_and_offence(),
                &rule,
            )
            .to_partial_json()
        })
        .collect();
    drop(dataset);
    let bytes: usize = partials.iter().map(String::len).sum();
    let mut group = c.benchmark_group("partials");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("read_and_merge_10k", |b| {
        b.iter(|| {
            let mut merger = SummaryMerger::default();
            for text in &partials {
                if let Ok(part) = Summary::from_partial_json(text) {
                    let _ = merger.push(part);
                }
            }
            merger.finish()
        })
    });
    group.finish();
}

criterion_group!(benches, bench_operation_h, bench_synthetic, bench_partials);
criterion_main!(benches);
