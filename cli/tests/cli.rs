//! The `outcomes` tool, run as an analyst would: on the bundled dataset, on a
//! generated one, and on broken input, checking output and exit codes.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use common::{code, operation_h, run, run_with_input, stderr, stdout, temp_file};
use investigation_outcomes::Dataset;

mod common;

#[test]
fn validate_accepts_the_bundled_dataset() {
    let out = run("validate", &[operation_h()]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(
        stdout(&out).trim(),
        "0 errors, 0 warnings in 1 operation, 72 claims and 2 cases"
    );
    let json = run("validate", &["--format", "json", operation_h()]);
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(report["findings"], serde_json::json!([]));
}

#[test]
fn validate_reports_findings_and_fails() {
    let data =
        br#"{"schema_version": 1, "operations": [{"id": "x", "name": "X", "participants": ["NZ"],
        "cases": [{"id": "c", "jurisdiction": "AU", "defendant": {"id": "d"}}]}]}"#;
    let out = run_with_input("validate", &["-"], data);
    assert_eq!(code(&out), 1);
    let text = stdout(&out);
    assert!(text.contains("case_not_participant"), "{text}");
    assert!(
        text.contains("operations[0].cases[0].jurisdiction"),
        "{text}"
    );
    assert!(
        text.trim_end()
            .ends_with("1 error, 0 warnings in 1 operation, 0 claims and 1 case"),
        "{text}"
    );
    let json = run_with_input("validate", &["--format", "json", "-"], data);
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(report["findings"][0]["code"], "case_not_participant");
    assert_eq!(code(&json), 1);
}

#[test]
fn broken_input_gets_a_located_message_not_a_panic() {
    let path = temp_file(
        "broken.json",
        br#"{"schema_version": 1, "operations": [{"id": "x", "name": "X", "started": "2019-13"}]}"#,
    );
    for binary in ["validate", "summary", "reconcile"] {
        let out = run(binary, &[path.to_str().unwrap()]);
        assert_eq!(code(&out), 1, "{binary}");
        let message = stderr(&out);
        assert!(
            message.contains(path.to_str().unwrap()),
            "{binary}: {message}"
        );
        assert!(message.contains("line 1, column"), "{binary}: {message}");
        assert!(
            message.contains("invalid date \"2019-13\""),
            "{binary}: {message}"
        );
        assert!(!message.contains("panicked"), "{binary}: {message}");
        assert!(stdout(&out).is_empty(), "{binary}");
    }
    let missing = run("validate", &["/nonexistent/file.json"]);
    assert_eq!(code(&missing), 1);
    assert!(stderr(&missing).contains("/nonexistent/file.json"));
}

#[test]
fn wrong_usage_exits_with_two() {
    for (binary, args) in [
        ("validate", vec![]),
        ("validate", vec!["--bogus"]),
        ("validate", vec!["--format", "csv", operation_h()]),
        ("summary", vec!["--by", "colour", operation_h()]),
        ("summary", vec!["--round", "rr7", operation_h()]),
        ("summary", vec!["--suppress-below", "many", operation_h()]),
        ("reconcile", vec!["--format", "xml", operation_h()]),
        ("generate", vec!["--cases", "-5"]),
    ] {
        let out = run(binary, &args);
        assert_eq!(code(&out), 2, "{binary} {args:?}");
        assert!(
            stderr(&out).contains("--help"),
            "{binary} {args:?}: {}",
            stderr(&out)
        );
    }
    for binary in [
        "validate",
        "summary",
        "reconcile",
        "generate",
        "convert",
        "deidentify",
    ] {
        let out = run(binary, &["--help"]);
        assert_eq!(code(&out), 0);
        assert!(
            stdout(&out).contains(&format!("Usage: outcomes {binary}")),
            "{binary}: {}",
            stdout(&out)
        );
    }
}

#[test]
fn reconcile_names_the_conflicting_citations() {
    let out = run("reconcile", &[operation_h()]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with("Conflicts (6):"), "{text}");
    assert!(
        text.contains("153 afp-children (Australian Federal Police, 2022-03-02): \"153 children\""),
        "{text}"
    );
    let json = run("reconcile", &["--format", "json", operation_h()]);
    let result: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let residuals: Vec<serde_json::Value> = result["breakdowns"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["total"]["claim"] == "afp2020-men-au")
        .map(|b| b["residual"].clone())
        .collect();
    // Intervals are objects in JSON, not text.
    assert_eq!(residuals, [serde_json::json!({"low": 3, "high": 3})]);
}

#[test]
fn summary_writes_tables_csv_json_and_a_chart() {
    let table = run("summary", &["--by", "country,offence", operation_h()]);
    assert_eq!(code(&table), 0, "{}", stderr(&table));
    assert!(
        stdout(&table).contains("| AU / other | 2         | 2     |"),
        "{}",
        stdout(&table)
    );

    let csv = run("summary", &["--format", "csv", operation_h()]);
    let text = stdout(&csv);
    // The header row comes first: no comment line for CSV readers to take as the header.
    assert_eq!(
        text.lines().next().unwrap(),
        "section,unit,by,group,measure,value,suppressed"
    );
    assert!(
        text.contains("\nfunnel,person,,AU,sentenced_to_custody,2,false\n"),
        "{text}"
    );
    assert!(
        text.contains("\nsentences,month,,determinate custody,median,24,false\n"),
        "{text}"
    );

    let dir = common::temp_dir();
    let chart = dir.path().join("chart.svg");
    let json = run(
        "summary",
        &[
            "--format",
            "json",
            "--chart",
            chart.to_str().unwrap(),
            operation_h(),
        ],
    );
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(report["cases"], 2);
    assert_eq!(report["disclosure"], "no disclosure control applied");
    let svg = std::fs::read_to_string(&chart).unwrap();
    assert!(
        svg.starts_with("<svg")
            && svg.contains("People at each stage")
            && svg.trim_end().ends_with("</svg>")
    );
}

#[test]
fn summary_protects_small_counts_and_says_so() {
    let out = run(
        "summary",
        &[
            "--format",
            "json",
            "--suppress-below",
            "3",
            "--round",
            "rr3",
            "--seed",
            "5",
            operation_h(),
        ],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        report["disclosure"],
        "counts below 3 withheld, with complements until every withheld count's interval is at least 3 wide; randomly rounded to base 3, totals independently (seed 5)"
    );
    // The run states its own audit: nothing withheld can be worked out.
    let exposures = report["audit"]["exposures"].as_array().unwrap();
    assert!(!exposures.is_empty());
    assert!(
        exposures
            .iter()
            .all(|e| e["high"].is_null() || e["high"].as_u64() > e["low"].as_u64())
    );
    let rows = report["rows"].as_array().unwrap();
    // Two Australian cases are too few to publish, and so is their median sentence.
    let funnel = rows
        .iter()
        .find(|r| r["section"] == "funnel" && r["measure"] == "identified")
        .unwrap();
    assert_eq!(
        (funnel["value"].clone(), funnel["suppressed"].clone()),
        (serde_json::Value::Null, true.into())
    );
    let median = rows
        .iter()
        .find(|r| r["measure"] == "median" && r["section"] == "sentences")
        .unwrap();
    assert_eq!(median["suppressed"], true);
    for row in rows
        .iter()
        .filter(|r| r["unit"] != "month" && r["unit"] != "day")
    {
        if let Some(v) = row["value"].as_f64() {
            assert_eq!(v % 3.0, 0.0, "{row}");
        }
    }
}

#[test]
fn generated_datasets_are_reproducible_and_readable_by_every_binary() {
    let args = ["--operations", "20", "--cases", "20000", "--seed", "11"];
    let first = run("generate", &args);
    assert_eq!(code(&first), 0, "{}", stderr(&first));
    assert_eq!(
        first.stdout,
        run("generate", &args).stdout,
        "same seed, same bytes"
    );
    assert_ne!(
        first.stdout,
        run(
            "generate",
            &["--operations", "20", "--cases", "20000", "--seed", "12"]
        )
        .stdout
    );
    let dataset = Dataset::from_json_lines(first.stdout.as_slice()).unwrap();
    assert_eq!(
        dataset
            .operations
            .iter()
            .map(|o| o.cases.len())
            .sum::<usize>(),
        20_000
    );

    let path = temp_file("generated.jsonl", &first.stdout);
    let file = path.to_str().unwrap();
    let validate = run("validate", &[file]);
    assert_eq!(code(&validate), 0, "{}", stdout(&validate));
    assert!(stdout(&validate).contains("in 20 operations"));
    let summary = run(
        "summary",
        &[
            "--by",
            "year:sentence",
            "--format",
            "csv",
            "--round",
            "grr",
            file,
        ],
    );
    assert_eq!(code(&summary), 0, "{}", stderr(&summary));
    let csv = stdout(&summary);
    assert!(csv.starts_with("section,unit,by,group,measure,value,suppressed\n"));
    let table = run("summary", &["--round", "grr", file]);
    assert!(
        stdout(&table)
            .lines()
            .next()
            .unwrap()
            .contains("graduated random rounding, totals independently (seed 0)")
    );
    let reconcile = run("reconcile", &["--format", "json", file]);
    assert_eq!(code(&reconcile), 0, "{}", stderr(&reconcile));
    // Standard input, detected as JSON Lines.
    let piped = run_with_input("validate", &["-"], &first.stdout);
    assert_eq!(stdout(&piped), stdout(&validate));
    // The summary streams both, with the same result.
    let summary_args = ["--by", "year:sentence", "--format", "csv", "--round", "grr"];
    let piped = run_with_input(
        "summary",
        &[&summary_args[..], &["-"]].concat(),
        &first.stdout,
    );
    assert_eq!(stdout(&piped), stdout(&summary));
}

#[test]
fn the_summary_streams_json_lines_and_names_a_bad_line() {
    let dataset = Dataset::from_json_str(&std::fs::read_to_string(operation_h()).unwrap()).unwrap();
    let mut lines = Vec::new();
    dataset.to_json_lines(&mut lines).unwrap();
    let from_lines = run_with_input("summary", &["--format", "json", "-"], &lines);
    let from_json = run("summary", &["--format", "json", operation_h()]);
    assert_eq!(code(&from_lines), 0, "{}", stderr(&from_lines));
    assert_eq!(stdout(&from_lines), stdout(&from_json));
    // A JSON dataset on standard input is read whole.
    let json = std::fs::read(operation_h()).unwrap();
    let piped = run_with_input("summary", &["--format", "json", "-"], &json);
    assert_eq!(stdout(&piped), stdout(&from_json));

    lines.extend_from_slice(b"\n{\"id\": \"y\", \"name\": \"Y\", \"ended\": \"2020-00\"}\n");
    let path = temp_file("broken.jsonl", &lines);
    let out = run("summary", &[path.to_str().unwrap()]);
    assert_eq!(code(&out), 1);
    let message = stderr(&out);
    assert!(message.contains(path.to_str().unwrap()), "{message}");
    assert!(message.contains("line 3, column"), "{message}");
    assert!(stdout(&out).is_empty());
}

#[test]
fn generated_datasets_validate_cleanly() {
    // Every seed's operations name each participant once, so their claims are unique.
    for seed in 0..40 {
        let dataset = investigation_outcomes::synthetic::SyntheticConfig {
            seed,
            operations: 30,
            cases: 300,
        }
        .dataset();
        let report = investigation_outcomes::validate(&dataset);
        assert!(!report.has_errors(), "seed {seed}: {report}");
    }
}

#[test]
fn convert_round_trips_through_json_lines_and_csv_tables() {
    let original = std::fs::read_to_string(operation_h()).unwrap();
    let lines = run("convert", &["--to", "jsonl", operation_h()]);
    assert_eq!(code(&lines), 0, "{}", stderr(&lines));
    assert_eq!(stdout(&lines).lines().count(), 1, "one operation per line");
    let jsonl = temp_file("convert.jsonl", &lines.stdout);
    let parent = common::temp_dir();
    let dir = parent.path().join("tables/nested");
    let csv = run(
        "convert",
        &[
            "--to",
            "csv",
            "--output",
            dir.to_str().unwrap(),
            jsonl.to_str().unwrap(),
        ],
    );
    assert_eq!(code(&csv), 0, "{}", stderr(&csv));
    assert!(dir.join("cases.csv").exists());
    let back = run(
        "convert",
        &["--from", "csv", "--to", "json", dir.to_str().unwrap()],
    );
    assert_eq!(code(&back), 0, "{}", stderr(&back));
    assert_eq!(stdout(&back), original, "byte for byte");
    // CSV needs a directory to write to.
    let usage = run("convert", &["--to", "csv", operation_h()]);
    assert_eq!(code(&usage), 2);
}

#[cfg(feature = "parquet")]
#[test]
fn convert_round_trips_through_parquet_tables() {
    let original = std::fs::read_to_string(operation_h()).unwrap();
    let parent = common::temp_dir();
    let dir = parent.path().join("parquet");
    let out = run(
        "convert",
        &[
            "--to",
            "parquet",
            "--output",
            dir.to_str().unwrap(),
            operation_h(),
        ],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let charges = std::fs::read(dir.join("charges.parquet")).unwrap();
    assert!(charges.starts_with(b"PAR1") && charges.ends_with(b"PAR1"));
    let back = run(
        "convert",
        &["--from", "parquet", "--to", "json", dir.to_str().unwrap()],
    );
    assert_eq!(code(&back), 0, "{}", stderr(&back));
    assert_eq!(stdout(&back), original, "byte for byte");
    let usage = run("convert", &["--to", "parquet", operation_h()]);
    assert_eq!(code(&usage), 2);
    assert!(stderr(&usage).contains("--to parquet writes a directory"));
}

#[test]
fn the_tool_states_its_version_and_writes_completions() {
    let version = run("--version", &[]);
    assert_eq!(
        stdout(&version).trim(),
        format!("outcomes {}", env!("CARGO_PKG_VERSION"))
    );
    let bash = run("completions", &["bash"]);
    assert_eq!(code(&bash), 0);
    assert!(stdout(&bash).contains("outcomes"));
    assert!(stdout(&bash).contains("summary"));
    assert_eq!(code(&run("completions", &["tcsh-of-the-future"])), 2);
}

#[test]
fn machine_outputs_load_cleanly_in_python() {
    // Standard readers take the first CSV line as the header and JSON counts as
    // integers: what a notebook or pipeline sees.
    let csv = temp_file(
        "python.csv",
        &run(
            "summary",
            &["--format", "csv", "--by", "country", operation_h()],
        )
        .stdout,
    );
    let json = temp_file(
        "python.json",
        &run("summary", &["--format", "json", operation_h()]).stdout,
    );
    let check = r#"
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
assert list(rows[0]) == ["section", "unit", "by", "group", "measure", "value", "suppressed"], list(rows[0])
assert any(r["measure"] == "convicted" and r["value"] == "2" for r in rows)
report = json.load(open(sys.argv[2]))
counts = [r["value"] for r in report["rows"] if r["section"] == "counts"]
assert counts and all(type(v) is int for v in counts), counts
assert type(report["cases"]) is int
print("ok")
"#;
    let out = std::process::Command::new("python3")
        .args(["-c", check, csv.to_str().unwrap(), json.to_str().unwrap()])
        .output()
        .expect("python3 is on the machines this project runs on");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "ok",
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn summary_tables_of_many_groups_come_out_whole() {
    // 4,000 operations grouped by operation took 7 s, 20,000 over two minutes, when the table
    // layout was quadratic; every group with cases must come out, once.
    let generated = run(
        "generate",
        &["--operations", "8000", "--cases", "8000", "--seed", "1"],
    );
    let with_cases = Dataset::from_json_lines(generated.stdout.as_slice())
        .unwrap()
        .operations
        .iter()
        .filter(|o| !o.cases.is_empty())
        .count();
    assert!(with_cases > 4_000);
    let path = temp_file("many-groups.jsonl", &generated.stdout);
    let out = run("summary", &["--by", "operation", path.to_str().unwrap()]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    let block = text
        .split("\ncounts by operation (unit: case)\n")
        .nth(1)
        .unwrap();
    let block = block.split("\n\n").next().unwrap();
    let groups = block.lines().filter(|l| l.starts_with("| ")).count();
    // A header row, a row per operation with cases, and the `all` row.
    assert_eq!(groups, with_cases + 2);
}

#[test]
fn summary_gives_sentence_statistics_per_group_and_withholds_small_groups() {
    let out = run(
        "summary",
        &["--by", "jurisdiction", "--format", "csv", operation_h()],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    // "Median sentence for this offence, by state": one person each in Operation H.
    assert!(
        text.contains("\nsentences_by_group,month,jurisdiction,AU-VIC,median,36,false\n"),
        "{text}"
    );
    assert!(
        text.contains("\nsentences_by_group,month,jurisdiction,AU-TAS,median,12,false\n"),
        "{text}"
    );
    // Under a threshold, no median or mean over fewer people than it, per group.
    let protected = run(
        "summary",
        &[
            "--by",
            "jurisdiction",
            "--suppress-below",
            "2",
            "--format",
            "csv",
            operation_h(),
        ],
    );
    let text = stdout(&protected);
    let by_group: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("sentences_by_group,"))
        .collect();
    assert_eq!(by_group.len(), 6);
    assert!(
        by_group.iter().all(|l| l.ends_with(",,true")),
        "{by_group:?}"
    );
    // Ungrouped, the whole is the only group.
    let plain = stdout(&run("summary", &["--format", "csv", operation_h()]));
    assert!(!plain.contains("by_group"));
}

#[test]
fn parquet_is_named_with_the_way_to_get_it() {
    let dir = common::temp_dir();
    let out = run(
        "convert",
        &[
            "--to",
            "parquet",
            "-o",
            dir.path().to_str().unwrap(),
            operation_h(),
        ],
    );
    if cfg!(feature = "parquet") {
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        assert!(dir.path().join("operations.parquet").exists());
    } else {
        assert_eq!(code(&out), 2);
        assert!(
            stderr(&out).contains("--features parquet"),
            "{}",
            stderr(&out)
        );
    }
}

#[test]
fn report_writes_one_page_and_refuses_an_operation_not_there() {
    let out = run("report", &["--suppress-below", "3", operation_h()]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let page = stdout(&out);
    assert!(
        page.starts_with("<!DOCTYPE html>"),
        "{}",
        &page[..40.min(page.len())]
    );
    assert!(page.contains("counts below 3 withheld"));
    let only = run("report", &["--operation", "operation-h", operation_h()]);
    assert_eq!(stdout(&only), stdout(&run("report", &[operation_h()])));
    let missing = run("report", &["--operation", "nowhere", operation_h()]);
    assert_eq!(code(&missing), 1);
    assert!(
        stderr(&missing).contains("no operation \"nowhere\""),
        "{}",
        stderr(&missing)
    );
}
