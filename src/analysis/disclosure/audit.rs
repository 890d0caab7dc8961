//! The attacker's problem: for every withheld cell, the interval of values consistent
//! with everything published, every relation and non-negativity.

use super::cell::{Cell, CellId};
use super::error::ProtectionError;
use super::exposure::{AuditReport, Bounds, Exposure};
use super::linked::LinkedTables;
use super::protection::Protection;
use super::rational::Rational;
use super::rounding::possible_values;
use super::simplex::{LpError, Simplex};
use super::witness::Program;

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
    audit_from(tables, published, protection, Vec::new())
}

/// As [`audit`], starting from points found before (see the module `witness`):
/// those that agree with `published` are used.
pub(crate) fn audit_from(
    tables: &LinkedTables,
    published: &[Cell],
    protection: &Protection,
    points: Vec<Vec<(usize, Rational)>>,
) -> Result<AuditReport, ProtectionError> {
    let known: Vec<Known> = tables
        .cells()
        .map(|id| {
            published
                .get(id.index())
                .map_or(Known::Unknown, |&cell| Known::of(cell, protection))
        })
        .collect();
    let mut attacker = Attacker::new(tables, known);
    attacker.cap = protection.level().max(1);
    attacker.points = std::cell::RefCell::new(points);
    let withheld = |c: usize| matches!(published.get(c), Some(Cell::Suppressed) | None);
    // The interval of each unknown, then of every withheld cell as its
    // representative's.
    let mut of_unknown: std::collections::HashMap<usize, Bounds> = Default::default();
    for component in attacker.components() {
        let targets: Vec<usize> = component
            .iter()
            .copied()
            .filter(|&c| attacker.members(c).iter().any(|&m| withheld(m)))
            .collect();
        if targets.is_empty() {
            continue;
        }
        let intervals = attacker.intervals(&component, &targets, None)?;
        for (&c, interval) in targets.iter().zip(intervals) {
            of_unknown.insert(c, interval.unwrap_or((0, None)));
        }
    }
    let mut exposures = Vec::new();
    for c in (0..tables.len()).filter(|&c| withheld(c)) {
        let rep = attacker.rep(c);
        let (low, high) = match (of_unknown.get(&rep), attacker.known.get(rep)) {
            (Some(&bounds), _) => bounds,
            // Published as the same quantity elsewhere.
            (None, Some(Known::Exact(v))) => (*v, Some(*v)),
            (None, Some(Known::Range(low, high))) => (*low, Some(*high)),
            (None, _) => (0, None),
        };
        exposures.push(Exposure {
            cell: CellId(c),
            low,
            high,
        });
    }
    Ok(AuditReport { exposures })
}

/// Bounds of each unknown and inequalities between unknowns; see
/// [`Attacker::constraints`].
type Constraints = (Vec<(u64, Option<u64>)>, Vec<(usize, usize)>);

/// The largest program the audit solves exactly, in simplex tableau entries
/// (`relations × (cells + relations)` of one connected group). Larger ones are
/// certified from inside instead: by whole-number points that meet every constraint
/// exactly, found by a sparse floating-point solver (see the module `witness`). A
/// cell those points show wide enough is; one they do not is treated as exposed.
pub const MAX_TABLEAU_ENTRIES: usize = 100_000;

/// The most unknowns one connected group may have even for points checked one at a
/// time: beyond it protection refuses at once rather than run for hours.
const MAX_WITNESS_UNKNOWNS: usize = 200_000;

/// The attacker's knowledge of a set of linked tables.
///
/// Cells that are the same quantity (a relation `k·a − k·b = 0`) are one variable:
/// the first of them, its *representative*, stands for all, and every relation and
/// inequality is written over representatives. Only representatives are ever
/// variables; the others are published or withheld with them.
pub(crate) struct Attacker<'a> {
    tables: &'a LinkedTables,
    pub(crate) known: Vec<Known>,
    /// The representative of each cell.
    pub(crate) representative: Vec<usize>,
    /// Each relation over representatives, without the relations that only say two
    /// cells are the same.
    terms: Vec<Vec<(usize, i64)>>,
    /// Each inequality over representatives, `(smaller, larger)`; `None` when both
    /// are the same quantity.
    at_most: Vec<Option<(usize, usize)>>,
    /// For each representative, the relations it takes part in.
    pub(crate) relations_of: Vec<Vec<usize>>,
    /// For each representative, the inequalities it takes part in.
    pub(crate) inequalities_of: Vec<Vec<usize>>,
    /// For each representative, the cells it stands for (itself first).
    members: Vec<Vec<usize>>,
    /// Programs larger than this (in tableau entries) are certified by checked
    /// points rather than solved exactly.
    pub(crate) exact_limit: usize,
    /// How far above its true value a checked point need go to show a cell's
    /// interval unbounded (`high` `None`), when no width is required.
    pub(crate) cap: u64,
    /// Points found so far (see the module `witness`), each as the cells where it
    /// differs from the true values. A point stays one while those cells stay
    /// unknown: withholding more only adds points.
    points: std::cell::RefCell<Vec<Vec<(usize, Rational)>>>,
}

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

/// Joins the sets of `a` and `b`, the smaller index as the root.
fn union(parent: &mut [usize], a: usize, b: usize) {
    let (a, b) = (find(parent, a), find(parent, b));
    let (low, high) = (a.min(b), a.max(b));
    if let Some(slot) = parent.get_mut(high) {
        *slot = low;
    }
}

impl<'a> Attacker<'a> {
    pub(crate) fn new(tables: &'a LinkedTables, known: Vec<Known>) -> Self {
        let n = tables.len();
        let mut parent: Vec<usize> = (0..n).collect();
        for relation in tables.relations() {
            if let [(a, k), (b, l)] = relation.terms.as_slice()
                && k.checked_add(*l) == Some(0)
            {
                union(&mut parent, a.index(), b.index());
            }
        }
        let representative: Vec<usize> = (0..n).map(|c| find(&mut parent, c)).collect();
        let rep = |c: usize| representative.get(c).copied().unwrap_or(c);
        let mut terms = Vec::new();
        for relation in tables.relations() {
            let mut by_rep: Vec<(usize, i64)> = relation
                .terms
                .iter()
                .map(|&(cell, k)| (rep(cell.index()), k))
                .collect();
            by_rep.sort_by_key(|&(r, _)| r);
            let mut merged: Vec<(usize, i64)> = Vec::with_capacity(by_rep.len());
            for (r, k) in by_rep {
                match merged.last_mut() {
                    Some((last, sum)) if *last == r => *sum = sum.saturating_add(k),
                    _ => merged.push((r, k)),
                }
            }
            merged.retain(|&(_, k)| k != 0);
            terms.push(merged);
        }
        let at_most: Vec<Option<(usize, usize)>> = tables
            .inequalities()
            .iter()
            .map(|a| {
                let (s, l) = (rep(a.smaller.index()), rep(a.larger.index()));
                (s != l).then_some((s, l))
            })
            .collect();
        let mut relations_of = vec![Vec::new(); n];
        for (r, relation) in terms.iter().enumerate() {
            for &(cell, _) in relation {
                if let Some(list) = relations_of.get_mut(cell) {
                    list.push(r);
                }
            }
        }
        let mut inequalities_of = vec![Vec::new(); n];
        for (i, pair) in at_most.iter().enumerate() {
            for cell in pair.iter().flat_map(|&(s, l)| [s, l]) {
                if let Some(list) = inequalities_of.get_mut(cell) {
                    list.push(i);
                }
            }
        }
        let mut members = vec![Vec::new(); n];
        for (cell, &r) in representative.iter().enumerate() {
            if let Some(list) = members.get_mut(r) {
                list.push(cell);
            }
        }
        Self {
            tables,
            known,
            members,
            exact_limit: MAX_TABLEAU_ENTRIES,
            cap: u64::from(u32::MAX),
            points: Default::default(),
            representative,
            terms,
            at_most,
            relations_of,
            inequalities_of,
        }
    }

    /// The representative of a cell.
    pub(crate) fn rep(&self, cell: usize) -> usize {
        self.representative.get(cell).copied().unwrap_or(cell)
    }

    /// The cells a representative stands for.
    pub(crate) fn members(&self, rep: usize) -> &[usize] {
        self.members.get(rep).map_or(&[][..], Vec::as_slice)
    }

    /// How many relations (over representatives).
    pub(crate) fn relation_count(&self) -> usize {
        self.terms.len()
    }

    /// The cells (representatives) of a relation.
    pub(crate) fn relation_cells(&self, r: usize) -> impl Iterator<Item = usize> + '_ {
        self.relation_terms(r).map(|(cell, _)| cell)
    }

    /// The cells (representatives) of a relation with their coefficients.
    pub(crate) fn relation_terms(&self, r: usize) -> impl Iterator<Item = (usize, i64)> + '_ {
        self.terms.get(r).into_iter().flatten().copied()
    }

    /// The inequalities over representatives, `(smaller, larger)`.
    pub(crate) fn inequalities(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.at_most.iter().flatten().copied()
    }

    /// The two cells of an inequality: the smaller, then the larger.
    pub(crate) fn inequality_cells(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        self.at_most
            .get(i)
            .copied()
            .flatten()
            .into_iter()
            .flat_map(|(s, l)| [s, l])
    }

    /// Whether a cell may take the value `x` given what is published of it.
    fn admits(&self, cell: usize, x: Rational) -> bool {
        self.rep(cell) == cell
            && match self.known.get(cell) {
                Some(Known::Unknown) => true,
                Some(Known::Range(low, high)) => {
                    let (low, high) = (i128::from(*low), i128::from(*high));
                    x >= Rational::integer(low) && x <= Rational::integer(high)
                }
                _ => false,
            }
    }

    /// The points found so far, for another attacker of the same tables.
    pub(crate) fn take_points(&self) -> Vec<Vec<(usize, Rational)>> {
        self.points.take()
    }

    /// Whether a cell is an unknown of the attacker's problem: a representative not
    /// published exactly.
    pub(crate) fn is_variable(&self, cell: usize) -> bool {
        self.rep(cell) == cell && !matches!(self.known.get(cell), Some(Known::Exact(_)))
    }

    /// The groups of unknowns (representatives) that relations and inequalities
    /// connect, each sorted.
    pub(crate) fn components(&self) -> Vec<Vec<usize>> {
        let n = self.known.len();
        let mut parent: Vec<usize> = (0..n).collect();
        let relations = (0..self.terms.len()).map(|r| self.relation_cells(r).collect());
        let inequalities = self.inequalities().map(|(s, l)| vec![s, l]);
        for cells in relations.chain(inequalities).collect::<Vec<Vec<usize>>>() {
            let mut first = None;
            for cell in cells.into_iter().filter(|&c| self.is_variable(c)) {
                match first {
                    None => first = Some(cell),
                    Some(f) => union(&mut parent, f, cell),
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

    /// The relations that hold a cell of the component, in order.
    pub(crate) fn relations_touching(&self, component: &[usize]) -> Vec<usize> {
        let mut relations: Vec<usize> = component
            .iter()
            .filter_map(|&c| self.relations_of.get(c))
            .flatten()
            .copied()
            .collect();
        relations.sort_unstable();
        relations.dedup();
        relations
    }

    /// The size of the linear programs of a component, in tableau entries: the
    /// relations that touch it times its unknowns and those relations.
    pub(crate) fn problem_size(&self, component: &[usize]) -> usize {
        let relations = self.relations_touching(component);
        relations
            .len()
            .saturating_mul(component.len().saturating_add(relations.len()))
    }

    /// A component's program over whole numbers, for checking points: its unknowns'
    /// bounds, the relations that touch it with the published values moved to the
    /// right, the inequalities between its unknowns, and the true values.
    fn program(
        &self,
        component: &[usize],
        relations: &[usize],
        bounds: Vec<(u64, Option<u64>)>,
        between: Vec<(usize, usize)>,
    ) -> Result<Program, ProtectionError> {
        let overflow = || ProtectionError::Overflow("a relation's sum".to_owned());
        let mut rows = Vec::with_capacity(relations.len());
        for &r in relations {
            let mut terms = Vec::new();
            let mut rhs: i128 = 0;
            for (cell, k) in self.relation_terms(r) {
                match (component.binary_search(&cell), self.known.get(cell)) {
                    (Ok(j), _) => terms.push((j, k)),
                    (Err(_), Some(Known::Exact(v))) => {
                        rhs = i128::from(k)
                            .checked_mul(i128::from(*v))
                            .and_then(|x| rhs.checked_sub(x))
                            .ok_or_else(overflow)?;
                    }
                    // Every unknown of a relation is in the relation's component.
                    (Err(_), _) => return Err(overflow()),
                }
            }
            rows.push((terms, rhs));
        }
        Ok(Program {
            bounds,
            rows,
            at_most: between,
            truth: component
                .iter()
                .map(|&c| self.tables.value(CellId(c)))
                .collect(),
        })
    }

    /// Each unknown's bounds, `(low, high)`, from its rounding interval narrowed by
    /// inequalities with a published cell; and the inequalities between two
    /// unknowns, as positions in `component`.
    fn constraints(&self, component: &[usize]) -> Result<Constraints, ProtectionError> {
        let position = |cell: usize| component.binary_search(&cell).ok();
        let exact = |cell: usize| match self.known.get(cell) {
            Some(Known::Exact(v)) => Some(*v),
            _ => None,
        };
        // Bounds of each unknown: its rounding interval, narrowed by inequalities
        // with a published cell; inequalities between two unknowns are rows.
        let mut bounds: Vec<(u64, Option<u64>)> = component
            .iter()
            .map(|&c| match self.known.get(c) {
                Some(Known::Range(low, high)) => (*low, Some(*high)),
                _ => (0, None),
            })
            .collect();
        let mut between: Vec<(usize, usize)> = Vec::new();
        let mut seen_inequalities: Vec<usize> = component
            .iter()
            .filter_map(|&c| self.inequalities_of.get(c))
            .flatten()
            .copied()
            .collect();
        seen_inequalities.sort_unstable();
        seen_inequalities.dedup();
        for &i in &seen_inequalities {
            let Some(Some((smaller, larger))) = self.at_most.get(i).copied() else {
                continue;
            };
            match (
                exact(smaller),
                exact(larger),
                position(smaller),
                position(larger),
            ) {
                (None, None, Some(a), Some(b)) => between.push((a, b)),
                (None, Some(v), Some(a), _) => {
                    if let Some(slot) = bounds.get_mut(a) {
                        slot.1 = Some(slot.1.map_or(v, |h| h.min(v)));
                    }
                }
                (Some(v), None, _, Some(b)) => {
                    if let Some(slot) = bounds.get_mut(b) {
                        slot.0 = slot.0.max(v);
                    }
                }
                _ => {}
            }
        }
        if let Some((i, _)) = bounds
            .iter()
            .enumerate()
            .find(|(_, (low, high))| high.is_some_and(|h| h < *low))
        {
            let cell = component.get(i).copied().unwrap_or(0);
            return Err(ProtectionError::Inconsistent(format!(
                "the published values bound {:?} from above below its bound from below",
                self.tables.label(CellId(cell))
            )));
        }
        Ok((bounds, between))
    }

    /// A component's program over whole numbers (see [`Program`]), its unknowns by
    /// position in `component`.
    pub(crate) fn program_of(&self, component: &[usize]) -> Result<Program, ProtectionError> {
        let relations = self.relations_touching(component);
        let (bounds, between) = self.constraints(component)?;
        self.program(component, &relations, bounds, between)
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
        let relations = self.relations_touching(component);
        let exact = |cell: usize| match self.known.get(cell) {
            Some(Known::Exact(v)) => Some(*v),
            _ => None,
        };
        let (bounds, between) = self.constraints(component)?;
        // One slack variable per inequality row, after the cells: larger − smaller −
        // slack = 0.
        let variables = component.len() + between.len();
        let constraints = relations.len() + between.len();
        let entries = constraints.saturating_mul(variables.saturating_add(constraints));
        if entries > self.exact_limit {
            if component.len() > MAX_WITNESS_UNKNOWNS {
                return Err(ProtectionError::TooLarge {
                    cells: component.len(),
                    relations: constraints,
                    limit: MAX_WITNESS_UNKNOWNS,
                });
            }
            let program = self.program(component, &relations, bounds, between)?;
            let positions: Vec<usize> = targets
                .iter()
                .map(|&t| position(t).unwrap_or(usize::MAX))
                .collect();
            let required_at = |j: usize| {
                let cell = component.get(j).copied().unwrap_or(0);
                required.map_or(0, |r| r(cell))
            };
            let required_at: Option<&dyn Fn(usize) -> u64> =
                required.map(|_| &required_at as &dyn Fn(usize) -> u64);
            let known: Vec<usize> = positions
                .iter()
                .copied()
                .filter(|&j| j != usize::MAX)
                .collect();
            // The points found before that are still points here, on this component.
            let mut points: Vec<Vec<(usize, Rational)>> = self
                .points
                .borrow()
                .iter()
                .filter(|p| p.iter().all(|&(c, x)| self.admits(c, x)))
                .map(|p| {
                    p.iter()
                        .filter_map(|&(c, x)| Some((position(c)?, x)))
                        .collect::<Vec<_>>()
                })
                .filter(|p| !p.is_empty())
                .collect();
            let before = points.len();
            let answers = program.intervals(&known, required_at, self.cap, &mut points);
            self.points
                .borrow_mut()
                .extend(points.into_iter().skip(before).map(|p| {
                    p.into_iter()
                        .filter_map(|(j, x)| Some((*component.get(j)?, x)))
                        .collect()
                }));
            let mut answers = answers.into_iter();
            return Ok(positions
                .iter()
                .map(|&j| {
                    if j == usize::MAX {
                        Some((0, None))
                    } else {
                        answers.next().flatten()
                    }
                })
                .collect());
        }
        let overflow = || ProtectionError::Overflow("a relation's sum".to_owned());
        // Each unknown is its lower bound plus a variable from 0.
        let shift = |cell: usize| {
            position(cell)
                .and_then(|i| bounds.get(i))
                .map_or(0, |&(low, _)| low)
        };
        let upper: Vec<Option<Rational>> = bounds
            .iter()
            .map(|&(low, high)| high.map(|h| Rational::integer(i128::from(h.saturating_sub(low)))))
            .chain(between.iter().map(|_| None))
            .collect();
        let mut rows = Vec::with_capacity(constraints);
        let mut rhs = Vec::with_capacity(constraints);
        let relation_rows = relations
            .iter()
            .map(|&r| (self.relation_terms(r).collect::<Vec<_>>(), None));
        let inequality_rows = between.iter().enumerate().map(|(k, &(a, b))| {
            let cells = [component.get(a), component.get(b)];
            let terms: Vec<(usize, i64)> = cells
                .into_iter()
                .flatten()
                .copied()
                .zip([-1i64, 1])
                .collect();
            (terms, Some(component.len() + k))
        });
        for (terms, slack) in relation_rows.chain(inequality_rows) {
            let mut row = vec![Rational::ZERO; variables];
            if let Some(slot) = slack.and_then(|s| row.get_mut(s)) {
                *slot = Rational::integer(-1);
            }
            let mut constant: i128 = 0;
            for (cell, coefficient) in terms {
                let coefficient = i128::from(coefficient);
                let fixed = exact(cell).unwrap_or_else(|| shift(cell));
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
                if v < s.0 {
                    s.0 = v;
                }
                if v > s.1 {
                    s.1 = v;
                }
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

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::analysis::disclosure::{CountTable, Margins};
    use proptest::prelude::*;

    /// Every interval of every component, exactly or from checked points.
    fn all_intervals(
        tables: &LinkedTables,
        known: &[Known],
        exact_limit: usize,
        cap: u64,
    ) -> Vec<(usize, Bounds)> {
        let mut attacker = Attacker::new(tables, known.to_vec());
        attacker.exact_limit = exact_limit;
        attacker.cap = cap;
        let mut out = Vec::new();
        for component in attacker.components() {
            let intervals = attacker.intervals(&component, &component, None).unwrap();
            for (&cell, interval) in component.iter().zip(intervals) {
                out.push((cell, interval.unwrap_or((0, None))));
            }
        }
        out
    }

    /// What an attacker knows of `tables`: the cells `withheld` marks are unknown,
    /// the others published exactly.
    pub(crate) fn known_of(tables: &LinkedTables, withheld: &[bool]) -> Vec<Known> {
        tables
            .cells()
            .map(|id| {
                if withheld.get(id.index()).copied().unwrap_or(false) {
                    Known::Unknown
                } else {
                    Known::Exact(tables.value(id))
                }
            })
            .collect()
    }

    /// A table with its margins, and what an attacker knows of it (see
    /// [`known_of`]).
    pub(crate) fn withheld_table(
        values: Vec<Vec<u64>>,
        withheld: &[bool],
    ) -> (LinkedTables, Vec<Known>) {
        let rows: Vec<String> = (0..values.len()).map(|r| format!("r{r}")).collect();
        let width = values.first().map_or(0, Vec::len);
        let columns: Vec<String> = (0..width).map(|c| format!("c{c}")).collect();
        let table = CountTable::new(rows, columns, values).unwrap();
        let mut tables = LinkedTables::new();
        tables.add_table("t", &table, Margins::ALL).unwrap();
        let known = known_of(&tables, withheld);
        (tables, known)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Intervals from checked points lie inside the exact ones (a second way of
        /// solving the same programs), and on two-way tables, whose vertices are
        /// whole, they are the exact ones wherever the cap does not stop them.
        #[test]
        fn checked_points_give_intervals_inside_the_exact_ones(
            values in proptest::collection::vec(proptest::collection::vec(0u64..12, 4), 2..5),
            withheld in proptest::collection::vec(any::<bool>(), 25),
        ) {
            let (tables, known) = withheld_table(values, &withheld);
            let cap = 1_000;
            let exact = all_intervals(&tables, &known, usize::MAX, cap);
            let checked = all_intervals(&tables, &known, 0, cap);
            prop_assert_eq!(exact.len(), checked.len());
            for (&(cell, (low, high)), &(other, (inner_low, inner_high))) in exact.iter().zip(&checked) {
                prop_assert_eq!(cell, other);
                let truth = tables.value(CellId(cell));
                prop_assert!(inner_low >= low && inner_low <= truth);
                prop_assert!(inner_high.is_none_or(|inner| inner >= truth));
                match (high, inner_high) {
                    (Some(h), Some(inner)) => prop_assert!(inner <= h),
                    // Capped: the exact interval reaches at least as far.
                    (h, None) => prop_assert!(h.is_none_or(|h| h >= truth + cap)),
                    (None, Some(_)) => {}
                }
                if high.is_some_and(|h| h < truth + cap) {
                    prop_assert_eq!((low, high), (inner_low, inner_high));
                }
            }
        }

        /// In a search (a width required of each cell), a cell answered wide enough
        /// is, by the exact programs, and a cell answered too narrow has an interval
        /// inside its exact one: pending cells taken as exposed without programs of
        /// their own err only towards withholding.
        #[test]
        fn a_search_by_checked_points_never_calls_a_narrow_cell_wide(
            values in proptest::collection::vec(proptest::collection::vec(0u64..12, 5), 2..6),
            withheld in proptest::collection::vec(any::<bool>(), 36),
            required in 1u64..6,
        ) {
            let (tables, known) = withheld_table(values, &withheld);
            let required_of = |_: usize| required;
            let exact = all_intervals(&tables, &known, usize::MAX, 1_000);
            let mut attacker = Attacker::new(&tables, known.clone());
            attacker.exact_limit = 0;
            for component in attacker.components() {
                let answers = attacker
                    .intervals(&component, &component, Some(&required_of))
                    .unwrap();
                for (&cell, answer) in component.iter().zip(answers) {
                    let &(_, (low, high)) = exact.iter().find(|(c, _)| *c == cell).unwrap();
                    let exact_width = high.map_or(u64::MAX, |h| h - low);
                    match answer {
                        None => prop_assert!(exact_width >= required, "cell {}: {}..{:?}", cell, low, high),
                        Some((inner_low, inner_high)) => {
                            prop_assert!(inner_low >= low);
                            let inside = match (high, inner_high) {
                                (Some(h), Some(inner)) => inner <= h,
                                (None, _) => true,
                                (Some(_), None) => false,
                            };
                            prop_assert!(inside);
                        }
                    }
                }
            }
        }
    }
}
