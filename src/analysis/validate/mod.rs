//! Validation: the rules that span several values, with every finding reported.
//!
//! Each value's own rules are enforced when it is built or read (a [`PartialDate`](crate::PartialDate)
//! that exists is a real date). What remains are rules across values: events in
//! order, cases in participating jurisdictions, sentences within the law, breakdowns
//! within their totals, references that resolve. [`validate`] checks them all and
//! returns a [`Report`] of every finding, never stopping at the first.
//!
//! Conflicting figures from different sources are *not* findings: they are data, and
//! reconciliation compares them.
//!
//! | code | severity | rule |
//! |---|---|---|
//! | `duplicate_id` | error | identifiers are unique: operations in the dataset; agencies, sources, claims and cases in an operation; charges in a case |
//! | `unknown_reference` | error | agencies, sources, claims and charges referred to exist |
//! | `operation_dates` | error | an operation does not end before it starts |
//! | `event_order` | error | within a case: offence ≤ arrest ≤ charge ≤ (plea) ≤ verdict ≤ sentence, and a charge's disposition not before the charge |
//! | `before_operation` | error | no arrest or charge before the operation started |
//! | `case_not_participant` | error | a case's jurisdiction (or its country) is a participant |
//! | `claim_not_participant` | error | a claim's jurisdiction (or its country) is a participant |
//! | `claim_after_source` | warning | a figure is not "as of" a date after its source was published |
//! | `source_unattributed` | error | a source names its publisher or its address (whose host then stands for the publisher) |
//! | `source_incomplete` | warning | a source has a publisher and a title: where either is not known it is left out, never invented, and this warning says so |
//! | `empty_sentence` | error | a sentence has components, and each names the charges it is for |
//! | `sentence_unconvicted_charge` | error | sentence components are for convicted charges |
//! | `concurrency_unstated` | error | custodial parts after the first say concurrent or cumulative |
//! | `personal_identifier` | warning | case and defendant identifiers are pseudonyms: no two or more capitalised words (a name such as `John_Smith`), no calendar date (`1976-03-02`, `02.03.1976`, `19760302`) |
//! | `narrow_age_band` | error | age bands are at least [`Options::min_age_band_years`] wide (5 by default); `45-45` is an exact age |
//! | `long_case_text` | warning | court names, `other` penalty descriptions and the quotes of case records' citations are at most [`Options::max_case_text_chars`] characters (200 by default): case records hold no narrative |
//! | `term_too_long` | error | cumulative custodial parts add up to at most a million years (`MAX_TERM_YEARS`) |
//! | `above_statutory_maximum` | error | a custodial part is within the maximum in force on the offence date (from the penalty table, when the charge cites a statute it has) |
//! | `nz_sentence_limit` | error | NZ cases: home detention 14 days–12 months, community work 40–400 hours, supervision 6–12 months, intensive supervision 6–24 months, community detention at most 6 months |
//! | `breakdown_metric` | error | a part counts the same metric as its total |
//! | `breakdown_outside_total` | error | a part's area lies within its total's area |
//! | `empty_remainder` | error | a remainder `rest-of:X` is X less the other parts of its breakdown, so a part for all of X beside it leaves it empty |
//! | `as_of_before_period_end` | error | a figure for a reporting period stands as of a date after the period ends (its "as of" date, or else its source's publication), unless it is marked `interim` |
//! | `overlapping_periods` | error | parts of one breakdown for the same place and agency cover periods that share no day (four quarters of a year, not a quarter and a half-year) |
//! | `breakdown_exceeds_total` | error | parts cannot add up to more than their total (the smallest possible sum is above the largest possible total); parts below the total are fine |
//!
//! Dates known only to a month or a year are compared as intervals: an order is
//! broken only when the later event certainly precedes the earlier one.
//!
//! # Example
//!
//! ```
//! use investigation_outcomes::{Dataset, validate::validate};
//!
//! let dataset = Dataset::from_json_str(r#"{"schema_version": 1, "operations": [{
//!     "id": "op", "name": "Example", "participants": ["NZ"],
//!     "cases": [{
//!         "id": "c1", "jurisdiction": "AU-QLD", "defendant": {"id": "d1"},
//!         "events": {"arrested": "2021-05", "charged": "2021-03-02"}
//!     }]
//! }]}"#)?;
//! let report = validate(&dataset);
//! let codes: Vec<&str> = report.findings().iter().map(|f| f.code.as_str()).collect();
//! assert_eq!(codes, ["case_not_participant", "event_order"]);
//! assert_eq!(report.findings()[1].location, "operations[0].cases[0].events");
//! assert!(report.has_errors());
//! # Ok::<(), investigation_outcomes::Error>(())
//! ```

mod privacy;

use crate::util::count;
use crate::util::fx::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::fmt;

use serde::Serialize;

use crate::io::dataset::Dataset;
use crate::record::case::{Case, ChargeLookup};
use crate::record::claim::Claim;
use crate::record::operation::Operation;
use crate::record::penalty::PenaltyTable;
use crate::record::sentence::CustodialTerm;
use crate::record::sentence::Penalty;
use crate::record::sentence::SentenceComponent;
use crate::record::sentence::SentenceError;
use crate::record::source::Citation;
use crate::value::area::Area;
use crate::value::code_list::code_list;
use crate::value::event_date::EventDate;
use crate::value::id::OperationId;
use crate::value::interval::Interval;
use crate::value::jurisdiction::Jurisdiction;
use crate::value::period::Period;
use crate::value::term::Term;

/// How serious a finding is.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Suspicious but possible; worth a look.
    Warning,
    /// The data contradicts itself or the law; statistics built on it may be wrong.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

code_list! {
    /// The stable machine code of a finding (see the module table).
    #[non_exhaustive]
    pub enum FindingCode : "finding code" {
        /// An identifier is used twice.
        DuplicateId = "duplicate_id",
        /// A reference to an agency, source, claim or charge that does not exist.
        UnknownReference = "unknown_reference",
        /// An operation ends before it starts.
        OperationDates = "operation_dates",
        /// Events of a case out of order.
        EventOrder = "event_order",
        /// An arrest or charge before the operation started.
        BeforeOperation = "before_operation",
        /// A case in a jurisdiction that is not a participant.
        CaseNotParticipant = "case_not_participant",
        /// A claim for a jurisdiction that is not a participant.
        ClaimNotParticipant = "claim_not_participant",
        /// A figure "as of" a date after its source was published.
        ClaimAfterSource = "claim_after_source",
        /// A source with neither publisher nor address: nothing says who published it.
        SourceUnattributed = "source_unattributed",
        /// A source without a publisher or a title (a warning).
        SourceIncomplete = "source_incomplete",
        /// A sentence, or a component, with nothing in it.
        EmptySentence = "empty_sentence",
        /// A sentence component for a charge that is not convicted.
        SentenceUnconvictedCharge = "sentence_unconvicted_charge",
        /// A custodial part that does not say how it runs.
        ConcurrencyUnstated = "concurrency_unstated",
        /// An identifier on a case record that looks like a personal name or holds a
        /// date (a warning).
        PersonalIdentifier = "personal_identifier",
        /// An age band narrower than the options allow: it can identify a person.
        NarrowAgeBand = "narrow_age_band",
        /// Free text on a case record longer than the options allow (a warning).
        LongCaseText = "long_case_text",
        /// Cumulative custodial parts longer than the longest term kept.
        TermTooLong = "term_too_long",
        /// A custodial part above the statutory maximum.
        AboveStatutoryMaximum = "above_statutory_maximum",
        /// A New Zealand sentence outside the limits of its type.
        NzSentenceLimit = "nz_sentence_limit",
        /// A breakdown part counting another metric than its total.
        BreakdownMetric = "breakdown_metric",
        /// A breakdown part outside its total's area.
        BreakdownOutsideTotal = "breakdown_outside_total",
        /// Breakdown parts adding up to more than their total.
        BreakdownExceedsTotal = "breakdown_exceeds_total",
        /// A remainder (`rest-of:X`) beside a part for the whole of `X` in the same
        /// breakdown: it names an empty place.
        EmptyRemainder = "empty_remainder",
        /// A figure for a reporting period, as of a date before the period ends,
        /// that does not say it is interim.
        AsOfBeforePeriodEnd = "as_of_before_period_end",
        /// Parts of one breakdown for the same place whose periods overlap: they
        /// would count the overlap twice.
        OverlappingPeriods = "overlapping_periods",
    }
}

/// One problem found.
#[derive(Clone, PartialEq, Eq, Debug, Serialize)]
pub struct Finding {
    /// How serious it is.
    pub severity: Severity,
    /// The stable machine code.
    pub code: FindingCode,
    /// Where it is, as a path into the dataset: `operations[0].cases[3].charges[1]`.
    pub location: String,
    /// What is wrong, in plain words.
    pub message: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}[{}] {}: {}",
            self.severity, self.code, self.location, self.message
        )
    }
}

/// Every finding of a validation run, in dataset order.
#[derive(Clone, PartialEq, Eq, Debug, Default, Serialize)]
pub struct Report {
    findings: Vec<Finding>,
}

impl Report {
    /// All findings.
    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }

    /// The findings of severity error.
    pub fn errors(&self) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
    }

    /// The findings of severity warning.
    pub fn warnings(&self) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Warning)
    }

    /// Whether any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.errors().next().is_some()
    }

    /// Whether there are no findings at all.
    pub fn is_clean(&self) -> bool {
        self.findings.is_empty()
    }

    fn push(&mut self, severity: Severity, code: FindingCode, location: String, message: String) {
        self.findings.push(Finding {
            severity,
            code,
            location,
            message,
        });
    }

    fn error(&mut self, code: FindingCode, location: impl fmt::Display, message: String) {
        self.push(Severity::Error, code, location.to_string(), message);
    }
}

impl fmt::Display for Report {
    /// Every finding, one a line, in dataset order (nothing when clean).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for finding in &self.findings {
            writeln!(f, "{finding}")?;
        }
        let errors = self.errors().count();
        write!(
            f,
            "{}, {}",
            count(errors as u64, "error"),
            count((self.findings.len() - errors) as u64, "warning")
        )
    }
}

/// A place in the dataset, built on the stack and written out only for a finding.
#[derive(Clone, Copy)]
struct Loc<'a> {
    parent: Option<&'a Loc<'a>>,
    name: &'static str,
    index: Option<usize>,
}

impl<'a> Loc<'a> {
    fn root(name: &'static str, index: usize) -> Self {
        Loc {
            parent: None,
            name,
            index: Some(index),
        }
    }

    /// `self.name`
    fn field(&'a self, name: &'static str) -> Loc<'a> {
        Loc {
            parent: Some(self),
            name,
            index: None,
        }
    }

    /// `self.name[index]`
    fn index(&'a self, name: &'static str, index: usize) -> Loc<'a> {
        Loc {
            parent: Some(self),
            name,
            index: Some(index),
        }
    }
}

impl fmt::Display for Loc<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(parent) = self.parent {
            write!(f, "{parent}.")?;
        }
        f.write_str(self.name)?;
        match self.index {
            Some(i) => write!(f, "[{i}]"),
            None => Ok(()),
        }
    }
}

/// What validation checks against.
#[derive(Clone, Debug)]
pub struct Options {
    /// Statutory maxima for the `above_statutory_maximum` rule.
    pub penalties: PenaltyTable,
    /// The narrowest age band accepted without a `narrow_age_band` warning, in years.
    pub min_age_band_years: u8,
    /// The longest free text (court names, descriptions of other penalties) accepted
    /// on a case record without a `long_case_text` warning, in characters.
    pub max_case_text_chars: usize,
}

impl Default for Options {
    /// The bundled New Zealand table ([`PenaltyTable::new_zealand_fvpca`]), age bands
    /// of at least 5 years, free text of at most 200 characters.
    fn default() -> Self {
        Self {
            penalties: PenaltyTable::new_zealand_fvpca(),
            min_age_band_years: 5,
            max_case_text_chars: 200,
        }
    }
}

/// Validates a dataset with the default [`Options`].
///
/// # Example
///
/// ```
/// use investigation_outcomes::{Dataset, validate};
///
/// let dataset = Dataset::from_json_str(r#"{"schema_version": 1, "operations": [{
///     "id": "x", "name": "X", "participants": ["NZ"],
///     "cases": [{"id": "c", "jurisdiction": "AU", "defendant": {"id": "d"}}]
/// }]}"#)?;
/// let report = validate(&dataset);
/// let finding = &report.findings()[0];
/// assert_eq!(finding.code.as_str(), "case_not_participant");
/// assert_eq!(finding.location, "operations[0].cases[0].jurisdiction");
/// assert!(report.has_errors());
/// # Ok::<(), investigation_outcomes::Error>(())
/// ```
pub fn validate(dataset: &Dataset) -> Report {
    validate_with(dataset, &Options::default())
}

/// Validates a dataset against the given options.
pub fn validate_with(dataset: &Dataset, options: &Options) -> Report {
    let mut validator = Validator::new(options);
    dataset
        .operations
        .iter()
        .for_each(|operation| validator.add_operation(operation));
    validator.finish()
}

/// Validates operations added one at a time, exactly as [`validate_with`] validates
/// the dataset they make up: for data too large to hold, read with
/// [`OperationLines`](crate::OperationLines). Locations count operations in the order
/// they were added.
///
/// # Example
///
/// ```
/// use investigation_outcomes::validate::{Options, Validator};
/// use investigation_outcomes::{Dataset, validate};
///
/// let dataset = Dataset::from_json_str(include_str!("../../../data/operation-h.json"))?;
/// let options = Options::default();
/// let mut validator = Validator::new(&options);
/// for operation in &dataset.operations {
///     validator.add_operation(operation);
/// }
/// assert_eq!(validator.finish(), validate(&dataset));
/// # Ok::<(), investigation_outcomes::Error>(())
/// ```
#[derive(Debug)]
pub struct Validator<'o> {
    options: &'o Options,
    report: Report,
    // Identifiers of the operations so far: they must be unique in a dataset.
    operation_ids: HashSet<OperationId>,
    operations: usize,
}

impl<'o> Validator<'o> {
    /// A validator checking against `options`.
    pub fn new(options: &'o Options) -> Self {
        Self {
            options,
            report: Report::default(),
            operation_ids: HashSet::default(),
            operations: 0,
        }
    }

    /// Checks one operation, and that no earlier one had its identifier.
    pub fn add_operation(&mut self, operation: &Operation) {
        let index = self.operations;
        self.add_checked(&operation.id, |report| {
            check_operation(
                operation,
                &Loc::root("operations", index),
                self.options,
                report,
            )
        });
    }

    /// How many operations have been added: the index the next one will have.
    pub fn operations(&self) -> usize {
        self.operations
    }

    /// Adds the findings of an operation checked elsewhere, on another thread, by
    /// [`Operation::check`] as the operation at index
    /// [`operations()`](Self::operations), and checks that no earlier operation had
    /// its identifier. The report is then what [`add_operation`](Self::add_operation)
    /// would have made.
    pub fn add_checked_operation(&mut self, id: &OperationId, findings: Report) {
        self.add_checked(id, |report| report.findings.extend(findings.findings));
    }

    /// The findings of every operation added.
    pub fn finish(self) -> Report {
        self.report
    }

    fn add_checked(&mut self, id: &OperationId, check: impl FnOnce(&mut Report)) {
        let at = Loc::root("operations", self.operations);
        self.operations += 1;
        if !self.operation_ids.insert(id.clone()) {
            self.report.error(
                FindingCode::DuplicateId,
                at,
                format!(
                    "operation id {:?} is used by an earlier operation",
                    id.as_str()
                ),
            );
        }
        check(&mut self.report);
    }
}

impl Operation {
    /// The findings of one operation on its own, as the operation at `index` of a
    /// dataset: every rule but the uniqueness of operation identifiers, which
    /// [`Validator::add_checked_operation`] checks when the findings are added.
    /// Operations can so be checked on several threads and their findings added in
    /// order.
    pub fn check(&self, index: usize, options: &Options) -> Report {
        let mut report = Report::default();
        check_operation(self, &Loc::root("operations", index), options, &mut report);
        report
    }
}

fn duplicates<'a, I>(ids: I, what: &str, location: impl Fn(usize) -> String, report: &mut Report)
where
    I: IntoIterator<Item = &'a str>,
    I::IntoIter: ExactSizeIterator,
{
    let ids = ids.into_iter();
    // Keyed at random: the identifiers come from the input, and could be chosen to
    // collide under a fixed hash.
    let mut seen = std::collections::HashSet::with_capacity(ids.len());
    for (index, id) in ids.enumerate() {
        if !seen.insert(id) {
            report.error(
                FindingCode::DuplicateId,
                location(index),
                format!("{what} id {id:?} is used twice"),
            );
        }
    }
}

fn check_operation(operation: &Operation, at: &Loc<'_>, options: &Options, report: &mut Report) {
    duplicates(
        operation.agencies.iter().map(|a| a.id.as_str()),
        "agency",
        |i| at.index("agencies", i).to_string(),
        report,
    );
    duplicates(
        operation.sources.iter().map(|s| s.id.as_str()),
        "source",
        |i| at.index("sources", i).to_string(),
        report,
    );
    duplicates(
        operation.claims.iter().map(|c| c.id.as_str()),
        "claim",
        |i| at.index("claims", i).to_string(),
        report,
    );
    duplicates(
        operation.cases.iter().map(|c| c.id.as_str()),
        "case",
        |i| at.index("cases", i).to_string(),
        report,
    );

    let agencies: HashSet<&str> = operation.agencies.iter().map(|a| a.id.as_str()).collect();
    let unknown_agency =
        |id: &crate::value::id::AgencyId, location: String, report: &mut Report| {
            if !agencies.contains(id.as_str()) {
                report.error(
                    FindingCode::UnknownReference,
                    location,
                    format!(
                        "agency {:?} is not among the operation's agencies",
                        id.as_str()
                    ),
                );
            }
        };
    if let Some(lead) = &operation.lead_agency {
        unknown_agency(lead, at.field("lead_agency").to_string(), report);
    }
    for (i, partner) in operation.partner_agencies.iter().enumerate() {
        unknown_agency(partner, at.index("partner_agencies", i).to_string(), report);
    }
    if let Some(from) = operation.referral.as_ref().and_then(|r| r.from.as_ref()) {
        unknown_agency(from, at.field("referral").field("from").to_string(), report);
    }

    if let (Some(started), Some(ended)) = (&operation.started, &operation.ended)
        && started.is_after(ended)
    {
        report.error(
            FindingCode::OperationDates,
            at,
            format!("the operation ends ({ended}) before it starts ({started})"),
        );
    }

    check_sources(operation, at, report);
    check_claims(operation, at, &agencies, report);
    // Case records may cite sources too; looked up in a set, so that many citations
    // take linear time.
    let sources: HashSet<&str> = operation.sources.iter().map(|s| s.id.as_str()).collect();
    for (index, case) in operation.cases.iter().enumerate() {
        let here = at.index("cases", index);
        check_case(operation, case, &here, options, report);
        check_case_citations(case, &here, &sources, options, report);
    }
}

/// Every citation of a case record names a source of the operation, and quotes no
/// more than a case record may hold (a quote is not a place for narrative).
fn check_case_citations(
    case: &Case,
    at: &Loc<'_>,
    sources: &HashSet<&str>,
    options: &Options,
    report: &mut Report,
) {
    let mut check = |citation: &Citation, location: &Loc<'_>| {
        let length = citation.quote.chars().count();
        if length > options.max_case_text_chars {
            report.push(
                Severity::Warning,
                FindingCode::LongCaseText,
                location.field("quote").to_string(),
                format!(
                    "the quote has {length} characters, more than {}: case records hold no narrative",
                    options.max_case_text_chars
                ),
            );
        }
        if !sources.contains(citation.source.as_str()) {
            report.error(
                FindingCode::UnknownReference,
                location.field("source").to_string(),
                format!(
                    "source {:?} is not among the operation's sources",
                    citation.source.as_str()
                ),
            );
        }
    };
    for (i, citation) in case.citations.iter().enumerate() {
        check(citation, &at.index("citations", i));
    }
    for (c, charge) in case.charges.iter().enumerate() {
        let here = at.index("charges", c);
        for (i, citation) in charge.citations.iter().enumerate() {
            check(citation, &here.index("citations", i));
        }
    }
    if let Some(sentence) = &case.sentence {
        let here = at.field("sentence");
        for (i, citation) in sentence.citations.iter().enumerate() {
            check(citation, &here.index("citations", i));
        }
    }
}

fn not_participant(operation: &Operation, jurisdiction: Jurisdiction) -> Option<String> {
    (!operation.has_participant(jurisdiction)).then(|| {
        let listed: Vec<String> = operation
            .participants
            .iter()
            .map(|p| p.to_string())
            .collect();
        format!(
            "{jurisdiction} is not among the operation's participants ({})",
            if listed.is_empty() {
                "none listed".to_owned()
            } else {
                listed.join(", ")
            }
        )
    })
}

/// Sources say who published them (or where they are), and what is not known is
/// left out rather than invented: a warning says so.
fn check_sources(operation: &Operation, at: &Loc<'_>, report: &mut Report) {
    for (i, source) in operation.sources.iter().enumerate() {
        let here = || at.index("sources", i).to_string();
        let id = source.id.as_str();
        if source.publisher.is_none() && source.url.is_none() {
            report.error(
                FindingCode::SourceUnattributed,
                here(),
                format!("source {id:?} has neither a publisher nor an address"),
            );
            continue;
        }
        let missing: Vec<&str> = [
            source.publisher.is_none().then_some("publisher"),
            source.title.is_none().then_some("title"),
        ]
        .into_iter()
        .flatten()
        .collect();
        if !missing.is_empty() {
            report.push(
                Severity::Warning,
                FindingCode::SourceIncomplete,
                here(),
                format!("source {id:?} has no {}", missing.join(" or ")),
            );
        }
    }
}

fn check_claims(
    operation: &Operation,
    at: &Loc<'_>,
    agencies: &HashSet<&str>,
    report: &mut Report,
) {
    let claims_by_id: HashMap<&str, (usize, &Claim)> = operation
        .claims
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.as_str(), (i, c)))
        .collect();
    let mut parts_of: HashMap<&str, Vec<(usize, &Claim)>> = HashMap::default();

    for (index, claim) in operation.claims.iter().enumerate() {
        let here = at.index("claims", index);
        match operation.source(&claim.citation.source) {
            None => report.error(
                FindingCode::UnknownReference,
                here.field("citation").field("source").to_string(),
                format!(
                    "source {:?} is not among the operation's sources",
                    claim.citation.source.as_str()
                ),
            ),
            Some(source) => {
                // A figure for a period is final only once the period has ended.
                let dated = claim.as_of.unwrap_or(source.published);
                if let Some(period) = &claim.scope.period
                    && period.ends_after(&dated)
                    && !claim.interim
                {
                    report.error(
                        FindingCode::AsOfBeforePeriodEnd,
                        here.field("scope").field("period").to_string(),
                        format!(
                            "the figure for {period} stands as of {dated}, before the period ends: mark it interim if it is"
                        ),
                    );
                }
                if let Some(as_of) = &claim.as_of
                    && as_of.is_after(&source.published)
                {
                    report.push(
                        Severity::Warning,
                        FindingCode::ClaimAfterSource,
                        here.field("as_of").to_string(),
                        format!(
                            "the figure is as of {as_of}, after its source was published ({})",
                            source.published
                        ),
                    );
                }
            }
        }
        if let Some(agency) = &claim.scope.agency
            && !agencies.contains(agency.as_str())
        {
            report.error(
                FindingCode::UnknownReference,
                here.field("scope").field("agency").to_string(),
                format!(
                    "agency {:?} is not among the operation's agencies",
                    agency.as_str()
                ),
            );
        }
        if let Some(message) = claim
            .scope
            .area
            .and_then(|area| area.jurisdiction())
            .and_then(|j| not_participant(operation, j))
        {
            report.error(
                FindingCode::ClaimNotParticipant,
                here.field("scope").field("area").to_string(),
                message,
            );
        }
        if let Some(total_id) = &claim.part_of {
            match claims_by_id.get(total_id.as_str()) {
                Some((_, total)) if total.id != claim.id => {
                    parts_of
                        .entry(total_id.as_str())
                        .or_default()
                        .push((index, claim));
                }
                Some(_) => report.error(
                    FindingCode::UnknownReference,
                    here.field("part_of").to_string(),
                    "a claim cannot be a part of itself".to_owned(),
                ),
                None => report.error(
                    FindingCode::UnknownReference,
                    here.field("part_of").to_string(),
                    format!(
                        "claim {:?} is not among the operation's claims",
                        total_id.as_str()
                    ),
                ),
            }
        }
    }

    // In claim order, so that the report is deterministic.
    for (total_index, total) in operation.claims.iter().enumerate() {
        if let Some(parts) = parts_of.get(total.id.as_str()) {
            check_breakdown(at, total_index, total, parts, report);
        }
    }
}

fn check_breakdown(
    at: &Loc<'_>,
    total_index: usize,
    total: &Claim,
    parts: &[(usize, &Claim)],
    report: &mut Report,
) {
    let total_interval = total.quantity.interval();
    let mut comparable = Vec::new();
    for &(index, part) in parts {
        let here = at.index("claims", index);
        if part.metric != total.metric {
            report.error(
                FindingCode::BreakdownMetric,
                here.field("metric").to_string(),
                format!(
                    "a part counting {} cannot break down claim {:?}, which counts {}",
                    part.metric,
                    total.id.as_str(),
                    total.metric
                ),
            );
            continue;
        }
        if let (Some(part_area), Some(total_area)) = (part.scope.area, total.scope.area)
            && part_area.lies_within(&total_area) == Some(false)
        {
            report.error(
                FindingCode::BreakdownOutsideTotal,
                here.field("scope").field("area").to_string(),
                format!(
                    "{part_area} does not lie within {total_area}, the area of claim {:?}",
                    total.id.as_str()
                ),
            );
        }
        if let (Some(part_period), Some(total_period)) = (part.scope.period, total.scope.period)
            && !total_period.contains(&part_period)
        {
            report.error(
                FindingCode::BreakdownOutsideTotal,
                here.field("scope").field("period").to_string(),
                format!(
                    "{part_period} does not lie within {total_period}, the period of claim {:?}",
                    total.id.as_str()
                ),
            );
        }
        comparable.push((index, part));
    }
    // Parts for the same place and agency must not share a day, or the overlap is
    // counted twice. Sorted by place, agency and first day, each part need only be
    // compared with the latest-ending one before it.
    let mut dated: Vec<(usize, &Claim, Period)> = comparable
        .iter()
        .filter_map(|&(i, p)| Some((i, p, p.scope.period?)))
        .collect();
    dated.sort_by_key(|(_, p, period)| {
        (
            p.scope.area,
            p.scope.agency.clone(),
            period.first_day_number(),
        )
    });
    let mut reach: Option<(usize, &Claim, Period)> = None;
    for &(index, part, period) in &dated {
        match reach {
            Some((_, before, earlier))
                if before.scope.area == part.scope.area
                    && before.scope.agency == part.scope.agency
                    && earlier.overlaps(&period) =>
            {
                report.error(
                    FindingCode::OverlappingPeriods,
                    at.index("claims", index).field("scope").field("period").to_string(),
                    format!(
                        "{period} shares days with {earlier}, the period of claim {:?} in the same breakdown: the overlap would be counted twice",
                        before.id.as_str()
                    ),
                );
            }
            _ => {}
        }
        let same_place = reach.is_some_and(|(_, before, _)| {
            before.scope.area == part.scope.area && before.scope.agency == part.scope.agency
        });
        if !same_place
            || reach.is_none_or(|(_, _, r)| period.last_day_number() > r.last_day_number())
        {
            reach = Some((index, part, period));
        }
    }
    // `rest-of:X` is X less the other parts of the same breakdown; beside a part for
    // X itself it is empty. The parts' areas are looked up in a map, so that a large
    // breakdown takes linear time.
    let part_for: HashMap<Area, &Claim> = comparable
        .iter()
        .filter_map(|&(_, p)| Some((p.scope.area?, p)))
        .collect();
    for &(index, part) in &comparable {
        let Some(remainder) = part.scope.area.filter(Area::is_remainder) else {
            continue;
        };
        let whole = match remainder {
            Area::RestOfJurisdiction(j) => Area::Jurisdiction(j),
            Area::RestOfRegion(r) => Area::Region(r),
            other => other,
        };
        if let Some(whole_part) = part_for.get(&whole) {
            report.error(
                FindingCode::EmptyRemainder,
                at.index("claims", index).field("scope").field("area").to_string(),
                format!(
                    "{remainder} is {whole} less the other parts, but claim {:?} is a part for all of {whole}: nothing remains",
                    whole_part.id.as_str()
                ),
            );
        }
    }
    let above = |interval: Interval| {
        total_interval
            .high()
            .is_some_and(|high| interval.low() > high)
    };
    if total.metric.is_additive() {
        let sum = Interval::checked_sum(comparable.iter().map(|(_, p)| p.quantity.interval()));
        // An overflowing sum is certainly above any total that fits in a u64.
        let exceeds = sum.is_none_or(above);
        if exceeds {
            let parts_text: Vec<String> = comparable
                .iter()
                .map(|(_, p)| p.quantity.to_string())
                .collect();
            report.error(
                FindingCode::BreakdownExceedsTotal,
                at.index("claims", total_index).to_string(),
                format!(
                    "its {} parts ({}) add up to at least {}, more than the total {} allows ({})",
                    comparable.len(),
                    parts_text.join(" + "),
                    sum.map_or_else(
                        || "more than 18446744073709551615".to_owned(),
                        |s| s.low().to_string()
                    ),
                    total.quantity,
                    total_interval
                ),
            );
        }
    } else {
        for (index, part) in comparable {
            if above(part.quantity.interval()) {
                report.error(
                    FindingCode::BreakdownExceedsTotal,
                    at.index("claims", index).to_string(),
                    format!(
                        "the part {} is above the total {} of claim {:?}",
                        part.quantity,
                        total.quantity,
                        total.id.as_str()
                    ),
                );
            }
        }
    }
}

// The required order of a case's events: each pair (earlier, later).
const EVENT_ORDER: [(usize, usize); 8] = [
    (0, 1),
    (0, 3),
    (0, 4),
    (1, 2),
    (1, 3),
    (1, 4),
    (2, 4),
    (3, 4),
];
const EVENT_NAMES: [&str; 5] = ["arrested", "charged", "pleaded", "verdict", "sentenced"];

fn check_case(
    operation: &Operation,
    case: &Case,
    at: &Loc<'_>,
    options: &Options,
    report: &mut Report,
) {
    if let Some(message) = not_participant(operation, case.jurisdiction) {
        report.error(
            FindingCode::CaseNotParticipant,
            at.field("jurisdiction").to_string(),
            message,
        );
    }

    // The rules on dates look at dated events only: an undated one has no date to be
    // out of order.
    let e = &case.events;
    let dated = |event: Option<EventDate>| event.and_then(EventDate::date);
    let events = [e.arrested, e.charged, e.pleaded, e.verdict, e.sentenced].map(dated);
    for (earlier, later) in EVENT_ORDER {
        if let (Some(Some(a)), Some(Some(b))) = (events.get(earlier), events.get(later))
            && a.is_after(b)
        {
            let (name_a, name_b) = (
                EVENT_NAMES.get(earlier).unwrap_or(&""),
                EVENT_NAMES.get(later).unwrap_or(&""),
            );
            report.error(
                FindingCode::EventOrder,
                at.field("events").to_string(),
                format!("{name_a} ({a}) is after {name_b} ({b})"),
            );
        }
    }
    if let Some(started) = &operation.started {
        for (name, date) in [("arrested", e.arrested), ("charged", e.charged)] {
            if let Some(date) = dated(date).filter(|d| started.is_after(d)) {
                report.error(
                    FindingCode::BeforeOperation,
                    at.field("events").field(name),
                    format!("{name} ({date}) before the operation started ({started})"),
                );
            }
        }
    }

    // Cases usually have few charges, and then comparing pairs beats hashing; a case
    // with many is hashed, so that time stays linear.
    if case.charges.len() <= 16 {
        for (index, charge) in case.charges.iter().enumerate() {
            if case.charges.iter().take(index).any(|c| c.id == charge.id) {
                report.error(
                    FindingCode::DuplicateId,
                    at.index("charges", index),
                    format!("charge id {:?} is used twice", charge.id.as_str()),
                );
            }
        }
    } else {
        duplicates(
            case.charges.iter().map(|c| c.id.as_str()),
            "charge",
            |i| at.index("charges", i).to_string(),
            report,
        );
    }
    for (index, charge) in case.charges.iter().enumerate() {
        let here = at.index("charges", index);
        if let Some(offence_date) = &charge.offence_date {
            // Against the earliest event only, so one wrong date gives one finding.
            let later_event = [("arrested", e.arrested), ("charged", e.charged)]
                .into_iter()
                .find_map(|(name, date)| {
                    dated(date)
                        .filter(|d| offence_date.is_after(d))
                        .map(|d| (name, d))
                });
            if let Some((name, date)) = later_event {
                report.error(
                    FindingCode::EventOrder,
                    here.field("offence_date").to_string(),
                    format!("the offence ({offence_date}) is after the case was {name} ({date})"),
                );
            }
        }
        if let (Some(decided), Some(charged)) = (&charge.disposition.date, &dated(e.charged))
            && charged.is_after(decided)
        {
            report.error(
                FindingCode::EventOrder,
                here.field("disposition").field("date").to_string(),
                format!(
                    "the charge was {} ({decided}) before the case was charged ({charged})",
                    charge.disposition.outcome
                ),
            );
        }
    }

    if let Some(sentence) = &case.sentence {
        check_sentence(case, sentence, at, options, report);
    }
    privacy::check_case(case, at, options, report);
}

fn check_sentence(
    case: &Case,
    sentence: &crate::record::sentence::Sentence,
    at: &Loc<'_>,
    options: &Options,
    report: &mut Report,
) {
    let at = at.field("sentence");
    if sentence.components.is_empty() {
        report.error(
            FindingCode::EmptySentence,
            at.field("components").to_string(),
            "a sentence needs at least one component".to_owned(),
        );
    }
    let lookup = ChargeLookup::new(&case.charges);
    check_component_charges(
        &lookup,
        &sentence.components,
        &at,
        "components",
        true,
        report,
    );
    if let crate::record::sentence::SentenceStatus::VariedOnAppeal { original, .. } =
        &sentence.status
    {
        let status = at.field("status");
        check_component_charges(&lookup, original, &status, "original", false, report);
    }
    match sentence.effective_custodial_term() {
        Err(SentenceError::ConcurrencyUnstated { component }) => report.error(
            FindingCode::ConcurrencyUnstated,
            at.index("components", component).field("runs"),
            "a custodial part after the first must state whether it runs concurrent or cumulative"
                .to_owned(),
        ),
        Err(SentenceError::Overflow { component }) => report.error(
            FindingCode::TermTooLong,
            at.index("components", component).to_string(),
            format!(
                "the cumulative custodial term is longer than the longest term kept, {} years",
                crate::value::term::MAX_TERM_YEARS
            ),
        ),
        Ok(_) => {}
    }
    for (index, component) in sentence.components.iter().enumerate() {
        let here = at.index("components", index);
        check_statutory_maximum(&lookup, component, &here, options, report);
        if case.jurisdiction.country().as_str() == "NZ" {
            check_nz_limits(&component.penalty, &here, report);
        }
    }
}

fn check_component_charges(
    lookup: &ChargeLookup<'_>,
    components: &[SentenceComponent],
    at: &Loc<'_>,
    name: &'static str,
    require_conviction: bool,
    report: &mut Report,
) {
    for (index, component) in components.iter().enumerate() {
        let here = at.index(name, index);
        if component.charges.is_empty() {
            report.error(
                FindingCode::EmptySentence,
                here.field("charges").to_string(),
                "a sentence component must name the charges it is for".to_owned(),
            );
        }
        for (i, id) in component.charges.iter().enumerate() {
            match lookup.get(id) {
                None => report.error(
                    FindingCode::UnknownReference,
                    here.index("charges", i).to_string(),
                    format!("charge {:?} is not among the case's charges", id.as_str()),
                ),
                Some(charge)
                    if require_conviction && !charge.disposition.outcome.is_conviction() =>
                {
                    report.error(
                        FindingCode::SentenceUnconvictedCharge,
                        here.index("charges", i).to_string(),
                        format!(
                            "charge {:?} is {}, not convicted, so nothing can be imposed for it",
                            id.as_str(),
                            charge.disposition.outcome
                        ),
                    )
                }
                Some(_) => {}
            }
        }
    }
}

fn check_statutory_maximum(
    lookup: &ChargeLookup<'_>,
    component: &SentenceComponent,
    at: &Loc<'_>,
    options: &Options,
    report: &mut Report,
) {
    let imposed = match &component.penalty {
        Penalty::Imprisonment { term } => CustodialTerm::Determinate(*term),
        Penalty::LifeImprisonment { minimum } => CustodialTerm::Life { minimum: *minimum },
        Penalty::IndefiniteDetention { minimum } => CustodialTerm::Indefinite { minimum: *minimum },
        _ => return,
    };
    for id in &component.charges {
        let Some(charge) = lookup.get(id) else {
            continue;
        };
        let (Some(statute), Some(date)) = (&charge.offence.statute, &charge.offence_date) else {
            continue;
        };
        let Some(maximum) = options.penalties.max_imprisonment(statute, date) else {
            continue;
        };
        let problem = match (maximum, imposed) {
            (None, _) => Some("the offence carries no imprisonment".to_owned()),
            (Some(max), CustodialTerm::Determinate(term)) if term.cmp_length(&max).is_gt() => {
                Some(format!("{term} is above the maximum of {max}"))
            }
            (Some(max), CustodialTerm::Life { .. } | CustodialTerm::Indefinite { .. }) => Some(
                format!("an open-ended sentence is above the maximum of {max}"),
            ),
            _ => None,
        };
        if let Some(problem) = problem {
            report.error(
                FindingCode::AboveStatutoryMaximum,
                at.field("penalty").to_string(),
                format!(
                    "{problem} for charge {:?} under {statute} as in force on the offence date ({date})",
                    id.as_str()
                ),
            );
        }
    }
}

fn check_nz_limits(penalty: &Penalty, at: &Loc<'_>, report: &mut Report) {
    let within = |term: &Term, min: Option<Term>, max: Term| {
        min.is_none_or(|m| term.cmp_length(&m).is_ge()) && term.cmp_length(&max).is_le()
    };
    let problem = match penalty {
        Penalty::HomeDetention { term }
            if !within(term, Some(Term::days(14)), Term::months(12)) =>
        {
            Some(format!(
                "home detention of {term} is outside 14 days to 12 months (Sentencing Act 2002 s80A)"
            ))
        }
        Penalty::CommunityWork { hours } if !(40..=400).contains(hours) => Some(format!(
            "community work of {hours} hours is outside 40 to 400 hours (Sentencing Act 2002 s55)"
        )),
        Penalty::Supervision { term } if !within(term, Some(Term::months(6)), Term::months(12)) => {
            Some(format!(
                "supervision of {term} is outside 6 to 12 months (Sentencing Act 2002 s45)"
            ))
        }
        Penalty::IntensiveSupervision { term }
            if !within(term, Some(Term::months(6)), Term::months(24)) =>
        {
            Some(format!(
                "intensive supervision of {term} is outside 6 to 24 months (Sentencing Act 2002 s54B)"
            ))
        }
        Penalty::CommunityDetention { term } if !within(term, None, Term::months(6)) => Some(
            format!("community detention of {term} is above 6 months (Sentencing Act 2002 s69B)"),
        ),
        _ => None,
    };
    if let Some(problem) = problem {
        report.error(
            FindingCode::NzSentenceLimit,
            at.field("penalty").to_string(),
            problem,
        );
    }
}
