//! Progress bars on standard error, drawn only when it is a terminal.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

fn target() -> ProgressDrawTarget {
    if std::io::stderr().is_terminal() {
        ProgressDrawTarget::stderr()
    } else {
        ProgressDrawTarget::hidden()
    }
}

/// A bar of bytes read out of `total`; a spinner when the total is unknown (0, as
/// for standard input).
pub fn bytes(total: u64) -> ProgressBar {
    let bar = ProgressBar::with_draw_target((total > 0).then_some(total), target());
    let style = if total > 0 {
        ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} ({eta})",
        )
    } else {
        ProgressStyle::with_template("{spinner} [{elapsed_precise}] {bytes} read")
    };
    if let Ok(style) = style {
        bar.set_style(style);
    }
    bar
}

/// A bar of `total` items, named by `unit`.
pub fn items(total: u64, unit: &str) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(Some(total), target());
    let template =
        format!("{{spinner}} [{{elapsed_precise}}] {{wide_bar}} {{pos}}/{{len}} {unit} ({{eta}})");
    if let Ok(style) = ProgressStyle::with_template(&template) {
        bar.set_style(style);
    }
    bar
}
