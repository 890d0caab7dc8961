//! Statistical disclosure control for tables of counts: suppression that passes an
//! audit against an attacker, and random rounding with stable seeds.
//!
//! Small counts can identify people ("six children in this country"). Before tables
//! are published, [`protect_linked`] (or [`protect`] for a single two-way table)
//! withholds and rounds cells, then proves with [`audit`] that what it withheld
//! cannot be worked out from what it published.
//!
//! # The attacker
//!
//! The attacker holds everything one run publishes and knows how it was made: which
//! cells add up to which totals, which figures in different tables are the same
//! quantity, that every count is a non-negative whole number, that published counts
//! are at least the threshold (or zero), and the rounding rule. This is the model of
//! sdcTable's `attack()` and of τ-Argus's audit.
//!
//! The crate writes it as a [`LinkedTables`]: every published figure is a cell, with
//! the linear relations between figures and the inequalities. For a summary run
//! ([`report::SummaryReport`](crate::report::SummaryReport)) these are not declared
//! by hand but derived from one model built from the records ([`InnerModel`]): every
//! count is a sum of inner cells, the cases classified at once by everything any
//! figure asks of them, so every relation between figures (a total and its parts,
//! the funnel's charged people as the counted people less those not charged, people
//! sentenced to custody as the kinds of custodial sentence) follows, and nothing can
//! be forgotten. Tables that share figures are one problem, so a total in one table
//! cannot undo a suppression in another.
//!
//! # The audit
//!
//! For each withheld cell, [`audit`] computes the attacker's interval: the minimum
//! and maximum of the cell over every assignment of non-negative values to the
//! withheld cells that agrees with every published value and every relation. These
//! are two linear programs per cell, solved exactly:
//!
//! - in rational arithmetic (`i128` fractions, every operation checked), by a primal
//!   simplex method (Dantzig's rule, and Bland's after a run of steps that do not
//!   move, so that it cannot cycle), so no floating-point tolerance can turn a
//!   disclosed cell into a protected one;
//! - one connected group of withheld cells at a time (cells are connected when a
//!   relation holds both), reusing one feasible basis for all of its cells;
//! - with the optimum rounded inward to whole numbers. For a two-way table with
//!   margins the relations are totally unimodular, so this is exactly the set of
//!   whole values the attacker can derive; for linked and hierarchical tables it is
//!   the linear relaxation, the same bound sdcTable and τ-Argus report (the whole
//!   values possible may be fewer).
//!
//! A rounded value `r` stands for every count that could have been rounded to `r`:
//! `[r − (b − 1), r + (b − 1)]` for base `b`, narrowed to counts that are publishable
//! (at least the threshold, or zero) and that the rule "never round below the
//! threshold" could have produced. For graduated rounding every base that could have
//! applied is considered.
//!
//! The audit uses the relations and inequalities it is given and no others. Cells
//! that are the same quantity (a relation `a − b = 0`) are one unknown, withheld or
//! published together. An inequality with a published side bounds the other; one
//! between two withheld cells is a row of the programs.
//!
//! # The protection guarantee
//!
//! With `suppress_below: Some(t)`, [`protect_linked`]:
//!
//! 1. withholds every count below `t` (*primary* cells; zeros too with
//!    `suppress_zeros`);
//! 2. withholds further cells (*complements*) until, in the attacker's problem with
//!    every published value exact (before rounding), no withheld cell is determined and
//!    every primary cell's interval is at least the **protection level** wide
//!    (`protection_level`, by default `t`): `high − low ≥ level`. A relation with a
//!    single withheld cell is caught at once; the rest by the linear programs. A
//!    complement is chosen from what exposes the cell: for a cell the relations
//!    determine, a published cell of a combination of relations in which it is the
//!    only withheld cell (found by exact elimination, as GaussSuppression does); for
//!    one held narrow by non-negativity or an inequality, a published cell of what
//!    holds it at its greatest; otherwise any cell that shares a relation with it.
//!    Among them, first one that leaves no relation with a lone withheld cell, then
//!    the smallest count that gives the width needed, else the largest. Zeros are never
//!    complements unless `nonstructural_zeros` is set: withholding a structural zero
//!    protects nothing, and an attacker can take it as 0;
//! 3. tries to publish complements again, largest first, keeping each release that
//!    leaves every cell protected, up to `minimise_trials` tries. The budget is a count
//!    of tries rather than seconds, so that the same tables give the same publication
//!    on every machine;
//! 4. rounds what is published, then audits the result with rounded values standing
//!    for their intervals, and fails rather than return a publication whose audit finds
//!    a primary cell narrower than the level or any withheld cell determined.
//!
//! Rounding only widens the attacker's intervals, so the guarantee of step 2 holds a
//! fortiori for the published, rounded tables.
//!
//! **What is not covered: insiders.** A person who is themselves counted in a
//! withheld 1 knows their own contribution, and may subtract it (the "singleton
//! problem"). The attacker model here is an outsider; a publisher who must guard
//! against insiders should use a protection level of at least twice the threshold, so
//! that subtracting one person still leaves an interval of at least the threshold.
//!
//! # Rounding
//!
//! - [`Rounding::Rr3`], Statistics New Zealand's random rounding to base 3: zeros and
//!   multiples of 3 stay; any other count goes to one of the two nearest multiples of
//!   3, with probabilities that keep its expected value (17 becomes 15 with probability
//!   1/3 and 18 with probability 2/3);
//! - [`Rounding::Graduated`], graduated random rounding for microdata output: base 3
//!   below 19, base 2 at 19, base 5 from 20 to 99, base 10 from 100 to 999 and base 100
//!   from 1,000 (Stats NZ *Microdata output guide*), each unbiased in the same way.
//!
//! Every published cell is rounded, **totals included, each independently** (Stats NZ
//! practice), so a rounded table need not add up. What this protects: any single
//! published value, whose true value is uncertain within `b − 1` either way. What it
//! does not protect on its own: a total and its parts together narrow each other (a
//! total rounded to 3 over parts rounded to 0 and 3 leaves the first part at most 2),
//! which is why a suppressed and rounded table is audited with every rounded value as
//! an interval, not rounding relied on alone.
//!
//! **Stable seeds.** The random choice for a cell is a hash of the seed, the cell's
//! label and its value, so the same value in the same cell rounds the same way in every
//! table made with the same seed. A quantity that appears in two linked tables is
//! rounded once, under the label of its first appearance, so comparing the two copies
//! gives nothing away. A count at or above the threshold is never rounded below it:
//! it goes to the multiple above instead.
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
//! let published = protect(&table, &protection)?;
//! assert_eq!(published.cell(0, 1), Cell::Suppressed);
//! // The audit: nothing withheld can be worked out, and the 2 could be anything
//! // across an interval at least 6 wide.
//! assert_eq!(published.audit.determined().count(), 0);
//! assert!(published.exposure(0, 1).unwrap().is_wider_than(6));
//! // Every published value is a multiple of 3.
//! for cell in published.cells.iter().flatten().chain(&published.row_totals) {
//!     assert!(matches!(cell, Cell::Value(v) if v % 3 == 0) || *cell == Cell::Suppressed);
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

// Imports run one way, from the values up: error, protection, cell → exposure,
// table → linked → model, audit → suppress; this module only gathers them.
mod audit;
mod cell;
mod derivation;
pub(crate) mod error;
mod exposure;
mod linked;
mod model;
mod protection;
mod rational;
mod rounding;
mod simplex;
mod suppress;
mod table;
mod witness;

pub use audit::{MAX_TABLEAU_ENTRIES, audit};
pub use cell::{Cell, CellId, TableCells};
pub use error::{ProtectionError, TableError};
pub use exposure::{AuditReport, Exposure};
pub use linked::{AtMost, LinkedTables, Margins, Relation};
pub use model::{InnerId, InnerModel};
pub use protection::{Protection, Rounding};
pub use rounding::{graduated_base, random_round};
pub use suppress::{Publication, Status, protect_linked};
pub use table::{CountTable, ProtectedTable};

/// Protects one two-way table with its row totals, column totals and grand total;
/// see the module documentation.
///
/// # Example
///
/// ```
/// use investigation_outcomes::disclosure::{Cell, CountTable, Protection, protect};
///
/// let table = CountTable::new(
///     vec!["North".into(), "South".into()],
///     vec!["convicted".into(), "acquitted".into()],
///     vec![vec![40, 2], vec![35, 9]],
/// )?;
/// let protection = Protection { suppress_below: Some(5), ..Protection::default() };
/// let published = protect(&table, &protection)?;
/// assert_eq!(published.cell(0, 1), Cell::Suppressed);
/// // No withheld cell can be derived more narrowly than 5 wide from what is published.
/// assert!(published.audit.exposures.iter().all(|e| e.is_wider_than(5)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// As [`protect_linked`].
pub fn protect(
    table: &CountTable,
    protection: &Protection,
) -> Result<ProtectedTable, ProtectionError> {
    let mut tables = LinkedTables::new();
    let ids = tables
        .add_table("", table, Margins::ALL)
        .map_err(|e| ProtectionError::Overflow(e.to_string()))?;
    let publication = protect_linked(&tables, protection)?;
    let cells = ids
        .cells
        .iter()
        .map(|row| row.iter().map(|&id| publication.cell(id)).collect())
        .collect();
    let line = |ids: &[CellId]| ids.iter().map(|&id| publication.cell(id)).collect();
    Ok(ProtectedTable {
        protection: *protection,
        rows: table.rows().to_vec(),
        columns: table.columns().to_vec(),
        cells,
        row_totals: line(&ids.row_totals),
        column_totals: line(&ids.column_totals),
        grand_total: ids
            .grand_total
            .map_or(Cell::Value(0), |id| publication.cell(id)),
        audit: publication.audit,
        ids,
    })
}
