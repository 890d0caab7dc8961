//! `outcomes reconcile`: conflicts between sources, what breakdowns leave
//! unattributed, and case records against the figures, each with its citations.

use investigation_outcomes::reconcile::{
    ClaimRef, ConflictKind, ConflictRef, FigureGroup, Reconciliation, reconcile_operation,
};
use investigation_outcomes::validate::{Finding, Options, Severity};

use crate::input::Inputs;
use crate::output::{self, TableOrJson};
use crate::{Done, Failure};

/// Compare reported figures with each other, with their breakdowns and with the case
/// records.
///
/// Data that fails validation is refused (its errors are named), unless
/// `--allow-invalid` is given: then the output says it was made from invalid data.
///
/// Exits 0 when done (conflicts are findings, not failures), 1 on unreadable or
/// invalid input, 2 on wrong usage.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    inputs: Inputs,
    /// Reconcile data that fails validation, marking the output as made from it.
    #[arg(long)]
    allow_invalid: bool,
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

/// A claim as a revision names it: its figure and its source's publication date.
fn dated_figure(claim: &ClaimRef) -> String {
    let date = claim
        .published
        .or(claim.dated)
        .map_or_else(|| "undated".to_owned(), |d| d.to_string());
    format!("{} ({date})", claim.quantity)
}

/// The kind of a conflict in words; a revision says what it revised.
fn conflict_kind(conflict: &ConflictRef<'_>) -> String {
    match conflict.kind {
        ConflictKind::Revision => format!(
            "revised from {} to {}",
            dated_figure(conflict.first),
            dated_figure(conflict.second)
        ),
        kind => kind.to_string(),
    }
}

/// The group's scope as the table shows it.
fn scope(group: &FigureGroup) -> String {
    let parts = [
        group.scope.area.map(|a| a.to_string()),
        group.scope.agency.as_ref().map(|a| a.to_string()),
        group.scope.period.map(|p| p.to_string()),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>();
    if parts.is_empty() {
        "operation".to_owned()
    } else {
        parts.join("/")
    }
}

/// What one batch of operations gives: their reconciliation and validation errors.
struct Part {
    reconciliation: Reconciliation,
    errors: Vec<Finding>,
}

/// Runs the subcommand.
pub fn run(args: &Args) -> Result<Done, Failure> {
    // Operations are validated and reconciled on every thread as they are read, and
    // the results appended in input order: JSON Lines is never held whole.
    let options = Options::default();
    let mut result = Reconciliation::default();
    let mut errors: Vec<Finding> = Vec::new();
    args.inputs.fold_batches(
        |batch| {
            let mut part = Part {
                reconciliation: Reconciliation::default(),
                errors: Vec::new(),
            };
            for (operation, index) in batch.operations.iter().zip(batch.first_operation..) {
                let findings = operation.check(index, &options);
                part.errors.extend(
                    findings
                        .findings()
                        .iter()
                        .filter(|f| f.severity == Severity::Error)
                        .cloned(),
                );
                reconcile_operation(operation, &mut part.reconciliation);
            }
            Ok(part)
        },
        |part| {
            result.append(part.reconciliation);
            errors.extend(part.errors);
            Ok(())
        },
    )?;
    if !errors.is_empty() && !args.allow_invalid {
        let listed: Vec<String> = errors.iter().map(|e| format!("  {e}")).collect();
        return Err(Failure::Data(format!(
            "refusing to reconcile data that fails validation ({}; reconcile it anyway with --allow-invalid):\n{}",
            output::count(errors.len(), "error"),
            listed.join("\n")
        )));
    }
    if args.format == TableOrJson::Json {
        if errors.is_empty() {
            output::emit_json(&result)?;
        } else {
            let mut json = serde_json::to_value(&result)
                .map_err(|e| Failure::Data(format!("cannot write JSON: {e}")))?;
            if let Some(object) = json.as_object_mut() {
                object.insert(
                    "invalid_data".to_owned(),
                    serde_json::json!({"errors": errors.len()}),
                );
            }
            output::emit_json(&json)?;
        }
        return Ok(Done::Success);
    }
    if !errors.is_empty() {
        output::emit(format!(
            "# made from data that fails validation: {} (see outcomes validate)\n",
            output::count(errors.len(), "error")
        ))?;
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
                [
                    group.operation.to_string(),
                    group.metric.to_string(),
                    scope(group),
                    conflict_kind(&conflict),
                    cite(conflict.first),
                    cite(conflict.second),
                ]
            })
        },
    )?;
    let contradictions = || {
        result
            .groups()
            .iter()
            .flat_map(|g| g.self_contradictions.iter().map(move |s| (g, s)))
    };
    output::emit(format!(
        "\nSources that contradict themselves ({}):",
        contradictions().count()
    ))?;
    // Each claim once, not each pair: a figure contradicts every other whose
    // interval it misses.
    output::emit_table(
        ["operation", "metric", "scope", "source", "its figures"],
        || {
            contradictions().map(|(group, contradiction)| {
                let claims: Vec<&ClaimRef> = contradiction
                    .claims
                    .iter()
                    .filter_map(|&i| group.claims.get(i))
                    .collect();
                let source = claims.first().map_or_else(
                    || contradiction.source.to_string(),
                    |c| {
                        format!(
                            "{} {}",
                            c.publisher.as_deref().unwrap_or(c.source.as_str()),
                            c.published
                                .map_or_else(|| "undated".to_owned(), |d| d.to_string())
                        )
                    },
                );
                [
                    group.operation.to_string(),
                    group.metric.to_string(),
                    scope(group),
                    source,
                    claims
                        .iter()
                        .map(|c| cite(c))
                        .collect::<Vec<_>>()
                        .join("\n"),
                ]
            })
        },
    )?;
    output::emit(format!("\nBreakdowns ({}):", result.breakdowns().len()))?;
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
            result.breakdowns().iter().map(|b| {
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
        result.case_checks().len()
    ))?;
    output::emit_table(
        ["operation", "claim", "from case records", "status"],
        || {
            result.case_checks().iter().map(|c| {
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
        "\nNot checked: no case records where they count ({}):",
        result.no_records().len()
    ))?;
    output::emit_table(["operation", "area", "claims"], || {
        result.no_records().iter().map(|n| {
            [
                n.operation.to_string(),
                n.area.map_or_else(
                    || "the operation holds no case records".to_owned(),
                    |a| a.to_string(),
                ),
                n.claims
                    .iter()
                    .map(|c| c.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            ]
        })
    })?;
    output::emit(format!(
        "\nParticipants against reported countries ({}):",
        result.participant_checks().len()
    ))?;
    output::emit_table(["operation", "claim", "countries listed", "status"], || {
        result.participant_checks().iter().map(|p| {
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
        result.record_figures().len()
    ))?;
    output::emit_table(
        [
            "operation",
            "jurisdiction",
            "metric",
            "unit",
            "from case records",
        ],
        || {
            result.record_figures().iter().map(|r| {
                [
                    r.operation.to_string(),
                    r.jurisdiction
                        .map_or_else(|| "all".to_owned(), |j| j.to_string()),
                    r.metric.to_string(),
                    r.unit.to_string(),
                    r.figure.to_string(),
                ]
            })
        },
    )?;
    Ok(Done::Success)
}
