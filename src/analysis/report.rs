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
//! and a histogram of determinate terms for charts.
//!
//! **One model for every count.** Each count of every table is a sum of *inner
//! cells* (see [`aggregate::InnerCells`](crate::aggregate::InnerCells)): the cases
//! classified at once by group, outcome, whether the case counts its defendant,
//! country, each funnel stage reached, kind of sentence and histogram bin, and which
//! times to outcome are known; the charges beyond each case's principal charge and
//! the counts beyond each charge's first, per group and outcome. The relations and
//! inequalities between figures are derived from these sums
//! ([`disclosure::InnerModel`](crate::disclosure::InnerModel)) and the whole run is
//! protected as one problem: a withheld count cannot be worked out from a total in
//! another table, because every total is a column of the same model.
//!
//! **Statistics.** Medians, means and 90th percentiles follow a [`StatisticsRule`]:
//! published over at least ten people once any disclosure control is on (never fewer
//! than the count threshold), in whole months or days, with a group's mean also
//! withheld when it and the overall mean would give the sum of fewer people's values;
//! the minimum and maximum, individual values, only when asked for.
//!
//! # Example
//!
//! ```
//! use investigation_outcomes::Dataset;
//! use investigation_outcomes::aggregate::{GroupBy, HeaviestSentence, Summary};
//! use investigation_outcomes::disclosure::Protection;
//! use investigation_outcomes::report::{Section, SummaryReport, Unit};
//!
//! let dataset = Dataset::from_json_str(include_str!("../../data/operation-h.json"))?;
//! let summary = Summary::of(&dataset, GroupBy::country_and_offence(), &HeaviestSentence::default());
//! let protection = Protection { suppress_below: Some(3), ..Protection::default() };
//! let report = SummaryReport::new(&summary, &protection)?;
//! // Two Australian cases are too few to publish.
//! let identified = report.row(Section::Funnel, Unit::Person, "AU", "identified").unwrap();
//! assert!(identified.suppressed);
//! assert_eq!(report.publication.audit.determined().count(), 0);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use serde::Serialize;

use std::collections::HashMap;
use std::fmt;

use crate::analysis::aggregate::{
    CaseClass, GroupBy, GroupKey, JointSummary, RunSummary, SentenceClass, Stages, Summary, Tally,
};
use crate::analysis::disclosure::{
    AuditReport, Cell, CellId, InnerId, InnerModel, LinkedTables, Protection, ProtectionError,
    Publication, protect_linked,
};
use crate::record::charge::Outcome;
use crate::util::count;
use crate::value::jurisdiction::Jurisdiction;
use crate::value::term::LengthUnit;

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

/// The table a published figure belongs to; in CSV and JSON, its snake_case name.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Section {
    /// Cases, people, charges and counts by group and outcome.
    Counts,
    /// People at each stage from identification to custody.
    Funnel,
    /// Sentences by kind, and the statistics of custodial terms.
    Sentences,
    /// The distribution of determinate custodial terms.
    Histogram,
    /// Times from arrest to verdict and to sentence.
    TimeToOutcome,
    /// The statistics of custodial terms per group.
    SentencesByGroup,
    /// Times to outcome per group.
    TimeToOutcomeByGroup,
}

impl Section {
    /// The snake_case name, as in CSV and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Section::Counts => "counts",
            Section::Funnel => "funnel",
            Section::Sentences => "sentences",
            Section::Histogram => "histogram",
            Section::TimeToOutcome => "time_to_outcome",
            Section::SentencesByGroup => "sentences_by_group",
            Section::TimeToOutcomeByGroup => "time_to_outcome_by_group",
        }
    }
}

impl fmt::Display for Section {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a published figure counts, or the unit of a statistic; in CSV and JSON, its
/// snake_case name.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Unit {
    /// Cases.
    Case,
    /// People, each once in a group.
    Person,
    /// Charges.
    Charge,
    /// Counts of charges.
    Count,
    /// Months (of a custodial term).
    Month,
    /// Days (to an outcome).
    Day,
}

impl Unit {
    /// The snake_case name, as in CSV and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Case => "case",
            Unit::Person => "person",
            Unit::Charge => "charge",
            Unit::Count => "count",
            Unit::Month => "month",
            Unit::Day => "day",
        }
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One published figure.
#[derive(Clone, PartialEq, Debug, Serialize)]
pub struct Row {
    /// The table.
    pub section: Section,
    /// What the figure counts, or the unit of a statistic.
    pub unit: Unit,
    /// The grouping of a table by group (`counts`, `sentences_by_group`,
    /// `time_to_outcome_by_group`), as `--by` writes it (`country,offence`); empty
    /// for the other tables. A run with several groupings has a table of each.
    pub by: String,
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

/// A table of the run as it is printed: its rows and columns, the figure of each
/// cell, and the totals it prints.
struct Block {
    section: Section,
    unit: Unit,
    /// The grouping of a grouped table, as `--by` writes it; empty otherwise.
    by: String,
    rows: Vec<String>,
    columns: Vec<String>,
    cells: Vec<Vec<CellId>>,
    /// The total of each row, when printed (more than one column).
    row_totals: Vec<CellId>,
    /// The `all` row, when printed (more than one row).
    column_totals: Vec<CellId>,
    /// The `all` row's total, with both.
    grand_total: Option<CellId>,
}

/// Every published count of a run as a sum of inner cells, laid out as tables.
struct Layout {
    model: InnerModel,
    blocks: Vec<Block>,
}

impl Layout {
    /// Adds a table whose cell `(r, c)` is the sum of `members(r, c)`, with a total
    /// per row when `row_totals` and an `all` row when `column_totals`, each printed
    /// only where it is not a single cell.
    #[allow(clippy::too_many_arguments)]
    fn add(
        &mut self,
        section: Section,
        unit: Unit,
        by: &str,
        rows: Vec<String>,
        columns: Vec<String>,
        members: &dyn Fn(usize, usize) -> Vec<InnerId>,
        row_totals: bool,
        column_totals: bool,
    ) -> Result<usize, ProtectionError> {
        let name = if by.is_empty() {
            format!("{section} ({unit})")
        } else {
            format!("{section} by {by} ({unit})")
        };
        let mut cells = Vec::with_capacity(rows.len());
        let mut sets = Vec::with_capacity(rows.len());
        for (r, row) in rows.iter().enumerate() {
            let mut line = Vec::with_capacity(columns.len());
            let mut line_sets = Vec::with_capacity(columns.len());
            for (c, column) in columns.iter().enumerate() {
                let set = members(r, c);
                let id = self
                    .model
                    .add_figure(format!("{name}: {row} / {column}"), set.iter().copied())
                    .map_err(inconsistent)?;
                line.push(id);
                line_sets.push(set);
            }
            cells.push(line);
            sets.push(line_sets);
        }
        let mut row_ids = Vec::new();
        if row_totals && columns.len() > 1 {
            for (row, line) in rows.iter().zip(&sets) {
                let id = self
                    .model
                    .add_figure(
                        format!("{name}: {row} / total"),
                        line.iter().flatten().copied(),
                    )
                    .map_err(inconsistent)?;
                row_ids.push(id);
            }
        }
        let mut column_ids = Vec::new();
        let mut grand_total = None;
        if column_totals && rows.len() > 1 {
            for (c, column) in columns.iter().enumerate() {
                let set = sets
                    .iter()
                    .filter_map(|line| line.get(c))
                    .flatten()
                    .copied();
                let id = self
                    .model
                    .add_figure(format!("{name}: all / {column}"), set)
                    .map_err(inconsistent)?;
                column_ids.push(id);
            }
            if !row_ids.is_empty() {
                let all = sets.iter().flatten().flatten().copied();
                grand_total = Some(
                    self.model
                        .add_figure(format!("{name}: all / total"), all)
                        .map_err(inconsistent)?,
                );
            }
        }
        self.blocks.push(Block {
            section,
            unit,
            by: by.to_owned(),
            rows,
            columns,
            cells,
            row_totals: row_ids,
            column_totals: column_ids,
            grand_total,
        });
        Ok(self.blocks.len() - 1)
    }
}

struct Rows {
    rows: Vec<Row>,
}

/// Where rows go: a table, its unit, and its grouping (empty when not grouped).
#[derive(Clone, Copy)]
struct Table<'a> {
    section: Section,
    unit: Unit,
    by: &'a str,
}

impl Rows {
    fn row(
        &mut self,
        table: Table<'_>,
        group: &str,
        measure: &str,
        value: Option<Figure>,
        suppressed: bool,
    ) {
        self.rows.push(Row {
            section: table.section,
            unit: table.unit,
            by: table.by.to_owned(),
            group: group.to_owned(),
            measure: measure.to_owned(),
            value,
            suppressed,
        });
    }

    fn push(&mut self, table: Table<'_>, group: &str, measure: &str, cell: Cell) {
        let (value, suppressed) = cell_value(cell);
        self.row(table, group, measure, value, suppressed);
    }

    /// A statistic at the precision it is published to (whole months or days),
    /// withheld unless `shown`; one not defined (no values) is empty, not withheld.
    fn statistic(
        &mut self,
        table: Table<'_>,
        group: &str,
        measure: &str,
        value: Option<f64>,
        shown: bool,
    ) {
        let value = value
            .filter(|_| shown)
            .map(|v| Figure::Statistic(v.round()));
        self.row(table, group, measure, value, !shown);
    }

    /// Adds each cell of a protected table as a row, with the totals it prints.
    fn block(&mut self, block: &Block, publication: &Publication) {
        let table = Table {
            section: block.section,
            unit: block.unit,
            by: &block.by,
        };
        for (r, row) in block.rows.iter().enumerate() {
            for (c, column) in block.columns.iter().enumerate() {
                let id = block.cells.get(r).and_then(|line| line.get(c));
                let cell = id.map_or(Cell::Suppressed, |&id| publication.cell(id));
                self.push(table, row, column, cell);
            }
            if let Some(&id) = block.row_totals.get(r) {
                self.push(table, row, "total", publication.cell(id));
            }
        }
        for (column, &id) in block.columns.iter().zip(&block.column_totals) {
            self.push(table, "all", column, publication.cell(id));
        }
        if let Some(id) = block.grand_total {
            self.push(table, "all", "total", publication.cell(id));
        }
    }
}

/// When sentence statistics and times to outcome are published.
///
/// Each statistic is an equation in the values it summarises: with three people,
/// the median, the mean and the 90th percentile (whose interpolation rule is known)
/// give all three sentences. So a group's statistics are published only over at
/// least [`threshold`](Self::threshold) people, at a stated precision (whole months,
/// whole days); a group's mean is withheld also when it, the overall mean and the
/// other published means would give the sum of fewer than that many people's values;
/// and the extremes, which are individual values, only when asked for.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default, Serialize)]
pub struct StatisticsRule {
    /// The fewest people a statistic may describe; `None`: at least
    /// [`DEFAULT_MIN_PEOPLE`](Self::DEFAULT_MIN_PEOPLE), and never fewer than the
    /// count threshold. Applied when any disclosure control is, or when set.
    pub min_people: Option<u64>,
    /// Publish the overall minimum and maximum custodial terms: individual values.
    pub extremes: bool,
}

impl StatisticsRule {
    /// The default fewest people behind a statistic, as statistics offices use.
    pub const DEFAULT_MIN_PEOPLE: u64 = 10;

    /// The fewest people a statistic may describe under `protection`: 0 when neither
    /// this rule nor `protection` asks for any control.
    pub fn threshold(&self, protection: &Protection) -> u64 {
        let count_threshold = protection.suppress_below.unwrap_or(0);
        let controlled = protection.suppress_below.is_some()
            || protection.rounding != crate::analysis::disclosure::Rounding::None;
        match self.min_people {
            Some(n) => n.max(count_threshold),
            None if controlled => Self::DEFAULT_MIN_PEOPLE.max(count_threshold),
            None => 0,
        }
    }
}

/// The long rows as CSV, as `outcomes summary --format csv` prints them: a header
/// row, then one line per row; a withheld value is empty. Fields holding a comma,
/// quote or line break are quoted.
///
/// ```
/// use investigation_outcomes::Dataset;
/// use investigation_outcomes::aggregate::{GroupBy, HeaviestSentence, Summary};
/// use investigation_outcomes::disclosure::Protection;
/// use investigation_outcomes::report::{SummaryReport, csv};
///
/// let summary = Summary::of(&Dataset::operation_h()?, GroupBy::one_group(), &HeaviestSentence::default());
/// let report = SummaryReport::new(&summary, &Protection::default())?;
/// let text = csv(&report.rows);
/// assert!(text.starts_with("section,unit,by,group,measure,value,suppressed\n"));
/// assert_eq!(text.lines().count(), report.rows.len() + 1);
/// # Ok::<(), investigation_outcomes::Error>(())
/// ```
pub fn csv(rows: &[Row]) -> String {
    fn field(text: &str) -> std::borrow::Cow<'_, str> {
        if text.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", text.replace('"', "\"\"")).into()
        } else {
            text.into()
        }
    }
    use std::fmt::Write as _;
    let mut out = String::from("section,unit,by,group,measure,value,suppressed\n");
    for row in rows {
        // Writing to a String cannot fail.
        let _ = write!(
            out,
            "{},{},{},{},{},",
            row.section,
            row.unit,
            field(&row.by),
            field(&row.group),
            field(&row.measure)
        );
        if let Some(value) = row.value {
            let _ = write!(out, "{value}");
        }
        let _ = writeln!(out, ",{}", row.suppressed);
    }
    out
}

/// What a summary run was: how much went in, the principal-offence rule, the
/// disclosure control and its audit. It heads the rows in `outcomes summary
/// --format json` and is what `--metadata` writes.
///
/// ```
/// use investigation_outcomes::Dataset;
/// use investigation_outcomes::aggregate::{GroupBy, HeaviestSentence, Summary};
/// use investigation_outcomes::disclosure::Protection;
/// use investigation_outcomes::report::{RunMetadata, SummaryReport};
///
/// let summary = Summary::of(&Dataset::operation_h()?, GroupBy::one_group(), &HeaviestSentence::default());
/// let protection = Protection::default();
/// let report = SummaryReport::new(&summary, &protection)?;
/// let metadata = RunMetadata::new(&summary, &protection, &report);
/// assert_eq!((metadata.operations, metadata.cases), (1, 2));
/// let json = serde_json::to_value(metadata.with_rows(&report.rows))?;
/// assert_eq!(json["rows"].as_array().map(Vec::len), Some(report.rows.len()));
/// assert_eq!(json["audit_statement"], "audit: nothing withheld");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, PartialEq, Debug, Serialize)]
pub struct RunMetadata {
    /// How many operations were summarised.
    pub operations: u64,
    /// How many case records.
    pub cases: u64,
    /// The principal-offence rule's name.
    pub rule: String,
    /// The groupings of the counts, as `--by` writes them (empty for one group).
    pub by: Vec<String>,
    /// The disclosure control applied, in words.
    pub disclosure: String,
    /// The audit in a sentence, as [`SummaryReport::audit_statement`] gives it.
    pub audit_statement: String,
    /// The audit of every withheld cell.
    pub audit: AuditReport,
}

impl RunMetadata {
    /// The metadata of publishing `summary` as `report`, under `protection`.
    pub fn new(summary: &Summary, protection: &Protection, report: &SummaryReport) -> Self {
        Self {
            operations: summary.operations(),
            cases: summary.cases(),
            rule: summary.counts().rule().to_owned(),
            by: report.groupings.iter().map(ToString::to_string).collect(),
            disclosure: protection.to_string(),
            audit_statement: report.audit_statement(),
            audit: report.publication.audit.clone(),
        }
    }

    /// The metadata followed by `rows`, serialised as `outcomes summary --format
    /// json` prints them.
    pub fn with_rows<'a>(&'a self, rows: &'a [Row]) -> impl Serialize + 'a {
        #[derive(Serialize)]
        struct WithRows<'a> {
            #[serde(flatten)]
            metadata: &'a RunMetadata,
            rows: &'a [Row],
        }
        WithRows {
            metadata: self,
            rows,
        }
    }
}

/// Labelled bars for a chart; `None` for a withheld value.
pub type Bars = Vec<(String, Option<u64>)>;

/// What one summary run publishes: the long rows, bars for charts, and the
/// protection with its audit.
#[derive(Clone, PartialEq, Debug, Serialize)]
pub struct SummaryReport {
    /// The groupings of the counts, in order: one, or several for a joint summary.
    pub groupings: Vec<GroupBy>,
    /// Every published figure, table by table.
    pub rows: Vec<Row>,
    /// People at each stage of the funnel, over all countries.
    pub funnel: Bars,
    /// Determinate custodial terms by length.
    pub histogram: Bars,
    /// What was withheld and why, and the audit of the whole publication.
    pub publication: Publication,
    /// Every count the run publishes (the histogram's bins included, which charts
    /// show) as a cell, with the relations and inequalities between them that the
    /// model of inner cells implies: what the audit assumes an attacker knows. Cell
    /// labels read `section (unit): row / column`.
    #[serde(skip)]
    pub model: LinkedTables,
}

impl SummaryReport {
    /// The rows of one table and unit, in order.
    pub fn rows_in(&self, section: Section, unit: Unit) -> impl Iterator<Item = &Row> {
        self.rows
            .iter()
            .filter(move |r| r.section == section && r.unit == unit)
    }

    /// The row of one group and measure in a table and unit.
    pub fn row(&self, section: Section, unit: Unit, group: &str, measure: &str) -> Option<&Row> {
        self.rows_in(section, unit)
            .find(|r| r.group == group && r.measure == measure)
    }

    /// Lays out and protects everything a summary publishes; see the module
    /// documentation.
    ///
    /// # Errors
    ///
    /// [`ProtectionError`] when the tables cannot be protected: nothing should then
    /// be published.
    pub fn new(summary: &Summary, protection: &Protection) -> Result<Self, ProtectionError> {
        build(
            &Crossed::single(summary)?,
            protection,
            &StatisticsRule::default(),
        )
    }

    /// As [`new`](Self::new), with statistics published under `rule`.
    ///
    /// # Errors
    ///
    /// As [`new`](Self::new).
    pub fn with_statistics(
        summary: &Summary,
        protection: &Protection,
        rule: &StatisticsRule,
    ) -> Result<Self, ProtectionError> {
        build(&Crossed::single(summary)?, protection, rule)
    }

    /// As [`with_statistics`](Self::with_statistics) for one grouping, or
    /// [`joint`](Self::joint) for several.
    ///
    /// # Errors
    ///
    /// As [`new`](Self::new).
    pub fn of_run(
        run: &RunSummary,
        protection: &Protection,
        rule: &StatisticsRule,
    ) -> Result<Self, ProtectionError> {
        match run {
            RunSummary::One(summary) => Self::with_statistics(summary, protection, rule),
            RunSummary::Joint(joint) => Self::joint(joint, protection, rule),
        }
    }

    /// Lays out every grouping of a [`JointSummary`] (a table of counts by each, over
    /// one model) with the funnel, sentences and time to outcome once, and protects
    /// them as one problem: no count one grouping withholds follows from the
    /// figures of another. Statistics per group are published for the first
    /// grouping only, under `rule`: the sums behind the means of two groupings'
    /// groups difference each other (a country's less its offences' published
    /// ones), which the statistics rule does not yet cover.
    ///
    /// ```
    /// use investigation_outcomes::aggregate::{GroupBy, HeaviestSentence, JointSummary};
    /// use investigation_outcomes::disclosure::Protection;
    /// use investigation_outcomes::report::{Section, StatisticsRule, SummaryReport, Unit};
    /// use investigation_outcomes::synthetic::SyntheticConfig;
    ///
    /// let dataset = SyntheticConfig { seed: 1, operations: 2, cases: 400 }.dataset();
    /// let by: Vec<GroupBy> = vec!["country".parse()?, "country,offence".parse()?];
    /// let joint = JointSummary::of(&dataset, &by, &HeaviestSentence::default());
    /// let protection = Protection { suppress_below: Some(5), ..Protection::default() };
    /// let report = SummaryReport::joint(&joint, &protection, &StatisticsRule::default())?;
    /// let tables: std::collections::BTreeSet<&str> = report
    ///     .rows_in(Section::Counts, Unit::Case)
    ///     .map(|row| row.by.as_str())
    ///     .collect();
    /// assert_eq!(tables.into_iter().collect::<Vec<_>>(), ["country", "country,offence"]);
    /// assert_eq!(report.publication.audit.determined().count(), 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As [`new`](Self::new).
    pub fn joint(
        joint: &JointSummary,
        protection: &Protection,
        rule: &StatisticsRule,
    ) -> Result<Self, ProtectionError> {
        build(&Crossed::joint(joint)?, protection, rule)
    }

    /// The audit in one line, for a report's header: how many cells are withheld,
    /// and the narrowest interval an attacker can derive for any of them.
    pub fn audit_statement(&self) -> String {
        let publication = &self.publication;
        let audit = &publication.audit;
        match audit.narrowest() {
            None => "audit: nothing withheld".to_owned(),
            Some(narrowest) => format!(
                "audit: {} withheld ({} small, {}), none can be derived; narrowest interval an attacker can derive: {} (each small count's at least {} wide)",
                count(audit.withheld() as u64, "cell"),
                publication.primary(),
                count(publication.secondary() as u64, "complement"),
                narrowest.high.map_or_else(
                    || format!("{} or more", narrowest.low),
                    |h| format!("{} to {h}", narrowest.low)
                ),
                publication.protection_level
            ),
        }
    }
}

fn inconsistent(e: crate::analysis::disclosure::TableError) -> ProtectionError {
    ProtectionError::Inconsistent(e.to_string())
}

fn mismatch(what: &str) -> ProtectionError {
    ProtectionError::Inconsistent(format!(
        "the summary's inner cells do not add up to its {what}: it was not made by this crate"
    ))
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

/// A cell of cases crossed by every grouping of the run: its group's number in each
/// grouping's counts, whether it counts its defendants as people there, its class.
struct CaseCell {
    groups: Vec<usize>,
    persons: Vec<bool>,
    class: CaseClass,
    cases: u64,
}

/// Charges beyond the cases' principal ones (or counts beyond each charge's first) of
/// one group in every grouping and one outcome slot.
struct Further {
    groups: Vec<usize>,
    slot: usize,
    n: u64,
}

/// What a run's counts are made of: the summary of each grouping it publishes, and
/// its cases and further charges and counts in cells crossed by all of them.
struct Crossed<'a> {
    summaries: Vec<&'a Summary>,
    cases: Vec<CaseCell>,
    further_charges: Vec<Further>,
    further_counts: Vec<Further>,
}

/// Each group's number in a summary's counts.
fn numbers(summary: &Summary) -> HashMap<&GroupKey, usize> {
    summary
        .counts()
        .groups()
        .enumerate()
        .map(|(i, (k, _))| (k, i))
        .collect()
}

impl<'a> Crossed<'a> {
    /// One grouping: the summary's inner cells, and per group and outcome its
    /// charges beyond the cases and counts beyond the charges.
    fn single(summary: &'a Summary) -> Result<Self, ProtectionError> {
        let number = numbers(summary);
        let cases = summary
            .inner_cells()
            .iter()
            .map(|(group, class, cases)| {
                Ok(CaseCell {
                    groups: vec![*number.get(group).ok_or_else(|| mismatch("groups"))?],
                    persons: vec![class.counts_person],
                    class: *class,
                    cases,
                })
            })
            .collect::<Result<Vec<_>, ProtectionError>>()?;
        let mut principal = vec![[0u64; OUTCOMES.len()]; number.len()];
        for cell in &cases {
            if let Some(n) = principal
                .get_mut(cell.groups.first().copied().unwrap_or(0))
                .and_then(|row| row.get_mut(outcome_slot(cell.class.outcome)))
            {
                *n = n.saturating_add(cell.cases);
            }
        }
        let (mut further_charges, mut further_counts) = (Vec::new(), Vec::new());
        for (g, (_, tally)) in summary.counts().groups().enumerate() {
            for (slot, (outcome, _)) in OUTCOMES.iter().enumerate() {
                let Some(outcome) = outcome else { continue };
                let cases = principal.get(g).and_then(|r| r.get(slot)).copied();
                let charges = tally.charges.get(Some(*outcome));
                let other = charges
                    .checked_sub(cases.unwrap_or(0))
                    .ok_or_else(|| mismatch("charges"))?;
                let beyond = tally
                    .counts
                    .get(Some(*outcome))
                    .checked_sub(charges)
                    .ok_or_else(|| mismatch("counts of charges"))?;
                further_charges.push(Further {
                    groups: vec![g],
                    slot,
                    n: other,
                });
                further_counts.push(Further {
                    groups: vec![g],
                    slot,
                    n: beyond,
                });
            }
        }
        Ok(Crossed {
            summaries: vec![summary],
            cases,
            further_charges,
            further_counts,
        })
    }

    /// Several groupings: the joint summary's cross cells.
    fn joint(joint: &'a JointSummary) -> Result<Self, ProtectionError> {
        let numbers: Vec<HashMap<&GroupKey, usize>> = joint.parts().map(numbers).collect();
        let number_all = |groups: &[GroupKey]| -> Result<Vec<usize>, ProtectionError> {
            if groups.len() != numbers.len() {
                return Err(mismatch("groupings"));
            }
            groups
                .iter()
                .zip(&numbers)
                .map(|(g, number)| number.get(g).copied().ok_or_else(|| mismatch("groups")))
                .collect()
        };
        let cross = joint.cross_cells();
        let mut cases = Vec::new();
        let mut principal: HashMap<(Vec<usize>, usize), u64> = HashMap::new();
        for cell in cross.case_cells() {
            let groups = number_all(&cell.groups)?;
            if cell.class.outcome.is_some() {
                let n = principal
                    .entry((groups.clone(), outcome_slot(cell.class.outcome)))
                    .or_default();
                *n = n.saturating_add(cell.cases);
            }
            cases.push(CaseCell {
                groups,
                persons: cell.counts_person,
                class: cell.class,
                cases: cell.cases,
            });
        }
        let (mut further_charges, mut further_counts) = (Vec::new(), Vec::new());
        for cell in cross.charge_cells() {
            let groups = number_all(&cell.groups)?;
            let slot = outcome_slot(Some(cell.outcome));
            let cases = principal.remove(&(groups.clone(), slot)).unwrap_or(0);
            let other = cell
                .charges
                .checked_sub(cases)
                .ok_or_else(|| mismatch("charges"))?;
            let beyond = cell
                .counts
                .checked_sub(cell.charges)
                .ok_or_else(|| mismatch("counts of charges"))?;
            further_charges.push(Further {
                groups: groups.clone(),
                slot,
                n: other,
            });
            further_counts.push(Further {
                groups,
                slot,
                n: beyond,
            });
        }
        if !principal.is_empty() {
            // Charged cases whose principal charges are not among the charges.
            return Err(mismatch("charges"));
        }
        Ok(Crossed {
            summaries: joint.parts().collect(),
            cases,
            further_charges,
            further_counts,
        })
    }
}

fn outcome_slot(outcome: Option<Outcome>) -> usize {
    OUTCOMES
        .iter()
        .position(|(o, _)| *o == outcome)
        .unwrap_or(OUTCOMES.len() - 1)
}

/// Per grouping, group and outcome slot, the indices of the items in it.
fn index_by_group<T>(
    items: &[T],
    crossed: &Crossed<'_>,
    place: impl Fn(&T) -> (&[usize], usize),
) -> Vec<Vec<Vec<Vec<usize>>>> {
    let mut index: Vec<Vec<Vec<Vec<usize>>>> = crossed
        .summaries
        .iter()
        .map(|s| vec![vec![Vec::new(); OUTCOMES.len()]; s.counts().groups().count()])
        .collect();
    for (i, item) in items.iter().enumerate() {
        let (groups, slot) = place(item);
        for (grouping, &g) in groups.iter().enumerate() {
            if let Some(list) = index
                .get_mut(grouping)
                .and_then(|by| by.get_mut(g))
                .and_then(|row| row.get_mut(slot))
            {
                list.push(i);
            }
        }
    }
    index
}

fn build(
    crossed: &Crossed<'_>,
    protection: &Protection,
    rule: &StatisticsRule,
) -> Result<SummaryReport, ProtectionError> {
    let mut layout = Layout {
        model: InnerModel::new(),
        blocks: Vec::new(),
    };
    let Some(&summary) = crossed.summaries.first() else {
        return Err(mismatch("groupings"));
    };
    let ids: Vec<InnerId> = crossed
        .cases
        .iter()
        .map(|c| layout.model.add_inner(c.cases))
        .collect();
    let further = |list: &[Further], model: &mut InnerModel| -> Vec<Option<InnerId>> {
        list.iter()
            .map(|f| (f.n > 0).then(|| model.add_inner(f.n)))
            .collect()
    };
    let charge_ids = further(&crossed.further_charges, &mut layout.model);
    let count_ids = further(&crossed.further_counts, &mut layout.model);
    let cases_of = index_by_group(&crossed.cases, crossed, |c| {
        (&c.groups, outcome_slot(c.class.outcome))
    });
    let charges_of = index_by_group(&crossed.further_charges, crossed, |f| (&f.groups, f.slot));
    let counts_of = index_by_group(&crossed.further_counts, crossed, |f| (&f.groups, f.slot));

    // Counts, one table per grouping and unit: groups by outcome, with totals both
    // ways. Each a sum of the same cells, checked against the grouping's own tallies.
    let columns: Vec<String> = OUTCOMES.iter().map(|(_, n)| (*n).to_owned()).collect();
    for (grouping, part) in crossed.summaries.iter().enumerate() {
        let at = |index: &[Vec<Vec<Vec<usize>>>], g: usize, slot: usize| -> Vec<usize> {
            index
                .get(grouping)
                .and_then(|by| by.get(g))
                .and_then(|row| row.get(slot))
                .cloned()
                .unwrap_or_default()
        };
        let members = |unit: Unit, g: usize, slot: usize| -> Vec<InnerId> {
            let of_cases = at(&cases_of, g, slot);
            let cells = of_cases.iter().filter_map(|&i| {
                let cell = crossed.cases.get(i)?;
                let person = cell.persons.get(grouping).copied().unwrap_or(false);
                (unit != Unit::Person || person)
                    .then(|| ids.get(i).copied())
                    .flatten()
            });
            let extra = |index: &[Vec<Vec<Vec<usize>>>], ids: &[Option<InnerId>]| {
                at(index, g, slot)
                    .into_iter()
                    .filter_map(|i| ids.get(i).copied().flatten())
                    .collect::<Vec<_>>()
            };
            let charged = OUTCOMES.get(slot).is_some_and(|(o, _)| o.is_some());
            match unit {
                Unit::Case | Unit::Person => cells.collect(),
                _ if !charged => Vec::new(),
                // A case's principal charge is in its group and outcome.
                Unit::Charge => cells.chain(extra(&charges_of, &charge_ids)).collect(),
                _ => cells
                    .chain(extra(&charges_of, &charge_ids))
                    .chain(extra(&counts_of, &count_ids))
                    .collect(),
            }
        };
        let groups: Vec<(&GroupKey, &Tally)> = part.counts().groups().collect();
        for (g, (_, tally)) in groups.iter().enumerate() {
            for (slot, (outcome, _)) in OUTCOMES.iter().enumerate() {
                for (unit, expected) in [
                    (Unit::Case, tally.cases.get(*outcome)),
                    (Unit::Person, tally.persons.get(*outcome)),
                    (Unit::Charge, tally.charges.get(*outcome)),
                    (Unit::Count, tally.counts.get(*outcome)),
                ] {
                    let counted = members(unit, g, slot)
                        .into_iter()
                        .fold(0u64, |s, id| s.saturating_add(layout.model.inner_value(id)));
                    if counted != expected {
                        return Err(mismatch(unit.as_str()));
                    }
                }
            }
        }
        let group_by = part.counts().group_by();
        let labels: Vec<String> = groups.iter().map(|(k, _)| k.label(group_by)).collect();
        for unit in [Unit::Case, Unit::Person, Unit::Charge, Unit::Count] {
            layout.add(
                Section::Counts,
                unit,
                &group_by.to_string(),
                labels.clone(),
                columns.clone(),
                &|g, slot| members(unit, g, slot),
                true,
                true,
            )?;
        }
    }
    struct Placed<'c> {
        id: InnerId,
        class: &'c CaseClass,
        cases: u64,
    }
    let cases: Vec<Placed<'_>> = crossed
        .cases
        .iter()
        .zip(&ids)
        .map(|(c, &id)| Placed {
            id,
            class: &c.class,
            cases: c.cases,
        })
        .collect();

    // The funnel per country, with the `all` row.
    let by_country = summary.funnel().by_country();
    let countries: Vec<Jurisdiction> = by_country.keys().copied().collect();
    let reached = |class: &CaseClass, stage: usize| match stage {
        0 => true,
        1 => class.arrested,
        2 => class.charged,
        3 => class.convicted,
        _ => class.custody,
    };
    for (r, (country, stages)) in by_country.iter().enumerate() {
        for (stage, &expected) in stages.as_array().iter().enumerate() {
            let counted = cases
                .iter()
                .filter(|c| c.class.country == *country && reached(c.class, stage))
                .fold(0u64, |s, c| s.saturating_add(c.cases));
            if counted != expected {
                return Err(mismatch(&format!("funnel (row {r})")));
            }
        }
    }
    let stage_names: Vec<String> = Stages::NAMES.iter().map(|s| (*s).to_owned()).collect();
    let funnel_members = |r: usize, stage: usize| -> Vec<InnerId> {
        let country = countries.get(r);
        cases
            .iter()
            .filter(|c| Some(&c.class.country) == country && reached(c.class, stage))
            .map(|c| c.id)
            .collect()
    };
    let funnel_block = layout.add(
        Section::Funnel,
        Unit::Person,
        "",
        countries.iter().map(ToString::to_string).collect(),
        stage_names.clone(),
        &funnel_members,
        false,
        true,
    )?;

    // Sentences by kind.
    let sentences = summary.sentences();
    type Kind = Box<dyn Fn(SentenceClass) -> bool>;
    let mut kinds: Vec<(String, Kind)> = vec![
        (
            "determinate custody".to_owned(),
            Box::new(|s| matches!(s, SentenceClass::Determinate { .. })),
        ),
        ("life".to_owned(), Box::new(|s| s == SentenceClass::Life)),
        (
            "indefinite".to_owned(),
            Box::new(|s| s == SentenceClass::Indefinite),
        ),
        (
            "concurrency unstated".to_owned(),
            Box::new(|s| s == SentenceClass::ConcurrencyUnstated),
        ),
    ];
    // Shown only when there are any, so that ordinary outputs keep their rows.
    if sentences.too_long() > 0 {
        kinds.push((
            "too long to state".to_owned(),
            Box::new(|s| s == SentenceClass::TooLong),
        ));
    }
    for &kind in sentences.non_custodial().keys() {
        kinds.push((
            format!("non-custodial: {kind}"),
            Box::new(move |s: SentenceClass| s.has_penalty(kind)),
        ));
    }
    let sentence_members = |r: usize, _: usize| -> Vec<InnerId> {
        let Some((_, kind)) = kinds.get(r) else {
            return Vec::new();
        };
        cases
            .iter()
            .filter(|c| kind(c.class.sentence))
            .map(|c| c.id)
            .collect()
    };
    let sentence_block = layout.add(
        Section::Sentences,
        Unit::Person,
        "",
        kinds.iter().map(|(l, _)| l.clone()).collect(),
        vec!["sentences".to_owned()],
        &sentence_members,
        false,
        false,
    )?;

    // The distribution of terms, for the chart.
    let bin_members = |r: usize, _: usize| -> Vec<InnerId> {
        cases
            .iter()
            .filter(|c| matches!(c.class.sentence, SentenceClass::Determinate { bin } if usize::from(bin) == r))
            .map(|c| c.id)
            .collect()
    };
    let histogram_block = layout.add(
        Section::Histogram,
        Unit::Person,
        "",
        HISTOGRAM_LABELS.iter().map(|l| (*l).to_owned()).collect(),
        vec!["terms".to_owned()],
        &bin_members,
        false,
        false,
    )?;

    // Time to outcome: how many people each statistic is over.
    let time = summary.time_to_outcome();
    let time_members = |r: usize, _: usize| -> Vec<InnerId> {
        cases
            .iter()
            .filter(|c| {
                if r == 0 {
                    c.class.to_verdict
                } else {
                    c.class.to_sentence
                }
            })
            .map(|c| c.id)
            .collect()
    };
    let time_block = layout.add(
        Section::TimeToOutcome,
        Unit::Person,
        "",
        vec![
            "arrest to verdict".to_owned(),
            "arrest to sentence".to_owned(),
        ],
        vec!["count".to_owned()],
        &time_members,
        false,
        false,
    )?;

    let tables = layout.model.linked_tables().map_err(inconsistent)?;
    let publication = protect_linked(&tables, protection)?;
    let threshold = rule.threshold(protection);

    let mut out = Rows { rows: Vec::new() };
    for (index, block) in layout.blocks.iter().enumerate() {
        if index == histogram_block || index == time_block {
            continue;
        }
        out.block(block, &publication);
        if index == sentence_block {
            sentence_statistics(&mut out, summary, threshold, rule.extremes);
        }
    }
    let time_cells = layout
        .blocks
        .get(time_block)
        .map(|b| b.cells.clone())
        .unwrap_or_default();
    for ((label, days), ids) in [
        ("arrest to verdict", &time.arrest_to_verdict),
        ("arrest to sentence", &time.arrest_to_sentence),
    ]
    .into_iter()
    .zip(&time_cells)
    {
        let shown = days.count() >= threshold.max(1);
        let count = ids
            .first()
            .map_or(Cell::Suppressed, |&id| publication.cell(id));
        let table = |unit| Table {
            section: Section::TimeToOutcome,
            unit,
            by: "",
        };
        out.push(table(Unit::Person), label, "count", count);
        for (measure, value) in [
            ("median", days.median()),
            ("mean", days.mean()),
            ("p90", days.quantile(0.9)),
        ] {
            out.statistic(table(Unit::Day), label, measure, value, shown);
        }
    }

    group_statistics(&mut out, summary, threshold);

    let bar = |cell: Cell| match cell {
        Cell::Value(v) => Some(v),
        Cell::Suppressed => None,
    };
    let funnel_ids = layout.blocks.get(funnel_block);
    let funnel = stage_names
        .iter()
        .enumerate()
        .map(|(i, name)| {
            // The `all` row, or the one country's row.
            let id = funnel_ids.and_then(|b| {
                b.column_totals
                    .get(i)
                    .or_else(|| b.cells.first().and_then(|row| row.get(i)))
            });
            (name.clone(), id.and_then(|&id| bar(publication.cell(id))))
        })
        .collect();
    let histogram_ids = layout.blocks.get(histogram_block);
    let histogram = HISTOGRAM_LABELS
        .iter()
        .enumerate()
        .map(|(i, label)| {
            let id = histogram_ids
                .and_then(|b| b.cells.get(i))
                .and_then(|r| r.first());
            (
                (*label).to_owned(),
                id.and_then(|&id| bar(publication.cell(id))),
            )
        })
        .collect();
    Ok(SummaryReport {
        groupings: crossed
            .summaries
            .iter()
            .map(|s| s.counts().group_by())
            .collect(),
        rows: out.rows,
        funnel,
        histogram,
        publication,
        model: tables,
    })
}

/// Which groups' statistics to publish: those over at least `threshold` people, less
/// enough others that the withheld groups together hold at least `threshold` people
/// (or none), so that the overall sum less the published groups' sums is the sum of
/// at least that many values. The groups are given with their people.
fn publishable(people: &[u64], threshold: u64) -> Vec<bool> {
    let mut shown: Vec<bool> = people.iter().map(|&n| n >= threshold.max(1)).collect();
    let withheld = |shown: &[bool]| {
        people
            .iter()
            .zip(shown)
            .filter(|&(&n, &s)| !s && n > 0)
            .fold(0u64, |sum, (&n, _)| sum.saturating_add(n))
    };
    while (1..threshold).contains(&withheld(&shown)) {
        // Withhold the smallest group still published.
        let smallest = people
            .iter()
            .zip(&shown)
            .enumerate()
            .filter(|&(_, (_, &s))| s)
            .min_by_key(|&(i, (&n, _))| (n, i))
            .map(|(i, _)| i);
        match smallest.and_then(|i| shown.get_mut(i)) {
            Some(slot) => *slot = false,
            None => break,
        }
    }
    shown
}

/// Sentence statistics and time to outcome per group: median, mean and 90th
/// percentile, under the statistics rule (see [`StatisticsRule`]).
fn group_statistics(out: &mut Rows, summary: &Summary, threshold: u64) {
    let groups: Vec<(&GroupKey, &crate::analysis::aggregate::GroupStatistics)> =
        summary.by_group().collect();
    let sentenced: Vec<u64> = groups
        .iter()
        .map(|(_, s)| s.sentences.custodial().count())
        .collect();
    let to_verdict: Vec<u64> = groups
        .iter()
        .map(|(_, s)| s.time_to_outcome.arrest_to_verdict.count())
        .collect();
    let to_sentence: Vec<u64> = groups
        .iter()
        .map(|(_, s)| s.time_to_outcome.arrest_to_sentence.count())
        .collect();
    let (sentenced_shown, verdict_shown, sentence_shown) = (
        publishable(&sentenced, threshold),
        publishable(&to_verdict, threshold),
        publishable(&to_sentence, threshold),
    );
    let group_by = summary.counts().group_by();
    let by = group_by.to_string();
    for (i, (group, statistics)) in groups.iter().enumerate() {
        let label = group.label(group_by);
        let sentences = &statistics.sentences;
        if sentences.custodial().count() > 0 {
            let shown = sentenced_shown.get(i).copied().unwrap_or(false);
            for (measure, value) in [
                ("median", sentences.median(LengthUnit::Months)),
                ("mean", sentences.mean(LengthUnit::Months)),
                ("p90", sentences.quantile(0.9, LengthUnit::Months)),
            ] {
                let table = Table {
                    section: Section::SentencesByGroup,
                    unit: Unit::Month,
                    by: &by,
                };
                out.statistic(table, &label, measure, value, shown);
            }
        }
        let time = &statistics.time_to_outcome;
        for (what, days, shown) in [
            ("arrest to verdict", &time.arrest_to_verdict, &verdict_shown),
            (
                "arrest to sentence",
                &time.arrest_to_sentence,
                &sentence_shown,
            ),
        ] {
            if days.is_empty() {
                continue;
            }
            let shown = shown.get(i).copied().unwrap_or(false);
            let label = format!("{label}: {what}");
            for (measure, value) in [
                ("median", days.median()),
                ("mean", days.mean()),
                ("p90", days.quantile(0.9)),
            ] {
                let table = Table {
                    section: Section::TimeToOutcomeByGroup,
                    unit: Unit::Day,
                    by: &by,
                };
                out.statistic(table, &label, measure, value, shown);
            }
        }
    }
}

/// The statistics of determinate custodial terms, in whole months; the extremes only
/// when asked for.
fn sentence_statistics(out: &mut Rows, summary: &Summary, threshold: u64, extremes: bool) {
    let sentences = summary.sentences();
    let shown = sentences.custodial().count() >= threshold.max(1);
    // The extremes are the quantiles at 0 and 1.
    let statistics = [
        ("min", sentences.quantile(0.0, LengthUnit::Months), extremes),
        ("median", sentences.median(LengthUnit::Months), true),
        ("mean", sentences.mean(LengthUnit::Months), true),
        ("p90", sentences.quantile(0.9, LengthUnit::Months), true),
        ("max", sentences.quantile(1.0, LengthUnit::Months), extremes),
    ];
    for (measure, value, wanted) in statistics {
        if wanted {
            let table = Table {
                section: Section::Sentences,
                unit: Unit::Month,
                by: "",
            };
            out.statistic(table, "determinate custody", measure, value, shown);
        }
    }
}
