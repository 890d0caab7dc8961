//! What the case records give for a reported figure: people counted once, events
//! placed in the figure's time (its "as of" date and reporting period), and figures
//! that are intervals where a record's date is too coarse to say.

use std::collections::BTreeMap;

use crate::record::case::Case;
use crate::record::operation::Operation;
use crate::record::sentence::{CustodialTerm, SentenceError};
use crate::util::fx::FxHashMap;
use crate::value::area::Area;
use crate::value::date::PartialDate;
use crate::value::event_date::EventDate;
use crate::value::id::{ClaimId, DefendantId};
use crate::value::jurisdiction::Jurisdiction;
use crate::value::metric::Metric;
use crate::value::period::Period;
use crate::value::region::Region;
use crate::value::term::Term;

use super::{
    CaseCheck, CaseFigure, ClaimRef, NoRecords, RECORD_METRICS, Reconciliation, RecordFigure,
    status,
};

/// Whether a record's event falls in the time a figure covers.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Membership {
    Out,
    /// Its date is too coarse (or unknown) to say.
    Perhaps,
    Certain,
}

/// The time a figure covers: up to its "as of" date, within its reporting period.
#[derive(Clone, Copy, Debug, Default)]
struct Window {
    as_of: Option<PartialDate>,
    period: Option<Period>,
}

impl Window {
    /// Where an event that happened on `date` (`None`: on a date not known) falls.
    ///
    /// An event not known to be after the "as of" date counts as by it (an undated
    /// event happened, by any date); within a period, an event whose date may or may
    /// not fall in it is `Perhaps`.
    fn place(self, date: Option<PartialDate>) -> Membership {
        if let (Some(d), Some(as_of)) = (date, self.as_of)
            && d.is_after(&as_of)
        {
            return Membership::Out;
        }
        let Some(period) = self.period else {
            return Membership::Certain;
        };
        match date {
            None => Membership::Perhaps,
            Some(d)
                if period.first_day_number() <= d.first_day_number()
                    && d.last_day_number() <= period.last_day_number() =>
            {
                Membership::Certain
            }
            Some(d)
                if d.first_day_number() <= period.last_day_number()
                    && period.first_day_number() <= d.last_day_number() =>
            {
                Membership::Perhaps
            }
            Some(_) => Membership::Out,
        }
    }

    /// Where a recorded event falls; `Out` when the event is not recorded.
    fn place_event(self, event: Option<EventDate>) -> Membership {
        event.map_or(Membership::Out, |e| self.place(e.date()))
    }
}

/// Adds up what certainly and what perhaps falls in a window.
#[derive(Clone, Copy, Default)]
struct Tally {
    certain: u64,
    perhaps: u64,
}

impl Tally {
    fn add(&mut self, membership: Membership, weight: u64) {
        match membership {
            Membership::Certain => self.certain = self.certain.saturating_add(weight),
            Membership::Perhaps => self.perhaps = self.perhaps.saturating_add(weight),
            Membership::Out => {}
        }
    }

    fn figure(self) -> CaseFigure {
        if self.perhaps == 0 {
            CaseFigure::Value(self.certain)
        } else {
            CaseFigure::Between {
                at_least: self.certain,
                at_most: Some(self.certain.saturating_add(self.perhaps)),
            }
        }
    }
}

/// Distinct defendants, each placed by the case of theirs that best falls in the
/// window: a defendant with two cases is one person.
fn people<'a>(cases: &[&'a Case], place: impl Fn(&Case) -> Membership) -> CaseFigure {
    let mut best: FxHashMap<&'a DefendantId, Membership> = FxHashMap::default();
    for case in cases {
        let membership = place(case);
        if membership == Membership::Out {
            continue;
        }
        let entry = best.entry(&case.defendant.id).or_insert(membership);
        *entry = (*entry).max(membership);
    }
    let mut tally = Tally::default();
    for membership in best.into_values() {
        tally.add(membership, 1);
    }
    tally.figure()
}

/// What the records give for `metric` in `window`; `None` for a metric records
/// cannot give.
fn from_cases(metric: Metric, cases: &[&Case], window: Window) -> Option<CaseFigure> {
    let charges = |weight: &dyn Fn(&Case) -> u64| {
        let mut tally = Tally::default();
        for case in cases {
            let membership = window.place(case.events.charged.and_then(EventDate::date));
            tally.add(membership, weight(case));
        }
        tally.figure()
    };
    Some(match metric {
        // Suspects carry no date: within a period, each perhaps falls in it.
        Metric::Suspects => people(cases, |_| window.place(None)),
        Metric::Arrests => people(cases, |c| window.place_event(c.events.arrested)),
        Metric::PersonsCharged => people(cases, |c| {
            if c.charges.is_empty() && c.events.charged.is_none() {
                Membership::Out
            } else {
                window.place(c.events.charged.and_then(EventDate::date))
            }
        }),
        Metric::PersonsConvicted => people(cases, |c| {
            c.charges
                .iter()
                .filter(|ch| ch.disposition.outcome.is_conviction())
                .map(|ch| window.place(ch.disposition.date))
                .max()
                .unwrap_or(Membership::Out)
        }),
        Metric::ChargesLaid => charges(&|c| c.charges.len() as u64),
        Metric::OffencesCharged => charges(&|c| {
            c.charges.iter().fold(0u64, |sum, ch| {
                sum.saturating_add(u64::from(ch.counts.get()))
            })
        }),
        Metric::LongestSentence => longest_sentence(cases, window),
        _ => return None,
    })
}

/// The longest sentence on record, in months rounded up. Life imprisonment (and a
/// term longer than any kept) is longer than any term; indefinite detention counts
/// as at least its known minimum (see [`Sentence::effective_custodial_term`]), so that
/// a report of the fixed part is not contradicted by the detention that follows it.
/// Sentences that perhaps fall in the window widen the figure into a range.
///
/// [`Sentence::effective_custodial_term`]: crate::Sentence::effective_custodial_term
fn longest_sentence(cases: &[&Case], window: Window) -> CaseFigure {
    let months = |term: Option<Term>| term.map_or(0, |t| t.months_rounded_up());
    let mut certain = CaseFigure::Value(0);
    let mut possible = CaseFigure::Value(0);
    for case in cases {
        // A sentence whose date is not recorded is placed as an undated one.
        let membership = window.place(case.events.sentenced.and_then(EventDate::date));
        let Some(sentence) = &case.sentence else {
            continue;
        };
        let figure = match sentence.effective_custodial_term() {
            Ok(CustodialTerm::None) => CaseFigure::Value(0),
            Ok(CustodialTerm::Determinate(t)) => CaseFigure::Value(t.months_rounded_up()),
            Ok(CustodialTerm::Indefinite { minimum }) => CaseFigure::Indefinite {
                at_least_months: months(minimum),
            },
            Ok(CustodialTerm::Life { .. }) | Err(SentenceError::Overflow { .. }) => {
                CaseFigure::LongerThanAnyTerm
            }
            Err(SentenceError::ConcurrencyUnstated { .. }) => continue,
        };
        match membership {
            Membership::Certain => {
                certain = certain.longer(figure);
                possible = possible.longer(figure);
            }
            Membership::Perhaps => possible = possible.longer(figure),
            Membership::Out => {}
        }
    }
    if certain == possible {
        return certain;
    }
    let high = possible.interval().high().filter(|&h| h != u64::MAX);
    CaseFigure::Between {
        at_least: certain.interval().low(),
        at_most: high,
    }
}

/// The cases a claim's area covers: `None` when the area is not one records can be
/// placed in (a remainder, a region other than the world).
fn cases_in(operation: &Operation, area: Option<Area>) -> Option<Vec<&Case>> {
    let all = || operation.cases.iter().collect();
    match area {
        None => Some(all()),
        Some(area) if area.is_remainder() => None,
        Some(area) => match (area.jurisdiction(), area.region()) {
            (Some(j), _) => Some(
                operation
                    .cases
                    .iter()
                    .filter(|c| j.contains(c.jurisdiction))
                    .collect(),
            ),
            (None, Some(r)) if r == Region::WORLD => Some(all()),
            _ => None,
        },
    }
}

pub(super) fn case_checks(operation: &Operation, into: &mut Reconciliation) {
    // Claims no record covers, by area: said once rather than checked as "below".
    let mut unchecked: BTreeMap<Option<Area>, Vec<ClaimId>> = BTreeMap::new();
    for claim in &operation.claims {
        if claim.scope.agency.is_some() || !RECORD_METRICS.contains(&claim.metric) {
            continue;
        }
        let Some(cases) = cases_in(operation, claim.scope.area) else {
            continue;
        };
        if cases.is_empty() {
            let area = claim.scope.area.filter(|_| !operation.cases.is_empty());
            unchecked.entry(area).or_default().push(claim.id.clone());
            continue;
        }
        let window = Window {
            as_of: claim.as_of,
            period: claim.scope.period,
        };
        let Some(computed) = from_cases(claim.metric, &cases, window) else {
            continue;
        };
        into.case_checks.push(CaseCheck {
            operation: operation.id.clone(),
            claim: ClaimRef::new(operation, claim),
            metric: claim.metric,
            from_cases: computed,
            status: status(claim.quantity.interval(), computed.interval()),
        });
    }
    into.no_records
        .extend(unchecked.into_iter().map(|(area, claims)| NoRecords {
            operation: operation.id.clone(),
            area,
            claims,
        }));
}

pub(super) fn record_figures(operation: &Operation, into: &mut Reconciliation) {
    if operation.cases.is_empty() {
        return;
    }
    // Each case falls in its jurisdiction as recorded and in its country: linear in
    // the cases.
    let mut by_jurisdiction: BTreeMap<Jurisdiction, Vec<&Case>> = BTreeMap::new();
    for case in &operation.cases {
        by_jurisdiction
            .entry(case.jurisdiction)
            .or_default()
            .push(case);
        if !case.jurisdiction.is_country() {
            by_jurisdiction
                .entry(case.jurisdiction.country())
                .or_default()
                .push(case);
        }
    }
    let all: Vec<&Case> = operation.cases.iter().collect();
    let places = std::iter::once((None, all)).chain(
        by_jurisdiction
            .into_iter()
            .map(|(j, cases)| (Some(j), cases)),
    );
    for (jurisdiction, cases) in places {
        for metric in RECORD_METRICS {
            if let Some(figure) = from_cases(metric, &cases, Window::default()) {
                into.record_figures.push(RecordFigure {
                    operation: operation.id.clone(),
                    jurisdiction,
                    metric,
                    unit: metric.unit(),
                    figure,
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// An event is certainly in a period exactly when every day it may be is;
        /// perhaps when some are; out when none are.
        #[test]
        fn events_are_placed_by_their_days(date in crate::arbitrary::partial_date(), period in crate::arbitrary::period()) {
            let window = Window { as_of: None, period: Some(period) };
            let days = date.first_day_number()..=date.last_day_number();
            let inside = |day: i64| period.first_day_number() <= day && day <= period.last_day_number();
            // The ends and the period's ends decide; checking them is enough.
            let probes = [*days.start(), *days.end(), period.first_day_number(), period.last_day_number()];
            let some_in = probes.iter().any(|&d| days.contains(&d) && inside(d));
            let all_in = inside(*days.start()) && inside(*days.end());
            let expected = if all_in { Membership::Certain } else if some_in { Membership::Perhaps } else { Membership::Out };
            prop_assert_eq!(window.place(Some(date)), expected);
            prop_assert_eq!(window.place(None), Membership::Perhaps);
        }
    }
}
