//! Hostile and malformed input to the tool: endless streams, byte-order marks and
//! requests too large to build, each refused with a message that says where, never
//! an abort.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::io::Write;
use std::process::Stdio;

use common::{operation_h, stderr};

mod common;

#[test]
fn endless_zeros_are_refused_at_the_record_limit_not_read_until_memory_runs_out() {
    let dir = common::temp_dir();
    for name in ["zero.jsonl", "zero.json"] {
        let link = dir.path().join(name);
        std::os::unix::fs::symlink("/dev/zero", &link).unwrap();
        let out = common::run(
            "validate",
            &["--max-record-bytes", "1000000", link.to_str().unwrap()],
        );
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        let message = stderr(&out);
        let path = link.to_str().unwrap();
        assert_eq!(message.matches(path).count(), 1, "the path once: {message}");
        let expected = if name.ends_with(".jsonl") {
            "line 1 is longer than the limit of 1000000 bytes"
        } else {
            "the document is longer than the limit of 1000000 bytes"
        };
        assert!(message.contains(expected), "{message}");
    }
    // On standard input, as summary reads it.
    let mut child = common::command("summary")
        .args(["--max-record-bytes", "1000000", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    // The binary stops reading at the limit; a closed pipe then ends the writing.
    let _ = stdin.write_all(&vec![0u8; 3_000_000]);
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("<stdin>: line 1 is longer than the limit of 1000000 bytes"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_leading_byte_order_mark_is_accepted() {
    let text = std::fs::read_to_string(operation_h()).unwrap();
    let path = common::temp_file("bom.json", format!("\u{feff}{text}").as_bytes());
    let out = common::run("validate", &[path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn generating_an_operation_too_large_to_build_is_refused() {
    let out = common::run("generate", &["--operations", "1", "--cases", "50000000"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("use --operations 50 or more"),
        "{}",
        stderr(&out)
    );
}
