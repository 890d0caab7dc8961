//! Where a figure was published, and the words it was published in.

use crate::record::with;
use serde::{Deserialize, Serialize};

use crate::value::date::PartialDate;
use crate::value::id::SourceId;

/// A publication: a press release, an article, a report.
///
/// What an analyst may not have is optional, never invented: a source known only by
/// its address has no publisher (its [attribution](Source::attribution) is then the
/// address's host) and may have no title; validation warns of each, and a source
/// with neither publisher nor address is an error.
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
    /// Who published it: "RNZ", "Australian Federal Police"; `None` when only its
    /// address says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    /// The headline or title, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
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
            publisher: Some(publisher.into()),
            title: Some(title.into()),
            url: None,
            published,
        }
    }

    with!(/// Sets where the source can be read.
        with_url: url = some String);

    /// A source known only by its address and date: no publisher or title.
    pub fn at_address(id: SourceId, url: impl Into<String>, published: PartialDate) -> Self {
        Self {
            id,
            publisher: None,
            title: None,
            url: Some(url.into()),
            published,
        }
    }

    /// A citation of this source in its own words.
    ///
    /// ```
    /// use investigation_outcomes::{Source, SourceId};
    ///
    /// let rnz = Source::new(SourceId::new("rnz")?, "RNZ", "Operation H", "2022-03-02".parse()?);
    /// let citation = rnz.cite("Forty-six people have been arrested here");
    /// assert_eq!(citation.source, rnz.id);
    /// assert!(!citation.paraphrase);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn cite(&self, quote: impl Into<String>) -> Citation {
        Citation::new(self.id.clone(), quote)
    }

    /// Who stands behind it: its publisher, or else the host of its address
    /// (`www.missingkids.org`); `None` when neither is known.
    ///
    /// ```
    /// use investigation_outcomes::{Source, SourceId};
    ///
    /// let page = Source::at_address(
    ///     SourceId::new("tips-2021")?,
    ///     "https://www.missingkids.org/gethelpnow/cybertipline/cybertiplinedata",
    ///     "2022".parse()?,
    /// );
    /// assert_eq!(page.attribution().as_deref(), Some("www.missingkids.org"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn attribution(&self) -> Option<String> {
        self.publisher
            .clone()
            .or_else(|| self.url.as_deref().and_then(host).map(str::to_owned))
    }
}

/// The host of an address: what lies between `scheme://` (and any `user@`) and the
/// next `/`, `?`, `#` or `:`; `None` when there is none.
fn host(url: &str) -> Option<&str> {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    let authority = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    let host = authority.split(':').next().unwrap_or(authority);
    (!host.is_empty()).then_some(host)
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
