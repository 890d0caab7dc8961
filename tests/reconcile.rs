//! Reconciliation on Operation H, where the sources are known to disagree, and on
//! small made-up operations, one per rule.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use investigation_outcomes::reconcile::{
    BreakdownStatus, CaseCheckStatus, CaseFigure, ConflictKind, Reconciliation, reconcile,
};
use investigation_outcomes::{Dataset, Metric};
use serde_json::json;

fn operation_h() -> Reconciliation {
    let dataset = Dataset::from_json_str(include_str!("../data/operation-h.json")).unwrap();
    reconcile(&dataset)
}

/// The conflict between two claims, in either order.
fn conflict(result: &Reconciliation, a: &str, b: &str) -> Option<ConflictKind> {
    result
        .conflicts()
        .find(|(_, c)| {
            let pair = (c.first.claim.as_str(), c.second.claim.as_str());
            pair == (a, b) || pair == (b, a)
        })
        .map(|(_, c)| c.kind)
}

#[test]
fn finds_the_conflicting_children_counts() {
    let result = operation_h();
    // DIA's 146 (September 2022) after AFP's 153 (March 2022): the count fell.
    assert_eq!(
        conflict(&result, "afp-children", "dia-children"),
        Some(ConflictKind::Decrease)
    );
    // RNZ's 146 and AFP's 153, the same day.
    assert_eq!(
        conflict(&result, "rnz-children", "afp-children"),
        Some(ConflictKind::Disagreement)
    );
    // Australian children: DIA 44 against AFP 51.
    assert_eq!(
        conflict(&result, "afp-children-au", "dia-children-au"),
        Some(ConflictKind::Decrease)
    );
    let (_, c) = result
        .conflicts()
        .find(|(_, c)| c.second.claim.as_str() == "dia-children-au")
        .unwrap();
    assert_eq!(
        c.first.publisher.as_deref(),
        Some("Australian Federal Police")
    );
    assert_eq!(
        c.second.publisher.as_deref(),
        Some("Department of Internal Affairs (NZ)")
    );
    assert_eq!(c.second.quote, "and 44 in Australia");
}

#[test]
fn finds_the_conflicting_country_and_arrest_counts() {
    let result = operation_h();
    assert_eq!(
        conflict(&result, "rnz-countries", "nyt-countries"),
        Some(ConflictKind::Disagreement)
    );
    assert_eq!(
        conflict(&result, "rnz-arrests-nz", "nyt-arrests-nz"),
        Some(ConflictKind::Disagreement)
    );
}

#[test]
fn an_interim_count_followed_by_a_higher_one_is_no_conflict() {
    let result = operation_h();
    assert_eq!(conflict(&result, "afp2020-men-au", "afp-charged-au"), None);
    assert_eq!(
        conflict(&result, "afp2020-children-au", "afp-children-au"),
        None
    );
    // "over 450" UK arrests in 2024 after "450" in 2022.
    assert_eq!(
        conflict(&result, "nca-arrests-gb", "scoop-arrests-gb"),
        None
    );
    let uk_arrests = result
        .groups()
        .iter()
        .find(|g| {
            g.claims
                .iter()
                .any(|c| c.claim.as_str() == "scoop-arrests-gb")
        })
        .unwrap();
    assert_eq!(uk_arrests.agreed.unwrap().low(), 451);
}

#[test]
fn the_interim_state_breakdown_leaves_three_men_eight_charges_and_one_child() {
    let result = operation_h();
    for (total, residual) in [
        ("afp2020-men-au", 3),
        ("afp2020-charges-au", 8),
        ("afp2020-children-au", 1),
    ] {
        let breakdown = result
            .breakdowns()
            .iter()
            .find(|b| b.total.claim.as_str() == total)
            .unwrap();
        assert_eq!(breakdown.parts.len(), 5, "{total}");
        assert_eq!(breakdown.status, BreakdownStatus::Residual, "{total}");
        let r = breakdown.residual.unwrap();
        assert_eq!((r.low(), r.high()), (residual, Some(residual)), "{total}");
    }
}

#[test]
fn the_2022_state_breakdowns_sum_exactly() {
    let result = operation_h();
    for (total, sum, parts) in [
        ("afp-charged-au", 121, 8),
        ("afp-children-au", 51, 6),
        ("afp-children", 153, 6),
    ] {
        let breakdown = result
            .breakdowns()
            .iter()
            .find(|b| b.total.claim.as_str() == total)
            .unwrap();
        assert_eq!(breakdown.parts.len(), parts, "{total}");
        let s = breakdown.parts_sum.unwrap();
        assert_eq!((s.low(), s.high()), (sum, Some(sum)), "{total}");
        assert_eq!(breakdown.status, BreakdownStatus::Complete, "{total}");
    }
}

#[test]
fn case_records_fall_below_the_reported_figures() {
    let result = operation_h();
    let check = |claim: &str| {
        result
            .case_checks()
            .iter()
            .find(|c| c.claim.claim.as_str() == claim)
            .unwrap_or_else(|| panic!("{claim}"))
    };
    // New Zealand's figures are not checked: the dataset holds no NZ case records.
    let nz = result
        .no_records()
        .iter()
        .find(|n| n.area.is_some_and(|a| a.to_string() == "NZ"))
        .unwrap();
    assert!(nz.claims.iter().any(|c| c.as_str() == "rnz-arrests-nz"));
    assert!(
        result
            .case_checks()
            .iter()
            .all(|c| c.claim.claim.as_str() != "rnz-arrests-nz")
    );
    let au_charged = check("afp-charged-au");
    assert_eq!(
        (au_charged.from_cases, au_charged.status),
        (CaseFigure::Value(2), CaseCheckStatus::Below)
    );
    // Agency-scoped figures are not compared with case records, which have no agency.
    assert!(
        result
            .case_checks()
            .iter()
            .all(|c| c.claim.claim.as_str() != "nca-charged")
    );
}

fn one_operation(claims: serde_json::Value, cases: serde_json::Value) -> Reconciliation {
    let document = json!({"schema_version": 1, "operations": [{
        "id": "op", "name": "Op", "participants": ["NZ"],
        "sources": [
            {"id": "a", "publisher": "A", "title": "A", "published": "2020-01-01"},
            {"id": "b", "publisher": "B", "title": "B", "published": "2021-01-01"}
        ],
        "claims": claims, "cases": cases
    }]});
    reconcile(&Dataset::from_json_str(&document.to_string()).unwrap())
}

fn claim(id: &str, metric: &str, quantity: serde_json::Value, source: &str) -> serde_json::Value {
    json!({"id": id, "metric": metric, "quantity": quantity, "citation": {"source": source, "quote": "q"}})
}

#[test]
fn figures_that_may_fall_are_not_decreases() {
    let result = one_operation(
        json!([
            claim("x", "investigations_in_progress", json!(12), "a"),
            claim("y", "investigations_in_progress", json!(3), "b"),
            claim("p", "arrests", json!(12), "a"),
            claim("q", "arrests", json!(3), "b"),
        ]),
        json!([]),
    );
    assert_eq!(conflict(&result, "x", "y"), None);
    assert_eq!(conflict(&result, "p", "q"), Some(ConflictKind::Decrease));
}

#[test]
fn qualified_figures_agree_where_their_intervals_overlap() {
    let mut about = claim("x", "arrests", json!("about 90000"), "a");
    about["as_of"] = json!("2020");
    let mut over = claim("y", "arrests", json!("more than 90000"), "b");
    over["as_of"] = json!("2020-06");
    let result = one_operation(json!([about, over]), json!([]));
    assert!(result.conflicts().next().is_none());
    let agreed = result.groups()[0].agreed.unwrap();
    assert_eq!((agreed.low(), agreed.high()), (90_001, Some(95_000)));
}

#[test]
fn parts_above_their_total_are_a_contradiction() {
    let mut part = claim("part", "arrests", json!("more than 10"), "a");
    part["part_of"] = json!("total");
    part["scope"] = json!({"area": "NZ"});
    let result = one_operation(
        json!([claim("total", "arrests", json!(10), "a"), part]),
        json!([]),
    );
    let breakdown = &result.breakdowns()[0];
    assert_eq!(breakdown.status, BreakdownStatus::Contradiction);
    assert_eq!(breakdown.residual, None);
}

#[test]
fn case_records_can_be_consistent_or_contradict() {
    let case = |id: &str| json!({"id": id, "jurisdiction": "NZ-AUK", "defendant": {"id": id}, "events": {"arrested": "2019-05"}});
    let mut nz = claim("nz", "arrests", json!(2), "a");
    nz["scope"] = json!({"area": "NZ"});
    let mut few = claim("few", "arrests", json!("fewer than 2"), "a");
    few["scope"] = json!({"area": "NZ"});
    let result = one_operation(json!([nz, few]), json!([case("c1"), case("c2")]));
    let statuses: Vec<_> = result
        .case_checks()
        .iter()
        .map(|c| (c.claim.claim.as_str(), c.status))
        .collect();
    assert_eq!(
        statuses,
        [
            ("nz", CaseCheckStatus::Consistent),
            ("few", CaseCheckStatus::Contradicting)
        ]
    );
}

#[test]
fn statuses_display_as_they_serialise() {
    use investigation_outcomes::reconcile::{BreakdownStatus, CaseCheckStatus};
    let json = |v: serde_json::Value| v.as_str().unwrap().to_owned();
    for kind in [ConflictKind::Disagreement, ConflictKind::Decrease] {
        assert_eq!(kind.to_string(), json(serde_json::to_value(kind).unwrap()));
    }
    for status in [
        BreakdownStatus::Complete,
        BreakdownStatus::Residual,
        BreakdownStatus::Contradiction,
    ] {
        assert_eq!(
            status.to_string(),
            json(serde_json::to_value(status).unwrap())
        );
    }
    for status in [
        CaseCheckStatus::Consistent,
        CaseCheckStatus::Below,
        CaseCheckStatus::Contradicting,
    ] {
        assert_eq!(
            status.to_string(),
            json(serde_json::to_value(status).unwrap())
        );
    }
}

#[test]
fn indefinite_detention_after_a_fixed_term_is_at_least_the_fixed_term() {
    // Sicherungsverwahrung ordered after 12 years: "longest sentence: 144 months" is
    // the fixed part, not contradicted by the detention that follows it.
    let sentenced = |id: &str, components: serde_json::Value| {
        json!({"id": id, "jurisdiction": "NZ", "defendant": {"id": id},
               "events": {"sentenced": "2020-06"},
               "charges": [{"id": "c1", "offence": {"kind": "possession", "iccs": "030221"}, "counts": 1, "disposition": {"outcome": "convicted"}}],
               "sentence": {"components": components, "status": "final"}})
    };
    let fixed_then_detention = json!([
        {"penalty": {"kind": "imprisonment", "term": "12y"}, "charges": ["c1"]},
        {"penalty": {"kind": "indefinite_detention"}, "charges": ["c1"], "runs": "cumulative"}
    ]);
    let life = json!([{"penalty": {"kind": "life_imprisonment"}, "charges": ["c1"]}]);
    let check = |claimed: serde_json::Value, cases: serde_json::Value| {
        let result = one_operation(
            json!([claim("longest", "longest_sentence", claimed, "b")]),
            cases,
        );
        let check = &result.case_checks()[0];
        (check.from_cases, check.status)
    };
    let indefinite = CaseFigure::Indefinite {
        at_least_months: 144,
    };
    assert_eq!(
        check(
            json!(144),
            json!([sentenced("g", fixed_then_detention.clone())])
        ),
        (indefinite, CaseCheckStatus::Consistent)
    );
    assert_eq!(
        check(
            json!(120),
            json!([sentenced("g", fixed_then_detention.clone())])
        ),
        (indefinite, CaseCheckStatus::Contradicting)
    );
    // Life is longer than any term.
    assert_eq!(
        check(
            json!(144),
            json!([sentenced("l", life), sentenced("g", fixed_then_detention)])
        ),
        (
            CaseFigure::LongerThanAnyTerm,
            CaseCheckStatus::Contradicting
        )
    );
    // In JSON the figure says what it is: no sentinel number.
    let json = serde_json::to_value(indefinite).unwrap();
    assert_eq!(json, json!({"indefinite": {"at_least_months": 144}}));
    assert_eq!(
        serde_json::to_value(CaseFigure::LongerThanAnyTerm).unwrap(),
        json!("longer_than_any_term")
    );
    assert_eq!(
        serde_json::to_value(CaseFigure::Value(3)).unwrap(),
        json!({"value": 3})
    );
}

#[test]
fn undated_events_count_as_having_happened() {
    // "2 arrested", with case records that say the arrests happened but not when.
    let case = |id: &str| {
        json!({"id": id, "jurisdiction": "NZ", "defendant": {"id": id},
               "events": {"arrested": "undated", "verdict": "2021-03-04"}})
    };
    let mut arrests = claim("arrests", "arrests", json!(2), "b");
    arrests["as_of"] = json!("2021-01");
    let result = one_operation(json!([arrests]), json!([case("c1"), case("c2")]));
    let check = &result.case_checks()[0];
    assert_eq!(
        (check.from_cases, check.status),
        (CaseFigure::Value(2), CaseCheckStatus::Consistent)
    );

    // The funnel counts them; time to outcome, which needs both dates, does not.
    use investigation_outcomes::aggregate::{GroupBy, HeaviestSentence, Summary};
    let document = json!({"schema_version": 1, "operations": [{
        "id": "op", "name": "Op", "participants": ["NZ"], "cases": [case("c1"), case("c2")]
    }]});
    let dataset = Dataset::from_json_str(&document.to_string()).unwrap();
    let summary = Summary::of(&dataset, GroupBy::default(), &HeaviestSentence::default());
    assert_eq!(summary.funnel().total().arrested, 2);
    let time = summary.time_to_outcome();
    assert!(time.arrest_to_verdict.is_empty());
    assert_eq!(time.not_to_the_day, 2);
    // And it round-trips as written.
    assert_eq!(
        Dataset::from_json_str(&dataset.to_json_string()).unwrap(),
        dataset
    );
    assert!(
        dataset
            .to_json_string()
            .contains("\"arrested\": \"undated\"")
    );
}

#[test]
fn reported_countries_are_set_beside_the_participants_listed() {
    let document = |participants: serde_json::Value, claimed: u64| {
        json!({"schema_version": 1, "operations": [{
            "id": "op", "name": "Op", "participants": participants,
            "sources": [{"id": "a", "publisher": "A", "title": "A", "published": "2020-01-01"}],
            "claims": [claim("countries", "countries_involved", json!(claimed), "a")]
        }]})
    };
    let countries = |n: usize| {
        // Subdivisions count as their country: AU-QLD beside AU is still one.
        let mut list: Vec<&str> = [
            "NZ", "AU", "GB", "US", "CA", "DE", "FR", "IT", "ES", "NL", "BE", "SE", "NO", "DK",
            "FI", "IE", "PT", "AT", "CH", "PL",
        ]
        .into_iter()
        .take(n)
        .collect();
        list.push("AU-QLD");
        json!(list)
    };
    let check = |participants: serde_json::Value, claimed: u64| {
        let dataset = Dataset::from_json_str(&document(participants, claimed).to_string()).unwrap();
        let result = reconcile(&dataset);
        let check = &result.participant_checks()[0];
        (check.listed, check.status)
    };
    assert_eq!(check(countries(18), 19), (18, CaseCheckStatus::Below));
    assert_eq!(
        check(countries(19), 12),
        (19, CaseCheckStatus::Contradicting)
    );
    assert_eq!(check(countries(19), 19), (19, CaseCheckStatus::Consistent));
}

#[test]
fn the_case_records_say_what_they_can_for_each_place() {
    let result = operation_h();
    let figure = |jurisdiction: Option<&str>, metric: Metric| {
        result
            .record_figures()
            .iter()
            .find(|r| {
                r.jurisdiction.map(|j| j.to_string()).as_deref() == jurisdiction
                    && r.metric == metric
            })
            .map(|r| r.figure)
    };
    assert_eq!(
        figure(None, Metric::PersonsConvicted),
        Some(CaseFigure::Value(2))
    );
    assert_eq!(
        figure(Some("AU"), Metric::PersonsConvicted),
        Some(CaseFigure::Value(2))
    );
    assert_eq!(
        figure(Some("AU-VIC"), Metric::LongestSentence),
        Some(CaseFigure::Value(36))
    );
    assert_eq!(
        figure(Some("AU-TAS"), Metric::LongestSentence),
        Some(CaseFigure::Value(12))
    );
    assert_eq!(
        figure(Some("AU"), Metric::LongestSentence),
        Some(CaseFigure::Value(36))
    );
    // Nothing is said of places without cases.
    assert_eq!(figure(Some("NZ"), Metric::Arrests), None);
    // Operation H lists five participants; the sources report 13 and 12 countries.
    let statuses: Vec<_> = result
        .participant_checks()
        .iter()
        .map(|p| (p.claim.as_str(), p.listed, p.status))
        .collect();
    assert_eq!(
        statuses,
        [
            ("rnz-countries", 5, CaseCheckStatus::Below),
            ("nyt-countries", 5, CaseCheckStatus::Below)
        ]
    );
}

#[test]
fn quarters_reconcile_against_their_year() {
    let with_period = |mut claim: serde_json::Value, period: &str, part_of: Option<&str>| {
        claim["scope"] = json!({"period": period});
        if let Some(total) = part_of {
            claim["part_of"] = json!(total);
        }
        claim
    };
    let year = with_period(
        claim("year", "reports_received", json!(100), "b"),
        "2020",
        None,
    );
    let quarter = |q: u8, n: u64| {
        with_period(
            claim(&format!("q{q}"), "reports_received", json!(n), "b"),
            &format!("2020-Q{q}"),
            Some("year"),
        )
    };
    // Three quarters of four leave the rest unattributed.
    let result = one_operation(
        json!([year.clone(), quarter(1, 20), quarter(2, 30), quarter(3, 25)]),
        json!([]),
    );
    let breakdown = &result.breakdowns()[0];
    assert_eq!(breakdown.status, BreakdownStatus::Residual);
    assert_eq!(
        breakdown.residual,
        Some(investigation_outcomes::Interval::exact(25))
    );
    // Four that add up to more than the year contradict it.
    let result = one_operation(
        json!([
            year,
            quarter(1, 20),
            quarter(2, 30),
            quarter(3, 25),
            quarter(4, 40)
        ]),
        json!([]),
    );
    assert_eq!(
        result.breakdowns()[0].status,
        BreakdownStatus::Contradiction
    );
    // The year and its quarters are different scopes: never a conflict.
    assert!(result.conflicts().next().is_none());
}
