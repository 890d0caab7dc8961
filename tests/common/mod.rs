//! What the integration tests share: running the examples, temporary files, the
//! disclosure oracle.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;
use std::process::{Command, Output};
use std::sync::Once;

pub mod oracle;

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
            let status = Command::new(env!("CARGO"))
                .args(["build", "--examples", "--quiet"])
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

/// A file in the temporary directory holding `contents`, its name ending in `name`.
/// It is removed when the value drops, also when the test fails.
pub fn temp_file(name: &str, contents: &[u8]) -> tempfile::TempPath {
    let mut file = tempfile::Builder::new()
        .prefix("investigation-outcomes-")
        .suffix(&format!("-{name}"))
        .tempfile()
        .unwrap();
    std::io::Write::write_all(&mut file, contents).unwrap();
    file.into_temp_path()
}

/// An empty directory in the temporary directory, removed with all it holds when
/// the value drops.
pub fn temp_dir() -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix("investigation-outcomes-")
        .tempdir()
        .unwrap()
}
