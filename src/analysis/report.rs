//! What a summary run publishes: its counts, funnel, sentence statistics and time
//! to outcome as long rows, every count protected as one problem.
//!
//! A [`SummaryReport`] lays a [`Summary`] out as the tables an analyst publishes:
//!
//! | section | unit | rows | columns |
//! |---|---|---|---|
//! | `counts` | case, person, charge, count | each group, and `all` | each outcome, and `total` |
//! | `funnel` | person | each country, and `all` | identified … sentenced to custody |
//! | `sentences` | person, month | kinds of sentence; statistics of determinate terms | |
//! | `time_to_outcome` | person, day | arrest to verdict, arrest to sentence | count, median, mean, p90 |
//!
//! and a histogram of determinate terms for charts. Every count of every table is a
//! cell of one [`LinkedTables`], with the relations an attacker knows: group totals
//! and `all` rows; the funnel's identified people as the counted cases (one case is
//! one person identified), in all and per country when the counts are grouped by
//! place; the histogram's bins as the determinate custodial sentences. So a withheld
//! count cannot be worked out from a total in another table. A median or mean over
//! fewer people than the threshold is withheld too.
//!
//! # Example
//!
//! ```
//! use investigation_outcomes::Dataset;
//! use investigation_outcomes::aggregate::{GroupBy, HeaviestSentence, Summary};
//! use investigation_outcomes::disclosure::Protection;
//! use investigation_outcomes::report::SummaryReport;
//!
//! let dataset = Dataset::from_json_str(include_str!("../../data/operation-h.json"))?;
//! let summary = Summary::of(&dataset, GroupBy::standard(), &HeaviestSentence::default());
//! let protection = Protection { suppress_below: Some(3), ..Protection::default() };
//! let report = SummaryReport::new(&summary, &protection)?;
//! // Two Australian cases are too few to publish.
//! let identified = report.rows.iter().find(|r| r.section == "funnel" && r.measure == "identified").unwrap();
//! assert!(identified.suppressed);
//! assert_eq!(report.publication.audit.determined().count(), 0);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use serde::Serialize;

use crate::analysis::aggregate::{GroupKey, Stages, Summary};
use crate::analysis::disclosure::{
    Cell, CellId, CountTable, LinkedTables, Margins, Protection, ProtectionError, Publication,
    TableCells, protect_linked,
};
use crate::record::charge::Outcome;
use crate::value::term::{LengthUnit, Term};

/// The outcome columns of the counts, in order, with their names.
pub const OUTCOMES: [(Option<Outcome>, &str); 9] = [
    (Some(Outcome::Convicted), "convicted"),
    (Some(Outcome::Pending), "pending"),
    (Some(Outcome::Acquitted), "acquitted"),
    (Some(Outcome::Withdrawn), "withdrawn"),
    (Some(Outcome::Dismissed), "dismissed"),
    (
        Some(Outcome::DischargedWithoutConviction),
        "discharged_without_conviction",
    ),
    (Some(Outcome::Diverted), "diverted"),
    (Some(Outcome::Unknown), "unknown"),
    (None, "not_charged"),
];

/// One published figure.
#[derive(Clone, PartialEq, Debug, Serialize)]
pub struct Row {
    /// The table: `counts`, `funnel`, `sentences` or `time_to_outcome`.
    pub section: &'static str,
    /// The counting unit (`case`, `person`, `charge`, `count`) or the unit of a
    /// statistic (`month`, `day`).
    pub unit: &'static str,
    /// The row: a group, a country, `all`, or a kind of sentence.
    pub group: String,
    /// The column: an outcome, a stage, `total`, `count` or a statistic.
    pub measure: String,
    /// The published value; `None` when withheld or not defined.
    pub value: Option<Figure>,
    /// Whether the value is withheld.
    pub suppressed: bool,
}

/// A published value: a count, or a statistic such as a median.
///
/// In JSON a count is an integer and a statistic a number, so that readers never see
/// a count as `2.0`. `Display` writes a count as an integer and a statistic in the
/// shortest form that reads back the same.
#[derive(Clone, Copy, PartialEq, Debug, Serialize)]
#[serde(untagged)]
pub enum Figure {
    /// A count of a counting unit.
    Count(u64),
    /// A statistic (a median, a mean, a percentile), in the row's unit.
    Statistic(f64),
}

impl Figure {
    /// The value as a number, for arithmetic and charts.
    pub fn as_f64(self) -> f64 {
        match self {
            Figure::Count(n) => n as f64,
            Figure::Statistic(x) => x,
        }
    }
}

impl std::fmt::Display for Figure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Figure::Count(n) => write!(f, "{n}"),
            Figure::Statistic(x) => write!(f, "{x}"),
        }
    }
}

fn cell_value(cell: Cell) -> (Option<Figure>, bool) {
    match cell {
        Cell::Value(v) => (Some(Figure::Count(v)), false),
        Cell::Suppressed => (None, true),
    }
}

/// A table of the run: where its rows go and which of its totals are printed.
struct Block {
    section: &'static str,
    unit: &'static str,
    table: CountTable,
    ids: TableCells,
    /// Print a total per row (when there is more than one column).
    row_totals: bool,
    /// Print the `all` row (when there is more than one row).
    column_totals: bool,
}

/// Every count one run publishes, as one problem for disclosure control: the tables,
/// and the relations between them that an attacker knows.
struct Run {
    model: LinkedTables,
    blocks: Vec<Block>,
}

impl Run {
    fn add(
        &mut self,
        section: &'static str,
        unit: &'static str,
        table: CountTable,
        row_totals: bool,
        column_totals: bool,
    ) -> Result<usize, ProtectionError> {
        let margins = Margins {
            rows: row_totals,
            columns: column_totals,
        };
        let ids = self
            .model
            .add_table(&format!("{section} ({unit})"), &table, margins)
            .map_err(inconsistent)?;
        self.blocks.push(Block {
            section,
            unit,
            table,
            ids,
            row_totals,
            column_totals,
        });
        Ok(self.blocks.len() - 1)
    }

    fn ids(&self, block: usize) -> Option<&TableCells> {
        self.blocks.get(block).map(|b| &b.ids)
    }

    fn link(&mut self, total: CellId, parts: &[CellId]) -> Result<(), ProtectionError> {
        self.model.add_sum(total, parts).map_err(inconsistent)
    }
}

struct Rows<'a> {
    rows: Vec<Row>,
    protection: &'a Protection,
}

impl Rows<'_> {
    fn push(
        &mut self,
        section: &'static str,
        unit: &'static str,
        group: &str,
        measure: &str,
        cell: Cell,
    ) {
        let (value, suppressed) = cell_value(cell);
        self.rows.push(Row {
            section,
            unit,
            group: group.to_owned(),
            measure: measure.to_owned(),
            value,
            suppressed,
        });
    }

    fn number(
        &mut self,
        section: &'static str,
        unit: &'static str,
        group: &str,
        measure: &str,
        value: Option<f64>,
        shown: bool,
    ) {
        self.rows.push(Row {
            section,
            unit,
            group: group.to_owned(),
            measure: measure.to_owned(),
            value: if shown {
                value.map(Figure::Statistic)
            } else {
                None
            },
            suppressed: !shown,
        });
    }

    /// Adds each cell of a protected table as a row, with the totals it prints.
    fn block(&mut self, block: &Block, publication: &Publication) {
        let (section, unit, table, ids) = (block.section, block.unit, &block.table, &block.ids);
        let cell = |id: Option<&CellId>| id.map_or(Cell::Suppressed, |&id| publication.cell(id));
        for (r, row) in table.rows().iter().enumerate() {
            for (c, column) in table.columns().iter().enumerate() {
                self.push(
                    section,
                    unit,
                    row,
                    column,
                    cell(ids.cells.get(r).and_then(|row| row.get(c))),
                );
            }
            if block.row_totals && table.columns().len() > 1 {
                self.push(section, unit, row, "total", cell(ids.row_totals.get(r)));
            }
        }
        if block.column_totals && table.rows().len() > 1 {
            for (c, column) in table.columns().iter().enumerate() {
                self.push(section, unit, "all", column, cell(ids.column_totals.get(c)));
            }
            if let (true, Some(grand)) = (
                block.row_totals && table.columns().len() > 1,
                ids.grand_total,
            ) {
                self.push(section, unit, "all", "total", publication.cell(grand));
            }
        }
    }

    /// Whether a statistic over `n` values may be shown: a mean or median of fewer
    /// people than the suppression threshold would describe too few.
    fn enough(&self, n: u64) -> bool {
        self.protection.suppress_below.is_none_or(|t| n >= t)
    }
}

/// Labelled bars for a chart; `None` for a withheld value.
pub type Bars = Vec<(String, Option<u64>)>;

/// What one summary run publishes: the long rows, bars for charts, and the
/// protection with its audit.
#[derive(Clone, PartialEq, Debug, Serialize)]
pub struct SummaryReport {
    /// Every published figure, table by table.
    pub rows: Vec<Row>,
    /// People at each stage of the funnel, over all countries.
    pub funnel: Bars,
    /// Determinate custodial terms by length.
    pub histogram: Bars,
    /// What was withheld and why, and the audit of the whole publication.
    pub publication: Publication,
}

impl SummaryReport {
    /// Lays out and protects everything a summary publishes; see the module
    /// documentation.
    ///
    /// # Errors
    ///
    /// [`ProtectionError`] when the tables cannot be protected: nothing should then
    /// be published.
    pub fn new(summary: &Summary, protection: &Protection) -> Result<Self, ProtectionError> {
        build(summary, protection)
    }

    /// The audit in one line, for a report's header: how many cells are withheld,
    /// and the narrowest interval an attacker can derive for any of them.
    pub fn audit_statement(&self) -> String {
        let publication = &self.publication;
        let audit = &publication.audit;
        match audit.narrowest() {
            None => "audit: nothing withheld".to_owned(),
            Some(narrowest) => format!(
                "audit: {} cells withheld ({} small, {} complements), none can be derived; narrowest interval an attacker can derive: {} to {} (each small count's at least {} wide)",
                audit.withheld(),
                publication.primary(),
                publication.secondary(),
                narrowest.low,
                narrowest
                    .high
                    .map_or("unbounded".to_owned(), |h| h.to_string()),
                publication.protection_level
            ),
        }
    }
}

fn inconsistent(e: crate::analysis::disclosure::TableError) -> ProtectionError {
    ProtectionError::Inconsistent(e.to_string())
}

/// The bins of the histogram of determinate terms.
const HISTOGRAM_LABELS: [&str; 7] = [
    "< 6 months",
    "6–12 months",
    "1–2 years",
    "2–3 years",
    "3–5 years",
    "5–10 years",
    "10 years +",
];

fn build(summary: &Summary, protection: &Protection) -> Result<SummaryReport, ProtectionError> {
    let mut run = Run {
        model: LinkedTables::new(),
        blocks: Vec::new(),
    };

    // Counts, one table per unit: groups by outcome, with totals both ways.
    let groups: Vec<(&GroupKey, _)> = summary.counts().groups().collect();
    let labels: Vec<String> = groups.iter().map(|(k, _)| k.to_string()).collect();
    let columns: Vec<String> = OUTCOMES.iter().map(|(_, n)| (*n).to_owned()).collect();
    let mut case_block = None;
    for (unit_index, unit) in ["case", "person", "charge", "count"]
        .into_iter()
        .enumerate()
    {
        let cells = groups
            .iter()
            .map(|(_, tally)| {
                let by_outcome = tally
                    .by_unit()
                    .get(unit_index)
                    .map(|(_, by_outcome)| **by_outcome)
                    .unwrap_or_default();
                OUTCOMES.iter().map(|(o, _)| by_outcome.get(*o)).collect()
            })
            .collect();
        let table =
            CountTable::new(labels.clone(), columns.clone(), cells).map_err(inconsistent)?;
        let block = run.add("counts", unit, table, true, true)?;
        if unit == "case" {
            case_block = Some(block);
        }
    }

    // The funnel per country, with the `all` row.
    let by_country = summary.funnel().by_country();
    let stage_names: Vec<String> = Stages::NAMES.iter().map(|s| (*s).to_owned()).collect();
    let countries: Vec<String> = by_country.keys().map(|c| c.to_string()).collect();
    let cells = by_country.values().map(|s| s.as_array().to_vec()).collect();
    let table = CountTable::new(countries, stage_names.clone(), cells).map_err(inconsistent)?;
    let funnel_block = run.add("funnel", "person", table, false, true)?;

    // Each case is one person identified: the funnel's identified people are the
    // counted cases, in all and, when the counts are grouped by place, per country.
    if let (Some(cases), Some(funnel)) = (
        case_block.and_then(|b| run.ids(b)).cloned(),
        run.ids(funnel_block).cloned(),
    ) {
        if let (Some(&identified), Some(all_cases)) =
            (funnel.column_totals.first(), cases.grand_total)
        {
            run.link(identified, &[all_cases])?;
        }
        if summary.counts().group_by().jurisdiction.is_some() && by_country.len() > 1 {
            for (country, row) in by_country.keys().zip(&funnel.cells) {
                let parts: Vec<CellId> = groups
                    .iter()
                    .zip(&cases.row_totals)
                    .filter(|((key, _), _)| key.jurisdiction.map(|j| j.country()) == Some(*country))
                    .map(|(_, &id)| id)
                    .collect();
                if let Some(&identified) = row.first() {
                    run.link(identified, &parts)?;
                }
            }
        }
    }

    // Sentences.
    let sentences = summary.sentences();
    let n = sentences.custodial().count();
    let counts_table = CountTable::column(
        "sentences",
        [
            ("determinate custody".to_owned(), n),
            ("life".to_owned(), sentences.life()),
            ("indefinite".to_owned(), sentences.indefinite()),
            (
                "concurrency unstated".to_owned(),
                sentences.concurrency_unstated(),
            ),
        ]
        .into_iter()
        // Shown only when there are any, so that ordinary outputs keep their rows.
        .chain(
            (sentences.too_long() > 0)
                .then(|| ("too long to state".to_owned(), sentences.too_long())),
        )
        .chain(
            sentences
                .non_custodial()
                .iter()
                .map(|(k, v)| (format!("non-custodial: {k}"), *v)),
        ),
    );
    let sentence_block = run.add("sentences", "person", counts_table, false, false)?;

    // The distribution of terms, for the chart: its bins add up to the determinate
    // custodial sentences.
    let edges = [
        Term::months(6),
        Term::years(1),
        Term::years(2),
        Term::years(3),
        Term::years(5),
        Term::years(10),
    ];
    let bins = sentences.histogram(&edges);
    let histogram_table = CountTable::column(
        "terms",
        HISTOGRAM_LABELS
            .iter()
            .zip(&bins)
            .map(|(l, b)| ((*l).to_owned(), b.count)),
    );
    let histogram_block = run.add("histogram", "person", histogram_table, false, false)?;
    if let (Some(sentences), Some(histogram)) = (
        run.ids(sentence_block).cloned(),
        run.ids(histogram_block).cloned(),
    ) && let Some(&determinate) = sentences.cells.first().and_then(|r| r.first())
    {
        let bins: Vec<CellId> = histogram
            .cells
            .iter()
            .filter_map(|r| r.first().copied())
            .collect();
        run.link(determinate, &bins)?;
    }

    // Time to outcome: how many people each statistic is over.
    let time = summary.time_to_outcome();
    let time_table = CountTable::column(
        "count",
        [
            (
                "arrest to verdict".to_owned(),
                time.arrest_to_verdict.count(),
            ),
            (
                "arrest to sentence".to_owned(),
                time.arrest_to_sentence.count(),
            ),
        ],
    );
    let time_block = run.add("time_to_outcome", "person", time_table, false, false)?;

    let publication = protect_linked(&run.model, protection)?;

    let mut out = Rows {
        rows: Vec::new(),
        protection,
    };
    for (index, block) in run.blocks.iter().enumerate() {
        if index == histogram_block || index == time_block {
            continue;
        }
        out.block(block, &publication);
        if index == sentence_block {
            sentence_statistics(&mut out, summary);
        }
    }
    let time_cells = run
        .ids(time_block)
        .map(|ids| ids.cells.clone())
        .unwrap_or_default();
    for ((label, d), ids) in [
        ("arrest to verdict", &time.arrest_to_verdict),
        ("arrest to sentence", &time.arrest_to_sentence),
    ]
    .into_iter()
    .zip(&time_cells)
    {
        let shown = out.enough(d.count());
        let count = ids
            .first()
            .map_or(Cell::Suppressed, |&id| publication.cell(id));
        out.push("time_to_outcome", "person", label, "count", count);
        out.number("time_to_outcome", "day", label, "median", d.median(), shown);
        out.number(
            "time_to_outcome",
            "day",
            label,
            "mean",
            d.mean().map(|m| (m * 10.0).round() / 10.0),
            shown,
        );
        out.number(
            "time_to_outcome",
            "day",
            label,
            "p90",
            d.quantile(0.9),
            shown,
        );
    }

    group_statistics(&mut out, summary);

    let bar = |cell: Cell| match cell {
        Cell::Value(v) => Some(v),
        Cell::Suppressed => None,
    };
    let funnel_ids = run.ids(funnel_block);
    let funnel = stage_names
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let id = funnel_ids.and_then(|ids| ids.column_totals.get(i));
            (name.clone(), id.and_then(|&id| bar(publication.cell(id))))
        })
        .collect();
    let histogram_ids = run.ids(histogram_block);
    let histogram = HISTOGRAM_LABELS
        .iter()
        .enumerate()
        .map(|(i, label)| {
            let id = histogram_ids
                .and_then(|ids| ids.cells.get(i))
                .and_then(|r| r.first());
            (
                (*label).to_owned(),
                id.and_then(|&id| bar(publication.cell(id))),
            )
        })
        .collect();
    Ok(SummaryReport {
        rows: out.rows,
        funnel,
        histogram,
        publication,
    })
}

/// The statistics of determinate custodial terms, in months.
/// Sentence statistics and time to outcome per group: median, mean and 90th
/// percentile, each withheld over fewer people than the threshold, as for the whole.
/// The extremes (min, max) are published only for the whole, where one person's
/// sentence is less easily told apart.
fn group_statistics(out: &mut Rows<'_>, summary: &Summary) {
    for (group, statistics) in summary.by_group() {
        let label = group.to_string();
        let sentences = &statistics.sentences;
        let n = sentences.custodial().count();
        if n > 0 {
            let shown = out.enough(n);
            for (measure, value) in [
                ("median", sentences.median(LengthUnit::Months)),
                ("mean", sentences.mean(LengthUnit::Months)),
                ("p90", sentences.quantile(0.9, LengthUnit::Months)),
            ] {
                out.number(
                    "sentences_by_group",
                    "month",
                    &label,
                    measure,
                    hundredths(value),
                    shown,
                );
            }
        }
        let time = &statistics.time_to_outcome;
        for (what, days) in [
            ("arrest to verdict", &time.arrest_to_verdict),
            ("arrest to sentence", &time.arrest_to_sentence),
        ] {
            if days.is_empty() {
                continue;
            }
            let shown = out.enough(days.count());
            let label = format!("{label}: {what}");
            let mean = days.mean().map(|m| (m * 10.0).round() / 10.0);
            for (measure, value) in [
                ("median", days.median()),
                ("mean", mean),
                ("p90", days.quantile(0.9)),
            ] {
                out.number(
                    "time_to_outcome_by_group",
                    "day",
                    &label,
                    measure,
                    value,
                    shown,
                );
            }
        }
    }
}

fn sentence_statistics(out: &mut Rows<'_>, summary: &Summary) {
    let sentences = summary.sentences();
    let shown = out.enough(sentences.custodial().count());
    // The extremes are the quantiles at 0 and 1.
    let statistics = [
        ("min", sentences.quantile(0.0, LengthUnit::Months)),
        ("median", sentences.median(LengthUnit::Months)),
        ("mean", sentences.mean(LengthUnit::Months)),
        ("p90", sentences.quantile(0.9, LengthUnit::Months)),
        ("max", sentences.quantile(1.0, LengthUnit::Months)),
    ];
    for (measure, value) in statistics {
        out.number(
            "sentences",
            "month",
            "determinate custody",
            measure,
            hundredths(value),
            shown,
        );
    }
}

/// Months to the hundredth, as the summary publishes them.
fn hundredths(value: Option<f64>) -> Option<f64> {
    value.map(|v| (v * 100.0).round() / 100.0)
}
