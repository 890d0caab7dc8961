//! Build an operation in code: its agencies and sources, a reported figure, and a
//! case with charges and a sentence; then validate it and write it as JSON.
//!
//! ```text
//! cargo run --example build_operation
//! ```

// Examples print what they show.
#![allow(clippy::print_stdout)]

use investigation_outcomes::{
    Agency, AgencyKind, Case, Charge, Citation, Claim, Dataset, Defendant, Disposition, Events,
    IccsCode, Metric, Offence, OffenceKind, Operation, Outcome, Penalty, Referral, ReferralKind,
    Runs, Scope, Sentence, SentenceComponent, Source, Term, validate,
};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Records are built from their required fields; the rest is named with `with_`.
    let police = Agency::new(
        "nz-police".parse()?,
        "New Zealand Police",
        AgencyKind::Police,
    )
    .with_jurisdiction("NZ".parse()?);
    let release = Source::new(
        "police-2023-05".parse()?,
        "New Zealand Police",
        "Operation results announced",
        "2023-05-10".parse()?,
    );

    // What the agency reported: "more than 20 people", a figure and its qualifier.
    let arrests = Claim::new(
        "arrests-nz".parse()?,
        Metric::Arrests,
        "more than 20".parse()?,
        Citation::new(release.id.clone(), "more than 20 people have been arrested"),
    )
    .with_scope(Scope::area(
        "NZ".parse::<investigation_outcomes::Jurisdiction>()?,
    ));

    // One defendant, known only by a pseudonymous identifier.
    let possession = Offence::new(OffenceKind::Possession, IccsCode::CHILD_PORNOGRAPHY);
    let case = Case::new(
        "case-1".parse()?,
        "NZ".parse()?,
        Defendant::new("d-1".parse()?),
    )
    .with_events(
        Events::default()
            .with_arrested("2022-11".parse()?)
            .with_sentenced("2023-04-03".parse()?),
    )
    .with_charge(
        Charge::new(
            "c1".parse()?,
            possession.clone(),
            Disposition::new(Outcome::Convicted),
        )
        .with_counts(12)?,
    )
    .with_charge(Charge::new(
        "c2".parse()?,
        possession,
        Disposition::new(Outcome::Convicted),
    ))
    .with_sentence(Sentence::new([
        SentenceComponent::new(
            Penalty::Imprisonment {
                term: Term::years(2),
            },
            ["c1".parse()?],
        ),
        SentenceComponent::new(
            Penalty::Imprisonment {
                term: Term::months(6),
            },
            ["c2".parse()?],
        )
        .with_runs(Runs::Cumulative),
    ]));

    // Two years, and six months cumulative on it.
    let term = case.effective_custodial_term()?;

    let operation = Operation::new("op-example".parse()?, "Operation Example")
        .with_participant("NZ".parse()?)
        .with_lead_agency(police.id.clone())
        .with_referral(Referral::new(ReferralKind::NcmecCybertipline))
        .with_agency(police)
        .with_source(release)
        .with_claim(arrests)
        .with_case(case);

    // Cross-record rules: the case is in a participating jurisdiction, the sentence
    // is for convicted charges, the claim's source exists.
    let dataset = Dataset::new(vec![operation]);
    let report = validate(&dataset);
    println!("{report}");
    println!("effective custodial term: {term}");
    println!("{}", dataset.to_json_string());
    Ok(())
}
