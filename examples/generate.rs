//! Writes a seeded synthetic dataset as JSON Lines, one operation per line.
//!
//! ```text
//! cargo run --release --example generate -- --operations 1000 --cases 1000000 --seed 7 > big.jsonl
//! ```

#![allow(clippy::print_stdout, clippy::print_stderr)]

mod common;

use std::io::{BufWriter, IsTerminal, Write};
use std::process::ExitCode;

use common::Failure;
use investigation_outcomes::synthetic::{Generator, SyntheticConfig};

const HELP: &str = "\
generate: write a seeded synthetic dataset as JSON Lines (one operation per line)

usage: generate [--operations N] [--cases N] [--seed S]

  --operations N   how many operations (default 10)
  --cases N        how many cases in all (default 1000)
  --seed S         the seed; the same seed gives the same bytes (default 0)
  -h, --help       this help

Progress goes to standard error when it is a terminal.";

/// A write error, except that a closed pipe (`| head`) just ends the output.
fn written(result: std::io::Result<()>) -> Result<bool, Failure> {
    match result {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(false),
        Err(e) => Err(Failure::Data(format!("<stdout>: {e}"))),
    }
}

fn run() -> Result<(), Failure> {
    use lexopt::prelude::*;
    let mut config = SyntheticConfig {
        seed: 0,
        operations: 10,
        cases: 1_000,
    };
    let mut parser = lexopt::Parser::from_env();
    while let Some(arg) = parser.next()? {
        match arg {
            Long("operations") => config.operations = parser.value()?.parse()?,
            Long("cases") => config.cases = parser.value()?.parse()?,
            Long("seed") => config.seed = parser.value()?.parse()?,
            Short('h') | Long("help") => {
                common::emit(HELP)?;
                return Ok(());
            }
            _ => return Err(arg.unexpected().into()),
        }
    }
    if config.operations == 0 && config.cases > 0 {
        return Err(Failure::Usage(
            "cases need at least one operation".to_owned(),
        ));
    }
    // Each operation is built whole in memory before it is written (about 700 bytes
    // a case), so keep operations to a size that fits.
    if config.cases.div_ceil(config.operations.max(1)) > MAX_CASES_PER_OPERATION {
        return Err(Failure::Usage(format!(
            "at most {MAX_CASES_PER_OPERATION} cases per operation: use --operations {} or more",
            config.cases.div_ceil(MAX_CASES_PER_OPERATION)
        )));
    }

    let progress = std::io::stderr().is_terminal();
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut cases_written = 0usize;
    for (index, operation) in Generator::new(config).enumerate() {
        cases_written += operation.cases.len();
        let line = serde_json::to_vec(&operation).map_err(|e| Failure::Data(e.to_string()))?;
        if !written(out.write_all(&line).and_then(|()| out.write_all(b"\n")))? {
            return Ok(());
        }
        if progress && (index + 1) % 10 == 0 {
            eprint!("\r{cases_written} of {} cases", config.cases);
        }
    }
    if !written(out.flush())? {
        return Ok(());
    }
    if progress {
        eprintln!("\r{cases_written} of {} cases", config.cases);
    }
    Ok(())
}

/// The most cases one generated operation may hold (about 700 MB in memory).
const MAX_CASES_PER_OPERATION: usize = 1_000_000;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => failure.report("generate"),
    }
}
