//! Partial summaries across processes: a dataset split by operation, each shard
//! summarised by its own `outcomes summary --partial`, and `outcomes merge` giving
//! what one process gives for the whole.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use common::{code, run, stderr, stdout, temp_file};

mod common;

#[test]
fn shards_summarised_apart_and_merged_equal_the_whole() {
    let generated = run(
        "generate",
        &["--operations", "9", "--cases", "3000", "--seed", "5"],
    );
    let whole = temp_file("partial-whole.jsonl", &generated.stdout);
    // Three shards of whole operations, each summarised in its own process.
    let lines: Vec<&str> = std::str::from_utf8(&generated.stdout)
        .unwrap()
        .lines()
        .collect();
    // One grouping, and two in one run.
    let groupings = [
        vec!["--by", "country"],
        vec!["--by", "country", "--by", "offence"],
    ];
    let mut first_partials = Vec::new();
    for (g, by) in groupings.iter().enumerate() {
        let mut partials = Vec::new();
        for (n, shard) in lines.chunks(3).enumerate() {
            let shard_file = temp_file(
                &format!("partial-shard-{g}-{n}.jsonl"),
                shard.join("\n").as_bytes(),
            );
            let mut args = vec!["--partial"];
            args.extend(by);
            args.push(shard_file.to_str().unwrap());
            let out = run("summary", &args);
            assert_eq!(code(&out), 0, "{}", stderr(&out));
            assert!(stdout(&out).starts_with(r#"{"partial_summary_version":2,"#));
            partials.push(temp_file(&format!("partial-{g}-{n}.json"), &out.stdout));
        }
        let partial_args: Vec<&str> = partials.iter().map(|p| p.to_str().unwrap()).collect();
        for publish in [
            vec!["--format", "csv", "--suppress-below", "5"],
            vec!["--format", "json", "--round", "rr3", "--seed", "3"],
            vec![],
        ] {
            let mut merge_args = publish.clone();
            merge_args.extend(&partial_args);
            let merged = run("merge", &merge_args);
            assert_eq!(code(&merged), 0, "{}", stderr(&merged));
            let mut summary_args = by.clone();
            summary_args.extend(&publish);
            summary_args.push(whole.to_str().unwrap());
            let single = run("summary", &summary_args);
            assert_eq!(stdout(&merged), stdout(&single), "{by:?} {publish:?}");
        }
        first_partials.push(partials.swap_remove(0));
    }
    let partial_args: Vec<&str> = first_partials.iter().map(|p| p.to_str().unwrap()).collect();
    // A partial of one grouping and one of two do not merge.
    let mixed = run("merge", &partial_args);
    assert_eq!(code(&mixed), 1);

    // Partials grouped differently do not merge.
    let other = run(
        "summary",
        &["--partial", "--by", "year", whole.to_str().unwrap()],
    );
    let other = temp_file("partial-other.json", &other.stdout);
    let mixed = run("merge", &[partial_args[0], other.to_str().unwrap()]);
    assert_eq!(code(&mixed), 1);
    assert!(
        stderr(&mixed).contains("cannot merge"),
        "{}",
        stderr(&mixed)
    );
    // A partial of another version is refused, naming the file.
    let future = temp_file(
        "partial-future.json",
        br#"{"partial_summary_version":3,"summary":{}}"#,
    );
    let refused = run("merge", &[future.to_str().unwrap()]);
    assert_eq!(code(&refused), 1);
    assert!(
        stderr(&refused).contains("partial_summary_version 3 is not supported"),
        "{}",
        stderr(&refused)
    );
    // A partial of version 1 holds no inner cells, without which nothing can be
    // protected: refused too.
    let old = temp_file(
        "partial-old.json",
        br#"{"partial_summary_version":1,"summary":{}}"#,
    );
    let refused = run("merge", &[old.to_str().unwrap()]);
    assert_eq!(code(&refused), 1);
    assert!(
        stderr(&refused).contains("partial_summary_version 1 is not supported"),
        "{}",
        stderr(&refused)
    );
    // Publishing options make no sense for a partial.
    assert_eq!(
        code(&run(
            "summary",
            &["--partial", "--format", "csv", whole.to_str().unwrap()]
        )),
        2
    );
}

#[test]
fn split_writes_parts_of_whole_operations_that_merge_into_the_whole() {
    let generated = run(
        "generate",
        &["--operations", "5", "--cases", "400", "--seed", "11"],
    );
    let whole = temp_file("split-whole.jsonl", &generated.stdout);
    let dir = common::temp_dir();
    let prefix = dir.path().join("part");
    let out = run(
        "split",
        &[
            "--parts",
            "2",
            "--prefix",
            prefix.to_str().unwrap(),
            whole.to_str().unwrap(),
        ],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let parts: Vec<std::path::PathBuf> = (1..=2)
        .map(|n| dir.path().join(format!("part-{n}.jsonl")))
        .collect();
    assert_eq!(
        stdout(&out),
        format!(
            "{}: 3 operations\n{}: 2 operations\n",
            parts[0].display(),
            parts[1].display()
        )
    );
    // Every operation, whole, in one part: the lines of the parts are the input's.
    let mut lines: Vec<String> = parts
        .iter()
        .flat_map(|p| {
            std::fs::read_to_string(p)
                .unwrap()
                .lines()
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .collect();
    let mut expected: Vec<String> = stdout(&generated).lines().map(str::to_owned).collect();
    lines.sort();
    expected.sort();
    assert_eq!(lines, expected);
    // Their partial summaries merge into the summary of the whole.
    let partials: Vec<_> = parts
        .iter()
        .enumerate()
        .map(|(n, part)| {
            let out = run("summary", &["--partial", part.to_str().unwrap()]);
            assert_eq!(code(&out), 0, "{}", stderr(&out));
            temp_file(&format!("split-partial-{n}.json"), &out.stdout)
        })
        .collect();
    let args: Vec<&str> = std::iter::once("--format")
        .chain(["csv", "--suppress-below", "5"])
        .chain(partials.iter().map(|p| p.to_str().unwrap()))
        .collect();
    let merged = run("merge", &args);
    let single = run(
        "summary",
        &[
            "--format",
            "csv",
            "--suppress-below",
            "5",
            whole.to_str().unwrap(),
        ],
    );
    assert_eq!(code(&merged), 0, "{}", stderr(&merged));
    assert_eq!(stdout(&merged), stdout(&single));
}
