//! Records: the operations, cases, charges and sentences that hold the values.

pub(crate) mod agency;
pub(crate) mod case;
pub(crate) mod charge;
pub(crate) mod claim;
pub(crate) mod compact;
pub(crate) mod defendant;
pub(crate) mod offence;
pub(crate) mod operation;
pub(crate) mod penalty;
pub(crate) mod referral;
pub(crate) mod sentence;
pub(crate) mod source;
pub(crate) mod statute;
