//! Sentences: their components, how custodial parts combine, and their status.

use crate::record::with;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::record::charge_ids::ChargeIds;
use crate::record::source::Citation;
use crate::value::code_list::code_list;
use crate::value::date::PartialDate;
use crate::value::id::ChargeId;
use crate::value::money::Currency;
use crate::value::money::Money;
use crate::value::term::Term;
use crate::value::term::TermError;

/// One part of a sentence: a term of imprisonment, a fine, hours of community work.
///
/// In JSON a penalty is an object tagged by `kind`:
/// `{"kind": "imprisonment", "term": "3y"}`, `{"kind": "community_work", "hours": 200}`.
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[derive(Clone, PartialEq, Eq, Hash, Debug, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum Penalty {
    /// A determinate term of imprisonment.
    Imprisonment {
        /// The term.
        term: Term,
    },
    /// Life imprisonment, with the minimum period before parole when one is set.
    LifeImprisonment {
        /// The minimum period of imprisonment.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        minimum: Option<Term>,
    },
    /// Indefinite detention: NZ preventive detention, German Sicherungsverwahrung.
    IndefiniteDetention {
        /// The minimum period of imprisonment.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        minimum: Option<Term>,
    },
    /// Home detention.
    HomeDetention {
        /// The term.
        term: Term,
    },
    /// Community detention (a curfew).
    CommunityDetention {
        /// The term.
        term: Term,
    },
    /// Intensive supervision.
    IntensiveSupervision {
        /// The term.
        term: Term,
    },
    /// Supervision (probation).
    Supervision {
        /// The term.
        term: Term,
    },
    /// Community work.
    CommunityWork {
        /// Hours of work.
        hours: u32,
    },
    /// A fine.
    Fine {
        /// The amount, in whole units of the currency.
        amount: u64,
        /// The currency.
        currency: Currency,
    },
    /// Supervised release after custody, for a term or for life.
    SupervisedRelease {
        /// How long.
        length: ReleaseLength,
    },
    /// A term of imprisonment suspended on conditions.
    SuspendedImprisonment {
        /// The term that would be served.
        term: Term,
        /// How long the suspension runs, when stated.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        operational_period: Option<Term>,
    },
    /// Conviction and discharge (NZ Sentencing Act 2002 s108).
    Discharge,
    /// Anything else, described.
    Other {
        /// What was ordered.
        description: String,
    },
}

impl Penalty {
    /// The kind of penalty, without its details.
    pub fn kind(&self) -> PenaltyKind {
        match self {
            Penalty::Imprisonment { .. } => PenaltyKind::Imprisonment,
            Penalty::LifeImprisonment { .. } => PenaltyKind::LifeImprisonment,
            Penalty::IndefiniteDetention { .. } => PenaltyKind::IndefiniteDetention,
            Penalty::HomeDetention { .. } => PenaltyKind::HomeDetention,
            Penalty::CommunityDetention { .. } => PenaltyKind::CommunityDetention,
            Penalty::IntensiveSupervision { .. } => PenaltyKind::IntensiveSupervision,
            Penalty::Supervision { .. } => PenaltyKind::Supervision,
            Penalty::CommunityWork { .. } => PenaltyKind::CommunityWork,
            Penalty::Fine { .. } => PenaltyKind::Fine,
            Penalty::SupervisedRelease { .. } => PenaltyKind::SupervisedRelease,
            Penalty::SuspendedImprisonment { .. } => PenaltyKind::SuspendedImprisonment,
            Penalty::Discharge => PenaltyKind::Discharge,
            Penalty::Other { .. } => PenaltyKind::Other,
        }
    }

    /// Whether the penalty is served in custody: imprisonment, life imprisonment or
    /// indefinite detention (home detention and suspended terms are not).
    pub fn is_custodial(&self) -> bool {
        self.kind().is_custodial()
    }

    /// The fine, for a fine.
    pub fn fine(&self) -> Option<Money> {
        match self {
            Penalty::Fine { amount, currency } => Some(Money {
                amount: *amount,
                currency: *currency,
            }),
            _ => None,
        }
    }
}

/// Every field any penalty has, read in whatever order they come.
///
/// serde's derived reading of an internally tagged enum buffers each object until it
/// has found the tag. A field's type here does not depend on the kind, so the object
/// is read straight into this, and the kind then says which fields it may have.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PenaltyFields {
    pub(crate) kind: PenaltyKind,
    pub(crate) term: Option<Term>,
    pub(crate) minimum: Option<Term>,
    pub(crate) hours: Option<u32>,
    pub(crate) amount: Option<u64>,
    pub(crate) currency: Option<Currency>,
    pub(crate) length: Option<ReleaseLength>,
    pub(crate) operational_period: Option<Term>,
    pub(crate) description: Option<String>,
}

impl PenaltyFields {
    /// The fields given, by name, for saying which one a kind does not have.
    fn given(&self) -> impl Iterator<Item = &'static str> {
        [
            ("term", self.term.is_some()),
            ("minimum", self.minimum.is_some()),
            ("hours", self.hours.is_some()),
            ("amount", self.amount.is_some()),
            ("currency", self.currency.is_some()),
            ("length", self.length.is_some()),
            ("operational_period", self.operational_period.is_some()),
            ("description", self.description.is_some()),
        ]
        .into_iter()
        .filter_map(|(name, given)| given.then_some(name))
    }

    /// The penalty of the kind read, or the error for a field it does not have or
    /// a field it needs.
    pub(crate) fn into_penalty<E: serde::de::Error>(self) -> Result<Penalty, E> {
        let kind = self.kind;
        let allowed: &'static [&'static str] = match kind {
            PenaltyKind::Imprisonment
            | PenaltyKind::HomeDetention
            | PenaltyKind::CommunityDetention
            | PenaltyKind::IntensiveSupervision
            | PenaltyKind::Supervision => &["term"],
            PenaltyKind::LifeImprisonment | PenaltyKind::IndefiniteDetention => &["minimum"],
            PenaltyKind::CommunityWork => &["hours"],
            PenaltyKind::Fine => &["amount", "currency"],
            PenaltyKind::SupervisedRelease => &["length"],
            PenaltyKind::SuspendedImprisonment => &["term", "operational_period"],
            PenaltyKind::Discharge => &[],
            PenaltyKind::Other => &["description"],
        };
        if let Some(stray) = self.given().find(|name| !allowed.contains(name)) {
            return Err(E::custom(format_args!(
                "unknown field `{stray}` for a penalty of kind {kind}, expected {}",
                match allowed {
                    [] => "no fields besides `kind`".to_owned(),
                    _ => allowed
                        .iter()
                        .map(|name| format!("`{name}`"))
                        .collect::<Vec<_>>()
                        .join(" or "),
                }
            )));
        }
        fn required<T, E: serde::de::Error>(value: Option<T>, name: &'static str) -> Result<T, E> {
            value.ok_or_else(|| E::missing_field(name))
        }
        Ok(match kind {
            PenaltyKind::Imprisonment => Penalty::Imprisonment {
                term: required(self.term, "term")?,
            },
            PenaltyKind::LifeImprisonment => Penalty::LifeImprisonment {
                minimum: self.minimum,
            },
            PenaltyKind::IndefiniteDetention => Penalty::IndefiniteDetention {
                minimum: self.minimum,
            },
            PenaltyKind::HomeDetention => Penalty::HomeDetention {
                term: required(self.term, "term")?,
            },
            PenaltyKind::CommunityDetention => Penalty::CommunityDetention {
                term: required(self.term, "term")?,
            },
            PenaltyKind::IntensiveSupervision => Penalty::IntensiveSupervision {
                term: required(self.term, "term")?,
            },
            PenaltyKind::Supervision => Penalty::Supervision {
                term: required(self.term, "term")?,
            },
            PenaltyKind::CommunityWork => Penalty::CommunityWork {
                hours: required(self.hours, "hours")?,
            },
            PenaltyKind::Fine => Penalty::Fine {
                amount: required(self.amount, "amount")?,
                currency: required(self.currency, "currency")?,
            },
            PenaltyKind::SupervisedRelease => Penalty::SupervisedRelease {
                length: required(self.length, "length")?,
            },
            PenaltyKind::SuspendedImprisonment => Penalty::SuspendedImprisonment {
                term: required(self.term, "term")?,
                operational_period: self.operational_period,
            },
            PenaltyKind::Discharge => Penalty::Discharge,
            PenaltyKind::Other => Penalty::Other {
                description: required(self.description, "description")?,
            },
        })
    }
}

impl<'de> Deserialize<'de> for Penalty {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        PenaltyFields::deserialize(deserializer)?.into_penalty()
    }
}

code_list! {
    /// The kind of a [`Penalty`], as its JSON `kind` tag spells it.
    #[non_exhaustive]
    pub enum PenaltyKind : "penalty kind" {
        /// See [`Penalty::Imprisonment`].
        Imprisonment = "imprisonment",
        /// See [`Penalty::LifeImprisonment`].
        LifeImprisonment = "life_imprisonment",
        /// See [`Penalty::IndefiniteDetention`].
        IndefiniteDetention = "indefinite_detention",
        /// See [`Penalty::HomeDetention`].
        HomeDetention = "home_detention",
        /// See [`Penalty::CommunityDetention`].
        CommunityDetention = "community_detention",
        /// See [`Penalty::IntensiveSupervision`].
        IntensiveSupervision = "intensive_supervision",
        /// See [`Penalty::Supervision`].
        Supervision = "supervision",
        /// See [`Penalty::CommunityWork`].
        CommunityWork = "community_work",
        /// See [`Penalty::Fine`].
        Fine = "fine",
        /// See [`Penalty::SupervisedRelease`].
        SupervisedRelease = "supervised_release",
        /// See [`Penalty::SuspendedImprisonment`].
        SuspendedImprisonment = "suspended_imprisonment",
        /// See [`Penalty::Discharge`].
        Discharge = "discharge",
        /// See [`Penalty::Other`].
        Other = "other",
    }
}

impl PenaltyKind {
    /// Whether penalties of this kind are served in custody.
    pub fn is_custodial(self) -> bool {
        matches!(
            self,
            PenaltyKind::Imprisonment
                | PenaltyKind::LifeImprisonment
                | PenaltyKind::IndefiniteDetention
        )
    }
}

/// How long supervised release lasts: a term, or life.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum ReleaseLength {
    /// For a term.
    Term(Term),
    /// For life.
    Life,
}

impl fmt::Display for ReleaseLength {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReleaseLength::Term(t) => write!(f, "{t}"),
            ReleaseLength::Life => f.write_str("life"),
        }
    }
}

impl FromStr for ReleaseLength {
    type Err = TermError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s == "life" {
            Ok(ReleaseLength::Life)
        } else {
            s.parse().map(ReleaseLength::Term)
        }
    }
}

impl TryFrom<String> for ReleaseLength {
    type Error = TermError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<ReleaseLength> for String {
    fn from(r: ReleaseLength) -> String {
        r.to_string()
    }
}

code_list! {
    /// How a custodial part runs relative to the custodial parts listed before it.
    pub enum Runs : "concurrency" {
        /// At the same time: the longer term decides.
        Concurrent = "concurrent",
        /// One after the other: the terms add.
        Cumulative = "cumulative",
    }
}

/// One component of a sentence and the charges it was imposed for.
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[derive(Clone, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct SentenceComponent {
    /// What was imposed.
    pub penalty: Penalty,
    /// The charges it was imposed for, by identifier within the case.
    pub charges: ChargeIds,
    /// For a custodial part after the first: whether it runs concurrently with, or
    /// cumulatively on, the custodial parts before it. Courts state this; the crate
    /// never assumes it, and the first custodial part needs none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runs: Option<Runs>,
}

impl SentenceComponent {
    /// A penalty for the charges named; how it runs with the parts before it is set
    /// with [`with_runs`](Self::with_runs).
    pub fn new(penalty: Penalty, charges: impl IntoIterator<Item = ChargeId>) -> Self {
        Self {
            penalty,
            charges: charges.into_iter().collect(),
            runs: None,
        }
    }

    with!(/// Sets how the part runs with the parts before it.
        with_runs: runs = some Runs);
}

/// Whether a sentence is final.
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[derive(Clone, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum SentenceStatus {
    /// No appeal pending, or none possible.
    Final,
    /// Under appeal.
    Appealed,
    /// Varied on appeal: the sentence's components are the varied ones, and the
    /// original components are kept here.
    VariedOnAppeal {
        /// The components first imposed.
        original: Vec<SentenceComponent>,
        /// When the appeal court varied it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        varied: Option<PartialDate>,
    },
}

/// A sentence: its components and whether it is final.
///
/// # Example
///
/// ```
/// use investigation_outcomes::{CustodialTerm, Sentence};
///
/// let sentence: Sentence = serde_json::from_str(r#"{
///     "components": [
///         {"penalty": {"kind": "imprisonment", "term": "3y"}, "charges": ["c1"]},
///         {"penalty": {"kind": "imprisonment", "term": "2y 2m"}, "charges": ["c2"], "runs": "cumulative"},
///         {"penalty": {"kind": "imprisonment", "term": "1y"}, "charges": ["c3"], "runs": "concurrent"}
///     ],
///     "status": "final"
/// }"#)?;
/// assert_eq!(
///     sentence.effective_custodial_term()?,
///     CustodialTerm::Determinate("5y 2m".parse()?),
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[derive(Clone, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Sentence {
    /// The components, in the order the court stated them.
    #[serde(deserialize_with = "crate::record::compact::vec")]
    pub components: Vec<SentenceComponent>,
    /// Whether it is final.
    pub status: SentenceStatus,
    /// The sources of the sentence: "30 years in prison, along with a lifetime term
    /// of supervised release".
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub citations: Vec<Citation>,
}

impl Sentence {
    /// A final sentence of the components given.
    pub fn new(components: impl IntoIterator<Item = SentenceComponent>) -> Self {
        Self {
            components: components.into_iter().collect(),
            status: SentenceStatus::Final,
            citations: Vec::new(),
        }
    }

    with!(/// Sets whether the sentence is final, appealed or varied.
        with_status: status = SentenceStatus);
    with!(/// Adds a source of the sentence.
        with_citation: citations = push Citation);
}

/// The time a sentence keeps a person in custody.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum CustodialTerm {
    /// No custodial component.
    None,
    /// A determinate term.
    Determinate(Term),
    /// Life imprisonment, with the longest minimum period stated.
    Life {
        /// The minimum period, when set.
        minimum: Option<Term>,
    },
    /// Indefinite detention, with the longest minimum period stated.
    Indefinite {
        /// The minimum period, when set.
        minimum: Option<Term>,
    },
}

impl fmt::Display for CustodialTerm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (what, minimum) = match self {
            CustodialTerm::None => return f.write_str("no custody"),
            CustodialTerm::Determinate(term) => return write!(f, "{term}"),
            CustodialTerm::Life { minimum } => ("life", minimum),
            CustodialTerm::Indefinite { minimum } => ("indefinite", minimum),
        };
        f.write_str(what)?;
        match minimum {
            Some(m) => write!(f, " (minimum {m})"),
            None => Ok(()),
        }
    }
}

/// The effective custodial term cannot be worked out.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SentenceError {
    /// A custodial component after the first does not say whether it is concurrent
    /// or cumulative.
    #[error(
        "components[{component}]: a custodial part after the first must state whether it runs concurrent or cumulative"
    )]
    ConcurrencyUnstated {
        /// The index of the component.
        component: usize,
    },
    /// The cumulative parts add up to more than the longest term kept
    /// ([`MAX_TERM_YEARS`](crate::value::term::MAX_TERM_YEARS)).
    #[error(
        "components[{component}]: the cumulative term is longer than the longest term kept, 1000000 years"
    )]
    Overflow {
        /// The index of the component.
        component: usize,
    },
}

impl Sentence {
    /// The effective custodial term: cumulative parts add, concurrent parts take the
    /// longer of the new part and what came before. Life imprisonment and indefinite
    /// detention are reported as such, never as a number (life over indefinite).
    ///
    /// Their minimum keeps what is known of the time to be served: the longest
    /// minimum period imposed, and at least every fixed term of the sentence. A fixed
    /// term followed by cumulative indefinite detention (German Sicherungsverwahrung
    /// after 12 years, NZ preventive detention after a determinate term) has a minimum
    /// of the fixed term plus the detention's own minimum period; run concurrently,
    /// the longer of the two.
    ///
    /// # Errors
    ///
    /// Returns [`SentenceError`] when a custodial part after the first does not state
    /// how it runs, or the sum overflows.
    pub fn effective_custodial_term(&self) -> Result<CustodialTerm, SentenceError> {
        let mut determinate: Option<Term> = None;
        // `Some(minimum)` once a life or indefinite part is seen.
        let mut life: Option<Option<Term>> = None;
        let mut indefinite: Option<Option<Term>> = None;
        let mut seen_custodial = false;
        for (index, component) in self.components.iter().enumerate() {
            if !component.penalty.is_custodial() {
                continue;
            }
            let runs = match (seen_custodial, component.runs) {
                (false, _) => None,
                (true, Some(runs)) => Some(runs),
                (true, None) => {
                    return Err(SentenceError::ConcurrencyUnstated { component: index });
                }
            };
            seen_custodial = true;
            // What is known of the minimum of a life or indefinite part, given the
            // fixed terms before it.
            let known_minimum = |minimum: Option<Term>| -> Result<Option<Term>, SentenceError> {
                Ok(match (runs, determinate, minimum) {
                    (Some(Runs::Cumulative), Some(fixed), minimum) => Some(
                        fixed
                            .checked_add(minimum.unwrap_or_default())
                            .ok_or(SentenceError::Overflow { component: index })?,
                    ),
                    (_, fixed, minimum) => fixed.max(minimum),
                })
            };
            match &component.penalty {
                Penalty::Imprisonment { term } => {
                    determinate = Some(match (determinate, runs) {
                        (None, _) => *term,
                        (Some(acc), Some(Runs::Cumulative)) => acc
                            .checked_add(*term)
                            .ok_or(SentenceError::Overflow { component: index })?,
                        (Some(acc), _) => acc.max(*term),
                    });
                }
                Penalty::LifeImprisonment { minimum } => {
                    life = Some(life.flatten().max(known_minimum(*minimum)?));
                }
                Penalty::IndefiniteDetention { minimum } => {
                    indefinite = Some(indefinite.flatten().max(known_minimum(*minimum)?));
                }
                _ => {}
            }
        }
        // Every fixed term is served, whatever follows it.
        let at_least = |minimum: Option<Term>| minimum.max(determinate);
        Ok(match (life, indefinite, determinate) {
            (Some(minimum), _, _) => CustodialTerm::Life {
                minimum: at_least(minimum),
            },
            (None, Some(minimum), _) => CustodialTerm::Indefinite {
                minimum: at_least(minimum),
            },
            (None, None, Some(term)) => CustodialTerm::Determinate(term),
            (None, None, None) => CustodialTerm::None,
        })
    }
}

crate::value::text_form::serde_via_text!(ReleaseLength);

#[cfg(test)]
mod tests {
    use super::*;

    fn component(json: &str) -> SentenceComponent {
        serde_json::from_str(json).unwrap()
    }

    fn sentence(components: &[&str]) -> Sentence {
        Sentence::new(components.iter().map(|c| component(c)))
    }

    const THREE_YEARS: &str =
        r#"{"penalty": {"kind": "imprisonment", "term": "3y"}, "charges": ["c1"]}"#;

    #[test]
    fn concurrent_parts_take_the_longest_and_cumulative_parts_add() {
        let s = sentence(&[
            THREE_YEARS,
            r#"{"penalty": {"kind": "imprisonment", "term": "4y"}, "charges": ["c2"], "runs": "concurrent"}"#,
            r#"{"penalty": {"kind": "imprisonment", "term": "6m"}, "charges": ["c3"], "runs": "cumulative"}"#,
            r#"{"penalty": {"kind": "fine", "amount": 500, "currency": "NZD"}, "charges": ["c3"]}"#,
        ]);
        assert_eq!(
            s.effective_custodial_term().unwrap(),
            CustodialTerm::Determinate(Term::new(4, 6, 0))
        );
    }

    #[test]
    fn indefinite_detention_after_a_fixed_term_keeps_the_fixed_term_as_its_minimum() {
        let twelve_years =
            r#"{"penalty": {"kind": "imprisonment", "term": "12y"}, "charges": ["c1"]}"#;
        let detention = |minimum: &str, runs: &str| {
            format!(
                r#"{{"penalty": {{"kind": "indefinite_detention"{minimum}}}, "charges": ["c1"], "runs": "{runs}"}}"#
            )
        };
        let term = |components: &[&str]| sentence(components).effective_custodial_term().unwrap();
        // Sicherungsverwahrung after 12 years: at least the 12 years.
        assert_eq!(
            term(&[twelve_years, &detention("", "cumulative")]),
            CustodialTerm::Indefinite {
                minimum: Some(Term::years(12))
            }
        );
        // With a minimum period of its own, cumulative: both.
        assert_eq!(
            term(&[
                twelve_years,
                &detention(r#", "minimum": "5y""#, "cumulative")
            ]),
            CustodialTerm::Indefinite {
                minimum: Some(Term::years(17))
            }
        );
        // Concurrent: the longer.
        assert_eq!(
            term(&[
                twelve_years,
                &detention(r#", "minimum": "5y""#, "concurrent")
            ]),
            CustodialTerm::Indefinite {
                minimum: Some(Term::years(12))
            }
        );
        // A fixed term after the detention is served too.
        let first =
            r#"{"penalty": {"kind": "indefinite_detention", "minimum": "2y"}, "charges": ["c1"]}"#;
        let after = r#"{"penalty": {"kind": "imprisonment", "term": "3y"}, "charges": ["c2"], "runs": "concurrent"}"#;
        assert_eq!(
            term(&[first, after]),
            CustodialTerm::Indefinite {
                minimum: Some(Term::years(3))
            }
        );
        // Alone, nothing is known of the minimum.
        let alone = r#"{"penalty": {"kind": "indefinite_detention"}, "charges": ["c1"]}"#;
        assert_eq!(term(&[alone]), CustodialTerm::Indefinite { minimum: None });
    }

    #[test]
    fn unstated_concurrency_is_an_error_not_an_assumption() {
        let s = sentence(&[THREE_YEARS, THREE_YEARS]);
        assert_eq!(
            s.effective_custodial_term().unwrap_err(),
            SentenceError::ConcurrencyUnstated { component: 1 }
        );
    }

    #[test]
    fn life_and_indefinite_are_reported_as_such() {
        let s = sentence(&[
            THREE_YEARS,
            r#"{"penalty": {"kind": "indefinite_detention", "minimum": "5y"}, "charges": ["c2"], "runs": "concurrent"}"#,
        ]);
        assert_eq!(
            s.effective_custodial_term().unwrap(),
            CustodialTerm::Indefinite {
                minimum: Some(Term::years(5))
            }
        );
        assert_eq!(
            s.effective_custodial_term().unwrap().to_string(),
            "indefinite (minimum 5y)"
        );
        let life = sentence(&[r#"{"penalty": {"kind": "life_imprisonment"}, "charges": ["c1"]}"#]);
        assert_eq!(
            life.effective_custodial_term().unwrap(),
            CustodialTerm::Life { minimum: None }
        );
        let none = sentence(&[
            r#"{"penalty": {"kind": "community_work", "hours": 200}, "charges": ["c1"]}"#,
        ]);
        assert_eq!(
            none.effective_custodial_term().unwrap(),
            CustodialTerm::None
        );
    }

    #[test]
    fn penalties_are_strict_json() {
        let err = serde_json::from_str::<Penalty>(
            r#"{"kind": "imprisonment", "term": "3y", "extra": 1}"#,
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("unknown field `extra`"), "{err}");
        let err = serde_json::from_str::<Penalty>(r#"{"kind": "flogging"}"#)
            .unwrap_err()
            .to_string();
        assert!(err.contains("unknown penalty kind \"flogging\""), "{err}");
        // The kind may come anywhere in the object.
        let fine: Penalty =
            serde_json::from_str(r#"{"currency": "AUD", "amount": 500, "kind": "fine"}"#).unwrap();
        assert_eq!(fine.fine().map(|m| m.amount), Some(500));
        // A field of another kind is refused, by name, with the fields this kind has.
        let err = serde_json::from_str::<Penalty>(
            r#"{"kind": "imprisonment", "term": "3y", "hours": 5}"#,
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains(
                "unknown field `hours` for a penalty of kind imprisonment, expected `term`"
            ),
            "{err}"
        );
        let err = serde_json::from_str::<Penalty>(r#"{"kind": "discharge", "term": "1y"}"#)
            .unwrap_err()
            .to_string();
        assert!(err.contains("expected no fields besides `kind`"), "{err}");
        let err = serde_json::from_str::<Penalty>(r#"{"kind": "fine", "amount": 5}"#)
            .unwrap_err()
            .to_string();
        assert!(err.contains("missing field `currency`"), "{err}");
        let err = serde_json::from_str::<Penalty>(r#"{"term": "3y"}"#)
            .unwrap_err()
            .to_string();
        assert!(err.contains("missing field `kind`"), "{err}");
        let release: Penalty =
            serde_json::from_str(r#"{"kind": "supervised_release", "length": "life"}"#).unwrap();
        assert_eq!(
            release,
            Penalty::SupervisedRelease {
                length: ReleaseLength::Life
            }
        );
        for kind in PenaltyKind::ALL {
            assert_eq!(kind.as_str().parse::<PenaltyKind>().unwrap(), *kind);
        }
    }

    #[test]
    fn varied_sentences_keep_the_original() {
        let json = r#"{"components": [], "status": {"varied_on_appeal": {"original": [], "varied": "2023-05"}}}"#;
        let s: Sentence = serde_json::from_str(json).unwrap();
        assert!(matches!(s.status, SentenceStatus::VariedOnAppeal { .. }));
        assert_eq!(
            serde_json::to_string(&s).unwrap().replace(' ', ""),
            json.replace(' ', "")
        );
    }
}
