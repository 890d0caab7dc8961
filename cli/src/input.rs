//! Reading datasets: files or standard input, JSON or JSON Lines, bounded, with
//! progress.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::PathBuf;

use clap::Args;
use indicatif::ProgressBar;
use investigation_outcomes::{DEFAULT_MAX_RECORD_BYTES, Dataset, Error, Operation, OperationLines};

use crate::Failure;
use crate::progress;

/// The datasets a subcommand reads.
#[derive(Args, Debug)]
pub struct Inputs {
    /// Datasets: JSON, or JSON Lines (.jsonl, .ndjson); - reads standard input.
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
    /// Refuse a JSON document or JSON Lines line longer than this many bytes.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_RECORD_BYTES)]
    pub max_record_bytes: usize,
}

/// How one input is laid out.
enum Layout {
    /// One operation per line, read a line at a time.
    JsonLines,
    /// One dataset document, read whole.
    Document,
}

fn layout_of_name(path: &std::path::Path) -> Layout {
    match path.extension().and_then(|e| e.to_str()) {
        Some("jsonl" | "ndjson") => Layout::JsonLines,
        _ => Layout::Document,
    }
}

/// Whether the first non-blank line is a whole object with an `id`: JSON Lines of
/// operations (a dataset document starts with its version instead).
fn looks_like_json_lines(first_line: &str) -> bool {
    let first = first_line.trim_start_matches('\u{feff}').trim();
    first.starts_with('{')
        && first.ends_with('}')
        && serde_json::from_str::<serde_json::Value>(first).is_ok_and(|v| v.get("id").is_some())
}

impl Inputs {
    /// Calls `add` with every operation of every input in turn. JSON Lines (by file
    /// name, or detected on standard input) is read a line at a time, so that a large
    /// file is never held whole; a dataset document is read whole. Nothing longer than
    /// the record limit is read into memory. Progress is shown in bytes read.
    pub fn for_each_operation(
        &self,
        mut add: impl FnMut(Operation) -> Result<(), Failure>,
    ) -> Result<(), Failure> {
        let total = self
            .files
            .iter()
            .map(|p| std::fs::metadata(p).map_or(0, |m| m.len()))
            .sum::<u64>();
        let bar = progress::bytes(total);
        let result = self.read_all(&bar, &mut add);
        bar.finish_and_clear();
        result
    }

    fn read_all(
        &self,
        bar: &ProgressBar,
        add: &mut dyn FnMut(Operation) -> Result<(), Failure>,
    ) -> Result<(), Failure> {
        let limit = self.max_record_bytes;
        for path in &self.files {
            if path.as_os_str() == "-" {
                let stdin = std::io::stdin().lock();
                let (head, rest) = first_line(bar.wrap_read(stdin), limit)?;
                let reader = std::io::Cursor::new(head.clone()).chain(rest);
                if looks_like_json_lines(&String::from_utf8_lossy(&head)) {
                    let lines = OperationLines::new(BufReader::new(reader)).max_line_bytes(limit);
                    stream(lines, "<stdin>: ", add)?;
                } else {
                    let dataset = Dataset::from_reader_with_limit(reader, limit)
                        .map_err(|e| Failure::Data(format!("<stdin>: {e}")))?;
                    dataset.operations.into_iter().try_for_each(&mut *add)?;
                }
                continue;
            }
            let file =
                File::open(path).map_err(|e| Failure::Data(format!("{}: {e}", path.display())))?;
            let reader = bar.wrap_read(file);
            match layout_of_name(path) {
                Layout::JsonLines => {
                    let lines = OperationLines::new(BufReader::new(reader))
                        .named(path)
                        .max_line_bytes(limit);
                    stream(lines, "", add)?;
                }
                Layout::Document => {
                    Dataset::from_reader_with_limit(reader, limit)
                        .map_err(|e| Failure::Data(format!("{}: {e}", path.display())))?
                        .operations
                        .into_iter()
                        .try_for_each(&mut *add)?;
                }
            }
        }
        Ok(())
    }

    /// Every operation of every input, held in one dataset.
    pub fn read_dataset(&self) -> Result<Dataset, Failure> {
        let mut operations = Vec::new();
        self.for_each_operation(|operation| {
            operations.push(operation);
            Ok(())
        })?;
        Ok(Dataset::new(operations))
    }
}

fn stream(
    lines: impl Iterator<Item = Result<Operation, Error>>,
    name: &str,
    add: &mut dyn FnMut(Operation) -> Result<(), Failure>,
) -> Result<(), Failure> {
    for operation in lines {
        add(operation.map_err(|e| Failure::Data(format!("{name}{e}")))?)?;
    }
    Ok(())
}

/// Reads up to and including the first non-blank line (at most `limit` bytes), to
/// tell JSON Lines from one document; gives it back with the rest of the stream.
fn first_line<R: Read>(reader: R, limit: usize) -> Result<(Vec<u8>, BufReader<R>), Failure> {
    let mut reader = BufReader::new(reader);
    let mut head = Vec::new();
    while head.iter().all(u8::is_ascii_whitespace) {
        let before = head.len();
        let room = (limit + 1).saturating_sub(head.len()) as u64;
        let read = (&mut reader)
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
    Ok((head, reader))
}
