//! What the example binaries share: reading datasets, reporting failures, exit codes.

#![allow(dead_code, clippy::print_stderr)]

use std::io::{BufRead, Read};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};

use investigation_outcomes::{DEFAULT_MAX_RECORD_BYTES, Dataset, Error, Operation, OperationLines};

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

/// The largest JSON document or JSON Lines line the binaries read; `--max-record-bytes`.
static MAX_RECORD_BYTES: AtomicUsize = AtomicUsize::new(DEFAULT_MAX_RECORD_BYTES);

/// Sets the largest record the binaries read.
pub fn set_max_record_bytes(bytes: usize) {
    MAX_RECORD_BYTES.store(bytes, Ordering::Relaxed);
}

fn max_record_bytes() -> usize {
    MAX_RECORD_BYTES.load(Ordering::Relaxed)
}

/// Calls `add` with every operation of every input in turn. JSON Lines (`.jsonl`,
/// `.ndjson`, or detected on standard input) is read a line at a time, so that a large
/// file is never held whole; a JSON dataset is read whole. Nothing longer than the
/// record limit is read into memory.
pub fn for_each_operation(paths: &[String], mut add: impl FnMut(Operation)) -> Result<(), Failure> {
    if paths.is_empty() {
        return Err(Failure::Usage(
            "no input: name a dataset file, or - for standard input".to_owned(),
        ));
    }
    let limit = max_record_bytes();
    for path in paths {
        // Errors of files name the file already; standard input is named here.
        let mut stream = |lines: &mut dyn Iterator<Item = Result<Operation, Error>>, name: &str| {
            for operation in lines {
                add(operation.map_err(|e| Failure::Data(format!("{name}{e}")))?);
            }
            Ok::<(), Failure>(())
        };
        if path == "-" {
            // Look at the first non-blank line to tell JSON Lines from one document.
            let mut stdin = std::io::stdin().lock();
            let mut head = Vec::new();
            while head.iter().all(u8::is_ascii_whitespace) {
                let before = head.len();
                let room = (limit + 1).saturating_sub(head.len()) as u64;
                let read = (&mut stdin)
                    .take(room)
                    .read_until(b'\n', &mut head)
                    .map_err(|e| Failure::Data(format!("<stdin>: {e}")))?;
                if read == 0 || head.len() > limit || head.len() == before {
                    break;
                }
            }
            if head.len() > limit {
                return Err(Failure::Data(format!(
                    "<stdin>: line 1 is longer than the limit of {limit} bytes"
                )));
            }
            let first = String::from_utf8_lossy(&head).into_owned();
            let rest = std::io::Cursor::new(head).chain(stdin);
            if looks_like_json_lines(first.trim_start_matches('\u{feff}')) {
                let mut lines =
                    OperationLines::new(std::io::BufReader::new(rest)).max_line_bytes(limit);
                stream(&mut lines, "<stdin>: ")?;
            } else {
                let dataset = Dataset::from_reader_with_limit(rest, limit)
                    .map_err(|e| Failure::Data(format!("<stdin>: {e}")))?;
                dataset.operations.into_iter().for_each(&mut add);
            }
        } else if path.ends_with(".jsonl") || path.ends_with(".ndjson") {
            let mut lines = OperationLines::from_path(path)
                .map_err(|e| Failure::Data(e.to_string()))?
                .max_line_bytes(limit);
            stream(&mut lines, "")?;
        } else {
            Dataset::from_path_with_limit(path, limit)
                .map_err(|e| Failure::Data(e.to_string()))?
                .operations
                .into_iter()
                .for_each(&mut add);
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
            Long("max-record-bytes") => set_max_record_bytes(parser.value()?.parse()?),
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
