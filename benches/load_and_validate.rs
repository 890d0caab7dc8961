//! Loading and validating the bundled Operation H dataset, and a larger dataset of
//! its operation repeated, to measure JSON throughput in bytes per second.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use investigation_outcomes::{Dataset, OperationId, validate};

const OPERATION_H: &str = include_str!("../data/operation-h.json");

fn repeated(times: usize) -> Dataset {
    let template = Dataset::from_json_str(OPERATION_H)
        .map(|d| d.operations)
        .unwrap_or_default();
    let operations = (0..times)
        .flat_map(|i| {
            template.iter().cloned().map(move |mut op| {
                if let Ok(id) = OperationId::new(format!("{}-{i}", op.id)) {
                    op.id = id;
                }
                op
            })
        })
        .collect();
    Dataset::new(operations)
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("operation_h");
    group.throughput(Throughput::Bytes(OPERATION_H.len() as u64));
    group.bench_function("load", |b| b.iter(|| Dataset::from_json_str(OPERATION_H)));
    let dataset = Dataset::from_json_str(OPERATION_H).unwrap_or_default();
    group.bench_function("validate", |b| b.iter(|| validate(&dataset)));
    group.bench_function("save", |b| b.iter(|| dataset.to_json_string()));
    group.finish();

    let large = repeated(200);
    let text = large.to_json_string();
    let mut group = c.benchmark_group("operation_h_x200");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("load", |b| b.iter(|| Dataset::from_json_str(&text)));
    group.bench_function("validate", |b| b.iter(|| validate(&large)));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
