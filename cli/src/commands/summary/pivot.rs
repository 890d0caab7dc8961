//! The summary's table layout: one table per section and unit.

use std::collections::{HashMap, HashSet};

use investigation_outcomes::report::{Figure, Row, Section, Unit};

use crate::output;

/// A value as the table shows it: `S` when withheld, `-` when not defined.
pub fn format_value(row: &Row) -> String {
    match row.value {
        None if row.suppressed => "S".to_owned(),
        None => "-".to_owned(),
        Some(Figure::Statistic(v)) if v.fract() == 0.0 => format!("{v:.0}"),
        Some(v) => v.to_string(),
    }
}

/// The long rows as one table per section, grouping and unit: a row per group, a column per
/// measure; columns that are zero throughout are left out.
pub fn pivot(rows: &[Row]) -> Vec<String> {
    // Blocks, groups and measures in order of first appearance, each found through a
    // map, so that many groups take linear time.
    // A table: its section, unit and grouping.
    type Table<'a> = (Section, Unit, &'a str);
    let mut blocks: Vec<(Table<'_>, Vec<&Row>)> = Vec::new();
    let mut block_of: HashMap<Table<'_>, usize> = HashMap::new();
    for row in rows {
        let key = (row.section, row.unit, row.by.as_str());
        let index = *block_of.entry(key).or_insert_with(|| {
            blocks.push((key, Vec::new()));
            blocks.len() - 1
        });
        if let Some((_, block)) = blocks.get_mut(index) {
            block.push(row);
        }
    }
    let mut out = Vec::new();
    for ((section, unit, by), block) in blocks {
        let mut measures: Vec<&str> = Vec::new();
        let mut informative: HashMap<&str, bool> = HashMap::new();
        let mut groups: Vec<&str> = Vec::new();
        let mut seen_groups: HashSet<&str> = HashSet::new();
        let mut cells: HashMap<(&str, &str), &Row> = HashMap::new();
        for row in &block {
            let (group, measure) = (row.group.as_str(), row.measure.as_str());
            if !informative.contains_key(measure) {
                measures.push(measure);
            }
            *informative.entry(measure).or_insert(false) |=
                row.value.is_none_or(|v| v.as_f64() != 0.0);
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
        let mut table = output::table(&header);
        for group in groups {
            let mut line = vec![group.to_owned()];
            for measure in &measures {
                let cell = cells.get(&(group, *measure));
                line.push(cell.map_or_else(String::new, |r| format_value(r)));
            }
            table.add_row(line);
        }
        // The funnel is by country whatever `--by` says: the table says so.
        let grouping = if section == Section::Funnel {
            "; by country, whatever --by"
        } else {
            ""
        };
        let by = if by.is_empty() {
            String::new()
        } else {
            format!(" by {by}")
        };
        out.push(format!("\n{section}{by} (unit: {unit}{grouping})\n{table}"));
    }
    out
}
