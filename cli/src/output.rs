//! Writing results: standard output that ends quietly on a closed pipe, terminal
//! tables, output formats.

use std::io::Write;

use clap::ValueEnum;

use crate::Failure;

/// An output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A table for people to read.
    Table,
    /// CSV: a header row, then data rows.
    Csv,
    /// JSON.
    Json,
}

/// The formats of the subcommands that offer no CSV.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum TableOrJson {
    /// A table for people to read.
    Table,
    /// JSON.
    Json,
}

/// A write error, except that a closed pipe (`| head`) is `Ok(false)`: the output
/// ends quietly rather than with a panic or an error.
pub fn written(result: std::io::Result<()>, name: &str) -> Result<bool, Failure> {
    match result {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(false),
        Err(e) => Err(Failure::Data(format!("{name}: {e}"))),
    }
}

/// Writes `value` as one line of JSON to `out`, unless an earlier line found the pipe
/// closed (`open` is false then): the rest of the input is still read, but nothing
/// more is written.
pub fn json_line(
    out: &mut impl Write,
    value: &impl serde::Serialize,
    open: &mut bool,
) -> Result<(), Failure> {
    if *open {
        let line = serde_json::to_string(value).map_err(|e| Failure::Data(e.to_string()))?;
        *open = written(writeln!(out, "{line}"), "<stdout>")?;
    }
    Ok(())
}

/// Writes a line to standard output.
pub fn emit(text: impl std::fmt::Display) -> Result<(), Failure> {
    written(writeln!(std::io::stdout().lock(), "{text}"), "<stdout>").map(|_| ())
}

/// Writes `value` to standard output as pretty JSON.
pub fn emit_json(value: &impl serde::Serialize) -> Result<(), Failure> {
    emit(serde_json::to_string_pretty(value).map_err(|e| Failure::Data(e.to_string()))?)
}

/// A plain table for the terminal.
pub fn table(header: &[&str]) -> comfy_table::Table {
    let mut table = comfy_table::Table::new();
    table.set_header(header.iter().copied());
    table
}

/// Writes a table to standard output, laid out as [`table`] lays it out, without
/// holding its rows: `rows` is called twice, once to measure the columns and once to
/// write them, so one row at a time is held. For tables of a million rows, where a
/// [`comfy_table::Table`] would hold every cell.
pub fn emit_table<const N: usize, R: Iterator<Item = [String; N]>>(
    header: [&str; N],
    rows: impl Fn() -> R,
) -> Result<(), Failure> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let result = write_table(&mut out, header, rows)
        .and_then(|()| writeln!(out))
        .and_then(|()| out.flush());
    written(result, "<stdout>").map(|_| ())
}

/// The table [`emit_table`] writes, without a newline after its last border.
fn write_table<const N: usize, R: Iterator<Item = [String; N]>>(
    out: &mut impl Write,
    header: [&str; N],
    rows: impl Fn() -> R,
) -> std::io::Result<()> {
    // A column is at least one character wide, as comfy-table makes it.
    let mut widths = header.map(|name| text_width(name).max(1));
    for row in rows() {
        for (width, cell) in widths.iter_mut().zip(&row) {
            *width = (*width).max(text_width(cell));
        }
    }
    let rule = |left: char, fill: char, junction: char, right: char| {
        let mut line = String::from(left);
        for (index, width) in widths.iter().enumerate() {
            if index > 0 {
                line.push(junction);
            }
            // A space of padding on either side of the widest content.
            line.extend(std::iter::repeat_n(fill, width + 2));
        }
        line.push(right);
        line
    };
    let between_rows = rule('|', '-', '+', '|');
    writeln!(out, "{}", rule('+', '-', '+', '+'))?;
    write_row(out, &widths, &header)?;
    writeln!(out, "{}", rule('+', '=', '=', '+'))?;
    for (index, row) in rows().enumerate() {
        if index > 0 {
            writeln!(out, "{between_rows}")?;
        }
        write_row(out, &widths, &row)?;
    }
    write!(out, "{}", rule('+', '-', '+', '+'))
}

/// The lines of one row, each cell's lines padded to its column's width.
fn write_row<const N: usize>(
    out: &mut impl Write,
    widths: &[usize; N],
    cells: &[impl AsRef<str>; N],
) -> std::io::Result<()> {
    let mut lines = cells.each_ref().map(|cell| cell.as_ref().split('\n'));
    let height = cells
        .iter()
        .map(|cell| cell.as_ref().split('\n').count())
        .max()
        .unwrap_or(1);
    for _ in 0..height {
        write!(out, "|")?;
        for (line, width) in lines.iter_mut().zip(widths) {
            let line = line.next().unwrap_or_default();
            let padding = width.saturating_sub(line_width(line));
            write!(out, " {line}{:padding$} |", "")?;
        }
        writeln!(out)?;
    }
    Ok(())
}

/// The display width of a cell: that of its widest line.
fn text_width(text: impl AsRef<str>) -> usize {
    text.as_ref().split('\n').map(line_width).max().unwrap_or(0)
}

fn line_width(line: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(line)
}

/// `1 error`, `2 errors`: a count with its noun, plural when it is not one.
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn streamed(header: [&str; 3], rows: &[[String; 3]]) -> String {
        let mut out = Vec::new();
        write_table(&mut out, header, || rows.iter().cloned()).unwrap_or_default();
        String::from_utf8(out).unwrap_or_default()
    }

    fn held(header: [&str; 3], rows: &[[String; 3]]) -> String {
        let mut table = table(&header);
        for row in rows {
            table.add_row(row.to_vec());
        }
        table.to_string()
    }

    #[test]
    fn a_table_is_laid_out_with_a_header_rule_and_rules_between_rows() {
        let rows = [
            ["NZ".to_owned(), "43".to_owned(), String::new()],
            ["AU".to_owned(), "1\n22".to_owned(), "né".to_owned()],
        ];
        let expected = "\
+-----------+-------+----+
| operation | count | x  |
+========================+
| NZ        | 43    |    |
|-----------+-------+----|
| AU        | 1     | né |
|           | 22    |    |
+-----------+-------+----+";
        assert_eq!(streamed(["operation", "count", "x"], &rows), expected);
        assert_eq!(held(["operation", "count", "x"], &rows), expected);
    }

    proptest! {
        #[test]
        fn tables_are_laid_out_as_comfy_table_lays_them_out(
            header in prop::array::uniform3("[a-z ]{0,12}"),
            rows in prop::collection::vec(
                prop::array::uniform3("([a-zA-Z0-9 …é,:\"-]|漢|\u{301}|\n){0,16}"),
                0..6,
            ),
        ) {
            let header = [header[0].as_str(), header[1].as_str(), header[2].as_str()];
            prop_assert_eq!(streamed(header, &rows), held(header, &rows));
        }
    }
}
