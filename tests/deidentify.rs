//! De-identified copies of case records: they validate, they count the same, and
//! nothing removed can be read back.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::BTreeSet;

use investigation_outcomes::aggregate::{GroupBy, HeaviestSentence, Summary};
use investigation_outcomes::deidentify::DeidentifyPolicy;
use investigation_outcomes::synthetic::SyntheticConfig;
use investigation_outcomes::{Dataset, DatePrecision, validate};
use proptest::prelude::*;

mod common;

const KEY: &[u8] = b"a secret of thirty-two bytes!!!!";

fn generated(seed: u64) -> Dataset {
    SyntheticConfig {
        seed,
        operations: 3,
        cases: 300,
    }
    .dataset()
}

/// Every text a dataset's case records hold, and every date in them with its precision.
fn case_texts(dataset: &Dataset) -> (BTreeSet<String>, Vec<DatePrecision>) {
    let mut texts = BTreeSet::new();
    let mut dates = Vec::new();
    for operation in &dataset.operations {
        for case in &operation.cases {
            texts.insert(case.id.to_string());
            texts.insert(case.defendant.id.to_string());
            texts.extend(case.court.clone());
            texts.extend(case.all_citations().map(|(_, c)| c.quote.clone()));
            let e = &case.events;
            dates.extend(
                [e.arrested, e.charged, e.pleaded, e.verdict, e.sentenced]
                    .into_iter()
                    .flatten()
                    .filter_map(|d| d.date())
                    .map(|d| d.precision()),
            );
            for charge in &case.charges {
                dates.extend(
                    charge
                        .offence_date
                        .iter()
                        .chain(&charge.disposition.date)
                        .map(|d| d.precision()),
                );
            }
        }
    }
    (texts, dates)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn copies_validate_count_alike_and_keep_nothing_removed(seed in 0u64..1_000, year: bool) {
        let original = generated(seed);
        let precision = if year { DatePrecision::Year } else { DatePrecision::Month };
        let policy = DeidentifyPolicy::new(KEY).unwrap().dates(precision).unwrap();
        let copy = original.deidentify(&policy);

        prop_assert!(!validate(&original).has_errors());
        let report = validate(&copy);
        prop_assert!(!report.has_errors(), "{}", report);

        // People count the same: pseudonyms keep each defendant one person. (Counts by
        // offence may move: the principal-offence rule consults the maximum penalty in
        // force on the offence date, which coarsening can blur.)
        let people = |d: &Dataset| -> Vec<usize> {
            d.operations
                .iter()
                .map(|o| o.cases.iter().map(|c| c.defendant.id.as_str()).collect::<BTreeSet<_>>().len())
                .collect()
        };
        prop_assert_eq!(people(&original), people(&copy));
        let rule = HeaviestSentence::default();
        let by = GroupBy::country_and_offence();
        let (before, after) = (Summary::of(&original, by, &rule), Summary::of(&copy, by, &rule));
        prop_assert_eq!(before.funnel(), after.funnel());
        prop_assert_eq!(before.sentences(), after.sentences());

        // No identifier or court name of the original is left, and no date is finer
        // than the policy.
        let (original_texts, _) = case_texts(&original);
        let (copy_texts, copy_dates) = case_texts(&copy);
        prop_assert!(original_texts.is_disjoint(&copy_texts));
        let json = copy.to_json_string();
        for text in &original_texts {
            prop_assert!(!json.contains(&format!("\"{text}\"")), "{} survives", text);
        }
        prop_assert!(copy_dates.iter().all(|&p| p <= precision));

        // The same key gives the same copy; another key another.
        prop_assert_eq!(original.deidentify(&policy), copy.clone());
        let other = DeidentifyPolicy::new(b"another key of enough bytes").unwrap().dates(precision).unwrap();
        prop_assert_ne!(original.deidentify(&other), copy);
    }
}

#[test]
fn operation_h_shares_without_its_court_names_or_days() {
    let original = Dataset::from_path(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/operation-h.json"
    ))
    .unwrap();
    let copy = original.deidentify(&DeidentifyPolicy::new(KEY).unwrap());
    let json = copy.to_json_string();
    assert!(!json.contains("County Court of Victoria"));
    // The records' citations go, with their words: they link a record to its report.
    assert!(
        original.operations[0]
            .cases
            .iter()
            .all(|c| !c.citations.is_empty())
    );
    assert!(
        copy.operations[0]
            .cases
            .iter()
            .all(|c| c.all_citations().next().is_none())
    );
    assert!(!json.contains("pleaded guilty to all charges"));
    assert!(!validate(&copy).has_errors());
    // Operation-level reporting is public and kept.
    assert_eq!(copy.operations[0].claims, original.operations[0].claims);
    assert_eq!(copy.operations[0].sources, original.operations[0].sources);
}

/// What the declared quasi-identifiers of a case show, read from its JSON alone: the
/// oracle of the k-anonymity tests, sharing nothing with the crate's own key.
fn visible(operation: &str, case: &serde_json::Value) -> String {
    let charges = case["charges"].as_array().cloned().unwrap_or_default();
    let mut dates: Vec<String> = ["arrested", "charged", "pleaded", "verdict", "sentenced"]
        .iter()
        .map(|e| case["events"][e].to_string())
        .collect();
    let mut charge_dates: Vec<String> = charges
        .iter()
        .flat_map(|c| {
            [
                c["offence_date"].to_string(),
                c["disposition"]["date"].to_string(),
            ]
        })
        .collect();
    charge_dates.sort();
    dates.extend(charge_dates);
    let mut kinds: Vec<String> = charges
        .iter()
        .map(|c| c["offence"]["kind"].to_string())
        .collect();
    kinds.sort();
    kinds.dedup();
    let mut outcomes: Vec<String> = charges
        .iter()
        .map(|c| c["disposition"]["outcome"].to_string())
        .collect();
    outcomes.sort();
    format!(
        "{operation}|{}|{}|{}|{}|{}:{}",
        case["jurisdiction"],
        dates.join(","),
        case["defendant"]["age_band"],
        kinds.join(","),
        charges.len(),
        outcomes.join(",")
    )
}

/// The smallest class of the copy, counted from its JSON.
fn smallest_class(dataset: &Dataset) -> Option<usize> {
    let json: serde_json::Value = serde_json::from_str(&dataset.to_json_string()).unwrap();
    let mut classes: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for operation in json["operations"].as_array().unwrap() {
        let id = operation["id"].as_str().unwrap();
        for case in operation["cases"].as_array().into_iter().flatten() {
            *classes.entry(visible(id, case)).or_insert(0) += 1;
        }
    }
    classes.into_values().min()
}

fn k_anonymous(cases: usize, seed: u64, k: usize) {
    use investigation_outcomes::deidentify::{KAnonymity, QuasiIdentifier, anonymise, measure};
    let declared = vec![
        QuasiIdentifier::Jurisdiction,
        QuasiIdentifier::Dates,
        QuasiIdentifier::AgeBand,
        QuasiIdentifier::OffenceKinds,
        QuasiIdentifier::Charges,
    ];
    let dataset = SyntheticConfig {
        seed,
        operations: 4,
        cases,
    }
    .dataset()
    .deidentify(&DeidentifyPolicy::new(KEY).unwrap());
    let before = smallest_class(&dataset);
    assert_eq!(before, measure(&dataset, &declared).min_k());
    let policy = KAnonymity {
        k,
        quasi_identifiers: declared.clone(),
        allow_more: true,
        ..KAnonymity::default()
    };
    let anonymised = anonymise(&dataset, &policy).unwrap();
    let kept: usize = anonymised
        .dataset
        .operations
        .iter()
        .map(|o| o.cases.len())
        .sum();
    assert_eq!(kept + anonymised.suppressed, cases);
    assert!(!validate(&anonymised.dataset).has_errors());
    if kept > 0 {
        let smallest = smallest_class(&anonymised.dataset).unwrap();
        assert!(
            smallest >= k,
            "{cases} cases, k = {k}: a class of {smallest}"
        );
    }
    // Without leave to withhold so many, the default policy refuses.
    let strict = KAnonymity {
        allow_more: false,
        ..policy
    };
    if anonymised.suppressed as f64 > 0.05 * cases as f64 {
        assert!(anonymise(&dataset, &strict).is_err());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 6, ..ProptestConfig::default() })]

    /// Every record the copy keeps is one of at least k alike, counted from the
    /// JSON by a key of the test's own, at 1,000 cases.
    #[test]
    fn anonymised_copies_are_k_anonymous(seed in 0u64..1_000, k in 2usize..8) {
        k_anonymous(1_000, seed, k);
    }
}

#[test]
fn twenty_thousand_cases_are_k_anonymous() {
    k_anonymous(20_000, 7, 5);
}
