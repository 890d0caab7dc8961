//! Summarises datasets: counts grouped by the dimensions you name, the funnel from
//! identified to sentenced to custody, sentence statistics and time to outcome; as a
//! table, CSV or JSON; with disclosure control on request; and an SVG chart.
//!
//! ```text
//! cargo run --example summary -- --by country,offence data/operation-h.json
//! cargo run --release --example summary -- --by year --format csv --suppress-below 6 --round rr3 --seed 7 big.jsonl
//! cargo run --example summary -- --chart summary.svg data/operation-h.json
//! ```

#![allow(clippy::print_stdout, clippy::print_stderr, clippy::indexing_slicing)]

mod common;

use std::fmt::Write as _;
use std::io::IsTerminal;
use std::process::ExitCode;

use common::{Failure, Format};
use investigation_outcomes::aggregate::{
    EventKind, FirstListed, GroupBy, GroupKey, HeaviestSentence, JurisdictionLevel,
    PrincipalOffenceRule, Summary, SummaryBuilder,
};
use investigation_outcomes::disclosure::{
    Cell, CellId, CountTable, LinkedTables, Margins, Protection, Publication, Rounding, TableCells,
    protect_linked,
};
use investigation_outcomes::{IccsLevel, Outcome, TERM_UNITS_PER_DAY, Term};
use serde::Serialize;

const HELP: &str = "\
summary: counts, funnel, sentence statistics and time to outcome of datasets

usage: summary [options] FILE...

  FILE                a dataset: JSON, or JSON Lines (.jsonl, .ndjson); - reads standard input
  --by LIST           group counts by any of: operation, jurisdiction, country, offence,
                      iccs[:section|division|group|class], year[:arrest|charge|verdict|sentence]
                      (comma-separated; default: none, one group)
  --rule R            principal-offence rule for people: heaviest (default) or first
  --format F          table (default), csv or json
  --suppress-below N  withhold counts below N, with secondary suppression
  --round R           rr3 (random rounding to base 3) or grr (graduated random rounding)
  --seed S            seed of the random rounding (default 0)
  --chart FILE.svg    also draw the funnel and the sentence-length distribution
  -h, --help          this help

CSV and JSON are long tables: section, unit, group, measure, value; a withheld value
is empty (CSV) or null (JSON) with suppressed = true.
Exit codes: 0 done, 1 unreadable input, 2 wrong usage.";

const OUTCOMES: [(Option<Outcome>, &str); 9] = [
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
#[derive(Serialize)]
struct Row {
    section: &'static str,
    unit: &'static str,
    group: String,
    measure: String,
    value: Option<f64>,
    suppressed: bool,
}

#[derive(Serialize)]
struct Report<'a> {
    disclosure: String,
    audit: &'a investigation_outcomes::disclosure::AuditReport,
    rule: &'a str,
    operations: u64,
    cases: u64,
    rows: &'a [Row],
}

fn parse_group_by(text: &str) -> Result<GroupBy, Failure> {
    let mut group_by = GroupBy::default();
    for item in text.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let (name, detail) = item
            .split_once(':')
            .map_or((item, None), |(n, d)| (n, Some(d)));
        match (name, detail) {
            ("operation", None) => group_by.operation = true,
            ("jurisdiction", None) => group_by.jurisdiction = Some(JurisdictionLevel::AsRecorded),
            ("country", None) => group_by.jurisdiction = Some(JurisdictionLevel::Country),
            ("offence", None) => group_by.offence_kind = true,
            ("iccs", level) => {
                group_by.iccs = Some(match level.unwrap_or("class") {
                    "section" => IccsLevel::Section,
                    "division" => IccsLevel::Division,
                    "group" => IccsLevel::Group,
                    "class" => IccsLevel::Class,
                    other => return Err(Failure::Usage(format!("unknown ICCS level {other:?}"))),
                })
            }
            ("year", event) => {
                group_by.year = Some(
                    event
                        .unwrap_or("arrest")
                        .parse::<EventKind>()
                        .map_err(|e| Failure::Usage(e.to_string()))?,
                )
            }
            _ => {
                return Err(Failure::Usage(format!(
                    "unknown dimension {item:?} for --by"
                )));
            }
        }
    }
    Ok(group_by)
}

fn group_label(key: &GroupKey) -> String {
    let parts: Vec<String> = [
        key.operation.as_ref().map(|o| o.to_string()),
        key.jurisdiction.map(|j| j.to_string()),
        key.offence_kind.map(|k| k.to_string()),
        key.iccs.map(|c| c.to_string()),
        key.year.map(|y| y.to_string()),
    ]
    .into_iter()
    .flatten()
    .collect();
    if parts.is_empty() {
        "all".to_owned()
    } else {
        parts.join(" / ")
    }
}

fn cell_value(cell: Cell) -> (Option<f64>, bool) {
    match cell {
        Cell::Value(v) => (Some(v as f64), false),
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
    ) -> Result<usize, Failure> {
        let margins = Margins {
            rows: row_totals,
            columns: column_totals,
        };
        let ids = self
            .model
            .add_table(&format!("{section} ({unit})"), &table, margins)
            .map_err(|e| Failure::Data(e.to_string()))?;
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

    fn link(&mut self, total: CellId, parts: &[CellId]) -> Result<(), Failure> {
        self.model
            .add_sum(total, parts)
            .map_err(|e| Failure::Data(format!("relation between published tables: {e}")))
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
            value: if shown { value } else { None },
            suppressed: !shown,
        });
    }

    /// Adds each cell of a protected table as a row, with the totals it prints.
    fn block(&mut self, block: &Block, publication: &Publication) {
        let (section, unit, table, ids) = (block.section, block.unit, &block.table, &block.ids);
        for (r, row) in table.rows().iter().enumerate() {
            for (c, column) in table.columns().iter().enumerate() {
                self.push(
                    section,
                    unit,
                    row,
                    column,
                    publication.cell(ids.cells[r][c]),
                );
            }
            if block.row_totals && table.columns().len() > 1 {
                self.push(
                    section,
                    unit,
                    row,
                    "total",
                    publication.cell(ids.row_totals[r]),
                );
            }
        }
        if block.column_totals && table.rows().len() > 1 {
            for (c, column) in table.columns().iter().enumerate() {
                self.push(
                    section,
                    unit,
                    "all",
                    column,
                    publication.cell(ids.column_totals[c]),
                );
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

/// Labelled bars for the chart; `None` for a withheld value.
type Bars = Vec<(String, Option<u64>)>;

/// What one run publishes: the long rows, the chart's bars and the audit.
struct Output {
    rows: Vec<Row>,
    funnel: Bars,
    histogram: Bars,
    publication: Publication,
}

const HISTOGRAM_LABELS: [&str; 7] = [
    "< 6 months",
    "6–12 months",
    "1–2 years",
    "2–3 years",
    "3–5 years",
    "5–10 years",
    "10 years +",
];

fn build(summary: &Summary, protection: &Protection) -> Result<Output, Failure> {
    let mut run = Run {
        model: LinkedTables::new(),
        blocks: Vec::new(),
    };

    // Counts, one table per unit: groups by outcome, with totals both ways.
    let groups: Vec<(&GroupKey, _)> = summary.counts().groups().collect();
    let labels: Vec<String> = groups.iter().map(|(k, _)| group_label(k)).collect();
    let columns: Vec<String> = OUTCOMES.iter().map(|(_, n)| (*n).to_owned()).collect();
    let mut case_block = None;
    for (unit_index, unit) in ["case", "person", "charge", "count"]
        .into_iter()
        .enumerate()
    {
        let cells = groups
            .iter()
            .map(|(_, tally)| {
                let (_, by_outcome) = tally.by_unit()[unit_index];
                OUTCOMES.iter().map(|(o, _)| by_outcome.get(*o)).collect()
            })
            .collect();
        let table = CountTable::new(labels.clone(), columns.clone(), cells)
            .map_err(|e| Failure::Data(e.to_string()))?;
        let block = run.add("counts", unit, table, true, true)?;
        if unit == "case" {
            case_block = Some(block);
        }
    }

    // The funnel per country, with the `all` row.
    let by_country = summary.funnel().by_country();
    let stage_names: Vec<String> = investigation_outcomes::aggregate::Stages::NAMES
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    let countries: Vec<String> = by_country.keys().map(|c| c.to_string()).collect();
    let cells = by_country.values().map(|s| s.as_array().to_vec()).collect();
    let table = CountTable::new(countries, stage_names.clone(), cells)
        .map_err(|e| Failure::Data(e.to_string()))?;
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

    let publication = protect_linked(&run.model, protection)
        .map_err(|e| Failure::Data(format!("refusing to publish: {e}")))?;

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
    Ok(Output {
        rows: out.rows,
        funnel,
        histogram,
        publication,
    })
}

/// The statistics of determinate custodial terms, in months.
fn sentence_statistics(out: &mut Rows<'_>, summary: &Summary) {
    let sentences = summary.sentences();
    let shown = out.enough(sentences.custodial().count());
    let months = |days: Option<f64>| {
        days.map(|d| {
            (d * TERM_UNITS_PER_DAY as f64 / Term::months(1).length_units() as f64 * 100.0).round()
                / 100.0
        })
    };
    let statistics = [
        ("min", sentences.range_days().map(|r| r.0)),
        ("median", sentences.quantile_days(0.5)),
        ("mean", sentences.mean_days()),
        ("p90", sentences.quantile_days(0.9)),
        ("max", sentences.range_days().map(|r| r.1)),
    ];
    for (measure, days) in statistics {
        out.number(
            "sentences",
            "month",
            "determinate custody",
            measure,
            months(days),
            shown,
        );
    }
}

/// The audit's result in one line, for the header.
fn audit_line(publication: &Publication) -> String {
    let audit = &publication.audit;
    match audit.narrowest() {
        None => "audit: nothing withheld".to_owned(),
        Some(narrowest) => format!(
            "audit: {} cells withheld ({} small, {} complements), none can be derived; narrowest interval an attacker can derive: {}..={} (each small count's at least {} wide)",
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

fn format_value(row: &Row) -> String {
    match row.value {
        None if row.suppressed => "S".to_owned(),
        None => "-".to_owned(),
        Some(v) if v.fract() == 0.0 => format!("{v:.0}"),
        Some(v) => format!("{v}"),
    }
}

/// The long rows as one table per section and unit: a row per group, a column per
/// measure; columns that are zero throughout are left out.
fn pivot(rows: &[Row]) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut keys: Vec<(&str, &str)> = Vec::new();
    for row in rows {
        if !keys.contains(&(row.section, row.unit)) {
            keys.push((row.section, row.unit));
        }
    }
    for (section, unit) in keys {
        let block: Vec<&Row> = rows
            .iter()
            .filter(|r| r.section == section && r.unit == unit)
            .collect();
        let mut measures: Vec<&str> = Vec::new();
        let mut groups: Vec<&str> = Vec::new();
        for row in &block {
            if !measures.contains(&row.measure.as_str()) {
                measures.push(&row.measure);
            }
            if !groups.contains(&row.group.as_str()) {
                groups.push(&row.group);
            }
        }
        let informative: Vec<&str> = measures
            .iter()
            .copied()
            .filter(|m| {
                block
                    .iter()
                    .any(|r| r.measure == *m && r.value != Some(0.0))
            })
            .collect();
        if !informative.is_empty() {
            measures = informative;
        }
        let mut header = vec!["group"];
        header.extend(measures.iter().copied());
        let mut table = common::table(&header);
        for group in groups {
            let mut line = vec![group.to_owned()];
            for measure in &measures {
                let cell = block
                    .iter()
                    .find(|r| r.group == group && r.measure == *measure);
                line.push(cell.map_or_else(String::new, |r| format_value(r)));
            }
            table.add_row(line);
        }
        blocks.push(format!("\n{section} (unit: {unit})\n{table}"));
    }
    blocks
}

fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

/// An SVG of the funnel and the distribution of custodial terms.
fn chart(funnel: &Bars, histogram: &Bars, header: &str) -> String {
    let mut svg = String::new();
    let width = 840;
    let bar_area = 440.0;
    let _ = writeln!(
        svg,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="470" viewBox="0 0 {width} 470" font-family="sans-serif" font-size="13">"##
    );
    let _ = writeln!(
        svg,
        r##"<rect width="100%" height="100%" fill="#ffffff"/>"##
    );
    let escape = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let mut panel = |title: &str, top: usize, bars: &[(String, Option<u64>)], colour: &str| {
        let _ = writeln!(
            svg,
            r##"<text x="20" y="{top}" font-size="16" font-weight="bold">{}</text>"##,
            escape(title)
        );
        let max = bars
            .iter()
            .filter_map(|(_, v)| *v)
            .max()
            .unwrap_or(0)
            .max(1) as f64;
        for (i, (label, value)) in bars.iter().enumerate() {
            let y = top + 14 + i * 26;
            let _ = writeln!(
                svg,
                r##"<text x="170" y="{}" text-anchor="end">{}</text>"##,
                y + 15,
                escape(&label.replace('_', " "))
            );
            match value {
                Some(v) => {
                    let w = (*v as f64 / max * bar_area).max(1.0);
                    let _ = writeln!(
                        svg,
                        r##"<rect x="180" y="{y}" width="{w:.1}" height="20" fill="{colour}"/>"##
                    );
                    let _ = writeln!(
                        svg,
                        r##"<text x="{:.1}" y="{}">{v}</text>"##,
                        186.0 + w,
                        y + 15
                    );
                }
                None => {
                    let _ = writeln!(
                        svg,
                        r##"<text x="186" y="{}" fill="#777777">suppressed</text>"##,
                        y + 15
                    );
                }
            }
        }
    };
    panel("People at each stage", 30, funnel, "#2f6b9a");
    panel("Determinate custodial terms", 220, histogram, "#b5562c");
    // The header, two lines: what went in, then how it was protected.
    let (what, protection) = header
        .split_once("; disclosure control")
        .unwrap_or((header, ""));
    let _ = writeln!(
        svg,
        r##"<text x="20" y="436" fill="#555555" font-size="11">{}</text>"##,
        escape(what)
    );
    if !protection.is_empty() {
        let _ = writeln!(
            svg,
            r##"<text x="20" y="452" fill="#555555" font-size="11">disclosure control{}</text>"##,
            escape(protection)
        );
    }
    svg.push_str("</svg>\n");
    svg
}

fn run() -> Result<(), Failure> {
    use lexopt::prelude::*;
    let mut group_by = GroupBy::default();
    let mut format = Format::Table;
    let mut protection = Protection::default();
    let mut chart_path: Option<String> = None;
    let mut first_listed = false;
    let mut paths = Vec::new();
    let mut parser = lexopt::Parser::from_env();
    while let Some(arg) = parser.next()? {
        match arg {
            Long("by") => group_by = parse_group_by(&parser.value()?.string()?)?,
            Long("rule") => {
                first_listed = match parser.value()?.string()?.as_str() {
                    "heaviest" => false,
                    "first" => true,
                    other => {
                        return Err(Failure::Usage(format!(
                            "unknown rule {other:?}: expected heaviest or first"
                        )));
                    }
                }
            }
            Long("format") => {
                format = Format::parse(
                    &parser.value()?.string()?,
                    &[Format::Table, Format::Csv, Format::Json],
                )?
            }
            Long("suppress-below") => protection.suppress_below = Some(parser.value()?.parse()?),
            Long("round") => {
                protection.rounding = match parser.value()?.string()?.as_str() {
                    "rr3" => Rounding::Rr3,
                    "grr" => Rounding::Graduated,
                    other => {
                        return Err(Failure::Usage(format!(
                            "unknown rounding {other:?}: expected rr3 or grr"
                        )));
                    }
                }
            }
            Long("seed") => protection.seed = parser.value()?.parse()?,
            Long("chart") => chart_path = Some(parser.value()?.string()?),
            Short('h') | Long("help") => {
                common::emit(HELP)?;
                return Ok(());
            }
            Value(path) => paths.push(path.string()?),
            _ => return Err(arg.unexpected().into()),
        }
    }
    let rule: &dyn PrincipalOffenceRule = if first_listed {
        &FirstListed
    } else {
        &HeaviestSentence::default()
    };
    // Operations are summarised as they are read: JSON Lines is never held whole.
    let progress = std::io::stderr().is_terminal();
    let mut builder = SummaryBuilder::new(group_by, rule);
    let mut read = 0u64;
    common::for_each_operation(&paths, |operation| {
        builder.add_operation(&operation);
        read += 1;
        if progress && read.is_multiple_of(100) {
            eprint!("\rsummarised {read} operations");
        }
    })?;
    if progress && read >= 100 {
        eprintln!();
    }
    let summary = builder.finish();

    let Output {
        rows,
        funnel,
        histogram,
        publication,
    } = build(&summary, &protection)?;
    let audit = audit_line(&publication);
    let header = format!(
        "{} operations, {} cases; people counted under the principal-offence rule \"{}\"; disclosure control: {}; {}",
        summary.operations(),
        summary.cases(),
        summary.counts().rule(),
        protection,
        audit
    );
    if let Some(path) = &chart_path {
        std::fs::write(path, chart(&funnel, &histogram, &header))
            .map_err(|e| Failure::Data(format!("{path}: {e}")))?;
    }

    match format {
        Format::Json => {
            let report = Report {
                disclosure: protection.to_string(),
                audit: &publication.audit,
                rule: summary.counts().rule(),
                operations: summary.operations(),
                cases: summary.cases(),
                rows: &rows,
            };
            common::emit(
                serde_json::to_string_pretty(&report).map_err(|e| Failure::Data(e.to_string()))?,
            )?;
        }
        Format::Csv => {
            let mut out = format!("# {header}\nsection,unit,group,measure,value,suppressed\n");
            for row in &rows {
                let value = row.value.map(|_| format_value(row)).unwrap_or_default();
                let _ = writeln!(
                    out,
                    "{},{},{},{},{},{}",
                    row.section,
                    row.unit,
                    csv_field(&row.group),
                    csv_field(&row.measure),
                    value,
                    row.suppressed
                );
            }
            common::emit(out.trim_end())?;
        }
        Format::Table => {
            common::emit(format!("# {header}"))?;
            for block in pivot(&rows) {
                common::emit(block)?;
            }
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => failure.report("summary"),
    }
}
