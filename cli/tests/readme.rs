//! The README's tool examples, run as written, in order, in an empty folder with
//! `outcomes` on the PATH: each shown output is what the tool prints (`…` stands for
//! lines left out).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::Path;
use std::process::Command;

mod common;

/// The README: in the package, beside the manifest; in the repository, one up.
fn readme() -> String {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(here.join("README.md"))
        .or_else(|_| std::fs::read_to_string(here.join("../README.md")))
        .unwrap()
}

/// Each shell command of the README's `text` blocks, with the lines shown after it.
fn examples(readme: &str) -> Vec<(String, Vec<String>)> {
    let mut found: Vec<(String, Vec<String>)> = Vec::new();
    let mut in_block = false;
    for line in readme.lines() {
        if line.starts_with("```") {
            in_block = line == "```text";
            continue;
        }
        if !in_block {
            continue;
        }
        if let Some(command) = line.strip_prefix("$ ") {
            found.push((command.to_owned(), Vec::new()));
        } else if let Some((_, shown)) = found.last_mut() {
            shown.push(line.to_owned());
        }
    }
    found
}

/// Whether `actual` holds the `shown` lines: all of them exactly when nothing is
/// left out, otherwise in order, with `…` for any run of lines.
fn matches(shown: &[String], actual: &[&str]) -> bool {
    if !shown.iter().any(|l| l == "…") {
        return shown.iter().map(String::as_str).eq(actual.iter().copied());
    }
    let mut rest = actual;
    let mut gap = false;
    for line in shown {
        if line == "…" {
            gap = true;
            continue;
        }
        let found = if gap {
            rest.iter().position(|l| l == line)
        } else {
            (rest.first() == Some(&line.as_str())).then_some(0)
        };
        match found {
            Some(at) => rest = &rest[at + 1..],
            None => return false,
        }
        gap = false;
    }
    gap || rest.is_empty()
}

#[test]
fn every_tool_example_in_the_readme_runs_as_shown() {
    let examples = examples(&readme());
    assert!(examples.len() >= 15, "{} examples", examples.len());
    let dir = common::temp_dir();
    let binary = Path::new(env!("CARGO_BIN_EXE_outcomes"));
    let path = format!(
        "{}:{}",
        binary.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    for (command, shown) in examples {
        let out = Command::new("sh")
            .args(["-c", &command])
            .current_dir(dir.path())
            .env("PATH", &path)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "$ {command}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let actual: Vec<&str> = stdout.lines().collect();
        assert!(
            matches(&shown, &actual),
            "$ {command}\nshown:\n{}\nprinted:\n{stdout}",
            shown.join("\n")
        );
    }
}

#[test]
fn left_out_lines_match_any_run_but_shown_lines_must_be_there() {
    let shown = |lines: &[&str]| lines.iter().map(|l| (*l).to_owned()).collect::<Vec<_>>();
    assert!(matches(&shown(&["a", "…", "d"]), &["a", "b", "c", "d"]));
    assert!(matches(&shown(&["a", "…"]), &["a", "b"]));
    assert!(!matches(&shown(&["a", "…", "e"]), &["a", "b", "c", "d"]));
    assert!(!matches(&shown(&["b", "…"]), &["a", "b"]));
    assert!(!matches(&shown(&["a"]), &["a", "b"]));
    assert!(matches(&shown(&[]), &[]));
}
