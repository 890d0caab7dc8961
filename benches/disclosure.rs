//! Disclosure control: protection with its audit on a 50 × 20 table, the audit alone,
//! everything the summary of 1 million generated cases publishes, protected as one
//! problem, and the same with two groupings, and 300 cases by both; 1,000 cases by
//! jurisdiction as recorded.
//!
//! ```text
//! cargo bench --bench disclosure            # all of it
//! cargo bench --bench disclosure -- --test  # each benchmark once, untimed
//! ```

use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use investigation_outcomes::aggregate::{
    GroupBy, HeaviestSentence, JointSummaryBuilder, JurisdictionLevel, Summary, SummaryBuilder,
};
use investigation_outcomes::disclosure::{
    CountTable, LinkedTables, Margins, Protection, audit, protect, protect_linked,
};
use investigation_outcomes::report::{StatisticsRule, SummaryReport};
use investigation_outcomes::synthetic::{Generator, SyntheticConfig};

/// A 50 × 20 table with the mix of real counts: a fifth of cells small, some zeros,
/// the rest spread over two orders of magnitude.
fn table() -> CountTable {
    let mut state = 0x9e37_79b9_7f4a_7c15_u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let cells = (0..50)
        .map(|_| {
            (0..20)
                .map(|_| match next() % 10 {
                    0 => 0,
                    1 | 2 => next() % 10,
                    _ => 10 + next() % 500,
                })
                .collect()
        })
        .collect();
    let rows = (0..50).map(|r| format!("r{r}")).collect();
    let columns = (0..20).map(|c| format!("c{c}")).collect();
    CountTable::new(rows, columns, cells).unwrap_or_else(|_| CountTable::column("empty", []))
}

fn bench_table(c: &mut Criterion) {
    let table = table();
    let protection = Protection {
        suppress_below: Some(10),
        ..Protection::default()
    };
    let mut group = c.benchmark_group("disclosure");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    group.bench_function("protect_and_audit_50x20", |b| {
        b.iter(|| protect(&table, &protection))
    });
    let mut tables = LinkedTables::new();
    let _ = tables.add_table("t", &table, Margins::ALL);
    if let Ok(publication) = protect_linked(&tables, &protection) {
        group.bench_function("audit_50x20", |b| {
            b.iter(|| audit(&tables, &publication.cells, &protection))
        });
    }
    group.finish();
}

/// The summary of a generated dataset by one grouping.
fn generated_summary(by: GroupBy, config: SyntheticConfig) -> Summary {
    let rule = HeaviestSentence::default();
    let mut builder = SummaryBuilder::new(by, &rule);
    for operation in Generator::new(config) {
        builder.add_operation(&operation);
    }
    builder.finish()
}

fn bench_summary(c: &mut Criterion) {
    let summary = generated_summary(
        GroupBy::country_and_offence(),
        SyntheticConfig {
            seed: 42,
            operations: 1_000,
            cases: 1_000_000,
        },
    );
    let protection = Protection {
        suppress_below: Some(10),
        ..Protection::default()
    };
    let mut group = c.benchmark_group("disclosure");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    group.bench_function("summary_report_1m_cases", |b| {
        b.iter(|| SummaryReport::new(&summary, &protection))
    });
    group.finish();
}

/// Two groupings in one run: a million cases by country and by country and offence,
/// and 300 cases by both (many small counts, past the exact limit: checked points).
fn bench_joint(c: &mut Criterion) {
    let rule = HeaviestSentence::default();
    let by = [
        GroupBy {
            offence_kind: false,
            ..GroupBy::country_and_offence()
        },
        GroupBy::country_and_offence(),
    ];
    let mut group = c.benchmark_group("disclosure");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(30));
    for (name, operations, cases, threshold) in [
        ("joint_report_1m_cases", 1_000, 1_000_000, 10),
        ("joint_report_300_cases_threshold_5", 4, 300, 5),
    ] {
        let mut builder = JointSummaryBuilder::new(&by, &rule);
        for operation in Generator::new(SyntheticConfig {
            seed: 1,
            operations,
            cases,
        }) {
            builder.add_operation(&operation);
        }
        let joint = builder.finish();
        let protection = Protection {
            suppress_below: Some(threshold),
            ..Protection::default()
        };
        group.bench_function(name, |b| {
            b.iter(|| SummaryReport::joint(&joint, &protection, &StatisticsRule::default()))
        });
    }
    group.finish();
}

/// 1,000 generated cases by jurisdiction as recorded (states and provinces), threshold
/// 5: thousands of small counts in one group, protected by checked points.
fn bench_jurisdiction(c: &mut Criterion) {
    let by = GroupBy {
        jurisdiction: Some(JurisdictionLevel::AsRecorded),
        ..GroupBy::default()
    };
    let summary = generated_summary(
        by,
        SyntheticConfig {
            seed: 6,
            operations: 2,
            cases: 1_000,
        },
    );
    let protection = Protection {
        suppress_below: Some(5),
        ..Protection::default()
    };
    let mut group = c.benchmark_group("disclosure");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(60));
    group.bench_function("jurisdiction_report_1000_cases_threshold_5", |b| {
        b.iter(|| SummaryReport::new(&summary, &protection))
    });
    group.finish();
}

criterion_group!(
    benches,
    bench_table,
    bench_summary,
    bench_joint,
    bench_jurisdiction
);
criterion_main!(benches);
