//! Linked tables: every published figure of a run as a cell, with the linear
//! relations and inequalities an attacker knows between them.

use super::cell::{CellId, TableCells};
use super::error::TableError;
use super::table::CountTable;

/// `Σ coefficient × cell = 0`: a linear relation an attacker knows.
///
/// `total = a + b` is the relation `total − a − b = 0`: terms `(total, 1)`,
/// `(a, −1)`, `(b, −1)`. Each cell appears at most once, with a coefficient other
/// than zero.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Relation {
    /// The cells and their coefficients.
    pub terms: Vec<(CellId, i64)>,
}

impl Relation {
    /// The cells of the relation.
    pub fn cells(&self) -> impl Iterator<Item = CellId> + '_ {
        self.terms.iter().map(|&(cell, _)| cell)
    }

    /// The coefficient of `cell`; 0 when it is not in the relation.
    pub fn coefficient(&self, cell: CellId) -> i64 {
        self.terms
            .iter()
            .find(|&&(c, _)| c == cell)
            .map_or(0, |&(_, k)| k)
    }
}

/// `smaller ≤ larger`: an inequality an attacker knows, such as "people convicted ≤
/// cases convicted" or "arrested ≤ identified".
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct AtMost {
    /// The cell that is at most the other.
    pub smaller: CellId,
    /// The cell that is at least the other.
    pub larger: CellId,
}

/// One or more tables as one problem: each figure is a cell with its true value, with
/// the linear relations between figures (a total and its parts, the same quantity in
/// two tables, any other combination that always holds) and the inequalities.
///
/// [`report::SummaryReport`](crate::report::SummaryReport) derives all of them from a
/// model of inner cells built from the records ([`InnerModel`](super::InnerModel)), so
/// that none can be forgotten; [`add_table`](Self::add_table) and
/// [`add_sum`](Self::add_sum) declare them by hand for tables made elsewhere.
///
/// This is the model an attacker is assumed to know. Protecting and auditing linked
/// tables as one problem is what stops a withheld cell of one table being worked
/// out from a total in another.
///
/// # Example
///
/// ```
/// use investigation_outcomes::disclosure::{CountTable, LinkedTables, Margins};
///
/// let mut tables = LinkedTables::new();
/// let by_country = CountTable::new(
///     vec!["NZ".into(), "AU".into()],
///     vec!["convicted".into(), "pending".into()],
///     vec![vec![40, 2], vec![120, 31]],
/// )?;
/// let counts = tables.add_table("people", &by_country, Margins::ALL)?;
/// // A second table states the convicted total again: the same quantity.
/// let convicted = tables.add_cell("funnel: convicted", 160);
/// let counted_convicted = counts.column_totals[0];
/// tables.add_same(convicted, counted_convicted)?;
/// assert_eq!(tables.len(), 10);
/// # Ok::<(), investigation_outcomes::disclosure::TableError>(())
/// ```
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct LinkedTables {
    labels: Vec<String>,
    values: Vec<u64>,
    relations: Vec<Relation>,
    at_most: Vec<AtMost>,
}

/// Which totals of a table are published.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct Margins {
    /// A total for each row (and, with column totals, the grand total).
    pub rows: bool,
    /// A total for each column (and, with row totals, the grand total).
    pub columns: bool,
}

impl Margins {
    /// Row totals, column totals and the grand total.
    pub const ALL: Margins = Margins {
        rows: true,
        columns: true,
    };
    /// The cells alone.
    pub const NONE: Margins = Margins {
        rows: false,
        columns: false,
    };
}

impl LinkedTables {
    /// No cells.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a cell with its true value.
    pub fn add_cell(&mut self, label: impl Into<String>, value: u64) -> CellId {
        self.labels.push(label.into());
        self.values.push(value);
        CellId(self.values.len() - 1)
    }

    /// Declares that `total` is the sum of `parts`.
    ///
    /// # Errors
    ///
    /// [`TableError`] when a cell is unknown, the total is among its parts, a part is
    /// named twice, or the values do not add up (they must: the relation is a fact
    /// about how the figures were made).
    pub fn add_sum(&mut self, total: CellId, parts: &[CellId]) -> Result<(), TableError> {
        if parts.contains(&total) {
            return Err(TableError(format!(
                "cell {:?} is among its own parts",
                self.label(total)
            )));
        }
        let terms: Vec<(CellId, i64)> = std::iter::once((total, 1))
            .chain(parts.iter().map(|&p| (p, -1)))
            .collect();
        self.add_relation(&terms)
    }

    /// Declares that `Σ coefficient × cell = 0`.
    ///
    /// # Errors
    ///
    /// [`TableError`] when a cell is unknown or named twice, a coefficient is zero, or
    /// the values do not satisfy the relation.
    pub fn add_relation(&mut self, terms: &[(CellId, i64)]) -> Result<(), TableError> {
        let mut seen = std::collections::BTreeSet::new();
        let mut sum: i128 = 0;
        for &(cell, coefficient) in terms {
            let value = self.values.get(cell.0).copied().ok_or_else(|| {
                TableError(format!("no cell {} in {} cells", cell.0, self.values.len()))
            })?;
            if coefficient == 0 {
                return Err(TableError(format!(
                    "cell {:?} has the coefficient 0",
                    self.label(cell)
                )));
            }
            if !seen.insert(cell) {
                return Err(TableError(format!(
                    "cell {:?} is named twice in one relation",
                    self.label(cell)
                )));
            }
            sum = i128::from(coefficient)
                .checked_mul(i128::from(value))
                .and_then(|x| sum.checked_add(x))
                .ok_or_else(|| TableError("a relation's sum overflows".to_owned()))?;
        }
        if sum != 0 {
            let first = terms.first().map_or("", |&(c, _)| self.label(c));
            return Err(TableError(format!(
                "the relation of {first:?} does not hold: its terms add up to {sum}, not 0"
            )));
        }
        self.relations.push(Relation {
            terms: terms.to_vec(),
        });
        Ok(())
    }

    /// Declares that `smaller ≤ larger`.
    ///
    /// # Errors
    ///
    /// [`TableError`] when a cell is unknown, the two are the same cell, or the values
    /// break the inequality.
    pub fn add_at_most(&mut self, smaller: CellId, larger: CellId) -> Result<(), TableError> {
        let value = |id: CellId| {
            self.values.get(id.0).copied().ok_or_else(|| {
                TableError(format!("no cell {} in {} cells", id.0, self.values.len()))
            })
        };
        if smaller == larger {
            return Err(TableError(format!(
                "cell {:?} cannot be at most itself",
                self.label(smaller)
            )));
        }
        let (a, b) = (value(smaller)?, value(larger)?);
        if a > b {
            return Err(TableError(format!(
                "{:?} is {a}, more than {:?} at {b}",
                self.label(smaller),
                self.label(larger)
            )));
        }
        self.at_most.push(AtMost { smaller, larger });
        Ok(())
    }

    /// Declares that two cells are the same quantity, published in two places.
    ///
    /// # Errors
    ///
    /// As [`add_sum`](Self::add_sum): the values must be equal.
    pub fn add_same(&mut self, a: CellId, b: CellId) -> Result<(), TableError> {
        self.add_sum(a, &[b])
    }

    /// Adds a table's cells and the totals `margins` names, with their relations.
    /// Labels are `name: row / column`.
    ///
    /// # Errors
    ///
    /// [`TableError`] when a total overflows.
    pub fn add_table(
        &mut self,
        name: &str,
        table: &CountTable,
        margins: Margins,
    ) -> Result<TableCells, TableError> {
        let (rows, columns) = (table.rows(), table.columns());
        let cells: Vec<Vec<CellId>> = rows
            .iter()
            .enumerate()
            .map(|(r, row)| {
                columns
                    .iter()
                    .enumerate()
                    .map(|(c, column)| {
                        self.add_cell(format!("{name}: {row} / {column}"), table.get(r, c))
                    })
                    .collect()
            })
            .collect();
        let total_of = |this: &mut Self, label: String, parts: Vec<CellId>| {
            if let [single] = parts.as_slice() {
                return Ok(*single);
            }
            let sum = parts
                .iter()
                .try_fold(0u64, |s, p| s.checked_add(this.value(*p)))
                .ok_or_else(|| TableError(format!("{label} overflows")))?;
            let total = this.add_cell(label, sum);
            this.add_sum(total, &parts)?;
            Ok::<_, TableError>(total)
        };
        let mut row_totals = Vec::new();
        if margins.rows {
            for (row, parts) in rows.iter().zip(&cells) {
                row_totals.push(total_of(
                    self,
                    format!("{name}: {row} / total"),
                    parts.clone(),
                )?);
            }
        }
        let mut column_totals = Vec::new();
        if margins.columns {
            for (c, column) in columns.iter().enumerate() {
                let parts = cells.iter().filter_map(|row| row.get(c).copied()).collect();
                column_totals.push(total_of(self, format!("{name}: all / {column}"), parts)?);
            }
        }
        let grand_total = if margins.rows && margins.columns && !rows.is_empty() {
            let grand = total_of(self, format!("{name}: all / total"), row_totals.clone())?;
            // The grand total is the sum of the column totals too. That follows from
            // the relations above, but stating it lets the cheap checks of protection
            // see it.
            if column_totals.len() > 1 && row_totals.len() > 1 {
                self.add_sum(grand, &column_totals)?;
            }
            Some(grand)
        } else {
            None
        };
        Ok(TableCells {
            cells,
            row_totals,
            column_totals,
            grand_total,
        })
    }

    /// How many cells.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// Whether there are no cells.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// A cell's label; empty for an unknown cell.
    pub fn label(&self, id: CellId) -> &str {
        self.labels.get(id.0).map_or("", String::as_str)
    }

    /// A cell's true value; 0 for an unknown cell.
    pub fn value(&self, id: CellId) -> u64 {
        self.values.get(id.0).copied().unwrap_or(0)
    }

    /// Every cell, in order.
    pub fn cells(&self) -> impl ExactSizeIterator<Item = CellId> + '_ {
        (0..self.values.len()).map(CellId)
    }

    /// The relations.
    pub fn relations(&self) -> &[Relation] {
        &self.relations
    }

    /// The inequalities.
    pub fn inequalities(&self) -> &[AtMost] {
        &self.at_most
    }
}
