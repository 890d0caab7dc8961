//! A de-identification policy that cannot be applied, and the limits it breaks; a
//! band of a research file that cannot be read.

/// The shortest key accepted, in bytes (128 bits).
pub const MIN_KEY_BYTES: usize = 16;

/// The narrowest age band a de-identified copy keeps, in years.
pub const MIN_AGE_BAND_YEARS: u8 = 5;

/// A policy that cannot be applied.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DeidentifyError {
    /// The key is too short to keep pseudonyms from being guessed.
    #[error("the pseudonym key has {0} bytes; at least {MIN_KEY_BYTES} are needed")]
    ShortKey(usize),
    /// Dates kept to the day identify too well.
    #[error("dates must be coarsened to the month or the year, not kept to the day")]
    DatesToTheDay,
    /// Age bands narrower than five years identify too well.
    #[error("age bands must be at least {MIN_AGE_BAND_YEARS} years wide, not {0}")]
    NarrowAgeBands(u8),
    /// Reaching k would suppress more values than allowed.
    #[error(
        "reaching k = {k} would suppress {suppressed} of {values} quasi-identifier values, withholding {withheld} of {records} case records, more than allowed: declare fewer quasi-identifiers, lower k, or allow more to be suppressed"
    )]
    TooMuchSuppression {
        /// The values that would be suppressed, every value of a withheld record
        /// included.
        suppressed: usize,
        /// All the values: records times quasi-identifiers.
        values: usize,
        /// The records that would be withheld.
        withheld: usize,
        /// All the records.
        records: usize,
        /// The k asked for.
        k: usize,
    },
}

/// The text given for a [`Band`](super::Band) is not `3`, `24-35` or `5+` with the
/// low bound first.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid band {0:?}: expected a whole number (3), a range (24-35) or an open band (5+)")]
pub struct BandError(pub(super) String);
