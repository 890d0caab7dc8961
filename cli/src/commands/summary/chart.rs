//! The summary's SVG chart: the funnel and the distribution of custodial terms.

use std::fmt::Write as _;

use investigation_outcomes::report::Bars;

/// An SVG of the funnel and the distribution of custodial terms.
///
/// `footer` is what went in, how it was protected and the audit, a line each.
pub fn chart(funnel: &Bars, histogram: &Bars, footer: [&str; 3]) -> String {
    let mut svg = String::new();
    let width = 840;
    let bar_area = 440.0;
    let _ = writeln!(
        svg,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="476" viewBox="0 0 {width} 476" font-family="sans-serif" font-size="13">"##
    );
    let _ = writeln!(
        svg,
        r##"<rect width="100%" height="100%" fill="#ffffff"/>"##
    );
    let escape = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let mut panel = |title: &str, top: usize, bars: &[(String, Option<u64>)], colour: &str| {
        let _ = writeln!(
            svg,
            r##"<text x="20" y="{top}" font-size="16" font-weight="bold">{}</text>"##,
            escape(title)
        );
        let max = bars
            .iter()
            .filter_map(|(_, v)| *v)
            .max()
            .unwrap_or(0)
            .max(1) as f64;
        for (i, (label, value)) in bars.iter().enumerate() {
            let y = top + 14 + i * 26;
            let _ = writeln!(
                svg,
                r##"<text x="170" y="{}" text-anchor="end">{}</text>"##,
                y + 15,
                escape(&label.replace('_', " "))
            );
            match value {
                Some(v) => {
                    let w = (*v as f64 / max * bar_area).max(1.0);
                    let _ = writeln!(
                        svg,
                        r##"<rect x="180" y="{y}" width="{w:.1}" height="20" fill="{colour}"/>"##
                    );
                    let _ = writeln!(
                        svg,
                        r##"<text x="{:.1}" y="{}">{v}</text>"##,
                        186.0 + w,
                        y + 15
                    );
                }
                None => {
                    let _ = writeln!(
                        svg,
                        r##"<text x="186" y="{}" fill="#777777">suppressed</text>"##,
                        y + 15
                    );
                }
            }
        }
    };
    panel("People at each stage", 30, funnel, "#2f6b9a");
    panel("Determinate custodial terms", 220, histogram, "#b5562c");
    for (line, y) in footer.iter().zip([430, 446, 462]) {
        if !line.is_empty() {
            let _ = writeln!(
                svg,
                r##"<text x="20" y="{y}" fill="#555555" font-size="11">{}</text>"##,
                escape(line)
            );
        }
    }
    svg.push_str("</svg>\n");
    svg
}
