//! Parquet interchange: the same flat tables as [`csv_tables`](crate::csv_tables),
//! with typed columns, for DuckDB, Polars, Spark and DataFusion. (Feature `parquet`.)
//!
//! Each table is one Parquet file (`<table>.parquet`) with the CSV table's columns,
//! typed:
//!
//! | values | Arrow type |
//! |---|---|
//! | code lists and jurisdictions (`kind`, `metric`, `outcome`, `jurisdiction`, `iccs`, …) | dictionary-encoded strings |
//! | dates (`started`, `as_of`, `arrested`, `offence_date`, …) | `Date32`, the first day, with a column `<name>_precision`: `year`, `month`, `day`, or `undated` for an event known to have happened on a date not known |
//! | `quantity` | its text form (`about 90000`), with the interval it stands for in `quantity_low` and `quantity_high` (`UInt64`; no high when unbounded) |
//! | `counts`, `hours` | `UInt32` |
//! | `amount` | `UInt64` |
//! | `paraphrase`, `interim`, `original` | `Boolean` |
//! | everything else (identifiers, names, quotes, terms, lists) | strings, as in CSV |
//!
//! An absent value is null. Exporting and importing give back the same dataset, under
//! the conditions of the CSV tables (unique identifiers where validation requires
//! them, no empty optional text). Import checks each value as CSV import does; an
//! error names the table, the row (row 2 is the first row of data, as in the CSV
//! table) and the column.
//!
//! ```
//! use investigation_outcomes::Dataset;
//! use investigation_outcomes::csv_tables::Table;
//! use investigation_outcomes::parquet_tables::{export, import};
//!
//! let dataset = Dataset::operation_h()?;
//! let mut tables = Vec::new();
//! for table in Table::ALL {
//!     let mut file = Vec::new();
//!     export(&dataset, table, &mut file)?;
//!     tables.push((table, file));
//! }
//! assert_eq!(import(tables)?, dataset);
//! # Ok::<(), investigation_outcomes::Error>(())
//! ```
//!
//! In DuckDB: `SELECT outcome, count(*) FROM 'tables/charges.parquet' GROUP BY outcome`.

use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::{Date32Type, Int32Type, UInt32Type, UInt64Type};
use arrow_array::{
    Array, ArrayRef, BooleanArray, Date32Array, DictionaryArray, RecordBatch, StringArray,
    UInt32Array, UInt64Array,
};
use arrow_schema::{DataType, Field, Schema};
use parquet::arrow::ArrowWriter;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

use crate::error::Error;
use crate::io::csv_tables::{Records, Table, export_files, import_records, rows};
use crate::io::dataset::Dataset;
use chrono::{Datelike, NaiveDate};

use crate::value::date::DatePrecision;
use crate::value::event_date::EventDate;
use crate::value::quantity::Quantity;

/// How a column of the CSV table is typed in Parquet.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Text,
    Code,
    Date,
    Quantity,
    Count,
    Amount,
    Flag,
}

fn kind(column: &str) -> Kind {
    match column {
        "started" | "ended" | "announced" | "referral_received" | "published" | "as_of"
        | "arrested" | "charged" | "pleaded" | "verdict" | "sentenced" | "sentence_varied"
        | "offence_date" | "outcome_date" => Kind::Date,
        "referral_kind"
        | "kind"
        | "jurisdiction"
        | "metric"
        | "area"
        | "age_band"
        | "sentence_status"
        | "statute_jurisdiction"
        | "iccs"
        | "outcome"
        | "currency"
        | "runs"
        | "on" => Kind::Code,
        "quantity" => Kind::Quantity,
        "counts" | "hours" => Kind::Count,
        "amount" => Kind::Amount,
        "paraphrase" | "interim" | "original" => Kind::Flag,
        _ => Kind::Text,
    }
}

const PRECISION: &str = "_precision";
const LOW: &str = "_low";
const HIGH: &str = "_high";

fn parquet_error(table: Table, message: impl std::fmt::Display) -> Error {
    Error::Parquet {
        table: table.name(),
        message: message.to_string(),
    }
}

fn dictionary() -> DataType {
    DataType::Dictionary(Box::new(DataType::Int32), Box::new(DataType::Utf8))
}

/// The table's Arrow schema.
pub fn schema(table: Table) -> Schema {
    let mut fields = Vec::new();
    for &column in table.columns() {
        match kind(column) {
            Kind::Text => fields.push(Field::new(column, DataType::Utf8, true)),
            Kind::Code => fields.push(Field::new(column, dictionary(), true)),
            Kind::Date => {
                fields.push(Field::new(column, DataType::Date32, true));
                fields.push(Field::new(
                    format!("{column}{PRECISION}"),
                    dictionary(),
                    true,
                ));
            }
            Kind::Quantity => {
                fields.push(Field::new(column, DataType::Utf8, true));
                fields.push(Field::new(format!("{column}{LOW}"), DataType::UInt64, true));
                fields.push(Field::new(
                    format!("{column}{HIGH}"),
                    DataType::UInt64,
                    true,
                ));
            }
            Kind::Count => fields.push(Field::new(column, DataType::UInt32, true)),
            Kind::Amount => fields.push(Field::new(column, DataType::UInt64, true)),
            Kind::Flag => fields.push(Field::new(column, DataType::Boolean, false)),
        }
    }
    Schema::new(fields)
}

fn precision_name(precision: DatePrecision) -> &'static str {
    match precision {
        DatePrecision::Year => "year",
        DatePrecision::Month => "month",
        DatePrecision::Day => "day",
    }
}

/// The arrays of one column of text cells.
fn arrays(table: Table, column: &str, cells: &[&str]) -> Result<Vec<ArrayRef>, Error> {
    let present = |cell: &&str| !cell.is_empty();
    let bad = |row: usize, e: &dyn std::fmt::Display| {
        parquet_error(table, format!("row {}, column {column}: {e}", row + 2))
    };
    Ok(match kind(column) {
        Kind::Text => vec![Arc::new(StringArray::from_iter(
            cells.iter().map(|c| Some(*c).filter(present)),
        ))],
        Kind::Code => vec![Arc::new(
            cells
                .iter()
                .map(|c| Some(*c).filter(present))
                .collect::<DictionaryArray<Int32Type>>(),
        )],
        Kind::Date => {
            let mut days = Vec::with_capacity(cells.len());
            let mut precisions = Vec::with_capacity(cells.len());
            for (row, cell) in cells.iter().enumerate() {
                let (day, precision) = match *cell {
                    "" => (None, None),
                    text => match text.parse::<EventDate>().map_err(|e| bad(row, &e))? {
                        EventDate::Undated => (None, Some("undated")),
                        EventDate::On(date) => {
                            let day =
                                i32::try_from(date.first_day_number()).map_err(|e| bad(row, &e))?;
                            (Some(day), Some(precision_name(date.precision())))
                        }
                    },
                };
                days.push(day);
                precisions.push(precision);
            }
            vec![
                Arc::new(Date32Array::from(days)),
                Arc::new(
                    precisions
                        .into_iter()
                        .collect::<DictionaryArray<Int32Type>>(),
                ),
            ]
        }
        Kind::Quantity => {
            let mut lows = Vec::with_capacity(cells.len());
            let mut highs = Vec::with_capacity(cells.len());
            for (row, cell) in cells.iter().enumerate() {
                match *cell {
                    "" => {
                        lows.push(None);
                        highs.push(None);
                    }
                    text => {
                        let interval = text
                            .parse::<Quantity>()
                            .map_err(|e| bad(row, &e))?
                            .interval();
                        lows.push(Some(interval.low()));
                        highs.push(interval.high());
                    }
                }
            }
            vec![
                Arc::new(StringArray::from_iter(
                    cells.iter().map(|c| Some(*c).filter(present)),
                )),
                Arc::new(UInt64Array::from(lows)),
                Arc::new(UInt64Array::from(highs)),
            ]
        }
        Kind::Count => vec![Arc::new(UInt32Array::from(numbers::<u32>(cells, &bad)?))],
        Kind::Amount => vec![Arc::new(UInt64Array::from(numbers::<u64>(cells, &bad)?))],
        Kind::Flag => vec![Arc::new(BooleanArray::from(
            cells.iter().map(|c| *c == "true").collect::<Vec<_>>(),
        ))],
    })
}

/// The numbers of a column of cells, null where a cell is empty.
fn numbers<T: std::str::FromStr>(
    cells: &[&str],
    bad: &dyn Fn(usize, &dyn std::fmt::Display) -> Error,
) -> Result<Vec<Option<T>>, Error>
where
    T::Err: std::fmt::Display,
{
    cells
        .iter()
        .enumerate()
        .map(|(row, cell)| match *cell {
            "" => Ok(None),
            text => text.parse::<T>().map(Some).map_err(|e| bad(row, &e)),
        })
        .collect()
}

/// Writes one table of the dataset as a Parquet file, uncompressed.
///
/// # Errors
///
/// [`Error::Parquet`] when writing fails.
pub fn export<W: Write + Send>(dataset: &Dataset, table: Table, writer: W) -> Result<(), Error> {
    let rows = rows(dataset, table);
    let mut columns = Vec::new();
    for (index, &column) in table.columns().iter().enumerate() {
        let cells: Vec<&str> = rows
            .iter()
            .map(|row| row.get(index).map_or("", String::as_str))
            .collect();
        columns.extend(arrays(table, column, &cells)?);
    }
    let schema = Arc::new(schema(table));
    let batch =
        RecordBatch::try_new(schema.clone(), columns).map_err(|e| parquet_error(table, e))?;
    let mut out =
        ArrowWriter::try_new(writer, schema, None).map_err(|e| parquet_error(table, e))?;
    out.write(&batch).map_err(|e| parquet_error(table, e))?;
    out.close().map_err(|e| parquet_error(table, e))?;
    Ok(())
}

/// Writes every table as `<dir>/<table>.parquet`, creating the directory (and its
/// parents) when it does not exist.
///
/// # Errors
///
/// [`Error::Io`] naming the directory or file when it cannot be created;
/// [`Error::Parquet`] when writing fails.
pub fn export_dir(dataset: &Dataset, dir: impl AsRef<Path>) -> Result<(), Error> {
    export_files(dir.as_ref(), "parquet", |table, file| {
        export(dataset, table, file)
    })
}

/// The text of a string cell, from plain or dictionary-encoded strings.
fn string_at(array: &dyn Array, row: usize) -> Option<Result<String, String>> {
    if array.is_null(row) {
        return None;
    }
    if let Some(strings) = array.as_string_opt::<i32>() {
        return Some(Ok(strings.value(row).to_owned()));
    }
    if let Some(strings) = array.as_string_opt::<i64>() {
        return Some(Ok(strings.value(row).to_owned()));
    }
    if let Some(codes) = array.as_dictionary_opt::<Int32Type>() {
        let key = codes.keys().value(row);
        let text = usize::try_from(key).ok().and_then(|key| {
            let values = codes.values().as_string_opt::<i32>()?;
            (key < values.len()).then(|| values.value(key).to_owned())
        });
        return Some(text.ok_or_else(|| "a dictionary key outside its values".to_owned()));
    }
    Some(Err(format!(
        "expected strings, found {}",
        array.data_type()
    )))
}

/// The text form of one cell, from the column's arrays.
fn cell(kind: Kind, arrays: &[&dyn Array], row: usize) -> Result<String, String> {
    let first = *arrays.first().ok_or("the column is missing")?;
    let text = match kind {
        Kind::Text | Kind::Code | Kind::Quantity => string_at(first, row).transpose()?,
        Kind::Date => {
            let precision = arrays.get(1).and_then(|p| string_at(*p, row)).transpose()?;
            match precision.as_deref() {
                None => None,
                Some("undated") => Some("undated".to_owned()),
                Some(precision) => {
                    let days = first
                        .as_primitive_opt::<Date32Type>()
                        .ok_or_else(|| format!("expected dates, found {}", first.data_type()))?;
                    if days.is_null(row) {
                        return Err(format!("a {precision} precision without a date"));
                    }
                    // Date32 counts days from 1970-01-01, day 719,163 of the common era.
                    let date = days
                        .value(row)
                        .checked_add(719_163)
                        .and_then(NaiveDate::from_num_days_from_ce_opt)
                        .ok_or("a date outside the calendar")?;
                    let (year, month, day) = (date.year(), date.month(), date.day());
                    Some(match precision {
                        "year" => format!("{year:04}"),
                        "month" => format!("{year:04}-{month:02}"),
                        "day" => format!("{year:04}-{month:02}-{day:02}"),
                        other => return Err(format!("unknown date precision {other:?}")),
                    })
                }
            }
        }
        Kind::Count => {
            let values = first
                .as_primitive_opt::<UInt32Type>()
                .ok_or_else(|| format!("expected UInt32, found {}", first.data_type()))?;
            (!values.is_null(row)).then(|| values.value(row).to_string())
        }
        Kind::Amount => {
            let values = first
                .as_primitive_opt::<UInt64Type>()
                .ok_or_else(|| format!("expected UInt64, found {}", first.data_type()))?;
            (!values.is_null(row)).then(|| values.value(row).to_string())
        }
        Kind::Flag => {
            let values = first
                .as_boolean_opt()
                .ok_or_else(|| format!("expected Boolean, found {}", first.data_type()))?;
            (!values.is_null(row) && values.value(row)).then(|| "true".to_owned())
        }
    };
    Ok(text.unwrap_or_default())
}

/// The records of one Parquet table, as the CSV import reads them.
fn records(table: Table, file: Vec<u8>) -> Result<Records<'static>, Error> {
    let reader = ParquetRecordBatchReaderBuilder::try_new(bytes::Bytes::from(file))
        .and_then(|builder| builder.build())
        .map_err(|e| parquet_error(table, e))?;
    let mut batches = Vec::new();
    for batch in reader {
        batches.push(batch.map_err(|e| parquet_error(table, e))?);
    }
    let expected = table.columns();
    let own = schema(table);
    let found = match batches.first() {
        Some(batch) => batch.schema(),
        None => Arc::new(own.clone()),
    };
    // Every field is a column of the table, or one derived from a typed column.
    if let Some(unknown) = found
        .fields()
        .iter()
        .find(|f| own.field_with_name(f.name()).is_err())
    {
        return Err(parquet_error(
            table,
            format!(
                "unknown column {}: expected {}",
                unknown.name(),
                expected.join(",")
            ),
        ));
    }
    let header: Vec<&'static str> = expected
        .iter()
        .copied()
        .filter(|c| found.field_with_name(c).is_ok())
        .collect();
    let mut rows = Vec::new();
    let mut line = 1u64;
    for batch in &batches {
        let columns: Vec<(Kind, Vec<&dyn Array>)> = header
            .iter()
            .map(|&column| {
                let named = |name: &str| batch.column_by_name(name).map(|a| a.as_ref());
                let arrays = match kind(column) {
                    Kind::Date => [named(column), named(&format!("{column}{PRECISION}"))]
                        .into_iter()
                        .flatten()
                        .collect(),
                    _ => named(column).into_iter().collect(),
                };
                (kind(column), arrays)
            })
            .collect();
        for row in 0..batch.num_rows() {
            line += 1;
            let mut record = csv::StringRecord::new();
            for ((kind, arrays), column) in columns.iter().zip(&header) {
                let text = cell(*kind, arrays, row).map_err(|e| {
                    parquet_error(table, format!("row {line}, column {column}: {e}"))
                })?;
                record.push_field(&text);
            }
            rows.push(Ok((line, record)));
        }
    }
    Ok(Records {
        table,
        header: header.iter().map(|c| (*c).to_owned()).collect(),
        records: Box::new(rows.into_iter()),
    })
}

/// Reads a dataset from Parquet tables, each the bytes of one file; all but the
/// operations table may be absent.
///
/// # Errors
///
/// [`Error::Parquet`] when a file is not Parquet, has a column the table does not
/// have or a column of the wrong type; [`Error::Csv`] naming the table, row and
/// column of a value that is not valid, as for CSV tables.
pub fn import(tables: impl IntoIterator<Item = (Table, Vec<u8>)>) -> Result<Dataset, Error> {
    let records = tables
        .into_iter()
        .map(|(table, file)| records(table, file))
        .collect::<Result<Vec<_>, _>>()?;
    import_records(records)
}

/// Reads the tables `<dir>/<table>.parquet`; all but `operations.parquet` may be
/// absent.
///
/// # Errors
///
/// As [`import`], and [`Error::Io`] when a file exists but cannot be read.
pub fn import_dir(dir: impl AsRef<Path>) -> Result<Dataset, Error> {
    let mut tables = Vec::new();
    for table in Table::ALL {
        let path = dir.as_ref().join(format!("{table}.parquet"));
        match std::fs::read(&path) {
            Ok(file) => tables.push((table, file)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && table != Table::Operations => {}
            Err(source) => {
                return Err(Error::Io {
                    path: Some(path),
                    error: source,
                });
            }
        }
    }
    import(tables)
}
