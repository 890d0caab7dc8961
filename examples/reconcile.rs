//! Reconciles the reported figures of datasets: conflicts between sources, what
//! breakdowns leave unattributed, and case records against the figures, each with the
//! citations involved.
//!
//! ```text
//! cargo run --example reconcile -- data/operation-h.json
//! cargo run --example reconcile -- --format json data/operation-h.json
//! ```

#![allow(clippy::print_stdout, clippy::print_stderr)]

mod common;

use std::process::ExitCode;

use common::{Failure, Format};
use investigation_outcomes::reconcile::{ClaimRef, Reconciliation, reconcile_operation};

const HELP: &str = "\
reconcile: compare reported figures with each other, with their breakdowns and with case records

usage: reconcile [--format table|json] FILE...

  FILE             a dataset: JSON, or JSON Lines (.jsonl, .ndjson); - reads standard input
  --format F       table (default) or json
  --max-record-bytes N  refuse a JSON document or JSON Lines line longer than N bytes
                        (default 268435456, 256 MiB)
  -h, --help       this help

Exit codes: 0 done (conflicts are findings, not failures), 1 unreadable input, 2 wrong usage.";

fn cite(claim: &ClaimRef) -> String {
    format!(
        "{} {} ({}, {}): \"{}\"",
        claim.quantity,
        claim.claim,
        claim.publisher.as_deref().unwrap_or(claim.source.as_str()),
        claim
            .dated
            .map_or_else(|| "undated".to_owned(), |d| d.to_string()),
        claim.quote
    )
}

fn run() -> Result<(), Failure> {
    let Some((format, paths)) = common::format_and_files(HELP, &[Format::Table, Format::Json])?
    else {
        return Ok(());
    };
    // Operations are reconciled as they are read: JSON Lines is never held whole.
    let mut result = Reconciliation::default();
    common::for_each_operation(&paths, |operation| {
        reconcile_operation(&operation, &mut result);
    })?;
    if format == Format::Json {
        let json =
            serde_json::to_string_pretty(&result).map_err(|e| Failure::Data(e.to_string()))?;
        common::emit(json)?;
        return Ok(());
    }

    let mut conflicts = common::table(&[
        "operation",
        "metric",
        "scope",
        "kind",
        "one claim",
        "the other",
    ]);
    for (group, conflict) in result.conflicts() {
        let scope = match (&group.scope.area, &group.scope.agency) {
            (None, None) => "operation".to_owned(),
            (area, agency) => [
                area.map(|a| a.to_string()),
                agency.as_ref().map(|a| a.to_string()),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join("/"),
        };
        conflicts.add_row(vec![
            group.operation.to_string(),
            group.metric.to_string(),
            scope,
            conflict.kind.to_string(),
            cite(conflict.first),
            cite(conflict.second),
        ]);
    }
    common::emit(format!(
        "Conflicts ({}):\n{conflicts}\n",
        result.conflicts().count()
    ))?;

    let mut breakdowns = common::table(&[
        "operation",
        "total",
        "parts",
        "parts sum",
        "unattributed",
        "status",
    ]);
    for b in &result.breakdowns {
        breakdowns.add_row(vec![
            b.operation.to_string(),
            cite(&b.total),
            b.parts.len().to_string(),
            b.parts_sum
                .map_or_else(|| "overflow".to_owned(), |s| s.to_string()),
            b.residual.map_or_else(|| "-".to_owned(), |r| r.to_string()),
            b.status.to_string(),
        ]);
    }
    common::emit(format!(
        "Breakdowns ({}):\n{breakdowns}\n",
        result.breakdowns.len()
    ))?;

    let mut checks = common::table(&["operation", "claim", "from case records", "status"]);
    for c in &result.case_checks {
        checks.add_row(vec![
            c.operation.to_string(),
            cite(&c.claim),
            if c.from_cases == u64::MAX {
                "life or indefinite".to_owned()
            } else {
                c.from_cases.to_string()
            },
            c.status.to_string(),
        ]);
    }
    common::emit(format!(
        "Case records against claims ({}):\n{checks}",
        result.case_checks.len()
    ))?;
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => failure.report("reconcile"),
    }
}
