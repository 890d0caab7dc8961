//! Inner cells: every case classified at once by every classifier that a published
//! figure uses, so that each published count is a sum of inner cells.
//!
//! Disclosure control needs to know every relation between the figures one run
//! publishes. Declaring them by hand forgets some (the funnel's charged people are
//! the counted people less those not charged; people sentenced to custody are the
//! determinate, indefinite and life sentences). Counting cases in the finest
//! cross-classification instead — group, outcome, whether the case counts its
//! defendant for the first time in its group, country, each funnel stage reached,
//! kind of sentence and histogram bin, which times to outcome are known — makes every
//! published count of cases and people a sum of these cells, and the relations
//! between figures follow from the sums (see
//! [`InnerModel`](crate::disclosure::InnerModel)).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::counts::GroupKey;
use super::{MergeError, add_counts};
use crate::record::case::Case;
use crate::record::charge::Outcome;
use crate::record::sentence::{CustodialTerm, PenaltyKind, SentenceError};
use crate::value::jurisdiction::Jurisdiction;
use crate::value::term::Term;

/// The edges of the bins of determinate custodial terms, as the summary's histogram
/// draws them: under 6 months, 6–12 months, 1–2, 2–3, 3–5, 5–10 and 10 years or more.
pub fn term_bin_edges() -> [Term; 6] {
    [
        Term::months(6),
        Term::years(1),
        Term::years(2),
        Term::years(3),
        Term::years(5),
        Term::years(10),
    ]
}

/// What a case's sentence is, as the sentence tables count it.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub enum SentenceClass {
    /// No sentence recorded.
    None,
    /// A determinate custodial term, in the histogram bin of this index (see
    /// [`term_bin_edges`]).
    Determinate {
        /// The bin.
        bin: u8,
    },
    /// Life imprisonment.
    Life,
    /// Indefinite detention.
    Indefinite,
    /// Custodial parts whose concurrency is not stated.
    ConcurrencyUnstated,
    /// Custodial parts longer, together, than the longest term kept.
    TooLong,
    /// No custody: the kinds of penalty imposed, bit `i` for `PenaltyKind::ALL[i]`.
    NonCustodial {
        /// The kinds, as bits.
        kinds: u32,
    },
}

impl SentenceClass {
    /// The class of a case's sentence whose effective custodial term is `term`.
    pub(crate) fn of(case: &Case, term: &Result<CustodialTerm, SentenceError>) -> Self {
        let Some(sentence) = &case.sentence else {
            return SentenceClass::None;
        };
        match term {
            Ok(CustodialTerm::Determinate(t)) => {
                let edges = term_bin_edges().map(|e| e.length_units());
                let bin = edges.partition_point(|&edge| edge <= t.length_units());
                SentenceClass::Determinate {
                    bin: u8::try_from(bin).unwrap_or(u8::MAX),
                }
            }
            Ok(CustodialTerm::Life { .. }) => SentenceClass::Life,
            Ok(CustodialTerm::Indefinite { .. }) => SentenceClass::Indefinite,
            Ok(CustodialTerm::None) => SentenceClass::NonCustodial {
                kinds: sentence
                    .components
                    .iter()
                    .fold(0u32, |kinds, c| kinds | 1 << (c.penalty.kind() as u32)),
            },
            Err(SentenceError::ConcurrencyUnstated { .. }) => SentenceClass::ConcurrencyUnstated,
            Err(SentenceError::Overflow { .. }) => SentenceClass::TooLong,
        }
    }

    /// Whether a non-custodial sentence includes a penalty of this kind.
    pub fn has_penalty(self, kind: PenaltyKind) -> bool {
        matches!(self, SentenceClass::NonCustodial { kinds } if kinds >> (kind as u32) & 1 == 1)
    }
}

/// How a sentence class is written in JSON.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SentenceClassJson {
    kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    bin: Option<u8>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    penalties: Vec<PenaltyKind>,
}

impl Serialize for SentenceClass {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (kind, bin, penalties) = match *self {
            SentenceClass::None => ("none", None, Vec::new()),
            SentenceClass::Determinate { bin } => ("determinate", Some(bin), Vec::new()),
            SentenceClass::Life => ("life", None, Vec::new()),
            SentenceClass::Indefinite => ("indefinite", None, Vec::new()),
            SentenceClass::ConcurrencyUnstated => ("concurrency_unstated", None, Vec::new()),
            SentenceClass::TooLong => ("too_long", None, Vec::new()),
            SentenceClass::NonCustodial { .. } => (
                "non_custodial",
                None,
                PenaltyKind::ALL
                    .iter()
                    .copied()
                    .filter(|&k| self.has_penalty(k))
                    .collect(),
            ),
        };
        SentenceClassJson {
            kind: kind.to_owned(),
            bin,
            penalties,
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for SentenceClass {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let json = SentenceClassJson::deserialize(deserializer)?;
        let bins = term_bin_edges().len() + 1;
        Ok(match (json.kind.as_str(), json.bin) {
            ("none", None) => SentenceClass::None,
            ("determinate", Some(bin)) if usize::from(bin) < bins => {
                SentenceClass::Determinate { bin }
            }
            ("life", None) => SentenceClass::Life,
            ("indefinite", None) => SentenceClass::Indefinite,
            ("concurrency_unstated", None) => SentenceClass::ConcurrencyUnstated,
            ("too_long", None) => SentenceClass::TooLong,
            ("non_custodial", None) => SentenceClass::NonCustodial {
                kinds: json
                    .penalties
                    .iter()
                    .fold(0, |kinds, &k| kinds | 1 << (k as u32)),
            },
            (kind, bin) => {
                return Err(D::Error::custom(format!(
                    "no sentence class {kind:?} with bin {bin:?}"
                )));
            }
        })
    }
}

/// Everything the published counts of cases and people ask of one case, besides its
/// group.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseClass {
    /// The outcome of the principal charge; `None`: not charged.
    pub outcome: Option<Outcome>,
    /// Whether the case counts its defendant as a person in its group: the first case
    /// of the defendant there.
    pub counts_person: bool,
    /// The country of the case's jurisdiction: the funnel's row.
    pub country: Jurisdiction,
    /// Arrested (the funnel's stage).
    pub arrested: bool,
    /// Charged.
    pub charged: bool,
    /// Convicted of at least one charge.
    pub convicted: bool,
    /// Sentenced to custody.
    pub custody: bool,
    /// The sentence.
    pub sentence: SentenceClass,
    /// The days from arrest to verdict are known (both dates to the day, in order).
    pub to_verdict: bool,
    /// The days from arrest to sentence are known.
    pub to_sentence: bool,
}

/// One inner cell: how many cases of a group fall into one class.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InnerCell {
    /// The group of the counts.
    pub group: GroupKey,
    /// The class of the cases.
    pub class: CaseClass,
    /// How many cases.
    pub cases: u64,
}

/// The cases of a summary in their inner cells: see the module documentation.
#[derive(Clone, PartialEq, Eq, Debug, Default, Serialize, Deserialize)]
#[serde(try_from = "Vec<InnerCell>", into = "Vec<InnerCell>")]
pub struct InnerCells {
    cells: BTreeMap<(GroupKey, CaseClass), u64>,
    // Every case is in one cell, so this is at most the summary's cases: kept so that
    // a merge checks its sums without going over the cells.
    total: u64,
}

impl TryFrom<Vec<InnerCell>> for InnerCells {
    type Error = MergeError;

    fn try_from(cells: Vec<InnerCell>) -> Result<Self, MergeError> {
        let mut inner = InnerCells::default();
        for cell in cells {
            inner.total = add_counts(inner.total, cell.cases, "the cases in inner cells")?;
            let slot = inner.cells.entry((cell.group, cell.class)).or_default();
            *slot = slot.saturating_add(cell.cases);
        }
        Ok(inner)
    }
}

impl From<InnerCells> for Vec<InnerCell> {
    fn from(inner: InnerCells) -> Self {
        inner
            .cells
            .into_iter()
            .map(|((group, class), cases)| InnerCell {
                group,
                class,
                cases,
            })
            .collect()
    }
}

impl InnerCells {
    /// Cells counted one case at a time: their sums fit.
    pub(crate) fn from_counted(cells: impl Iterator<Item = ((GroupKey, CaseClass), u64)>) -> Self {
        let mut inner = InnerCells::default();
        for (key, cases) in cells {
            inner.total = inner.total.saturating_add(cases);
            let slot = inner.cells.entry(key).or_default();
            *slot = slot.saturating_add(cases);
        }
        inner
    }

    /// The cells in order, with how many cases each holds.
    pub fn iter(&self) -> impl Iterator<Item = (&GroupKey, &CaseClass, u64)> {
        self.cells.iter().map(|((g, c), &n)| (g, c, n))
    }

    /// How many cells.
    pub fn len(&self) -> usize {
        self.cells.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }

    /// The cases over every cell.
    pub fn total(&self) -> u64 {
        self.total
    }

    /// Whether adding `other` would succeed, in time that does not grow with `self`.
    pub(crate) fn check_merge(&self, other: &InnerCells) -> Result<(), MergeError> {
        add_counts(self.total, other.total, "the cases in inner cells").map(drop)
    }

    /// Adds `other`, once [`check_merge`](Self::check_merge) found that it fits.
    pub(crate) fn merge_checked(&mut self, other: &InnerCells) {
        self.total = self.total.saturating_add(other.total);
        for (key, &cases) in &other.cells {
            let slot = self.cells.entry(key.clone()).or_default();
            *slot = slot.saturating_add(cases);
        }
    }
}
