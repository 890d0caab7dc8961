//! Validates datasets and reports every finding, as a table or as JSON.
//!
//! ```text
//! cargo run --example validate -- data/operation-h.json
//! cargo run --example validate -- --format json big.jsonl
//! ```
//!
//! Exit codes: 0 when no finding is an error, 1 when the data has errors or cannot be
//! read, 2 on wrong usage.

#![allow(clippy::print_stdout, clippy::print_stderr)]

mod common;

use std::process::ExitCode;

use common::{Failure, Format};
use investigation_outcomes::validate::{Options, Validator};

const HELP: &str = "\
validate: check datasets and report every finding

usage: validate [--format table|json] FILE...

  FILE             a dataset: JSON, or JSON Lines (.jsonl, .ndjson); - reads standard input
  --format F       table (default) or json
  --max-record-bytes N  refuse a JSON document or JSON Lines line longer than N bytes
                        (default 268435456, 256 MiB)
  -h, --help       this help

Exit codes: 0 no errors (warnings allowed), 1 errors in the data or unreadable input, 2 wrong usage.";

fn run() -> Result<bool, Failure> {
    let Some((format, paths)) = common::format_and_files(HELP, &[Format::Table, Format::Json])?
    else {
        return Ok(true);
    };
    // Operations are checked as they are read: JSON Lines is never held whole.
    let options = Options::default();
    let mut validator = Validator::new(&options);
    let (mut operations, mut claims, mut cases) = (0usize, 0usize, 0usize);
    common::for_each_operation(&paths, |operation| {
        validator.add_operation(&operation);
        operations += 1;
        claims += operation.claims.len();
        cases += operation.cases.len();
    })?;
    let report = validator.finish();
    let errors = report.errors().count();
    let warnings = report.warnings().count();
    match format {
        Format::Json => {
            let json =
                serde_json::to_string_pretty(&report).map_err(|e| Failure::Data(e.to_string()))?;
            common::emit(json)?;
        }
        _ => {
            if !report.is_clean() {
                let mut table = common::table(&["severity", "code", "location", "message"]);
                for finding in report.findings() {
                    table.add_row(vec![
                        finding.severity.to_string(),
                        finding.code.to_string(),
                        finding.location.clone(),
                        finding.message.clone(),
                    ]);
                }
                common::emit(table)?;
            }
            common::emit(format!(
                "{errors} errors, {warnings} warnings in {operations} operations, {claims} claims and {cases} cases"
            ))?;
        }
    }
    Ok(errors == 0)
}

fn main() -> ExitCode {
    match run() {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(failure) => failure.report("validate"),
    }
}
