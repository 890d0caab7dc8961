//! The examples, run as a reader of the docs would run them, each checked for what it
//! teaches.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::Output;

mod common;

fn stdout(output: &Output) -> String {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout.clone()).unwrap()
}

#[test]
fn the_tour_runs_on_the_bundled_dataset_and_answers_help() {
    let text = stdout(&common::run("operation_h", &[]));
    assert!(text.starts_with("Operation H (operation-h)"));
    assert!(text.contains("known in AU as Operation Molto"));
    assert!(
        text.trim_end()
            .ends_with("validation: 0 errors, 0 warnings")
    );
    for help in ["--help", "-h"] {
        let text = stdout(&common::run("operation_h", &[help]));
        assert!(text.starts_with("operation_h: "), "{text}");
    }
    let missing = common::run("operation_h", &["/nonexistent.json"]);
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("/nonexistent.json"));
}

#[test]
fn validate_and_summarise_counts_people_and_states_the_median_in_months() {
    let text = stdout(&common::run("validate_and_summarise", &[]));
    assert_eq!(
        text,
        "2 cases in 1 operations\nAU: 2 people, 2 convicted\nmedian custodial sentence: 24 months\n"
    );
    let help = stdout(&common::run("validate_and_summarise", &["--help"]));
    assert!(help.starts_with("usage: "), "{help}");
}

#[test]
fn protect_table_withholds_small_counts_and_shows_the_audit() {
    let text = stdout(&common::run("protect_table", &[]));
    // The two small counts are withheld, and so are complements: at least four cells.
    assert!(text.contains("North / acquitted: withheld"), "{text}");
    assert!(text.contains("South / acquitted: withheld"), "{text}");
    let withheld: usize = text
        .lines()
        .last()
        .and_then(|l| l.strip_suffix(" cells withheld"))
        .unwrap()
        .parse()
        .unwrap();
    assert!(withheld >= 4, "{text}");
    // Every interval stated is at least 5 wide.
    for line in text.lines().filter(|l| l.contains("can derive")) {
        let range = line.rsplit("derive ").next().unwrap();
        let (low, high) = range.split_once(" to ").unwrap();
        if high != "unbounded" {
            let (low, high): (u64, u64) = (low.parse().unwrap(), high.parse().unwrap());
            assert!(high - low >= 5, "{line}");
        }
    }
}

#[test]
fn reconcile_claims_names_the_conflicting_quotes() {
    let text = stdout(&common::run("reconcile_claims", &[]));
    assert!(text.contains("children_safeguarded"), "{text}");
    assert!(text.contains("146") && text.contains("153"), "{text}");
    assert!(text.contains("unattributed"), "{text}");
}

#[test]
fn build_operation_makes_a_valid_dataset_that_reads_back() {
    let text = stdout(&common::run("build_operation", &[]));
    let (head, json) = text.split_once("\n{").unwrap();
    assert_eq!(
        head,
        "0 errors, 0 warnings\neffective custodial term: 2y 6m"
    );
    let dataset = investigation_outcomes::Dataset::from_json_str(&format!("{{{json}")).unwrap();
    let case = &dataset.operations[0].cases[0];
    assert_eq!(case.charges[0].counts.get(), 12);
    assert!(investigation_outcomes::validate(&dataset).is_clean());
}

#[test]
fn sharded_summary_merges_partials_from_separate_processes_into_the_whole() {
    for (shards, expected) in [(None, "4 shards"), (Some("8"), "8 shards")] {
        let args: Vec<&str> = shards.into_iter().collect();
        let text = stdout(&common::run("sharded_summary", &args));
        assert!(text.starts_with(expected), "{text}");
        assert!(
            text.trim_end()
                .ends_with("merged partials equal the summary of the whole: true"),
            "{text}"
        );
    }
}
