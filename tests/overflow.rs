//! Arithmetic at the integer limits: sums are checked, and overflow is an error,
//! never a wrap and never a panic.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use investigation_outcomes::Dataset;
use investigation_outcomes::aggregate::{
    ByOutcome, Counts, Distribution, Funnel, GroupBy, HeaviestSentence, Summary,
};
use investigation_outcomes::disclosure::{CountTable, Protection, Rounding, protect};
use proptest::prelude::*;

const MAX: u64 = u64::MAX;

fn operation_h_summary() -> Summary {
    let dataset = Dataset::from_path(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/operation-h.json"
    ))
    .unwrap();
    Summary::of(
        &dataset,
        GroupBy::country_and_offence(),
        &HeaviestSentence::default(),
    )
}

#[test]
fn a_distribution_merged_past_the_limit_is_an_error_and_unchanged() {
    let d: Distribution = serde_json::from_str(r#"{"2":18446744073709551614}"#).unwrap();
    let mut merged = d.clone();
    let err = merged.merge(&d).unwrap_err();
    assert!(err.to_string().contains("would exceed"), "{err}");
    assert_eq!(merged, d);
    assert_eq!(merged.count(), MAX - 1);
    assert_eq!(merged.median(), Some(2.0));
    assert!(merged.add_many(5, 2).is_err());
    assert!(merged.add(5).is_ok());
    assert!(merged.add(5).is_err());
}

#[test]
fn distributions_that_could_not_have_been_made_do_not_load() {
    let too_many = serde_json::from_str::<Distribution>(r#"{"1":18446744073709551615,"2":1}"#);
    assert!(too_many.unwrap_err().to_string().contains("would exceed"));
    let none = serde_json::from_str::<Distribution>(r#"{"1":0}"#);
    assert!(none.unwrap_err().to_string().contains("0 times"));
    let tally =
        serde_json::from_str::<ByOutcome>(r#"{"convicted":18446744073709551615,"pending":1}"#);
    assert!(tally.unwrap_err().to_string().contains("would exceed"));
}

#[test]
fn a_summary_merged_past_the_limit_is_an_error_and_unchanged() {
    let mut json = serde_json::to_value(operation_h_summary()).unwrap();
    json["cases"] = serde_json::json!(MAX);
    let summary: Summary = serde_json::from_value(json).unwrap();
    let mut merged = summary.clone();
    let err = merged.merge(&summary).unwrap_err();
    assert!(err.to_string().contains("the number of cases"), "{err}");
    assert_eq!(merged, summary);
    assert_eq!(merged.cases(), MAX);
}

/// Every sum of a merge is checked before any is made: a merge that would overflow
/// only in its last part, or in one group's statistics, leaves the counts and the
/// funnel before it unchanged too.
#[test]
fn a_summary_whose_last_parts_would_overflow_is_unchanged_by_the_merge() {
    let json = serde_json::to_value(operation_h_summary()).unwrap();
    assert!(
        json["by_group"].as_array().is_some_and(|g| !g.is_empty()),
        "{json}"
    );
    let mut late = json.clone();
    late["time_to_outcome"]["out_of_order"] = serde_json::json!(MAX);
    let mut in_a_group = json.clone();
    in_a_group["by_group"][0]["value"]["sentences"]["life"] = serde_json::json!(MAX);
    for (part, what) in [
        (late, "pairs of dates out of order"),
        (in_a_group, "life sentences"),
    ] {
        let summary: Summary = serde_json::from_value(part).unwrap();
        let mut merged = summary.clone();
        let err = merged.merge(&summary).unwrap_err();
        assert!(err.to_string().contains(what), "{err}");
        assert_eq!(merged, summary);
    }
}

#[test]
fn counts_and_funnels_whose_totals_overflow_do_not_load_or_merge() {
    let summary = operation_h_summary();
    // Two funnel rows whose sum overflows.
    let mut funnel = serde_json::to_value(summary.funnel()).unwrap();
    let row = funnel[0].clone();
    let mut second = row.clone();
    second["jurisdiction"] = serde_json::json!("NZ");
    for r in [&mut funnel[0], &mut second] {
        r["stages"]["identified"] = serde_json::json!(MAX / 2 + 1);
    }
    funnel.as_array_mut().unwrap().push(second);
    let err = serde_json::from_value::<Funnel>(funnel.clone()).unwrap_err();
    assert!(err.to_string().contains("would exceed"), "{err}");
    // One such row loads, but not merged with itself.
    funnel.as_array_mut().unwrap().pop();
    let one: Funnel = serde_json::from_value(funnel).unwrap();
    let mut merged = one.clone();
    assert!(merged.merge(&one).is_err());
    assert_eq!(merged, one);

    let mut counts = serde_json::to_value(summary.counts()).unwrap();
    counts["groups"][0]["value"]["cases"]["convicted"] = serde_json::json!(MAX);
    let big: Counts = serde_json::from_value(counts).unwrap();
    let mut merged = big.clone();
    assert!(merged.merge(&big).is_err());
    assert_eq!(merged, big);
}

#[test]
fn random_rounding_near_the_limit_is_a_multiple_or_an_error() {
    use investigation_outcomes::disclosure::random_round;
    // u64::MAX − 1 was rounded to u64::MAX, not a multiple of 100.
    for seed in 0..50 {
        match random_round(MAX - 1, 100, "cell", seed) {
            Ok(r) => assert_eq!(r % 100, 0, "{r}"),
            Err(e) => assert!(e.to_string().contains("overflow"), "{e}"),
        }
    }
}

#[test]
fn protection_at_the_limit_is_an_error_not_a_small_published_count() {
    // A row total of u64::MAX + 1 was published as 0.
    let t = CountTable::new(
        vec!["a".into(), "b".into()],
        vec!["x".into()],
        vec![vec![2], vec![MAX]],
    )
    .unwrap();
    assert!(
        protect(
            &t,
            &Protection {
                suppress_below: Some(5),
                ..Protection::default()
            }
        )
        .is_err()
    );
    // Graduated rounding of u64::MAX with threshold u64::MAX published 84.
    let t = CountTable::column("x", [("a".to_owned(), MAX)]);
    let p = Protection {
        suppress_below: Some(MAX),
        rounding: Rounding::Graduated,
        ..Protection::default()
    };
    match protect(&t, &p) {
        Ok(published) => {
            for cell in published.cells.iter().flatten() {
                if let investigation_outcomes::disclosure::Cell::Value(v) = cell {
                    assert!(*v >= MAX - 100, "{v}");
                }
            }
        }
        Err(e) => assert!(e.to_string().contains("overflow"), "{e}"),
    }
}

proptest! {
    /// Near the limit a merge is exact or an error that leaves the distribution as it was.
    #[test]
    fn distribution_merges_near_the_limit_are_exact_or_refused(a in (MAX - 1_000)..=MAX, b in 0u64..2_000, v in 0u64..10, w in 0u64..10) {
        let mut left = Distribution::default();
        left.add_many(v, a).unwrap();
        let mut right = Distribution::default();
        right.add_many(w, b).unwrap();
        let before = left.clone();
        match left.merge(&right) {
            Ok(()) => prop_assert_eq!(left.count(), a + b),
            Err(_) => {
                prop_assert!(a.checked_add(b).is_none());
                prop_assert_eq!(left, before);
            }
        }
    }

    /// Tallies likewise.
    #[test]
    fn tally_merges_near_the_limit_are_exact_or_refused(a in (MAX - 1_000)..=MAX, b in 0u64..2_000) {
        let mut left = ByOutcome::default();
        left.add(None, a).unwrap();
        let mut right = ByOutcome::default();
        right.add(None, b).unwrap();
        let before = left;
        match left.merge(&right) {
            Ok(()) => prop_assert_eq!(left.total(), a + b),
            Err(_) => {
                prop_assert!(a.checked_add(b).is_none());
                prop_assert_eq!(left, before);
            }
        }
    }
}

#[test]
fn terms_have_a_maximum_when_parsed_and_when_added() {
    use investigation_outcomes::{MAX_TERM_YEARS, Term};
    let err = "4294967295y".parse::<Term>().unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid term \"4294967295y\": longer than the longest term kept, 1000000 years"
    );
    let max: Term = format!("{MAX_TERM_YEARS}y").parse().unwrap();
    assert!("1000000y 1d".parse::<Term>().is_err());
    assert_eq!(max.checked_add("1d".parse().unwrap()), None);
    assert_eq!(max.checked_add(Term::ZERO), Some(max));
}

/// Two cumulative custodial parts that add up past the maximum: a finding of their
/// own, custody in the funnel, and longer than any term in reconciliation.
#[test]
fn cumulative_terms_past_the_maximum_are_reported_as_such() {
    use investigation_outcomes::validate;
    let mut json: serde_json::Value =
        serde_json::from_str(include_str!("../data/operation-h.json")).unwrap();
    let case = &mut json["operations"][0]["cases"][0];
    let first = case["sentence"]["components"][0].clone();
    let mut second = first.clone();
    for (component, runs) in [
        (&mut case["sentence"]["components"][0], None),
        (&mut second, Some("cumulative")),
    ] {
        component["penalty"]["term"] = serde_json::json!("600000y");
        if let Some(runs) = runs {
            component["runs"] = serde_json::json!(runs);
        }
    }
    case["sentence"]["components"]
        .as_array_mut()
        .unwrap()
        .push(second);
    let dataset = Dataset::from_json_str(&json.to_string()).unwrap();
    let report = validate(&dataset);
    let codes: Vec<(&str, &str)> = report
        .findings()
        .iter()
        .map(|f| (f.code.as_str(), f.location.as_str()))
        .collect();
    assert!(
        codes.contains(&(
            "term_too_long",
            "operations[0].cases[0].sentence.components[1]"
        )),
        "{codes:?}"
    );
    assert!(
        !codes
            .iter()
            .any(|(code, _)| *code == "concurrency_unstated"),
        "{codes:?}"
    );
    let summary = Summary::of(
        &dataset,
        GroupBy::country_and_offence(),
        &HeaviestSentence::default(),
    );
    assert_eq!(summary.sentences().too_long(), 1);
    assert_eq!(summary.sentences().concurrency_unstated(), 0);
    assert_eq!(summary.funnel().total().sentenced_to_custody, 2);
}
