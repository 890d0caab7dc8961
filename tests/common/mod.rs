//! What the integration tests share: running the examples, temporary files, the
//! disclosure oracle.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;
use std::process::{Command, Output};
use std::sync::Once;

pub mod modular;
pub mod oracle;
mod temp;

// Not every test binary uses both.
#[allow(unused_imports)]
pub use temp::{temp_dir, temp_file};

/// An example program, built beside the test (`cargo test` builds examples).
pub fn binary(name: &str) -> PathBuf {
    static BUILD: Once = Once::new();
    let dir = std::env::current_exe()
        .unwrap()
        .parent()
        .unwrap()
        .parent()
        .unwrap()
        .join("examples");
    let path = dir.join(name);
    if !path.exists() {
        BUILD.call_once(|| {
            // This package's examples only: building the workspace's default members
            // would relink the tool, with other features, under the tool's tests.
            let status = Command::new(env!("CARGO"))
                .args([
                    "build",
                    "--examples",
                    "-p",
                    "investigation-outcomes",
                    "--quiet",
                ])
                .status()
                .unwrap();
            assert!(status.success());
        });
    }
    path
}

/// Runs an example program with arguments.
pub fn run(name: &str, args: &[&str]) -> Output {
    Command::new(binary(name)).args(args).output().unwrap()
}
