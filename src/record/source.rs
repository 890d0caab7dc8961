//! Where a figure was published, and the words it was published in.

use crate::record::with;
use serde::{Deserialize, Serialize};

use crate::value::date::PartialDate;
use crate::value::id::SourceId;

/// A publication: a press release, an article, a report.
///
/// # Example
///
/// ```
/// use investigation_outcomes::{Source, SourceId};
///
/// let rnz = Source::new(
///     SourceId::new("rnz-2022-03-02")?,
///     "RNZ",
///     "Operation H: 46 arrested in NZ",
///     "2022-03-02".parse()?,
/// );
/// assert_eq!(rnz.published.to_string(), "2022-03-02");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Source {
    /// Identifier that citations use, unique within the operation.
    pub id: SourceId,
    /// Who published it: "RNZ", "Australian Federal Police".
    pub publisher: String,
    /// The headline or title.
    pub title: String,
    /// Where it can be read, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// When it was published.
    pub published: PartialDate,
}

impl Source {
    /// A source by its publisher, title and publication date.
    pub fn new(
        id: SourceId,
        publisher: impl Into<String>,
        title: impl Into<String>,
        published: PartialDate,
    ) -> Self {
        Self {
            id,
            publisher: publisher.into(),
            title: title.into(),
            url: None,
            published,
        }
    }

    with!(/// Sets where the source can be read.
        with_url: url = some String);
}

/// A reference to a [`Source`] with the verbatim words a figure or a case record was
/// taken from.
#[cfg_attr(feature = "json-schema", derive(schemars::JsonSchema))]
#[derive(Clone, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Citation {
    /// The source, by its identifier.
    pub source: SourceId,
    /// The source's own wording, verbatim: `"Forty-six people have been arrested here"`;
    /// when `paraphrase` is set, the dataset's rendering of what the source shows
    /// (a table, a chart) rather than its words.
    pub quote: String,
    /// The quote is not the source's own words, so that no reader takes it for them.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub paraphrase: bool,
}

impl Citation {
    /// A citation of a source with the words quoted verbatim.
    pub fn new(source: SourceId, quote: impl Into<String>) -> Self {
        Self {
            source,
            quote: quote.into(),
            paraphrase: false,
        }
    }

    /// A citation whose text renders what the source shows (a table, a chart) in
    /// other words than the source's own.
    pub fn paraphrase(source: SourceId, rendering: impl Into<String>) -> Self {
        Self {
            paraphrase: true,
            ..Self::new(source, rendering)
        }
    }
}
