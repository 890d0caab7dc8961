//! The HTML page, parsed as a browser would: it shows the findings with their sources
//! and quotes, the yearly series, the case records under disclosure control; it
//! fetches nothing; and text from a dataset never becomes markup or a live link.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use investigation_outcomes::Dataset;
use investigation_outcomes::disclosure::Protection;
use investigation_outcomes::html::{PageOptions, page};
use investigation_outcomes::synthetic::SyntheticConfig;
use scraper::{ElementRef, Html, Selector};

fn select<'a>(document: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    document.select(&Selector::parse(css).unwrap()).collect()
}

fn text(element: &ElementRef<'_>) -> String {
    element.text().collect::<Vec<_>>().join("")
}

fn render(dataset: &Dataset) -> (String, Html) {
    let html = page(dataset, &PageOptions::default()).unwrap();
    let document = Html::parse_document(&html);
    (html, document)
}

#[test]
fn operation_h_shows_the_146_against_153_conflict_with_both_sources_and_quotes() {
    let (_, document) = render(&Dataset::operation_h().unwrap());
    let conflicts = select(&document, "#findings article.conflict");
    let children = conflicts
        .iter()
        .find(|a| {
            let t = text(a);
            t.contains("Disagreement: children_safeguarded")
                && t.contains("146")
                && t.contains("153")
        })
        .expect("the 146 against 153 disagreement");
    let cards = children
        .select(&Selector::parse(".claim").unwrap())
        .map(|c| text(&c))
        .collect::<Vec<_>>();
    assert_eq!(cards.len(), 2);
    assert!(
        cards[0].contains("146") && cards[0].contains("RNZ"),
        "{}",
        cards[0]
    );
    assert!(cards[0].contains("146 children around the world were saved from further abuse"));
    assert!(cards[1].contains("153") && cards[1].contains("Australian Federal Police"));
    assert!(cards[1].contains("153 children"));
    // The findings come before the operations, and the page names its language.
    let headings: Vec<String> = select(&document, "h2").iter().map(text).collect();
    assert_eq!(headings.first().map(String::as_str), Some("Findings"));
    assert_eq!(
        select(&document, "html")[0].value().attr("lang"),
        Some("en")
    );
    // Every figure is listed with its source: 72 rows in the operations' tables.
    assert_eq!(
        select(&document, "#operations table.figures tbody tr").len(),
        72
    );
}

#[test]
fn the_cybertipline_series_shows_three_years_and_the_rounding_down() {
    let (_, document) = render(&Dataset::cybertipline().unwrap());
    let series = select(&document, "#series figure");
    assert_eq!(series.len(), 1);
    let rows: Vec<String> = series[0]
        .select(&Selector::parse("tbody tr td:first-child").unwrap())
        .map(|td| text(&td))
        .collect();
    for year in ["2020", "2021", "2022"] {
        assert!(rows.iter().any(|r| r == year), "{year} in {rows:?}");
    }
    let chart = series[0]
        .select(&Selector::parse("svg").unwrap())
        .next()
        .unwrap();
    assert_eq!(chart.value().attr("role"), Some("img"));
    assert!(
        chart
            .value()
            .attr("aria-label")
            .unwrap()
            .contains("2021: 29397681")
    );
    // The press release's figures, rounded down, disagree with the report's.
    let conflicts: Vec<String> = select(&document, "#findings article.conflict h4")
        .iter()
        .map(text)
        .collect();
    assert_eq!(
        conflicts,
        [
            "Disagreement: reports_received, 2020 (ncmec-cybertipline)",
            "Disagreement: reports_received, 2021 (ncmec-cybertipline)"
        ]
    );
}

#[test]
fn the_case_records_are_published_under_the_same_control_as_summary() {
    let dataset = Dataset::operation_h().unwrap();
    let options = PageOptions {
        protection: Protection {
            suppress_below: Some(3),
            ..Protection::default()
        },
        ..PageOptions::default()
    };
    let document = Html::parse_document(&page(&dataset, &options).unwrap());
    let audit = text(&select(&document, "#case-records p.audit")[0]);
    assert!(audit.contains("counts below 3 withheld"), "{audit}");
    assert!(audit.contains("audit:"), "{audit}");
    // Two Australian cases are too few: withheld, never printed.
    let cells: Vec<String> = select(&document, "#case-records td.num")
        .iter()
        .map(text)
        .collect();
    assert!(
        !cells.is_empty() && cells.iter().all(|c| c == "S" || c == "0" || c == "-"),
        "{cells:?}"
    );
}

const HOSTILE: [&str; 5] = [
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    "<b>unclosed",
    "</table></section><h1>forged</h1>",
];

/// Operation H with hostile text in every field the page shows.
fn hostile(text: &str) -> Dataset {
    let mut json: serde_json::Value = serde_json::from_str(Dataset::OPERATION_H_JSON).unwrap();
    let operation = &mut json["operations"][0];
    operation["name"] = text.into();
    operation["aliases"][0]["name"] = text.into();
    operation["agencies"][0]["name"] = text.into();
    for source in operation["sources"].as_array_mut().unwrap() {
        source["publisher"] = text.into();
        source["title"] = text.into();
        source["url"] = text.into();
    }
    for claim in operation["claims"].as_array_mut().unwrap() {
        claim["citation"]["quote"] = text.into();
    }
    serde_json::from_value(json).unwrap()
}

#[test]
fn hostile_text_shows_as_text_and_never_as_markup_or_a_link() {
    for text_in in HOSTILE {
        let (html, document) = render(&hostile(text_in));
        assert!(select(&document, "script").is_empty(), "{text_in}");
        assert!(select(&document, "img").is_empty(), "{text_in}");
        assert!(select(&document, "b").is_empty(), "{text_in}");
        assert_eq!(select(&document, "h1").len(), 1, "{text_in}");
        assert!(!html.contains("<script"), "{text_in}");
        for link in select(&document, "a") {
            let href = link.value().attr("href").unwrap_or_default();
            assert!(
                href.starts_with('#')
                    || href.starts_with("http://")
                    || href.starts_with("https://"),
                "{text_in}: {href}"
            );
        }
        // The text is there, as text: in the title, the quotes and the sources.
        assert!(
            text(&select(&document, "h1")[0]).contains(text_in),
            "{text_in}"
        );
        let quotes: Vec<String> = select(&document, "q").iter().map(text).collect();
        assert!(quotes.iter().any(|q| q == text_in), "{text_in}");
        let cited: Vec<String> = select(&document, "cite").iter().map(text).collect();
        assert!(cited.iter().any(|c| c == text_in), "{text_in}");
        // No attribute took in anything: no element has an event handler.
        for element in select(&document, "*") {
            assert!(
                element
                    .value()
                    .attrs()
                    .all(|(name, _)| !name.starts_with("on")),
                "{text_in}"
            );
        }
    }
}

#[test]
fn the_page_fetches_nothing() {
    for dataset in [
        Dataset::operation_h().unwrap(),
        Dataset::cybertipline().unwrap(),
    ] {
        let (html, document) = render(&dataset);
        assert!(select(&document, "script, link, iframe, img, object, embed").is_empty());
        for element in select(&document, "*") {
            assert!(element.value().attr("src").is_none());
        }
        assert!(!html.contains("url(") && !html.contains("@import"));
        // Every chart is an image with a title and a text alternative.
        for svg in select(&document, "svg") {
            assert_eq!(svg.value().attr("role"), Some("img"));
            assert!(
                !svg.value()
                    .attr("aria-label")
                    .unwrap_or_default()
                    .is_empty()
            );
            assert!(
                svg.select(&Selector::parse("title").unwrap())
                    .next()
                    .is_some()
            );
        }
    }
}

#[test]
fn ten_thousand_operations_make_an_index_not_ten_thousand_sections() {
    let dataset = SyntheticConfig {
        seed: 9,
        operations: 10_000,
        cases: 20_000,
    }
    .dataset();
    let claims: usize = dataset.operations.iter().map(|o| o.claims.len()).sum();
    let (html, document) = render(&dataset);
    assert!(select(&document, "article.operation").is_empty());
    assert_eq!(select(&document, "#operations tbody tr").len(), 10_000);
    // The documented bound: a few hundred bytes an operation, whatever its figures.
    assert!(
        html.len() < 400 * 10_000 + 1_000_000,
        "{} bytes for {claims} claims",
        html.len()
    );
}
