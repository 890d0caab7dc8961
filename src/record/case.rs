//! Cases: one defendant's prosecution in one jurisdiction, within an operation.

use crate::record::with;
use serde::{Deserialize, Serialize};

use crate::record::charge::Charge;
use crate::record::defendant::Defendant;
use crate::record::sentence::CustodialTerm;
use crate::record::sentence::Sentence;
use crate::record::sentence::SentenceError;
use crate::record::source::Citation;
use crate::value::event_date::EventDate;
use crate::value::id::{CaseId, ChargeId};
use crate::value::jurisdiction::Jurisdiction;

/// The dated events of a case, each as precisely as known.
///
/// Validation checks that they come in order: arrest, charge, verdict, sentence
/// (a plea falls between charge and sentence).
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[derive(Clone, PartialEq, Eq, Hash, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Events {
    /// When the defendant was arrested.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arrested: Option<EventDate>,
    /// When the defendant was first charged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charged: Option<EventDate>,
    /// When the defendant entered a plea.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pleaded: Option<EventDate>,
    /// When the verdict was given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verdict: Option<EventDate>,
    /// When the sentence was imposed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sentenced: Option<EventDate>,
}

impl Events {
    with!(/// Sets the date of arrest.
        with_arrested: arrested = some EventDate);
    with!(/// Sets the date of the first charge.
        with_charged: charged = some EventDate);
    with!(/// Sets the date of the plea.
        with_pleaded: pleaded = some EventDate);
    with!(/// Sets the date of the verdict.
        with_verdict: verdict = some EventDate);
    with!(/// Sets the date of sentence.
        with_sentenced: sentenced = some EventDate);
}

impl Events {
    /// Whether no event is recorded.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// Every event, in the order of a case: arrest, charge, plea, verdict, sentence.
    pub fn all(&self) -> [Option<EventDate>; 5] {
        [
            self.arrested,
            self.charged,
            self.pleaded,
            self.verdict,
            self.sentenced,
        ]
    }

    /// Every event, to change in place, in the order of [`all`](Self::all).
    pub fn all_mut(&mut self) -> [&mut Option<EventDate>; 5] {
        [
            &mut self.arrested,
            &mut self.charged,
            &mut self.pleaded,
            &mut self.verdict,
            &mut self.sentenced,
        ]
    }
}

/// Where a citation of a case record stands.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum CitedBy {
    /// The case as a whole.
    Case,
    /// The charge at this position in the case's charges.
    Charge(usize),
    /// The sentence.
    Sentence,
}

/// One defendant's prosecution in one jurisdiction, as part of an operation.
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[derive(Clone, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Case {
    /// Identifier, unique within the operation.
    pub id: CaseId,
    /// Where the case is prosecuted (a country or a state).
    pub jurisdiction: Jurisdiction,
    /// The defendant, pseudonymously.
    pub defendant: Defendant,
    /// The court, when reported: "County Court of Victoria".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub court: Option<String>,
    /// The dated events.
    #[serde(default, skip_serializing_if = "Events::is_empty")]
    pub events: Events,
    /// The charges.
    #[serde(default, deserialize_with = "crate::record::compact::vec")]
    pub charges: Vec<Charge>,
    /// The sentence, once imposed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sentence: Option<Sentence>,
    /// The court reports, judgments or releases the record rests on, with their words:
    /// "convicted on 15 of 16 charges".
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub citations: Vec<Citation>,
}

impl Case {
    /// A case of one defendant in one jurisdiction, with no charges yet.
    ///
    /// # Example
    ///
    /// ```
    /// use investigation_outcomes::{
    ///     Case, Charge, Defendant, Disposition, Events, IccsCode, Offence, OffenceKind, Outcome,
    /// };
    ///
    /// let case = Case::new("au-1".parse()?, "AU-QLD".parse()?, Defendant::new("d-1".parse()?))
    ///     .with_events(Events::default().with_arrested("2020-11".parse()?))
    ///     .with_charge(
    ///         Charge::new(
    ///             "c1".parse()?,
    ///             Offence::new(OffenceKind::Possession, IccsCode::CHILD_PORNOGRAPHY),
    ///             Disposition::new(Outcome::Convicted),
    ///         )
    ///         .with_counts(3)?,
    ///     );
    /// assert_eq!(case.charges[0].counts.get(), 3);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(id: CaseId, jurisdiction: Jurisdiction, defendant: Defendant) -> Self {
        Self {
            id,
            jurisdiction,
            defendant,
            court: None,
            events: Events::default(),
            charges: Vec::new(),
            sentence: None,
            citations: Vec::new(),
        }
    }

    with!(/// Sets the court (a name only: never narrative).
        with_court: court = some String);
    with!(/// Sets the dates of the case's events.
        with_events: events = Events);
    with!(/// Adds a charge.
        with_charge: charges = push Charge);
    with!(/// Sets the sentence.
        with_sentence: sentence = some Sentence);
    with!(/// Adds a source the record rests on.
        with_citation: citations = push Citation);

    /// Every citation of the record, with where it stands: on the case, on a charge
    /// (its position) or on the sentence.
    pub fn all_citations(&self) -> impl Iterator<Item = (CitedBy, &Citation)> {
        let case = self.citations.iter().map(|c| (CitedBy::Case, c));
        let charges = self.charges.iter().enumerate().flat_map(|(index, charge)| {
            charge
                .citations
                .iter()
                .map(move |c| (CitedBy::Charge(index), c))
        });
        let sentence = self
            .sentence
            .iter()
            .flat_map(|s| s.citations.iter().map(|c| (CitedBy::Sentence, c)));
        case.chain(charges).chain(sentence)
    }
}

impl Case {
    /// The effective custodial term of the case's sentence; [`CustodialTerm::None`]
    /// when there is no sentence yet.
    ///
    /// # Errors
    ///
    /// As [`Sentence::effective_custodial_term`].
    pub fn effective_custodial_term(&self) -> Result<CustodialTerm, SentenceError> {
        self.sentence
            .as_ref()
            .map_or(Ok(CustodialTerm::None), Sentence::effective_custodial_term)
    }
}

/// Finds a case's charges by identifier, as sentence components refer to them: the
/// first charge with the identifier. A scan for the usual handful of charges; a hash
/// map for more, so that many references to many charges take linear time.
pub(crate) struct ChargeLookup<'a> {
    charges: &'a [Charge],
    // Keyed at random: the identifiers come from the input.
    map: Option<std::collections::HashMap<&'a str, usize>>,
}

impl<'a> ChargeLookup<'a> {
    /// Up to this many charges, a scan is faster than hashing.
    const SCAN: usize = 16;

    pub(crate) fn new(charges: &'a [Charge]) -> Self {
        let map = (charges.len() > Self::SCAN).then(|| {
            let mut map = std::collections::HashMap::with_capacity(charges.len());
            for (index, charge) in charges.iter().enumerate() {
                map.entry(charge.id.as_str()).or_insert(index);
            }
            map
        });
        Self { charges, map }
    }

    /// The index of the first charge with this identifier.
    pub(crate) fn position(&self, id: &ChargeId) -> Option<usize> {
        match &self.map {
            Some(map) => map.get(id.as_str()).copied(),
            None => self.charges.iter().position(|c| c.id == *id),
        }
    }

    /// The first charge with this identifier.
    pub(crate) fn get(&self, id: &ChargeId) -> Option<&'a Charge> {
        self.position(id).and_then(|i| self.charges.get(i))
    }
}
