//! `outcomes deidentify`: a de-identified copy of datasets for researchers.

use std::io::Write;
use std::path::PathBuf;

use clap::ValueEnum;
use investigation_outcomes::DatePrecision;
use investigation_outcomes::deidentify::{
    DeidentifyPolicy, KAnonymity, QuasiIdentifier, anonymise, write_csv,
};

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

/// How research rows are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum RowFormat {
    /// CSV: a header, then a line a case.
    Csv,
    /// JSON Lines: an object a case.
    JsonLines,
}

/// Write a de-identified research file: a row a case, every row one of at least --k.
///
/// Defendant and case identifiers become keyed pseudonyms (HMAC-SHA-256), dates are
/// coarsened to the month or year, age bands widened; court names, citations and
/// free text are dropped. Each case becomes a row (operation, pseudonyms,
/// jurisdiction, age band, event dates, offence kinds, numbers of charges and
/// convictions, custody and the custodial term in months). Then every row is made one
/// of at least --k rows that agree on what may be known of a defendant
/// (--quasi-identifiers): jurisdictions to countries, dates to years, wider age
/// bands, custodial terms to bands and numbers of charges top-coded as far as needed;
/// then the dates, age band and term of the rows still rare are suppressed, and the
/// rows rare after that withheld. The risk before and after, what was generalised,
/// suppressed and withheld go to standard error. Suppressing more than
/// --max-suppressed percent of the quasi-identifier values (a withheld row's every
/// value counting) is refused.
///
/// --records writes the case records instead (JSON Lines, an operation a line),
/// pseudonymised and coarsened but not k-anonymous: for data that stays under the
/// publisher's control.
///
/// Make a key with `head -c 32 /dev/urandom > research.key`; keep it, never share it.
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
    /// Every row one of at least N that agree on the quasi-identifiers.
    #[arg(long, value_name = "N", default_value_t = 5, value_parser = clap::value_parser!(u64).range(1..))]
    k: u64,
    /// What may be known of a defendant, comma-separated, of: jurisdiction, dates,
    /// age_band, offence_kinds, charges (their number and convictions),
    /// sentence_length (custody and the term) (by default all).
    #[arg(long, value_delimiter = ',', value_name = "LIST", value_parser = parse_known)]
    quasi_identifiers: Vec<QuasiIdentifier>,
    /// The largest percentage of quasi-identifier values that may be suppressed to
    /// reach k, every value of a withheld row counting.
    #[arg(long, value_name = "PERCENT", default_value_t = 5.0)]
    max_suppressed: f64,
    /// How to write the rows.
    #[arg(long, value_enum, default_value_t = RowFormat::Csv)]
    format: RowFormat,
    /// Write the pseudonymised case records, not k-anonymous rows.
    #[arg(long, conflicts_with_all = ["k", "quasi_identifiers", "max_suppressed", "format"])]
    records: bool,
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
    if args.records {
        args.inputs.for_each_operation(|mut operation| {
            policy.apply(&mut operation);
            output::json_line(&mut out, &operation, &mut open)
        })?;
        written(out.flush(), "<stdout>")?;
        return Ok(Done::Success);
    }
    // Classes are counted over the whole input: its rows are held in memory.
    let mut rows = Vec::new();
    args.inputs.for_each_operation(|operation| {
        rows.extend(policy.rows(&operation));
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
        max_suppressed_share: (args.max_suppressed / 100.0).clamp(0.0, 1.0),
        allow_more: false,
    };
    let anonymised = anonymise(rows, &k_anonymity)
        .map_err(|e| Failure::Data(format!("refusing to export: {e}")))?;
    eprintln!("{anonymised}");
    match args.format {
        RowFormat::Csv => {
            written(write_csv(&anonymised.rows, &mut out), "<stdout>")?;
        }
        RowFormat::JsonLines => {
            for row in &anonymised.rows {
                output::json_line(&mut out, row, &mut open)?;
            }
        }
    }
    written(out.flush(), "<stdout>")?;
    Ok(Done::Success)
}
