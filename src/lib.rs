//! Typed records of law-enforcement operations against online child sexual
//! exploitation and of their outcomes, with validation you can build statistics on.
//!
//! (Crate guide: see below.)

#![forbid(unsafe_code)]

mod code_list;

mod agency;
mod area;
mod case;
mod charge;
mod claim;
mod dataset;
mod date;
mod defendant;
mod error;
mod iccs;
mod id;
mod interval;
mod jurisdiction;
mod metric;
mod money;
mod offence;
mod operation;
mod penalty;
mod quantity;
mod referral;
mod region;
mod sentence;
mod source;
mod statute;
mod term;

#[cfg(feature = "proptest")]
pub mod arbitrary;
pub mod validate;

pub use agency::{Agency, AgencyKind};
pub use area::{Area, AreaError};
pub use case::{Case, Events};
pub use charge::{Charge, Disposition, Outcome};
pub use claim::{Claim, Scope};
pub use code_list::CodeError;
pub use dataset::{Dataset, SCHEMA_VERSION};
pub use date::{DateError, DatePrecision, DateRelation, PartialDate};
pub use defendant::{AgeBand, AgeBandError, Defendant};
pub use error::{Error, JsonError};
pub use iccs::{IccsCode, IccsError, IccsLevel};
pub use id::{AgencyId, CaseId, ChargeId, ClaimId, DefendantId, IdError, OperationId, SourceId};
pub use interval::{Interval, IntervalError};
pub use jurisdiction::{Jurisdiction, JurisdictionError, all_jurisdiction_codes};
pub use metric::{CountingUnit, Metric};
pub use money::{Currency, CurrencyError, Money};
pub use offence::{Offence, OffenceKind};
pub use operation::{Alias, Operation};
pub use penalty::{NZ_FVPCA, PenaltyTable, StatutoryMaximum};
pub use quantity::{Magnitude, Qualifier, Quantity, QuantityError};
pub use referral::{Referral, ReferralKind};
pub use region::{Region, RegionError};
pub use sentence::{
    CustodialTerm, Penalty, PenaltyKind, ReleaseLength, Runs, Sentence, SentenceComponent,
    SentenceError, SentenceStatus,
};
pub use source::{Citation, Source};
pub use statute::StatuteRef;
pub use term::{Term, TermError};
pub use validate::validate;
