//! What the example binaries share: reading datasets, reporting failures, exit codes.

#![allow(dead_code, clippy::print_stderr)]

use std::io::{BufRead, Read};
use std::process::ExitCode;

use investigation_outcomes::{Dataset, Error, Operation, OperationLines};

/// Why a binary stops early.
pub enum Failure {
    /// Wrong usage: exit code 2.
    Usage(String),
    /// Unreadable or invalid data: exit code 1.
    Data(String),
}

impl From<lexopt::Error> for Failure {
    fn from(error: lexopt::Error) -> Self {
        Failure::Usage(error.to_string())
    }
}

impl Failure {
    /// Prints the failure to standard error and gives the exit code.
    pub fn report(self, program: &str) -> ExitCode {
        match self {
            Failure::Usage(message) => {
                eprintln!("{program}: {message}\ntry '{program} --help'");
                ExitCode::from(2)
            }
            Failure::Data(message) => {
                eprintln!("{program}: {message}");
                ExitCode::from(1)
            }
        }
    }
}

/// Whether text holds JSON Lines of operations rather than one JSON dataset: its
/// first line is a whole object with an `id` (a dataset starts with its version).
fn looks_like_json_lines(text: &str) -> bool {
    let first = text
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim();
    first.starts_with('{')
        && first.ends_with('}')
        && serde_json::from_str::<serde_json::Value>(first).is_ok_and(|v| v.get("id").is_some())
}

fn read_one(path: &str) -> Result<Dataset, Failure> {
    let (name, text) = if path == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| Failure::Data(format!("<stdin>: {e}")))?;
        ("<stdin>", text)
    } else {
        let text =
            std::fs::read_to_string(path).map_err(|e| Failure::Data(format!("{path}: {e}")))?;
        (path, text)
    };
    let json_lines = path.ends_with(".jsonl")
        || path.ends_with(".ndjson")
        || (path == "-" && looks_like_json_lines(&text));
    let result: Result<Dataset, Error> = if json_lines {
        Dataset::from_json_lines(text.as_bytes())
    } else {
        Dataset::from_json_str(&text)
    };
    result.map_err(|e| Failure::Data(format!("{name}: {e}")))
}

/// Calls `add` with every operation of every input in turn. JSON Lines (`.jsonl`,
/// `.ndjson`, or detected on standard input) is read a line at a time, so that a large
/// file is never held whole; a JSON dataset is read whole.
pub fn for_each_operation(paths: &[String], mut add: impl FnMut(Operation)) -> Result<(), Failure> {
    if paths.is_empty() {
        return Err(Failure::Usage(
            "no input: name a dataset file, or - for standard input".to_owned(),
        ));
    }
    for path in paths {
        let mut stream = |lines: &mut dyn Iterator<Item = Result<Operation, Error>>, name: &str| {
            for operation in lines {
                add(operation.map_err(|e| Failure::Data(format!("{name}: {e}")))?);
            }
            Ok::<(), Failure>(())
        };
        if path == "-" {
            // Look at the first non-blank line to tell JSON Lines from one document.
            let mut stdin = std::io::stdin().lock();
            let mut head = String::new();
            while head.trim().is_empty() {
                let read = stdin
                    .read_line(&mut head)
                    .map_err(|e| Failure::Data(format!("<stdin>: {e}")))?;
                if read == 0 {
                    break;
                }
            }
            if looks_like_json_lines(&head) {
                let mut lines = OperationLines::new(std::io::Cursor::new(head).chain(stdin));
                stream(&mut lines, "<stdin>")?;
            } else {
                stdin
                    .read_to_string(&mut head)
                    .map_err(|e| Failure::Data(format!("<stdin>: {e}")))?;
                let dataset = Dataset::from_json_str(&head)
                    .map_err(|e| Failure::Data(format!("<stdin>: {e}")))?;
                dataset.operations.into_iter().for_each(&mut add);
            }
        } else if path.ends_with(".jsonl") || path.ends_with(".ndjson") {
            let mut lines =
                OperationLines::from_path(path).map_err(|e| Failure::Data(e.to_string()))?;
            stream(&mut lines, path)?;
        } else {
            read_one(path)?.operations.into_iter().for_each(&mut add);
        }
    }
    Ok(())
}

/// The output formats the binaries offer.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Csv,
    Json,
}

impl Format {
    pub fn parse(text: &str, allowed: &[Format]) -> Result<Format, Failure> {
        let format = match text {
            "table" => Format::Table,
            "csv" => Format::Csv,
            "json" => Format::Json,
            other => return Err(Failure::Usage(format!("unknown format {other:?}"))),
        };
        if allowed.contains(&format) {
            Ok(format)
        } else {
            Err(Failure::Usage(format!(
                "format {text:?} is not offered here"
            )))
        }
    }
}

/// A plain table for the terminal.
pub fn table(header: &[&str]) -> comfy_table::Table {
    let mut table = comfy_table::Table::new();
    table.set_header(header.iter().copied());
    table
}

/// Writes to standard output; a closed pipe (`| head`) ends the output quietly
/// rather than with a panic.
pub fn emit(text: impl std::fmt::Display) -> Result<(), Failure> {
    use std::io::Write;
    match writeln!(std::io::stdout().lock(), "{text}") {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(Failure::Data(format!("<stdout>: {e}")))
        }
        _ => Ok(()),
    }
}

/// Parses the arguments `[--format F] FILE...` and `--help` (which prints `help`):
/// `None` when help was asked for.
pub fn format_and_files(
    help: &str,
    allowed: &[Format],
) -> Result<Option<(Format, Vec<String>)>, Failure> {
    use lexopt::prelude::*;
    let mut format = Format::Table;
    let mut paths = Vec::new();
    let mut parser = lexopt::Parser::from_env();
    while let Some(arg) = parser.next()? {
        match arg {
            Long("format") => format = Format::parse(&parser.value()?.string()?, allowed)?,
            Short('h') | Long("help") => {
                emit(help)?;
                return Ok(None);
            }
            Value(path) => paths.push(path.string()?),
            _ => return Err(arg.unexpected().into()),
        }
    }
    Ok(Some((format, paths)))
}
