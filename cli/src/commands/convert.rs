//! `outcomes convert`: between a JSON dataset, JSON Lines and a directory of CSV (or
//! Parquet) tables.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use clap::ValueEnum;
use investigation_outcomes::{Dataset, csv_tables};

use crate::input::Inputs;
use crate::output::{self, written};
use crate::{Done, Failure};

/// A layout of a dataset on disk.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Layout {
    /// One JSON document with `schema_version` and `operations`.
    Json,
    /// JSON Lines: one operation per line.
    Jsonl,
    /// A directory of CSV tables, one file per table (`operations.csv`, `cases.csv`, …).
    Csv,
    /// A directory of the same tables as typed Parquet files (`operations.parquet`, …;
    /// the tool built with the `parquet` feature).
    Parquet,
}

/// A layout of a dataset as a directory of tables.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Tables {
    /// CSV tables.
    Csv,
    /// Parquet tables (the tool built with the `parquet` feature).
    Parquet,
}

impl Layout {
    /// Whether the layout is a directory of tables.
    fn is_tables(self) -> bool {
        matches!(self, Layout::Csv | Layout::Parquet)
    }
}

/// Parquet without the feature: how to get it, rather than a bare refusal.
#[cfg(not(feature = "parquet"))]
fn parquet_missing() -> Failure {
    Failure::Usage(
        "this outcomes was built without Parquet: install it with `cargo install --path cli --features parquet` (from a clone of the repository)".to_owned(),
    )
}

/// Convert datasets between JSON, JSON Lines, CSV tables and (with the `parquet`
/// feature) Parquet tables.
///
/// Input is read as every other subcommand reads it (JSON or JSON Lines, by file name
/// or content), or as a directory of tables with --from csv or --from parquet.
/// Output goes to standard output for JSON and JSON Lines, or to the directory named
/// by --output (created when missing) for tables.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The layout to write.
    #[arg(long, value_enum)]
    to: Layout,
    /// Read each input as a directory of tables in this layout; without it, inputs
    /// are JSON or JSON Lines files.
    #[arg(long, value_enum)]
    from: Option<Tables>,
    /// Where to write: a file (JSON, JSON Lines) or a directory (tables); standard
    /// output by default, except for tables, which need a directory.
    #[arg(long, short, value_name = "PATH")]
    output: Option<PathBuf>,
    #[command(flatten)]
    inputs: Inputs,
}

fn io_failure(path: &Path, error: impl std::fmt::Display) -> Failure {
    Failure::Data(format!("{}: {error}", path.display()))
}

/// Runs the subcommand.
pub fn run(args: &Args) -> Result<Done, Failure> {
    let from_tables = args.from;
    #[cfg(not(feature = "parquet"))]
    if args.to == Layout::Parquet || from_tables == Some(Tables::Parquet) {
        return Err(parquet_missing());
    }
    if args.to.is_tables() && args.output.is_none() {
        return Err(Failure::Usage(format!(
            "--to {} writes a directory of tables: name it with --output DIR",
            args.to
                .to_possible_value()
                .map_or_else(String::new, |v| v.get_name().to_owned())
        )));
    }
    // JSON Lines out of JSON Lines streams; everything else holds the dataset.
    if args.to == Layout::Jsonl && from_tables.is_none() {
        let mut out = writer(args.output.as_deref())?;
        let mut open = true;
        args.inputs
            .for_each_operation(|operation| output::json_line(&mut out, &operation, &mut open))?;
        written(out.flush(), "<output>")?;
        return Ok(Done::Success);
    }
    let dataset = match from_tables {
        Some(layout) => {
            let mut operations = Vec::new();
            for dir in &args.inputs.files {
                let part = import_dir(layout, dir).map_err(|e| io_failure(dir, e))?;
                operations.extend(part.operations);
            }
            Dataset::new(operations)
        }
        None => args.inputs.read_dataset()?,
    };
    match args.to {
        Layout::Csv => {
            if let Some(dir) = &args.output {
                csv_tables::export_dir(&dataset, dir).map_err(|e| Failure::Data(e.to_string()))?;
            }
        }
        #[cfg(feature = "parquet")]
        Layout::Parquet => {
            if let Some(dir) = &args.output {
                investigation_outcomes::parquet_tables::export_dir(&dataset, dir)
                    .map_err(|e| Failure::Data(e.to_string()))?;
            }
        }
        #[cfg(not(feature = "parquet"))]
        Layout::Parquet => return Err(parquet_missing()),
        Layout::Json => {
            let mut out = writer(args.output.as_deref())?;
            let text = dataset.to_json_string();
            if written(writeln!(out, "{text}"), "<output>")? {
                written(out.flush(), "<output>")?;
            }
        }
        Layout::Jsonl => {
            let mut out = writer(args.output.as_deref())?;
            match dataset.to_json_lines(&mut out) {
                Err(investigation_outcomes::Error::Io { error: source, .. })
                    if source.kind() == std::io::ErrorKind::BrokenPipe => {}
                other => other.map_err(|e| Failure::Data(e.to_string()))?,
            }
            written(out.flush(), "<output>")?;
        }
    }
    Ok(Done::Success)
}

/// A dataset from a directory of tables in the layout given.
fn import_dir(layout: Tables, dir: &Path) -> Result<Dataset, investigation_outcomes::Error> {
    match layout {
        #[cfg(feature = "parquet")]
        Tables::Parquet => investigation_outcomes::parquet_tables::import_dir(dir),
        _ => csv_tables::import_dir(dir),
    }
}

fn writer(path: Option<&Path>) -> Result<Box<dyn Write>, Failure> {
    Ok(match path {
        None => Box::new(BufWriter::new(std::io::stdout().lock())),
        Some(path) => Box::new(BufWriter::new(
            std::fs::File::create(path).map_err(|e| io_failure(path, e))?,
        )),
    })
}
