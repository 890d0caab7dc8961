//! JSON Lines: operations read a line at a time, or in chunks of lines to parse on
//! other threads.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use crate::error::{Error, JsonError};
use crate::io::quick_json;
use crate::io::text::{DEFAULT_MAX_RECORD_BYTES, utf8_error};
use crate::record::operation::Operation;

/// Operations read one at a time from JSON Lines, so that a large file can be
/// summarised or checked without holding it all; blank lines are skipped.
///
/// Each item is an operation, or the error reading it: [`Error::Json`] naming the
/// line, or [`Error::Io`]. Reading goes on after a bad line.
///
/// To parse on several threads, take the lines in chunks with
/// [`next_chunk`](OperationLines::next_chunk) instead.
///
/// # Example
///
/// ```
/// use investigation_outcomes::{Dataset, OperationLines};
///
/// let dataset = Dataset::from_json_str(include_str!("../../data/operation-h.json"))?;
/// let mut lines = Vec::new();
/// dataset.to_json_lines(&mut lines)?;
/// let read: Vec<_> = OperationLines::new(lines.as_slice()).collect::<Result<_, _>>()?;
/// assert_eq!(read, dataset.operations);
///
/// let mut broken = OperationLines::new("\n{\"id\": 1}\n".as_bytes());
/// let error = broken.next().unwrap().unwrap_err();
/// assert!(error.to_string().contains("line 2"), "{error}");
/// # Ok::<(), investigation_outcomes::Error>(())
/// ```
#[derive(Debug)]
pub struct OperationLines<R> {
    reader: R,
    path: Option<PathBuf>,
    // Lines read so far.
    line: usize,
    max_line_bytes: usize,
    // Set after a line too long to read whole: the rest of the stream is not read.
    stopped: bool,
    // An error met while filling a chunk, given after the chunk of lines before it.
    pending: Option<Error>,
    // The line being parsed, its capacity kept from line to line.
    buffer: Vec<u8>,
}

/// The most memory held ahead of need: the largest line buffer kept for the next
/// line, and the most a chunk allocates before its lines are read.
const MAX_KEPT_BUFFER: usize = 8 << 20;

impl<R: BufRead> OperationLines<R> {
    /// Operations from a reader of JSON Lines.
    pub fn new(reader: R) -> Self {
        Self {
            reader,
            path: None,
            line: 0,
            max_line_bytes: DEFAULT_MAX_RECORD_BYTES,
            stopped: false,
            pending: None,
            buffer: Vec::new(),
        }
    }
}

impl<R> OperationLines<R> {
    /// Names the file the lines come from, so that errors name it too (as
    /// [`from_path`](OperationLines::from_path) does).
    pub fn named(mut self, path: impl Into<PathBuf>) -> Self {
        self.path = Some(path.into());
        self
    }

    /// Refuses lines longer than `max_bytes` (by default
    /// [`DEFAULT_MAX_RECORD_BYTES`]) with [`Error::TooLarge`], and reads no further.
    pub fn max_line_bytes(mut self, max_bytes: usize) -> Self {
        self.max_line_bytes = max_bytes;
        self
    }
}

impl OperationLines<BufReader<std::fs::File>> {
    /// Operations from a JSON Lines file; errors name the file.
    ///
    /// # Errors
    ///
    /// [`Error::Io`] when the file cannot be opened.
    pub fn from_path(path: impl AsRef<Path>) -> Result<Self, Error> {
        let path = path.as_ref();
        let file = std::fs::File::open(path).map_err(|source| Error::Io {
            path: Some(path.to_owned()),
            error: source,
        })?;
        Ok(Self::new(BufReader::new(file)).named(path))
    }
}

impl<R: BufRead> OperationLines<R> {
    /// Appends the next line, with its newline, to `bytes`; gives its index, or
    /// `None` at the end. A line over the limit is left out and stops reading.
    fn read_line(&mut self, bytes: &mut Vec<u8>) -> Option<Result<usize, Error>> {
        if self.stopped {
            return None;
        }
        let start = bytes.len();
        let read = read_until_newline(
            &mut self.reader,
            self.max_line_bytes.saturating_add(1),
            bytes,
        );
        let index = self.line;
        self.line += 1;
        match read {
            Ok(0) => return None,
            Ok(_) => {}
            Err(source) => {
                bytes.truncate(start);
                return Some(Err(Error::Io {
                    path: self.path.clone(),
                    error: source,
                }));
            }
        }
        let line = bytes.get(start..).unwrap_or_default();
        if line.strip_suffix(b"\n").unwrap_or(line).len() > self.max_line_bytes {
            bytes.truncate(start);
            self.stopped = true;
            return Some(Err(Error::TooLarge {
                path: self.path.clone(),
                line: Some(index + 1),
                limit: self.max_line_bytes,
            }));
        }
        if !bytes.ends_with(b"\n") {
            bytes.push(b'\n');
        }
        Some(Ok(index))
    }

    /// The next lines, read but not parsed: whole lines, at least one and about
    /// `target_bytes` in all, to parse with [`LineChunk::operations`], on another
    /// thread if wished. Parsing the chunks in order gives what iterating gives, in
    /// the same order, errors included; an error of reading (a line over the limit,
    /// or of the reader) comes as its own item, after the chunk of lines before it.
    ///
    /// ```
    /// use investigation_outcomes::{Dataset, OperationLines};
    ///
    /// let dataset = Dataset::operation_h()?;
    /// let mut text = Vec::new();
    /// Dataset::new(vec![dataset.operations[0].clone(); 5]).to_json_lines(&mut text)?;
    /// let mut lines = OperationLines::new(text.as_slice());
    /// let mut read = Vec::new();
    /// while let Some(chunk) = lines.next_chunk(1) {
    ///     let chunk = chunk?;
    ///     assert_eq!(chunk.operation_count(), 1);
    ///     for operation in chunk.operations() {
    ///         read.push(operation?);
    ///     }
    /// }
    /// assert_eq!(read.len(), 5);
    /// # Ok::<(), investigation_outcomes::Error>(())
    /// ```
    pub fn next_chunk(&mut self, target_bytes: usize) -> Option<Result<LineChunk, Error>> {
        if let Some(error) = self.pending.take() {
            return Some(Err(error));
        }
        let mut chunk = LineChunk {
            bytes: Vec::with_capacity(target_bytes.min(MAX_KEPT_BUFFER)),
            path: self.path.clone(),
            first_line: self.line,
            operations: 0,
        };
        let mut lines = 0;
        while lines == 0 || chunk.bytes.len() < target_bytes {
            let start = chunk.bytes.len();
            match self.read_line(&mut chunk.bytes) {
                None => break,
                Some(Ok(index)) => {
                    lines += 1;
                    if !is_blank(chunk.bytes.get(start..).unwrap_or_default(), index) {
                        chunk.operations += 1;
                    }
                }
                Some(Err(error)) if lines == 0 => return Some(Err(error)),
                Some(Err(error)) => {
                    self.pending = Some(error);
                    break;
                }
            }
        }
        (lines > 0).then_some(Ok(chunk))
    }
}

impl<R: BufRead> OperationLines<R> {
    /// The next line parsed where it lies in the reader's buffer, when the whole
    /// line is there (as it always is for a slice): `Some(None)` for a blank line,
    /// `None` when the line must be gathered first.
    fn next_in_place(&mut self) -> Option<Option<Result<Operation, Error>>> {
        if self.stopped {
            return None;
        }
        let available = self.reader.fill_buf().ok()?;
        let end = memchr::memchr(b'\n', available).filter(|&end| end <= self.max_line_bytes)?;
        let line = available.get(..=end)?;
        let index = self.line;
        self.line += 1;
        let item = parse_line(line, self.path.as_deref(), index);
        self.reader.consume(end + 1);
        Some(item)
    }
}

impl<R: BufRead> Iterator for OperationLines<R> {
    type Item = Result<Operation, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(error) = self.pending.take() {
            return Some(Err(error));
        }
        while let Some(item) = self.next_in_place() {
            if item.is_some() {
                return item;
            }
        }
        let mut bytes = std::mem::take(&mut self.buffer);
        let item = loop {
            bytes.clear();
            let index = match self.read_line(&mut bytes) {
                None => break None,
                Some(Ok(index)) => index,
                Some(Err(error)) => break Some(Err(error)),
            };
            if let Some(item) = parse_line(&bytes, self.path.as_deref(), index) {
                break Some(item);
            }
        };
        // A rare huge line should not hold its memory for the rest of the stream.
        if bytes.capacity() <= MAX_KEPT_BUFFER {
            self.buffer = bytes;
        }
        item
    }
}

/// Appends to `bytes` what `reader` holds up to and including the next newline, or
/// up to `limit` bytes; gives how many bytes were appended (0 at the end).
fn read_until_newline<R: BufRead>(
    reader: &mut R,
    limit: usize,
    bytes: &mut Vec<u8>,
) -> std::io::Result<usize> {
    let mut read = 0;
    while read < limit {
        let available = match reader.fill_buf() {
            Ok(available) => available,
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(error),
        };
        let window = available
            .get(..available.len().min(limit - read))
            .unwrap_or_default();
        let (taken, found) = match memchr::memchr(b'\n', window) {
            Some(end) => (end + 1, true),
            None => (window.len(), false),
        };
        bytes.extend_from_slice(window.get(..taken).unwrap_or_default());
        reader.consume(taken);
        read += taken;
        if found || taken == 0 {
            break;
        }
    }
    Ok(read)
}

/// Whole lines of JSON Lines read by [`OperationLines::next_chunk`], not yet parsed.
#[derive(Debug, Clone)]
pub struct LineChunk {
    // Each line ends in a newline.
    bytes: Vec<u8>,
    path: Option<PathBuf>,
    first_line: usize,
    operations: usize,
}

impl LineChunk {
    /// The operations of the lines, or the error of each bad line, in order.
    pub fn operations(&self) -> impl Iterator<Item = Result<Operation, Error>> + '_ {
        lines(&self.bytes).enumerate().filter_map(|(offset, line)| {
            parse_line(line, self.path.as_deref(), self.first_line + offset)
        })
    }

    /// How many lines are not blank: the operations the chunk holds, or errors.
    pub fn operation_count(&self) -> usize {
        self.operations
    }

    /// The 0-based index in the stream of the chunk's first line.
    pub fn first_line(&self) -> usize {
        self.first_line
    }

    /// The size of the lines in bytes.
    pub fn len_bytes(&self) -> usize {
        self.bytes.len()
    }
}

/// The lines of `bytes`, each with its newline (the last may have none).
fn lines(bytes: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut rest = bytes;
    std::iter::from_fn(move || {
        let end = memchr::memchr(b'\n', rest).map_or(rest.len(), |end| end + 1);
        let (line, after) = rest.split_at_checked(end)?;
        rest = after;
        (!line.is_empty()).then_some(line)
    })
}

/// Whether a line holds nothing but JSON whitespace (after the byte-order mark that
/// may begin a stream).
fn is_blank(line: &[u8], index: usize) -> bool {
    let line = match index {
        0 => line.strip_prefix("\u{feff}".as_bytes()).unwrap_or(line),
        _ => line,
    };
    line.iter()
        .all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
}

/// The operation on one line (with or without its newline), its error, or nothing
/// for a blank line.
fn parse_line(line: &[u8], path: Option<&Path>, index: usize) -> Option<Result<Operation, Error>> {
    if is_blank(line, index) {
        return None;
    }
    let content = line.strip_suffix(b"\n").unwrap_or(line);
    let text = match std::str::from_utf8(content) {
        Ok(text) => text,
        Err(error) => return Some(Err(utf8_error(content, error.valid_up_to(), path, index))),
    };
    // Spreadsheet exports often begin with a byte-order mark.
    let text = match index {
        0 => text.strip_prefix('\u{feff}').unwrap_or(text),
        _ => text,
    };
    Some(
        quick_json::from_str::<Operation>(text)
            .map_err(|e| JsonError::from_serde(&e, text, path.map(Path::to_owned), index).into()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn errors_as_text(items: impl Iterator<Item = Result<Operation, Error>>) -> Vec<String> {
        items
            .map(|item| match item {
                Ok(operation) => operation.id.to_string(),
                Err(error) => error.to_string(),
            })
            .collect()
    }

    fn chunked(text: &[u8], target: usize, limit: usize) -> Vec<String> {
        let mut lines = OperationLines::new(text).max_line_bytes(limit);
        let mut items = Vec::new();
        while let Some(chunk) = lines.next_chunk(target) {
            match chunk {
                Ok(chunk) => {
                    let read = errors_as_text(chunk.operations());
                    assert_eq!(read.len(), chunk.operation_count());
                    items.extend(read);
                }
                Err(error) => items.push(error.to_string()),
            }
        }
        items
    }

    fn line() -> impl Strategy<Value = Vec<u8>> {
        prop_oneof![
            "[a-z]{1,6}".prop_map(|id| format!(r#"{{"id": "{id}", "name": "N"}}"#).into_bytes()),
            Just(br#"{"id": 1}"#.to_vec()),
            Just(b"   \t".to_vec()),
            Just(Vec::new()),
            Just(b"\xff{}".to_vec()),
            Just("\u{feff}".as_bytes().to_vec()),
            Just(format!(r#"{{"id": "long", "name": "{}"}}"#, "x".repeat(60)).into_bytes()),
        ]
    }

    proptest! {
        /// Chunks of any size, parsed in order, give what reading line by line
        /// gives: the same operations and the same errors, in the same order.
        #[test]
        fn chunks_read_as_lines_do(
            lines in prop::collection::vec(line(), 0..12),
            crlf in any::<bool>(),
            final_newline in any::<bool>(),
            target in 1usize..200,
        ) {
            let newline: &[u8] = if crlf { b"\r\n" } else { b"\n" };
            let mut text = lines.join(newline);
            if final_newline {
                text.extend_from_slice(newline);
            }
            let limit = 64;
            let by_line = errors_as_text(OperationLines::new(text.as_slice()).max_line_bytes(limit));
            prop_assert_eq!(chunked(&text, target, limit), by_line);
        }

        /// Lines parsed in the reader's buffer and lines gathered across refills of
        /// a small one read alike.
        #[test]
        fn lines_read_alike_through_any_buffer(
            lines in prop::collection::vec(line(), 0..12),
            final_newline in any::<bool>(),
            capacity in 1usize..100,
        ) {
            let mut text = lines.join(&b'\n');
            if final_newline {
                text.push(b'\n');
            }
            let limit = 64;
            let from_slice = errors_as_text(OperationLines::new(text.as_slice()).max_line_bytes(limit));
            let buffered = BufReader::with_capacity(capacity, text.as_slice());
            let through_buffer = errors_as_text(OperationLines::new(buffered).max_line_bytes(limit));
            prop_assert_eq!(through_buffer, from_slice);
        }

        /// The line splitter and the limited line reader do what the standard
        /// library's `split_inclusive` and `take(limit).read_until` do.
        #[test]
        fn lines_split_as_the_standard_library_splits_them(
            text in prop::collection::vec(prop::sample::select(b"ab\n".to_vec()), 0..40),
            capacity in 1usize..16,
            limit in 0usize..50,
        ) {
            let split: Vec<&[u8]> = text.split_inclusive(|b| *b == b'\n').collect();
            prop_assert_eq!(lines(&text).collect::<Vec<_>>(), split);

            let mut ours = BufReader::with_capacity(capacity, text.as_slice());
            let mut theirs = text.as_slice();
            loop {
                let (mut a, mut b) = (Vec::new(), Vec::new());
                let read = read_until_newline(&mut ours, limit, &mut a).unwrap();
                let expected = std::io::Read::take(&mut theirs, limit as u64)
                    .read_until(b'\n', &mut b)
                    .unwrap();
                prop_assert_eq!((read, &a), (expected, &b));
                if read == 0 {
                    break;
                }
            }
        }
    }

    #[test]
    fn a_line_over_the_limit_ends_the_chunk_and_comes_after_it() {
        let text =
            b"{\"id\": \"a\", \"name\": \"A\"}\n{\"id\": \"b\", \"name\": \"a long name\"}\n";
        let items = chunked(text, 1_000, 30);
        assert_eq!(items.len(), 2, "{items:?}");
        assert_eq!(items[0], "a");
        assert!(items[1].contains("line 2"), "{}", items[1]);
    }
}
