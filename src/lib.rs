//! Typed records of law-enforcement operations against online child sexual
//! exploitation and of their outcomes: operations and the referrals that started them,
//! jurisdictions, agencies, reported figures, charges, dispositions and sentences,
//! with validation that other tools can build statistics on.
//!
//! The crate holds **outcome statistics and case metadata only**: never abuse
//! material, never a hash of it, never anything that identifies a child. Defendants
//! are pseudonymous identifiers, and the types have no field for a name.
//!
//! # A first look
//!
//! ```
//! use investigation_outcomes::{Dataset, Interval, Metric, validate};
//!
//! // The bundled dataset: every published figure of Operation H.
//! let dataset = Dataset::from_json_str(include_str!("../data/operation-h.json"))?;
//! assert!(validate(&dataset).is_clean());
//!
//! let operation = &dataset.operations[0];
//! let people = operation
//!     .claims
//!     .iter()
//!     .find(|c| c.metric == Metric::PersonsIdentified)
//!     .expect("the seed article's figure");
//! assert_eq!(people.quantity.to_string(), "about 90000");
//! // "about 90,000" is stated to the nearest 10,000.
//! assert_eq!(people.quantity.interval(), Interval::new(85_000, Some(95_000))?);
//! assert_eq!(people.citation.quote, "identified about 90,000 people sharing child abuse material");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # The model at a glance
//!
//! | type | what it holds |
//! |---|---|
//! | [`Dataset`] | `schema_version` and the operations; reads and writes JSON and JSON Lines |
//! | [`Operation`] | name and [`Alias`]es, lead and partner [`Agency`]s, participating [`Jurisdiction`]s, dates, the [`Referral`] that started it, its [`Source`]s, [`Claim`]s and [`Case`]s |
//! | [`Claim`] | one reported figure: [`Metric`] (with its [`CountingUnit`]), [`Scope`] (an [`Area`] and/or an agency), [`Quantity`], "as of" date, [`Citation`], and the total it is a part of |
//! | [`Quantity`] | a figure with its qualifier ("about", "more than", "just over", "thousands"); denotes an [`Interval`] |
//! | [`Case`] | one pseudonymous [`Defendant`] in one jurisdiction: dated [`Events`], [`Charge`]s, a [`Sentence`] |
//! | [`Charge`] | an [`Offence`] ([`OffenceKind`], [`IccsCode`], optional [`StatuteRef`]), counts, offence date, [`Disposition`] |
//! | [`Sentence`] | [`SentenceComponent`]s, each a [`Penalty`] for named charges, with concurrency stated; a [`SentenceStatus`] |
//! | [`PenaltyTable`] | date-versioned [`StatutoryMaximum`]s; the NZ Films, Videos, and Publications Classification Act 1993 is bundled |
//! | [`PartialDate`] | a year, month or day, compared as the interval it covers |
//! | [`Term`] | years, months and days, as stated (`5y 2m`, ISO 8601 `P5Y2M`) |
//!
//! Every type with a rule has private fields and is built through a constructor,
//! `FromStr` or `TryFrom` that checks it; JSON goes through the same path, so an
//! invalid value cannot be read. Rules spanning several values (events in order,
//! sentences within the law, breakdowns within their totals) are checked by
//! [`validate()`], which reports every finding with a stable code and a location.
//!
//! # From records to a published table
//!
//! Data flows one way: **load → validate → aggregate / reconcile → disclosure
//! control → report**, each step a plain function over plain data.
//!
//! ```
//! use investigation_outcomes::aggregate::{GroupBy, HeaviestSentence, Summary};
//! use investigation_outcomes::disclosure::{protect, Cell, CountTable, Protection, Rounding};
//! use investigation_outcomes::reconcile::reconcile;
//! use investigation_outcomes::{Dataset, validate};
//!
//! let dataset = Dataset::from_json_str(include_str!("../data/operation-h.json"))?;
//! assert!(!validate(&dataset).has_errors());
//!
//! // Where do the sources disagree?
//! let reconciliation = reconcile(&dataset);
//! assert!(reconciliation.conflicts().count() >= 4);
//!
//! // Statistics from the case records, under a declared counting rule.
//! let summary = Summary::of(&dataset, GroupBy::country_and_offence(), &HeaviestSentence::default());
//! let funnel = summary.funnel().by_country();
//!
//! // A table of people sentenced to custody per country, protected for publication.
//! let table = CountTable::column(
//!     "sentenced to custody",
//!     funnel.iter().map(|(country, stages)| (country.to_string(), stages.sentenced_to_custody)),
//! );
//! let protection = Protection { suppress_below: Some(3), rounding: Rounding::Rr3, seed: 1, ..Protection::default() };
//! let published = protect(&table, &protection)?;
//! assert_eq!(published.cell(0, 0), Cell::Suppressed); // 2 people in Australia: too few to publish
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! | module | what it does |
//! |---|---|
//! | [`validate`](mod@validate) | the cross-value rules, every finding with a stable code and a location |
//! | [`aggregate`] | counts by any grouping with counting units, the funnel, exact sentence statistics and time to outcome, as summaries that merge exactly |
//! | [`reconcile`] | conflicts between reported figures, what breakdowns leave unattributed, case records against reported figures |
//! | [`disclosure`] | suppression and random rounding (RR3, graduated) with stable seeds |
//! | [`csv_tables`] | the dataset as eight flat CSV tables, out and back |
//! | [`synthetic`] | seeded synthetic datasets for tests and benchmarks |
//!
//! **Counting units and the principal offence.** Every count says what it counts:
//! cases, people, charges or counts of charges ([`CountingUnit`]). A person-level
//! count files each person under one charge chosen by a declared rule; the crate ships
//! the UK Ministry of Justice rule (heaviest sentence, ties broken by the highest
//! statutory maximum) as [`aggregate::HeaviestSentence`], and the rule is a parameter.
//!
//! **Quantiles** are exact and interpolate linearly between ranks, as numpy, Spark
//! and DataFusion do by default ([`aggregate::Distribution`]).
//!
//! **Conflicts.** Two figures for the same metric and scope (a period by the days it
//! covers) conflict when, dated at overlapping times, their intervals share no value,
//! or when a later figure of a cumulative metric lies entirely below an earlier one;
//! an interim count followed by a higher final one is no conflict, and a publisher
//! restating its own figure later revises it (see [`reconcile`]).
//!
//! # Reported figures are intervals
//!
//! Real reports say "about 90,000", "over 450", "just over five years", "thousands".
//! A [`Quantity`] keeps the figure as stated and gives the [`Interval`] of true values
//! it allows; sums of figures are sums of intervals ([`Interval::checked_sum`]). With
//! `p` the figure's rounding precision (stated, or the largest power of ten dividing
//! it) and `h = max(p / 2, 1)`:
//!
//! | reported | interval | example |
//! |---|---|---|
//! | `146` | exactly 146 | `[146, 146]` |
//! | `about 90000` | `[v − h, v + h]` | `[85000, 95000]` |
//! | `more than 450` | `[v + 1, ∞)` | `[451, ∞)` |
//! | `fewer than 10` | `[0, v − 1]` | `[0, 9]` |
//! | `almost 1400` | `[v − h, v − 1]` | `[1350, 1399]` |
//! | `just over 60 (precision 12)` | `[v + 1, v + h]` | `[61, 66]` months: "just over five years" |
//! | `between 10 and 20` | `[a, b]` | `[10, 20]` |
//! | `thousands` | at least two of the unit | `[2000, ∞)` |
//!
//! The full table, with `at least`, `at most` and every magnitude word, is on
//! [`Quantity`]. Figures from different sources may disagree: loading never rejects
//! that, and [`reconcile`] reports it.
//!
//! # The JSON format
//!
//! ```json
//! {"schema_version": 1, "operations": [{
//!   "id": "operation-h", "name": "Operation H", "participants": ["NZ", "AU"],
//!   "started": "2019-10",
//!   "sources": [{"id": "rnz", "publisher": "RNZ", "title": "…", "published": "2022-03-02"}],
//!   "claims": [{"id": "nz-arrests", "metric": "arrests", "scope": {"area": "NZ"},
//!               "quantity": 46, "as_of": "2022-03-02",
//!               "citation": {"source": "rnz", "quote": "Forty-six people have been arrested here"}}],
//!   "cases": [{"id": "c1", "jurisdiction": "AU-VIC", "defendant": {"id": "d1", "age_band": "45-49"},
//!              "events": {"sentenced": "2021-06"},
//!              "charges": [{"id": "c1", "offence": {"kind": "other", "iccs": "030221"}, "counts": 1,
//!                           "disposition": {"outcome": "convicted"}}],
//!              "sentence": {"components": [{"penalty": {"kind": "imprisonment", "term": "3y"},
//!                                           "charges": ["c1"]}], "status": "final"}}]
//! }]}
//! ```
//!
//! The format is described field by field, with a complete example, in
//! [`guide::format`] (`docs/format.md` in the package), and as a JSON Schema in
//! `schema/dataset.schema.json`. It is the serde form of the types above, documented on
//! each. It is strict: unknown fields are rejected, every value is checked, and an
//! error names the line, column and what was wrong. Text forms (jurisdictions,
//! dates, quantities, terms, code lists) are the types' `Display` forms. Optional
//! fields are omitted when empty, so whatever loads saves back equal, to the byte
//! when it was written by this crate. A newer `schema_version` is refused.
//!
//! # Features
//!
//! - `proptest`: the module `arbitrary`, proptest strategies for every type, for testing code
//!   that consumes datasets.
//! - `json-schema`: the module `json_schema`, the JSON Schema of the dataset format
//!   (also committed as `schema/dataset.schema.json`).
//! - `parquet`: the module `parquet_tables`, the CSV tables as typed Parquet files
//!   (arrow-rs), for DuckDB, Polars, Spark and DataFusion.
//!
//! # Minimum supported Rust version
//!
//! Rust 1.88.

#![forbid(unsafe_code)]
#![doc(test(attr(deny(warnings))))]
// docs.rs marks what needs a feature.
#![cfg_attr(docsrs, feature(doc_cfg))]

mod analysis;
mod io;
mod record;
mod util;
mod value;

// The unit tests use the strategies too (proptest is a dev-dependency).
#[cfg(any(test, feature = "proptest"))]
#[cfg_attr(docsrs, doc(cfg(feature = "proptest")))]
pub mod arbitrary;
mod error;
pub mod guide;
pub mod synthetic;

#[cfg(feature = "html")]
#[cfg_attr(docsrs, doc(cfg(feature = "html")))]
pub use analysis::html;
pub use analysis::{aggregate, deidentify, disclosure, reconcile, report, validate};
pub use io::csv_tables;
#[cfg(feature = "json-schema")]
#[cfg_attr(docsrs, doc(cfg(feature = "json-schema")))]
pub use io::json_schema;
#[cfg(feature = "parquet")]
#[cfg_attr(docsrs, doc(cfg(feature = "parquet")))]
pub use io::parquet_tables;

/// The date library whose [`NaiveDate`](chrono::NaiveDate) is in this crate's API,
/// re-exported so that users build dates with the same version.
pub use chrono;
pub use error::{Error, JsonError};
pub use io::dataset::{DEFAULT_MAX_RECORD_BYTES, Dataset, SCHEMA_VERSION};
pub use io::json_lines::{LineChunk, OperationLines};
pub use record::agency::{Agency, AgencyKind};
pub use record::case::{Case, CitedBy, Events};
pub use record::charge::{Charge, Disposition, Outcome, ZeroCountsError};
pub use record::charge_ids::ChargeIds;
pub use record::claim::{Claim, Scope};
pub use record::defendant::{AgeBand, AgeBandError, Defendant};
pub use record::offence::{Offence, OffenceKind};
pub use record::operation::{Alias, Operation};
pub use record::penalty::{NZ_FVPCA, PenaltyTable, StatutoryMaximum};
pub use record::referral::{Referral, ReferralKind};
pub use record::sentence::{
    CustodialTerm, Penalty, PenaltyKind, ReleaseLength, Runs, Sentence, SentenceComponent,
    SentenceError, SentenceStatus,
};
pub use record::source::{Citation, Source};
pub use record::statute::StatuteRef;
pub use validate::validate;
pub use value::area::{Area, AreaError};
pub use value::code_list::CodeError;
pub use value::date::{DateError, DatePrecision, DateRelation, PartialDate};
pub use value::event_date::EventDate;
pub use value::iccs::{IccsCode, IccsError, IccsLevel};
pub use value::id::{
    AgencyId, CaseId, ChargeId, ClaimId, DefendantId, IdError, OperationId, SourceId,
};
pub use value::interval::{Interval, IntervalError};
pub use value::jurisdiction::{Jurisdiction, JurisdictionError, all_jurisdiction_codes};
pub use value::metric::{CountingUnit, Metric, MetricExtension};
pub use value::money::{Currency, CurrencyError, Money};
pub use value::period::{Period, PeriodError};
pub use value::quantity::{Magnitude, Qualifier, Quantity, QuantityError};
pub use value::region::{Region, RegionError};
pub use value::term::{LengthUnit, MAX_TERM_YEARS, TERM_UNITS_PER_DAY, Term, TermError};

/// The README's short example, run with the doctests. The README shows it without
/// the last line, which lets `?` work in a doctest; `tests/readme.rs` keeps the two
/// the same.
///
/// ```
/// use investigation_outcomes::aggregate::{GroupBy, HeaviestSentence, Summary};
/// use investigation_outcomes::{Dataset, Interval, LengthUnit, Metric, validate};
///
/// // The bundled dataset; `Dataset::from_path` reads your own.
/// let dataset = Dataset::operation_h()?;
/// assert!(!validate(&dataset).has_errors());
///
/// for claim in &dataset.operations[0].claims {
///     if claim.metric == Metric::PersonsIdentified {
///         // "about 90,000" is stated to the nearest 10,000.
///         assert_eq!(claim.quantity.interval(), Interval::new(85_000, Some(95_000))?);
///     }
/// }
///
/// let summary = Summary::of(&dataset, GroupBy::one_group(), &HeaviestSentence::default());
/// assert_eq!(summary.sentences().median(LengthUnit::Months), Some(24.0));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[cfg(doctest)]
struct ReadmeExample;
