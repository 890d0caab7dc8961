//! Reconciliation never states a falsehood: one regression test per false or hidden
//! finding met on real reporting, each reproduced here with invented data.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use investigation_outcomes::reconcile::{
    CaseCheckStatus, CaseFigure, ConflictKind, Reconciliation, reconcile,
};
use investigation_outcomes::{CountingUnit, Dataset, Interval, Metric};
use serde_json::{Value, json};

/// Two publishers, A (twice: 2020 and 2021) and B.
fn sources() -> Value {
    json!([
        {"id": "a", "publisher": "A", "title": "A's yearly report", "published": "2020-03-01"},
        {"id": "a2", "publisher": "A", "title": "A's next yearly report", "published": "2021-03-01"},
        {"id": "b", "publisher": "B", "title": "B's article", "published": "2020-06-01"}
    ])
}

fn operation(claims: Value, cases: Value) -> Reconciliation {
    let document = json!({"schema_version": 1, "operations": [{
        "id": "op", "name": "Op", "participants": ["NZ", "AU"],
        "sources": sources(), "claims": claims, "cases": cases
    }]});
    reconcile(&Dataset::from_json_str(&document.to_string()).unwrap())
}

fn claim(id: &str, metric: &str, quantity: Value, source: &str) -> Value {
    json!({"id": id, "metric": metric, "quantity": quantity,
           "citation": {"source": source, "quote": format!("quote of {id}")}})
}

fn with_scope(mut claim: Value, scope: Value) -> Value {
    claim["scope"] = scope;
    claim
}

/// The kind of the conflict listed between two claims, in either order.
fn conflict(result: &Reconciliation, a: &str, b: &str) -> Option<ConflictKind> {
    result
        .conflicts()
        .find(|(_, c)| {
            let pair = (c.first.claim.as_str(), c.second.claim.as_str());
            pair == (a, b) || pair == (b, a)
        })
        .map(|(_, c)| c.kind)
}

fn check<'a>(
    result: &'a Reconciliation,
    claim: &str,
) -> &'a investigation_outcomes::reconcile::CaseCheck {
    result
        .case_checks()
        .iter()
        .find(|c| c.claim.claim.as_str() == claim)
        .unwrap_or_else(|| panic!("no case check of {claim}"))
}

fn record_figure(result: &Reconciliation, place: Option<&str>, metric: Metric) -> CaseFigure {
    result
        .record_figures()
        .iter()
        .find(|r| r.jurisdiction.map(|j| j.to_string()).as_deref() == place && r.metric == metric)
        .unwrap_or_else(|| panic!("no record figure for {place:?} {metric}"))
        .figure
}

/// A case of a defendant, convicted, in a jurisdiction, arrested on a date.
fn case(id: &str, defendant: &str, jurisdiction: &str, arrested: &str) -> Value {
    json!({"id": id, "jurisdiction": jurisdiction, "defendant": {"id": defendant},
           "events": {"arrested": arrested, "charged": arrested, "verdict": "2022-01-10"},
           "charges": [{"id": "c1", "offence": {"kind": "possession", "iccs": "030221"},
                        "counts": 1, "disposition": {"outcome": "convicted", "date": "2022-01-10"}}]})
}

// 1. People are counted once, however many cases they have.

#[test]
fn a_defendant_prosecuted_twice_is_one_person() {
    // Three defendants; d1 has two cases, both in Australia.
    let cases = json!([
        case("k1", "d1", "AU", "2021-02-01"),
        case("k2", "d1", "AU-VIC", "2021-05-01"),
        case("k3", "d2", "NZ", "2021-02-01"),
        case("k4", "d3", "NZ", "2021-02-01"),
    ]);
    let claims = json!([
        claim("suspects", "suspects", json!(3), "b"),
        claim("charged", "persons_charged", json!(3), "b"),
        claim("convicted", "persons_convicted", json!(3), "b"),
        claim("arrested", "arrests", json!(3), "b"),
        with_scope(
            claim("au-convicted", "persons_convicted", json!(1), "b"),
            json!({"area": "AU"})
        ),
    ]);
    let result = operation(claims, cases);
    for (metric, whole) in [
        (Metric::Suspects, 3),
        (Metric::PersonsCharged, 3),
        (Metric::PersonsConvicted, 3),
        (Metric::Arrests, 3),
    ] {
        assert_eq!(
            record_figure(&result, None, metric),
            CaseFigure::Value(whole),
            "{metric}"
        );
        assert_eq!(
            record_figure(&result, Some("AU"), metric),
            CaseFigure::Value(1),
            "{metric} in AU"
        );
    }
    // Charges are not people: both cases' charges count.
    assert_eq!(
        record_figure(&result, Some("AU"), Metric::ChargesLaid),
        CaseFigure::Value(2)
    );
    for claim in [
        "suspects",
        "charged",
        "convicted",
        "arrested",
        "au-convicted",
    ] {
        assert_eq!(
            check(&result, claim).status,
            CaseCheckStatus::Consistent,
            "{claim}"
        );
    }
}

// 2. Periods are compared by the days they cover.

#[test]
fn equivalent_periods_are_one_figure_group() {
    for (one, other) in [
        ("FY2019-07", "2019-07-01/2020-06-30"),
        ("FY2019-07", "2019-07/2020-06"),
        ("2019", "2019-01-01/2019-12-31"),
        ("2019", "FY2019-01"),
        ("2019-Q3", "2019-07-01/2019-09-30"),
    ] {
        let result = operation(
            json!([
                with_scope(
                    claim("x", "reports_received", json!(10), "a"),
                    json!({"period": one})
                ),
                with_scope(
                    claim("y", "reports_received", json!(12), "b"),
                    json!({"period": other})
                ),
            ]),
            json!([]),
        );
        assert_eq!(result.groups().len(), 1, "{one} and {other}");
        assert_eq!(
            conflict(&result, "x", "y"),
            Some(ConflictKind::Disagreement),
            "{one} and {other}"
        );
        // Each claim keeps its period as written.
        let group = &result.groups()[0];
        let written: Vec<String> = group
            .claims
            .iter()
            .map(|c| c.period.unwrap().to_string())
            .collect();
        assert!(written.contains(&one.to_owned()) && written.contains(&other.to_owned()));
    }
    // Different days never merge.
    let result = operation(
        json!([
            with_scope(
                claim("x", "reports_received", json!(10), "a"),
                json!({"period": "FY2019-07"})
            ),
            with_scope(
                claim("y", "reports_received", json!(12), "b"),
                json!({"period": "2019"})
            ),
        ]),
        json!([]),
    );
    assert_eq!(result.groups().len(), 2);
}

// 3. A publisher restating its own figure revises it.

#[test]
fn a_publisher_restating_its_figure_is_a_revision() {
    let period = json!({"period": "2019"});
    let result = operation(
        json!([
            with_scope(
                claim("first", "reports_received", json!(10), "a"),
                period.clone()
            ),
            with_scope(
                claim("restated", "reports_received", json!(12), "a2"),
                period.clone()
            ),
        ]),
        json!([]),
    );
    assert_eq!(
        conflict(&result, "first", "restated"),
        Some(ConflictKind::Revision)
    );
    let (_, revision) = result.conflicts().next().unwrap();
    assert_eq!(revision.first.claim.as_str(), "first", "the earlier first");
    // The agreed figure is the latest revision.
    assert_eq!(result.groups()[0].agreed, Some(Interval::exact(12)));
    assert_eq!(ConflictKind::Revision.to_string(), "revision");
    assert_eq!(
        serde_json::to_value(ConflictKind::Revision).unwrap(),
        json!("revision")
    );

    // Another publisher still disagrees with the revised figure; the figure A
    // withdrew takes part in no disagreement.
    let result = operation(
        json!([
            with_scope(
                claim("first", "reports_received", json!(10), "a"),
                period.clone()
            ),
            with_scope(
                claim("other", "reports_received", json!(11), "b"),
                period.clone()
            ),
            with_scope(
                claim("restated", "reports_received", json!(12), "a2"),
                period
            ),
        ]),
        json!([]),
    );
    assert_eq!(
        conflict(&result, "first", "restated"),
        Some(ConflictKind::Revision)
    );
    assert_eq!(conflict(&result, "first", "other"), None);
    assert_eq!(
        conflict(&result, "other", "restated"),
        Some(ConflictKind::Disagreement)
    );
    assert_eq!(result.groups()[0].agreed, None);
}

// 4. Every contradiction inside one publication is listed.

#[test]
fn a_publication_that_contradicts_itself_is_listed_pair_by_pair() {
    // B prints 146, 153 and 150 for the same thing on one page; A's 146 and 153
    // conflict with it too, which once hid B's own contradictions.
    let result = operation(
        json!([
            claim("a-146", "children_safeguarded", json!(146), "a"),
            claim("a-153", "children_safeguarded", json!(153), "a"),
            claim("b-146", "children_safeguarded", json!(146), "b"),
            claim("b-153", "children_safeguarded", json!(153), "b"),
            claim("b-150", "children_safeguarded", json!(150), "b"),
        ]),
        json!([]),
    );
    let group = &result.groups()[0];
    let mut pairs: Vec<(String, String)> = group
        .self_contradictions
        .iter()
        .flat_map(|s| group.contradicting_pairs(s))
        .map(|(x, y)| {
            let mut pair = [
                group.claims[x].claim.to_string(),
                group.claims[y].claim.to_string(),
            ];
            pair.sort();
            (pair[0].clone(), pair[1].clone())
        })
        .collect();
    pairs.sort();
    let expected: Vec<(String, String)> = [
        ("a-146", "a-153"),
        ("b-146", "b-150"),
        ("b-146", "b-153"),
        ("b-150", "b-153"),
    ]
    .iter()
    .map(|(x, y)| ((*x).to_owned(), (*y).to_owned()))
    .collect();
    assert_eq!(pairs, expected);
    let sources: Vec<&str> = group
        .self_contradictions
        .iter()
        .map(|s| s.source.as_str())
        .collect();
    assert_eq!(sources, ["a", "b"]);
}

#[test]
fn figures_of_one_publication_for_different_dates_do_not_contradict() {
    // "12 by 2019, 20 by 2020" in one report: a count that grew.
    let mut earlier = claim("by-2019", "arrests", json!(12), "a2");
    earlier["as_of"] = json!("2019");
    let mut later = claim("by-2020", "arrests", json!(20), "a2");
    later["as_of"] = json!("2020");
    let result = operation(json!([earlier, later]), json!([]));
    assert!(result.groups()[0].self_contradictions.is_empty());
    assert!(result.conflicts().next().is_none());
}

// 5. No case check where no record covers the claim.

#[test]
fn claims_without_case_records_in_their_scope_are_said_once_not_checked() {
    let claims = json!([
        claim("arrests", "arrests", json!(54), "b"),
        claim("charged", "persons_charged", json!(50), "b"),
        with_scope(claim("nz", "arrests", json!(5), "b"), json!({"area": "NZ"})),
    ]);
    let result = operation(claims.clone(), json!([]));
    assert!(
        result.case_checks().is_empty(),
        "{:?}",
        result.case_checks()
    );
    assert_eq!(result.no_records().len(), 1);
    let none = &result.no_records()[0];
    assert_eq!(none.operation.as_str(), "op");
    let ids: Vec<&str> = none.claims.iter().map(|c| c.as_str()).collect();
    assert_eq!(ids, ["arrests", "charged", "nz"]);

    // With records in Australia only, the New Zealand figure is not checked either.
    let result = operation(claims, json!([case("k1", "d1", "AU", "2021-02-01")]));
    let checked: Vec<&str> = result
        .case_checks()
        .iter()
        .map(|c| c.claim.claim.as_str())
        .collect();
    assert_eq!(checked, ["arrests", "charged"]);
    assert_eq!(result.no_records().len(), 1);
    assert_eq!(result.no_records()[0].area.unwrap().to_string(), "NZ");
}

// 6. A claim for a period is checked against the records of that period.

#[test]
fn case_checks_count_the_records_of_the_claims_period() {
    let cases = json!([
        case("k1", "d1", "NZ", "2020-05-01"), // before the period
        case("k2", "d2", "NZ", "2021-03-02"), // in it
        case("k3", "d3", "NZ", "2021"),       // in it, to the year
        case("k4", "d4", "NZ", "2021-12"),    // in both periods
        case("k5", "d5", "NZ", "2022"),       // may or may not be in FY2021-07
        case("k6", "d6", "NZ", "undated"),    // may be in any period
        case("k7", "d7", "NZ", "2023-01-01"), // after
    ]);
    let arrests = |id: &str, period: &str, quantity: u64| {
        with_scope(
            claim(id, "arrests", json!(quantity), "a2"),
            json!({"period": period}),
        )
    };
    let result = operation(
        json!([
            arrests("cal-2021", "2021", 3),
            arrests("fy-2021", "FY2021-07", 9),
        ]),
        cases,
    );
    // 2021: k2, k3, k4 certainly; k6 perhaps.
    assert_eq!(
        check(&result, "cal-2021").from_cases,
        CaseFigure::Between {
            at_least: 3,
            at_most: Some(4)
        }
    );
    assert_eq!(
        check(&result, "cal-2021").status,
        CaseCheckStatus::Consistent
    );
    // July 2021 to June 2022: k4 certainly; k3, k5 and k6 perhaps.
    let fy = check(&result, "fy-2021");
    assert_eq!(
        fy.from_cases,
        CaseFigure::Between {
            at_least: 1,
            at_most: Some(4)
        }
    );
    assert_eq!(fy.from_cases.interval(), Interval::new(1, Some(4)).unwrap());
    assert_eq!(fy.status, CaseCheckStatus::Below);
}

// 7. Charges and offences (counts of charges) are different units.

#[test]
fn offences_are_counts_of_charges() {
    let case = json!({"id": "k1", "jurisdiction": "NZ", "defendant": {"id": "d1"},
        "events": {"charged": "2021-02-01"},
        "charges": [{"id": "c1", "offence": {"kind": "possession", "iccs": "030221"},
                     "counts": 24, "disposition": {"outcome": "pending"}}]});
    let result = operation(
        json!([
            claim("offences", "offences_charged", json!(24), "b"),
            claim("charges", "charges_laid", json!(24), "b"),
        ]),
        json!([case]),
    );
    assert_eq!(Metric::OffencesCharged.unit(), CountingUnit::Count);
    assert_eq!(Metric::ChargesLaid.unit(), CountingUnit::Charge);
    assert_eq!(
        check(&result, "offences").status,
        CaseCheckStatus::Consistent
    );
    assert_eq!(check(&result, "offences").from_cases, CaseFigure::Value(24));
    // One charge record of 24 counts is one charge.
    assert_eq!(check(&result, "charges").from_cases, CaseFigure::Value(1));
    assert_eq!(check(&result, "charges").status, CaseCheckStatus::Below);
    // The records' figures say which unit they count.
    let units: Vec<(Metric, CountingUnit)> = result
        .record_figures()
        .iter()
        .filter(|r| r.jurisdiction.is_none())
        .map(|r| (r.metric, r.unit))
        .collect();
    assert!(units.contains(&(Metric::ChargesLaid, CountingUnit::Charge)));
    assert!(units.contains(&(Metric::OffencesCharged, CountingUnit::Count)));
    assert!(units.contains(&(Metric::Arrests, CountingUnit::Person)));
}

// Smaller gaps met while encoding real reporting.

#[test]
fn a_source_known_by_its_address_is_attributed_to_its_host() {
    let document = json!({"schema_version": 1, "operations": [{
        "id": "op", "name": "Op", "participants": ["NZ"],
        "agencies": [{"id": "unit", "name": "A unit the sources do not describe"}],
        "sources": [
            {"id": "page", "url": "https://www.example.org/figures?year=2021", "published": "2021"},
            {"id": "page-2022", "url": "https://www.example.org/figures", "published": "2022"},
            {"id": "nothing", "title": "A title alone", "published": "2021"}
        ],
        "claims": [
            {"id": "x", "metric": "other:urls_actioned/url", "quantity": 10,
             "scope": {"period": "2020"}, "citation": {"source": "page", "quote": "10"}},
            {"id": "y", "metric": "other:urls_actioned/url", "quantity": 12,
             "scope": {"period": "2020"}, "citation": {"source": "page-2022", "quote": "12"}}
        ]
    }]});
    let dataset = Dataset::from_json_str(&document.to_string()).unwrap();
    // Nothing invented: what is missing stays missing, and round-trips so.
    assert_eq!(
        Dataset::from_json_str(&dataset.to_json_string()).unwrap(),
        dataset
    );
    let operation = &dataset.operations[0];
    assert_eq!(operation.agencies[0].kind, None);
    assert_eq!(operation.sources[0].publisher, None);
    assert_eq!(
        operation.sources[0].attribution().as_deref(),
        Some("www.example.org")
    );
    let report = investigation_outcomes::validate(&dataset);
    let findings: Vec<(&str, &str, String)> = report
        .findings()
        .iter()
        .map(|f| (f.code.as_str(), f.location.as_str(), f.severity.to_string()))
        .collect();
    assert_eq!(
        findings,
        [
            (
                "source_incomplete",
                "operations[0].sources[0]",
                "warning".to_owned()
            ),
            (
                "source_incomplete",
                "operations[0].sources[1]",
                "warning".to_owned()
            ),
            (
                "source_unattributed",
                "operations[0].sources[2]",
                "error".to_owned()
            ),
        ]
    );
    // The host stands for the publisher: the 2022 page revises the 2021 one.
    let result = reconcile(&dataset);
    assert_eq!(conflict(&result, "x", "y"), Some(ConflictKind::Revision));
    assert_eq!(
        result.groups()[0].claims[0].publisher.as_deref(),
        Some("www.example.org")
    );
}

#[test]
fn online_harm_units_are_in_the_list() {
    for unit in ["url", "web_page", "image", "video", "file", "report"] {
        let parsed: CountingUnit = unit.parse().unwrap();
        assert_eq!(parsed.to_string(), unit);
        let metric: Metric = format!("other:items_removed/{unit}").parse().unwrap();
        assert_eq!(metric.unit(), parsed);
        assert!(metric.is_additive());
    }
}
