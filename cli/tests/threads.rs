//! `--threads N`: the inputs are parsed and processed on N threads, and every output
//! is byte for byte that of one thread: summaries merged exactly, validation
//! findings and reconciliation results in input order, the same first error.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::Path;

use common::{code, run, stderr, stdout, temp_file};

mod common;

/// Generated JSON Lines of several chunks of lines, with findings to report: two
/// operations repeated further on (duplicate identifiers across chunks), and one
/// with a charge sentenced but not convicted.
fn dataset_with_findings() -> String {
    let generated = run(
        "generate",
        &["--operations", "40", "--cases", "8000", "--seed", "11"],
    );
    assert_eq!(code(&generated), 0, "{}", stderr(&generated));
    let text = stdout(&generated);
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    assert!(
        text.len() > 3 << 20,
        "the data spans several chunks of lines"
    );
    let first = lines[0].clone();
    let fifth = lines[4].clone();
    lines.push(first);
    lines.insert(30, fifth);
    lines[12] = lines[12].replacen(r#""outcome": "convicted""#, r#""outcome": "acquitted""#, 3);
    lines.join("\n") + "\n"
}

fn outputs(subcommand: &str, args: &[&str], file: &Path) -> Vec<(String, i32, Vec<u8>, String)> {
    ["1", "2", "3", "8"]
        .into_iter()
        .map(|threads| {
            let mut all: Vec<&str> = args.to_vec();
            all.extend(["--threads", threads, file.to_str().unwrap()]);
            let out = run(subcommand, &all);
            let err = stderr(&out);
            (threads.to_owned(), code(&out), out.stdout, err)
        })
        .collect()
}

fn assert_all_equal(runs: &[(String, i32, Vec<u8>, String)]) {
    let (_, first_code, first_out, first_err) = &runs[0];
    for (threads, code, out, err) in &runs[1..] {
        assert_eq!(code, first_code, "--threads {threads}: {err}");
        assert!(
            out == first_out,
            "--threads {threads} printed otherwise than --threads 1"
        );
        assert_eq!(err, first_err, "--threads {threads}");
    }
}

#[test]
fn every_output_is_that_of_one_thread() {
    let file = temp_file("threads.jsonl", dataset_with_findings().as_bytes());

    let validate = outputs("validate", &["--format", "json"], &file);
    assert_all_equal(&validate);
    let findings: serde_json::Value = serde_json::from_slice(&validate[0].2).unwrap();
    let locations: Vec<&str> = findings["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["location"].as_str().unwrap())
        .collect();
    // Findings of operations far apart, in input order.
    assert!(locations.contains(&"operations[30]"), "{locations:?}");
    assert!(locations.contains(&"operations[41]"), "{locations:?}");
    let position = |prefix: &str| locations.iter().position(|l| l.starts_with(prefix));
    assert!(position("operations[12]") < position("operations[30]"));
    assert!(position("operations[30]") < position("operations[41]"));

    for args in [
        &["--format", "csv"][..],
        &["--format", "json", "--by", "country,offence,year"],
        &["--by", "operation", "--suppress-below", "5"],
        &["--partial", "--by", "iccs:section", "--rule", "first"],
    ] {
        let summary = outputs("summary", args, &file);
        assert_eq!(summary[0].1, 0, "{}", summary[0].3);
        assert_all_equal(&summary);
    }

    let reconcile = outputs("reconcile", &["--format", "json"], &file);
    assert_eq!(reconcile[0].1, 0, "{}", reconcile[0].3);
    assert_all_equal(&reconcile);
}

#[test]
fn the_first_bad_line_is_reported_on_any_number_of_threads() {
    let mut lines: Vec<String> = dataset_with_findings().lines().map(str::to_owned).collect();
    lines[25] = r#"{"id": "broken", "name": 7}"#.to_owned();
    lines[33] = "not json".to_owned();
    let file = temp_file("threads-broken.jsonl", (lines.join("\n") + "\n").as_bytes());
    for subcommand in ["validate", "summary", "reconcile"] {
        let runs = outputs(subcommand, &[], &file);
        assert_all_equal(&runs);
        assert_eq!(runs[0].1, 1);
        assert!(runs[0].3.contains("line 26"), "{}", runs[0].3);
        assert!(runs[0].2.is_empty(), "nothing is printed on a bad input");
    }
}

#[test]
fn a_document_is_processed_in_batches_with_the_same_result() {
    let text = dataset_with_findings();
    let lines = temp_file("threads-doc.jsonl", text.as_bytes());
    let converted = run(
        "convert",
        &[lines.to_str().unwrap(), "--to", "json", "--threads", "2"],
    );
    assert_eq!(code(&converted), 0, "{}", stderr(&converted));
    let document = temp_file("threads-doc.json", &converted.stdout);
    let summary = outputs("summary", &["--format", "csv"], &document);
    assert_all_equal(&summary);
    let from_lines = run(
        "summary",
        &["--format", "csv", "--threads", "1", lines.to_str().unwrap()],
    );
    assert!(
        from_lines.stdout == summary[0].2,
        "document and lines agree"
    );
}
