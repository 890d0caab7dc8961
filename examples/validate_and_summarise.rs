//! Validate a dataset file, then summarise it: people convicted per country, and the
//! median custodial sentence in months.
//!
//! ```text
//! cargo run --example validate_and_summarise [FILE]
//! ```
//!
//! Without a file it uses the bundled Operation H dataset.

// Examples print what they show.
#![allow(clippy::print_stdout, clippy::indexing_slicing)]

use investigation_outcomes::aggregate::{GroupBy, HeaviestSentence, JurisdictionLevel, Summary};
use investigation_outcomes::{Dataset, LengthUnit, Outcome, validate};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let arg = std::env::args().nth(1);
    if matches!(arg.as_deref(), Some("-h" | "--help")) {
        println!("usage: cargo run --example validate_and_summarise [FILE]");
        return Ok(());
    }
    // JSON or JSON Lines, read with a line and column in every error.
    let dataset = match arg {
        Some(path) if path.ends_with(".jsonl") => Dataset::from_json_lines_path(path)?,
        Some(path) => Dataset::from_path(path)?,
        None => Dataset::operation_h()?,
    };

    // Validation reports every finding, each with a code and a location.
    let report = validate(&dataset);
    for finding in report.findings() {
        println!(
            "{} {} at {}: {}",
            finding.severity, finding.code, finding.location, finding.message
        );
    }
    if report.has_errors() {
        return Err("the dataset has errors; not summarising it".into());
    }

    // Counts grouped by country; people are counted once each, under the principal
    // offence chosen by the heaviest-sentence rule.
    let group_by = GroupBy {
        jurisdiction: Some(JurisdictionLevel::Country),
        ..GroupBy::default()
    };
    let summary = Summary::of(&dataset, group_by, &HeaviestSentence::default());
    println!(
        "{} cases in {} operations",
        summary.cases(),
        summary.operations()
    );
    for (group, tally) in summary.counts().groups() {
        let people = &tally.persons;
        println!(
            "{group}: {} people, {} convicted",
            people.total(),
            people.get(Some(Outcome::Convicted))
        );
    }

    // Sentence statistics are exact, in the unit asked for.
    if let Some(median) = summary.sentences().median(LengthUnit::Months) {
        println!("median custodial sentence: {median} months");
    }
    Ok(())
}
