//! Which charge stands for a person when people, not charges, are counted.

use std::cmp::Reverse;
use std::fmt;

use crate::record::case::{Case, ChargeLookup};
use crate::record::charge::Charge;
use crate::record::charge::Outcome;
use crate::record::penalty::PenaltyTable;
use crate::record::sentence::Penalty;
use crate::value::term::Term;

/// Picks the principal charge of a case: the one a person-level statistic files the
/// person under (its offence, its outcome).
///
/// Implement it to count by another rule; the rule's [`name`](Self::name) is recorded
/// in every summary, and summaries made under different rules refuse to merge.
pub trait PrincipalOffenceRule: fmt::Debug + Send + Sync {
    /// A short, stable name for the rule, recorded in summaries.
    fn name(&self) -> &str;

    /// The index into `case.charges` of the principal charge; `None` when the case
    /// has no charges.
    fn principal(&self, case: &Case) -> Option<usize>;
}

/// The UK Ministry of Justice principal-offence rule (Hansard, 14 October 2009):
/// "the principal offence is the one for which the heaviest sentence was imposed.
/// Where the same sentence has been imposed for two or more offences, the principal
/// offence is the one for which the statutory maximum is most severe."
///
/// Extended to every case, sentenced or not, by ranking charges on, in order:
///
/// 1. the heaviest sentence component imposed for the charge, by the NZ Sentencing Act
///    2002 s10A hierarchy (life, indefinite detention, imprisonment, home detention,
///    intensive supervision and community detention, community work and supervision,
///    suspended and supervised terms, fine, discharge), then by length or amount;
/// 2. the outcome: convicted, then pending, then any other;
/// 3. the statutory maximum in force on the offence date, from the penalty table
///    (a charge without a known maximum ranks lowest);
/// 4. the order of the charges (the first listed wins a remaining tie).
#[derive(Clone, Debug)]
pub struct HeaviestSentence {
    penalties: PenaltyTable,
}

impl HeaviestSentence {
    /// The rule with the given statutory maxima.
    pub fn new(penalties: PenaltyTable) -> Self {
        Self { penalties }
    }
}

impl Default for HeaviestSentence {
    /// The rule with the bundled New Zealand table.
    fn default() -> Self {
        Self::new(PenaltyTable::new_zealand_fvpca())
    }
}

/// How heavy a penalty is: its place in the s10A hierarchy, a tie-break between kinds
/// at the same place, and its length or amount.
fn severity(penalty: &Penalty) -> (u8, u8, u64) {
    let length = |t: &Term| t.length_units();
    let minimum = |m: &Option<Term>| m.as_ref().map_or(0, length);
    match penalty {
        Penalty::LifeImprisonment { minimum: m } => (9, 0, minimum(m)),
        Penalty::IndefiniteDetention { minimum: m } => (8, 0, minimum(m)),
        Penalty::Imprisonment { term } => (7, 0, length(term)),
        Penalty::HomeDetention { term } => (6, 0, length(term)),
        Penalty::IntensiveSupervision { term } => (5, 1, length(term)),
        Penalty::CommunityDetention { term } => (5, 0, length(term)),
        Penalty::CommunityWork { hours } => (4, 1, u64::from(*hours)),
        Penalty::Supervision { term } => (4, 0, length(term)),
        Penalty::SuspendedImprisonment { term, .. } => (3, 1, length(term)),
        Penalty::SupervisedRelease { length: l } => (
            3,
            0,
            match l {
                crate::record::sentence::ReleaseLength::Term(t) => length(t),
                crate::record::sentence::ReleaseLength::Life => u64::MAX,
            },
        ),
        Penalty::Fine { amount, .. } => (2, 0, *amount),
        Penalty::Discharge => (1, 0, 0),
        Penalty::Other { .. } => (0, 0, 0),
    }
}

fn outcome_rank(outcome: Outcome) -> u8 {
    match outcome {
        Outcome::Convicted => 2,
        Outcome::Pending => 1,
        _ => 0,
    }
}

impl HeaviestSentence {
    fn statutory_maximum(&self, charge: &Charge) -> u64 {
        match (&charge.offence.statute, &charge.offence_date) {
            (Some(statute), Some(date)) => self
                .penalties
                .max_imprisonment(statute, date)
                .flatten()
                .map_or(0, |t| t.length_units()),
            _ => 0,
        }
    }
}

impl PrincipalOffenceRule for HeaviestSentence {
    fn name(&self) -> &str {
        "heaviest_sentence"
    }

    fn principal(&self, case: &Case) -> Option<usize> {
        let charges = &case.charges;
        if charges.len() <= 1 {
            return (!charges.is_empty()).then_some(0);
        }
        // Each charge's rank as one number, compared in one instruction: its heaviest
        // component (0 for none), then its outcome. On the stack for the usual handful
        // of charges.
        let mut on_stack = [0u128; 8];
        let mut on_heap = Vec::new();
        let ranks: &mut [u128] = match on_stack.get_mut(..charges.len()) {
            Some(slots) => slots,
            None => {
                on_heap.resize(charges.len(), 0);
                &mut on_heap
            }
        };
        // A component's charge reference names the first charge with that identifier.
        let lookup = ChargeLookup::new(charges);
        for component in case.sentence.iter().flat_map(|s| &s.components) {
            let weight = packed_severity(&component.penalty);
            for id in &component.charges {
                if let Some(slot) = lookup.position(id).and_then(|index| ranks.get_mut(index)) {
                    *slot = (*slot).max(weight);
                }
            }
        }
        for (rank, charge) in ranks.iter_mut().zip(charges) {
            *rank |= u128::from(outcome_rank(charge.disposition.outcome));
        }
        let top = ranks.iter().copied().max()?;
        let mut tied = ranks.iter().enumerate().filter(|&(_, &r)| r == top);
        let (first, _) = tied.next()?;
        if tied.next().is_none() {
            return Some(first);
        }
        // The statutory maximum is looked up only to break a tie.
        charges
            .iter()
            .zip(ranks.iter())
            .enumerate()
            .filter(|&(_, (_, &r))| r == top)
            .max_by_key(|&(index, (charge, _))| (self.statutory_maximum(charge), Reverse(index)))
            .map(|(index, _)| index)
    }
}

/// [`severity`] as one number, above the two bits of the outcome rank: a component
/// always outranks none, and ranks compare as the tuples do.
fn packed_severity(penalty: &Penalty) -> u128 {
    let (place, tie_break, length) = severity(penalty);
    (u128::from(place) * 2 + u128::from(tie_break) + 1) << 66 | u128::from(length) << 2
}

/// The first charge listed is the principal one: a simple rule for data whose charges
/// are already listed most serious first.
#[derive(Clone, Copy, Debug, Default)]
pub struct FirstListed;

impl PrincipalOffenceRule for FirstListed {
    fn name(&self) -> &str {
        "first_listed"
    }

    fn principal(&self, case: &Case) -> Option<usize> {
        (!case.charges.is_empty()).then_some(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case(json: &str) -> Case {
        serde_json::from_str(json).unwrap()
    }

    const STATUTE: &str = r#""statute": {"jurisdiction": "NZ", "act": "Films, Videos, and Publications Classification Act 1993", "section": "#;

    #[test]
    fn heaviest_sentence_wins() {
        let c = case(
            r#"{"id": "c", "jurisdiction": "NZ", "defendant": {"id": "d"},
            "charges": [
                {"id": "a", "offence": {"kind": "possession", "iccs": "030221"}, "counts": 1, "disposition": {"outcome": "convicted"}},
                {"id": "b", "offence": {"kind": "distribution", "iccs": "030221"}, "counts": 1, "disposition": {"outcome": "convicted"}}
            ],
            "sentence": {"components": [
                {"penalty": {"kind": "imprisonment", "term": "2y"}, "charges": ["a"]},
                {"penalty": {"kind": "imprisonment", "term": "3y"}, "charges": ["b"], "runs": "concurrent"}
            ], "status": "final"}}"#,
        );
        assert_eq!(HeaviestSentence::default().principal(&c), Some(1));
        assert_eq!(FirstListed.principal(&c), Some(0));
    }

    #[test]
    fn equal_sentences_fall_to_the_higher_statutory_maximum() {
        // s131A (10 years from 2015) against s124 (14 years from 2015).
        let json = format!(
            r#"{{"id": "c", "jurisdiction": "NZ", "defendant": {{"id": "d"}},
            "charges": [
                {{"id": "a", "offence": {{"kind": "possession", "iccs": "030221", {STATUTE} "131A"}}}}, "counts": 1, "offence_date": "2020", "disposition": {{"outcome": "convicted"}}}},
                {{"id": "b", "offence": {{"kind": "distribution", "iccs": "030221", {STATUTE} "124"}}}}, "counts": 1, "offence_date": "2020", "disposition": {{"outcome": "convicted"}}}}
            ],
            "sentence": {{"components": [
                {{"penalty": {{"kind": "imprisonment", "term": "2y"}}, "charges": ["a", "b"]}}
            ], "status": "final"}}}}"#
        );
        assert_eq!(HeaviestSentence::default().principal(&case(&json)), Some(1));
    }

    #[test]
    fn unsentenced_cases_prefer_convictions_then_pending_charges() {
        let c = case(
            r#"{"id": "c", "jurisdiction": "NZ", "defendant": {"id": "d"},
            "charges": [
                {"id": "a", "offence": {"kind": "possession", "iccs": "030221"}, "counts": 1, "disposition": {"outcome": "withdrawn"}},
                {"id": "b", "offence": {"kind": "possession", "iccs": "030221"}, "counts": 1, "disposition": {"outcome": "pending"}}
            ]}"#,
        );
        assert_eq!(HeaviestSentence::default().principal(&c), Some(1));
        let none = case(r#"{"id": "c", "jurisdiction": "NZ", "defendant": {"id": "d"}}"#);
        assert_eq!(HeaviestSentence::default().principal(&none), None);
        assert_eq!(FirstListed.principal(&none), None);
    }

    /// The rule as documented, written out with tuples and no shortcuts.
    fn reference(rule: &HeaviestSentence, case: &Case) -> Option<usize> {
        let first_with_id =
            |id: &crate::value::id::ChargeId| case.charges.iter().position(|c| c.id == *id);
        let heaviest = |index: usize| {
            case.sentence
                .iter()
                .flat_map(|s| &s.components)
                .filter(|c| c.charges.iter().any(|id| first_with_id(id) == Some(index)))
                .map(|c| severity(&c.penalty))
                .max()
        };
        (0..case.charges.len()).max_by_key(|&index| {
            let charge = &case.charges[index];
            (
                heaviest(index),
                outcome_rank(charge.disposition.outcome),
                rule.statutory_maximum(charge),
                Reverse(index),
            )
        })
    }

    proptest::proptest! {
        #[test]
        fn heaviest_sentence_matches_its_definition(case in crate::arbitrary::case()) {
            let rule = HeaviestSentence::default();
            proptest::prop_assert_eq!(rule.principal(&case), reference(&rule, &case));
        }

        #[test]
        fn packed_severities_order_as_the_tuples(
            a in crate::arbitrary::penalty(),
            b in crate::arbitrary::penalty(),
            outcomes in (0u8..3, 0u8..3),
        ) {
            let pack = |p: &Penalty, o: u8| packed_severity(p) | u128::from(o);
            proptest::prop_assert_eq!(
                pack(&a, outcomes.0).cmp(&pack(&b, outcomes.1)),
                (severity(&a), outcomes.0).cmp(&(severity(&b), outcomes.1))
            );
        }
    }

    #[test]
    fn hierarchy_orders_penalty_kinds() {
        let term = Term::years(1);
        let ladder = [
            Penalty::Discharge,
            Penalty::Fine {
                amount: 100_000,
                currency: crate::value::money::Currency::NZD,
            },
            Penalty::CommunityWork { hours: 400 },
            Penalty::HomeDetention { term },
            Penalty::Imprisonment {
                term: Term::days(1),
            },
            Penalty::IndefiniteDetention { minimum: None },
            Penalty::LifeImprisonment { minimum: None },
        ];
        assert!(ladder.windows(2).all(|w| severity(&w[0]) < severity(&w[1])));
    }
}
