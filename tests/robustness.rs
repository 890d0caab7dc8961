//! No input makes the loader or the validator panic: arbitrary text, arbitrary JSON,
//! and the bundled dataset mutated at random. Whatever loads still round-trips, and
//! whatever fails says where.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use investigation_outcomes::validate::FindingCode;
use investigation_outcomes::{Dataset, Error, arbitrary, validate};
use proptest::prelude::*;
use serde_json::{Value, json};

const OPERATION_H: &str = include_str!("../data/operation-h.json");

/// Loads text; checks that a success round-trips and validates, and a failure is
/// located.
fn load_and_check(text: &str) -> Result<(), TestCaseError> {
    match Dataset::from_json_str(text) {
        Ok(dataset) => {
            let report = validate(&dataset);
            for finding in report.findings() {
                prop_assert!(finding.location.starts_with("operations["), "{}", finding);
                prop_assert!(!finding.message.is_empty());
            }
            let saved = dataset.to_json_string();
            prop_assert_eq!(Dataset::from_json_str(&saved).unwrap(), dataset);
        }
        Err(Error::Json(error)) => {
            prop_assert!(error.line >= 1, "{}", error);
            prop_assert!(!error.message.is_empty());
        }
        Err(Error::UnsupportedSchemaVersion { found, .. }) => prop_assert!(found != 1),
        Err(other) => prop_assert!(false, "unexpected error kind: {other}"),
    }
    Ok(())
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        interesting_string().prop_map(Value::from),
        any::<String>().prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::from),
            prop::collection::vec((field_name(), inner), 0..6)
                .prop_map(|fields| Value::Object(fields.into_iter().collect())),
        ]
    })
}

fn field_name() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "schema_version",
            "operations",
            "id",
            "name",
            "claims",
            "cases",
            "charges",
            "sentence",
            "components",
            "penalty",
            "kind",
            "term",
            "quantity",
            "metric",
            "scope",
            "area",
            "citation",
            "source",
            "events",
            "participants",
            "jurisdiction",
            "defendant",
            "status",
            "runs",
            "part_of",
            "as_of",
        ])
        .prop_map(str::to_owned),
        "[a-z_]{1,8}",
    ]
}

fn interesting_string() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "",
        "XX",
        "NZ",
        "AU-QLD",
        "rest-of:CA",
        "150",
        "999",
        "2019",
        "2019-13",
        "2019-02-30",
        "-1",
        "about",
        "about 90000",
        "just over 60 (precision 12)",
        "between 5 and 3",
        "fewer than 0",
        "life",
        "P5Y",
        "5y 2m",
        "030221",
        "12",
        "convicted",
        "imprisonment",
        "cumulative",
        "final",
        "varied_on_appeal",
        "NZD",
        "65+",
        "49-45",
        "a b",
        "18446744073709551615",
        "more than 18446744073709551615",
    ])
    .prop_map(str::to_owned)
}

/// Every path to a node of a JSON document, as pointer segments.
fn paths(value: &Value, prefix: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    out.push(prefix.clone());
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                prefix.push(key.clone());
                paths(child, prefix, out);
                prefix.pop();
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                prefix.push(index.to_string());
                paths(child, prefix, out);
                prefix.pop();
            }
        }
        _ => {}
    }
}

#[derive(Debug, Clone)]
enum Mutation {
    Replace(Value),
    Remove,
    DuplicateInParent,
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        4 => json_value().prop_map(Mutation::Replace),
        4 => interesting_string().prop_map(|s| Mutation::Replace(Value::from(s))),
        2 => Just(Mutation::Remove),
        1 => Just(Mutation::DuplicateInParent),
    ]
}

fn apply(document: &mut Value, path: &[String], mutation: Mutation) {
    let Some((last, parent_path)) = path.split_last() else {
        if let Mutation::Replace(v) = mutation {
            *document = v;
        }
        return;
    };
    let pointer: String = parent_path.iter().map(|s| format!("/{s}")).collect();
    let Some(parent) = document.pointer_mut(&pointer) else {
        return;
    };
    match (parent, mutation) {
        (Value::Object(map), Mutation::Replace(v)) => {
            map.insert(last.clone(), v);
        }
        (Value::Object(map), Mutation::Remove) => {
            map.remove(last);
        }
        (Value::Array(items), mutation) => {
            let index: usize = last.parse().unwrap();
            match mutation {
                Mutation::Replace(v) => items[index] = v,
                Mutation::Remove => {
                    items.remove(index);
                }
                Mutation::DuplicateInParent => {
                    let copy = items[index].clone();
                    items.push(copy);
                }
            }
        }
        _ => {}
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        load_and_check(&text)?;
    }

    #[test]
    fn arbitrary_json_never_panics(value in json_value()) {
        load_and_check(&value.to_string())?;
        let wrapped = json!({"schema_version": 1, "operations": [value]});
        load_and_check(&wrapped.to_string())?;
    }

    #[test]
    fn mutated_operation_h_never_panics(
        picks in prop::collection::vec((any::<prop::sample::Index>(), mutation()), 1..4)
    ) {
        let mut document: Value = serde_json::from_str(OPERATION_H).unwrap();
        for (pick, mutation) in picks {
            let mut all = Vec::new();
            paths(&document, &mut Vec::new(), &mut all);
            let path = pick.get(&all).clone();
            apply(&mut document, &path, mutation);
        }
        load_and_check(&document.to_string())?;
    }

    #[test]
    fn generated_datasets_validate_without_panicking(dataset in arbitrary::dataset()) {
        let report = validate(&dataset);
        for finding in report.findings() {
            prop_assert!(finding.location.starts_with("operations["), "{}", finding);
            // Every code is one of the stable codes, spelled as documented.
            prop_assert_eq!(finding.code.as_str().parse::<FindingCode>().unwrap(), finding.code);
            prop_assert!(!finding.message.is_empty());
        }
    }
}

#[test]
fn truncated_documents_fail_with_a_position() {
    for cut in (0..OPERATION_H.len()).step_by(997) {
        let Some(prefix) = OPERATION_H.get(..cut) else {
            continue;
        };
        match Dataset::from_json_str(prefix) {
            Err(Error::Json(error)) => assert!(error.line >= 1, "{error}"),
            other => panic!("a document cut at byte {cut} gave {other:?}"),
        }
    }
}
