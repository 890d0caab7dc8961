//! What the tool's integration tests share: running `outcomes`, temporary files.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Write;
use std::process::{Command, Output, Stdio};

mod temp;

// Not every test binary uses both.
#[allow(unused_imports)]
pub use temp::{temp_dir, temp_file};

/// The bundled dataset as a file, written once from the library's copy (the tool's
/// package holds no data of its own).
pub fn operation_h() -> &'static str {
    static PATH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    PATH.get_or_init(|| {
        let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("operation-h.json");
        std::fs::write(&path, investigation_outcomes::Dataset::OPERATION_H_JSON).unwrap();
        path.to_str().unwrap().to_owned()
    })
}

/// `outcomes SUBCOMMAND`, ready for arguments.
pub fn command(subcommand: &str) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_outcomes"));
    command.arg(subcommand);
    command
}

/// Runs `outcomes SUBCOMMAND ARGS...`.
pub fn run(subcommand: &str, args: &[&str]) -> Output {
    command(subcommand).args(args).output().unwrap()
}

/// Runs `outcomes SUBCOMMAND ARGS...` with `input` on standard input.
pub fn run_with_input(subcommand: &str, args: &[&str], input: &[u8]) -> Output {
    let mut child = command(subcommand)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // A subcommand may stop reading early (a record too long): that is not a failure here.
    let _ = child.stdin.take().unwrap().write_all(input);
    child.wait_with_output().unwrap()
}

/// Standard output as text.
pub fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

/// Standard error as text.
pub fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

/// The exit code.
pub fn code(output: &Output) -> i32 {
    output.status.code().unwrap()
}
