//! Reading text: the size limit of one document or line, and UTF-8 errors that name
//! their line and byte.

use std::io::Read;
use std::path::Path;

use crate::error::{Error, JsonError};

/// The largest JSON document, or JSON Lines line, read by default: 256 MiB. A
/// million generated cases take about 640 MB as JSON Lines, in lines of well under
/// 1 MB each; raise the limit with the `_with_limit` readers and
/// [`OperationLines::max_line_bytes`](crate::OperationLines::max_line_bytes).
pub const DEFAULT_MAX_RECORD_BYTES: usize = 256 * 1024 * 1024;

/// Reads at most `max_bytes` of UTF-8 text.
pub(crate) fn read_limited<R: Read>(
    reader: R,
    max_bytes: usize,
    path: Option<&Path>,
) -> Result<String, Error> {
    let mut bytes = Vec::new();
    reader
        .take(
            u64::try_from(max_bytes)
                .unwrap_or(u64::MAX)
                .saturating_add(1),
        )
        .read_to_end(&mut bytes)
        .map_err(|source| Error::Io {
            path: path.map(Path::to_owned),
            error: source,
        })?;
    if bytes.len() > max_bytes {
        return Err(Error::TooLarge {
            path: path.map(Path::to_owned),
            line: None,
            limit: max_bytes,
        });
    }
    utf8(bytes, path, 0)
}

/// The bytes as text, or an error naming the line and byte where they stop being
/// UTF-8 (`first_line` is the 0-based line of the first byte).
fn utf8(bytes: Vec<u8>, path: Option<&Path>, first_line: usize) -> Result<String, Error> {
    String::from_utf8(bytes).map_err(|error| {
        utf8_error(
            error.as_bytes(),
            error.utf8_error().valid_up_to(),
            path,
            first_line,
        )
    })
}

/// The error for text that is not UTF-8 from byte `valid` on, naming the line and
/// byte; `first_line` is the index of the line the text starts on.
pub(crate) fn utf8_error(
    bytes: &[u8],
    valid: usize,
    path: Option<&Path>,
    first_line: usize,
) -> Error {
    {
        let before = bytes.get(..valid).unwrap_or(bytes);
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        let lines = before.iter().filter(|&&b| b == b'\n').count();
        let column = std::str::from_utf8(before.get(line_start..).unwrap_or(&[]))
            .map_or(0, |s| s.chars().count())
            + 1;
        Error::Json(JsonError {
            path: path.map(Path::to_owned),
            line: first_line + lines + 1,
            column,
            message: format!(
                "invalid UTF-8 at byte {} of the line",
                valid - line_start + 1
            ),
        })
    }
}
