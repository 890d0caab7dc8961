//! The cells of published tables: their identifiers, and what is published in each.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Identifies a cell of a [`LinkedTables`](super::LinkedTables): its index, in the order cells were added.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug, Serialize)]
#[serde(transparent)]
pub struct CellId(pub(crate) usize);

impl CellId {
    /// The cell with this index: the `index`-th cell added.
    pub fn from_index(index: usize) -> Self {
        CellId(index)
    }

    /// The cell's index.
    pub fn index(self) -> usize {
        self.0
    }
}

/// The cells of a table added to a [`LinkedTables`](super::LinkedTables).
///
/// Where a total would equal a single cell (the row total of a one-column table,
/// say), it *is* that cell: the same [`CellId`].
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct TableCells {
    /// The cells, row by row.
    pub cells: Vec<Vec<CellId>>,
    /// The total of each row; empty without row totals.
    pub row_totals: Vec<CellId>,
    /// The total of each column; empty without column totals.
    pub column_totals: Vec<CellId>,
    /// The grand total, with both row and column totals.
    pub grand_total: Option<CellId>,
}

/// A published cell: a value, or withheld.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cell {
    /// The published (possibly rounded) value.
    Value(u64),
    /// Withheld.
    Suppressed,
}

impl fmt::Display for Cell {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Cell::Value(v) => write!(f, "{v}"),
            Cell::Suppressed => f.write_str("S"),
        }
    }
}
