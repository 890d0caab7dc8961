//! `outcomes deidentify`: a de-identified copy of datasets for researchers.

use std::io::Write;
use std::path::PathBuf;

use clap::ValueEnum;
use investigation_outcomes::deidentify::{
    DeidentifyPolicy, KAnonymity, QuasiIdentifier, anonymise,
};
use investigation_outcomes::{Dataset, DatePrecision};

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
/// case records dropped. Then every record is made one of at least --k records that
/// agree on what may be known of a defendant (--quasi-identifiers): jurisdictions to
/// countries, dates to years and wider age bands as far as needed, and the records
/// still rare withheld. The risk before and after, what was generalised and how many
/// records were withheld go to standard error. More than --max-withheld percent of
/// the records withheld is refused.
///
/// Writes JSON Lines, one operation per line. Make a key with
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
    /// Every record one of at least N that agree on the quasi-identifiers (1: no
    /// k-anonymity, records streamed as they are read).
    #[arg(long, value_name = "N", default_value_t = 5, value_parser = clap::value_parser!(u64).range(1..))]
    k: u64,
    /// What may be known of a defendant, comma-separated, of: jurisdiction, dates,
    /// age_band, offence_kinds, charges (their number and outcomes), sentence_length
    /// (by default all).
    #[arg(long, value_delimiter = ',', value_name = "LIST", value_parser = parse_known)]
    quasi_identifiers: Vec<QuasiIdentifier>,
    /// The largest percentage of records that may be withheld to reach k.
    #[arg(long, value_name = "PERCENT", default_value_t = 5.0)]
    max_withheld: f64,
}

fn parse_known(text: &str) -> Result<QuasiIdentifier, String> {
    text.parse()
        .map_err(|e: investigation_outcomes::CodeError| e.to_string())
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
    if args.k == 1 {
        args.inputs.for_each_operation(|mut operation| {
            policy.apply(&mut operation);
            output::json_line(&mut out, &operation, &mut open)
        })?;
        written(out.flush(), "<stdout>")?;
        return Ok(Done::Success);
    }
    // Classes are counted over the whole input: it is held in memory.
    let mut operations = Vec::new();
    args.inputs.for_each_operation(|mut operation| {
        policy.apply(&mut operation);
        operations.push(operation);
        Ok(())
    })?;
    let declared: Vec<QuasiIdentifier> = if args.quasi_identifiers.is_empty() {
        QuasiIdentifier::ALL.to_vec()
    } else {
        args.quasi_identifiers.clone()
    };
    let k_anonymity = KAnonymity {
        k: usize::try_from(args.k).unwrap_or(usize::MAX),
        quasi_identifiers: declared,
        max_suppressed_share: (args.max_withheld / 100.0).clamp(0.0, 1.0),
        allow_more: false,
    };
    let anonymised = anonymise(&Dataset::new(operations), &k_anonymity)
        .map_err(|e| Failure::Data(format!("refusing to export: {e}")))?;
    eprintln!("{anonymised}");
    for operation in &anonymised.dataset.operations {
        output::json_line(&mut out, operation, &mut open)?;
    }
    written(out.flush(), "<stdout>")?;
    Ok(Done::Success)
}
