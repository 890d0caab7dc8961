//! Temporary files for tests, removed when they drop. The tool's tests keep their
//! own copy (the library's tests have the same) so that the tool's package holds
//! everything its tests need.

/// A file in the temporary directory holding `contents`, its name ending in `name`.
/// It is removed when the value drops, also when the test fails.
pub fn temp_file(name: &str, contents: &[u8]) -> tempfile::TempPath {
    let mut file = tempfile::Builder::new()
        .prefix("investigation-outcomes-")
        .suffix(&format!("-{name}"))
        .tempfile()
        .unwrap();
    std::io::Write::write_all(&mut file, contents).unwrap();
    file.into_temp_path()
}

/// An empty directory in the temporary directory, removed with all it holds when
/// the value drops.
pub fn temp_dir() -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix("investigation-outcomes-")
        .tempdir()
        .unwrap()
}
