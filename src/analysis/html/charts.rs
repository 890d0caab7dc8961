//! The page's charts, drawn as inline SVG through the same escaping templates as the
//! rest of the page: horizontal bars, a stacked bar for a breakdown, and a series of
//! figures with their intervals by period. Each has a title and a text alternative;
//! the page prints its figures in a table beside it.

use maud::{Markup, html};

use crate::analysis::reconcile::FigureGroup;
use crate::value::interval::Interval;

/// Colours that stay apart in print and for the common colour deficiencies
/// (Okabe and Ito's palette).
const PALETTE: [&str; 7] = [
    "#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#000000",
];

const BLUE: &str = "#0072b2";
const VERMILION: &str = "#d55e00";

/// Labelled values as horizontal bars; a withheld value is said, not drawn.
pub(super) fn bar_chart(title: &str, bars: &[(String, Option<u64>)]) -> Markup {
    let max = bars
        .iter()
        .filter_map(|(_, v)| *v)
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let height = 24 * bars.len() + 8;
    let described: Vec<String> = bars
        .iter()
        .map(|(label, value)| {
            let value = value.map_or_else(|| "withheld".to_owned(), |v| v.to_string());
            format!("{}: {value}", label.replace('_', " "))
        })
        .collect();
    html! {
        svg xmlns="http://www.w3.org/2000/svg" role="img" width="640" height=(height)
            viewBox=(format!("0 0 640 {height}")) aria-label=(format!("{title}. {}", described.join("; "))) {
            title { (title) }
            @for (i, (label, value)) in bars.iter().enumerate() {
                @let y = 4 + 24 * i;
                text x="190" y=(y + 15) text-anchor="end" { (label.replace('_', " ")) }
                @match value {
                    Some(v) => {
                        @let width = (*v as f64 / max * 380.0).max(1.0);
                        rect x="200" y=(y) width=(format!("{width:.1}")) height="18" fill=(BLUE) {}
                        text x=(format!("{:.1}", 206.0 + width)) y=(y + 15) { (v) }
                    }
                    None => {
                        text x="200" y=(y + 15) font-style="italic" { "withheld" }
                    }
                }
            }
        }
    }
}

/// A total as a bar: the part its parts account for at least, and what they leave
/// unattributed (the residual's upper end).
pub(super) fn breakdown_bar(
    total: Interval,
    parts: Option<Interval>,
    residual: Option<Interval>,
) -> Markup {
    let whole = total.high().unwrap_or(total.low()).max(1) as f64;
    let parts_low = parts.map_or(0, |p| p.low()) as f64;
    let attributed = (parts_low / whole).clamp(0.0, 1.0) * 160.0;
    let label = match (parts, residual) {
        (Some(p), Some(r)) => format!("parts {p} of the total {total}; unattributed {r}"),
        _ => format!("the parts add up to more than the total {total} allows"),
    };
    html! {
        svg xmlns="http://www.w3.org/2000/svg" role="img" width="170" height="16" viewBox="0 0 170 16" aria-label=(label) {
            title { (label) }
            rect x="0" y="2" width="160" height="12" fill="#ffffff" stroke="#555555" {}
            rect x="0" y="2" width=(format!("{attributed:.1}")) height="12" fill=(if residual.is_some() { BLUE } else { VERMILION }) {}
        }
    }
}

/// Every claim of each period as a point at its figure with a line over the
/// interval it allows, one colour a publisher, periods left to right.
pub(super) fn series_chart(title: &str, groups: &[&FigureGroup]) -> Markup {
    let mut publishers: Vec<&str> = Vec::new();
    for claim in groups.iter().flat_map(|g| &g.claims) {
        let name = claim.publisher.as_deref().unwrap_or(claim.source.as_str());
        if !publishers.contains(&name) {
            publishers.push(name);
        }
    }
    let top = groups
        .iter()
        .flat_map(|g| &g.claims)
        .map(|c| c.interval.high().unwrap_or(c.interval.low()))
        .max()
        .unwrap_or(0)
        .max(1) as f64
        * 1.1;
    let (left, width, plot_height) = (110.0, 520.0, 220.0);
    let column = width / groups.len().max(1) as f64;
    let y = |value: u64| 10.0 + plot_height * (1.0 - (value as f64 / top).min(1.0));
    let colour = |name: &str| {
        let index = publishers.iter().position(|p| *p == name).unwrap_or(0);
        PALETTE
            .get(index % PALETTE.len())
            .copied()
            .unwrap_or("#000000")
    };
    let legend_height = 18 * publishers.len();
    let height = 270 + legend_height;
    let described: Vec<String> = groups
        .iter()
        .flat_map(|g| &g.claims)
        .map(|c| {
            format!(
                "{}: {} from {}",
                c.period.map(|p| p.to_string()).unwrap_or_default(),
                c.quantity,
                c.publisher.as_deref().unwrap_or(c.source.as_str())
            )
        })
        .collect();
    html! {
        svg xmlns="http://www.w3.org/2000/svg" role="img" width="640" height=(height)
            viewBox=(format!("0 0 640 {height}")) aria-label=(format!("{title}. {}", described.join("; "))) {
            title { (title) }
            line x1=(left) y1="10" x2=(left) y2=(10.0 + plot_height) stroke="#555555" {}
            line x1=(left) y1=(10.0 + plot_height) x2=(left + width) y2=(10.0 + plot_height) stroke="#555555" {}
            @for fraction in [0.0, 0.5, 1.0] {
                @let value = (top / 1.1 * fraction).round() as u64;
                text x=(left - 6.0) y=(format!("{:.1}", y(value) + 4.0)) text-anchor="end" { (value) }
            }
            @for (i, group) in groups.iter().enumerate() {
                @let centre = left + column * (i as f64 + 0.5);
                @let period = group.claims.first().and_then(|c| c.period).map(|p| p.to_string()).unwrap_or_default();
                text x=(format!("{centre:.1}")) y=(plot_height + 28.0) text-anchor="middle" { (period) }
                @for (j, claim) in group.claims.iter().enumerate() {
                    @let spread = group.claims.len() as f64;
                    @let x = centre + (j as f64 - (spread - 1.0) / 2.0) * 10.0;
                    @let name = claim.publisher.as_deref().unwrap_or(claim.source.as_str());
                    @let low = claim.interval.low();
                    @let high = claim.interval.high();
                    @let mark = high.map_or(low, |h| low + (h - low) / 2);
                    line x1=(format!("{x:.1}")) x2=(format!("{x:.1}")) y1=(format!("{:.1}", y(low)))
                        y2=(format!("{:.1}", high.map_or(10.0, y))) stroke=(colour(name)) stroke-width="3" {}
                    circle cx=(format!("{x:.1}")) cy=(format!("{:.1}", y(mark))) r="4" fill=(colour(name)) {
                        title { (claim.quantity) " from " (name) }
                    }
                }
            }
            @for (k, name) in publishers.iter().enumerate() {
                @let row = 262 + 18 * k;
                rect x=(left) y=(row - 10) width="12" height="12" fill=(colour(name)) {}
                text x=(left + 18.0) y=(row) { (name) }
            }
        }
    }
}
