//! `outcomes deidentify`: the copy it writes loads, validates and equals the
//! library's; weak settings are usage errors.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use investigation_outcomes::deidentify::DeidentifyPolicy;
use investigation_outcomes::{Dataset, DatePrecision, validate};

mod common;

const KEY: &[u8] = b"a key of thirty-two bytes, kept!";

#[test]
fn deidentify_writes_json_lines_that_load_and_validate() {
    let key = common::temp_file("deidentify.key", KEY);
    let data = common::operation_h();
    let out = common::run(
        "deidentify",
        &["--key-file", key.to_str().unwrap(), "--dates", "year", data],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let copy = Dataset::from_json_lines(out.stdout.as_slice()).unwrap();
    assert!(!validate(&copy).has_errors());
    let original = Dataset::from_path(data).unwrap();
    let policy = DeidentifyPolicy::new(KEY)
        .unwrap()
        .dates(DatePrecision::Year)
        .unwrap();
    assert_eq!(copy, original.deidentify(&policy));

    // Weak settings are refused with usage errors.
    let short = common::temp_file("short.key", b"short");
    let out = common::run("deidentify", &["--key-file", short.to_str().unwrap(), data]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("at least 16"));
    let out = common::run("deidentify", &[data]);
    assert_eq!(out.status.code(), Some(2));
    let out = common::run("deidentify", &["--help"]);
    assert!(out.status.success());
}
