//! One self-contained HTML page a person reads: the findings first (validation,
//! conflicts and revisions, sources that contradict themselves, breakdowns, case
//! records against the figures), then the yearly series as charts, what the case
//! records give under disclosure control, and every operation with every reported
//! figure, its source and its quote (feature `html`).
//!
//! The page needs nothing beyond itself: the style and the charts (SVG) are inline,
//! there is no script, font or image to fetch, and it prints. Every text that comes
//! from a dataset is escaped by the template engine ([maud]); an address becomes a
//! link only when it is `http:` or `https:`, so `javascript:` and the like stay text.
//! Charts carry a text alternative and their figures in a table.
//!
//! **Size.** With more operations than [`PageOptions::detail_limit`], each operation
//! is one row of an index rather than a section of its own, and each list of findings
//! shows at most [`PageOptions::findings_limit`] entries and says how many more there
//! are: the page grows by a few hundred bytes an operation, in time linear in the
//! dataset.
//!
//! # Example
//!
//! ```
//! use investigation_outcomes::Dataset;
//! use investigation_outcomes::html::{PageOptions, page};
//!
//! let html = page(&Dataset::operation_h()?, &PageOptions::default())?;
//! assert!(html.starts_with("<!DOCTYPE html>"));
//! assert!(html.contains("153 children"));
//! # Ok::<(), investigation_outcomes::Error>(())
//! ```

mod charts;

use std::collections::BTreeMap;

use maud::{DOCTYPE, Markup, PreEscaped, html};

use crate::analysis::aggregate::{GroupBy, HeaviestSentence, Summary};
use crate::analysis::disclosure::{Protection, ProtectionError};
use crate::analysis::reconcile::{ClaimRef, ConflictKind, FigureGroup, Reconciliation, reconcile};
use crate::analysis::report::{Section, StatisticsRule, SummaryReport, Unit};
use crate::analysis::validate::{Report, Severity, validate};
use crate::io::dataset::Dataset;
use crate::record::claim::{Claim, Scope};
use crate::record::operation::Operation;
use crate::record::source::Source;
use crate::value::interval::Interval;

/// What the page shows, and how the case records' figures are protected.
#[derive(Clone, Debug)]
pub struct PageOptions {
    /// The disclosure control of the figures from case records, as `summary`'s.
    pub protection: Protection,
    /// The statistics rule, as `summary`'s.
    pub statistics: StatisticsRule,
    /// How the case records' counts are grouped.
    pub group_by: GroupBy,
    /// The most operations shown each in a section of its own, with every figure;
    /// beyond, each is a row of an index.
    pub detail_limit: usize,
    /// The most entries of each list of findings.
    pub findings_limit: usize,
}

impl Default for PageOptions {
    /// No disclosure control, one group, 50 operations in detail, 500 findings a list.
    fn default() -> Self {
        Self {
            protection: Protection::default(),
            statistics: StatisticsRule::default(),
            group_by: GroupBy::one_group(),
            detail_limit: 50,
            findings_limit: 500,
        }
    }
}

const STYLE: &str = include_str!("style.css");

/// The page for a dataset.
///
/// # Errors
///
/// [`ProtectionError`] when the figures from case records cannot be protected as
/// asked (as `outcomes summary` would refuse them): nothing is published then.
pub fn page(dataset: &Dataset, options: &PageOptions) -> Result<String, ProtectionError> {
    let validation = validate(dataset);
    let reconciliation = reconcile(dataset);
    let summary = Summary::of(dataset, options.group_by, &HeaviestSentence::default());
    let report =
        SummaryReport::with_statistics(&summary, &options.protection, &options.statistics)?;
    let page = Page {
        dataset,
        options,
        validation: &validation,
        reconciliation: &reconciliation,
        report: &report,
    };
    Ok(page.render().into_string())
}

struct Page<'a> {
    dataset: &'a Dataset,
    options: &'a PageOptions,
    validation: &'a Report,
    reconciliation: &'a Reconciliation,
    report: &'a SummaryReport,
}

impl Page<'_> {
    fn title(&self) -> String {
        let names: Vec<&str> = self
            .dataset
            .operations
            .iter()
            .take(3)
            .map(|o| o.name.as_str())
            .collect();
        let more = self.dataset.operations.len().saturating_sub(names.len());
        match (names.is_empty(), more) {
            (true, _) => "Investigation outcomes".to_owned(),
            (false, 0) => format!("Investigation outcomes: {}", names.join(", ")),
            (false, n) => format!("Investigation outcomes: {} and {n} more", names.join(", ")),
        }
    }

    fn render(&self) -> Markup {
        let operations = &self.dataset.operations;
        let claims: usize = operations.iter().map(|o| o.claims.len()).sum();
        let cases: usize = operations.iter().map(|o| o.cases.len()).sum();
        html! {
            (DOCTYPE)
            html lang="en" {
                head {
                    meta charset="utf-8";
                    meta name="viewport" content="width=device-width, initial-scale=1";
                    title { (self.title()) }
                    style { (PreEscaped(STYLE)) }
                }
                body {
                    header {
                        h1 { (self.title()) }
                        p {
                            (count(operations.len(), "operation")) ", "
                            (count(claims, "reported figure")) ", "
                            (count(cases, "case record")) "."
                        }
                    }
                    nav aria-label="Contents" {
                        ol {
                            li { a href="#findings" { "Findings" } }
                            li { a href="#series" { "Yearly series" } }
                            li { a href="#case-records" { "From case records" } }
                            li { a href="#operations" { "Operations and every reported figure" } }
                        }
                    }
                    main {
                        (self.findings())
                        (self.series())
                        (self.case_records())
                        (self.operations())
                    }
                }
            }
        }
    }

    /// A list cut at the findings limit, saying how many more there are.
    fn capped<T>(&self, items: &[T], each: impl Fn(&T) -> Markup) -> Markup {
        let limit = self.options.findings_limit;
        html! {
            @for item in items.iter().take(limit) { (each(item)) }
            @if items.len() > limit {
                p.more { (items.len() - limit) " more not shown: run " code { "outcomes reconcile" } " for all." }
            }
        }
    }

    fn findings(&self) -> Markup {
        let validation = self.validation;
        let errors = validation.errors().count();
        let warnings = validation.warnings().count();
        let groups = self.reconciliation.groups();
        let conflicts: Vec<(&FigureGroup, crate::analysis::reconcile::ConflictRef<'_>)> =
            self.reconciliation.conflicts().collect();
        let contradictions: Vec<_> = groups
            .iter()
            .flat_map(|g| g.self_contradictions.iter().map(move |s| (g, s)))
            .collect();
        let breakdowns = self.reconciliation.breakdowns();
        let checks = self.reconciliation.case_checks();
        html! {
            section #findings {
                h2 { "Findings" }
                h3 { "Validation" }
                @if validation.is_clean() {
                    p.ok { "The data passes every validation rule." }
                } @else {
                    p class=(if errors > 0 { "bad" } else { "warn" }) {
                        (count(errors, "error")) " and " (count(warnings, "warning")) "."
                        @if errors > 0 { " Figures made from data with errors may be wrong." }
                    }
                    ul.findings {
                        (self.capped(validation.findings(), |f| html! {
                            li class=(if f.severity == Severity::Error { "bad" } else { "warn" }) {
                                strong { (f.severity) " " (f.code) } " at " code { (f.location) } ": " (f.message)
                            }
                        }))
                    }
                }

                h3 { "Sources that disagree, and revisions (" (conflicts.len()) ")" }
                @if conflicts.is_empty() {
                    p { "No two sources conflict." }
                } @else {
                    (self.capped(&conflicts, |(group, conflict)| html! {
                        article.conflict {
                            h4 {
                                (conflict_kind(conflict.kind)) ": " (group.metric) ", " (scope_text(&group.scope))
                                " (" (group.operation) ")"
                            }
                            @if conflict.kind == ConflictKind::Revision {
                                p { "Revised from " (conflict.first.quantity) " to " (conflict.second.quantity) " by the same publisher." }
                            }
                            div.pair {
                                (self.claim_card(group, conflict.first))
                                (self.claim_card(group, conflict.second))
                            }
                        }
                    }))
                }

                h3 { "Sources that contradict themselves (" (contradictions.len()) ")" }
                @if contradictions.is_empty() {
                    p { "No source gives two figures for the same thing that cannot both be right." }
                } @else {
                    (self.capped(&contradictions, |(group, contradiction)| html! {
                        article.conflict {
                            h4 { (group.metric) ", " (scope_text(&group.scope)) " (" (group.operation) ")" }
                            div.pair {
                                @for &i in &contradiction.claims {
                                    @if let Some(claim) = group.claims.get(i) { (self.claim_card(group, claim)) }
                                }
                            }
                        }
                    }))
                }

                h3 { "Breakdowns (" (breakdowns.len()) ")" }
                @if breakdowns.is_empty() {
                    p { "No figure is broken down into parts." }
                } @else {
                    table {
                        caption { "Each total against the sum of its parts; the bar shows what the parts leave unattributed." }
                        thead { tr { th scope="col" { "total" } th scope="col" { "parts" } th scope="col" { "parts add up to" } th scope="col" { "unattributed" } th scope="col" { "status" } th scope="col" { "" } } }
                        tbody {
                            (self.capped(breakdowns, |b| html! {
                                tr {
                                    td { (b.total.quantity) " " span.id { (b.total.claim) } br; q { (b.total.quote) } }
                                    td.num { (b.parts.len()) }
                                    td { (b.parts_sum.map_or_else(|| "too large".to_owned(), |s| s.to_string())) }
                                    td { (b.residual.map_or_else(|| "-".to_owned(), |r| r.to_string())) }
                                    td { (b.status) }
                                    td { (charts::breakdown_bar(b.total.interval, b.parts_sum, b.residual)) }
                                }
                            }))
                        }
                    }
                }

                h3 { "Case records against reported figures (" (checks.len()) ")" }
                @if checks.is_empty() {
                    p { "No reported figure could be checked against case records." }
                } @else {
                    table {
                        thead { tr { th scope="col" { "reported" } th scope="col" { "from case records" } th scope="col" { "status" } } }
                        tbody {
                            (self.capped(checks, |c| html! {
                                tr {
                                    td { (c.claim.quantity) " " (c.metric) " " span.id { (c.claim.claim) } br; q { (c.claim.quote) } }
                                    td { (c.from_cases) }
                                    td { (c.status) }
                                }
                            }))
                        }
                    }
                }
                @for none in self.reconciliation.no_records().iter().take(self.options.findings_limit) {
                    p {
                        "Not checked, no case records "
                        @match none.area { Some(area) => { "in " (area) " (" (area.name()) ")" }, None => { "in " (none.operation) } }
                        ": " (none.claims.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(", ")) "."
                    }
                }
                @let participants = self.reconciliation.participant_checks();
                @if !participants.is_empty() {
                    h3 { "Reported numbers of countries against the participants listed" }
                    ul {
                        @for p in participants.iter().take(self.options.findings_limit) {
                            li { (p.operation) ": " (p.quantity) " reported, " (p.listed) " listed: " (p.status) }
                        }
                    }
                }
            }
        }
    }

    /// A claim with its source (publisher, title, date, link) and its quote.
    fn claim_card(&self, group: &FigureGroup, claim: &ClaimRef) -> Markup {
        let source = self
            .dataset
            .operations
            .iter()
            .find(|o| o.id == group.operation)
            .and_then(|o| o.source(&claim.source));
        html! {
            div.claim {
                p.figure { (claim.quantity) }
                p.interval { "allows " (interval_text(claim.interval)) }
                (quote(&claim.quote, claim.paraphrase))
                p.source { (source_line(source, &claim.source.to_string())) }
            }
        }
    }

    fn series(&self) -> Markup {
        // Figures with a reporting period, by operation, metric, area and agency.
        type Key<'a> = (&'a str, String, String);
        let mut series: BTreeMap<Key<'_>, Vec<&FigureGroup>> = BTreeMap::new();
        for group in self.reconciliation.groups() {
            if group.scope.period.is_some() {
                let mut scope = group.scope.clone();
                scope.period = None;
                series
                    .entry((
                        group.operation.as_str(),
                        group.metric.to_string(),
                        scope_text(&scope),
                    ))
                    .or_default()
                    .push(group);
            }
        }
        html! {
            section #series {
                h2 { "Yearly series" }
                @if series.is_empty() {
                    p { "No figure is given for a reporting period." }
                }
                @for ((operation, metric, scope), groups) in series.iter().take(self.options.findings_limit) {
                    figure {
                        figcaption { (metric) ", " (scope) " (" (operation) "): every source's figure and the interval it allows, by period" }
                        (charts::series_chart(&format!("{metric}, {scope}"), groups))
                        table {
                            thead { tr { th scope="col" { "period" } th scope="col" { "figure" } th scope="col" { "allows" } th scope="col" { "source" } } }
                            tbody {
                                @for group in groups {
                                    @for claim in &group.claims {
                                        tr {
                                            td { (claim.period.map(|p| p.to_string()).unwrap_or_default()) }
                                            td { (claim.quantity) }
                                            td { (interval_text(claim.interval)) }
                                            td { (claim.publisher.as_deref().unwrap_or(claim.source.as_str())) " " (claim.dated.map(|d| d.to_string()).unwrap_or_default()) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    fn case_records(&self) -> Markup {
        let report = self.report;
        let funnel: Vec<_> = report.rows_in(Section::Funnel, Unit::Person).collect();
        let histogram: Vec<_> = report.rows_in(Section::Histogram, Unit::Person).collect();
        let cases: usize = self.dataset.operations.iter().map(|o| o.cases.len()).sum();
        if cases == 0 {
            return html! {
                section #case-records {
                    h2 { "From case records" }
                    p { "The dataset holds no case records." }
                }
            };
        }
        html! {
            section #case-records {
                h2 { "From case records" }
                p.audit { "Disclosure control: " (self.options.protection) ". " (report.audit_statement()) "." }
                figure {
                    figcaption { "People at each stage, all countries" }
                    (charts::bar_chart("People at each stage, all countries", &report.funnel))
                }
                figure {
                    figcaption { "Determinate custodial terms" }
                    (charts::bar_chart("Determinate custodial terms", &report.histogram))
                }
                @for (title, rows) in [("The funnel by country", &funnel), ("Custodial terms", &histogram)] {
                    @if !rows.is_empty() {
                        table {
                            caption { (title) }
                            thead { tr { th scope="col" { "group" } th scope="col" { "measure" } th scope="col" { "people" } } }
                            tbody {
                                @for row in rows.iter() {
                                    tr {
                                        td { (row.group) }
                                        td { (row.measure.replace('_', " ")) }
                                        td.num {
                                            @match row.value {
                                                Some(v) => { (v) }
                                                None if row.suppressed => { abbr title="withheld to protect small counts" { "S" } }
                                                None => { "-" }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    fn operations(&self) -> Markup {
        let operations = &self.dataset.operations;
        let detailed = operations.len() <= self.options.detail_limit;
        html! {
            section #operations {
                h2 { "Operations and every reported figure" }
                @if detailed {
                    @for operation in operations { (operation_section(operation)) }
                } @else {
                    p { (operations.len()) " operations: one row each (more than " (self.options.detail_limit)
                        " are not shown in detail; make a page of one operation for its figures)." }
                    table {
                        thead { tr { th scope="col" { "operation" } th scope="col" { "participants" } th scope="col" { "reported figures" } th scope="col" { "case records" } } }
                        tbody {
                            @for operation in operations {
                                tr {
                                    td { (operation.name) " " span.id { (operation.id) } }
                                    td { (operation.participants.iter().map(|p| p.to_string()).collect::<Vec<_>>().join(", ")) }
                                    td.num { (operation.claims.len()) }
                                    td.num { (operation.cases.len()) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn operation_section(operation: &Operation) -> Markup {
    let agency = |id: &crate::value::id::AgencyId| {
        operation
            .agency(id)
            .map_or_else(|| id.to_string(), |a| format!("{} ({})", a.name, a.id))
    };
    // Figures by metric and scope, in claim order.
    let mut figures: BTreeMap<(String, String), Vec<&Claim>> = BTreeMap::new();
    for claim in &operation.claims {
        figures
            .entry((claim.metric.to_string(), scope_text(&claim.scope)))
            .or_default()
            .push(claim);
    }
    html! {
        article.operation {
            h3 { (operation.name) " " span.id { (operation.id) } }
            dl {
                @if !operation.aliases.is_empty() {
                    dt { "Also known as" }
                    dd { @for alias in &operation.aliases { (alias.name) " in " (alias.jurisdiction.name()) " (" (alias.jurisdiction) "). " } }
                }
                @if let Some(lead) = &operation.lead_agency { dt { "Led by" } dd { (agency(lead)) } }
                @if !operation.partner_agencies.is_empty() {
                    dt { "Partners" }
                    dd { (operation.partner_agencies.iter().map(&agency).collect::<Vec<_>>().join("; ")) }
                }
                @if !operation.participants.is_empty() {
                    dt { "Participants named" }
                    dd { (operation.participants.iter().map(|p| format!("{} ({p})", p.name())).collect::<Vec<_>>().join(", ")) }
                }
                @for (label, date) in [("Started", operation.started), ("Ended", operation.ended), ("Announced", operation.announced)] {
                    @if let Some(date) = date { dt { (label) } dd { (date) } }
                }
                @if let Some(referral) = &operation.referral {
                    dt { "Started by a referral" }
                    dd {
                        (referral.kind.to_string().replace('_', " "))
                        @if let Some(from) = &referral.from { " from " (agency(from)) }
                        @if let Some(received) = referral.received { ", received " (received) }
                    }
                }
            }
            @for ((metric, scope), claims) in &figures {
                table.figures {
                    caption { (metric.replace('_', " ")) ", " (scope) }
                    thead { tr { th scope="col" { "figure" } th scope="col" { "allows" } th scope="col" { "source" } th scope="col" { "in its words" } } }
                    tbody {
                        @for claim in claims {
                            tr {
                                td { (claim.quantity) @if claim.interim { " (interim)" } }
                                td { (interval_text(claim.quantity.interval())) }
                                td { (source_line(operation.source(&claim.citation.source), claim.citation.source.as_str())) }
                                td { (quote(&claim.citation.quote, claim.citation.paraphrase)) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The source as a reader cites it: publisher, title, date, and a link when its
/// address is a web address.
fn source_line(source: Option<&Source>, id: &str) -> Markup {
    let Some(source) = source else {
        return html! { "source " (id) " (not listed)" };
    };
    let publisher = source.attribution().unwrap_or_else(|| id.to_owned());
    html! {
        (publisher)
        @if let Some(title) = &source.title { ", " cite { (title) } }
        ", " (source.published)
        @if let Some(url) = source.url.as_deref() {
            @match safe_href(url) {
                Some(href) => { " " a href=(href) rel="noreferrer" { "(link)" } },
                None => { " (address: " code { (url) } ")" },
            }
        }
    }
}

/// A quote in quotation marks, or a paraphrase marked as one.
fn quote(text: &str, paraphrase: bool) -> Markup {
    html! {
        @if paraphrase {
            p.quote { em { "Paraphrase: " } (text) }
        } @else {
            blockquote.quote { q { (text) } }
        }
    }
}

/// An address fit for a link: `http:` or `https:` only.
fn safe_href(url: &str) -> Option<&str> {
    let url = url.trim();
    let scheme = url.split_once(':').map(|(s, _)| s.to_ascii_lowercase());
    matches!(scheme.as_deref(), Some("http" | "https"))
        .then_some(url)
        .filter(|u| !u.chars().any(char::is_whitespace))
}

fn conflict_kind(kind: ConflictKind) -> &'static str {
    match kind {
        ConflictKind::Disagreement => "Disagreement",
        ConflictKind::Decrease => "Decrease",
        ConflictKind::Revision => "Revision",
    }
}

fn scope_text(scope: &Scope) -> String {
    let mut parts = Vec::new();
    if let Some(area) = scope.area {
        parts.push(format!("{} ({area})", area.name()));
    }
    if let Some(agency) = &scope.agency {
        parts.push(format!("agency {agency}"));
    }
    if let Some(period) = scope.period {
        parts.push(period.to_string());
    }
    if parts.is_empty() {
        "the whole operation".to_owned()
    } else {
        parts.join(", ")
    }
}

fn interval_text(interval: Interval) -> String {
    match interval.high() {
        Some(high) if high == interval.low() => high.to_string(),
        Some(high) => format!("{} to {high}", interval.low()),
        None => format!("{} or more", interval.low()),
    }
}

fn count(n: usize, noun: &str) -> String {
    crate::util::count(n as u64, noun)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_addresses_become_links() {
        assert_eq!(
            safe_href("https://example.org/a?b=1"),
            Some("https://example.org/a?b=1")
        );
        assert_eq!(
            safe_href(" HTTP://example.org "),
            Some("HTTP://example.org")
        );
        for hostile in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:x",
            "//example.org",
            "example.org",
            "https://exa mple.org",
        ] {
            assert_eq!(safe_href(hostile), None, "{hostile}");
        }
    }
}
