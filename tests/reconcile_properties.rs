//! Reconciliation's invariants on any data: periods group by their days, and the
//! case records' people are distinct defendants, never more than the cases they
//! come from. Each is checked against a computation of its own here.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::BTreeSet;

use investigation_outcomes::reconcile::{CaseFigure, reconcile};
use investigation_outcomes::{
    Citation, Claim, ClaimId, Dataset, DefendantId, Jurisdiction, Metric, Operation, PartialDate,
    Period, Scope, SourceId, arbitrary,
};
use proptest::prelude::*;

/// An operation with one claim per period, of one metric, for the whole operation.
fn claims_for(periods: &[Period]) -> Dataset {
    let mut operation: Operation = serde_json::from_value(serde_json::json!({
        "id": "op", "name": "Op", "participants": ["NZ"],
        "sources": [{"id": "s", "publisher": "P", "title": "T", "published": "2030"}]
    }))
    .unwrap();
    for (i, period) in periods.iter().enumerate() {
        operation.claims.push(
            Claim::new(
                ClaimId::new(format!("c{i}")).unwrap(),
                Metric::ReportsReceived,
                investigation_outcomes::Quantity::exact(i as u64),
                Citation::new(SourceId::new("s").unwrap(), "q"),
            )
            .with_scope(Scope::whole().with_period(*period)),
        );
    }
    Dataset::new(vec![operation])
}

/// Cases whose defendants repeat (a pool of `pool` identifiers) and whose places
/// are a few jurisdictions, so that people and places are shared.
fn with_repeat_defendants(mut dataset: Dataset, pool: usize) -> Dataset {
    let places: Vec<Jurisdiction> = ["AU", "NZ", "NZ-AUK", "AU-VIC"]
        .iter()
        .map(|code| code.parse().unwrap())
        .collect();
    for operation in &mut dataset.operations {
        for (n, case) in operation.cases.iter_mut().enumerate() {
            case.defendant.id = DefendantId::new(format!("d{}", n % pool.max(1))).unwrap();
            case.jurisdiction = places[(n / 2) % places.len()];
        }
    }
    dataset
}

fn value(figure: CaseFigure) -> u64 {
    match figure {
        CaseFigure::Value(v) => v,
        other => panic!("without a period every figure is a value: {other:?}"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Two claims share a figure group exactly when their periods cover the same
    /// days, whatever forms they are written in.
    #[test]
    fn periods_with_the_same_days_group_together(a in arbitrary::period(), b in arbitrary::period()) {
        let result = reconcile(&claims_for(&[a, b]));
        let same_days = a.first_day_number() == b.first_day_number()
            && a.last_day_number() == b.last_day_number();
        prop_assert_eq!(result.groups().len(), if same_days { 1 } else { 2 });
    }

    /// A period and the same days written as a range always group together.
    #[test]
    fn a_period_and_its_range_group_together(a in arbitrary::period()) {
        let day = |number: i64| {
            let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
            PartialDate::try_from(epoch + chrono::Duration::days(number)).unwrap()
        };
        let range = Period::range(day(a.first_day_number()), day(a.last_day_number())).unwrap();
        let result = reconcile(&claims_for(&[a, range]));
        prop_assert_eq!(result.groups().len(), 1, "{} and {}", a, range);
        // Each claim keeps its own form.
        let written: BTreeSet<String> = result.groups()[0].claims.iter().map(|c| c.period.unwrap().to_string()).collect();
        prop_assert!(written.contains(&range.to_string()) && written.contains(&a.to_string()));
    }

    /// The people the case records give are distinct defendants, never more than
    /// the cases they come from, in the operation and in each place.
    #[test]
    fn people_are_distinct_defendants(
        dataset in arbitrary::dataset(), pool in 1usize..6,
    ) {
        let dataset = with_repeat_defendants(dataset, pool);
        let result = reconcile(&dataset);
        for operation in &dataset.operations {
            let places: BTreeSet<Option<Jurisdiction>> = std::iter::once(None)
                .chain(operation.cases.iter().flat_map(|c| [Some(c.jurisdiction), Some(c.jurisdiction.country())]))
                .collect();
            for place in places {
                let cases: Vec<_> = operation
                    .cases
                    .iter()
                    .filter(|c| place.is_none_or(|p| p.contains(c.jurisdiction)))
                    .collect();
                if cases.is_empty() {
                    continue;
                }
                let figure = |metric: Metric| {
                    result
                        .record_figures()
                        .iter()
                        .find(|r| r.operation == operation.id && r.jurisdiction == place && r.metric == metric)
                        .map(|r| value(r.figure))
                        .unwrap()
                };
                let people = |qualifies: &dyn Fn(&investigation_outcomes::Case) -> bool| {
                    let ids: BTreeSet<&str> = cases.iter().filter(|c| qualifies(c)).map(|c| c.defendant.id.as_str()).collect();
                    let count = cases.iter().filter(|c| qualifies(c)).count() as u64;
                    (ids.len() as u64, count)
                };
                let arrested = |c: &investigation_outcomes::Case| c.events.arrested.is_some();
                let charged = |c: &investigation_outcomes::Case| !c.charges.is_empty() || c.events.charged.is_some();
                let convicted = |c: &investigation_outcomes::Case| c.charges.iter().any(|ch| ch.disposition.outcome.is_conviction());
                for (metric, qualifies) in [
                    (Metric::Suspects, &(|_: &investigation_outcomes::Case| true) as &dyn Fn(&investigation_outcomes::Case) -> bool),
                    (Metric::Arrests, &arrested),
                    (Metric::PersonsCharged, &charged),
                    (Metric::PersonsConvicted, &convicted),
                ] {
                    let (distinct, cases_with) = people(qualifies);
                    let found = figure(metric);
                    prop_assert_eq!(found, distinct, "{} in {:?}", metric, place);
                    prop_assert!(found <= cases_with, "{} in {:?}", metric, place);
                }
                let charges: u64 = cases.iter().map(|c| c.charges.len() as u64).sum();
                prop_assert_eq!(figure(Metric::ChargesLaid), charges);
                let counts: u64 = cases.iter().flat_map(|c| &c.charges).map(|ch| u64::from(ch.counts.get())).sum();
                prop_assert_eq!(figure(Metric::OffencesCharged), counts);
            }
        }
    }
}
