//! Guides that go beyond one item: the JSON format and the disclosure guarantee. They
//! are the files `docs/format.md` and `docs/disclosure.md` of the package, included
//! here so that they can be read wherever the documentation is.

#[doc = include_str!("../docs/format.md")]
pub mod format {}

#[doc = include_str!("../docs/disclosure.md")]
pub mod disclosure {}
