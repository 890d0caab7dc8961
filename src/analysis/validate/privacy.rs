//! Privacy checks: the model must never hold a child's identity or a defendant's
//! real name. Identifiers are meant to be pseudonyms, age bands to be bands, and case
//! records to carry no narrative. These checks warn where data looks otherwise; they
//! are heuristics, so they warn rather than refuse.

use super::{FindingCode, Loc, Options, Report, Severity};
use crate::record::case::Case;
use crate::record::sentence::Penalty;

/// Whether an identifier looks like a personal name: two or more capitalised words
/// (`John_Smith`, `Jane.Doe`, `JohnSmith`).
pub(super) fn looks_like_name(id: &str) -> bool {
    let capitalised_words: usize = id
        .split(|c: char| !c.is_alphabetic())
        .map(|token| {
            // Words glued together, as in `JohnSmith`, count one each.
            let chars: Vec<char> = token.chars().collect();
            let mut words = 0;
            let mut i = 0;
            while let Some(&c) = chars.get(i) {
                if c.is_uppercase() {
                    let lower = chars
                        .iter()
                        .skip(i + 1)
                        .take_while(|c| c.is_lowercase())
                        .count();
                    if lower >= 1 {
                        words += 1;
                    }
                    i += 1 + lower;
                } else {
                    i += 1;
                }
            }
            words
        })
        .sum();
    capitalised_words >= 2
}

/// Whether an identifier contains a calendar date: `1976-03-02`, `02.03.1976`,
/// `19760302` and the like, with a year from 1900 to 2099.
pub(super) fn contains_date(id: &str) -> bool {
    let plausible = |y: u32, m: u32, d: u32| {
        (1900..=2099).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d)
    };
    // Runs of digits with the single separators between them.
    let mut runs: Vec<(String, Option<char>)> = Vec::new();
    let mut current = String::new();
    for c in id.chars() {
        if c.is_ascii_digit() {
            current.push(c);
        } else {
            if !current.is_empty() {
                runs.push((std::mem::take(&mut current), Some(c)));
            } else if let Some(last) = runs.last_mut() {
                // Two separators in a row break the date.
                last.1 = None;
            }
        }
    }
    if !current.is_empty() {
        runs.push((current, None));
    }
    let number = |s: &str| s.parse::<u32>().ok();
    let part = |s: &str, from: usize, to: usize| s.get(from..to).and_then(number);
    // Eight digits as year, month, day or as day, month, year.
    let digits_date = |s: &str| {
        let ymd = (part(s, 0, 4), part(s, 4, 6), part(s, 6, 8));
        let dmy = (part(s, 4, 8), part(s, 2, 4), part(s, 0, 2));
        [ymd, dmy]
            .into_iter()
            .any(|date| matches!(date, (Some(y), Some(m), Some(d)) if plausible(y, m, d)))
    };
    let separated = runs.windows(3).any(|w| {
        let [(a, sa), (b, sb), (c, _)] = w else {
            return false;
        };
        let joined = matches!(sa, Some(x) if "-_./".contains(*x)) && sa == sb;
        let (Some(a), Some(b), Some(c)) = (number(a), number(b), number(c)) else {
            return false;
        };
        joined && (plausible(a, b, c) || plausible(c, b, a))
    });
    separated
        || runs.iter().any(|(run, _)| {
            run.len() >= 8
                && run
                    .as_bytes()
                    .windows(8)
                    .any(|w| std::str::from_utf8(w).is_ok_and(digits_date))
        })
}

/// The privacy findings of one case.
pub(super) fn check_case(case: &Case, at: &Loc<'_>, options: &Options, report: &mut Report) {
    let warn = |report: &mut Report, code, location: String, message: String| {
        report.push(Severity::Warning, code, location, message);
    };
    for (field, id) in [
        ("id", case.id.as_str()),
        ("defendant.id", case.defendant.id.as_str()),
    ] {
        let location = || match field {
            "id" => at.field("id").to_string(),
            _ => at.field("defendant").field("id").to_string(),
        };
        if looks_like_name(id) {
            warn(
                report,
                FindingCode::PersonalIdentifier,
                location(),
                format!("identifier {id:?} looks like a personal name: use a pseudonym"),
            );
        } else if contains_date(id) {
            warn(
                report,
                FindingCode::PersonalIdentifier,
                location(),
                format!(
                    "identifier {id:?} contains a date, which can identify a person: use a pseudonym"
                ),
            );
        }
    }
    if let Some(band) = case.defendant.age_band
        && let Some(high) = band.high()
    {
        let width = u16::from(high) + 1 - u16::from(band.low().min(high));
        if width < u16::from(options.min_age_band_years) {
            // The format guide forbids them: an error, not a warning.
            report.push(
                Severity::Error,
                FindingCode::NarrowAgeBand,
                at.field("defendant").field("age_band").to_string(),
                format!(
                    "age band {band} is {width} years wide; bands narrower than {} years can identify a person",
                    options.min_age_band_years
                ),
            );
        }
    }
    let mut long_text = |location: String, what: &str, text: &str| {
        let length = text.chars().count();
        if length > options.max_case_text_chars {
            warn(
                &mut *report,
                FindingCode::LongCaseText,
                location,
                format!(
                    "{what} has {length} characters, more than {}: case records hold no narrative",
                    options.max_case_text_chars
                ),
            );
        }
    };
    if let Some(court) = &case.court {
        long_text(at.field("court").to_string(), "the court name", court);
    }
    let components = case
        .sentence
        .iter()
        .flat_map(|s| s.components.iter().enumerate());
    for (index, component) in components {
        if let Penalty::Other { description } = &component.penalty {
            long_text(
                at.field("sentence")
                    .index("components", index)
                    .field("penalty")
                    .to_string(),
                "the penalty description",
                description,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_capitalised_words() {
        for id in [
            "John_Smith_1976-03-02",
            "Jane.Doe",
            "JohnSmith",
            "smith-John-Paul",
        ] {
            assert!(looks_like_name(id), "{id}");
        }
        for id in [
            "au-vic-d1",
            "d-3f2a9c",
            "case-0001",
            "NZ-2021-17",
            "op-x",
            "Smith",
        ] {
            assert!(!looks_like_name(id), "{id}");
        }
    }

    #[test]
    fn dates_in_any_common_form_are_found() {
        for id in [
            "d-1976-03-02",
            "x_02.03.1976",
            "p19760302",
            "19760302",
            "case-2021/06/14",
        ] {
            assert!(contains_date(id), "{id}");
        }
        for id in [
            "au-vic-2021-06",
            "case-0001",
            "d-12345678",
            "NZ-2021-17",
            "k-20211399",
        ] {
            assert!(!contains_date(id), "{id}");
        }
    }
}
