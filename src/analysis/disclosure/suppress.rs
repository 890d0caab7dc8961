//! Suppression that passes its own audit: primary cells, then complements chosen
//! until no withheld cell can be derived more narrowly than its protection level.

use std::collections::HashSet;

use serde::Serialize;

use super::audit::{Attacker, Known, audit_from};
use super::cell::{Cell, CellId};
use super::error::ProtectionError;
use super::exposure::{AuditReport, Bounds, Exposure};
use super::linked::LinkedTables;
use super::protection::Protection;
use super::rounding::round_cell;

/// A problem whose linear programs have more tableau entries than this is protected
/// a round of complements at a time rather than one complement at a time. On
/// generated runs of 200 to 3,000 cases, 30,000 (rather than 100,000) took a third
/// of the time, withholding from 36% fewer to 9% more cells.
const LARGE_PROBLEM: usize = 30_000;

/// How much work (tableau entries of the largest problem, summed over tries) trying
/// to publish complements again may take: a count rather than seconds, so that the
/// same tables give the same publication on every machine.
const MINIMISE_WORK: usize = 2_000_000;

/// The most cells a round finds what holds at their greatest, a program each; the
/// others exposed that round get complements among their neighbours.
/// On generated runs of 300 to 5,000 cases, 16 took from 5% to 30% less time than
/// one for every cell, withholding at most 3% more; 4 withheld up to 3% more again.
const MAX_BOUND_PROGRAMS: usize = 16;

/// Why a cell is withheld, or that it is published.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Published.
    Published,
    /// Withheld because it is small (primary suppression).
    Primary,
    /// Withheld to protect another cell (secondary suppression, a complement).
    Secondary,
}

/// Linked tables ready to publish: a [`Cell`] for each cell, why each is withheld,
/// and the audit of the result.
#[derive(Clone, PartialEq, Eq, Debug, Serialize)]
pub struct Publication {
    /// What to publish, one entry per cell of the tables.
    pub cells: Vec<Cell>,
    /// Why each cell is withheld or published.
    pub status: Vec<Status>,
    /// The attacker's interval for every withheld cell, with rounded values standing
    /// for their rounding intervals.
    pub audit: AuditReport,
    /// The protection level every primary cell's interval is at least as wide as.
    pub protection_level: u64,
}

impl Publication {
    /// What to publish for a cell; [`Cell::Suppressed`] for an unknown cell.
    pub fn cell(&self, id: CellId) -> Cell {
        self.cells
            .get(id.index())
            .copied()
            .unwrap_or(Cell::Suppressed)
    }

    /// How many cells are withheld because they are small.
    pub fn primary(&self) -> usize {
        self.count(Status::Primary)
    }

    /// How many cells are withheld to protect others.
    pub fn secondary(&self) -> usize {
        self.count(Status::Secondary)
    }

    fn count(&self, status: Status) -> usize {
        self.status.iter().filter(|&&s| s == status).count()
    }
}

/// Protects linked tables as one problem: see the [module documentation](super).
///
/// # Errors
///
/// [`ProtectionError::Unprotectable`] when no choice of complements achieves the
/// protection (nothing should then be published), and the audit's errors.
///
/// # Example
///
/// ```
/// use investigation_outcomes::disclosure::{protect_linked, Cell, CountTable, LinkedTables, Margins, Protection};
///
/// let table = CountTable::new(
///     vec!["GB".into(), "NZ".into()],
///     vec!["convicted".into(), "withdrawn".into()],
///     vec![vec![10, 3], vec![25, 40]],
/// )?;
/// let mut tables = LinkedTables::new();
/// let cells = tables.add_table("charges", &table, Margins::ALL)?;
/// let protection = Protection { suppress_below: Some(7), ..Protection::default() };
/// let publication = protect_linked(&tables, &protection)?;
/// assert_eq!(publication.cell(cells.cells[0][1]), Cell::Suppressed);
/// // No withheld cell can be worked out, and the 3 could be anything from 0 to 13 or more.
/// assert_eq!(publication.audit.determined().count(), 0);
/// let three = publication.audit.exposure(cells.cells[0][1]).unwrap();
/// assert!(three.is_wider_than(7));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn protect_linked(
    tables: &LinkedTables,
    protection: &Protection,
) -> Result<Publication, ProtectionError> {
    let level = protection.level();
    let mut search = Search::new(tables, protection, level);
    search.protect()?;
    search.minimise()?;
    let status = search.status.clone();

    // Round what is published; the same quantity rounds alike wherever it appears.
    let keys = rounding_keys(tables);
    let mut cells = Vec::with_capacity(tables.len());
    for (id, state) in tables.cells().zip(&status) {
        cells.push(match state {
            Status::Published => {
                let key = keys.get(id.index()).copied().unwrap_or(id);
                Cell::Value(round_cell(tables.value(id), tables.label(key), protection)?)
            }
            _ => Cell::Suppressed,
        });
    }
    let mut report = audit_from(tables, &cells, protection, search.attacker.take_points())?;
    let required = |cell: CellId| match status.get(cell.index()) {
        Some(Status::Primary) => level,
        _ => 1,
    };
    search.widen_to_exact(&mut report, &required)?;
    for exposure in &report.exposures {
        if !exposure.is_wider_than(required(exposure.cell)) {
            return Err(ProtectionError::Unprotectable {
                cell: tables.label(exposure.cell).to_owned(),
                low: exposure.low,
                high: exposure.high.unwrap_or(u64::MAX),
            });
        }
    }
    Ok(Publication {
        cells,
        status,
        audit: report,
        protection_level: level,
    })
}

/// For each cell, the first cell of the same quantity (linked by a relation `a − b =
/// 0`), whose label keys its rounding.
fn rounding_keys(tables: &LinkedTables) -> Vec<CellId> {
    let mut key: Vec<CellId> = tables.cells().collect();
    // Relations are few per cell; repeat until stable so chains a = b = c settle.
    loop {
        let mut changed = false;
        for relation in tables.relations() {
            if let [(first, k), (second, l)] = relation.terms.as_slice()
                && k.checked_add(*l) == Some(0)
            {
                let (a, b) = (first.index(), second.index());
                let (ka, kb) = (
                    key.get(a).copied().unwrap_or(*first),
                    key.get(b).copied().unwrap_or(*second),
                );
                let least = ka.min(kb);
                for i in [a, b] {
                    if let Some(slot) = key.get_mut(i)
                        && *slot != least
                    {
                        *slot = least;
                        changed = true;
                    }
                }
            }
        }
        if !changed {
            return key;
        }
    }
}

/// A withheld cell whose interval `[low, high]` is too narrow, and the connected
/// withheld cells around it.
struct Exposed {
    cell: usize,
    low: u64,
    high: u64,
    component: Vec<usize>,
    /// The cells of the relations that expose it, when known: of a single
    /// relation, or the published cells of a combination of relations in which it
    /// is the only withheld cell.
    derivation: Vec<usize>,
}

/// The state of the search for complements.
struct Search<'a> {
    tables: &'a LinkedTables,
    protection: &'a Protection,
    level: u64,
    status: Vec<Status>,
    attacker: Attacker<'a>,
    /// Components (as sorted cell lists) already shown to be safe.
    safe: HashSet<Vec<usize>>,
}

impl<'a> Search<'a> {
    fn new(tables: &'a LinkedTables, protection: &'a Protection, level: u64) -> Self {
        let status: Vec<Status> = tables
            .cells()
            .map(|id| {
                let v = tables.value(id);
                let small = protection
                    .suppress_below
                    .is_some_and(|t| v < t && (v > 0 || protection.suppress_zeros));
                if small {
                    Status::Primary
                } else {
                    Status::Published
                }
            })
            .collect();
        let known = tables
            .cells()
            .zip(&status)
            .map(|(id, s)| match s {
                Status::Published => Known::Exact(tables.value(id)),
                _ => Known::Unknown,
            })
            .collect();
        Self {
            tables,
            protection,
            level,
            status,
            attacker: Attacker::new(tables, known),
            safe: HashSet::new(),
        }
    }

    fn withheld(&self, cell: usize) -> bool {
        !matches!(self.status.get(cell), Some(Status::Published) | None)
    }

    /// Sets the status of a cell and of every cell that is the same quantity.
    fn set(&mut self, cell: usize, status: Status) {
        let rep = self.attacker.rep(cell);
        let members: Vec<usize> = self.attacker.members(rep).to_vec();
        for member in members {
            if let Some(slot) = self.status.get_mut(member) {
                // A class's small members stay primary.
                if !(status == Status::Secondary && *slot == Status::Primary) {
                    *slot = status;
                }
            }
            if let Some(slot) = self.attacker.known.get_mut(member) {
                *slot = match status {
                    Status::Published => Known::Exact(self.tables.value(CellId(member))),
                    _ => Known::Unknown,
                };
            }
        }
    }

    /// How wide a withheld cell's interval must be.
    fn required(&self, cell: usize) -> u64 {
        match self.status.get(cell) {
            Some(Status::Primary) => self.level,
            _ => 1,
        }
    }

    /// Whether a published cell may be withheld as a complement: zeros only when
    /// declared non-structural, since withholding a zero protects nothing.
    fn may_withhold(&self, cell: usize) -> bool {
        !self.withheld(cell)
            && (self.tables.value(CellId(cell)) > 0 || self.protection.nonstructural_zeros)
    }

    /// The relations in which this cell would be the only withheld one.
    fn lone_relations(&self, cell: usize) -> usize {
        self.attacker.relations_of.get(cell).map_or(0, |rs| {
            rs.iter()
                .filter(|&&r| {
                    !self
                        .attacker
                        .relation_cells(r)
                        .any(|c| c != cell && self.withheld(c))
                })
                .count()
        })
    }

    /// The best complement among `candidates` for a cell that needs `need` more
    /// width: first one that leaves no relation with a lone withheld cell, then the
    /// smallest value that gives the width needed, else the largest value.
    fn choose(&self, candidates: impl Iterator<Item = usize>, need: u64) -> Option<usize> {
        candidates
            .filter(|&c| self.may_withhold(c))
            .min_by_key(|&c| {
                let v = self.tables.value(CellId(c));
                let enough = v >= need;
                (
                    self.lone_relations(c),
                    !enough,
                    if enough { v } else { u64::MAX - v },
                    c,
                )
            })
    }

    fn neighbours(&self, cell: usize) -> impl Iterator<Item = usize> + '_ {
        let related = self
            .attacker
            .relations_of
            .get(cell)
            .into_iter()
            .flatten()
            .flat_map(move |&r| self.attacker.relation_cells(r));
        let bounding = self
            .attacker
            .inequalities_of
            .get(cell)
            .into_iter()
            .flatten()
            .flat_map(move |&i| self.attacker.inequality_cells(i));
        related.chain(bounding)
    }

    /// Withholds a complement for a cell whose interval is `[low, high]`.
    fn widen(&mut self, exposed: &Exposed) -> Result<(), ProtectionError> {
        let Exposed {
            cell,
            low,
            high,
            ref component,
            ref derivation,
        } = *exposed;
        let need = self
            .required(cell)
            .saturating_sub(high.saturating_sub(low))
            .max(1);
        // A cell exposed by relations is protected by withholding another cell of
        // them; otherwise any cell that shares a relation with it.
        let choice = self
            .choose(derivation.iter().copied(), need)
            .or_else(|| self.choose(self.neighbours(cell), need))
            .or_else(|| {
                let around: Vec<usize> =
                    component.iter().flat_map(|&c| self.neighbours(c)).collect();
                self.choose(around.into_iter(), need)
            });
        match choice {
            Some(c) => {
                self.set(c, Status::Secondary);
                Ok(())
            }
            None => Err(ProtectionError::Unprotectable {
                cell: self.tables.label(CellId(cell)).to_owned(),
                low,
                high,
            }),
        }
    }

    /// A withheld cell that is the only withheld cell of some relation, and so can be
    /// computed from it, with that relation.
    fn lone_cell(&self) -> Option<(usize, usize)> {
        (0..self.attacker.relation_count()).find_map(|r| self.lone_in(r).map(|c| (r, c)))
    }

    fn lone_in(&self, relation: usize) -> Option<usize> {
        let mut withheld = self
            .attacker
            .relation_cells(relation)
            .filter(|&c| self.withheld(c));
        match (withheld.next(), withheld.next()) {
            (Some(c), None) => Some(c),
            _ => None,
        }
    }

    /// A withheld cell bounded from above by one relation or inequality: in a
    /// relation whose withheld cells all have coefficients of one sign, each is at
    /// most what the published cells leave; under a published larger cell, at most
    /// its value. A cheap bound that finds most intervals too narrow without a linear
    /// program.
    fn bounded_cell(&self) -> Option<Exposed> {
        for r in 0..self.attacker.relation_count() {
            // Σ a·x over the withheld = −Σ a·v over the published.
            let mut left: i128 = 0;
            let mut signs = (false, false);
            for (cell, k) in self.attacker.relation_terms(r) {
                if self.withheld(cell) {
                    if k > 0 {
                        signs.0 = true;
                    } else {
                        signs.1 = true;
                    }
                } else {
                    let v = i128::from(self.tables.value(CellId(cell)));
                    left = left.saturating_sub(i128::from(k).saturating_mul(v));
                }
            }
            let left = match signs {
                (true, false) => left,
                (false, true) => left.saturating_neg(),
                _ => continue,
            };
            let narrow = self.attacker.relation_terms(r).find_map(|(cell, k)| {
                let high = left / i128::from(k.unsigned_abs().max(1));
                let high = u64::try_from(high.max(0)).unwrap_or(u64::MAX);
                (self.withheld(cell) && high < self.required(cell)).then_some((cell, high))
            });
            if let Some((cell, high)) = narrow {
                return Some(Exposed {
                    cell,
                    low: 0,
                    high,
                    component: Vec::new(),
                    derivation: self.attacker.relation_cells(r).collect(),
                });
            }
        }
        for (smaller, larger) in self.attacker.inequalities() {
            let high = self.tables.value(CellId(larger));
            if self.withheld(smaller) && !self.withheld(larger) && high < self.required(smaller) {
                return Some(Exposed {
                    cell: smaller,
                    low: 0,
                    high,
                    component: Vec::new(),
                    derivation: Vec::new(),
                });
            }
        }
        None
    }

    /// A withheld cell whose interval is too narrow: first a lone cell, then one
    /// bounded by a single relation, then one the linear programs find in the first
    /// group of withheld cells not yet shown to be safe. `None` when every cell is
    /// protected.
    fn exposed(&mut self) -> Result<Vec<Exposed>, ProtectionError> {
        if let Some((relation, cell)) = self.lone_cell() {
            let value = self.tables.value(CellId(cell));
            return Ok(vec![Exposed {
                cell,
                low: value,
                high: value,
                component: Vec::new(),
                derivation: self.attacker.relation_cells(relation).collect(),
            }]);
        }
        if let Some(exposed) = self.bounded_cell() {
            return Ok(vec![exposed]);
        }
        for component in self.attacker.components() {
            if self.safe.contains(&component) {
                continue;
            }
            let required = |cell: usize| self.required(cell);
            let intervals = self
                .attacker
                .intervals(&component, &component, Some(&required))?;
            let exposed: Vec<Exposed> = component
                .iter()
                .zip(intervals)
                .filter_map(|(&cell, interval)| {
                    let (low, high) = interval?;
                    let too_narrow =
                        high.is_some_and(|h| h.saturating_sub(low) < self.required(cell));
                    too_narrow.then(|| Exposed {
                        cell,
                        low,
                        high: high.unwrap_or(u64::MAX),
                        component: component.clone(),
                        derivation: Vec::new(),
                    })
                })
                .collect();
            if !exposed.is_empty() {
                return Ok(exposed);
            }
            self.safe.insert(component);
        }
        Ok(Vec::new())
    }

    /// Rounding only widens what the attacker can derive, but where the audit of
    /// rounded values certifies intervals from inside (large groups), it may not
    /// show what the search showed with every published value exact. That interval
    /// lies inside the rounded one too, so each exposure narrower than `required`
    /// is widened to the hull of the two.
    fn widen_to_exact(
        &self,
        report: &mut AuditReport,
        required: &dyn Fn(CellId) -> u64,
    ) -> Result<(), ProtectionError> {
        let short: Vec<&mut Exposure> = report
            .exposures
            .iter_mut()
            .filter(|e| !e.is_wider_than(required(e.cell)))
            .collect();
        if short.is_empty() {
            return Ok(());
        }
        let cells: Vec<usize> = short
            .iter()
            .map(|e| self.attacker.rep(e.cell.index()))
            .collect();
        let mut exact: Vec<Bounds> = vec![(0, None); cells.len()];
        for component in self.attacker.components() {
            let targets: Vec<usize> = cells
                .iter()
                .copied()
                .filter(|c| component.binary_search(c).is_ok())
                .collect();
            if targets.is_empty() {
                continue;
            }
            let intervals = self.attacker.intervals(&component, &targets, None)?;
            for (target, interval) in targets.iter().zip(intervals) {
                for (slot, _) in exact.iter_mut().zip(&cells).filter(|(_, c)| *c == target) {
                    *slot = interval.unwrap_or((0, None));
                }
            }
        }
        for (exposure, (low, high)) in short.into_iter().zip(exact) {
            exposure.low = exposure.low.min(low);
            exposure.high = match (exposure.high, high) {
                (Some(a), Some(b)) => Some(a.max(b)),
                _ => None,
            };
        }
        Ok(())
    }

    /// Adds complements until no withheld cell is exposed.
    fn protect(&mut self) -> Result<(), ProtectionError> {
        // Each round withholds at least one more cell, so this ends. On a small
        // problem one complement a round, since a complement for one exposed cell often
        // widens others too; on a large one, where each round's programs are costly, a
        // complement for every cell the round found exposed.
        loop {
            let mut exposed = self.exposed()?;
            let Some(first) = exposed.first() else {
                return Ok(());
            };
            let large = self.attacker.problem_size(&first.component) > LARGE_PROBLEM;
            if !large {
                exposed.truncate(1);
            }
            self.derive(&mut exposed)?;
            let Some((first, rest)) = exposed.split_first() else {
                return Ok(());
            };
            self.widen(first)?;
            for exposed in rest {
                // A complement chosen for another cell may have widened this one
                // already, or broken its derivation; the next round finds it if not.
                let broken = exposed.derivation.iter().any(|&c| self.withheld(c));
                if self.withheld(exposed.cell) && !broken {
                    let _ = self.widen(exposed);
                }
            }
        }
    }

    /// Finds what exposes each cell the linear programs found too narrow: the
    /// published cells of a combination of relations that determines it, else of
    /// what holds it at its greatest. The programs' exposures share one group; the
    /// cheap checks' (no group) come with their relation already.
    fn derive(&self, exposed: &mut [Exposed]) -> Result<(), ProtectionError> {
        let Some(component) = exposed
            .first()
            .map(|e| e.component.clone())
            .filter(|c| !c.is_empty())
        else {
            return Ok(());
        };
        let cells: Vec<usize> = exposed.iter().map(|e| e.cell).collect();
        let derivations = self.attacker.derivations(&component, &cells);
        let mut program = None;
        let mut programs = 0;
        for (exposed, derivation) in exposed.iter_mut().zip(derivations) {
            exposed.derivation = match derivation {
                Some(derivation) => derivation,
                None if programs < MAX_BOUND_PROGRAMS => {
                    programs += 1;
                    let program = match program {
                        Some(ref program) => program,
                        None => program.insert(self.attacker.program_of(&component)?),
                    };
                    component
                        .binary_search(&exposed.cell)
                        .ok()
                        .and_then(|position| program.maximiser(position))
                        .and_then(|vertex| {
                            self.attacker
                                .bound_derivation(&component, exposed.cell, &vertex)
                        })
                        .unwrap_or_default()
                }
                None => Vec::new(),
            };
        }
        Ok(())
    }

    /// Tries to publish complements again, largest first, keeping each release that
    /// leaves every cell protected: at most `protection.minimise_trials` tries, and
    /// on large problems only as many as [`MINIMISE_WORK`] allows.
    fn minimise(&mut self) -> Result<(), ProtectionError> {
        let mut complements: Vec<usize> = (0..self.status.len())
            .filter(|&c| {
                self.status.get(c) == Some(&Status::Secondary) && self.attacker.rep(c) == c
            })
            .collect();
        complements.sort_by_key(|&c| (std::cmp::Reverse(self.tables.value(CellId(c))), c));
        let mut work = 0usize;
        for cell in complements
            .into_iter()
            .take(self.protection.minimise_trials as usize)
        {
            let size = self
                .attacker
                .components()
                .into_iter()
                .map(|component| self.attacker.problem_size(&component))
                .max()
                .unwrap_or(0);
            work = work.saturating_add(size);
            if work > MINIMISE_WORK {
                break;
            }
            self.set(cell, Status::Published);
            if !self.exposed()?.is_empty() {
                self.set(cell, Status::Secondary);
            }
        }
        Ok(())
    }
}
