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
use investigation_outcomes::IccsLevel;
use investigation_outcomes::aggregate::{
    EventKind, FirstListed, GroupBy, HeaviestSentence, JurisdictionLevel, PrincipalOffenceRule,
    SummaryBuilder,
};
use investigation_outcomes::disclosure::{Protection, Rounding};
use investigation_outcomes::report::{Bars, Row, SummaryReport};
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
  --suppress-below N  withhold counts below N, and complements until an audit of all
                      the run publishes finds none of them can be narrowed below N
  --round R           rr3 (random rounding to base 3) or grr (graduated random rounding)
  --seed S            seed of the random rounding (default 0)
  --chart FILE.svg    also draw the funnel and the sentence-length distribution
  --max-record-bytes N  refuse a JSON document or JSON Lines line longer than N bytes
                        (default 268435456, 256 MiB)
  -h, --help          this help

CSV and JSON are long tables: section, unit, group, measure, value; a withheld value
is empty (CSV) or null (JSON) with suppressed = true.
Exit codes: 0 done, 1 unreadable input, 2 wrong usage.";

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
    use std::collections::HashMap;
    // Blocks, groups and measures in order of first appearance, each found through a
    // map, so that many groups take linear time.
    let mut blocks: Vec<((&str, &str), Vec<&Row>)> = Vec::new();
    let mut block_of: HashMap<(&str, &str), usize> = HashMap::new();
    for row in rows {
        let key = (row.section, row.unit);
        let index = *block_of.entry(key).or_insert_with(|| {
            blocks.push((key, Vec::new()));
            blocks.len() - 1
        });
        blocks[index].1.push(row);
    }
    let mut out = Vec::new();
    for ((section, unit), block) in blocks {
        let mut measures: Vec<&str> = Vec::new();
        let mut informative: HashMap<&str, bool> = HashMap::new();
        let mut groups: Vec<&str> = Vec::new();
        let mut seen_groups: std::collections::HashSet<&str> = std::collections::HashSet::new();
        let mut cells: HashMap<(&str, &str), &Row> = HashMap::new();
        for row in &block {
            let (group, measure) = (row.group.as_str(), row.measure.as_str());
            if !informative.contains_key(measure) {
                measures.push(measure);
            }
            *informative.entry(measure).or_insert(false) |= row.value != Some(0.0);
            if seen_groups.insert(group) {
                groups.push(group);
            }
            // The first row of a group and measure is the one shown.
            cells.entry((group, measure)).or_insert(row);
        }
        let shown: Vec<&str> = measures
            .iter()
            .copied()
            .filter(|m| informative.get(m).copied().unwrap_or(false))
            .collect();
        if !shown.is_empty() {
            measures = shown;
        }
        let mut header = vec!["group"];
        header.extend(measures.iter().copied());
        let mut table = common::table(&header);
        for group in groups {
            let mut line = vec![group.to_owned()];
            for measure in &measures {
                let cell = cells.get(&(group, *measure));
                line.push(cell.map_or_else(String::new, |r| format_value(r)));
            }
            table.add_row(line);
        }
        out.push(format!("\n{section} (unit: {unit})\n{table}"));
    }
    out
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
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="476" viewBox="0 0 {width} 476" font-family="sans-serif" font-size="13">"##
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
    // The header, a line each: what went in, how it was protected, the audit.
    let (what, rest) = header
        .split_once("; disclosure control")
        .unwrap_or((header, ""));
    let (protection, audit) = rest.split_once("; audit").unwrap_or((rest, ""));
    let lines = [
        what.to_owned(),
        if protection.is_empty() {
            String::new()
        } else {
            format!("disclosure control{protection}")
        },
        if audit.is_empty() {
            String::new()
        } else {
            format!("audit{audit}")
        },
    ];
    for (line, y) in lines.iter().zip([430, 446, 462]) {
        if !line.is_empty() {
            let _ = writeln!(
                svg,
                r##"<text x="20" y="{y}" fill="#555555" font-size="11">{}</text>"##,
                escape(line)
            );
        }
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
            Long("max-record-bytes") => common::set_max_record_bytes(parser.value()?.parse()?),
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

    let report = SummaryReport::new(&summary, &protection)
        .map_err(|e| Failure::Data(format!("refusing to publish: {e}")))?;
    let audit = report.audit_statement();
    let SummaryReport {
        rows,
        funnel,
        histogram,
        publication,
    } = report;
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
