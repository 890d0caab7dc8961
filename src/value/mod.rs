//! Value types: the small checked values records are made of.

pub(crate) mod area;
pub(crate) mod code_list;
pub(crate) mod date;
pub(crate) mod event_date;
pub(crate) mod iccs;
pub(crate) mod id;
pub(crate) mod interval;
pub(crate) mod jurisdiction;
pub(crate) mod metric;
pub(crate) mod money;
pub(crate) mod period;
pub(crate) mod quantity;
pub(crate) mod region;
pub(crate) mod term;
pub(crate) mod text_form;
