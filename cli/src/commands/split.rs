//! `outcomes split`: a dataset as JSON Lines files of whole operations, for work in
//! parts (partial summaries merged with `outcomes merge`).

use std::io::{BufWriter, Write};
use std::path::PathBuf;

use crate::input::Inputs;
use crate::output::{self, written};
use crate::{Done, Failure};

/// Split datasets into JSON Lines parts of whole operations.
///
/// Writes PREFIX-1.jsonl … PREFIX-N.jsonl: operation i (from 0, in input order) goes
/// to part i mod N + 1, whole, so that summaries of the parts merge into the summary
/// of the whole (`outcomes summary --partial`, then `outcomes merge`). Prints the
/// files written and how many operations each holds.
///
/// Exits 0 when done, 1 on unreadable input or a file that cannot be written, 2 on
/// wrong usage.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// How many parts.
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..))]
    parts: u16,
    /// The start of each part's file name: `part` writes part-1.jsonl, part-2.jsonl, ….
    #[arg(long, value_name = "PREFIX", default_value = "part")]
    prefix: PathBuf,
    #[command(flatten)]
    inputs: Inputs,
}

/// Runs the subcommand.
pub fn run(args: &Args) -> Result<Done, Failure> {
    let paths: Vec<PathBuf> = (1..=args.parts)
        .map(|n| {
            let mut name = args.prefix.clone().into_os_string();
            name.push(format!("-{n}.jsonl"));
            PathBuf::from(name)
        })
        .collect();
    let mut files = Vec::with_capacity(paths.len());
    for path in &paths {
        let file = std::fs::File::create(path)
            .map_err(|e| Failure::Data(format!("{}: {e}", path.display())))?;
        files.push((BufWriter::new(file), true, 0usize));
    }
    let mut next = 0usize;
    args.inputs.for_each_operation(|operation| {
        let index = next % files.len().max(1);
        next += 1;
        if let Some((file, open, count)) = files.get_mut(index) {
            output::json_line(file, &operation, open)?;
            *count += 1;
        }
        Ok(())
    })?;
    for ((file, _, count), path) in files.iter_mut().zip(&paths) {
        let name = path.display().to_string();
        written(file.flush(), &name)?;
        output::emit(format!("{name}: {}", output::count(*count, "operation")))?;
    }
    Ok(Done::Success)
}
