//! The README says what is true: its Rust example is the one the doctests run, and
//! the facts it and the crate's documentation state about the bundled data hold.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeSet;

use investigation_outcomes::Dataset;
use investigation_outcomes::csv_tables::Table;

const README: &str = include_str!("../README.md");
const LIB: &str = include_str!("../src/lib.rs");

/// The lines of the first fenced block of `kind` in `text`.
fn block<'a>(text: &'a str, kind: &str) -> Vec<&'a str> {
    let fence = format!("```{kind}\n");
    let start = text.find(&fence).unwrap() + fence.len();
    let end = start + text[start..].find("```").unwrap();
    text[start..end].lines().collect()
}

#[test]
fn the_readme_example_is_the_one_the_doctests_run() {
    let shown = block(README, "rust");
    let run: Vec<String> = LIB
        .split("/// ```\n")
        .nth(1)
        .unwrap()
        .lines()
        .map(|l| {
            l.strip_prefix("/// ")
                .or(l.strip_prefix("///"))
                .unwrap_or(l)
                .to_owned()
        })
        .filter(|l| !l.starts_with("# "))
        .collect();
    assert_eq!(shown, run);
    // Markdown readers see no rustdoc-only lines.
    assert!(!README.contains("\n# Ok::<"));
}

#[test]
fn stated_facts_about_the_bundled_data_hold() {
    let operation = &Dataset::operation_h().unwrap().operations[0];
    let publishers: BTreeSet<_> = operation.sources.iter().map(|s| &s.publisher).collect();
    let stated = format!(
        "{} figures from\n    /// {} sources of {} publishers",
        operation.claims.len(),
        operation.sources.len(),
        publishers.len()
    );
    let dataset_rs = include_str!("../src/io/dataset.rs");
    assert!(dataset_rs.contains(&stated), "{stated}");
    let tables = format!("as {} flat CSV tables", number_word(Table::ALL.len()));
    assert!(LIB.contains(&tables), "{tables}");
    assert!(README.contains(&format!("{} flat tables", number_word(Table::ALL.len()))));
}

fn number_word(n: usize) -> &'static str {
    [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    ]
    .get(n)
    .copied()
    .unwrap_or("many")
}
