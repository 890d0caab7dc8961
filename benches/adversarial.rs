//! Adversarial shapes that once took quadratic time: one case with a million charges
//! (validation, and the summary's heaviest-sentence rule over one sentence component
//! naming them all), 100,000 conflicting claims of one metric and scope
//! (reconciliation), a summary grouped by 100,000 operations added to one operation
//! at a time, and the report of such a summary.
//!
//! ```text
//! cargo bench --bench adversarial
//! cargo bench --bench adversarial -- --test  # each benchmark once, untimed
//! ```

// Indexing into the bundled dataset, whose first operation has cases: the clearest way
// to edit it, as the tests do.
#![allow(clippy::indexing_slicing)]

use std::fmt::Write as _;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use investigation_outcomes::aggregate::{GroupBy, HeaviestSentence, Summary};
use investigation_outcomes::disclosure::Protection;
use investigation_outcomes::reconcile::reconcile;
use investigation_outcomes::report::SummaryReport;
use investigation_outcomes::synthetic::SyntheticConfig;
use investigation_outcomes::{Dataset, validate};

const KINDS: [&str; 4] = ["possession", "accessing", "distribution", "production"];

/// The bundled dataset with its first case given `charges` charges of mixed kinds and
/// one sentence component naming every one.
fn one_huge_case(charges: usize) -> Dataset {
    let mut json: serde_json::Value =
        serde_json::from_str(include_str!("../data/operation-h.json")).unwrap_or_default();
    let mut list = String::from("[");
    let mut names = String::from("[");
    for i in 0..charges {
        let sep = if i == 0 { "" } else { "," };
        let kind = KINDS.get(i % KINDS.len()).copied().unwrap_or("other");
        let _ = write!(
            list,
            r#"{sep}{{"id":"c{i}","offence":{{"kind":"{kind}","iccs":"030221"}},"counts":1,"disposition":{{"outcome":"convicted"}}}}"#
        );
        let _ = write!(names, r#"{sep}"c{i}""#);
    }
    list.push(']');
    names.push(']');
    let case = &mut json["operations"][0]["cases"][0];
    case["charges"] = serde_json::from_str(&list).unwrap_or_default();
    case["sentence"]["components"][0]["charges"] = serde_json::from_str(&names).unwrap_or_default();
    serde_json::from_value(json).unwrap_or_default()
}

/// The bundled dataset with `n` claims of one metric and scope, one date, all
/// different: every pair disagrees.
fn many_claims(n: usize) -> Dataset {
    let mut json: serde_json::Value =
        serde_json::from_str(include_str!("../data/operation-h.json")).unwrap_or_default();
    let template = json["operations"][0]["claims"][0].clone();
    let claims: Vec<serde_json::Value> = (0..n)
        .map(|i| {
            let mut claim = template.clone();
            claim["id"] = serde_json::json!(format!("many-{i}"));
            claim["quantity"] = serde_json::json!(i);
            claim
        })
        .collect();
    json["operations"][0]["claims"] = serde_json::json!(claims);
    serde_json::from_value(json).unwrap_or_default()
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("adversarial");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    let huge = one_huge_case(1_000_000);
    group.bench_function("validate_one_case_1m_charges", |b| {
        b.iter(|| validate(&huge))
    });
    let rule = HeaviestSentence::default();
    group.bench_function("summary_one_case_1m_charges", |b| {
        b.iter(|| Summary::of(&huge, GroupBy::country_and_offence(), &rule))
    });
    drop(huge);

    let claims = many_claims(100_000);
    group.bench_function("reconcile_100k_claims_one_metric", |b| {
        b.iter(|| reconcile(&claims))
    });
    drop(claims);

    let many = SyntheticConfig {
        seed: 3,
        operations: 100_000,
        cases: 200_000,
    }
    .dataset();
    let by_operation = GroupBy {
        operation: true,
        ..GroupBy::default()
    };
    group.bench_function("summary_by_100k_operations_added_one_by_one", |b| {
        b.iter(|| {
            let mut summary = Summary::empty(by_operation, &rule);
            for operation in &many.operations {
                if summary.add_operation(operation, &rule).is_err() {
                    break;
                }
            }
            summary
        })
    });
    let summary = Summary::of(&many, by_operation, &rule);
    group.bench_function("report_by_100k_operations", |b| {
        b.iter(|| SummaryReport::new(&summary, &Protection::default()))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
