//! Datasets of operations, and reading and writing them as JSON and JSON Lines.

use std::io::{BufRead, Read, Write};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::Error;
use crate::error::JsonError;
use crate::io::json_lines::OperationLines;
use crate::io::quick_json;
pub use crate::io::text::DEFAULT_MAX_RECORD_BYTES;
use crate::io::text::read_limited;
pub use crate::record::dataset::{Dataset, SCHEMA_VERSION};

#[derive(Deserialize)]
struct VersionProbe {
    schema_version: Option<serde_json::Value>,
}

impl Dataset {
    /// The JSON text of the bundled Operation H dataset: the published figures of
    /// a New Zealand-led operation (Operation Molto in Australia), 72 figures from
    /// 13 sources of 11 publishers, with two Australian sentences as case records.
    pub const OPERATION_H_JSON: &'static str = include_str!("../../data/operation-h.json");

    /// The bundled Operation H dataset ([`OPERATION_H_JSON`](Self::OPERATION_H_JSON)),
    /// a place to start from without a file of one's own.
    ///
    /// # Errors
    ///
    /// None in practice: the bundled text is read as any other, and the crate's tests
    /// read it.
    ///
    /// # Example
    ///
    /// ```
    /// use investigation_outcomes::{Dataset, validate};
    ///
    /// let dataset = Dataset::operation_h()?;
    /// assert_eq!(dataset.operations[0].name, "Operation H");
    /// assert!(validate(&dataset).is_clean());
    /// # Ok::<(), investigation_outcomes::Error>(())
    /// ```
    pub fn operation_h() -> Result<Self, Error> {
        Self::from_json_str(Self::OPERATION_H_JSON)
    }

    /// The JSON text of the bundled CyberTipline series: the reports NCMEC's
    /// CyberTipline received in 2020, 2021 and 2022, as NCMEC's 2022 report, its
    /// press release of March 2022 and Thorn's summary of June 2023 give them.
    pub const CYBERTIPLINE_JSON: &'static str = include_str!("../../data/cybertipline.json");

    /// The bundled CyberTipline series ([`CYBERTIPLINE_JSON`](Self::CYBERTIPLINE_JSON)):
    /// yearly figures with reporting periods, where a press release's rounded figures
    /// disagree with the report's exact ones.
    ///
    /// # Errors
    ///
    /// None in practice, as for [`operation_h`](Self::operation_h).
    ///
    /// # Example
    ///
    /// ```
    /// use investigation_outcomes::Dataset;
    /// use investigation_outcomes::reconcile::reconcile;
    ///
    /// let series = Dataset::cybertipline()?;
    /// // "29.3 million" for 2021 against the report's 29,397,681, and "21.7 million"
    /// // for 2020 against 21,751,085: rounded down, not to the nearest.
    /// assert_eq!(reconcile(&series).conflicts().count(), 2);
    /// # Ok::<(), investigation_outcomes::Error>(())
    /// ```
    pub fn cybertipline() -> Result<Self, Error> {
        Self::from_json_str(Self::CYBERTIPLINE_JSON)
    }

    /// The schema version the dataset was read in (or [`SCHEMA_VERSION`]).
    pub fn schema_version(&self) -> u32 {
        self.schema_version
    }

    /// Reads a dataset from JSON text.
    ///
    /// # Errors
    ///
    /// [`Error::Json`] with the line, column and reason when the text is not a valid
    /// dataset; [`Error::UnsupportedSchemaVersion`] when it declares a version the
    /// crate does not read.
    pub fn from_json_str(text: &str) -> Result<Self, Error> {
        Self::parse(text, None)
    }

    fn parse(text: &str, path: Option<PathBuf>) -> Result<Self, Error> {
        // Spreadsheet exports often begin with a byte-order mark.
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let unsupported = |found: u64, path| Error::UnsupportedSchemaVersion {
            path,
            found,
            supported: SCHEMA_VERSION,
        };
        match quick_json::from_str::<Dataset>(text) {
            Ok(dataset) if (1..=SCHEMA_VERSION).contains(&dataset.schema_version) => Ok(dataset),
            Ok(dataset) => Err(unsupported(u64::from(dataset.schema_version), path)),
            Err(error) => {
                // A newer document fails on fields this version does not know; say
                // that it is newer rather than pointing at the first new field.
                let declared = serde_json::from_str::<VersionProbe>(text)
                    .ok()
                    .and_then(|p| p.schema_version)
                    .and_then(|v| v.as_u64());
                match declared {
                    Some(found) if found > u64::from(SCHEMA_VERSION) => {
                        Err(unsupported(found, path))
                    }
                    _ => Err(JsonError::from_serde(&error, text, path, 0).into()),
                }
            }
        }
    }

    /// Reads a dataset from JSON, at most [`DEFAULT_MAX_RECORD_BYTES`] of it.
    ///
    /// # Errors
    ///
    /// As [`Dataset::from_json_str`]; [`Error::Io`] when reading fails;
    /// [`Error::TooLarge`] past the limit; [`Error::Json`] naming the line and byte
    /// for text that is not UTF-8.
    pub fn from_reader<R: Read>(reader: R) -> Result<Self, Error> {
        Self::from_reader_with_limit(reader, DEFAULT_MAX_RECORD_BYTES)
    }

    /// Reads a dataset from JSON of at most `max_bytes` bytes.
    ///
    /// # Errors
    ///
    /// As [`Dataset::from_reader`].
    pub fn from_reader_with_limit<R: Read>(reader: R, max_bytes: usize) -> Result<Self, Error> {
        let text = read_limited(reader, max_bytes, None)?;
        Self::parse(&text, None)
    }

    /// Reads a dataset from a JSON file of at most [`DEFAULT_MAX_RECORD_BYTES`];
    /// errors name the file.
    ///
    /// # Errors
    ///
    /// As [`Dataset::from_reader`], and [`Error::Io`] when the file cannot be read.
    pub fn from_path(path: impl AsRef<Path>) -> Result<Self, Error> {
        Self::from_path_with_limit(path, DEFAULT_MAX_RECORD_BYTES)
    }

    /// Reads a dataset from a JSON file of at most `max_bytes` bytes.
    ///
    /// # Errors
    ///
    /// As [`Dataset::from_path`].
    pub fn from_path_with_limit(path: impl AsRef<Path>, max_bytes: usize) -> Result<Self, Error> {
        let path = path.as_ref();
        let file = std::fs::File::open(path).map_err(|source| Error::Io {
            path: Some(path.to_owned()),
            error: source,
        })?;
        let text = read_limited(file, max_bytes, Some(path))?;
        Self::parse(&text, Some(path.to_owned()))
    }

    /// Reads operations from JSON Lines, one operation per line. To summarise or
    /// check a large file without holding it, read it with [`OperationLines`].
    ///
    /// # Errors
    ///
    /// [`Error::Json`] naming the line of the bad record; [`Error::Io`] when reading fails.
    pub fn from_json_lines<R: BufRead>(reader: R) -> Result<Self, Error> {
        OperationLines::new(reader)
            .collect::<Result<Vec<_>, _>>()
            .map(Self::new)
    }

    /// Reads operations from a JSON Lines file; errors name the file.
    ///
    /// # Errors
    ///
    /// As [`Dataset::from_json_lines`].
    pub fn from_json_lines_path(path: impl AsRef<Path>) -> Result<Self, Error> {
        OperationLines::from_path(path)?
            .collect::<Result<Vec<_>, _>>()
            .map(Self::new)
    }

    /// Writes the dataset as indented JSON.
    ///
    /// # Errors
    ///
    /// [`Error::Io`] when writing fails.
    pub fn to_writer<W: Write>(&self, writer: W) -> Result<(), Error> {
        serde_json::to_writer_pretty(writer, self).map_err(io_error)
    }

    /// The dataset as indented JSON text.
    pub fn to_json_string(&self) -> String {
        // Serialising plain data to a String cannot fail: every map key is a string.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Writes the dataset as indented JSON to a file.
    ///
    /// # Errors
    ///
    /// [`Error::Io`] naming the file when it cannot be written.
    pub fn to_path(&self, path: impl AsRef<Path>) -> Result<(), Error> {
        let path = path.as_ref();
        let mut text = self.to_json_string();
        text.push('\n');
        std::fs::write(path, text).map_err(|source| Error::Io {
            path: Some(path.to_owned()),
            error: source,
        })
    }

    /// Writes the operations as JSON Lines, one per line.
    ///
    /// # Errors
    ///
    /// [`Error::Io`] when writing fails.
    pub fn to_json_lines<W: Write>(&self, mut writer: W) -> Result<(), Error> {
        for operation in &self.operations {
            serde_json::to_writer(&mut writer, operation).map_err(io_error)?;
            writer.write_all(b"\n").map_err(|source| Error::Io {
                path: None,
                error: source,
            })?;
        }
        Ok(())
    }
}

impl Dataset {
    /// Writes the operations as JSON Lines to a file.
    ///
    /// # Errors
    ///
    /// [`Error::Io`] naming the file when it cannot be written.
    pub fn to_json_lines_path(&self, path: impl AsRef<Path>) -> Result<(), Error> {
        let path = path.as_ref();
        let with_path = |source| Error::Io {
            path: Some(path.to_owned()),
            error: source,
        };
        let file = std::fs::File::create(path).map_err(with_path)?;
        let mut writer = std::io::BufWriter::new(file);
        self.to_json_lines(&mut writer).map_err(|e| match e {
            Error::Io { error: source, .. } => with_path(source),
            other => other,
        })?;
        writer.flush().map_err(with_path)
    }
}

fn io_error(error: serde_json::Error) -> Error {
    Error::Io {
        path: None,
        error: error.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::operation::Operation;

    #[test]
    fn vectors_are_read_without_spare_capacity() {
        let dataset = Dataset::from_json_str(include_str!("../../data/operation-h.json")).unwrap();
        let cases = &dataset.operations[0].cases;
        assert_eq!(cases.capacity(), cases.len());
        for case in cases {
            assert_eq!(case.charges.capacity(), case.charges.len());
            let components = &case.sentence.as_ref().unwrap().components;
            assert_eq!(components.capacity(), components.len());
        }
    }

    #[test]
    fn operation_lines_name_the_line_and_read_on_past_a_bad_one() {
        let good = r#"{"id": "op", "name": "Op"}"#;
        let text = format!("\r\n{good}\r\n\n{{\"id\": 1}}\n{good}\n");
        let items: Vec<Result<Operation, Error>> = OperationLines::new(text.as_bytes()).collect();
        assert_eq!(items.len(), 3);
        assert_eq!(items[0].as_ref().unwrap().id.as_str(), "op");
        let error = items[1].as_ref().unwrap_err().to_string();
        assert!(error.contains("line 4"), "{error}");
        assert!(items[2].is_ok());
        // A file that cannot be opened is named.
        let missing = OperationLines::from_path("no/such/file.jsonl").unwrap_err();
        assert!(
            missing.to_string().contains("no/such/file.jsonl"),
            "{missing}"
        );
    }

    #[test]
    fn newer_schema_versions_are_refused_with_a_clear_message() {
        let newer = r#"{"schema_version": 2, "operations": [], "regions": []}"#;
        let message = Dataset::from_json_str(newer).unwrap_err().to_string();
        assert_eq!(
            message,
            "schema_version 2 is not supported: this version of investigation-outcomes reads schema_version 1 to 1; upgrade the crate to read newer documents"
        );
        let plain_newer = r#"{"schema_version": 7, "operations": []}"#;
        assert!(matches!(
            Dataset::from_json_str(plain_newer),
            Err(Error::UnsupportedSchemaVersion { found: 7, .. })
        ));
        let zero = r#"{"schema_version": 0, "operations": []}"#;
        assert!(
            Dataset::from_json_str(zero)
                .unwrap_err()
                .to_string()
                .contains("versions start at 1")
        );
    }

    #[test]
    fn unknown_fields_are_rejected_with_position() {
        let text = "{\"schema_version\": 1,\n \"operations\": [],\n \"extra\": true}";
        let error = Dataset::from_json_str(text).unwrap_err();
        let Error::Json(json) = error else {
            panic!("{error}")
        };
        assert_eq!(json.line, 3);
        assert!(
            json.message.starts_with("unknown field `extra`"),
            "{}",
            json.message
        );
    }

    #[test]
    fn json_lines_errors_name_the_line() {
        let text = "{\"id\": \"a\", \"name\": \"A\"}\n\n{\"id\": \"b\", \"name\": \"B\", \"started\": \"2019-13\"}\n";
        let error = Dataset::from_json_lines(text.as_bytes()).unwrap_err();
        let Error::Json(json) = error else {
            panic!("{error}")
        };
        assert_eq!(json.line, 3);
        assert!(
            json.message.contains("invalid date \"2019-13\""),
            "{}",
            json.message
        );
        let ok = "{\"id\": \"a\", \"name\": \"A\"}\n\n{\"id\": \"b\", \"name\": \"B\"}\n";
        let dataset = Dataset::from_json_lines(ok.as_bytes()).unwrap();
        let mut written = Vec::new();
        dataset.to_json_lines(&mut written).unwrap();
        assert_eq!(
            Dataset::from_json_lines(written.as_slice()).unwrap(),
            dataset
        );
    }

    #[test]
    fn json_lines_files_round_trip() {
        let dataset =
            Dataset::from_json_lines("{\"id\": \"a\", \"name\": \"A\"}\n".as_bytes()).unwrap();
        let path = tempfile::Builder::new()
            .suffix(".jsonl")
            .tempfile()
            .unwrap()
            .into_temp_path();
        dataset.to_json_lines_path(&path).unwrap();
        let read = Dataset::from_json_lines_path(&path);
        assert_eq!(read.unwrap(), dataset);
        let error = dataset
            .to_json_lines_path("/nonexistent/dir/x.jsonl")
            .unwrap_err();
        assert!(
            error.to_string().starts_with("/nonexistent/dir/x.jsonl: "),
            "{error}"
        );
    }

    #[test]
    fn missing_file_is_an_io_error_naming_it() {
        let error = Dataset::from_path("/nonexistent/dataset.json").unwrap_err();
        assert!(
            error.to_string().starts_with("/nonexistent/dataset.json: "),
            "{error}"
        );
    }
}
