//! Makes a de-identified copy of datasets for researchers: keyed pseudonyms for
//! defendants and cases, dates coarsened to the month or year, age bands widened,
//! court names and free text dropped. Writes JSON Lines, one operation per line.
//!
//! ```text
//! head -c 32 /dev/urandom > research.key   # keep this file; never share it
//! cargo run --example deidentify -- --key-file research.key data/operation-h.json > shared.jsonl
//! cargo run --example deidentify -- --key-file research.key --dates year --age-bands 10 big.jsonl
//! ```

#![allow(clippy::print_stdout, clippy::print_stderr)]

mod common;

use std::io::Write;
use std::process::ExitCode;

use common::Failure;
use investigation_outcomes::DatePrecision;
use investigation_outcomes::deidentify::DeidentifyPolicy;

const HELP: &str = "\
deidentify: a de-identified copy of datasets, for handing case records to researchers

usage: deidentify --key-file KEY [options] FILE...

  FILE              a dataset: JSON, or JSON Lines (.jsonl, .ndjson); - reads standard input
  --key-file KEY    the secret key of the pseudonyms (at least 16 bytes; keep it, never share it)
  --dates D         month (default) or year: how far to coarsen dates
  --age-bands N     widen age bands to N years (default 5, at least 5)
  --max-record-bytes N  refuse a JSON document or JSON Lines line longer than N bytes
                        (default 268435456, 256 MiB)
  -h, --help        this help

Writes JSON Lines, one operation per line, to standard output.
Exit codes: 0 done, 1 unreadable input or key, 2 wrong usage.";

fn run() -> Result<(), Failure> {
    use lexopt::prelude::*;
    let mut key_file: Option<String> = None;
    let mut dates = DatePrecision::Month;
    let mut age_bands = 5u8;
    let mut paths = Vec::new();
    let mut parser = lexopt::Parser::from_env();
    while let Some(arg) = parser.next()? {
        match arg {
            Long("key-file") => key_file = Some(parser.value()?.string()?),
            Long("dates") => {
                dates = match parser.value()?.string()?.as_str() {
                    "month" => DatePrecision::Month,
                    "year" => DatePrecision::Year,
                    other => {
                        return Err(Failure::Usage(format!(
                            "unknown date precision {other:?}: expected month or year"
                        )));
                    }
                }
            }
            Long("age-bands") => age_bands = parser.value()?.parse()?,
            Long("max-record-bytes") => common::set_max_record_bytes(parser.value()?.parse()?),
            Short('h') | Long("help") => {
                common::emit(HELP)?;
                return Ok(());
            }
            Value(path) => paths.push(path.string()?),
            _ => return Err(arg.unexpected().into()),
        }
    }
    let key_file = key_file.ok_or_else(|| Failure::Usage("--key-file is required".to_owned()))?;
    let key = std::fs::read(&key_file).map_err(|e| Failure::Data(format!("{key_file}: {e}")))?;
    let policy = DeidentifyPolicy::new(&key)
        .and_then(|p| p.dates(dates))
        .and_then(|p| p.age_bands(age_bands))
        .map_err(|e| Failure::Usage(e.to_string()))?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut closed = false;
    common::for_each_operation(&paths, |mut operation| {
        if closed {
            return;
        }
        policy.apply(&mut operation);
        let line = serde_json::to_string(&operation).unwrap_or_default();
        // A closed pipe (`| head`) ends the output quietly.
        closed = writeln!(out, "{line}").is_err();
    })?;
    let _ = out.flush();
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => failure.report("deidentify"),
    }
}
