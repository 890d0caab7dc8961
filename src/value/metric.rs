//! What a reported figure counts, and in what unit.

use crate::value::code_list::{CodeError, code_list};

code_list! {
    /// The unit a figure counts in. Every count states one.
    pub enum CountingUnit : "counting unit" {
        /// Online accounts.
        Account = "account",
        /// People (suspects, arrestees, defendants), each counted once.
        Person = "person",
        /// Children, each counted once.
        Child = "child",
        /// Charges, each counted once however many counts it has.
        Charge = "charge",
        /// Counts of charges: a charge of three counts is three.
        Count = "count",
        /// Cases or investigations.
        Case = "case",
        /// Operations.
        Operation = "operation",
        /// Countries.
        Country = "country",
        /// Search warrants executed.
        SearchWarrant = "search_warrant",
        /// Referral packages.
        Referral = "referral",
        /// Months of a sentence term (part months rounded up).
        Month = "month",
        /// Reports received by a tipline or hotline, each counted once.
        Report = "report",
        /// Addresses (URLs) reported or actioned, each distinct address once.
        Url = "url",
        /// Web pages: a page counts once however many addresses lead to it.
        WebPage = "web_page",
        /// Still images, each file once.
        Image = "image",
        /// Videos, each file once.
        Video = "video",
        /// Files of any kind (images, videos, archives), each once.
        File = "file",
        /// Devices seized or examined.
        Device = "device",
        /// Items of a kind the list does not name (files, wallets, websites), for
        /// extension metrics.
        Item = "item",
    }
}

code_list! {
    /// What a reported figure measures.
    #[non_exhaustive]
    pub enum Metric : "metric" {
        /// Online accounts identified.
        AccountsIdentified = "accounts_identified",
        /// People identified (for example by a provider's tip-off).
        PersonsIdentified = "persons_identified",
        /// Suspects identified by investigators.
        Suspects = "suspects",
        /// People arrested.
        Arrests = "arrests",
        /// People charged.
        PersonsCharged = "persons_charged",
        /// Charges laid: charge records, each once however many counts it has.
        ChargesLaid = "charges_laid",
        /// Offences charged: counts of charges, so a charge of 24 counts is 24 (what
        /// a release's "charged with 24 offences" counts).
        OffencesCharged = "offences_charged",
        /// People convicted.
        PersonsConvicted = "persons_convicted",
        /// Children safeguarded (removed from harm).
        ChildrenSafeguarded = "children_safeguarded",
        /// Search warrants executed.
        SearchWarrants = "search_warrants",
        /// Countries taking part.
        CountriesInvolved = "countries_involved",
        /// Referral packages sent to other countries.
        ReferralsDisseminated = "referrals_disseminated",
        /// Countries sent referral packages.
        CountriesReferredTo = "countries_referred_to",
        /// Cases or investigations opened.
        Investigations = "investigations",
        /// Investigations still in progress.
        InvestigationsInProgress = "investigations_in_progress",
        /// The longest custodial sentence imposed, in months.
        LongestSentence = "longest_sentence",
        /// Reports of suspected exploitation received (by a tipline such as NCMEC's
        /// CyberTipline, or a hotline), usually per reporting period.
        ReportsReceived = "reports_received",
    }
    /// A metric the list lacks ("devices seized"), with the unit it counts in:
    /// written `other:devices_seized/device`.
    extension Other(MetricExtension) = "other:" as "other:NAME/UNIT";
}

/// A metric outside the code list: a snake_case name of at most
/// [`MAX_NAME_LEN`](Self::MAX_NAME_LEN) characters and the unit it counts in.
///
/// # Example
///
/// ```
/// use investigation_outcomes::{CountingUnit, Metric, MetricExtension};
///
/// let devices = MetricExtension::new("devices_seized", CountingUnit::Device)?;
/// let metric = Metric::Other(devices);
/// assert_eq!(metric.to_string(), "other:devices_seized/device");
/// assert_eq!("other:devices_seized/device".parse::<Metric>()?, metric);
/// assert_eq!(metric.unit(), CountingUnit::Device);
/// // A misspelt metric of the list is an error, not an extension.
/// assert!("arrested".parse::<Metric>().is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct MetricExtension {
    // Zero-padded, so that derived order and equality are those of the text.
    name: [u8; MetricExtension::MAX_NAME_LEN],
    unit: CountingUnit,
}

impl MetricExtension {
    /// The longest name kept.
    pub const MAX_NAME_LEN: usize = 40;

    /// The JSON Schema pattern of an extension metric's text.
    #[cfg(feature = "json-schema")]
    pub(crate) const PATTERN: &'static str = "^other:[a-z][a-z0-9_]{0,39}/[a-z_]+$";

    /// A metric named `name` (snake_case: `a-z`, `0-9`, `_`, starting with a letter)
    /// counting in `unit`.
    ///
    /// # Errors
    ///
    /// [`CodeError`] when the name is empty, too long or not snake_case.
    pub fn new(name: &str, unit: CountingUnit) -> Result<Self, CodeError> {
        let well_formed = name.len() <= Self::MAX_NAME_LEN
            && name.bytes().next().is_some_and(|b| b.is_ascii_lowercase())
            && name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if !well_formed {
            return Err(
                CodeError::new("metric", &format!("other:{name}/{unit}"), Metric::TEXTS)
                    .or_extension(
                        "other:NAME/UNIT with a snake_case NAME of at most 40 characters",
                    ),
            );
        }
        let mut bytes = [0u8; Self::MAX_NAME_LEN];
        for (slot, byte) in bytes.iter_mut().zip(name.bytes()) {
            *slot = byte;
        }
        Ok(Self { name: bytes, unit })
    }

    /// The name.
    pub fn name(&self) -> &str {
        let len = self
            .name
            .iter()
            .position(|&b| b == 0)
            .unwrap_or(self.name.len());
        // The bytes were copied from a checked ASCII name.
        std::str::from_utf8(self.name.get(..len).unwrap_or_default()).unwrap_or_default()
    }

    /// The unit it counts in.
    pub fn unit(&self) -> CountingUnit {
        self.unit
    }
}

impl std::fmt::Display for MetricExtension {
    /// `NAME/UNIT`, as after the `other:` of the metric's text.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.name(), self.unit)
    }
}

impl std::str::FromStr for MetricExtension {
    type Err = CodeError;

    /// Parses `NAME/UNIT`.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let malformed = || {
            CodeError::new("metric", &format!("other:{text}"), Metric::TEXTS)
                .or_extension("other:NAME/UNIT")
        };
        let (name, unit) = text.split_once('/').ok_or_else(malformed)?;
        MetricExtension::new(name, unit.parse().map_err(|_| malformed())?)
    }
}

impl Metric {
    /// The unit the metric counts in.
    pub fn unit(self) -> CountingUnit {
        match self {
            Metric::AccountsIdentified => CountingUnit::Account,
            Metric::PersonsIdentified
            | Metric::Suspects
            | Metric::Arrests
            | Metric::PersonsCharged
            | Metric::PersonsConvicted => CountingUnit::Person,
            Metric::ChargesLaid => CountingUnit::Charge,
            Metric::OffencesCharged => CountingUnit::Count,
            Metric::ChildrenSafeguarded => CountingUnit::Child,
            Metric::SearchWarrants => CountingUnit::SearchWarrant,
            Metric::CountriesInvolved | Metric::CountriesReferredTo => CountingUnit::Country,
            Metric::ReferralsDisseminated => CountingUnit::Referral,
            Metric::Investigations | Metric::InvestigationsInProgress => CountingUnit::Case,
            Metric::LongestSentence => CountingUnit::Month,
            Metric::ReportsReceived => CountingUnit::Report,
            Metric::Other(extension) => extension.unit(),
        }
    }

    /// Whether the figure can only grow as an operation goes on (arrests so far,
    /// the longest sentence so far), so that a later figure below an earlier one is a
    /// contradiction. Investigations *in progress* can fall.
    pub fn is_cumulative(self) -> bool {
        self != Metric::InvestigationsInProgress
    }

    /// Whether parts of the figure add up to the whole (a count), as opposed to a
    /// figure such as the longest sentence, whose parts do not add.
    /// An extension metric adds up unless it counts months or countries (which
    /// overlap between parts).
    pub fn is_additive(self) -> bool {
        match self {
            Metric::LongestSentence | Metric::CountriesInvolved | Metric::CountriesReferredTo => {
                false
            }
            Metric::Other(extension) => !matches!(
                extension.unit(),
                CountingUnit::Month | CountingUnit::Country
            ),
            _ => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_metric_round_trips_and_states_a_unit() {
        for &metric in Metric::ALL {
            assert_eq!(metric.as_str().parse::<Metric>().unwrap(), metric);
            let json = serde_json::to_string(&metric).unwrap();
            assert_eq!(json, format!("\"{metric}\""));
            assert_eq!(serde_json::from_str::<Metric>(&json).unwrap(), metric);
            assert!(!metric.unit().as_str().is_empty());
        }
        assert_eq!(Metric::Arrests.unit(), CountingUnit::Person);
        assert_eq!(Metric::LongestSentence.unit(), CountingUnit::Month);
    }

    #[test]
    fn extension_metrics_round_trip_and_refuse_bad_names() {
        let metric: Metric = "other:devices_seized/device".parse().unwrap();
        let json = serde_json::to_string(&metric).unwrap();
        assert_eq!(json, "\"other:devices_seized/device\"");
        assert_eq!(serde_json::from_str::<Metric>(&json).unwrap(), metric);
        assert!(metric.is_additive() && metric.is_cumulative());
        for bad in [
            "other:",
            "other:devices_seized",
            "other:Devices/device",
            "other:devices seized/device",
            "other:devices_seized/gadget",
            "other:1devices/item",
        ] {
            let message = bad.parse::<Metric>().unwrap_err().to_string();
            assert!(message.contains("other:NAME/UNIT"), "{bad}: {message}");
        }
        let long = format!("other:{}/item", "a".repeat(41));
        assert!(long.parse::<Metric>().is_err());
        let longest = format!("other:{}/item", "a".repeat(40));
        assert_eq!(longest.parse::<Metric>().unwrap().to_string(), longest);
    }

    #[test]
    fn unknown_metric_lists_the_expected_values() {
        let message = "arrested".parse::<Metric>().unwrap_err().to_string();
        assert!(
            message
                .starts_with("unknown metric \"arrested\": expected one of accounts_identified, "),
            "{message}"
        );
    }
}
