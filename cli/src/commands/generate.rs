//! `outcomes generate`: a seeded synthetic dataset as JSON Lines.

use std::io::{BufWriter, Write};

use investigation_outcomes::synthetic::{Generator, SyntheticConfig};

use crate::output::written;
use crate::{Done, Failure, progress};

/// The most cases one generated operation may hold: each operation is built whole in
/// memory before it is written (about 700 bytes a case, so about 700 MB).
const MAX_CASES_PER_OPERATION: usize = 1_000_000;

/// Write a seeded synthetic dataset as JSON Lines, one operation per line.
///
/// The same seed gives the same bytes.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// How many operations.
    #[arg(long, value_name = "N", default_value_t = 10)]
    operations: usize,
    /// How many cases in all.
    #[arg(long, value_name = "N", default_value_t = 1_000)]
    cases: usize,
    /// The seed.
    #[arg(long, value_name = "S", default_value_t = 0)]
    seed: u64,
}

/// Runs the subcommand.
pub fn run(args: &Args) -> Result<Done, Failure> {
    let config = SyntheticConfig {
        seed: args.seed,
        operations: args.operations,
        cases: args.cases,
    };
    if config.operations == 0 && config.cases > 0 {
        return Err(Failure::Usage(
            "cases need at least one operation".to_owned(),
        ));
    }
    if config.cases.div_ceil(config.operations.max(1)) > MAX_CASES_PER_OPERATION {
        return Err(Failure::Usage(format!(
            "at most {MAX_CASES_PER_OPERATION} cases per operation: use --operations {} or more",
            config.cases.div_ceil(MAX_CASES_PER_OPERATION)
        )));
    }
    let bar = progress::items(config.cases as u64, "cases");
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    for operation in Generator::new(config) {
        bar.inc(operation.cases.len() as u64);
        let line = serde_json::to_vec(&operation).map_err(|e| Failure::Data(e.to_string()))?;
        if !written(
            out.write_all(&line).and_then(|()| out.write_all(b"\n")),
            "<stdout>",
        )? {
            return Ok(Done::Success);
        }
    }
    written(out.flush(), "<stdout>")?;
    bar.finish_and_clear();
    Ok(Done::Success)
}
