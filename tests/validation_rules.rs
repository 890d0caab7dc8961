//! One failing example per validation rule: a clean dataset, changed in one place,
//! gives exactly the expected finding at the expected location.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use investigation_outcomes::Dataset;
use investigation_outcomes::validate::{FindingCode, Severity, validate};
use serde_json::{Value, json};

fn base() -> Value {
    let citation = json!({"source": "s1", "quote": "q"});
    let statute = |section: &str| json!({"jurisdiction": "NZ", "act": "Films, Videos, and Publications Classification Act 1993", "section": section});
    json!({"schema_version": 1, "operations": [{
        "id": "op", "name": "Test", "lead_agency": "dia", "participants": ["NZ", "AU"],
        "started": "2019-10", "ended": "2022",
        "agencies": [{"id": "dia", "name": "DIA", "kind": "ministry", "jurisdiction": "NZ"}],
        "sources": [{"id": "s1", "publisher": "P", "title": "T", "published": "2022-03-02"}],
        "claims": [
            {"id": "total", "metric": "arrests", "quantity": 100, "as_of": "2022-03", "citation": citation},
            {"id": "nz", "metric": "arrests", "scope": {"area": "NZ"}, "quantity": 46, "citation": citation, "part_of": "total"},
            {"id": "au", "metric": "arrests", "scope": {"area": "AU"}, "quantity": "about 50", "citation": citation, "part_of": "total"}
        ],
        "cases": [{
            "id": "c1", "jurisdiction": "NZ", "defendant": {"id": "d1", "age_band": "40-49"},
            "events": {"arrested": "2020-01", "charged": "2020-02-01", "pleaded": "2020-06", "verdict": "2021", "sentenced": "2021-06-01"},
            "charges": [
                {"id": "ch1", "offence": {"kind": "possession", "iccs": "030221", "statute": statute("131A")},
                 "counts": 3, "offence_date": "2019-11", "disposition": {"outcome": "convicted", "date": "2021-03"}},
                {"id": "ch2", "offence": {"kind": "distribution", "iccs": "030221", "statute": statute("124")},
                 "counts": 1, "offence_date": "2019-11", "disposition": {"outcome": "convicted", "date": "2021-03"}},
                {"id": "ch3", "offence": {"kind": "other", "iccs": "030221"}, "counts": 1, "disposition": {"outcome": "withdrawn"}}
            ],
            "sentence": {"components": [
                {"penalty": {"kind": "imprisonment", "term": "2y"}, "charges": ["ch1"]},
                {"penalty": {"kind": "imprisonment", "term": "3y"}, "charges": ["ch2"], "runs": "cumulative"},
                {"penalty": {"kind": "supervision", "term": "6m"}, "charges": ["ch1"]}
            ], "status": "final"}
        }]
    }]})
}

const OP: &str = "/operations/0";
const CASE: &str = "/operations/0/cases/0";
const SENTENCE: &str = "/operations/0/cases/0/sentence/components";

/// Sets the value at a JSON pointer, adding the last key when it is missing.
fn set(document: &mut Value, pointer: &str, value: Value) {
    if let Some(slot) = document.pointer_mut(pointer) {
        *slot = value;
        return;
    }
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    document
        .pointer_mut(parent)
        .unwrap()
        .as_object_mut()
        .unwrap()
        .insert(key.to_owned(), value);
}

fn findings_after(changes: &[(&str, Value)]) -> Vec<(Severity, FindingCode, String)> {
    let mut document = base();
    for (pointer, value) in changes {
        set(&mut document, pointer, value.clone());
    }
    let dataset = Dataset::from_json_str(&document.to_string()).unwrap();
    validate(&dataset)
        .findings()
        .iter()
        .map(|f| (f.severity, f.code, f.location.clone()))
        .collect()
}

fn assert_single(changes: &[(&str, Value)], code: FindingCode, location: &str) {
    let findings = findings_after(changes);
    let severity = if code == FindingCode::ClaimAfterSource {
        Severity::Warning
    } else {
        Severity::Error
    };
    assert_eq!(
        findings,
        [(severity, code, location.to_owned())],
        "after {changes:?}"
    );
}

#[test]
fn the_base_dataset_is_clean() {
    assert_eq!(findings_after(&[]), []);
}

#[test]
fn duplicate_ids() {
    assert_single(
        &[(&format!("{CASE}/charges/2/id"), json!("ch1"))],
        FindingCode::DuplicateId,
        "operations[0].cases[0].charges[2]",
    );
    let mut document = base();
    let copy = document["operations"][0].clone();
    document["operations"].as_array_mut().unwrap().push(copy);
    let report = validate(&Dataset::from_json_str(&document.to_string()).unwrap());
    let codes: Vec<_> = report
        .findings()
        .iter()
        .map(|f| (f.code, f.location.as_str()))
        .collect();
    assert_eq!(codes, [(FindingCode::DuplicateId, "operations[1]")]);
}

#[test]
fn unknown_references() {
    assert_single(
        &[(&format!("{OP}/claims/0/citation/source"), json!("nope"))],
        FindingCode::UnknownReference,
        "operations[0].claims[0].citation.source",
    );
    assert_single(
        &[(&format!("{OP}/lead_agency"), json!("fbi"))],
        FindingCode::UnknownReference,
        "operations[0].lead_agency",
    );
    assert_single(
        &[(&format!("{OP}/claims/1/part_of"), json!("missing"))],
        FindingCode::UnknownReference,
        "operations[0].claims[1].part_of",
    );
    assert_single(
        &[(&format!("{SENTENCE}/0/charges/0"), json!("ch9"))],
        FindingCode::UnknownReference,
        "operations[0].cases[0].sentence.components[0].charges[0]",
    );
}

#[test]
fn operation_ending_before_it_starts() {
    assert_single(
        &[(&format!("{OP}/ended"), json!("2018"))],
        FindingCode::OperationDates,
        "operations[0]",
    );
}

#[test]
fn events_out_of_order() {
    assert_single(
        &[(&format!("{CASE}/events/charged"), json!("2019-12"))],
        FindingCode::EventOrder,
        "operations[0].cases[0].events",
    );
    // Partial dates overlap rather than conflict: a charge "in 2020" may follow an
    // arrest in January 2020.
    assert_eq!(
        findings_after(&[(&format!("{CASE}/events/charged"), json!("2020"))]),
        []
    );
    assert_single(
        &[(&format!("{CASE}/charges/0/offence_date"), json!("2020-03"))],
        FindingCode::EventOrder,
        "operations[0].cases[0].charges[0].offence_date",
    );
    assert_single(
        &[(&format!("{CASE}/charges/0/disposition/date"), json!("2019"))],
        FindingCode::EventOrder,
        "operations[0].cases[0].charges[0].disposition.date",
    );
}

#[test]
fn arrest_before_the_operation_started() {
    assert_single(
        &[(&format!("{OP}/started"), json!("2020-02"))],
        FindingCode::BeforeOperation,
        "operations[0].cases[0].events.arrested",
    );
}

#[test]
fn case_outside_the_participants() {
    assert_single(
        &[(&format!("{CASE}/jurisdiction"), json!("GB"))],
        FindingCode::CaseNotParticipant,
        "operations[0].cases[0].jurisdiction",
    );
    // A subdivision counts as its country.
    assert_eq!(
        findings_after(&[(&format!("{CASE}/jurisdiction"), json!("AU-QLD"))]),
        []
    );
}

#[test]
fn claim_outside_the_participants() {
    assert_single(
        &[(&format!("{OP}/claims/1/scope/area"), json!("CA"))],
        FindingCode::ClaimNotParticipant,
        "operations[0].claims[1].scope.area",
    );
}

#[test]
fn figure_as_of_a_date_after_its_source() {
    assert_single(
        &[(&format!("{OP}/claims/0/as_of"), json!("2022-04"))],
        FindingCode::ClaimAfterSource,
        "operations[0].claims[0].as_of",
    );
}

#[test]
fn empty_sentences_and_components() {
    assert_single(
        &[(&format!("{SENTENCE}/2/charges"), json!([]))],
        FindingCode::EmptySentence,
        "operations[0].cases[0].sentence.components[2].charges",
    );
    assert_single(
        &[(SENTENCE, json!([]))],
        FindingCode::EmptySentence,
        "operations[0].cases[0].sentence.components",
    );
}

#[test]
fn sentence_for_a_charge_not_convicted() {
    assert_single(
        &[(&format!("{SENTENCE}/2/charges/0"), json!("ch3"))],
        FindingCode::SentenceUnconvictedCharge,
        "operations[0].cases[0].sentence.components[2].charges[0]",
    );
}

#[test]
fn concurrency_not_stated() {
    let mut document = base();
    document
        .pointer_mut(&format!("{SENTENCE}/1"))
        .unwrap()
        .as_object_mut()
        .unwrap()
        .remove("runs");
    let report = validate(&Dataset::from_json_str(&document.to_string()).unwrap());
    let found: Vec<_> = report
        .findings()
        .iter()
        .map(|f| (f.code, f.location.as_str()))
        .collect();
    assert_eq!(
        found,
        [(
            FindingCode::ConcurrencyUnstated,
            "operations[0].cases[0].sentence.components[1].runs"
        )]
    );
}

#[test]
fn custodial_term_above_the_statutory_maximum() {
    // s131A: 10 years from 7 May 2015.
    assert_single(
        &[(&format!("{SENTENCE}/0/penalty/term"), json!("10y 1m"))],
        FindingCode::AboveStatutoryMaximum,
        "operations[0].cases[0].sentence.components[0].penalty",
    );
    assert_eq!(
        findings_after(&[(&format!("{SENTENCE}/0/penalty/term"), json!("10y"))]),
        []
    );
    // The same term was above the 5-year maximum in force before the 2015 amendment.
    assert_single(
        &[
            (&format!("{SENTENCE}/0/penalty/term"), json!("6y")),
            (&format!("{OP}/started"), json!("2014")),
            (&format!("{CASE}/charges/0/offence_date"), json!("2014-06")),
        ],
        FindingCode::AboveStatutoryMaximum,
        "operations[0].cases[0].sentence.components[0].penalty",
    );
    // s131 (strict liability possession) carries no imprisonment at all.
    assert_single(
        &[(
            &format!("{CASE}/charges/0/offence/statute/section"),
            json!("131"),
        )],
        FindingCode::AboveStatutoryMaximum,
        "operations[0].cases[0].sentence.components[0].penalty",
    );
}

#[test]
fn new_zealand_sentence_type_limits() {
    let penalty = format!("{SENTENCE}/2/penalty");
    let location = "operations[0].cases[0].sentence.components[2].penalty";
    for bad in [
        json!({"kind": "supervision", "term": "13m"}),
        json!({"kind": "supervision", "term": "5m"}),
        json!({"kind": "home_detention", "term": "13d"}),
        json!({"kind": "home_detention", "term": "1y 1d"}),
        json!({"kind": "community_work", "hours": 39}),
        json!({"kind": "community_work", "hours": 401}),
        json!({"kind": "intensive_supervision", "term": "2y 1m"}),
        json!({"kind": "community_detention", "term": "7m"}),
    ] {
        assert_single(&[(&penalty, bad)], FindingCode::NzSentenceLimit, location);
    }
    for good in [
        json!({"kind": "home_detention", "term": "12m"}),
        json!({"kind": "home_detention", "term": "1y"}),
        json!({"kind": "community_work", "hours": 400}),
        json!({"kind": "intensive_supervision", "term": "2y"}),
    ] {
        assert_eq!(findings_after(&[(&penalty, good.clone())]), [], "{good}");
    }
    // Outside New Zealand the limits do not apply.
    assert_eq!(
        findings_after(&[
            (&penalty, json!({"kind": "community_work", "hours": 1000})),
            (&format!("{CASE}/jurisdiction"), json!("AU"))
        ]),
        []
    );
}

#[test]
fn breakdown_rules() {
    assert_single(
        &[(&format!("{OP}/claims/2/metric"), json!("charges_laid"))],
        FindingCode::BreakdownMetric,
        "operations[0].claims[2].metric",
    );
    assert_single(
        &[(&format!("{OP}/claims/0/scope"), json!({"area": "AU"}))],
        FindingCode::BreakdownOutsideTotal,
        "operations[0].claims[1].scope.area",
    );
    // 60 + about 50 is at least 105: certainly above 100.
    assert_single(
        &[(&format!("{OP}/claims/1/quantity"), json!(60))],
        FindingCode::BreakdownExceedsTotal,
        "operations[0].claims[0]",
    );
    // 54 + about 50 may be as little as 99: not certainly above.
    assert_eq!(
        findings_after(&[(&format!("{OP}/claims/1/quantity"), json!(54))]),
        []
    );
}

#[test]
fn every_finding_is_reported_not_just_the_first() {
    let findings = findings_after(&[
        (&format!("{OP}/ended"), json!("2018")),
        (&format!("{CASE}/jurisdiction"), json!("GB")),
        (&format!("{OP}/claims/1/quantity"), json!(60)),
    ]);
    let codes: Vec<FindingCode> = findings.iter().map(|f| f.1).collect();
    assert_eq!(
        codes,
        [
            FindingCode::OperationDates,
            FindingCode::BreakdownExceedsTotal,
            FindingCode::CaseNotParticipant
        ]
    );
}

#[test]
fn report_text_is_pinned() {
    let mut document = base();
    *document
        .pointer_mut(&format!("{OP}/claims/1/quantity"))
        .unwrap() = json!(60);
    *document
        .pointer_mut(&format!("{OP}/claims/0/as_of"))
        .unwrap() = json!("2022-04");
    let report = validate(&Dataset::from_json_str(&document.to_string()).unwrap());
    assert_eq!(
        report.to_string(),
        "warning[claim_after_source] operations[0].claims[0].as_of: the figure is as of 2022-04, after its source was published (2022-03-02)\n\
         error[breakdown_exceeds_total] operations[0].claims[0]: its 2 parts (60 + about 50) add up to at least 105, more than the total 100 allows ([100, 100])\n\
         1 error, 1 warning"
    );
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["findings"][1]["code"], "breakdown_exceeds_total");
    assert_eq!(json["findings"][1]["severity"], "error");
}

#[test]
fn case_records_cite_sources_of_the_operation() {
    let known = json!([{"source": "s1", "quote": "convicted on 2 of 3 charges"}]);
    let unknown = json!([{"source": "s1", "quote": "q"}, {"source": "court-report", "quote": "q"}]);
    // Citations of known sources, on the case, a charge and the sentence, are clean.
    assert_eq!(
        findings_after(&[
            (&format!("{CASE}/citations"), known.clone()),
            (&format!("{CASE}/charges/1/citations"), known.clone()),
            (&format!("{CASE}/sentence/citations"), known),
        ]),
        []
    );
    for (pointer, location) in [
        (
            format!("{CASE}/citations"),
            "operations[0].cases[0].citations[1].source",
        ),
        (
            format!("{CASE}/charges/2/citations"),
            "operations[0].cases[0].charges[2].citations[1].source",
        ),
        (
            format!("{CASE}/sentence/citations"),
            "operations[0].cases[0].sentence.citations[1].source",
        ),
    ] {
        assert_single(
            &[(&pointer, unknown.clone())],
            FindingCode::UnknownReference,
            location,
        );
    }
    // A quote is no place for narrative.
    let long = json!([{"source": "s1", "quote": "x".repeat(201)}]);
    assert_eq!(
        findings_after(&[(&format!("{CASE}/sentence/citations"), long)]),
        [(
            Severity::Warning,
            FindingCode::LongCaseText,
            "operations[0].cases[0].sentence.citations[0].quote".to_owned()
        )]
    );
}

#[test]
fn a_remainder_beside_its_whole_is_empty() {
    // `rest-of:NZ` is NZ less the other parts; beside a part for NZ, nothing remains.
    assert_single(
        &[(&format!("{OP}/claims/2/scope/area"), json!("rest-of:NZ"))],
        FindingCode::EmptyRemainder,
        "operations[0].claims[2].scope.area",
    );
    // Beside a part of NZ only, it is what NZ has besides.
    assert_eq!(
        findings_after(&[
            (&format!("{OP}/claims/1/scope/area"), json!("NZ-AUK")),
            (&format!("{OP}/claims/2/scope/area"), json!("rest-of:NZ")),
        ]),
        []
    );
    // Elsewhere than NZ in a worldwide breakdown is the world's remainder.
    assert_eq!(
        findings_after(&[(&format!("{OP}/claims/2/scope/area"), json!("rest-of:001"))]),
        []
    );
}

#[test]
fn figures_for_reporting_periods() {
    let period = |claim: usize| format!("{OP}/claims/{claim}/scope/period");
    // The total has no scope of its own yet.
    let total = |p: &str| (format!("{OP}/claims/0/scope"), json!({"period": p}));
    // Quarters within the year are clean.
    assert_eq!(
        findings_after(&[
            (&total("2021").0, total("2021").1),
            (&period(1), json!("2021-Q1")),
            (&period(2), json!("2021-Q2")),
        ]),
        []
    );
    // A figure for 2022 as of March 2022 is interim, and must say so.
    assert_single(
        &[(&total("2022").0, total("2022").1)],
        FindingCode::AsOfBeforePeriodEnd,
        "operations[0].claims[0].scope.period",
    );
    assert_eq!(
        findings_after(&[
            (&total("2022").0, total("2022").1),
            (&format!("{OP}/claims/0/interim"), json!(true))
        ]),
        []
    );
    // A part for a period outside its total's.
    assert_single(
        &[
            (&total("2021").0, total("2021").1),
            (&period(1), json!("FY2020-07")),
        ],
        FindingCode::BreakdownOutsideTotal,
        "operations[0].claims[1].scope.period",
    );
    // Two parts for one place whose periods share days count the overlap twice.
    assert_single(
        &[
            (&total("2021").0, total("2021").1),
            (&period(1), json!("2021-Q1")),
            (&format!("{OP}/claims/2/scope/area"), json!("NZ")),
            (&period(2), json!("2021-01-01/2021-06-30")),
        ],
        FindingCode::OverlappingPeriods,
        "operations[0].claims[2].scope.period",
    );
    // The same periods for different places are no overlap.
    assert_eq!(
        findings_after(&[
            (&total("2021").0, total("2021").1),
            (&period(1), json!("2021-Q1")),
            (&period(2), json!("2021-01-01/2021-06-30")),
        ]),
        []
    );
}
