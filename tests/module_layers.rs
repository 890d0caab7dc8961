//! The crate's modules import one way: no module reaches, directly or through
//! others, back to itself. Read from the source, not from the compiler: every
//! `crate::`, `super::` and child-module path outside tests is an edge from its file
//! to the file of the module it names. A module and its parts are one concept: a
//! part may use what its enclosing modules define, and that is not counted; the
//! crate root, which only gathers, is never an enclosing module to be used.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice
)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The module files under `dir`, by their module path (`analysis::reconcile`).
fn modules(dir: &Path, prefix: &[String], into: &mut BTreeMap<Vec<String>, PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        if path.is_dir() {
            let mut inner = prefix.to_vec();
            inner.push(name);
            modules(&path, &inner, into);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let mut module = prefix.to_vec();
            if name != "mod" && !(prefix.is_empty() && name == "lib") {
                module.push(name);
            }
            into.insert(module, path);
        }
    }
}

/// The code of a file outside comments and its test module.
fn code(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap();
    text.lines()
        .take_while(|l| l.trim() != "#[cfg(test)]")
        .map(|l| l.split("//").next().unwrap_or("").to_owned())
        .collect()
}

/// Every path of `::`-joined identifiers starting at `start` in `line`.
fn paths_after<'a>(line: &'a str, start: &str) -> Vec<Vec<&'a str>> {
    let mut found = Vec::new();
    let mut rest = line;
    while let Some(at) = rest.find(start) {
        let before = rest[..at].chars().last();
        let tail = &rest[at + start.len()..];
        rest = tail;
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let path: Vec<&str> = tail
            .split("::")
            .map(|s| {
                let end = s
                    .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .unwrap_or(s.len());
                &s[..end]
            })
            .take_while(|s| !s.is_empty())
            .collect();
        found.push(path);
    }
    found
}

/// The longest module named by the start of `path` under `base`.
fn resolve(
    files: &BTreeMap<Vec<String>, PathBuf>,
    base: &[String],
    path: &[&str],
) -> Option<Vec<String>> {
    (0..=path.len()).rev().find_map(|n| {
        let mut module = base.to_vec();
        module.extend(path[..n].iter().map(|s| (*s).to_owned()));
        files.contains_key(&module).then_some(module)
    })
}

#[test]
fn no_module_imports_itself_through_others() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = BTreeMap::new();
    modules(&src, &[], &mut files);
    let mut edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for (module, path) in &files {
        let parent = &module[..module.len().saturating_sub(1)];
        let code = code(path);
        let children: Vec<String> = code
            .iter()
            .filter_map(|l| {
                let l = l.trim();
                let l = l
                    .strip_prefix("pub(crate) ")
                    .or_else(|| l.strip_prefix("pub "))
                    .unwrap_or(l);
                l.strip_prefix("mod ")
                    .and_then(|m| m.strip_suffix(';'))
                    .map(str::to_owned)
            })
            .collect();
        let mut targets = BTreeSet::new();
        for line in &code {
            for p in paths_after(line, "crate::") {
                targets.extend(resolve(&files, &[], &p));
            }
            for p in paths_after(line, "super::") {
                targets.extend(resolve(&files, parent, &p));
            }
            for child in &children {
                for p in paths_after(line, &format!("{child}::")) {
                    let mut child_path = vec![child.as_str()];
                    child_path.extend(p);
                    targets.extend(resolve(&files, module, &child_path));
                }
            }
        }
        // A part using its enclosing modules (never the crate root) is one concept.
        targets.retain(|t| t != module && (t.is_empty() || !module.starts_with(t)));
        edges.insert(module.clone(), targets);
    }
    // Depth-first search for a cycle, naming it.
    fn visit(
        node: &Vec<String>,
        edges: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
        state: &mut BTreeMap<Vec<String>, u8>,
        stack: &mut Vec<Vec<String>>,
        cycles: &mut Vec<String>,
    ) {
        state.insert(node.clone(), 1);
        stack.push(node.clone());
        for next in edges.get(node).into_iter().flatten() {
            match state.get(next).copied().unwrap_or(0) {
                0 => visit(next, edges, state, stack, cycles),
                1 => {
                    let from = stack.iter().position(|m| m == next).unwrap_or(0);
                    let names: Vec<String> = stack[from..]
                        .iter()
                        .chain(std::iter::once(next))
                        .map(|m| {
                            if m.is_empty() {
                                "crate".to_owned()
                            } else {
                                m.join("::")
                            }
                        })
                        .collect();
                    cycles.push(names.join(" → "));
                }
                _ => {}
            }
        }
        stack.pop();
        state.insert(node.clone(), 2);
    }
    let mut state = BTreeMap::new();
    let mut cycles = Vec::new();
    for node in edges.keys() {
        if state.get(node).copied().unwrap_or(0) == 0 {
            visit(node, &edges, &mut state, &mut Vec::new(), &mut cycles);
        }
    }
    assert!(cycles.is_empty(), "import loops:\n{}", cycles.join("\n"));
    // The walk saw the crate: the reconcile module and its parts.
    assert!(edges.contains_key(&vec!["analysis".to_owned(), "reconcile".to_owned()]));
}
