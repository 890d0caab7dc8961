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
    let mut partials = Vec::new();
    for (n, shard) in lines.chunks(3).enumerate() {
        let shard_file = temp_file(
            &format!("partial-shard-{n}.jsonl"),
            shard.join("\n").as_bytes(),
        );
        let out = run(
            "summary",
            &["--partial", "--by", "country", shard_file.to_str().unwrap()],
        );
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        assert!(stdout(&out).starts_with(r#"{"partial_summary_version":2,"#));
        partials.push(temp_file(&format!("partial-{n}.json"), &out.stdout));
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
        let mut summary_args = vec!["--by", "country"];
        summary_args.extend(&publish);
        summary_args.push(whole.to_str().unwrap());
        let single = run("summary", &summary_args);
        assert_eq!(stdout(&merged), stdout(&single), "{publish:?}");
    }

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
