//! `outcomes deidentify`: a de-identified copy of datasets for researchers.

use std::io::Write;
use std::path::PathBuf;

use clap::ValueEnum;
use investigation_outcomes::DatePrecision;
use investigation_outcomes::deidentify::DeidentifyPolicy;

use crate::input::Inputs;
use crate::output::{self, written};
use crate::{Done, Failure};

/// How far dates are coarsened.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Dates {
    /// To the month.
    Month,
    /// To the year.
    Year,
}

/// Write a de-identified copy of datasets, for handing case records to researchers.
///
/// Defendant and case identifiers become keyed pseudonyms (HMAC-SHA-256), dates are
/// coarsened to the month or year, age bands widened, court names and free text on
/// case records dropped. Writes JSON Lines, one operation per line. Make a key with
/// `head -c 32 /dev/urandom > research.key`; keep it, never share it.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    inputs: Inputs,
    /// The secret key of the pseudonyms (a file of at least 16 bytes).
    #[arg(long, value_name = "KEY")]
    key_file: PathBuf,
    /// How far to coarsen dates.
    #[arg(long, value_enum, default_value_t = Dates::Month)]
    dates: Dates,
    /// Widen age bands to this many years (at least 5).
    #[arg(long, value_name = "N", default_value_t = 5)]
    age_bands: u8,
}

/// Runs the subcommand.
pub fn run(args: &Args) -> Result<Done, Failure> {
    let key = std::fs::read(&args.key_file)
        .map_err(|e| Failure::Data(format!("{}: {e}", args.key_file.display())))?;
    let dates = match args.dates {
        Dates::Month => DatePrecision::Month,
        Dates::Year => DatePrecision::Year,
    };
    let policy = DeidentifyPolicy::new(&key)
        .and_then(|p| p.dates(dates))
        .and_then(|p| p.age_bands(args.age_bands))
        .map_err(|e| Failure::Usage(e.to_string()))?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut open = true;
    args.inputs.for_each_operation(|mut operation| {
        policy.apply(&mut operation);
        output::json_line(&mut out, &operation, &mut open)
    })?;
    written(out.flush(), "<stdout>")?;
    Ok(Done::Success)
}
