//! Hostile and malformed input to the library: records past the limit, byte-order
//! marks, invalid UTF-8 and non-ASCII text, records written as arrays, and many
//! conflicting claims, each refused with a message that says where or handled in
//! time that grows with the input.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use investigation_outcomes::{Dataset, Error, OperationLines};

const OPERATION_H: &str = include_str!("../data/operation-h.json");

#[test]
fn the_library_refuses_records_past_its_limit_and_reads_no_further() {
    let long = format!("{}\n{}\n", "x".repeat(100), "y".repeat(10));
    let mut lines = OperationLines::new(long.as_bytes()).max_line_bytes(50);
    match lines.next() {
        Some(Err(Error::TooLarge {
            line: Some(1),
            limit: 50,
            ..
        })) => {}
        other => panic!("{other:?}"),
    }
    assert!(lines.next().is_none());
    let err = Dataset::from_reader_with_limit(OPERATION_H.as_bytes(), 100).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the document is longer than the limit of 100 bytes"
    );
    assert_eq!(
        Dataset::from_reader(OPERATION_H.as_bytes()).unwrap(),
        Dataset::from_json_str(OPERATION_H).unwrap()
    );
}

#[test]
fn a_leading_byte_order_mark_is_accepted() {
    let with_bom = format!("\u{feff}{OPERATION_H}");
    let plain = Dataset::from_json_str(OPERATION_H).unwrap();
    assert_eq!(Dataset::from_json_str(&with_bom).unwrap(), plain);
    let mut lines = Vec::new();
    plain.to_json_lines(&mut lines).unwrap();
    let mut with_bom = "\u{feff}".as_bytes().to_vec();
    with_bom.extend(&lines);
    assert_eq!(
        Dataset::from_json_lines(with_bom.as_slice()).unwrap(),
        plain
    );
}

#[test]
fn invalid_utf8_is_located_by_line_and_byte() {
    let text = b"\n{\"id\": \"op\xff\"}\n";
    let err = Dataset::from_json_lines(&text[..]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "line 2, column 11: invalid UTF-8 at byte 11 of the line"
    );
    let mut document = OPERATION_H.as_bytes().to_vec();
    document.splice(3..3, [b'\xc3']);
    let err = Dataset::from_reader(document.as_slice()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "line 2, column 2: invalid UTF-8 at byte 2 of the line"
    );
}

#[test]
fn columns_count_characters_not_bytes() {
    // "é" is two bytes: the column is where a person would count, as for "e".
    let err = Dataset::from_json_str(r#"{"schema_version":1,"é":1}"#).unwrap_err();
    let Error::Json(json) = err else {
        panic!("{err:?}")
    };
    let ascii = Dataset::from_json_str(r#"{"schema_version":1,"e":1}"#).unwrap_err();
    let Error::Json(ascii) = ascii else { panic!() };
    assert!(json.message.contains("unknown field `é`"), "{json}");
    assert_eq!(ascii.column, json.column);
}

/// Identifiers that are names or dates and narrative on case records are warned
/// about, and an exact age (which the format guide forbids) is an error, each at its
/// place.
#[test]
fn privacy_checks_find_names_dates_exact_ages_and_narrative() {
    use investigation_outcomes::validate::{Options, validate_with};
    let mut json: serde_json::Value = serde_json::from_str(OPERATION_H).unwrap();
    let case = &mut json["operations"][0]["cases"][0];
    case["defendant"]["id"] = serde_json::json!("John_Smith_1976-03-02");
    case["id"] = serde_json::json!("case-1976-03-02");
    case["defendant"]["age_band"] = serde_json::json!("45-45");
    case["court"] = serde_json::json!("x".repeat(201));
    let dataset = Dataset::from_json_str(&json.to_string()).unwrap();
    let report = investigation_outcomes::validate(&dataset);
    let found: Vec<(&str, &str)> = report
        .warnings()
        .map(|f| (f.code.as_str(), f.location.as_str()))
        .collect();
    let at = "operations[0].cases[0]";
    for expected in [
        ("personal_identifier", format!("{at}.defendant.id")),
        ("personal_identifier", format!("{at}.id")),
        ("long_case_text", format!("{at}.court")),
    ] {
        assert!(
            found.contains(&(expected.0, expected.1.as_str())),
            "{expected:?} in {found:?}"
        );
    }
    let errors: Vec<(&str, &str)> = report
        .errors()
        .map(|f| (f.code.as_str(), f.location.as_str()))
        .collect();
    let age = format!("{at}.defendant.age_band");
    assert_eq!(errors, [("narrow_age_band", age.as_str())], "{report}");
    // The limits are options.
    let lenient = Options {
        min_age_band_years: 1,
        max_case_text_chars: 1_000,
        ..Options::default()
    };
    let report = validate_with(&dataset, &lenient);
    assert!(
        report
            .warnings()
            .all(|f| f.code.as_str() == "personal_identifier"),
        "{report}"
    );
    assert!(!report.has_errors(), "{report}");
}

/// A struct written as a JSON array of its fields once loaded; the format allows only
/// objects.
#[test]
fn records_written_as_arrays_are_refused() {
    let err =
        Dataset::from_json_str(r#"[1, [["op-x","Operation X",[],null,[],["NZ"]]]]"#).unwrap_err();
    assert_eq!(
        err.to_string(),
        "line 1, column 1: invalid type: sequence, expected struct Dataset"
    );
    // Nested too: an operation as an array inside an object.
    let err =
        Dataset::from_json_str(r#"{"schema_version":1,"operations":[["op-x","Operation X"]]}"#)
            .unwrap_err();
    assert!(
        err.to_string().contains("expected struct Operation"),
        "{err}"
    );
    let err = Dataset::from_json_lines(r#"["op-x","Operation X"]"#.as_bytes()).unwrap_err();
    assert!(
        err.to_string().contains("expected struct Operation"),
        "{err}"
    );
    // Everything the crate writes still reads back.
    let dataset = Dataset::from_json_str(OPERATION_H).unwrap();
    assert_eq!(
        Dataset::from_json_str(&dataset.to_json_string()).unwrap(),
        dataset
    );
}

/// `n` claims of one metric and scope, all of one date and all different: every pair
/// disagrees.
fn many_claims(n: usize, quote_bytes: usize) -> Dataset {
    let mut json: serde_json::Value = serde_json::from_str(OPERATION_H).unwrap();
    let template = json["operations"][0]["claims"][0].clone();
    let claims: Vec<serde_json::Value> = (0..n)
        .map(|i| {
            let mut claim = template.clone();
            claim["id"] = serde_json::json!(format!("many-{i}"));
            claim["quantity"] = serde_json::json!(i);
            claim["citation"]["quote"] = serde_json::json!("q".repeat(quote_bytes));
            claim
        })
        .collect();
    json["operations"][0]["claims"] = serde_json::json!(claims);
    Dataset::from_json_str(&json.to_string()).unwrap()
}

/// 4,000 claims that all disagree once took over 3 GB: the reconciliation now grows
/// with the claims, and each quote is written once.
#[test]
fn reconciling_many_conflicting_claims_grows_with_the_claims_not_the_pairs() {
    use investigation_outcomes::reconcile::reconcile;
    let n = 4_000;
    let result = reconcile(&many_claims(n, 10));
    let group = &result.groups()[0];
    assert_eq!(group.claims.len(), n);
    // Each claim after the first disagrees with an earlier one, reported once.
    assert_eq!(group.conflicts.len(), n - 1);
    assert_eq!(group.consistent.len(), n);
    let json = serde_json::to_string(&result).unwrap();
    assert_eq!(json.matches("qqqqqqqqqq").count(), n, "each quote once");

    // Long quotes: 500 claims with 10 kB quotes make a report of about 5 MB.
    let result = reconcile(&many_claims(500, 10_000));
    let size = serde_json::to_string(&result).unwrap().len();
    assert!(size < 6_000_000, "{size} bytes");
}
