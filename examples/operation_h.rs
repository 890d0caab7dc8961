//! A quick tour on the bundled dataset: load Operation H, validate it, and print the
//! operation with its reported figures grouped by metric.
//!
//! ```text
//! cargo run --example operation_h [FILE]
//! ```

#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::collections::BTreeMap;
use std::process::ExitCode;

use investigation_outcomes::{Claim, Dataset, Metric, validate};

const HELP: &str = "\
operation_h: a tour of a dataset, the bundled Operation H by default

usage: cargo run --example operation_h [FILE]

  FILE        a JSON dataset (default: the bundled Operation H dataset)
  -h, --help  this help";

fn main() -> ExitCode {
    let arg = std::env::args().nth(1);
    if matches!(arg.as_deref(), Some("-h" | "--help")) {
        println!("{HELP}");
        return ExitCode::SUCCESS;
    }
    let dataset = match arg {
        Some(path) => Dataset::from_path(path),
        None => Dataset::operation_h(),
    };
    let dataset = match dataset {
        Ok(dataset) => dataset,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::FAILURE;
        }
    };
    let report = validate(&dataset);

    for operation in &dataset.operations {
        println!("{} ({})", operation.name, operation.id);
        for alias in &operation.aliases {
            println!("  known in {} as {}", alias.jurisdiction, alias.name);
        }
        if let Some(started) = &operation.started {
            println!("  started {started}");
        }
        if let Some(referral) = &operation.referral {
            println!("  started by a referral: {}", referral.kind);
        }
        let participants: Vec<String> = operation
            .participants
            .iter()
            .map(|p| format!("{p} ({})", p.name()))
            .collect();
        println!("  participants named: {}", participants.join(", "));
        println!(
            "  {} agencies, {} sources, {} claims, {} case records",
            operation.agencies.len(),
            operation.sources.len(),
            operation.claims.len(),
            operation.cases.len()
        );

        let mut by_metric: BTreeMap<&str, Vec<&Claim>> = BTreeMap::new();
        for claim in &operation.claims {
            by_metric
                .entry(claim.metric.as_str())
                .or_default()
                .push(claim);
        }
        for (metric, claims) in by_metric {
            let unit = metric
                .parse::<Metric>()
                .map(|m| m.unit().to_string())
                .unwrap_or_default();
            println!("\n  {metric} (counted in: {unit})");
            for claim in claims {
                // Codes with their names: `150 Europe`, `GB/nca National Crime Agency`.
                let mut scope = claim
                    .scope
                    .area
                    .map_or_else(|| "operation".to_owned(), |a| format!("{a} {}", a.name()));
                if let Some(agency) = &claim.scope.agency {
                    let name = operation
                        .agency(agency)
                        .map_or(agency.as_str(), |a| a.name.as_str());
                    let area = claim.scope.area.map(|a| format!(" ({a})"));
                    scope = format!("{name}{}", area.unwrap_or_default());
                }
                let publisher = operation
                    .source(&claim.citation.source)
                    .and_then(|s| s.attribution())
                    .unwrap_or_else(|| "?".to_owned());
                println!(
                    "    {:<40} {:<28} {:<18} {} — \"{}\"",
                    scope,
                    claim.quantity.to_string(),
                    claim.quantity.interval().to_string(),
                    publisher,
                    claim.citation.quote
                );
            }
        }

        println!("\n  sentences on record:");
        for case in &operation.cases {
            let term = case
                .sentence
                .as_ref()
                .and_then(|s| s.effective_custodial_term().ok())
                .map_or_else(|| "no sentence yet".to_owned(), |t| t.to_string());
            println!("    {} {}: {}", case.id, case.jurisdiction, term);
        }
    }

    println!("\nvalidation: {}", report.to_string().replace('\n', "\n  "));
    if report.has_errors() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
