//! `outcomes deidentify`: the research rows and records it writes load and equal the
//! library's; weak settings are usage errors.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use investigation_outcomes::deidentify::{
    CaseRow, DeidentifyPolicy, KAnonymity, QuasiIdentifier, anonymise, read_csv,
};
use investigation_outcomes::{Dataset, DatePrecision, validate};

mod common;

const KEY: &[u8] = b"a key of thirty-two bytes, kept!";

#[test]
fn deidentify_writes_json_lines_that_load_and_validate() {
    let key = common::temp_file("deidentify.key", KEY);
    let data = common::operation_h();
    let out = common::run(
        "deidentify",
        &[
            "--key-file",
            key.to_str().unwrap(),
            "--dates",
            "year",
            "--records",
            data,
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let copy = Dataset::from_json_lines(out.stdout.as_slice()).unwrap();
    assert!(!validate(&copy).has_errors());
    let original = Dataset::from_path(data).unwrap();
    let policy = DeidentifyPolicy::new(KEY)
        .unwrap()
        .dates(DatePrecision::Year)
        .unwrap();
    assert_eq!(copy, original.deidentify(&policy));

    // Weak settings are refused with usage errors.
    let short = common::temp_file("short.key", b"short");
    let out = common::run("deidentify", &["--key-file", short.to_str().unwrap(), data]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("at least 16"));
    let out = common::run("deidentify", &[data]);
    assert_eq!(out.status.code(), Some(2));
    let out = common::run("deidentify", &["--help"]);
    assert!(out.status.success());
    // Records are not k-anonymous: asking for both is a usage error.
    let key = key.to_str().unwrap();
    let out = common::run(
        "deidentify",
        &["--key-file", key, "--records", "--k", "3", data],
    );
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn deidentify_reaches_k_or_refuses_and_says_what_it_did() {
    let key = common::temp_file("deidentify-k.key", KEY);
    let key = key.to_str().unwrap();
    // Operation H's two case records cannot be hidden among five: refused.
    let out = common::run("deidentify", &["--key-file", key, common::operation_h()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let message = String::from_utf8_lossy(&out.stderr);
    assert!(
        message.contains(
            "would suppress 12 of 12 quasi-identifier values, withholding 2 of 2 case records"
        ),
        "{message}"
    );

    let generated = common::run(
        "generate",
        &["--operations", "3", "--cases", "3000", "--seed", "1"],
    );
    let data = common::temp_file("deidentify-k.jsonl", &generated.stdout);
    let data = data.to_str().unwrap();
    let settings = [
        "--key-file",
        key,
        "--quasi-identifiers",
        "jurisdiction,dates,age_band",
        "--max-suppressed",
        "50",
    ];
    let out = common::run("deidentify", &[&settings[..], &[data]].concat());
    let report = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{report}");
    assert!(report.contains("risk before: 3000 records"), "{report}");
    assert!(
        report.contains("generalised: jurisdictions to countries"),
        "{report}"
    );
    assert!(report.contains(", 0 unique (0.0%)"), "{report}");
    // The rows are the library's, for the same key and settings.
    let rows = read_csv(out.stdout.as_slice()).unwrap();
    let policy = DeidentifyPolicy::new(KEY).unwrap();
    let original = Dataset::from_json_lines(generated.stdout.as_slice()).unwrap();
    let expected = anonymise(
        original
            .operations
            .iter()
            .flat_map(|o| policy.rows(o))
            .collect(),
        &KAnonymity {
            quasi_identifiers: vec![
                QuasiIdentifier::Jurisdiction,
                QuasiIdentifier::Dates,
                QuasiIdentifier::AgeBand,
            ],
            max_suppressed_share: 0.5,
            ..KAnonymity::default()
        },
    )
    .unwrap();
    assert_eq!(rows, expected.rows);
    assert!(rows.len() > 2000 && rows.len() < 3000, "{}", rows.len());

    // JSON Lines hold the same rows.
    let out = common::run(
        "deidentify",
        &[&settings[..], &["--format", "json-lines", data]].concat(),
    );
    assert!(out.status.success());
    let lines: Vec<CaseRow> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(lines, rows);
}
