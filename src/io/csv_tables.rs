//! CSV interchange: the dataset as flat tables for spreadsheets, DuckDB, Polars and
//! pandas, and back.
//!
//! Eight tables, each with stable column names, linked by identifiers:
//!
//! | table | one row per | key columns |
//! |---|---|---|
//! | `operations` | operation | `id` |
//! | `agencies` | agency | `operation`, `id` |
//! | `sources` | source | `operation`, `id` |
//! | `claims` | reported figure | `operation`, `id` |
//! | `cases` | case | `operation`, `id` |
//! | `charges` | charge | `operation`, `case`, `id` |
//! | `sentence_components` | sentence component | `operation`, `case` (`original` marks the components a varied sentence replaced) |
//! | `citations` | citation of a case record | `operation`, `case`, `on` (`case`, `charge` with the `charge` column, or `sentence`) |
//!
//! Cells hold the same text forms as JSON (`AU-QLD`, `2019-10`, `about 90000`, `5y 2m`);
//! an empty cell is an absent value; lists (participants, partner agencies, the charges
//! of a component) are separated by `;`; aliases are a JSON array. Reading is strict:
//! the header must name exactly the table's columns, and a bad cell is an error naming
//! the table, the row (the line in the file) and the column.
//!
//! Exporting and importing give back the same dataset, provided identifiers are unique
//! where validation requires them to be and no optional text is empty (an empty cell
//! cannot tell an empty text from an absent one).
//!
//! # Example
//!
//! ```
//! use investigation_outcomes::Dataset;
//! use investigation_outcomes::csv_tables::{Table, export, import};
//!
//! let dataset = Dataset::from_json_str(include_str!("../../data/operation-h.json"))?;
//! let mut claims = Vec::new();
//! export(&dataset, Table::Claims, &mut claims)?;
//! let text = String::from_utf8(claims).expect("UTF-8");
//! assert!(text.starts_with("operation,id,metric,area,agency,quantity,as_of,source,quote,part_of,paraphrase,period,interim\n"));
//!
//! // Every table out and back in gives the same dataset.
//! let tables = Table::ALL.map(|table| {
//!     let mut out = Vec::new();
//!     export(&dataset, table, &mut out).map(|()| (table, out))
//! });
//! let tables: Vec<(Table, Vec<u8>)> = tables.into_iter().collect::<Result<_, _>>()?;
//! let read = import(tables.iter().map(|(table, bytes)| (*table, bytes.as_slice())))?;
//! assert_eq!(read, dataset);
//! # Ok::<(), investigation_outcomes::Error>(())
//! ```

use std::collections::HashMap;
use std::fmt;
use std::io::{Read, Write};
use std::path::Path;
use std::str::FromStr;

use crate::error::Error;
use crate::io::dataset::Dataset;
use crate::record::agency::Agency;
use crate::record::case::Events;
use crate::record::case::{Case, CitedBy};
use crate::record::charge::Charge;
use crate::record::charge::Disposition;
use crate::record::claim::Claim;
use crate::record::claim::Scope;
use crate::record::defendant::AgeBand;
use crate::record::defendant::Defendant;
use crate::record::offence::Offence;
use crate::record::operation::Alias;
use crate::record::operation::Operation;
use crate::record::referral::Referral;
use crate::record::sentence::Penalty;
use crate::record::sentence::PenaltyKind;
use crate::record::sentence::ReleaseLength;
use crate::record::sentence::Sentence;
use crate::record::sentence::SentenceComponent;
use crate::record::sentence::SentenceStatus;
use crate::record::source::Citation;
use crate::record::source::Source;
use crate::record::statute::StatuteRef;
use crate::value::id::OperationId;
use crate::value::id::{CaseId, ChargeId};
use crate::value::term::Term;

/// The tables of the CSV interchange.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Table {
    /// Operations.
    Operations,
    /// Agencies of each operation.
    Agencies,
    /// Sources of each operation.
    Sources,
    /// Reported figures.
    Claims,
    /// Cases.
    Cases,
    /// Charges of each case.
    Charges,
    /// Sentence components of each case.
    SentenceComponents,
    /// Citations of case records: of a case, one of its charges, or its sentence.
    Citations,
}

impl Table {
    /// Every table, in the order they are read.
    pub const ALL: [Table; 8] = [
        Table::Operations,
        Table::Agencies,
        Table::Sources,
        Table::Claims,
        Table::Cases,
        Table::Charges,
        Table::SentenceComponents,
        Table::Citations,
    ];

    /// The table's name, and its file name without `.csv`.
    pub fn name(self) -> &'static str {
        match self {
            Table::Operations => "operations",
            Table::Agencies => "agencies",
            Table::Sources => "sources",
            Table::Claims => "claims",
            Table::Cases => "cases",
            Table::Charges => "charges",
            Table::SentenceComponents => "sentence_components",
            Table::Citations => "citations",
        }
    }

    /// The columns, in order.
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            Table::Operations => &[
                "id",
                "name",
                "aliases",
                "lead_agency",
                "partner_agencies",
                "participants",
                "started",
                "ended",
                "announced",
                "referral_kind",
                "referral_received",
                "referral_from",
                "referral_note",
            ],
            Table::Agencies => &["operation", "id", "name", "kind", "jurisdiction"],
            Table::Sources => &["operation", "id", "publisher", "title", "url", "published"],
            Table::Claims => &[
                "operation",
                "id",
                "metric",
                "area",
                "agency",
                "quantity",
                "as_of",
                "source",
                "quote",
                "part_of",
                "paraphrase",
                "period",
                "interim",
            ],
            Table::Cases => &[
                "operation",
                "id",
                "jurisdiction",
                "defendant",
                "age_band",
                "court",
                "arrested",
                "charged",
                "pleaded",
                "verdict",
                "sentenced",
                "sentence_status",
                "sentence_varied",
            ],
            Table::Charges => &[
                "operation",
                "case",
                "id",
                "kind",
                "iccs",
                "statute_jurisdiction",
                "statute_act",
                "statute_section",
                "counts",
                "offence_date",
                "outcome",
                "outcome_date",
            ],
            Table::SentenceComponents => &[
                "operation",
                "case",
                "original",
                "kind",
                "term",
                "minimum",
                "hours",
                "amount",
                "currency",
                "length",
                "operational_period",
                "description",
                "charges",
                "runs",
            ],
            Table::Citations => &[
                "operation",
                "case",
                "on",
                "charge",
                "source",
                "quote",
                "paraphrase",
            ],
        }
    }
}

impl fmt::Display for Table {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

pub use crate::error::CsvError;

fn csv_error(table: Table, row: u64, column: Option<&str>, message: impl fmt::Display) -> Error {
    Error::Csv(CsvError {
        table: table.name(),
        row,
        column: column.map(str::to_owned),
        message: message.to_string(),
    })
}

fn io(table: Table, error: csv::Error) -> Error {
    let row = error.position().map_or(0, |p| p.line());
    csv_error(table, row, None, error)
}

// Writing -------------------------------------------------------------------------

/// Columns a table may lack because it was written before they were added; they read
/// as empty.
const ADDED_LATER: &[&str] = &["paraphrase", "period", "interim"];

pub(crate) fn text<T: fmt::Display>(value: &Option<T>) -> String {
    value.as_ref().map(ToString::to_string).unwrap_or_default()
}

pub(crate) fn joined<T: fmt::Display>(items: &[T]) -> String {
    items
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(";")
}

fn component_row(
    operation: &Operation,
    case: &Case,
    original: bool,
    c: &SentenceComponent,
) -> Vec<String> {
    let mut row = vec![
        operation.id.to_string(),
        case.id.to_string(),
        original.to_string(),
        c.penalty.kind().to_string(),
    ];
    let (
        mut term,
        mut minimum,
        mut hours,
        mut amount,
        mut currency,
        mut length,
        mut period,
        mut description,
    ) = Default::default();
    match &c.penalty {
        Penalty::Imprisonment { term: t }
        | Penalty::HomeDetention { term: t }
        | Penalty::CommunityDetention { term: t }
        | Penalty::IntensiveSupervision { term: t }
        | Penalty::Supervision { term: t } => term = t.to_string(),
        Penalty::LifeImprisonment { minimum: m } | Penalty::IndefiniteDetention { minimum: m } => {
            minimum = text(m)
        }
        Penalty::CommunityWork { hours: h } => hours = h.to_string(),
        Penalty::Fine {
            amount: a,
            currency: c,
        } => {
            amount = a.to_string();
            currency = c.to_string();
        }
        Penalty::SupervisedRelease { length: l } => length = l.to_string(),
        Penalty::SuspendedImprisonment {
            term: t,
            operational_period: p,
        } => {
            term = t.to_string();
            period = text(p);
        }
        Penalty::Discharge => {}
        Penalty::Other { description: d } => description = d.clone(),
    }
    row.extend([
        term,
        minimum,
        hours,
        amount,
        currency,
        length,
        period,
        description,
    ]);
    row.push(joined(&c.charges));
    row.push(text(&c.runs));
    row
}

/// The table's rows, each cell in its text form, in the order of [`Table::columns`].
pub(crate) fn rows(dataset: &Dataset, table: Table) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for op in &dataset.operations {
        let id = op.id.to_string();
        match table {
            Table::Operations => {
                let aliases = if op.aliases.is_empty() {
                    String::new()
                } else {
                    serde_json::to_string(&op.aliases).unwrap_or_default()
                };
                let referral = op.referral.as_ref();
                rows.push(vec![
                    id.clone(),
                    op.name.clone(),
                    aliases,
                    text(&op.lead_agency),
                    joined(&op.partner_agencies),
                    joined(&op.participants),
                    text(&op.started),
                    text(&op.ended),
                    text(&op.announced),
                    referral.map(|r| r.kind.to_string()).unwrap_or_default(),
                    referral.map(|r| text(&r.received)).unwrap_or_default(),
                    referral.map(|r| text(&r.from)).unwrap_or_default(),
                    referral.and_then(|r| r.note.clone()).unwrap_or_default(),
                ]);
            }
            Table::Agencies => rows.extend(op.agencies.iter().map(|a| {
                vec![
                    id.clone(),
                    a.id.to_string(),
                    a.name.clone(),
                    text(&a.kind),
                    text(&a.jurisdiction),
                ]
            })),
            Table::Sources => rows.extend(op.sources.iter().map(|s| {
                vec![
                    id.clone(),
                    s.id.to_string(),
                    text(&s.publisher),
                    text(&s.title),
                    text(&s.url),
                    s.published.to_string(),
                ]
            })),
            Table::Claims => rows.extend(op.claims.iter().map(|c| {
                vec![
                    id.clone(),
                    c.id.to_string(),
                    c.metric.to_string(),
                    text(&c.scope.area),
                    text(&c.scope.agency),
                    c.quantity.to_string(),
                    text(&c.as_of),
                    c.citation.source.to_string(),
                    c.citation.quote.clone(),
                    text(&c.part_of),
                    if c.citation.paraphrase { "true" } else { "" }.to_owned(),
                    text(&c.scope.period),
                    if c.interim { "true" } else { "" }.to_owned(),
                ]
            })),
            Table::Cases => rows.extend(op.cases.iter().map(|c| {
                let e = &c.events;
                let (status, varied) = match c.sentence.as_ref().map(|s| &s.status) {
                    None => (String::new(), String::new()),
                    Some(SentenceStatus::Final) => ("final".to_owned(), String::new()),
                    Some(SentenceStatus::Appealed) => ("appealed".to_owned(), String::new()),
                    Some(SentenceStatus::VariedOnAppeal { varied, .. }) => {
                        ("varied_on_appeal".to_owned(), text(varied))
                    }
                };
                vec![
                    id.clone(),
                    c.id.to_string(),
                    c.jurisdiction.to_string(),
                    c.defendant.id.to_string(),
                    text(&c.defendant.age_band),
                    c.court.clone().unwrap_or_default(),
                    text(&e.arrested),
                    text(&e.charged),
                    text(&e.pleaded),
                    text(&e.verdict),
                    text(&e.sentenced),
                    status,
                    varied,
                ]
            })),
            Table::Charges => {
                for case in &op.cases {
                    rows.extend(case.charges.iter().map(|ch| {
                        let statute = ch.offence.statute.as_ref();
                        vec![
                            id.clone(),
                            case.id.to_string(),
                            ch.id.to_string(),
                            ch.offence.kind.to_string(),
                            ch.offence.iccs.to_string(),
                            statute
                                .map(|s| s.jurisdiction.to_string())
                                .unwrap_or_default(),
                            statute.map(|s| s.act.clone()).unwrap_or_default(),
                            statute.map(|s| s.section.clone()).unwrap_or_default(),
                            ch.counts.to_string(),
                            text(&ch.offence_date),
                            ch.disposition.outcome.to_string(),
                            text(&ch.disposition.date),
                        ]
                    }));
                }
            }
            Table::Citations => {
                for case in &op.cases {
                    rows.extend(case.all_citations().map(|(on, c)| {
                        let (on, charge) = match on {
                            CitedBy::Case => ("case", String::new()),
                            CitedBy::Charge(index) => (
                                "charge",
                                case.charges
                                    .get(index)
                                    .map(|ch| ch.id.to_string())
                                    .unwrap_or_default(),
                            ),
                            CitedBy::Sentence => ("sentence", String::new()),
                        };
                        vec![
                            id.clone(),
                            case.id.to_string(),
                            on.to_owned(),
                            charge,
                            c.source.to_string(),
                            c.quote.clone(),
                            if c.paraphrase { "true" } else { "" }.to_owned(),
                        ]
                    }));
                }
            }
            Table::SentenceComponents => {
                for case in &op.cases {
                    let Some(sentence) = &case.sentence else {
                        continue;
                    };
                    rows.extend(
                        sentence
                            .components
                            .iter()
                            .map(|c| component_row(op, case, false, c)),
                    );
                    if let SentenceStatus::VariedOnAppeal { original, .. } = &sentence.status {
                        rows.extend(original.iter().map(|c| component_row(op, case, true, c)));
                    }
                }
            }
        }
    }
    rows
}

/// Writes one table of the dataset as CSV, with its header.
///
/// # Errors
///
/// [`Error::Csv`] when writing fails.
pub fn export<W: Write>(dataset: &Dataset, table: Table, writer: W) -> Result<(), Error> {
    let mut out = csv::Writer::from_writer(writer);
    out.write_record(table.columns())
        .map_err(|e| io(table, e))?;
    for row in rows(dataset, table) {
        out.write_record(&row).map_err(|e| io(table, e))?;
    }
    out.flush().map_err(|e| csv_error(table, 0, None, e))
}

/// Writes every table as `<dir>/<table>.csv`, creating the directory (and its
/// parents) when it does not exist.
///
/// # Errors
///
/// [`Error::Io`] naming the directory or file when it cannot be created or written.
pub fn export_dir(dataset: &Dataset, dir: impl AsRef<Path>) -> Result<(), Error> {
    export_files(dir.as_ref(), "csv", |table, file| {
        export(dataset, table, file)
    })
}

/// Writes every table with `write` to `<dir>/<table>.<extension>`, creating the
/// directory (and its parents) when it does not exist.
pub(crate) fn export_files(
    dir: &Path,
    extension: &str,
    mut write: impl FnMut(Table, std::io::BufWriter<std::fs::File>) -> Result<(), Error>,
) -> Result<(), Error> {
    std::fs::create_dir_all(dir).map_err(|source| Error::Io {
        path: Some(dir.to_owned()),
        error: source,
    })?;
    for table in Table::ALL {
        let path = dir.join(format!("{table}.{extension}"));
        let file = std::fs::File::create(&path).map_err(|source| Error::Io {
            path: Some(path.clone()),
            error: source,
        })?;
        write(table, std::io::BufWriter::new(file))?;
    }
    Ok(())
}

// Reading -------------------------------------------------------------------------

/// One row being read, for errors that name the cell.
struct Row<'a> {
    table: Table,
    line: u64,
    record: &'a csv::StringRecord,
    columns: &'a HashMap<&'static str, usize>,
}

impl Row<'_> {
    fn cell(&self, column: &'static str) -> &str {
        self.columns
            .get(column)
            .and_then(|&i| self.record.get(i))
            .unwrap_or("")
    }

    fn error(&self, column: &str, message: impl fmt::Display) -> Error {
        csv_error(self.table, self.line, Some(column), message)
    }

    fn text(&self, column: &'static str) -> String {
        self.cell(column).to_owned()
    }

    fn optional_text(&self, column: &'static str) -> Option<String> {
        Some(self.cell(column))
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    }

    fn parse<T: FromStr>(&self, column: &'static str) -> Result<T, Error>
    where
        T::Err: fmt::Display,
    {
        let cell = self.cell(column);
        if cell.is_empty() {
            return Err(self.error(column, "a value is required"));
        }
        cell.parse().map_err(|e| self.error(column, e))
    }

    /// A yes-or-no column: `true`, or empty (or `false`) for no. A table without the
    /// column reads as no.
    fn flag(&self, column: &'static str) -> Result<bool, Error> {
        match self.cell(column) {
            "" | "false" => Ok(false),
            "true" => Ok(true),
            other => Err(self.error(column, format!("expected true or nothing, found {other:?}"))),
        }
    }

    fn optional<T: FromStr>(&self, column: &'static str) -> Result<Option<T>, Error>
    where
        T::Err: fmt::Display,
    {
        match self.cell(column) {
            "" => Ok(None),
            cell => cell.parse().map(Some).map_err(|e| self.error(column, e)),
        }
    }

    fn list<T: FromStr>(&self, column: &'static str) -> Result<Vec<T>, Error>
    where
        T::Err: fmt::Display,
    {
        match self.cell(column) {
            "" => Ok(Vec::new()),
            cell => cell
                .split(';')
                .map(|item| item.parse().map_err(|e| self.error(column, e)))
                .collect(),
        }
    }
}

/// A table's rows as text: its header, then each record with its line (the
/// header is line 1), from CSV or another tabular format.
pub(crate) struct Records<'r> {
    pub(crate) table: Table,
    pub(crate) header: Vec<String>,
    pub(crate) records: Box<dyn Iterator<Item = Result<(u64, csv::StringRecord), Error>> + 'r>,
}

impl<'r> Records<'r> {
    /// The records of a CSV table.
    fn csv<R: Read + 'r>(table: Table, reader: R) -> Result<Self, Error> {
        let mut csv = csv::ReaderBuilder::new()
            .has_headers(true)
            .from_reader(reader);
        let header = csv.headers().map_err(|e| io(table, e))?;
        let header = header.iter().map(str::to_owned).collect();
        let records = csv.into_records().map(move |record| {
            let record = record.map_err(|e| io(table, e))?;
            Ok((record.position().map_or(0, |p| p.line()), record))
        });
        Ok(Self {
            table,
            header,
            records: Box::new(records),
        })
    }
}

/// Reads a table, calling `each` on every row.
fn read_rows(
    records: Records<'_>,
    mut each: impl FnMut(&Row<'_>) -> Result<(), Error>,
) -> Result<(), Error> {
    let table = records.table;
    let expected = table.columns();
    let found: Vec<&str> = records.header.iter().map(String::as_str).collect();
    if let Some(unknown) = found.iter().find(|h| !expected.contains(h)) {
        return Err(csv_error(
            table,
            1,
            Some(unknown),
            format!("unknown column: expected {}", expected.join(",")),
        ));
    }
    // Columns added after the first version may be absent from older tables.
    if let Some(missing) = expected
        .iter()
        .find(|c| !found.contains(c) && !ADDED_LATER.contains(c))
    {
        return Err(csv_error(
            table,
            1,
            Some(missing),
            "the column is missing from the header",
        ));
    }
    let columns: HashMap<&'static str, usize> = expected
        .iter()
        .filter_map(|&c| found.iter().position(|h| *h == c).map(|i| (c, i)))
        .collect();
    for record in records.records {
        let (line, record) = record?;
        each(&Row {
            table,
            line,
            record: &record,
            columns: &columns,
        })?;
    }
    Ok(())
}

fn component(row: &Row<'_>) -> Result<(bool, SentenceComponent), Error> {
    let original = match row.cell("original") {
        "true" => true,
        "false" | "" => false,
        other => {
            return Err(row.error(
                "original",
                format!("expected true or false, found {other:?}"),
            ));
        }
    };
    let term = || row.parse::<Term>("term");
    let penalty = match row.parse::<PenaltyKind>("kind")? {
        PenaltyKind::Imprisonment => Penalty::Imprisonment { term: term()? },
        PenaltyKind::LifeImprisonment => Penalty::LifeImprisonment {
            minimum: row.optional("minimum")?,
        },
        PenaltyKind::IndefiniteDetention => Penalty::IndefiniteDetention {
            minimum: row.optional("minimum")?,
        },
        PenaltyKind::HomeDetention => Penalty::HomeDetention { term: term()? },
        PenaltyKind::CommunityDetention => Penalty::CommunityDetention { term: term()? },
        PenaltyKind::IntensiveSupervision => Penalty::IntensiveSupervision { term: term()? },
        PenaltyKind::Supervision => Penalty::Supervision { term: term()? },
        PenaltyKind::CommunityWork => Penalty::CommunityWork {
            hours: row.parse("hours")?,
        },
        PenaltyKind::Fine => Penalty::Fine {
            amount: row.parse("amount")?,
            currency: row.parse("currency")?,
        },
        PenaltyKind::SupervisedRelease => Penalty::SupervisedRelease {
            length: row.parse::<ReleaseLength>("length")?,
        },
        PenaltyKind::SuspendedImprisonment => Penalty::SuspendedImprisonment {
            term: term()?,
            operational_period: row.optional("operational_period")?,
        },
        PenaltyKind::Discharge => Penalty::Discharge,
        PenaltyKind::Other => Penalty::Other {
            description: row.text("description"),
        },
    };
    Ok((
        original,
        SentenceComponent {
            penalty,
            charges: row.list::<ChargeId>("charges")?.into(),
            runs: row.optional("runs")?,
        },
    ))
}

/// Reads a dataset from its CSV tables, given as `(table, reader)` pairs in any order;
/// `operations` is required, the others may be left out.
///
/// # Errors
///
/// [`Error::Csv`] naming the table, row and column of the first bad cell, or a row that
/// refers to an operation or case not listed before it.
pub fn import<I, R>(tables: I) -> Result<Dataset, Error>
where
    I: IntoIterator<Item = (Table, R)>,
    R: Read,
{
    let tables = tables
        .into_iter()
        .map(|(table, reader)| Records::csv(table, reader))
        .collect::<Result<Vec<_>, _>>()?;
    import_records(tables)
}

/// Builds the dataset from the tables' records, in any order of tables.
pub(crate) fn import_records(mut tables: Vec<Records<'_>>) -> Result<Dataset, Error> {
    tables.sort_by_key(|records| Table::ALL.iter().position(|x| *x == records.table));
    if !tables
        .iter()
        .any(|records| records.table == Table::Operations)
    {
        return Err(csv_error(
            Table::Operations,
            0,
            None,
            "the operations table is required",
        ));
    }
    let mut dataset = Dataset::default();
    let mut index: HashMap<OperationId, usize> = HashMap::new();
    let mut case_index: HashMap<(usize, CaseId), usize> = HashMap::new();
    for records in tables {
        let table = records.table;
        read_rows(records, |row| {
            if table == Table::Operations {
                let id: OperationId = row.parse("id")?;
                let aliases: Vec<Alias> = match row.cell("aliases") {
                    "" => Vec::new(),
                    cell => serde_json::from_str(cell).map_err(|e| row.error("aliases", e))?,
                };
                let referral = match row.optional("referral_kind")? {
                    None => None,
                    Some(kind) => Some(Referral {
                        kind,
                        received: row.optional("referral_received")?,
                        from: row.optional("referral_from")?,
                        note: row.optional_text("referral_note"),
                    }),
                };
                index.insert(id.clone(), dataset.operations.len());
                dataset.operations.push(Operation {
                    id,
                    name: row.text("name"),
                    aliases,
                    lead_agency: row.optional("lead_agency")?,
                    partner_agencies: row.list("partner_agencies")?,
                    participants: row.list("participants")?,
                    started: row.optional("started")?,
                    ended: row.optional("ended")?,
                    announced: row.optional("announced")?,
                    referral,
                    agencies: Vec::new(),
                    sources: Vec::new(),
                    claims: Vec::new(),
                    cases: Vec::new(),
                });
                return Ok(());
            }
            let operation_id: OperationId = row.parse("operation")?;
            let Some(&op_index) = index.get(&operation_id) else {
                return Err(row.error(
                    "operation",
                    format!(
                        "operation {:?} is not in the operations table",
                        operation_id.as_str()
                    ),
                ));
            };
            let Some(op) = dataset.operations.get_mut(op_index) else {
                return Ok(());
            };
            match table {
                Table::Operations => {}
                Table::Agencies => op.agencies.push(Agency {
                    id: row.parse("id")?,
                    name: row.text("name"),
                    kind: row.optional("kind")?,
                    jurisdiction: row.optional("jurisdiction")?,
                }),
                Table::Sources => op.sources.push(Source {
                    id: row.parse("id")?,
                    publisher: row.optional_text("publisher"),
                    title: row.optional_text("title"),
                    url: row.optional_text("url"),
                    published: row.parse("published")?,
                }),
                Table::Claims => op.claims.push(Claim {
                    id: row.parse("id")?,
                    metric: row.parse("metric")?,
                    scope: Scope {
                        area: row.optional("area")?,
                        agency: row.optional("agency")?,
                        period: row.optional("period")?,
                    },
                    quantity: row.parse("quantity")?,
                    as_of: row.optional("as_of")?,
                    citation: Citation {
                        source: row.parse("source")?,
                        quote: row.text("quote"),
                        paraphrase: row.flag("paraphrase")?,
                    },
                    part_of: row.optional("part_of")?,
                    interim: row.flag("interim")?,
                }),
                Table::Cases => {
                    let id: CaseId = row.parse("id")?;
                    let status = match row.cell("sentence_status") {
                        "" => None,
                        "final" => Some(SentenceStatus::Final),
                        "appealed" => Some(SentenceStatus::Appealed),
                        "varied_on_appeal" => Some(SentenceStatus::VariedOnAppeal {
                            original: Vec::new(),
                            varied: row.optional("sentence_varied")?,
                        }),
                        other => {
                            return Err(row.error(
                                "sentence_status",
                                format!(
                                    "expected final, appealed or varied_on_appeal, found {other:?}"
                                ),
                            ));
                        }
                    };
                    case_index.insert((op_index, id.clone()), op.cases.len());
                    op.cases.push(Case {
                        id,
                        jurisdiction: row.parse("jurisdiction")?,
                        defendant: Defendant {
                            id: row.parse("defendant")?,
                            age_band: row.optional::<AgeBand>("age_band")?,
                        },
                        court: row.optional_text("court"),
                        events: Events {
                            arrested: row.optional("arrested")?,
                            charged: row.optional("charged")?,
                            pleaded: row.optional("pleaded")?,
                            verdict: row.optional("verdict")?,
                            sentenced: row.optional("sentenced")?,
                        },
                        charges: Vec::new(),
                        sentence: status.map(|status| Sentence {
                            components: Vec::new(),
                            status,
                            citations: Vec::new(),
                        }),
                        citations: Vec::new(),
                    });
                }
                Table::Charges | Table::SentenceComponents | Table::Citations => {
                    let case_id: CaseId = row.parse("case")?;
                    let Some(case) = case_index
                        .get(&(op_index, case_id.clone()))
                        .and_then(|&i| op.cases.get_mut(i))
                    else {
                        return Err(row.error(
                            "case",
                            format!("case {:?} is not in the cases table", case_id.as_str()),
                        ));
                    };
                    if table == Table::Charges {
                        let statute =
                            row.optional("statute_jurisdiction")?
                                .map(|jurisdiction| StatuteRef {
                                    jurisdiction,
                                    act: row.text("statute_act"),
                                    section: row.text("statute_section"),
                                });
                        case.charges.push(Charge {
                            id: row.parse("id")?,
                            offence: Offence {
                                kind: row.parse("kind")?,
                                iccs: row.parse("iccs")?,
                                statute,
                            },
                            counts: row.parse("counts")?,
                            offence_date: row.optional("offence_date")?,
                            disposition: Disposition {
                                outcome: row.parse("outcome")?,
                                date: row.optional("outcome_date")?,
                            },
                            citations: Vec::new(),
                        });
                    } else if table == Table::Citations {
                        let citation = Citation {
                            source: row.parse("source")?,
                            quote: row.text("quote"),
                            paraphrase: row.flag("paraphrase")?,
                        };
                        let cited = match row.cell("on") {
                            "case" => Some(&mut case.citations),
                            "sentence" => case.sentence.as_mut().map(|s| &mut s.citations),
                            "charge" => {
                                let charge: ChargeId = row.parse("charge")?;
                                case.charges
                                    .iter_mut()
                                    .find(|c| c.id == charge)
                                    .map(|c| &mut c.citations)
                            }
                            other => {
                                return Err(row.error(
                                    "on",
                                    format!("expected case, charge or sentence, found {other:?}"),
                                ));
                            }
                        };
                        let Some(cited) = cited else {
                            return Err(row.error(
                                "on",
                                "the case has no such charge, or no sentence, in the tables before",
                            ));
                        };
                        cited.push(citation);
                    } else {
                        let (original, component) = component(row)?;
                        let Some(sentence) = case.sentence.as_mut() else {
                            return Err(row.error(
                                "case",
                                "the case has no sentence_status in the cases table",
                            ));
                        };
                        match (&mut sentence.status, original) {
                            (_, false) => sentence.components.push(component),
                            (SentenceStatus::VariedOnAppeal { original, .. }, true) => {
                                original.push(component)
                            }
                            (_, true) => {
                                return Err(row.error(
                                    "original",
                                    "only a sentence varied on appeal has original components",
                                ));
                            }
                        }
                    }
                }
            }
            Ok(())
        })?;
    }
    Ok(dataset)
}

/// Reads the tables `<dir>/<table>.csv`; all but `operations.csv` may be absent.
///
/// # Errors
///
/// As [`import`], and [`Error::Io`] when a file exists but cannot be read.
pub fn import_dir(dir: impl AsRef<Path>) -> Result<Dataset, Error> {
    let mut readers = Vec::new();
    for table in Table::ALL {
        let path = dir.as_ref().join(format!("{table}.csv"));
        match std::fs::File::open(&path) {
            Ok(file) => readers.push((table, std::io::BufReader::new(file))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && table != Table::Operations => {}
            Err(source) => {
                return Err(Error::Io {
                    path: Some(path),
                    error: source,
                });
            }
        }
    }
    import(readers)
}
