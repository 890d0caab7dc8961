//! `outcomes`: the analyst's tool for datasets of investigation outcomes.
//!
//! Every subcommand reads JSON or JSON Lines (files or standard input), streams JSON
//! Lines a line at a time, shows progress on standard error when it is a terminal,
//! and exits 0 when done, 1 on unreadable or invalid data, 2 on wrong usage.

#![allow(clippy::print_stdout, clippy::print_stderr)]

mod commands;
mod input;
mod output;
mod pipeline;
mod progress;

use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};

/// Validate, summarise, reconcile, generate, convert, split and de-identify datasets
/// of investigation outcomes.
#[derive(Parser, Debug)]
#[command(name = "outcomes", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

// Each subcommand's help is the doc comment of its `Args`.
#[derive(Subcommand, Debug)]
#[allow(missing_docs)]
enum Command {
    Validate(commands::validate::Args),
    Summary(commands::summary::Args),
    Merge(commands::merge::Args),
    Reconcile(commands::reconcile::Args),
    Report(commands::report::Args),
    Generate(commands::generate::Args),
    Convert(commands::convert::Args),
    Split(commands::split::Args),
    Deidentify(commands::deidentify::Args),
    Bundled(commands::bundled::Args),
    /// Print a shell completion script.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
}

/// Why a subcommand stops early.
#[derive(Debug)]
pub enum Failure {
    /// Wrong usage: exit code 2.
    Usage(String),
    /// Unreadable or invalid data: exit code 1.
    Data(String),
}

impl Failure {
    fn report(self) -> ExitCode {
        match self {
            Failure::Usage(message) => {
                eprintln!("outcomes: {message}\ntry 'outcomes --help'");
                ExitCode::from(2)
            }
            Failure::Data(message) => {
                eprintln!("outcomes: {message}");
                ExitCode::from(1)
            }
        }
    }
}

/// What a subcommand that finished says: whether all was well.
pub enum Done {
    /// Exit 0.
    Success,
    /// Exit 1: the data has errors (the report says which).
    DataHasErrors,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Validate(args) => commands::validate::run(&args),
        Command::Summary(args) => commands::summary::run(&args),
        Command::Merge(args) => commands::merge::run(&args),
        Command::Reconcile(args) => commands::reconcile::run(&args),
        Command::Report(args) => commands::report::run(&args),
        Command::Generate(args) => commands::generate::run(&args),
        Command::Convert(args) => commands::convert::run(&args),
        Command::Split(args) => commands::split::run(&args),
        Command::Deidentify(args) => commands::deidentify::run(&args),
        Command::Bundled(args) => commands::bundled::run(&args),
        Command::Completions { shell } => {
            clap_complete::generate(
                shell,
                &mut Cli::command(),
                "outcomes",
                &mut std::io::stdout(),
            );
            Ok(Done::Success)
        }
    };
    match result {
        Ok(Done::Success) => ExitCode::SUCCESS,
        Ok(Done::DataHasErrors) => ExitCode::from(1),
        Err(failure) => failure.report(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_command_line_is_well_formed() {
        use clap::CommandFactory;
        super::Cli::command().debug_assert();
    }
}
