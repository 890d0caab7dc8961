//! `outcomes bundled`: the datasets that come with the tool, to start from without
//! a file of one's own.

use clap::ValueEnum;
use investigation_outcomes::Dataset;

use crate::output;
use crate::{Done, Failure};

/// A dataset that comes with the tool.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Name {
    /// Operation H: every published figure of a New Zealand-led operation, 13
    /// sources from 11 publishers, and two sentences as case records.
    OperationH,
    /// NCMEC's CyberTipline reports received in 2020 to 2022: a yearly series.
    Cybertipline,
}

/// Print a bundled dataset as JSON, to save and try the other subcommands on.
///
/// Exits 0 when done, 2 on wrong usage.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Which dataset.
    #[arg(value_enum)]
    name: Name,
}

/// Runs the subcommand.
pub fn run(args: &Args) -> Result<Done, Failure> {
    let text = match args.name {
        Name::OperationH => Dataset::OPERATION_H_JSON,
        Name::Cybertipline => Dataset::CYBERTIPLINE_JSON,
    };
    output::emit(text.trim_end())?;
    Ok(Done::Success)
}
