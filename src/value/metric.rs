//! What a reported figure counts, and in what unit.

use crate::value::code_list::code_list;

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
    }
}

code_list! {
    /// What a reported figure measures.
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
        /// Charges laid.
        ChargesLaid = "charges_laid",
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
            Metric::ChildrenSafeguarded => CountingUnit::Child,
            Metric::SearchWarrants => CountingUnit::SearchWarrant,
            Metric::CountriesInvolved | Metric::CountriesReferredTo => CountingUnit::Country,
            Metric::ReferralsDisseminated => CountingUnit::Referral,
            Metric::Investigations | Metric::InvestigationsInProgress => CountingUnit::Case,
            Metric::LongestSentence => CountingUnit::Month,
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
    pub fn is_additive(self) -> bool {
        !matches!(
            self,
            Metric::LongestSentence | Metric::CountriesInvolved | Metric::CountriesReferredTo
        )
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
    fn unknown_metric_lists_the_expected_values() {
        let message = "arrested".parse::<Metric>().unwrap_err().to_string();
        assert!(
            message
                .starts_with("unknown metric \"arrested\": expected one of accounts_identified, "),
            "{message}"
        );
    }
}
