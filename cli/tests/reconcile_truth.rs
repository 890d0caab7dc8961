//! `outcomes reconcile` says nothing false: it refuses data that fails validation
//! unless told to go on, and words a revision as one.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use common::{code, run_with_input, stderr, stdout};

mod common;

/// A breakdown of Canada whose remainder is empty: a validation error.
const EMPTY_REMAINDER: &[u8] = br#"{"schema_version": 1, "operations": [{"id": "op", "name": "Op", "participants": ["CA"],
 "sources": [{"id": "a", "publisher": "A", "title": "A", "published": "2020-01-01"}],
 "claims": [
  {"id": "t", "metric": "arrests", "quantity": 10, "citation": {"source": "a", "quote": "q"}},
  {"id": "p1", "metric": "arrests", "quantity": 4, "scope": {"area": "CA"}, "part_of": "t", "citation": {"source": "a", "quote": "q"}},
  {"id": "p2", "metric": "arrests", "quantity": 6, "scope": {"area": "rest-of:CA"}, "part_of": "t", "citation": {"source": "a", "quote": "q"}}
 ]}]}"#;

#[test]
fn reconcile_refuses_data_that_fails_validation() {
    let out = run_with_input("reconcile", &["-"], EMPTY_REMAINDER);
    assert_eq!(code(&out), 1, "{}", stdout(&out));
    assert!(stdout(&out).is_empty(), "{}", stdout(&out));
    let message = stderr(&out);
    assert!(message.contains("empty_remainder"), "{message}");
    assert!(
        message.contains("operations[0].claims[2].scope.area"),
        "{message}"
    );
    assert!(message.contains("--allow-invalid"), "{message}");
}

#[test]
fn reconcile_goes_on_when_told_and_says_the_data_is_invalid() {
    let out = run_with_input("reconcile", &["--allow-invalid", "-"], EMPTY_REMAINDER);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.starts_with("# made from data that fails validation: 1 error"),
        "{text}"
    );
    let out = run_with_input(
        "reconcile",
        &["--allow-invalid", "--format", "json", "-"],
        EMPTY_REMAINDER,
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["invalid_data"]["errors"], 1);
    assert!(json["breakdowns"].is_array());
}

#[test]
fn a_revision_reads_as_one() {
    let data = br#"{"schema_version": 1, "operations": [{"id": "op", "name": "Op", "participants": ["NZ"],
     "sources": [
       {"id": "r2020", "publisher": "A", "title": "Report 2020", "published": "2021-03-01"},
       {"id": "r2021", "publisher": "A", "title": "Report 2021", "published": "2022-03-01"}],
     "claims": [
      {"id": "x", "metric": "reports_received", "quantity": 10, "scope": {"period": "2020"}, "citation": {"source": "r2020", "quote": "ten"}},
      {"id": "y", "metric": "reports_received", "quantity": 12, "scope": {"period": "2020"}, "citation": {"source": "r2021", "quote": "twelve"}}
     ]}]}"#;
    let out = run_with_input("reconcile", &["-"], data);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("revised from 10 (2021-03-01) to 12 (2022-03-01)"),
        "{text}"
    );
    assert!(!text.contains("disagreement"), "{text}");
}
