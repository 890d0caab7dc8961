//! Reading JSON Lines into operations, beside the floor any reader of the same bytes
//! pays: a serde_json pass that checks the syntax and builds nothing
//! (`serde::de::IgnoredAny`). The ratio of the two is the cost of the crate's types.
//!
//! Both passes split the lines alike, with `memchr`, so that the ratio compares the
//! parsing alone. The run also prints the ratio of the two passes timed in
//! alternation, pair by pair. Allocations are counted by `benches/allocations.rs`,
//! as a counting allocator here would slow only the pass that allocates.
//!
//! ```text
//! cargo bench --bench parse
//! ```

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use investigation_outcomes::OperationLines;
use serde::de::IgnoredAny;

mod common;

const SIZES: [usize; 2] = [100_000, 1_000_000];

/// The lines of `bytes`, found as the crate's reader finds them.
fn lines(bytes: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut rest = bytes;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let end = memchr::memchr(b'\n', rest).unwrap_or(rest.len());
        let line = rest.get(..end).unwrap_or_default();
        rest = rest.get(end + 1..).unwrap_or_default();
        Some(line)
    })
}

fn syntax_only(bytes: &[u8]) -> usize {
    lines(bytes)
        .filter(|line| !line.is_empty())
        .filter(|line| serde_json::from_slice::<IgnoredAny>(line).is_ok())
        .count()
}

fn operations(bytes: &[u8]) -> usize {
    OperationLines::new(bytes)
        .map(|operation| operation.map_or(0, |o| o.cases.len()))
        .sum()
}

fn bench_parse(c: &mut Criterion) {
    for cases in SIZES {
        let bytes = common::generated_json_lines("parse", cases);
        assert_eq!(
            syntax_only(&bytes),
            bytes.iter().filter(|b| **b == b'\n').count()
        );
        assert_eq!(operations(&bytes), cases);

        if !std::env::args().any(|arg| arg == "--test") {
            report_alternated_ratio(cases, &bytes);
        }

        let mut group = c.benchmark_group("parse");
        group
            .sample_size(10)
            .measurement_time(Duration::from_secs(10));
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_with_input(
            BenchmarkId::new("syntax_only", cases),
            &bytes,
            |b, bytes| b.iter(|| syntax_only(bytes)),
        );
        group.bench_with_input(BenchmarkId::new("operations", cases), &bytes, |b, bytes| {
            b.iter(|| operations(bytes))
        });
        group.finish();
    }
}

/// Times the two passes in alternation and prints the median ratio of the pairs.
/// On a machine whose speed drifts, criterion's groups, one after the other, can
/// catch the two at different speeds; pairs taken back to back cannot.
fn report_alternated_ratio(cases: usize, bytes: &[u8]) {
    let pairs = if cases >= 1_000_000 { 7 } else { 15 };
    let time = |pass: &dyn Fn() -> usize| {
        let start = std::time::Instant::now();
        black_box(pass());
        start.elapsed().as_secs_f64()
    };
    let mut ratios: Vec<f64> = (0..pairs)
        .map(|_| {
            let syntax = time(&|| syntax_only(bytes));
            time(&|| operations(bytes)) / syntax
        })
        .collect();
    ratios.sort_by(f64::total_cmp);
    let at = |index: usize| ratios.get(index).copied().unwrap_or(f64::NAN);
    #[allow(clippy::print_stderr)]
    {
        eprintln!(
            "parse/{cases}: reading takes {:.2}x the syntax-only pass \
             (median of {pairs} alternated pairs; {:.2}x to {:.2}x)",
            at(pairs / 2),
            at(0),
            at(pairs - 1)
        );
    }
}

criterion_group!(benches, bench_parse);
criterion_main!(benches);
