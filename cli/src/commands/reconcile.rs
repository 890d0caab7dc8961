//! `outcomes reconcile`: conflicts between sources, what breakdowns leave
//! unattributed, and case records against the figures, each with its citations.

use investigation_outcomes::reconcile::{ClaimRef, Reconciliation, reconcile_operation};

use crate::input::Inputs;
use crate::output::{self, TableOrJson};
use crate::{Done, Failure};

/// Compare reported figures with each other, with their breakdowns and with the case
/// records.
///
/// Exits 0 when done (conflicts are findings, not failures), 1 on unreadable input,
/// 2 on wrong usage.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    inputs: Inputs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TableOrJson::Table)]
    format: TableOrJson,
}

/// A claim with its source and words; a paraphrase is marked, never put in quotes.
fn cite(claim: &ClaimRef) -> String {
    let words = if claim.paraphrase {
        format!("paraphrased: {}", claim.quote)
    } else {
        format!("\"{}\"", claim.quote)
    };
    format!(
        "{} {} ({}, {}): {words}",
        claim.quantity,
        claim.claim,
        claim.publisher.as_deref().unwrap_or(claim.source.as_str()),
        claim
            .dated
            .map_or_else(|| "undated".to_owned(), |d| d.to_string()),
    )
}

/// Runs the subcommand.
pub fn run(args: &Args) -> Result<Done, Failure> {
    // Operations are reconciled on every thread as they are read, and the results
    // appended in input order: JSON Lines is never held whole.
    let mut result = Reconciliation::default();
    args.inputs.fold_batches(
        |batch| {
            let mut part = Reconciliation::default();
            for operation in &batch.operations {
                reconcile_operation(operation, &mut part);
            }
            Ok(part)
        },
        |part| {
            result.append(part);
            Ok(())
        },
    )?;
    if args.format == TableOrJson::Json {
        output::emit_json(&result)?;
        return Ok(Done::Success);
    }

    // Written row by row: the case records' table alone has a row per
    // jurisdiction and metric of every operation. A blank line comes before every
    // section but the first.
    output::emit(format!("Conflicts ({}):", result.conflicts().count()))?;
    output::emit_table(
        [
            "operation",
            "metric",
            "scope",
            "kind",
            "one claim",
            "the other",
        ],
        || {
            result.conflicts().map(|(group, conflict)| {
                let scope = [
                    group.scope.area.map(|a| a.to_string()),
                    group.scope.agency.as_ref().map(|a| a.to_string()),
                    group.scope.period.map(|p| p.to_string()),
                ]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>();
                let scope = if scope.is_empty() {
                    "operation".to_owned()
                } else {
                    scope.join("/")
                };
                [
                    group.operation.to_string(),
                    group.metric.to_string(),
                    scope,
                    conflict.kind.to_string(),
                    cite(conflict.first),
                    cite(conflict.second),
                ]
            })
        },
    )?;
    output::emit(format!("\nBreakdowns ({}):", result.breakdowns.len()))?;
    output::emit_table(
        [
            "operation",
            "total",
            "parts",
            "parts sum",
            "unattributed",
            "status",
        ],
        || {
            result.breakdowns.iter().map(|b| {
                [
                    b.operation.to_string(),
                    cite(&b.total),
                    b.parts.len().to_string(),
                    b.parts_sum
                        .map_or_else(|| "overflow".to_owned(), |s| s.to_string()),
                    b.residual.map_or_else(|| "-".to_owned(), |r| r.to_string()),
                    b.status.to_string(),
                ]
            })
        },
    )?;
    output::emit(format!(
        "\nCase records against claims ({}):",
        result.case_checks.len()
    ))?;
    output::emit_table(
        ["operation", "claim", "from case records", "status"],
        || {
            result.case_checks.iter().map(|c| {
                [
                    c.operation.to_string(),
                    cite(&c.claim),
                    c.from_cases.to_string(),
                    c.status.to_string(),
                ]
            })
        },
    )?;
    output::emit(format!(
        "\nParticipants against reported countries ({}):",
        result.participant_checks.len()
    ))?;
    output::emit_table(["operation", "claim", "countries listed", "status"], || {
        result.participant_checks.iter().map(|p| {
            [
                p.operation.to_string(),
                format!("{} {}", p.quantity, p.claim),
                p.listed.to_string(),
                p.status.to_string(),
            ]
        })
    })?;
    output::emit(format!(
        "\nWhat the case records say ({}):",
        result.record_figures.len()
    ))?;
    output::emit_table(
        ["operation", "jurisdiction", "metric", "from case records"],
        || {
            result.record_figures.iter().map(|r| {
                [
                    r.operation.to_string(),
                    r.jurisdiction
                        .map_or_else(|| "all".to_owned(), |j| j.to_string()),
                    r.metric.to_string(),
                    r.figure.to_string(),
                ]
            })
        },
    )?;
    Ok(Done::Success)
}
