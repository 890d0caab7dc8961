//! Proptest strategies for the crate's types (feature `proptest`), so that users can
//! property-test code that consumes datasets.
//!
//! Every strategy yields only valid values: they are built through the same
//! constructors as parsed input. Generated datasets are well-formed but not
//! necessarily free of validation findings.
//!
//! # Example
//!
//! ```
//! use investigation_outcomes::{Dataset, arbitrary};
//! use proptest::prelude::*;
//! use proptest::test_runner::TestRunner;
//!
//! let mut runner = TestRunner::default();
//! runner.run(&arbitrary::dataset(), |dataset| {
//!     let json = dataset.to_json_string();
//!     prop_assert_eq!(Dataset::from_json_str(&json).unwrap(), dataset);
//!     Ok(())
//! }).unwrap();
//! ```

use std::num::NonZeroU32;

use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;
use proptest::sample::select;

use crate::io::dataset::Dataset;
use crate::record::agency::Agency;
use crate::record::agency::AgencyKind;
use crate::record::case::Case;
use crate::record::case::Events;
use crate::record::charge::Charge;
use crate::record::charge::Disposition;
use crate::record::charge::Outcome;
use crate::record::claim::Claim;
use crate::record::claim::Scope;
use crate::record::defendant::AgeBand;
use crate::record::defendant::Defendant;
use crate::record::offence::Offence;
use crate::record::offence::OffenceKind;
use crate::record::operation::Alias;
use crate::record::operation::Operation;
use crate::record::referral::Referral;
use crate::record::referral::ReferralKind;
use crate::record::sentence::Penalty;
use crate::record::sentence::ReleaseLength;
use crate::record::sentence::Runs;
use crate::record::sentence::Sentence;
use crate::record::sentence::SentenceComponent;
use crate::record::sentence::SentenceStatus;
use crate::record::source::Citation;
use crate::record::source::Source;
use crate::record::statute::StatuteRef;
use crate::value::area::Area;
use crate::value::date::PartialDate;
use crate::value::event_date::EventDate;
use crate::value::iccs::IccsCode;
use crate::value::id::AgencyId;
use crate::value::id::CaseId;
use crate::value::id::ChargeId;
use crate::value::id::ClaimId;
use crate::value::id::DefendantId;
use crate::value::id::OperationId;
use crate::value::id::SourceId;
use crate::value::jurisdiction::Jurisdiction;
use crate::value::metric::{CountingUnit, Metric, MetricExtension};
use crate::value::money::Currency;
use crate::value::period::Period;
use crate::value::quantity::Magnitude;
use crate::value::quantity::Quantity;
use crate::value::region::Region;
use crate::value::term::Term;

fn codes() -> Vec<&'static str> {
    crate::value::jurisdiction::all_jurisdiction_codes().collect()
}

/// Any jurisdiction from the ISO 3166 lists.
pub fn jurisdiction() -> impl Strategy<Value = Jurisdiction> {
    select(codes()).prop_filter_map("listed code", |c| Jurisdiction::new(c).ok())
}

/// Any M49 region the crate knows.
pub fn region() -> impl Strategy<Value = Region> {
    select(Region::all().collect::<Vec<_>>())
}

/// Any area: jurisdictions, regions and remainders.
pub fn area() -> impl Strategy<Value = Area> {
    prop_oneof![
        4 => jurisdiction().prop_map(Area::Jurisdiction),
        1 => region().prop_map(Area::Region),
        1 => jurisdiction().prop_map(Area::RestOfJurisdiction),
        1 => region().prop_map(Area::RestOfRegion),
    ]
}

/// Any partial date, at any precision, between 1990 and 2035.
pub fn partial_date() -> impl Strategy<Value = PartialDate> {
    (1990u16..=2035, 0u8..=12, 0u8..=31).prop_filter_map("calendar date", |(y, m, d)| {
        match (m, d) {
            (0, _) => PartialDate::year(y).ok(),
            (m, 0) => PartialDate::year_month(y, m).ok(),
            (m, d) => PartialDate::ymd(y, m, d).ok(),
        }
    })
}

/// Any term up to 150 years.
pub fn term() -> impl Strategy<Value = Term> {
    (0u32..150, 0u32..24, 0u32..400).prop_map(|(y, m, d)| Term::new(y, m, d))
}

/// Any quantity, with every qualifier.
pub fn quantity() -> impl Strategy<Value = Quantity> {
    let value = prop_oneof![0u64..200, (1u64..200).prop_map(|v| v * 1000), any::<u64>()];
    let magnitude = select(vec![
        Magnitude::Dozens,
        Magnitude::Hundreds,
        Magnitude::Thousands,
        Magnitude::TensOfThousands,
        Magnitude::HundredsOfThousands,
        Magnitude::Millions,
    ]);
    (
        0u8..10,
        value.clone(),
        value,
        option::of(1u64..100),
        magnitude,
    )
        .prop_filter_map(
            "representable quantity",
            |(kind, a, b, precision, magnitude)| {
                let quantity = match kind {
                    0 => Quantity::exact(a),
                    1 => Quantity::approximately(a).ok()?,
                    2 => Quantity::at_least(a),
                    3 => Quantity::more_than(a).ok()?,
                    4 => Quantity::at_most(a),
                    5 => Quantity::fewer_than(a).ok()?,
                    6 => Quantity::almost(a).ok()?,
                    7 => Quantity::just_over(a).ok()?,
                    8 => Quantity::between(a, b).ok()?,
                    _ => Quantity::magnitude(magnitude),
                };
                match precision {
                    Some(p) if matches!(kind, 1 | 6 | 7) => quantity.with_precision(p).ok(),
                    _ => Some(quantity),
                }
            },
        )
}

/// Any well-formed ICCS code.
pub fn iccs_code() -> impl Strategy<Value = IccsCode> {
    "(0[1-9]|1[01])([0-9]{2}([0-9]{1,2})?)?"
        .prop_filter_map("ICCS code", |s| IccsCode::new(&s).ok())
}

fn id_text() -> impl Strategy<Value = String> {
    "[a-z0-9][a-z0-9._:-]{0,11}"
}

fn text() -> impl Strategy<Value = String> {
    // Any Unicode, including quotes, escapes and control characters.
    any::<String>().prop_map(|s| s.chars().take(40).collect())
}

fn code<T: Copy + std::fmt::Debug + 'static>(all: &'static [T]) -> impl Strategy<Value = T> {
    select(all)
}

fn statute() -> impl Strategy<Value = StatuteRef> {
    (jurisdiction(), text(), "[0-9]{1,3}[A-Z]?(\\([0-9]\\))?").prop_map(
        |(jurisdiction, act, section)| StatuteRef {
            jurisdiction,
            act,
            section,
        },
    )
}

/// Any penalty, of every kind.
pub fn penalty() -> impl Strategy<Value = Penalty> {
    prop_oneof![
        term().prop_map(|term| Penalty::Imprisonment { term }),
        option::of(term()).prop_map(|minimum| Penalty::LifeImprisonment { minimum }),
        option::of(term()).prop_map(|minimum| Penalty::IndefiniteDetention { minimum }),
        term().prop_map(|term| Penalty::HomeDetention { term }),
        term().prop_map(|term| Penalty::CommunityDetention { term }),
        term().prop_map(|term| Penalty::IntensiveSupervision { term }),
        term().prop_map(|term| Penalty::Supervision { term }),
        (0u32..1000).prop_map(|hours| Penalty::CommunityWork { hours }),
        (any::<u64>(), "[A-Z]{3}").prop_filter_map("currency", |(amount, c)| Some(Penalty::Fine {
            amount,
            currency: Currency::new(&c).ok()?,
        })),
        prop_oneof![
            term().prop_map(ReleaseLength::Term),
            Just(ReleaseLength::Life)
        ]
        .prop_map(|length| Penalty::SupervisedRelease { length }),
        (term(), option::of(term())).prop_map(|(term, operational_period)| {
            Penalty::SuspendedImprisonment {
                term,
                operational_period,
            }
        }),
        Just(Penalty::Discharge),
        text().prop_map(|description| Penalty::Other { description }),
    ]
}

fn component(charge_ids: Vec<ChargeId>) -> impl Strategy<Value = SentenceComponent> {
    let charges = if charge_ids.is_empty() {
        Just(Vec::new()).boxed()
    } else {
        proptest::sample::subsequence(charge_ids.clone(), 0..=charge_ids.len()).boxed()
    };
    (penalty(), charges, option::of(code(Runs::ALL))).prop_map(|(penalty, charges, runs)| {
        SentenceComponent {
            penalty,
            charges: charges.into(),
            runs,
        }
    })
}

/// Any citation: a source identifier and a quote, perhaps a paraphrase.
pub fn citation() -> impl Strategy<Value = Citation> {
    (id_text(), text(), any::<bool>()).prop_filter_map("citation", |(source, quote, paraphrase)| {
        Some(Citation {
            source: SourceId::new(source).ok()?,
            quote,
            paraphrase,
        })
    })
}

fn sentence(charge_ids: Vec<ChargeId>) -> impl Strategy<Value = Sentence> {
    let status = prop_oneof![
        Just(SentenceStatus::Final),
        Just(SentenceStatus::Appealed),
        (
            vec(component(charge_ids.clone()), 0..3),
            option::of(partial_date())
        )
            .prop_map(|(original, varied)| SentenceStatus::VariedOnAppeal { original, varied }),
    ];
    (
        vec(component(charge_ids), 0..4),
        status,
        vec(citation(), 0..2),
    )
        .prop_map(|(components, status, citations)| Sentence {
            components,
            status,
            citations,
        })
}

fn charge() -> impl Strategy<Value = Charge> {
    (
        id_text(),
        code(OffenceKind::ALL),
        iccs_code(),
        option::of(statute()),
        1u32..500,
        option::of(partial_date()),
        code(Outcome::ALL),
        option::of(partial_date()),
        vec(citation(), 0..2),
    )
        .prop_filter_map(
            "charge",
            |(id, kind, iccs, statute, counts, offence_date, outcome, date, citations)| {
                Some(Charge {
                    id: ChargeId::new(id).ok()?,
                    offence: Offence {
                        kind,
                        iccs,
                        statute,
                    },
                    counts: NonZeroU32::new(counts)?,
                    offence_date,
                    disposition: Disposition { outcome, date },
                    citations,
                })
            },
        )
}

/// Any reporting period: a year, a financial year, a quarter or a range of dates.
pub fn period() -> impl Strategy<Value = Period> {
    prop_oneof![
        (1u16..=9999).prop_filter_map("year", |y| Period::year(y).ok()),
        (1u16..=9998, 1u8..=12)
            .prop_filter_map("financial year", |(y, m)| Period::financial_year(y, m).ok()),
        (1u16..=9999, 1u8..=4).prop_filter_map("quarter", |(y, q)| Period::quarter(y, q).ok()),
        (partial_date(), partial_date()).prop_filter_map("range", |(a, b)| {
            let (from, to) = if a.first_day_number() <= b.first_day_number() {
                (a, b)
            } else {
                (b, a)
            };
            Period::range(from, to).ok()
        }),
    ]
}

/// When an event happened: mostly on a date, now and then undated.
pub fn event_date() -> impl Strategy<Value = EventDate> {
    prop_oneof![
        4 => partial_date().prop_map(EventDate::On),
        1 => Just(EventDate::Undated),
    ]
}

fn events() -> impl Strategy<Value = Events> {
    (
        option::of(event_date()),
        option::of(event_date()),
        option::of(event_date()),
        option::of(event_date()),
        option::of(event_date()),
    )
        .prop_map(|(arrested, charged, pleaded, verdict, sentenced)| Events {
            arrested,
            charged,
            pleaded,
            verdict,
            sentenced,
        })
}

/// Any case, with charges and possibly a sentence referring to them.
pub fn case() -> impl Strategy<Value = Case> {
    (
        id_text(),
        jurisdiction(),
        id_text(),
        option::of((0u8..=100, option::of(0u8..=20))),
        option::of(text()),
        events(),
        vec(charge(), 0..4),
        vec(citation(), 0..3),
    )
        .prop_flat_map(
            |(id, jurisdiction, defendant, band, court, events, charges, citations)| {
                let charge_ids: Vec<ChargeId> = charges.iter().map(|c| c.id.clone()).collect();
                (
                    Just((
                        id,
                        jurisdiction,
                        defendant,
                        band,
                        court,
                        events,
                        charges,
                        citations,
                    )),
                    option::of(sentence(charge_ids)),
                )
            },
        )
        .prop_filter_map(
            "case",
            |((id, jurisdiction, defendant, band, court, events, charges, citations), sentence)| {
                let age_band = match band {
                    Some((low, width)) => Some(
                        AgeBand::new(low, width.map(|w| low.saturating_add(w).min(120))).ok()?,
                    ),
                    None => None,
                };
                Some(Case {
                    id: CaseId::new(id).ok()?,
                    jurisdiction,
                    defendant: Defendant {
                        id: DefendantId::new(defendant).ok()?,
                        age_band,
                    },
                    court,
                    events,
                    charges,
                    sentence,
                    citations,
                })
            },
        )
}

fn source() -> impl Strategy<Value = Source> {
    (
        id_text(),
        option::of(text()),
        option::of(text()),
        option::of(text()),
        partial_date(),
    )
        .prop_filter_map("source", |(id, publisher, title, url, published)| {
            Some(Source {
                id: SourceId::new(id).ok()?,
                publisher,
                title,
                url,
                published,
            })
        })
}

fn agency() -> impl Strategy<Value = Agency> {
    (
        id_text(),
        text(),
        option::of(code(AgencyKind::ALL)),
        option::of(jurisdiction()),
    )
        .prop_filter_map("agency", |(id, name, kind, jurisdiction)| {
            Some(Agency {
                id: AgencyId::new(id).ok()?,
                name,
                kind,
                jurisdiction,
            })
        })
}

/// Any metric: one of the list, or now and then an extension.
pub fn metric() -> impl Strategy<Value = Metric> {
    prop_oneof![
        9 => code(Metric::ALL),
        1 => ("[a-z][a-z0-9_]{0,39}", code(CountingUnit::ALL)).prop_filter_map(
            "extension metric",
            |(name, unit)| MetricExtension::new(&name, unit).ok().map(Metric::Other)
        ),
    ]
}

fn claim() -> impl Strategy<Value = Claim> {
    (
        id_text(),
        metric(),
        option::of(area()),
        option::of(id_text()),
        quantity(),
        option::of(partial_date()),
        (id_text(), text(), any::<bool>()),
        option::of(id_text()),
        (option::of(period()), any::<bool>()),
    )
        .prop_filter_map(
            "claim",
            |(
                id,
                metric,
                area,
                agency,
                quantity,
                as_of,
                (source, quote, paraphrase),
                part_of,
                (period, interim),
            )| {
                Some(Claim {
                    id: ClaimId::new(id).ok()?,
                    metric,
                    scope: Scope {
                        area,
                        agency: agency.map(AgencyId::new).transpose().ok()?,
                        period,
                    },
                    quantity,
                    as_of,
                    citation: Citation {
                        source: SourceId::new(source).ok()?,
                        quote,
                        paraphrase,
                    },
                    part_of: part_of.map(ClaimId::new).transpose().ok()?,
                    interim,
                })
            },
        )
}

/// Any operation, with agencies, sources, claims and cases.
pub fn operation() -> impl Strategy<Value = Operation> {
    (
        (
            id_text(),
            text(),
            vec((text(), jurisdiction()), 0..2),
            option::of(id_text()),
            vec(id_text(), 0..3),
        ),
        (
            vec(jurisdiction(), 0..4),
            option::of(partial_date()),
            option::of(partial_date()),
            option::of(partial_date()),
        ),
        option::of((
            code(ReferralKind::ALL),
            option::of(partial_date()),
            option::of(id_text()),
            option::of(text()),
        )),
        (
            vec(agency(), 0..3),
            vec(source(), 0..3),
            vec(claim(), 0..5),
            vec(case(), 0..4),
        ),
    )
        .prop_filter_map(
            "operation",
            |(
                (id, name, aliases, lead, partners),
                (participants, started, ended, announced),
                referral,
                (agencies, sources, claims, cases),
            )| {
                Some(Operation {
                    id: OperationId::new(id).ok()?,
                    name,
                    aliases: aliases
                        .into_iter()
                        .map(|(name, jurisdiction)| Alias { name, jurisdiction })
                        .collect(),
                    lead_agency: lead.map(AgencyId::new).transpose().ok()?,
                    partner_agencies: partners
                        .into_iter()
                        .map(AgencyId::new)
                        .collect::<Result<_, _>>()
                        .ok()?,
                    participants,
                    started,
                    ended,
                    announced,
                    referral: match referral {
                        Some((kind, received, from, note)) => Some(Referral {
                            kind,
                            received,
                            from: from.map(AgencyId::new).transpose().ok()?,
                            note,
                        }),
                        None => None,
                    },
                    agencies,
                    sources,
                    claims,
                    cases,
                })
            },
        )
}

/// Any dataset of up to three operations.
pub fn dataset() -> impl Strategy<Value = Dataset> {
    vec(operation(), 0..3).prop_map(Dataset::new)
}
