//! `outcomes validate`: every finding of every rule, as a table or JSON.

use investigation_outcomes::OperationId;
use investigation_outcomes::validate::{Options, Report, Validator};

use crate::input::Inputs;
use crate::output::{self, TableOrJson};
use crate::{Done, Failure};

/// Check datasets and report every finding.
///
/// Exits 0 when no finding is an error (warnings allowed), 1 when the data has
/// errors or cannot be read, 2 on wrong usage.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    inputs: Inputs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TableOrJson::Table)]
    format: TableOrJson,
}

/// One operation's findings, and what it holds.
struct Checked {
    id: OperationId,
    findings: Report,
    claims: usize,
    cases: usize,
}

/// Runs the subcommand.
pub fn run(args: &Args) -> Result<Done, Failure> {
    // Operations are checked on every thread as they are read, and their findings
    // added in input order: JSON Lines is never held whole.
    let options = Options::default();
    let mut validator = Validator::new(&options);
    let (mut operations, mut claims, mut cases) = (0usize, 0usize, 0usize);
    args.inputs.fold_batches(
        |batch| {
            let checked = batch.operations.iter().zip(batch.first_operation..);
            Ok(checked
                .map(|(operation, index)| Checked {
                    id: operation.id.clone(),
                    findings: operation.check(index, &options),
                    claims: operation.claims.len(),
                    cases: operation.cases.len(),
                })
                .collect::<Vec<_>>())
        },
        |checked| {
            for operation in checked {
                validator.add_checked_operation(&operation.id, operation.findings);
                operations += 1;
                claims += operation.claims;
                cases += operation.cases;
            }
            Ok(())
        },
    )?;
    let report = validator.finish();
    let errors = report.errors().count();
    let warnings = report.warnings().count();
    match args.format {
        TableOrJson::Json => output::emit_json(&report)?,
        TableOrJson::Table => {
            if !report.is_clean() {
                output::emit_table(["severity", "code", "location", "message"], || {
                    report.findings().iter().map(|finding| {
                        [
                            finding.severity.to_string(),
                            finding.code.to_string(),
                            finding.location.clone(),
                            finding.message.clone(),
                        ]
                    })
                })?;
            }
            output::emit(format!(
                "{}, {} in {}, {} and {}",
                output::count(errors, "error"),
                output::count(warnings, "warning"),
                output::count(operations, "operation"),
                output::count(claims, "claim"),
                output::count(cases, "case")
            ))?;
        }
    }
    Ok(if errors == 0 {
        Done::Success
    } else {
        Done::DataHasErrors
    })
}
