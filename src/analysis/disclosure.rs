//! Statistical disclosure control for tables of counts: suppression of small cells
//! (with secondary suppression) and random rounding with stable seeds.
//!
//! Small counts can identify people ("six children in this country"). Before a table
//! is published, [`protect`] applies, in order:
//!
//! 1. **Suppression**: a count below the threshold is withheld (zeros too, when asked).
//!    With secondary suppression, a row or column with exactly one withheld cell has a
//!    second cell withheld (its smallest other count, non-zero first), or failing that
//!    its total, so the first cannot be worked out from the total; this repeats until
//!    no row or column gives one away.
//! 2. **Random rounding** of every published cell, *including totals and subtotals,
//!    each rounded separately* (so a rounded table need not add up):
//!    - [`Rounding::Rr3`], Statistics New Zealand's random rounding to base 3: zeros
//!      and multiples of 3 stay; any other count goes to one of the two nearest
//!      multiples of 3, with probabilities that keep its expected value (17 becomes 15
//!      with probability 1/3 and 18 with probability 2/3);
//!    - [`Rounding::Graduated`], graduated random rounding for microdata output: base 3
//!      below 19, base 2 at 19, base 5 from 20 to 99, base 10 from 100 to 999 and base
//!      100 from 1,000 (Stats NZ *Microdata output guide*), each unbiased in the same
//!      way.
//!
//! **Stable seeds.** The random choice for a cell is a hash of the seed, the cell's row
//! and column labels and its value, so the same value in the same cell rounds the same
//! way in every table made with the same seed, and nothing can be learnt by
//! comparing tables.
//!
//! **The threshold is never crossed.** A count at or above the suppression threshold
//! is never rounded below it: it goes to the multiple above instead. This keeps the
//! rule that published values are at least the threshold, at the cost of a small
//! upward bias for counts just above it.
//!
//! # Example
//!
//! ```
//! use investigation_outcomes::disclosure::{protect, Cell, CountTable, Protection, Rounding};
//!
//! let table = CountTable::new(
//!     vec!["NZ".into(), "AU".into(), "GB".into()],
//!     vec!["convicted".into(), "pending".into()],
//!     vec![vec![40, 2], vec![120, 31], vec![75, 18]],
//! )?;
//! let protection = Protection {
//!     suppress_below: Some(6),
//!     rounding: Rounding::Rr3,
//!     seed: 2024,
//!     ..Protection::default()
//! };
//! let published = protect(&table, &protection);
//! // The 2 is withheld; then the 40 beside it (else NZ's total would give it away),
//! // the 18 below it, and the 75 beside that, so that no row or column has one alone.
//! let withheld = [(0, 1), (0, 0), (2, 1), (2, 0)];
//! for (r, c) in withheld {
//!     assert_eq!(published.cell(r, c), Cell::Suppressed);
//! }
//! // Every published value is a multiple of 3.
//! assert!(matches!(published.cell(1, 0), Cell::Value(v) if v % 3 == 0));
//! assert!(matches!(published.cell(1, 1), Cell::Value(v) if v % 3 == 0));
//! # Ok::<(), investigation_outcomes::disclosure::TableError>(())
//! ```

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::util::rng::stable_hash;

/// A table of counts with labelled rows and columns.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct CountTable {
    rows: Vec<String>,
    columns: Vec<String>,
    cells: Vec<Vec<u64>>,
}

/// A table whose cells do not match its labels.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid table: {0}")]
pub struct TableError(String);

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

/// How to round published counts.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rounding {
    /// No rounding.
    #[default]
    None,
    /// Random rounding to base 3 (Statistics New Zealand).
    Rr3,
    /// Graduated random rounding (Statistics New Zealand, microdata output).
    Graduated,
}

/// What protection to apply.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Protection {
    /// Withhold counts below this; `None` withholds nothing.
    pub suppress_below: Option<u64>,
    /// Withhold zeros as well (some agencies' rule); by default zeros are published.
    pub suppress_zeros: bool,
    /// Withhold second cells so that no withheld cell can be worked out from a total.
    pub secondary_suppression: bool,
    /// How to round what is published.
    pub rounding: Rounding,
    /// The seed of the random rounding.
    pub seed: u64,
}

impl Default for Protection {
    /// No suppression, no rounding, secondary suppression on (it applies only once
    /// something is suppressed).
    fn default() -> Self {
        Self {
            suppress_below: None,
            suppress_zeros: false,
            secondary_suppression: true,
            rounding: Rounding::None,
            seed: 0,
        }
    }
}

impl fmt::Display for Protection {
    /// A one-line statement of the protection, for the header of a published table.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        if let Some(t) = self.suppress_below {
            parts.push(format!(
                "counts below {t}{} suppressed{}",
                if self.suppress_zeros {
                    " (zeros included)"
                } else {
                    ""
                },
                if self.secondary_suppression {
                    ", with secondary suppression"
                } else {
                    ""
                }
            ));
        }
        match self.rounding {
            Rounding::None => {}
            Rounding::Rr3 => parts.push(format!("randomly rounded to base 3 (seed {})", self.seed)),
            Rounding::Graduated => {
                parts.push(format!("graduated random rounding (seed {})", self.seed))
            }
        }
        if parts.is_empty() {
            f.write_str("no disclosure control applied")
        } else {
            write!(f, "{}; totals protected separately", parts.join("; "))
        }
    }
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

/// A table ready to publish, with totals, and the protection applied.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
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
}

/// The label used for totals in rounding keys and headers.
pub const TOTAL: &str = "Total";

/// The base graduated random rounding uses for a count.
pub fn graduated_base(value: u64) -> u64 {
    match value {
        0..=18 => 3,
        19 => 2,
        20..=99 => 5,
        100..=999 => 10,
        _ => 100,
    }
}

/// Rounds `value` at random to one of the two nearest multiples of `base`, upward with
/// probability `(value mod base) / base`, so that the expected result is `value`.
/// The draw is a stable hash of `seed`, `cell` and `value`. A base of 0 or 1 leaves the
/// value as it is.
pub fn random_round(value: u64, base: u64, cell: &str, seed: u64) -> u64 {
    if base <= 1 {
        return value;
    }
    let remainder = value % base;
    if remainder == 0 {
        return value;
    }
    let lower = value - remainder;
    let mut key = Vec::with_capacity(cell.len() + 8);
    key.extend_from_slice(cell.as_bytes());
    key.extend_from_slice(&value.to_le_bytes());
    let draw = stable_hash(seed, &key) % base;
    if draw < remainder {
        lower.saturating_add(base)
    } else {
        lower
    }
}

fn round_cell(value: u64, cell: &str, protection: &Protection) -> u64 {
    let base = match protection.rounding {
        Rounding::None => return value,
        Rounding::Rr3 => 3,
        Rounding::Graduated => graduated_base(value),
    };
    let rounded = random_round(value, base, cell, protection.seed);
    match protection.suppress_below {
        // Never round a publishable count below the threshold.
        Some(threshold) if value >= threshold && rounded < threshold => value - value % base + base,
        _ => rounded,
    }
}

fn cell_key(row: &str, column: &str) -> String {
    // The unit separator cannot be confused with label text.
    format!("{row}\u{1f}{column}")
}

/// Applies suppression and rounding to a table; see the module documentation.
pub fn protect(table: &CountTable, protection: &Protection) -> ProtectedTable {
    let small = |v: u64| {
        protection
            .suppress_below
            .is_some_and(|t| v < t && (v > 0 || protection.suppress_zeros))
    };
    let row_sums: Vec<u64> = table.cells.iter().map(|r| r.iter().sum()).collect();
    let column_sums: Vec<u64> = (0..table.columns.len())
        .map(|c| {
            table
                .cells
                .iter()
                .map(|r| r.get(c).copied().unwrap_or(0))
                .sum()
        })
        .collect();
    let grand: u64 = row_sums.iter().sum();

    let mut hidden: Vec<Vec<bool>> = table
        .cells
        .iter()
        .map(|r| r.iter().map(|&v| small(v)).collect())
        .collect();
    let mut row_total_hidden: Vec<bool> = row_sums.iter().map(|&v| small(v)).collect();
    let mut column_total_hidden: Vec<bool> = column_sums.iter().map(|&v| small(v)).collect();
    if protection.secondary_suppression {
        secondary_suppression(
            table,
            &mut hidden,
            &mut row_total_hidden,
            &mut column_total_hidden,
        );
    }

    let publish = |value: u64, hidden: bool, key: String| {
        if hidden {
            Cell::Suppressed
        } else {
            Cell::Value(round_cell(value, &key, protection))
        }
    };
    let cells = table
        .cells
        .iter()
        .zip(&hidden)
        .zip(&table.rows)
        .map(|((row, hidden), label)| {
            row.iter()
                .zip(hidden)
                .zip(&table.columns)
                .map(|((&v, &h), column)| publish(v, h, cell_key(label, column)))
                .collect()
        })
        .collect();
    let row_totals = row_sums
        .iter()
        .zip(&row_total_hidden)
        .zip(&table.rows)
        .map(|((&v, &h), label)| publish(v, h, cell_key(label, TOTAL)))
        .collect();
    let column_totals = column_sums
        .iter()
        .zip(&column_total_hidden)
        .zip(&table.columns)
        .map(|((&v, &h), column)| publish(v, h, cell_key(TOTAL, column)))
        .collect();
    ProtectedTable {
        protection: *protection,
        rows: table.rows.clone(),
        columns: table.columns.clone(),
        cells,
        row_totals,
        column_totals,
        grand_total: publish(grand, small(grand), cell_key(TOTAL, TOTAL)),
    }
}

/// Withholds second cells (or totals) until no row or column with a published total
/// has exactly one withheld cell.
fn secondary_suppression(
    table: &CountTable,
    hidden: &mut [Vec<bool>],
    row_total_hidden: &mut [bool],
    column_total_hidden: &mut [bool],
) {
    let rows = table.rows.len();
    let columns = table.columns.len();
    // Each pass withholds at least one more cell or total, so this ends.
    loop {
        let mut changed = false;
        for r in 0..rows {
            let line: Vec<(usize, usize)> = (0..columns).map(|c| (r, c)).collect();
            changed |= fix_line(table, hidden, &line, row_total_hidden.get_mut(r));
        }
        for c in 0..columns {
            let line: Vec<(usize, usize)> = (0..rows).map(|r| (r, c)).collect();
            changed |= fix_line(table, hidden, &line, column_total_hidden.get_mut(c));
        }
        if !changed {
            break;
        }
    }
}

fn is_hidden(hidden: &[Vec<bool>], (r, c): (usize, usize)) -> bool {
    hidden
        .get(r)
        .and_then(|row| row.get(c))
        .copied()
        .unwrap_or(false)
}

/// For one row or column: if its total is published and exactly one of its cells is
/// withheld, withhold another (smallest non-zero first) or else the total.
fn fix_line(
    table: &CountTable,
    hidden: &mut [Vec<bool>],
    line: &[(usize, usize)],
    total_hidden: Option<&mut bool>,
) -> bool {
    let Some(total_hidden) = total_hidden else {
        return false;
    };
    if *total_hidden || line.iter().filter(|&&cell| is_hidden(hidden, cell)).count() != 1 {
        return false;
    }
    let candidate = line
        .iter()
        .filter(|&&cell| !is_hidden(hidden, cell))
        .min_by_key(|&&(r, c)| {
            let v = table.get(r, c);
            (v == 0, v)
        });
    match candidate.and_then(|&(r, c)| hidden.get_mut(r).and_then(|row| row.get_mut(c))) {
        Some(slot) => *slot = true,
        None => *total_hidden = true,
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn rr3(value: u64, cell: &str, seed: u64) -> u64 {
        round_cell(
            value,
            cell,
            &Protection {
                rounding: Rounding::Rr3,
                seed,
                ..Protection::default()
            },
        )
    }

    #[test]
    fn graduated_bases_follow_the_stats_nz_table() {
        let bases: Vec<u64> = [0, 18, 19, 20, 99, 100, 999, 1000, 50_000]
            .map(graduated_base)
            .to_vec();
        assert_eq!(bases, [3, 3, 2, 5, 5, 10, 10, 100, 100]);
    }

    #[test]
    fn seventeen_rounds_to_fifteen_a_third_of_the_time() {
        let fifteen = (0..30_000)
            .filter(|&seed| rr3(17, "cell", seed) == 15)
            .count();
        let share = fifteen as f64 / 30_000.0;
        assert!((share - 1.0 / 3.0).abs() < 0.02, "{share}");
    }

    #[test]
    fn tables_must_be_rectangular() {
        let err = CountTable::new(
            vec!["a".into()],
            vec!["x".into(), "y".into()],
            vec![vec![1]],
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid table: row 0 (\"a\") has 1 cells but there are 2 columns"
        );
        assert!(CountTable::new(vec![], vec![], vec![vec![]]).is_err());
    }

    #[test]
    fn a_lone_small_row_hides_its_total() {
        let table = CountTable::column("children", [("NZ".to_owned(), 6), ("AU".to_owned(), 44)]);
        let p = protect(
            &table,
            &Protection {
                suppress_below: Some(10),
                ..Protection::default()
            },
        );
        // NZ is withheld; in a one-column table AU is the only other cell.
        assert_eq!(p.cells, [[Cell::Suppressed], [Cell::Suppressed]]);
        assert_eq!(p.column_totals, [Cell::Value(50)]);
        let single = CountTable::column("children", [("NZ".to_owned(), 6)]);
        let p = protect(
            &single,
            &Protection {
                suppress_below: Some(10),
                ..Protection::default()
            },
        );
        assert_eq!(p.column_totals, [Cell::Suppressed]);
    }

    #[test]
    fn the_header_states_the_protection() {
        let protection = Protection {
            suppress_below: Some(6),
            rounding: Rounding::Graduated,
            seed: 9,
            ..Protection::default()
        };
        assert_eq!(
            protection.to_string(),
            "counts below 6 suppressed, with secondary suppression; graduated random rounding (seed 9); totals protected separately"
        );
        assert_eq!(
            Protection::default().to_string(),
            "no disclosure control applied"
        );
    }

    fn arb_table() -> impl Strategy<Value = CountTable> {
        (1usize..5, 1usize..5).prop_flat_map(|(rows, columns)| {
            prop::collection::vec(prop::collection::vec(0u64..40, columns), rows).prop_map(
                move |cells| {
                    CountTable::new(
                        (0..rows).map(|r| format!("r{r}")).collect(),
                        (0..columns).map(|c| format!("c{c}")).collect(),
                        cells,
                    )
                    .unwrap()
                },
            )
        })
    }

    proptest! {
        #[test]
        fn rr3_gives_multiples_of_three_and_keeps_zeros_and_multiples(value in 0u64..100_000, seed: u64, cell in "[a-z]{1,6}") {
            let rounded = rr3(value, &cell, seed);
            prop_assert_eq!(rounded % 3, 0);
            prop_assert!(rounded.abs_diff(value) < 3);
            if value % 3 == 0 {
                prop_assert_eq!(rounded, value);
            }
            prop_assert_eq!(rr3(value, &cell, seed), rounded);
        }

        #[test]
        fn graduated_rounding_uses_the_base_of_the_value(value in 0u64..100_000, seed: u64) {
            let p = Protection { rounding: Rounding::Graduated, seed, ..Protection::default() };
            let base = graduated_base(value);
            let rounded = round_cell(value, "cell", &p);
            prop_assert_eq!(rounded % base, 0);
            prop_assert!(rounded.abs_diff(value) < base);
            if value % base == 0 {
                prop_assert_eq!(rounded, value);
            }
        }

        // Over 4,000 seeds the mean of the rounded value is within 0.15 of the value for
        // base 3 and within 5% of the base for graduated rounding: several standard
        // errors of the mean (at most base / (2·√4000)).
        #[test]
        fn rounding_is_unbiased_over_seeds(value in 0u64..5_000, cell in "[a-z]{1,6}") {
            let n = 4_000u64;
            let rr3_mean = (0..n).map(|seed| rr3(value, &cell, seed)).sum::<u64>() as f64 / n as f64;
            prop_assert!((rr3_mean - value as f64).abs() < 0.15, "{} vs {}", rr3_mean, value);
            let p = |seed| Protection { rounding: Rounding::Graduated, seed, ..Protection::default() };
            let grr_mean = (0..n).map(|seed| round_cell(value, &cell, &p(seed))).sum::<u64>() as f64 / n as f64;
            let tolerance = 0.05 * graduated_base(value) as f64;
            prop_assert!((grr_mean - value as f64).abs() < tolerance, "{} vs {}", grr_mean, value);
        }

        #[test]
        fn rounding_never_crosses_the_threshold(value in 0u64..200, threshold in 1u64..30, seed: u64, graduated: bool) {
            let p = Protection {
                suppress_below: Some(threshold),
                rounding: if graduated { Rounding::Graduated } else { Rounding::Rr3 },
                seed,
                ..Protection::default()
            };
            if value >= threshold {
                prop_assert!(round_cell(value, "cell", &p) >= threshold);
            }
        }

        #[test]
        fn the_same_value_in_the_same_cell_rounds_alike_in_every_table(a in arb_table(), b in arb_table(), seed: u64) {
            let p = Protection { rounding: Rounding::Rr3, seed, ..Protection::default() };
            let (pa, pb) = (protect(&a, &p), protect(&b, &p));
            for r in 0..a.rows.len().min(b.rows.len()) {
                for c in 0..a.columns.len().min(b.columns.len()) {
                    if a.get(r, c) == b.get(r, c) {
                        prop_assert_eq!(pa.cell(r, c), pb.cell(r, c));
                    }
                }
            }
            prop_assert_eq!(protect(&a, &p), pa);
        }

        #[test]
        fn no_withheld_cell_can_be_recovered_from_a_total(table in arb_table(), threshold in 1u64..15) {
            let p = Protection { suppress_below: Some(threshold), ..Protection::default() };
            let published = protect(&table, &p);
            for (r, row) in published.cells.iter().enumerate() {
                let withheld = row.iter().filter(|c| **c == Cell::Suppressed).count();
                prop_assert!(withheld != 1 || published.row_totals[r] == Cell::Suppressed);
                for (c, cell) in row.iter().enumerate() {
                    let small = table.get(r, c) > 0 && table.get(r, c) < threshold;
                    prop_assert!(!small || *cell == Cell::Suppressed);
                }
            }
            for c in 0..table.columns.len() {
                let withheld = published.cells.iter().filter(|row| row[c] == Cell::Suppressed).count();
                prop_assert!(withheld != 1 || published.column_totals[c] == Cell::Suppressed);
            }
        }
    }
}
