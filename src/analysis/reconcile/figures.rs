//! Figure groups: the claims of one operation for one metric and scope (a period by
//! its days), and what they say of each other: disagreements, decreases, revisions
//! and publications that contradict themselves.

use std::collections::BTreeMap;

use crate::record::claim::Scope;
use crate::record::operation::Operation;
use crate::value::area::Area;
use crate::value::date::PartialDate;
use crate::value::id::{AgencyId, SourceId};
use crate::value::interval::Interval;
use crate::value::metric::Metric;

use super::{ClaimRef, Conflict, ConflictKind, FigureGroup, Reconciliation, SourceContradiction};

/// The time a claim's figure stands for, for telling which claims must agree: in a
/// closed reporting period every final figure (any date), otherwise its date.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Moment {
    Final,
    On(Option<PartialDate>),
}

fn moment(claim: &ClaimRef, closed_period: bool) -> Moment {
    if closed_period && !claim.interim {
        Moment::Final
    } else {
        Moment::On(claim.dated)
    }
}

/// Who stands behind a figure: its publisher, or its source when the publisher is
/// not known.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Publisher<'a> {
    Named(&'a str),
    Source(&'a SourceId),
}

fn publisher(claim: &ClaimRef) -> Publisher<'_> {
    claim
        .publisher
        .as_deref()
        .map_or(Publisher::Source(&claim.source), Publisher::Named)
}

fn high(claim: &ClaimRef) -> u64 {
    claim.interval.high().unwrap_or(u64::MAX)
}

pub(super) fn figure_groups(operation: &Operation, into: &mut Reconciliation) {
    // Periods by their days: `2019` and `2019-01-01/2019-12-31` are one period.
    type Key<'a> = (
        Metric,
        Option<Area>,
        Option<&'a AgencyId>,
        Option<(i64, i64)>,
    );
    let mut groups: BTreeMap<Key<'_>, (&Scope, Vec<ClaimRef>)> = BTreeMap::new();
    for claim in &operation.claims {
        let scope = &claim.scope;
        let days = scope
            .period
            .map(|p| (p.first_day_number(), p.last_day_number()));
        groups
            .entry((claim.metric, scope.area, scope.agency.as_ref(), days))
            .or_insert_with(|| (scope, Vec::new()))
            .1
            .push(ClaimRef::new(operation, claim));
    }
    for ((metric, ..), (scope, mut claims)) in groups {
        // Earliest first; undated last; claim order breaks ties (the sort is stable).
        claims.sort_by_key(|c| (c.dated.is_none(), c.dated));
        // A figure for a reporting period that has ended does not grow: final figures
        // for one period must agree whatever their dates.
        let closed_period = scope.period.is_some();
        let (revisions, superseded) = revisions(&claims, closed_period);
        let mut conflicts = conflicts(&claims, &superseded, metric.is_cumulative(), closed_period);
        conflicts.extend(revisions);
        conflicts.sort_by_key(|c| (c.second, c.first));
        let agreed = agreed(&claims, &superseded, closed_period);
        into.groups.push(FigureGroup {
            operation: operation.id.clone(),
            metric,
            scope: scope.clone(),
            consistent: consistent_sets(&claims),
            self_contradictions: self_contradictions(&claims, closed_period),
            claims,
            conflicts,
            agreed,
        });
    }
}

/// What the claims that stand all allow: in a closed period its final figures, else
/// the latest claims (those no other claim is certainly after); claims their own
/// publisher has since restated are left out. `None` when they conflict.
fn agreed(claims: &[ClaimRef], superseded: &[bool], closed_period: bool) -> Option<Interval> {
    let standing = || {
        claims
            .iter()
            .zip(superseded)
            .filter(|(_, s)| !**s)
            .map(|(c, _)| c)
    };
    let all = Interval::at_least(0);
    if closed_period && standing().any(|c| !c.interim) {
        return standing()
            .filter(|c| !c.interim)
            .try_fold(all, |acc, c| acc.intersection(&c.interval));
    }
    let newest_start = standing()
        .filter_map(|c| c.dated.map(|d| d.first_day_number()))
        .max();
    standing()
        .filter(|c| match (c.dated, newest_start) {
            (Some(d), Some(start)) => d.last_day_number() >= start,
            _ => true,
        })
        .try_fold(all, |acc, c| acc.intersection(&c.interval))
}

/// Revisions: a claim whose publisher states a figure for the same time in a later
/// publication is *superseded*; when the later figure does not allow the earlier,
/// it is a [revision](ConflictKind::Revision) of it. Each claim is listed with the
/// publisher's latest earlier statement it revises, when it revises it.
///
/// Publications are ordered by their dates when certainly one is before the other;
/// two of one day (or of dates too coarse to order) revise nothing. In `O(n log n)`.
fn revisions(claims: &[ClaimRef], closed_period: bool) -> (Vec<Conflict>, Vec<bool>) {
    let mut by_publisher: BTreeMap<(Moment, Publisher<'_>), Vec<(PartialDate, usize)>> =
        BTreeMap::new();
    for (index, claim) in claims.iter().enumerate() {
        if let Some(published) = claim.published {
            by_publisher
                .entry((moment(claim, closed_period), publisher(claim)))
                .or_default()
                .push((published, index));
        }
    }
    let mut superseded = vec![false; claims.len()];
    let mut found = Vec::new();
    for mut statements in by_publisher.into_values() {
        if statements.len() < 2 {
            continue;
        }
        statements.sort_by_key(|&(date, index)| (date.last_day_number(), index));
        let latest_start = statements
            .iter()
            .map(|(date, _)| date.first_day_number())
            .max()
            .unwrap_or(i64::MIN);
        for &(date, index) in &statements {
            if date.last_day_number() < latest_start
                && let Some(s) = superseded.get_mut(index)
            {
                *s = true;
            }
            // The latest statement certainly published before this one.
            let before =
                statements.partition_point(|(d, _)| d.last_day_number() < date.first_day_number());
            let Some(&(_, earlier)) = before.checked_sub(1).and_then(|i| statements.get(i)) else {
                continue;
            };
            let (Some(old), Some(new)) = (claims.get(earlier), claims.get(index)) else {
                continue;
            };
            if !old.interval.overlaps(&new.interval) {
                found.push(Conflict {
                    kind: ConflictKind::Revision,
                    first: earlier,
                    second: index,
                });
            }
        }
    }
    (found, superseded)
}

/// Every publication that contradicts itself: the claims of one source for one time
/// that conflict with another of its claims, ordered by their upper ends, from which
/// [`FigureGroup::contradicting_pairs`] lists every pair. Linear in the claims after
/// sorting, however many pairs there are.
fn self_contradictions(claims: &[ClaimRef], closed_period: bool) -> Vec<SourceContradiction> {
    let mut by_source: BTreeMap<(&SourceId, Moment), Vec<usize>> = BTreeMap::new();
    for (index, claim) in claims.iter().enumerate() {
        by_source
            .entry((&claim.source, moment(claim, closed_period)))
            .or_default()
            .push(index);
    }
    let mut found = Vec::new();
    for ((source, _), members) in by_source {
        let interval = |i: usize| claims.get(i).map(|c| c.interval);
        let lowest_high = members
            .iter()
            .filter_map(|&i| claims.get(i).map(high))
            .min()
            .unwrap_or(u64::MAX);
        let highest_low = members
            .iter()
            .filter_map(|&i| interval(i).map(|v| v.low()))
            .max()
            .unwrap_or(0);
        // A claim conflicts with another of the source's when one lies wholly below
        // it or wholly above it (never itself: its own interval is not empty).
        let mut conflicting: Vec<usize> = members
            .into_iter()
            .filter(|&i| {
                claims
                    .get(i)
                    .is_some_and(|c| lowest_high < c.interval.low() || highest_low > high(c))
            })
            .collect();
        if conflicting.is_empty() {
            continue;
        }
        conflicting.sort_by_key(|&i| (claims.get(i).map_or(u64::MAX, high), i));
        found.push(SourceContradiction {
            source: source.clone(),
            claims: conflicting,
        });
    }
    found
}

/// The claims in sets that each share a value: the fewest such sets, found by taking
/// claims by their highest value and opening a set whenever a claim lies above the
/// current set's value (the greedy stabbing of intervals).
fn consistent_sets(claims: &[ClaimRef]) -> Vec<Vec<usize>> {
    let mut order: Vec<usize> = (0..claims.len()).collect();
    let high = |i: usize| claims.get(i).map_or(u64::MAX, high);
    let low = |i: usize| claims.get(i).map_or(0, |c| c.interval.low());
    order.sort_by_key(|&i| (high(i), i));
    let mut sets: Vec<(u64, Vec<usize>)> = Vec::new();
    for i in order {
        match sets.last_mut() {
            Some((point, members)) if low(i) <= *point => members.push(i),
            _ => sets.push((high(i), vec![i])),
        }
    }
    sets.into_iter()
        .map(|(_, mut members)| {
            members.sort_unstable();
            members
        })
        .collect()
}

/// For each claim (in the group's order) not `skip`ped, an earlier claim it disagrees
/// with and an earlier claim it has fallen below, when there are such: in
/// `O(n log n)` time and at most two conflicts a claim, however many claims conflict
/// pairwise.
///
/// The earlier claims dated at overlapping times (or undated) are kept in ordered
/// sets of their interval ends, so the one most apart from the claim is found at
/// once; those certainly before it (cumulative metrics) by their greatest low end.
/// With `timeless`, every claim not marked interim is compared with every other such
/// claim, whatever their dates, and interim claims are left out.
fn conflicts(
    claims: &[ClaimRef],
    skip: &[bool],
    cumulative: bool,
    timeless: bool,
) -> Vec<Conflict> {
    use std::cmp::Reverse;
    use std::collections::{BTreeSet, BinaryHeap};

    // Earlier claims still overlapping in time, by high and by low end.
    let mut by_high: BTreeSet<(u64, usize)> = BTreeSet::new();
    let mut by_low: BTreeSet<(Reverse<u64>, usize)> = BTreeSet::new();
    // Their last days, to retire them once certainly before the current claim.
    let mut ends: BinaryHeap<Reverse<(i64, usize)>> = BinaryHeap::new();
    // Retired claims: the greatest low end among them, first such claim on ties.
    let mut retired_low: Option<(u64, usize)> = None;
    // Every earlier claim, for undated claims, which overlap every date.
    let mut all_high: Option<(u64, usize)> = None;
    let mut all_low: Option<(u64, usize)> = None;
    let mut found = Vec::new();
    for (index, claim) in claims.iter().enumerate() {
        if (timeless && claim.interim) || skip.get(index).copied().unwrap_or(false) {
            continue;
        }
        let (low, top) = (claim.interval.low(), high(claim));
        let dated = claim.dated.filter(|_| !timeless);
        let (candidate_high, candidate_low) = match dated {
            Some(date) => {
                let start = date.first_day_number();
                while let Some(&Reverse((end, earlier))) = ends.peek() {
                    if end >= start {
                        break;
                    }
                    ends.pop();
                    if let Some(old) = claims.get(earlier) {
                        by_high.remove(&(high(old), earlier));
                        by_low.remove(&(Reverse(old.interval.low()), earlier));
                        let better = retired_low.is_none_or(|(l, i)| {
                            old.interval.low() > l || (old.interval.low() == l && earlier < i)
                        });
                        if better {
                            retired_low = Some((old.interval.low(), earlier));
                        }
                    }
                }
                (
                    by_high.first().copied(),
                    by_low.first().map(|&(Reverse(l), i)| (l, i)),
                )
            }
            None => (all_high, all_low),
        };
        // Disagreement: an overlapping earlier claim entirely below or above.
        let below = candidate_high.filter(|&(h, _)| h < low);
        let above = candidate_low.filter(|&(l, _)| l > top);
        if let Some((_, earlier)) = below.or(above) {
            found.push(Conflict {
                kind: ConflictKind::Disagreement,
                first: earlier,
                second: index,
            });
        }
        // Decrease: a cumulative figure below one certainly before it.
        if cumulative
            && dated.is_some()
            && let Some((l, earlier)) = retired_low
            && top < l
        {
            found.push(Conflict {
                kind: ConflictKind::Decrease,
                first: earlier,
                second: index,
            });
        }
        if let Some(date) = dated {
            by_high.insert((top, index));
            by_low.insert((Reverse(low), index));
            ends.push(Reverse((date.last_day_number(), index)));
        }
        if all_high.is_none_or(|(h, _)| top < h) {
            all_high = Some((top, index));
        }
        if all_low.is_none_or(|(l, _)| low > l) {
            all_low = Some((low, index));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::date::DateRelation;
    use crate::value::quantity::Quantity;
    use proptest::prelude::*;

    const PUBLISHERS: [&str; 2] = ["A", "B"];

    fn claim(
        index: usize,
        quantity: Quantity,
        as_of: Option<PartialDate>,
        source: usize,
    ) -> ClaimRef {
        // Sources 0 to 3: publisher A (0, 1) or B (2, 3), published on dates that
        // are in order for A and too coarse to order for B; source 4 is not listed.
        let date = |text: &str| {
            text.parse::<PartialDate>()
                .unwrap_or_else(|_| unreachable!())
        };
        let published = ["2019", "2020-01", "2020-01-01", "2020"]
            .get(source)
            .map(|d| date(d));
        ClaimRef {
            claim: format!("c{index}")
                .parse()
                .unwrap_or_else(|_| unreachable!()),
            source: format!("s{source}")
                .parse()
                .unwrap_or_else(|_| unreachable!()),
            publisher: published.map(|_| PUBLISHERS[source / 2].to_owned()),
            quote: String::new(),
            paraphrase: false,
            interim: false,
            dated: as_of.or(published),
            published,
            period: None,
            interval: quantity.interval(),
            quantity,
        }
    }

    fn before(a: &ClaimRef, b: &ClaimRef) -> bool {
        matches!((a.dated, b.dated), (Some(x), Some(y)) if x.relation(&y) == DateRelation::Before)
    }

    /// The definition of disagreements and decreases: every pair, compared by their
    /// dates.
    fn pairwise(claims: &[ClaimRef], cumulative: bool) -> Vec<Conflict> {
        let mut found = Vec::new();
        for (i, a) in claims.iter().enumerate() {
            for (j, b) in claims.iter().enumerate().skip(i + 1) {
                let kind = if before(a, b) {
                    (cumulative && b.interval.high().is_some_and(|h| h < a.interval.low()))
                        .then_some(ConflictKind::Decrease)
                } else {
                    (!a.interval.overlaps(&b.interval)).then_some(ConflictKind::Disagreement)
                };
                if let Some(kind) = kind {
                    found.push(Conflict {
                        kind,
                        first: i,
                        second: j,
                    });
                }
            }
        }
        found
    }

    fn arb_claims() -> impl Strategy<Value = Vec<ClaimRef>> {
        prop::collection::vec(
            (
                prop_oneof![
                    (0u64..30).prop_map(Quantity::exact),
                    (0u64..30).prop_map(Quantity::at_least)
                ],
                // Few distinct "as of" dates, so that claims share days, months and
                // years.
                prop::option::of(prop_oneof![
                    (2020u16..2022)
                        .prop_map(|y| PartialDate::year(y).unwrap_or_else(|_| unreachable!())),
                    (1u8..3).prop_map(
                        |m| PartialDate::year_month(2020, m).unwrap_or_else(|_| unreachable!())
                    ),
                    (1u8..3, 1u8..3)
                        .prop_map(|(m, d)| PartialDate::ymd(2020, m, d)
                            .unwrap_or_else(|_| unreachable!())),
                    crate::arbitrary::partial_date(),
                ]),
                0usize..5,
            ),
            0..14,
        )
        .prop_map(|items| {
            let mut claims: Vec<ClaimRef> = items
                .into_iter()
                .enumerate()
                .map(|(i, (q, d, s))| claim(i, q, d, s))
                .collect();
            claims.sort_by_key(|c| (c.dated.is_none(), c.dated));
            claims
        })
    }

    proptest! {
        /// For a closed reporting period, dates do not matter: a claim is reported
        /// with one earlier claim whose interval it misses, when there is one, and
        /// never as a decrease.
        #[test]
        fn final_figures_for_a_period_all_agree_or_disagree(claims in arb_claims(), cumulative: bool) {
            let none = vec![false; claims.len()];
            let reported = conflicts(&claims, &none, cumulative, true);
            for second in 0..claims.len() {
                let exists = (0..second).any(|first| !claims[first].interval.overlaps(&claims[second].interval));
                let shown: Vec<&Conflict> = reported.iter().filter(|c| c.second == second).collect();
                prop_assert_eq!(shown.len(), usize::from(exists), "claim {}", second);
                for c in shown {
                    prop_assert_eq!(c.kind, ConflictKind::Disagreement);
                    prop_assert!(!claims[c.first].interval.overlaps(&claims[second].interval));
                }
            }
        }

        /// What is reported is true, and every claim that conflicts with an earlier
        /// claim is reported with one, of each kind.
        #[test]
        fn conflicts_are_pairwise_conflicts_one_per_claim_and_kind(claims in arb_claims(), cumulative: bool) {
            let none = vec![false; claims.len()];
            let all = pairwise(&claims, cumulative);
            let reported = conflicts(&claims, &none, cumulative, false);
            for c in &reported {
                prop_assert!(all.contains(c), "{:?} is not a conflict", c);
            }
            for kind in [ConflictKind::Disagreement, ConflictKind::Decrease] {
                for second in 0..claims.len() {
                    let exists = all.iter().any(|c| c.kind == kind && c.second == second);
                    let shown = reported.iter().filter(|c| c.kind == kind && c.second == second).count();
                    prop_assert_eq!(shown, usize::from(exists), "claim {} {:?}", second, kind);
                }
            }
        }

        /// Revisions are true by their definition, checked pair by pair: the same
        /// publisher, the same time, publications certainly in order, no shared
        /// value; a claim is superseded exactly when its publisher stated the figure
        /// for the same time certainly later; and no disagreement or decrease is
        /// left that is a publisher restating itself.
        #[test]
        fn revisions_are_a_publisher_restating_itself(claims in arb_claims(), closed: bool, cumulative: bool) {
            let (revisions, superseded) = revisions(&claims, closed);
            let same_time = |a: &ClaimRef, b: &ClaimRef| moment(a, closed) == moment(b, closed);
            let published_before = |a: &ClaimRef, b: &ClaimRef| matches!(
                (a.published, b.published),
                (Some(x), Some(y)) if x.last_day_number() < y.first_day_number()
            );
            let restates = |a: &ClaimRef, b: &ClaimRef| publisher(a) == publisher(b) && same_time(a, b) && published_before(a, b);
            for r in &revisions {
                let (a, b) = (&claims[r.first], &claims[r.second]);
                prop_assert!(restates(a, b) && !a.interval.overlaps(&b.interval), "{:?}", r);
            }
            for (i, a) in claims.iter().enumerate() {
                prop_assert_eq!(superseded[i], claims.iter().any(|b| restates(a, b)), "claim {}", i);
            }
            let reported = conflicts(&claims, &superseded, cumulative, closed);
            for c in &reported {
                prop_assert!(!superseded[c.first] && !superseded[c.second]);
                prop_assert!(!restates(&claims[c.first], &claims[c.second]));
            }
        }

        /// Every pair of conflicting claims of one source for one time is listed, once,
        /// and nothing else.
        #[test]
        fn self_contradictions_list_every_pair_of_a_source(claims in arb_claims(), closed: bool) {
            let group = FigureGroup {
                operation: "op".parse().unwrap_or_else(|_| unreachable!()),
                metric: Metric::Arrests,
                scope: Scope::whole(),
                consistent: Vec::new(),
                self_contradictions: self_contradictions(&claims, closed),
                claims: claims.clone(),
                conflicts: Vec::new(),
                agreed: None,
            };
            let mut listed: Vec<(usize, usize)> = group
                .self_contradictions
                .iter()
                .flat_map(|s| group.contradicting_pairs(s))
                .map(|(a, b)| (a.min(b), a.max(b)))
                .collect();
            listed.sort_unstable();
            let mut expected = Vec::new();
            for (i, a) in claims.iter().enumerate() {
                for (j, b) in claims.iter().enumerate().skip(i + 1) {
                    if a.source == b.source && moment(a, closed) == moment(b, closed) && !a.interval.overlaps(&b.interval) {
                        expected.push((i, j));
                    }
                }
            }
            prop_assert_eq!(listed, expected);
        }

        /// Consistent sets partition the claims, and each set's claims share a value.
        #[test]
        fn consistent_sets_share_a_value(claims in arb_claims()) {
            let sets = consistent_sets(&claims);
            let mut seen: Vec<usize> = sets.iter().flatten().copied().collect();
            seen.sort_unstable();
            prop_assert_eq!(seen, (0..claims.len()).collect::<Vec<_>>());
            for set in &sets {
                let common = set.iter().try_fold(Interval::at_least(0), |acc, &i| acc.intersection(&claims[i].interval));
                prop_assert!(common.is_some());
            }
        }
    }
}
