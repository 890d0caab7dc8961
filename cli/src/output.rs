//! Writing results: standard output that ends quietly on a closed pipe, terminal
//! tables, output formats.

use std::io::Write;

use clap::ValueEnum;

use crate::Failure;

/// An output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A table for people to read.
    Table,
    /// CSV: a header row, then data rows.
    Csv,
    /// JSON.
    Json,
}

/// The formats of the subcommands that offer no CSV.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum TableOrJson {
    /// A table for people to read.
    Table,
    /// JSON.
    Json,
}

/// A write error, except that a closed pipe (`| head`) is `Ok(false)`: the output
/// ends quietly rather than with a panic or an error.
pub fn written(result: std::io::Result<()>, name: &str) -> Result<bool, Failure> {
    match result {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(false),
        Err(e) => Err(Failure::Data(format!("{name}: {e}"))),
    }
}

/// Writes `value` as one line of JSON to `out`, unless an earlier line found the pipe
/// closed (`open` is false then): the rest of the input is still read, but nothing
/// more is written.
pub fn json_line(
    out: &mut impl Write,
    value: &impl serde::Serialize,
    open: &mut bool,
) -> Result<(), Failure> {
    if *open {
        let line = serde_json::to_string(value).map_err(|e| Failure::Data(e.to_string()))?;
        *open = written(writeln!(out, "{line}"), "<stdout>")?;
    }
    Ok(())
}

/// Writes a line to standard output.
pub fn emit(text: impl std::fmt::Display) -> Result<(), Failure> {
    written(writeln!(std::io::stdout().lock(), "{text}"), "<stdout>").map(|_| ())
}

/// Writes `value` to standard output as pretty JSON.
pub fn emit_json(value: &impl serde::Serialize) -> Result<(), Failure> {
    emit(serde_json::to_string_pretty(value).map_err(|e| Failure::Data(e.to_string()))?)
}

/// A plain table for the terminal.
pub fn table(header: &[&str]) -> comfy_table::Table {
    let mut table = comfy_table::Table::new();
    table.set_header(header.iter().copied());
    table
}
