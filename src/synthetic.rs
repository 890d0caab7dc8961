//! Seeded synthetic datasets for benchmarks, tests and demonstrations.
//!
//! The generator makes realistic-looking records: operations led from one country
//! with partners drawn from the real ISO 3166 lists, cases in participating countries
//! and their subdivisions, events in order, charges with mostly ICCS `030221`
//! offences and a spread of dispositions, and sentences whose components respect the
//! New Zealand limits and the bundled statutory maxima. Each operation also carries a
//! few reported figures. Nothing in it describes a real person or event.
//!
//! The same configuration always gives the same operations, on every platform.
//!
//! # Example
//!
//! ```
//! use investigation_outcomes::synthetic::{Generator, SyntheticConfig};
//!
//! let config = SyntheticConfig { seed: 7, operations: 3, cases: 100 };
//! let dataset = config.dataset();
//! assert_eq!(dataset.operations.len(), 3);
//! assert_eq!(dataset.operations.iter().map(|o| o.cases.len()).sum::<usize>(), 100);
//! assert_eq!(Generator::new(config).next(), dataset.operations.into_iter().next());
//! ```

use std::num::NonZeroU32;

use chrono::{Datelike, Days, NaiveDate};

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
use crate::record::operation::Operation;
use crate::record::penalty::NZ_FVPCA;
use crate::record::referral::Referral;
use crate::record::referral::ReferralKind;
use crate::record::sentence::Penalty;
use crate::record::sentence::Runs;
use crate::record::sentence::Sentence;
use crate::record::sentence::SentenceComponent;
use crate::record::sentence::SentenceStatus;
use crate::record::source::Citation;
use crate::record::source::Source;
use crate::record::statute::StatuteRef;
use crate::util::rng::SplitMix64;
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
use crate::value::metric::Metric;
use crate::value::money::Currency;
use crate::value::quantity::Quantity;
use crate::value::term::Term;

/// What to generate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SyntheticConfig {
    /// The seed: the same seed gives the same dataset.
    pub seed: u64,
    /// How many operations.
    pub operations: usize,
    /// How many cases in all, spread over the operations.
    pub cases: usize,
}

impl SyntheticConfig {
    /// The whole dataset at once (see [`Generator`] to stream it).
    pub fn dataset(self) -> Dataset {
        Dataset::new(Generator::new(self).collect())
    }
}

/// Generates operations one at a time, so that large datasets can be streamed.
#[derive(Clone, Debug)]
pub struct Generator {
    config: SyntheticConfig,
    rng: SplitMix64,
    next_operation: usize,
    cases_left: usize,
    countries: Vec<Country>,
}

#[derive(Clone, Debug)]
struct Country {
    country: Jurisdiction,
    subdivisions: Vec<Jurisdiction>,
    weight: u32,
}

// Countries that often take part, with rough weights; others come from the full list.
const FREQUENT: &[(&str, u32)] = &[
    ("US", 30),
    ("GB", 25),
    ("AU", 20),
    ("CA", 15),
    ("NZ", 12),
    ("DE", 12),
    ("NL", 10),
    ("FR", 8),
    ("ES", 6),
    ("IT", 6),
    ("SE", 5),
    ("NO", 4),
    ("DK", 4),
    ("IE", 4),
    ("BE", 4),
    ("PL", 3),
    ("BR", 3),
    ("PH", 3),
    ("TH", 2),
    ("ZA", 2),
];

impl Generator {
    /// A generator for the configuration.
    pub fn new(config: SyntheticConfig) -> Self {
        let countries = FREQUENT
            .iter()
            .filter_map(|&(code, weight)| {
                let country = Jurisdiction::new(code).ok()?;
                let listed = rust_iso3166::from_alpha2(code)?;
                let subdivisions = listed
                    .subdivisions()
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|s| Jurisdiction::new(s.code).ok())
                    .collect();
                Some(Country {
                    country,
                    subdivisions,
                    weight,
                })
            })
            .collect();
        Self {
            config,
            rng: SplitMix64::new(config.seed),
            next_operation: 0,
            cases_left: config.cases,
            countries,
        }
    }

    /// The day, or (less often) only its month or year.
    fn date(&mut self, day: NaiveDate) -> Option<PartialDate> {
        let year = u16::try_from(day.year()).ok()?;
        let month = u8::try_from(day.month()).ok()?;
        match self.rng.weighted(&[85, 10, 5]) {
            0 => PartialDate::try_from(day).ok(),
            1 => PartialDate::year_month(year, month).ok(),
            _ => PartialDate::year(year).ok(),
        }
    }

    fn operation(&mut self, index: usize) -> Operation {
        let operations_left = self.config.operations.saturating_sub(index).max(1);
        let share = self.cases_left / operations_left;
        let cases = if operations_left == 1 {
            self.cases_left
        } else {
            // Operations differ in size: between half and one and a half shares.
            let low = share / 2;
            let high = (share + share / 2).min(self.cases_left);
            usize::try_from(self.rng.between(low as u64, high as u64)).unwrap_or(share)
        };
        self.cases_left -= cases;

        let id = format!("op-{index:06}");
        let weights: Vec<u32> = self.countries.iter().map(|c| c.weight).collect();
        let lead = self.rng.weighted(&weights);
        let mut participants = vec![lead];
        let partners = self.rng.between(0, 12);
        for _ in 0..partners {
            let p = self.rng.weighted(&weights);
            if !participants.contains(&p) {
                participants.push(p);
            }
        }
        // Now and then, a country from outside the usual list.
        let mut extra = Vec::new();
        if self.rng.chance(0.2)
            && let Some(country) = self
                .rng
                .pick(rust_iso3166::ALL)
                .and_then(|c| Jurisdiction::new(c.alpha2).ok())
        {
            extra.push(country);
        }

        let start_year = i32::try_from(self.rng.between(2010, 2023)).unwrap_or(2015);
        let start = NaiveDate::from_ymd_opt(
            start_year,
            u32::try_from(self.rng.between(1, 12)).unwrap_or(1),
            1,
        )
        .unwrap_or(NaiveDate::MIN);
        let mut participant_codes: Vec<Jurisdiction> = participants
            .iter()
            .filter_map(|&p| self.countries.get(p).map(|c| c.country))
            .collect();
        for country in extra {
            if !participant_codes.contains(&country) {
                participant_codes.push(country);
            }
        }

        let lead_country = participant_codes.first().copied();
        let agency_id = AgencyId::from_trusted(format!("{id}-lead"));
        let agencies = vec![Agency {
            id: agency_id.clone(),
            name: format!("Lead agency of {id}"),
            kind: Some(AgencyKind::Police),
            jurisdiction: lead_country,
        }];

        let mut case_records = Vec::with_capacity(cases);
        for n in 0..cases {
            let which = *participants
                .get(usize::try_from(self.rng.below(participants.len() as u64)).unwrap_or(0))
                .unwrap_or(&lead);
            let country = self.countries.get(which).cloned();
            if let Some(country) = country {
                case_records.push(self.case(&id, n, &country, start));
            }
        }

        let source_id = SourceId::from_trusted(format!("{id}-release"));
        let published = NaiveDate::from_ymd_opt(start_year + 3, 6, 30)
            .and_then(|d| PartialDate::try_from(d).ok());
        let (sources, claims) = match published {
            Some(published) => (
                vec![Source {
                    id: source_id.clone(),
                    publisher: Some(format!("Lead agency of {id}")),
                    title: Some(format!("Results of {id}")),
                    url: None,
                    published,
                }],
                self.claims(&participant_codes, &case_records, &source_id, published),
            ),
            None => (Vec::new(), Vec::new()),
        };

        Operation {
            id: OperationId::from_trusted(id.clone()),
            name: format!("Synthetic operation {index}"),
            aliases: Vec::new(),
            lead_agency: Some(agency_id),
            partner_agencies: Vec::new(),
            participants: participant_codes,
            started: PartialDate::year_month(
                u16::try_from(start_year).unwrap_or(2015),
                u8::try_from(start.month()).unwrap_or(1),
            )
            .ok(),
            ended: None,
            announced: published,
            referral: Some(Referral {
                kind: [
                    ReferralKind::ElectronicServiceProvider,
                    ReferralKind::NcmecCybertipline,
                    ReferralKind::ForeignLawEnforcement,
                    ReferralKind::Undercover,
                ]
                .get(self.rng.weighted(&[4, 3, 2, 1]))
                .copied()
                .unwrap_or(ReferralKind::Other),
                received: PartialDate::year(u16::try_from(start_year).unwrap_or(2015)).ok(),
                from: None,
                note: None,
            }),
            agencies,
            sources,
            claims,
            cases: case_records,
        }
    }

    fn claims(
        &mut self,
        participants: &[Jurisdiction],
        cases: &[Case],
        source: &SourceId,
        as_of: PartialDate,
    ) -> Vec<Claim> {
        let mut claims = Vec::new();
        let citation = |quote: String| Citation::new(source.clone(), quote);
        let arrested_in = |j: Jurisdiction| {
            cases
                .iter()
                .filter(|c| j.contains(c.jurisdiction) && c.events.arrested.is_some())
                .count() as u64
        };
        let total_id = ClaimId::from_trusted(format!("{source}-arrests"));
        let total: u64 = participants.iter().map(|&j| arrested_in(j)).sum();
        claims.push(Claim {
            id: total_id.clone(),
            metric: Metric::Arrests,
            scope: Scope::whole(),
            quantity: Quantity::exact(total),
            as_of: Some(as_of),
            citation: citation(format!("{total} people were arrested")),
            part_of: None,
            interim: false,
        });
        for &j in participants {
            let arrested = arrested_in(j);
            // Some agencies round, and some report late.
            let quantity = match self.rng.weighted(&[6, 2, 1]) {
                0 => Quantity::exact(arrested),
                1 => Quantity::at_least(arrested.saturating_sub(self.rng.below(3))),
                _ => Quantity::exact(arrested.saturating_sub(self.rng.below(2))),
            };
            claims.push(Claim {
                id: ClaimId::from_trusted(format!("{source}-arrests-{j}")),
                metric: Metric::Arrests,
                scope: Scope::area(j),
                quantity,
                as_of: Some(as_of),
                citation: citation(format!("{quantity} arrested in {}", j.name())),
                part_of: Some(total_id.clone()),
                interim: false,
            });
        }
        let children = (cases.len() as u64) / 4 + self.rng.below(5);
        if let Ok(quantity) = Quantity::approximately(children.next_multiple_of(10)) {
            claims.push(Claim {
                id: ClaimId::from_trusted(format!("{source}-children")),
                metric: Metric::ChildrenSafeguarded,
                scope: Scope::whole(),
                quantity,
                as_of: Some(as_of),
                citation: citation(format!(
                    "about {} children were safeguarded",
                    children.next_multiple_of(10)
                )),
                part_of: None,
                interim: false,
            });
        }
        claims
    }

    fn case(&mut self, operation: &str, n: usize, country: &Country, start: NaiveDate) -> Case {
        let jurisdiction = if !country.subdivisions.is_empty() && self.rng.chance(0.5) {
            *self
                .rng
                .pick(&country.subdivisions)
                .unwrap_or(&country.country)
        } else {
            country.country
        };
        let is_nz = country.country.as_str() == "NZ";
        let day = |rng: &mut SplitMix64, from: NaiveDate, low: u64, high: u64| {
            from.checked_add_days(Days::new(rng.between(low, high)))
                .unwrap_or(from)
        };
        let arrested = day(&mut self.rng, start, 30, 1500);
        let charged = day(&mut self.rng, arrested, 0, 30);
        let stage = self.rng.weighted(&[8, 10, 12, 70]); // arrested, charged, awaiting verdict, sentenced
        let verdict = day(&mut self.rng, charged, 60, 700);
        let sentenced = day(&mut self.rng, verdict, 0, 120);

        let mut events = Events {
            arrested: self.date(arrested).map(EventDate::On),
            ..Events::default()
        };
        if stage >= 1 {
            events.charged = self.date(charged).map(EventDate::On);
        }
        if stage >= 3 {
            if self.rng.chance(0.6) {
                let pleaded = day(&mut self.rng, charged, 1, 50);
                events.pleaded = self.date(pleaded).map(EventDate::On);
            }
            events.verdict = self.date(verdict).map(EventDate::On);
        }

        let mut charges = Vec::new();
        if stage >= 1 {
            let how_many = 1 + self.rng.weighted(&[40, 25, 15, 10, 10]);
            // Exactly as long as needed, as vectors read from JSON are.
            charges.reserve_exact(how_many);
            for c in 0..how_many {
                let nz = is_nz.then_some(country.country);
                charges.push(self.charge(c, nz, stage, arrested, verdict));
            }
        }
        let convicted: Vec<&Charge> = charges
            .iter()
            .filter(|c| c.disposition.outcome.is_conviction())
            .collect();
        let sentence = if stage >= 3 && !convicted.is_empty() {
            events.sentenced = self.date(sentenced).map(EventDate::On);
            Some(self.sentence(&convicted, is_nz))
        } else {
            None
        };
        let age_low = u8::try_from(self.rng.between(2, 7) * 10).unwrap_or(30);
        Case {
            id: CaseId::from_trusted(format!("{operation}-c{n}")),
            jurisdiction,
            defendant: Defendant {
                id: DefendantId::from_trusted(format!("{operation}-d{n}")),
                age_band: AgeBand::new(age_low, Some(age_low + 9)).ok(),
            },
            court: None,
            events,
            charges,
            sentence,
            citations: Vec::new(),
        }
    }

    fn charge(
        &mut self,
        index: usize,
        nz: Option<Jurisdiction>,
        stage: usize,
        arrested: NaiveDate,
        verdict: NaiveDate,
    ) -> Charge {
        const CP: IccsCode = IccsCode::CHILD_PORNOGRAPHY;
        const KINDS: [(OffenceKind, IccsCode, u32, &str); 9] = [
            (OffenceKind::Possession, CP, 35, "131A"),
            (OffenceKind::Accessing, CP, 15, "131A"),
            (OffenceKind::Distribution, CP, 25, "124"),
            (OffenceKind::Production, CP, 8, "124"),
            (OffenceKind::Advertising, CP, 3, "124"),
            (
                OffenceKind::Grooming,
                IccsCode::SEXUAL_GROOMING_OF_CHILDREN,
                6,
                "",
            ),
            (
                OffenceKind::LiveStreamedAbuse,
                IccsCode::OTHER_SEXUAL_EXPLOITATION_OF_CHILDREN,
                3,
                "",
            ),
            (OffenceKind::Administering, CP, 2, "124"),
            (
                OffenceKind::Other,
                IccsCode::OTHER_SEXUAL_EXPLOITATION,
                3,
                "",
            ),
        ];
        let is_nz = nz.is_some();
        let weights: Vec<u32> = KINDS.iter().map(|k| k.2).collect();
        let (kind, iccs, _, section) = KINDS.get(self.rng.weighted(&weights)).copied().unwrap_or((
            OffenceKind::Other,
            IccsCode::OTHER_SEXUAL_EXPLOITATION,
            1,
            "",
        ));
        let statute = nz
            .filter(|_| !section.is_empty())
            .map(|jurisdiction| StatuteRef {
                jurisdiction,
                act: NZ_FVPCA.to_owned(),
                section: section.to_owned(),
            });
        let offence_day = arrested
            .checked_sub_days(Days::new(self.rng.between(1, 700)))
            .unwrap_or(arrested);
        let outcome = if stage < 3 {
            Outcome::Pending
        } else {
            let outcomes = [
                Outcome::Convicted,
                Outcome::Withdrawn,
                Outcome::Dismissed,
                Outcome::Acquitted,
                Outcome::DischargedWithoutConviction,
                Outcome::Diverted,
                Outcome::Unknown,
            ];
            let weights = [75, 10, 4, 4, if is_nz { 3 } else { 0 }, 2, 2];
            outcomes
                .get(self.rng.weighted(&weights))
                .copied()
                .unwrap_or(Outcome::Unknown)
        };
        let counts =
            NonZeroU32::new(u32::try_from(1 + self.rng.below(4) * self.rng.below(6)).unwrap_or(1))
                .unwrap_or(NonZeroU32::MIN);
        Charge {
            id: ChargeId::from_trusted(format!("ch{}", index + 1)),
            offence: Offence {
                kind,
                iccs,
                statute,
            },
            counts,
            offence_date: self.date(offence_day),
            disposition: Disposition {
                outcome,
                date: (stage >= 3)
                    .then(|| PartialDate::try_from(verdict).ok())
                    .flatten(),
            },
            citations: Vec::new(),
        }
    }

    fn sentence(&mut self, convicted: &[&Charge], is_nz: bool) -> Sentence {
        let mut components = Vec::with_capacity(convicted.len());
        let custodial = self.rng.chance(0.6);
        if !is_nz && self.rng.chance(0.002) {
            components.push(component(
                Penalty::IndefiniteDetention {
                    minimum: Some(Term::years(
                        u32::try_from(self.rng.between(5, 10)).unwrap_or(5),
                    )),
                },
                convicted.first().map(|c| c.id.clone()),
                None,
            ));
        } else if custodial {
            for (i, charge) in convicted.iter().enumerate() {
                // Within the 5-year maximum that the oldest bundled row allows.
                let months = u32::try_from(self.rng.between(3, 59)).unwrap_or(12);
                let term = if months % 12 == 0 {
                    Term::years(months / 12)
                } else {
                    Term::new(months / 12, months % 12, 0)
                };
                let runs = (i > 0).then(|| {
                    if self.rng.chance(0.7) {
                        Runs::Concurrent
                    } else {
                        Runs::Cumulative
                    }
                });
                components.push(component(
                    Penalty::Imprisonment { term },
                    Some(charge.id.clone()),
                    runs,
                ));
            }
        } else {
            let ids = convicted.iter().map(|c| c.id.clone()).collect::<Vec<_>>();
            let penalty = match self.rng.weighted(&[3, 3, 2, 2, 1]) {
                0 => Penalty::HomeDetention {
                    term: Term::months(u32::try_from(self.rng.between(1, 12)).unwrap_or(6)),
                },
                1 => Penalty::CommunityWork {
                    hours: u32::try_from(self.rng.between(40, 400)).unwrap_or(100),
                },
                2 => Penalty::Supervision {
                    term: Term::months(u32::try_from(self.rng.between(6, 12)).unwrap_or(6)),
                },
                3 => Penalty::Fine {
                    amount: self.rng.between(1, 50) * 100,
                    currency: if is_nz { Currency::NZD } else { Currency::USD },
                },
                _ => Penalty::Discharge,
            };
            components.push(SentenceComponent {
                penalty,
                charges: ids.into(),
                runs: None,
            });
        }
        let status = match self.rng.weighted(&[95, 4, 1]) {
            0 => SentenceStatus::Final,
            1 => SentenceStatus::Appealed,
            _ => SentenceStatus::VariedOnAppeal {
                original: components.clone(),
                varied: None,
            },
        };
        Sentence {
            components,
            status,
            citations: Vec::new(),
        }
    }
}

fn component(penalty: Penalty, charge: Option<ChargeId>, runs: Option<Runs>) -> SentenceComponent {
    SentenceComponent {
        penalty,
        charges: charge.into_iter().collect(),
        runs,
    }
}

impl Iterator for Generator {
    type Item = Operation;

    fn next(&mut self) -> Option<Operation> {
        if self.next_operation >= self.config.operations {
            return None;
        }
        let index = self.next_operation;
        self.next_operation += 1;
        Some(self.operation(index))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.config.operations - self.next_operation;
        (left, Some(left))
    }
}
