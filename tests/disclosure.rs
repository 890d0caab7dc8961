//! Disclosure control tried as an attacker would: every published table and linked
//! set of tables is attacked by an oracle that does not trust the protector (exact
//! Gaussian elimination and brute force, written here), and by the crate's audit.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::needless_range_loop
)]

use investigation_outcomes::disclosure::{
    Cell, CellId, CountTable, InnerModel, LinkedTables, Margins, Protection, ProtectionError,
    Publication, Rounding, Status, audit, protect, protect_linked,
};
use proptest::prelude::*;

mod common;

use common::modular::Echelon;
use common::oracle::{determined, forced_to_zero, relations_of};

/// Checks a publication against the oracle and the audit: small counts withheld,
/// nothing withheld determined or forced to zero, every primary interval at least
/// the level wide, and every published value the truth.
fn assert_safe(tables: &LinkedTables, publication: &Publication, protection: &Protection) {
    let level = protection.level();
    for id in tables.cells() {
        let v = tables.value(id);
        let small = protection
            .suppress_below
            .is_some_and(|t| v < t && (v > 0 || protection.suppress_zeros));
        if small {
            assert_eq!(
                publication.cell(id),
                Cell::Suppressed,
                "{} = {v} published",
                tables.label(id)
            );
        }
        if protection.rounding == Rounding::None
            && let Cell::Value(p) = publication.cell(id)
        {
            assert_eq!(p, v);
        }
        if publication.cell(id) == Cell::Suppressed
            && v == 0
            && !protection.suppress_zeros
            && !protection.nonstructural_zeros
        {
            panic!(
                "a structural zero {} was withheld as a complement",
                tables.label(id)
            );
        }
    }
    // The oracle works on exact values: rounded publications are checked before rounding.
    let exact: Vec<Cell> = tables
        .cells()
        .map(|id| match publication.status[id.index()] {
            Status::Published => Cell::Value(tables.value(id)),
            _ => Cell::Suppressed,
        })
        .collect();
    let relations = relations_of(tables);
    let d = determined(&relations, &exact);
    assert!(
        d.is_empty(),
        "determined: {:?}",
        d.iter()
            .map(|&c| tables.label(CellId::from_index(c)))
            .collect::<Vec<_>>()
    );
    assert!(forced_to_zero(&relations, &exact).is_empty());
    // The protection's level, so that groups past the exact limit are pushed that far.
    let unrounded = Protection {
        rounding: Rounding::None,
        ..*protection
    };
    let report = audit(tables, &exact, &unrounded).unwrap();
    for exposure in &report.exposures {
        let required = if publication.status[exposure.cell.index()] == Status::Primary {
            level
        } else {
            1
        };
        assert!(
            exposure.is_wider_than(required),
            "{}: {exposure:?}",
            tables.label(exposure.cell)
        );
        let v = tables.value(exposure.cell);
        assert!(exposure.low <= v && exposure.high.is_none_or(|h| v <= h));
    }
    assert_eq!(
        report.withheld(),
        publication.primary() + publication.secondary()
    );
}

fn table(cells: Vec<Vec<u64>>) -> CountTable {
    let rows = (0..cells.len()).map(|r| format!("r{r}")).collect();
    let columns = (0..cells.first().map_or(0, Vec::len))
        .map(|c| format!("c{c}"))
        .collect();
    CountTable::new(rows, columns, cells).unwrap()
}

fn suppress(threshold: u64) -> Protection {
    Protection {
        suppress_below: Some(threshold),
        ..Protection::default()
    }
}

fn linked(t: &CountTable) -> LinkedTables {
    let mut tables = LinkedTables::new();
    tables.add_table("t", t, Margins::ALL).unwrap();
    tables
}

#[test]
fn a_zero_is_never_the_complement() {
    // Published row totals [0, 15] and column total 11 once gave away the 4.
    let t = table(vec![vec![0, 0], vec![4, 11]]);
    let tables = linked(&t);
    let publication = protect_linked(&tables, &suppress(6)).unwrap();
    assert_safe(&tables, &publication, &suppress(6));
    let p = protect(&t, &suppress(6)).unwrap();
    assert_eq!(p.cell(0, 0), Cell::Value(0));
    assert_eq!(p.cell(1, 0), Cell::Suppressed);
    assert!(p.exposure(1, 0).unwrap().is_wider_than(6));
}

#[test]
fn suppressed_zeros_are_not_given_away_by_the_rest_of_their_line() {
    let t = table(vec![vec![0], vec![0], vec![289]]);
    let protection = Protection {
        suppress_zeros: true,
        ..suppress(5)
    };
    let tables = linked(&t);
    let publication = protect_linked(&tables, &protection).unwrap();
    assert_safe(&tables, &publication, &protection);
    let p = protect(&t, &protection).unwrap();
    assert_eq!(p.cell(2, 0), Cell::Suppressed);
    assert_eq!(p.exposure(0, 0).unwrap().high, Some(289));
}

#[test]
fn the_grand_total_is_part_of_the_problem() {
    // A small row total next to published cells: the grand total must not give the
    // row away once its cells are withheld.
    let t = table(vec![vec![2, 1], vec![30, 40], vec![25, 50]]);
    let tables = linked(&t);
    let publication = protect_linked(&tables, &suppress(5)).unwrap();
    assert_safe(&tables, &publication, &suppress(5));
}

/// Every value a withheld cell can take, by brute force over the inner cells of a
/// small two-way table: `None` for the upper end when it reaches the search cap.
fn brute_force(
    t: &CountTable,
    published: &[Vec<Option<u64>>],
    cap: u64,
) -> Vec<Vec<(u64, Option<u64>)>> {
    let (rows, cols) = (t.rows().len(), t.columns().len());
    let n = rows * cols;
    let mut best: Vec<Vec<(u64, u64)>> = published
        .iter()
        .map(|r| vec![(u64::MAX, 0); r.len()])
        .collect();
    let mut x = vec![0u64; n];
    loop {
        // The values of every cell, totals included, in the layout of `published`:
        // rows of cells with their total, then the column totals and grand total.
        let mut all: Vec<Vec<u64>> = (0..rows)
            .map(|r| {
                let mut line: Vec<u64> = (0..cols).map(|c| x[r * cols + c]).collect();
                line.push(line.iter().sum());
                line
            })
            .collect();
        let mut totals: Vec<u64> = (0..cols)
            .map(|c| (0..rows).map(|r| x[r * cols + c]).sum())
            .collect();
        totals.push(x.iter().sum());
        all.push(totals);
        let fits = all
            .iter()
            .zip(published)
            .all(|(line, p)| line.iter().zip(p).all(|(v, p)| p.is_none_or(|p| p == *v)));
        if fits {
            for (line, b) in all.iter().zip(best.iter_mut()) {
                for (v, b) in line.iter().zip(b.iter_mut()) {
                    b.0 = b.0.min(*v);
                    b.1 = b.1.max(*v);
                }
            }
        }
        // Next assignment.
        let mut i = 0;
        loop {
            if i == n {
                return best
                    .into_iter()
                    .map(|line| {
                        line.into_iter()
                            .map(|(lo, hi)| (lo, (hi < cap).then_some(hi)))
                            .collect()
                    })
                    .collect();
            }
            x[i] += 1;
            if x[i] <= cap {
                break;
            }
            x[i] = 0;
            i += 1;
        }
    }
}

fn arb_table(max_side: usize, max_value: u64) -> impl Strategy<Value = CountTable> {
    (1..=max_side, 1..=max_side).prop_flat_map(move |(rows, columns)| {
        // Many small counts, some zeros, some large: the mix real tables have.
        let value = prop_oneof![3 => 0..max_value.min(8), 1 => Just(0u64), 2 => 0..max_value];
        prop::collection::vec(prop::collection::vec(value, columns), rows).prop_map(table)
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn protected_two_way_tables_pass_the_oracle(t in arb_table(5, 40), threshold in 1u64..15, zeros: bool) {
        let protection = Protection { suppress_zeros: zeros, ..suppress(threshold) };
        let tables = linked(&t);
        match protect_linked(&tables, &protection) {
            Ok(publication) => assert_safe(&tables, &publication, &protection),
            // Refusing is allowed only when nothing else could be withheld.
            Err(ProtectionError::Unprotectable { .. }) => {
                prop_assert!(tables.cells().all(|id| tables.value(id) == 0 || tables.value(id) < threshold));
            }
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn rounded_and_suppressed_tables_pass_the_oracle(t in arb_table(4, 60), threshold in 1u64..10, seed: u64, graduated: bool) {
        let protection = Protection {
            rounding: if graduated { Rounding::Graduated } else { Rounding::Rr3 },
            seed,
            ..suppress(threshold)
        };
        let tables = linked(&t);
        let publication = protect_linked(&tables, &protection).unwrap();
        assert_safe(&tables, &publication, &protection);
        // With rounded values as intervals the attacker knows less, never more.
        for exposure in &publication.audit.exposures {
            let required = if publication.status[exposure.cell.index()] == Status::Primary { protection.level() } else { 1 };
            prop_assert!(exposure.is_wider_than(required));
        }
    }

    /// The audit's intervals are exactly the values brute force finds: a two-way
    /// table's relations are totally unimodular, so the linear programs' bounds are
    /// whole numbers that some table reaches.
    #[test]
    fn the_audit_agrees_with_brute_force(cells in prop::collection::vec(prop::collection::vec(0u64..4, 2), 2), hide in prop::collection::vec(any::<bool>(), 9)) {
        let t = table(cells);
        let tables = linked(&t);
        // Layout of the model: cells row by row, row totals, column totals, grand total.
        let published: Vec<Cell> = tables
            .cells()
            .zip(&hide)
            .map(|(id, &h)| if h { Cell::Suppressed } else { Cell::Value(tables.value(id)) })
            .collect();
        let grid = |c: usize| match published[c] { Cell::Value(v) => Some(v), Cell::Suppressed => None };
        let layout = vec![
            vec![grid(0), grid(1), grid(4)],
            vec![grid(2), grid(3), grid(5)],
            vec![grid(6), grid(7), grid(8)],
        ];
        let cap = 12;
        let truth = brute_force(&t, &layout, cap);
        let report = audit(&tables, &published, &Protection::default()).unwrap();
        let position = [(0, 0), (0, 1), (1, 0), (1, 1), (0, 2), (1, 2), (2, 0), (2, 1), (2, 2)];
        for exposure in &report.exposures {
            let (r, c) = position[exposure.cell.index()];
            let (low, high) = truth[r][c];
            prop_assert_eq!(exposure.low, low);
            // Brute force stops at the cap: beyond it, the audit must say unbounded.
            match high {
                Some(h) => prop_assert_eq!(exposure.high, Some(h)),
                None => prop_assert!(exposure.high.is_none_or(|h| h >= cap)),
            }
        }
    }

    /// Two tables over the same groups, the second stating the first's row totals
    /// again: protected as one problem, neither gives the other away.
    #[test]
    fn linked_pairs_of_tables_pass_the_oracle(a in arb_table(4, 30), extra in prop::collection::vec(0u64..30, 4), threshold in 2u64..10) {
        let mut tables = LinkedTables::new();
        let first = tables.add_table("outcomes", &a, Margins::ALL).unwrap();
        // The second table: per row, the same total split another way.
        let rows = a.rows().len();
        let cells: Vec<Vec<u64>> = (0..rows)
            .map(|r| {
                let total: u64 = (0..a.columns().len()).map(|c| a.get(r, c)).sum();
                let split = extra[r % extra.len()].min(total);
                vec![split, total - split]
            })
            .collect();
        let second = tables
            .add_table("stages", &table(cells), Margins { rows: true, columns: true })
            .unwrap();
        for r in 0..rows {
            tables.add_same(first.row_totals[r], second.row_totals[r]).unwrap();
        }
        let protection = suppress(threshold);
        let publication = protect_linked(&tables, &protection).unwrap();
        assert_safe(&tables, &publication, &protection);
        // The same quantity is withheld in both tables or in neither.
        for r in 0..rows {
            prop_assert_eq!(publication.cell(first.row_totals[r]), publication.cell(second.row_totals[r]));
        }
    }

    /// Three-way tables with every margin, and hierarchical rows (states within
    /// countries, with country subtotals).
    #[test]
    fn three_way_and_hierarchical_tables_pass_the_oracle(values in prop::collection::vec(0u64..25, 12), threshold in 2u64..8) {
        let protection = suppress(threshold);
        // 2 × 3 × 2 with all margins.
        let mut tables = LinkedTables::new();
        let x = |i: usize, j: usize, k: usize| values[(i * 3 + j) * 2 + k];
        let mut inner = vec![vec![vec![CellId::from_index(0); 2]; 3]; 2];
        for i in 0..2 { for j in 0..3 { for k in 0..2 {
            inner[i][j][k] = tables.add_cell(format!("x{i}{j}{k}"), x(i, j, k));
        } } }
        let sum = |tables: &mut LinkedTables, label: String, parts: Vec<CellId>| {
            let v = parts.iter().map(|&p| tables.value(p)).sum();
            let total = tables.add_cell(label, v);
            tables.add_sum(total, &parts).unwrap();
            total
        };
        let mut ij = vec![vec![CellId::from_index(0); 3]; 2];
        for i in 0..2 { for j in 0..3 { ij[i][j] = sum(&mut tables, format!("x{i}{j}+"), inner[i][j].clone()); } }
        let mut ik = vec![vec![CellId::from_index(0); 2]; 2];
        for i in 0..2 { for k in 0..2 { ik[i][k] = sum(&mut tables, format!("x{i}+{k}"), (0..3).map(|j| inner[i][j][k]).collect()); } }
        let mut jk = vec![vec![CellId::from_index(0); 2]; 3];
        for j in 0..3 { for k in 0..2 { jk[j][k] = sum(&mut tables, format!("x+{j}{k}"), (0..2).map(|i| inner[i][j][k]).collect()); } }
        let i_totals: Vec<CellId> = (0..2).map(|i| sum(&mut tables, format!("x{i}++"), ij[i].clone())).collect();
        for i in 0..2 { tables.add_sum(i_totals[i], &ik[i]).unwrap(); }
        let j_totals: Vec<CellId> = (0..3).map(|j| sum(&mut tables, format!("x+{j}+"), (0..2).map(|i| ij[i][j]).collect())).collect();
        for j in 0..3 { tables.add_sum(j_totals[j], &jk[j]).unwrap(); }
        let k_totals: Vec<CellId> = (0..2).map(|k| sum(&mut tables, format!("x++{k}"), (0..2).map(|i| ik[i][k]).collect())).collect();
        for k in 0..2 { tables.add_sum(k_totals[k], &(0..3).map(|j| jk[j][k]).collect::<Vec<_>>()).unwrap(); }
        let grand = sum(&mut tables, "x+++".into(), i_totals.clone());
        tables.add_sum(grand, &j_totals).unwrap();
        tables.add_sum(grand, &k_totals).unwrap();
        let publication = protect_linked(&tables, &protection).unwrap();
        assert_safe(&tables, &publication, &protection);

        // Hierarchical rows: four states in two countries, by three outcomes.
        let states = table(values.chunks(3).map(<[u64]>::to_vec).collect());
        let mut tables = LinkedTables::new();
        let ids = tables.add_table("states", &states, Margins::ALL).unwrap();
        for (country, members) in [("A", [0, 1]), ("B", [2, 3])] {
            for c in 0..3 {
                let parts: Vec<CellId> = members.iter().map(|&s| ids.cells[s][c]).collect();
                let _ = sum(&mut tables, format!("{country} / c{c}"), parts);
            }
            let parts: Vec<CellId> = members.iter().map(|&s| ids.row_totals[s]).collect();
            let _ = sum(&mut tables, format!("{country} / total"), parts);
        }
        let publication = protect_linked(&tables, &protection).unwrap();
        assert_safe(&tables, &publication, &protection);
    }

    #[test]
    fn the_same_seed_gives_the_same_publication(t in arb_table(4, 40), seed: u64) {
        let protection = Protection { rounding: Rounding::Rr3, seed, ..suppress(5) };
        prop_assert_eq!(protect(&t, &protection).unwrap(), protect(&t, &protection).unwrap());
    }
}

#[test]
fn a_count_table_read_from_json_is_checked_like_one_built_in_code() {
    let err = serde_json::from_str::<CountTable>(
        r#"{"cells":[[2],[18446744073709551615]],"columns":[],"rows":[]}"#,
    )
    .unwrap_err();
    assert!(err.to_string().contains("2 rows of cells"), "{err}");
}

#[test]
fn totals_that_overflow_are_an_error_not_a_wrap() {
    let t = CountTable::new(
        vec!["a".into(), "b".into()],
        vec!["x".into()],
        vec![vec![2], vec![u64::MAX]],
    )
    .unwrap();
    assert!(protect(&t, &suppress(5)).is_err());
}

proptest! {
    /// The same value in the same cell rounds the same way in every table made with
    /// the same seed, so comparing tables gives nothing away.
    #[test]
    fn the_same_value_in_the_same_cell_rounds_alike_in_every_table(a in arb_table(4, 40), b in arb_table(4, 40), seed: u64) {
        let p = Protection { rounding: Rounding::Rr3, seed, ..Protection::default() };
        let (pa, pb) = (protect(&a, &p).unwrap(), protect(&b, &p).unwrap());
        for r in 0..a.rows().len().min(b.rows().len()) {
            for c in 0..a.columns().len().min(b.columns().len()) {
                if a.get(r, c) == b.get(r, c) {
                    prop_assert_eq!(pa.cell(r, c), pb.cell(r, c));
                }
            }
        }
    }
}

#[test]
fn a_group_too_large_to_solve_exactly_is_audited_by_checked_points() {
    // 4,200 withheld cells in one group: past `MAX_TABLEAU_ENTRIES`.
    let t = table(vec![vec![1; 2100], vec![2; 2100]]);
    let tables = linked(&t);
    let published = vec![Cell::Suppressed; tables.len()];
    let report = audit(&tables, &published, &suppress(3)).unwrap();
    assert_eq!(report.exposures.len(), tables.len());
    // Everything withheld: any cell can be anything from 0 up; each is shown
    // around its true value and at least the protection level wide.
    for exposure in &report.exposures {
        let truth = tables.value(exposure.cell);
        assert!(exposure.low <= truth, "{exposure:?}");
        assert!(exposure.high.is_none_or(|h| h >= truth), "{exposure:?}");
        assert!(exposure.is_wider_than(3), "{exposure:?}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// The model's relations and inequalities hold whatever the inner cells hold
    /// (checked on other values than the model was built with), and there are as
    /// many independent relations as the figures less the rank of their sums.
    #[test]
    fn the_models_relations_and_nestings_hold_for_any_inner_values(
        values in proptest::collection::vec(1u64..6, 1..8),
        other in proptest::collection::vec(0u64..9, 8),
        figures in proptest::collection::vec(proptest::collection::vec(0usize..8, 0..6), 1..12),
    ) {
        let mut model = InnerModel::new();
        let inner: Vec<_> = values.iter().map(|&v| model.add_inner(v)).collect();
        let members: Vec<Vec<usize>> = figures
            .iter()
            .map(|f| {
                let mut m: Vec<usize> = f.iter().map(|&i| i % inner.len()).collect();
                m.sort_unstable();
                m.dedup();
                m
            })
            .collect();
        for (i, m) in members.iter().enumerate() {
            model.add_figure(format!("f{i}"), m.iter().map(|&k| inner[k])).unwrap();
        }
        let tables = model.linked_tables().unwrap();
        // Each figure again, from other inner values.
        let again: Vec<i64> = members
            .iter()
            .map(|m| m.iter().map(|&k| other[k] as i64).sum())
            .collect();
        for relation in tables.relations() {
            let sum: i64 = relation.terms.iter().map(|&(c, k)| k * again[c.index()]).sum();
            prop_assert_eq!(sum, 0, "{:?}", relation);
        }
        for at_most in tables.inequalities() {
            prop_assert!(again[at_most.smaller.index()] <= again[at_most.larger.index()]);
            let (a, b) = (&members[at_most.smaller.index()], &members[at_most.larger.index()]);
            prop_assert!(a.iter().all(|k| b.contains(k)) && a.len() < b.len());
        }
        // The rank of the membership matrix: figures × inner cells.
        let mut span = Echelon::default();
        for m in &members {
            span.add((0..inner.len()).map(|k| u64::from(m.contains(&k))).collect());
        }
        prop_assert_eq!(tables.relations().len(), members.len() - span.rank());
    }
}

/// Rounded values widen what the attacker can derive, but the audit of a large
/// rounded problem certifies intervals from inside, with checked points: on this run
/// it could not show a primary count as wide as the search had shown it with every
/// published value exact, and the tool refused to publish. The exact-values interval
/// lies inside the rounded one, so it counts.
#[test]
fn a_rounded_run_keeps_the_widths_its_search_showed() {
    use investigation_outcomes::aggregate::{
        GroupBy, HeaviestSentence, JurisdictionLevel, RunSummary,
    };
    use investigation_outcomes::report::{StatisticsRule, SummaryReport};
    use investigation_outcomes::synthetic::SyntheticConfig;

    let dataset = SyntheticConfig {
        seed: 3,
        operations: 2,
        cases: 600,
    }
    .dataset();
    let country = GroupBy {
        jurisdiction: Some(JurisdictionLevel::Country),
        ..GroupBy::default()
    };
    let offence = GroupBy {
        offence_kind: true,
        ..GroupBy::default()
    };
    let run = RunSummary::of(&dataset, &[country, offence], &HeaviestSentence::default());
    let protection = Protection {
        suppress_below: Some(5),
        rounding: Rounding::Rr3,
        seed: 3,
        ..Protection::default()
    };
    let report = SummaryReport::of_run(&run, &protection, &StatisticsRule::default()).unwrap();
    let publication = &report.publication;
    assert!(publication.primary() > 0);
    assert_safe(&report.model, publication, &protection);
    // The audit reported with it, of the rounded values, shows the same widths.
    for exposure in &publication.audit.exposures {
        let required = match publication.status[exposure.cell.index()] {
            Status::Primary => publication.protection_level,
            _ => 1,
        };
        assert!(
            exposure.is_wider_than(required),
            "{:?}",
            report.model.label(exposure.cell)
        );
    }
}
