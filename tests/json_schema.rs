//! The committed JSON Schema is the one the types generate, and a real JSON Schema
//! validator accepts the bundled dataset and rejects broken ones.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use investigation_outcomes::arbitrary;
use investigation_outcomes::json_schema::dataset_schema;
use investigation_outcomes::synthetic::SyntheticConfig;
use proptest::prelude::*;
use serde_json::{Value, json};

const COMMITTED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/schema/dataset.schema.json");

fn generated_text() -> String {
    serde_json::to_string_pretty(&dataset_schema()).unwrap() + "\n"
}

#[test]
fn the_committed_schema_is_up_to_date() {
    let generated = generated_text();
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        std::fs::write(COMMITTED, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(COMMITTED).unwrap_or_default();
    assert!(
        committed == generated,
        "schema/dataset.schema.json is out of date: run `UPDATE_SCHEMA=1 cargo test --test json_schema` and commit it"
    );
}

fn validator() -> jsonschema::Validator {
    jsonschema::validator_for(&dataset_schema()).unwrap()
}

#[test]
fn a_json_schema_validator_accepts_valid_datasets() {
    let validator = validator();
    let bundled: Value = serde_json::from_str(include_str!("../data/operation-h.json")).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&bundled)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    let synthetic = serde_json::to_value(
        SyntheticConfig {
            seed: 3,
            operations: 3,
            cases: 300,
        }
        .dataset(),
    )
    .unwrap();
    assert!(validator.is_valid(&synthetic));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// Whatever the crate writes, the schema accepts.
    #[test]
    fn the_schema_accepts_every_dataset_the_crate_writes(dataset in arbitrary::dataset()) {
        let document = serde_json::to_value(&dataset).unwrap();
        let errors: Vec<String> = validator()
            .iter_errors(&document)
            .map(|e| format!("{}: {e}", e.instance_path()))
            .collect();
        prop_assert!(errors.is_empty(), "{:?}", errors);
    }
}

#[test]
fn a_json_schema_validator_rejects_broken_datasets() {
    let validator = validator();
    let base: Value = serde_json::from_str(include_str!("../data/operation-h.json")).unwrap();
    let broken = [
        ("/operations/0/participants/0", json!("nz")),
        ("/operations/0/started", json!("2019-13")),
        ("/operations/0/claims/0/quantity", json!("about")),
        ("/operations/0/claims/0/metric", json!("arrested")),
        (
            "/operations/0/cases/0/sentence/components/0/penalty",
            json!({"kind": "imprisonment"}),
        ),
        ("/operations/0/cases/0/charges/0/counts", json!(0)),
        (
            "/operations/0/cases/0/sentence/components/0/penalty/term",
            json!(""),
        ),
        (
            "/operations/0/cases/0/sentence/components/0/penalty/term",
            json!("P"),
        ),
        ("/schema_version", json!("one")),
    ];
    for (pointer, value) in broken {
        let mut document = base.clone();
        *document.pointer_mut(pointer).unwrap() = value.clone();
        assert!(!validator.is_valid(&document), "{pointer} = {value}");
    }
    let mut unknown_field = base.clone();
    unknown_field["operations"][0]["colour"] = json!("red");
    assert!(!validator.is_valid(&unknown_field));
}
