//! Two-way tables of counts, and a protected table ready to publish.

use serde::{Deserialize, Serialize};

use super::cell::{Cell, TableCells};
use super::error::TableError;
use super::exposure::{AuditReport, Exposure};
use super::protection::Protection;

/// A table of counts with labelled rows and columns.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(try_from = "TableFields")]
pub struct CountTable {
    rows: Vec<String>,
    columns: Vec<String>,
    cells: Vec<Vec<u64>>,
}

/// A table as written, checked by [`CountTable::new`] when read.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TableFields {
    rows: Vec<String>,
    columns: Vec<String>,
    cells: Vec<Vec<u64>>,
}

impl TryFrom<TableFields> for CountTable {
    type Error = TableError;

    fn try_from(fields: TableFields) -> Result<Self, TableError> {
        CountTable::new(fields.rows, fields.columns, fields.cells)
    }
}

impl CountTable {
    /// A table from row labels, column labels and rows of cells.
    ///
    /// # Errors
    ///
    /// [`TableError`] when the number of rows or of cells in a row does not match the
    /// labels.
    pub fn new(
        rows: Vec<String>,
        columns: Vec<String>,
        cells: Vec<Vec<u64>>,
    ) -> Result<Self, TableError> {
        if cells.len() != rows.len() {
            return Err(TableError(format!(
                "{} row labels but {} rows of cells",
                rows.len(),
                cells.len()
            )));
        }
        if let Some((i, row)) = cells
            .iter()
            .enumerate()
            .find(|(_, r)| r.len() != columns.len())
        {
            return Err(TableError(format!(
                "row {i} ({:?}) has {} cells but there are {} columns",
                rows.get(i).map_or("", String::as_str),
                row.len(),
                columns.len()
            )));
        }
        Ok(Self {
            rows,
            columns,
            cells,
        })
    }

    /// A one-column table from labelled counts.
    pub fn column(label: &str, counts: impl IntoIterator<Item = (String, u64)>) -> Self {
        let (rows, cells): (Vec<String>, Vec<Vec<u64>>) =
            counts.into_iter().map(|(l, v)| (l, vec![v])).unzip();
        Self {
            rows,
            columns: vec![label.to_owned()],
            cells,
        }
    }

    /// The row labels.
    pub fn rows(&self) -> &[String] {
        &self.rows
    }

    /// The column labels.
    pub fn columns(&self) -> &[String] {
        &self.columns
    }

    /// The count in a cell; 0 outside the table.
    pub fn get(&self, row: usize, column: usize) -> u64 {
        self.cells
            .get(row)
            .and_then(|r| r.get(column))
            .copied()
            .unwrap_or(0)
    }
}

/// A table ready to publish, with totals, the protection applied and its audit.
#[derive(Clone, PartialEq, Eq, Debug, Serialize)]
pub struct ProtectedTable {
    /// The protection applied.
    pub protection: Protection,
    /// The row labels.
    pub rows: Vec<String>,
    /// The column labels.
    pub columns: Vec<String>,
    /// The cells, row by row.
    pub cells: Vec<Vec<Cell>>,
    /// The total of each row.
    pub row_totals: Vec<Cell>,
    /// The total of each column.
    pub column_totals: Vec<Cell>,
    /// The total of the table.
    pub grand_total: Cell,
    /// The attacker's interval for every withheld cell or total.
    pub audit: AuditReport,
    #[serde(skip)]
    pub(crate) ids: TableCells,
}

impl ProtectedTable {
    /// A cell; [`Cell::Suppressed`] outside the table.
    pub fn cell(&self, row: usize, column: usize) -> Cell {
        self.cells
            .get(row)
            .and_then(|r| r.get(column))
            .copied()
            .unwrap_or(Cell::Suppressed)
    }

    /// The attacker's interval for a withheld cell; `None` for a published one.
    pub fn exposure(&self, row: usize, column: usize) -> Option<&Exposure> {
        let id = self.ids.cells.get(row).and_then(|r| r.get(column))?;
        self.audit.exposure(*id)
    }
}
