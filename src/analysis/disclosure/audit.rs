//! The attacker's problem: for every withheld cell, the interval of values consistent
//! with everything published, every relation and non-negativity.

use serde::Serialize;

use super::Protection;
use super::error::ProtectionError;
use super::linked::{CellId, LinkedTables};
use super::rational::Rational;
use super::rounding::possible_values;
use super::simplex::{LpError, Simplex};
use super::table::Cell;

/// What an attacker knows of one cell.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Known {
    /// Published as it is.
    Exact(u64),
    /// Published rounded: somewhere in `[low, high]`.
    Range(u64, u64),
    /// Withheld: any non-negative value.
    Unknown,
}

impl Known {
    /// What a published cell tells an attacker under `protection`.
    pub(crate) fn of(cell: Cell, protection: &Protection) -> Known {
        match cell {
            Cell::Suppressed => Known::Unknown,
            Cell::Value(r) => match possible_values(r, protection) {
                (low, high) if low == high => Known::Exact(low),
                (low, high) => Known::Range(low, high),
            },
        }
    }
}

/// The interval an attacker can derive for one withheld cell.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize)]
pub struct Exposure {
    /// The cell.
    pub cell: CellId,
    /// The lowest value consistent with what was published.
    pub low: u64,
    /// The highest value consistent with what was published; `None`: no upper bound.
    pub high: Option<u64>,
}

impl Exposure {
    /// `high − low`; `None` when there is no upper bound.
    pub fn width(&self) -> Option<u64> {
        self.high.map(|h| h.saturating_sub(self.low))
    }

    /// Whether the attacker can derive the value exactly.
    pub fn is_determined(&self) -> bool {
        self.width() == Some(0)
    }

    /// Whether the interval is at least `level` wide.
    pub fn is_wider_than(&self, level: u64) -> bool {
        self.width().is_none_or(|w| w >= level)
    }
}

/// The audit of one publication: the attacker's interval for every withheld cell.
#[derive(Clone, PartialEq, Eq, Debug, Default, Serialize)]
pub struct AuditReport {
    /// One entry per withheld cell, in cell order.
    pub exposures: Vec<Exposure>,
}

impl AuditReport {
    /// How many cells were withheld.
    pub fn withheld(&self) -> usize {
        self.exposures.len()
    }

    /// The withheld cell with the narrowest interval (unbounded intervals count as
    /// widest); `None` when nothing is withheld.
    pub fn narrowest(&self) -> Option<&Exposure> {
        self.exposures
            .iter()
            .min_by_key(|e| (e.width().is_none(), e.width()))
    }

    /// The withheld cells an attacker can work out exactly.
    pub fn determined(&self) -> impl Iterator<Item = &Exposure> {
        self.exposures.iter().filter(|e| e.is_determined())
    }

    /// The interval of one withheld cell.
    pub fn exposure(&self, cell: CellId) -> Option<&Exposure> {
        self.exposures
            .binary_search_by_key(&cell, |e| e.cell)
            .ok()
            .and_then(|i| self.exposures.get(i))
    }
}

/// Computes, for every withheld cell of `published` (one entry per cell of
/// `tables`), the interval an attacker can derive: its minimum and maximum over all
/// non-negative values that agree with every published value and every relation.
/// A rounded value stands for every count that could have been rounded to it under
/// `protection` (see the module documentation).
///
/// Each connected group of unknown cells is one pair of exact linear programs per
/// withheld cell, solved in rational arithmetic. The bounds are rounded inward to
/// whole numbers, since counts are whole.
///
/// # Errors
///
/// [`ProtectionError::Inconsistent`] when the published values contradict the
/// relations (a published total less than a published part, say), and the
/// arithmetic or iteration errors of [`ProtectionError`].
///
/// # Example
///
/// ```
/// use investigation_outcomes::disclosure::{audit, Cell, CountTable, LinkedTables, Margins, Protection};
///
/// // Three cells and their total; two cells withheld.
/// let table = CountTable::column("children", [("NZ".to_owned(), 4), ("AU".to_owned(), 9), ("GB".to_owned(), 30)]);
/// let mut tables = LinkedTables::new();
/// tables.add_table("children", &table, Margins::ALL)?;
/// let published = [Cell::Suppressed, Cell::Suppressed, Cell::Value(30), Cell::Value(43)];
/// let report = audit(&tables, &published, &Protection::default())?;
/// // NZ and AU add up to 13: each lies between 0 and 13.
/// assert_eq!(report.exposures[0].low, 0);
/// assert_eq!(report.exposures[0].high, Some(13));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn audit(
    tables: &LinkedTables,
    published: &[Cell],
    protection: &Protection,
) -> Result<AuditReport, ProtectionError> {
    let known: Vec<Known> = tables
        .cells()
        .map(|id| {
            published
                .get(id.index())
                .map_or(Known::Unknown, |&cell| Known::of(cell, protection))
        })
        .collect();
    let attacker = Attacker::new(tables, known);
    let mut exposures = Vec::new();
    for component in attacker.components() {
        let targets: Vec<usize> = component
            .iter()
            .copied()
            .filter(|&c| matches!(published.get(c), Some(Cell::Suppressed) | None))
            .collect();
        if targets.is_empty() {
            continue;
        }
        let intervals = attacker.intervals(&component, &targets, None)?;
        exposures.extend(targets.iter().zip(intervals).map(|(&c, interval)| {
            let (low, high) = interval.unwrap_or((0, None));
            Exposure {
                cell: CellId(c),
                low,
                high,
            }
        }));
    }
    exposures.sort_by_key(|e| e.cell);
    Ok(AuditReport { exposures })
}

/// The largest simplex tableau the audit builds, in entries (`relations × (cells +
/// relations)` of one connected group), so that memory stays near 1 GB at most.
pub const MAX_TABLEAU_ENTRIES: usize = 16_000_000;

/// A cell's interval `(low, high)`; `high` `None`: unbounded.
pub(crate) type Bounds = (u64, Option<u64>);

/// The attacker's knowledge of a set of linked tables.
pub(crate) struct Attacker<'a> {
    tables: &'a LinkedTables,
    pub(crate) known: Vec<Known>,
    /// For each cell, the relations it takes part in.
    pub(crate) relations_of: Vec<Vec<usize>>,
}

impl<'a> Attacker<'a> {
    pub(crate) fn new(tables: &'a LinkedTables, known: Vec<Known>) -> Self {
        let mut relations_of = vec![Vec::new(); tables.len()];
        for (r, relation) in tables.relations().iter().enumerate() {
            for cell in std::iter::once(relation.total).chain(relation.parts.iter().copied()) {
                if let Some(list) = relations_of.get_mut(cell.index()) {
                    list.push(r);
                }
            }
        }
        Self {
            tables,
            known,
            relations_of,
        }
    }

    /// The cells of a relation: its total, then its parts.
    pub(crate) fn relation_cells(&self, r: usize) -> impl Iterator<Item = usize> + '_ {
        self.tables
            .relations()
            .get(r)
            .into_iter()
            .flat_map(|rel| std::iter::once(rel.total).chain(rel.parts.iter().copied()))
            .map(CellId::index)
    }

    fn is_variable(&self, cell: usize) -> bool {
        !matches!(self.known.get(cell), Some(Known::Exact(_)))
    }

    /// The groups of cells not known exactly that relations connect, each sorted.
    pub(crate) fn components(&self) -> Vec<Vec<usize>> {
        let n = self.known.len();
        let mut parent: Vec<usize> = (0..n).collect();
        fn find(parent: &mut [usize], mut x: usize) -> usize {
            while let Some(&p) = parent.get(x) {
                if p == x {
                    break;
                }
                let grand = parent.get(p).copied().unwrap_or(p);
                if let Some(slot) = parent.get_mut(x) {
                    *slot = grand;
                }
                x = grand;
            }
            x
        }
        for r in 0..self.tables.relations().len() {
            let mut first = None;
            for cell in self.relation_cells(r).filter(|&c| self.is_variable(c)) {
                match first {
                    None => first = Some(cell),
                    Some(f) => {
                        let (a, b) = (find(&mut parent, f), find(&mut parent, cell));
                        if let Some(slot) = parent.get_mut(a) {
                            *slot = b;
                        }
                    }
                }
            }
        }
        let mut groups: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
        for cell in (0..n).filter(|&c| self.is_variable(c)) {
            let root = find(&mut parent, cell);
            groups.entry(root).or_default().push(cell);
        }
        let mut components: Vec<Vec<usize>> = groups.into_values().collect();
        components.sort();
        components
    }

    /// The attacker's interval `[low, high]` (`high` `None`: unbounded) for each
    /// target cell of one component.
    ///
    /// With `required`, a target is answered `None` as soon as its interval is known
    /// to be at least `required(target)` wide, which spares most programs.
    pub(crate) fn intervals(
        &self,
        component: &[usize],
        targets: &[usize],
        required: Option<&dyn Fn(usize) -> u64>,
    ) -> Result<Vec<Option<Bounds>>, ProtectionError> {
        let position = |cell: usize| component.binary_search(&cell).ok();
        let mut relations: Vec<usize> = component
            .iter()
            .filter_map(|&c| self.relations_of.get(c))
            .flatten()
            .copied()
            .collect();
        relations.sort_unstable();
        relations.dedup();
        let entries = relations
            .len()
            .saturating_mul(component.len().saturating_add(relations.len()));
        if entries > MAX_TABLEAU_ENTRIES {
            return Err(ProtectionError::TooLarge {
                cells: component.len(),
                relations: relations.len(),
                limit: MAX_TABLEAU_ENTRIES,
            });
        }
        let overflow = || ProtectionError::Overflow("a relation's sum".to_owned());
        let shift = |cell: usize| match self.known.get(cell) {
            Some(Known::Range(low, _)) => *low,
            _ => 0,
        };
        let upper: Vec<Option<Rational>> = component
            .iter()
            .map(|&c| match self.known.get(c) {
                Some(Known::Range(low, high)) => {
                    Some(Rational::integer(i128::from(high.saturating_sub(*low))))
                }
                _ => None,
            })
            .collect();
        let mut rows = Vec::with_capacity(relations.len());
        let mut rhs = Vec::with_capacity(relations.len());
        for &r in &relations {
            let mut row = vec![Rational::ZERO; component.len()];
            let mut constant: i128 = 0;
            for (k, cell) in self.relation_cells(r).enumerate() {
                // total − Σ parts = 0
                let coefficient: i128 = if k == 0 { 1 } else { -1 };
                let fixed = match self.known.get(cell) {
                    Some(Known::Exact(v)) => *v,
                    _ => shift(cell),
                };
                constant = coefficient
                    .checked_mul(i128::from(fixed))
                    .and_then(|x| constant.checked_sub(x))
                    .ok_or_else(overflow)?;
                if let Some(i) = position(cell)
                    && let Some(slot) = row.get_mut(i)
                {
                    *slot = slot
                        .add(Rational::integer(coefficient))
                        .map_err(|_| overflow())?;
                }
            }
            rows.push(row);
            rhs.push(Rational::integer(constant));
        }
        let label = |cell: usize| self.tables.label(CellId(cell)).to_owned();
        let lp_error = |e: LpError, cell: usize| match e {
            LpError::Infeasible => ProtectionError::Inconsistent(format!(
                "no values of the withheld cells around {:?} agree with the published ones",
                label(cell)
            )),
            LpError::Overflow => {
                ProtectionError::Overflow(format!("the audit of cells around {:?}", label(cell)))
            }
            LpError::IterationLimit => {
                ProtectionError::Unfinished(format!("cells around {:?}", label(cell)))
            }
        };
        let first = component.first().copied().unwrap_or(0);
        let mut lp = Simplex::new(rows, rhs, upper).map_err(|e| lp_error(e, first))?;
        // Every vertex the method visits is a feasible point, so the least and greatest
        // values seen bound each cell's interval from inside: a cell seen at 0 has
        // minimum 0, and a cell seen across a wide range is wide enough, with no
        // program of its own.
        let mut seen: Vec<(Rational, Rational)> = lp.point().into_iter().map(|v| (v, v)).collect();
        let observe = |seen: &mut Vec<(Rational, Rational)>, lp: &Simplex| {
            for (s, v) in seen.iter_mut().zip(lp.point()) {
                s.0 = s.0.min(v);
                s.1 = s.1.max(v);
            }
        };
        let to_u64 = |v: i128| u64::try_from(v.max(0)).unwrap_or(u64::MAX);
        let mut out = Vec::with_capacity(targets.len());
        for &target in targets {
            let Some(j) = position(target) else {
                out.push(Some((0, None)));
                continue;
            };
            let base = i128::from(shift(target));
            // Whole values only, as the reported bounds are rounded inward.
            let seen_width = |seen: &[(Rational, Rational)]| {
                seen.get(j)
                    .map_or(0, |(lo, hi)| to_u64(hi.floor().saturating_sub(lo.ceil())))
            };
            if let Some(required) = &required
                && seen_width(&seen) >= required(target)
            {
                out.push(None);
                continue;
            }
            let high = lp.extreme(j, true).map_err(|e| lp_error(e, target))?;
            if high.is_some() {
                observe(&mut seen, &lp);
            }
            if let Some(required) = &required
                && (high.is_none() || seen_width(&seen) >= required(target))
            {
                out.push(None);
                continue;
            }
            let low = match seen.get(j) {
                Some((lo, _)) if lo.is_zero() => Some(Rational::ZERO),
                _ => {
                    let low = lp.extreme(j, false).map_err(|e| lp_error(e, target))?;
                    observe(&mut seen, &lp);
                    low
                }
            };
            out.push(Some((
                low.map_or(0, |q| to_u64(q.ceil().saturating_add(base))),
                high.map(|q| to_u64(q.floor().saturating_add(base))),
            )));
        }
        Ok(out)
    }
}
