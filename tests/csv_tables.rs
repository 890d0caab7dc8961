//! CSV interchange: export then import gives the same dataset; bad cells are errors
//! that name the table, row and column.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::HashSet;

use investigation_outcomes::csv_tables::{Table, export, export_dir, import, import_dir};
use investigation_outcomes::{Dataset, Error, arbitrary};
use proptest::prelude::*;

fn export_all(dataset: &Dataset) -> Vec<(Table, Vec<u8>)> {
    Table::ALL
        .iter()
        .map(|&table| {
            let mut out = Vec::new();
            export(dataset, table, &mut out).unwrap();
            (table, out)
        })
        .collect()
}

fn import_all(tables: &[(Table, Vec<u8>)]) -> Result<Dataset, Error> {
    import(tables.iter().map(|(t, bytes)| (*t, bytes.as_slice())))
}

/// What CSV can carry: the identifiers it links rows by are unique, and optional texts
/// are not empty (an empty cell means absent).
fn representable(mut dataset: Dataset) -> Dataset {
    let mut operation_ids = HashSet::new();
    dataset
        .operations
        .retain(|op| operation_ids.insert(op.id.clone()));
    for op in &mut dataset.operations {
        let mut case_ids = HashSet::new();
        op.cases.retain(|case| case_ids.insert(case.id.clone()));
        for source in &mut op.sources {
            source.url = source.url.take().filter(|u| !u.is_empty());
            source.publisher = source.publisher.take().filter(|p| !p.is_empty());
            source.title = source.title.take().filter(|t| !t.is_empty());
        }
        for case in &mut op.cases {
            case.court = case.court.take().filter(|c| !c.is_empty());
            // Citations of a charge name it by its identifier.
            let mut charge_ids = HashSet::new();
            case.charges
                .retain(|charge| charge_ids.insert(charge.id.clone()));
        }
        if let Some(referral) = &mut op.referral {
            referral.note = referral.note.take().filter(|n| !n.is_empty());
        }
    }
    dataset
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn export_then_import_gives_the_same_dataset(dataset in arbitrary::dataset()) {
        let dataset = representable(dataset);
        let tables = export_all(&dataset);
        prop_assert_eq!(import_all(&tables).unwrap(), dataset);
    }
}

#[test]
fn the_bundled_dataset_round_trips_through_files() {
    let dataset = Dataset::from_json_str(include_str!("../data/operation-h.json")).unwrap();
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path();
    export_dir(&dataset, dir).unwrap();
    let claims = std::fs::read_to_string(dir.join("claims.csv")).unwrap();
    assert!(claims.contains("operation-h,rnz-persons-identified,persons_identified,,,about 90000,2022-03-02,rnz-2022-03-02,\"identified about 90,000 people sharing child abuse material\","));
    assert_eq!(import_dir(dir).unwrap(), dataset);
}

fn claims_csv(rows: &str) -> Result<Dataset, Error> {
    let operations = "id,name,aliases,lead_agency,partner_agencies,participants,started,ended,announced,referral_kind,referral_received,referral_from,referral_note\nop,Op,,,,NZ,,,,,,,\n";
    let claims =
        format!("operation,id,metric,area,agency,quantity,as_of,source,quote,part_of\n{rows}");
    import([
        (Table::Operations, operations.as_bytes()),
        (Table::Claims, claims.as_bytes()),
    ])
}

#[test]
fn claims_kept_in_a_spreadsheet_import() {
    let dataset =
        claims_csv("op,c1,arrests,NZ,,\"over 40\",2022-03,rnz,\"Forty-six people, here\",\n")
            .unwrap();
    let claim = &dataset.operations[0].claims[0];
    assert_eq!(claim.quantity.to_string(), "more than 40");
    assert_eq!(claim.citation.quote, "Forty-six people, here");
    // A table written before the paraphrase column existed reads as quotes.
    assert!(!claim.citation.paraphrase);
}

#[test]
fn a_paraphrase_is_marked_in_its_column() {
    let operations = "id,name,aliases,lead_agency,partner_agencies,participants,started,ended,announced,referral_kind,referral_received,referral_from,referral_note\nop,Op,,,,NZ,,,,,,,\n";
    let claims = |flag: &str| {
        format!(
            "operation,id,metric,area,agency,quantity,as_of,source,quote,part_of,paraphrase\nop,c1,arrests,AU-QLD,,58,,abc,QLD 58,,{flag}\n"
        )
    };
    let read = |flag: &str| {
        import([
            (Table::Operations, operations.as_bytes()),
            (Table::Claims, claims(flag).as_bytes()),
        ])
    };
    assert!(
        read("true").unwrap().operations[0].claims[0]
            .citation
            .paraphrase
    );
    assert!(
        !read("").unwrap().operations[0].claims[0]
            .citation
            .paraphrase
    );
    let message = read("yes").unwrap_err().to_string();
    assert!(
        message.starts_with("claims.csv: row 2, column paraphrase: expected true or nothing"),
        "{message}"
    );
}

#[test]
fn a_bad_cell_names_the_table_row_and_column() {
    let cases = [
        (
            "op,c1,arrests,NZ,,46,2022-03,rnz,q,\nop,c2,arrests,NZ,,about,2022-03,rnz,q,\n",
            "claims.csv: row 3, column quantity: invalid quantity \"about\": expected a whole number, optionally qualified, such as \"about 90000\"",
        ),
        (
            "op,c1,arrested,NZ,,46,,rnz,q,\n",
            "claims.csv: row 2, column metric: unknown metric \"arrested\"",
        ),
        (
            "op,c1,arrests,XX,,46,,rnz,q,\n",
            "claims.csv: row 2, column area: invalid area \"XX\"",
        ),
        (
            "op,c1,arrests,NZ,,46,2019-13,rnz,q,\n",
            "claims.csv: row 2, column as_of: invalid date \"2019-13\"",
        ),
        (
            "op,c1,arrests,NZ,,,,rnz,q,\n",
            "claims.csv: row 2, column quantity: a value is required",
        ),
        (
            "other,c1,arrests,NZ,,46,,rnz,q,\n",
            "claims.csv: row 2, column operation: operation \"other\" is not in the operations table",
        ),
    ];
    for (rows, expected) in cases {
        let message = claims_csv(rows).unwrap_err().to_string();
        assert!(message.starts_with(expected), "{message}");
    }
}

#[test]
fn the_header_must_name_the_columns() {
    let operations = "id,name,aliases,lead_agency,partner_agencies,participants,started,ended,announced,referral_kind,referral_received,referral_from,referral_note,colour\n";
    let err = import([(Table::Operations, operations.as_bytes())])
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("operations.csv: row 1, column colour: unknown column"),
        "{err}"
    );
    let err = import([(Table::Operations, "id,name\n".as_bytes())])
        .unwrap_err()
        .to_string();
    assert_eq!(
        err,
        "operations.csv: row 1, column aliases: the column is missing from the header"
    );
    let err = import(std::iter::empty::<(Table, &[u8])>())
        .unwrap_err()
        .to_string();
    assert!(err.contains("the operations table is required"), "{err}");
}

#[test]
fn rows_must_refer_to_known_cases() {
    let dataset = Dataset::from_json_str(include_str!("../data/operation-h.json")).unwrap();
    let mut tables = export_all(&dataset);
    let charges = &mut tables
        .iter_mut()
        .find(|(t, _)| *t == Table::Charges)
        .unwrap()
        .1;
    let text = String::from_utf8(charges.clone())
        .unwrap()
        .replace("au-vic-2021-06", "au-vic-2099");
    *charges = text.into_bytes();
    let err = import_all(&tables).unwrap_err().to_string();
    assert_eq!(
        err,
        "charges.csv: row 2, column case: case \"au-vic-2099\" is not in the cases table"
    );
}

/// The same tables as Parquet: typed columns, and the same dataset back.
#[cfg(feature = "parquet")]
mod parquet {
    use super::*;
    use investigation_outcomes::parquet_tables;

    fn export_all(dataset: &Dataset) -> Vec<(Table, Vec<u8>)> {
        Table::ALL
            .iter()
            .map(|&table| {
                let mut out = Vec::new();
                parquet_tables::export(dataset, table, &mut out).unwrap();
                (table, out)
            })
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn export_then_import_gives_the_same_dataset(dataset in arbitrary::dataset()) {
            let dataset = representable(dataset);
            prop_assert_eq!(parquet_tables::import(export_all(&dataset)).unwrap(), dataset);
        }
    }

    #[test]
    fn columns_are_typed() {
        use arrow_schema::DataType;
        let cases = parquet_tables::schema(Table::Cases);
        assert_eq!(
            cases.field_with_name("arrested").unwrap().data_type(),
            &DataType::Date32
        );
        assert!(matches!(
            cases
                .field_with_name("arrested_precision")
                .unwrap()
                .data_type(),
            DataType::Dictionary(..)
        ));
        let claims = parquet_tables::schema(Table::Claims);
        assert_eq!(
            claims.field_with_name("quantity_low").unwrap().data_type(),
            &DataType::UInt64
        );
        assert_eq!(
            claims.field_with_name("paraphrase").unwrap().data_type(),
            &DataType::Boolean
        );
        let charges = parquet_tables::schema(Table::Charges);
        assert!(matches!(
            charges.field_with_name("outcome").unwrap().data_type(),
            DataType::Dictionary(..)
        ));
        assert_eq!(
            charges.field_with_name("counts").unwrap().data_type(),
            &DataType::UInt32
        );
    }

    #[test]
    fn the_bundled_datasets_round_trip_through_a_directory() {
        for dataset in [
            Dataset::operation_h().unwrap(),
            Dataset::cybertipline().unwrap(),
        ] {
            let temp = tempfile::tempdir().unwrap();
            let dir = temp.path().join("tables");
            parquet_tables::export_dir(&dataset, &dir).unwrap();
            assert!(dir.join("charges.parquet").exists());
            assert_eq!(parquet_tables::import_dir(&dir).unwrap(), dataset);
        }
    }

    #[test]
    fn a_file_that_is_not_parquet_or_has_a_stray_column_is_an_error() {
        let error = parquet_tables::import([(Table::Operations, b"not parquet".to_vec())])
            .unwrap_err()
            .to_string();
        assert!(error.starts_with("operations.parquet: "), "{error}");

        // A cases file offered as the operations table has columns it lacks.
        let dataset = Dataset::operation_h().unwrap();
        let mut cases = Vec::new();
        parquet_tables::export(&dataset, Table::Cases, &mut cases).unwrap();
        let error = parquet_tables::import([(Table::Operations, cases)])
            .unwrap_err()
            .to_string();
        assert!(error.contains("unknown column"), "{error}");
    }
}
