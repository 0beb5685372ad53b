//! `cargo bench --bench lsp_latency`: keystroke-to-diagnostics latency of
//! the real server over stdio. Replays typing a sentence, one character per
//! didChange, into a corpus proposal, and times each change until the
//! publishDiagnostics for its version arrives. Prints p50/p99/max for a
//! median-size proposal and for the largest one.

#[path = "../tests/support/mod.rs"]
mod support;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use support::{Client, file_uri};

const KEYSTROKES: usize = 400;

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/openshift-enhancements")
}

/// The `pct`th percentile (nearest rank) of sorted samples.
fn percentile(sorted: &[Duration], pct: usize) -> Duration {
    let i = ((sorted.len().saturating_sub(1)) * pct + 50) / 100;
    sorted[i.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

/// Type into the middle of `path`'s text; returns each keystroke's latency.
fn replay(path: &Path) -> Vec<Duration> {
    let text = std::fs::read_to_string(path).expect("read proposal");
    let root = corpus();
    let mut client = Client::spawn(env!("CARGO_BIN_EXE_proposal-ls"), &root, &[]);
    client.initialize(
        &root,
        json!({"general": {"positionEncodings": ["utf-16"]}}),
        Value::Null,
    );
    let uri = file_uri(path);
    client.open(&uri, &text);
    client.diagnostics(&uri, Some(1));

    // Type at the start of the line in the middle of the document.
    let line = text.lines().count() as u64 / 2;
    let sentence = "The operator reconciles the new field and reports a condition. ";
    let mut latencies = Vec::with_capacity(KEYSTROKES);
    for (i, ch) in sentence.chars().cycle().take(KEYSTROKES).enumerate() {
        let version = i64::try_from(i).unwrap_or(i64::MAX) + 2;
        let at = json!({"line": line, "character": i});
        let start = Instant::now();
        client.notify(
            "textDocument/didChange",
            json!({
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{"range": {"start": at, "end": at}, "text": ch.to_string()}],
            }),
        );
        client.diagnostics(&uri, Some(version));
        latencies.push(start.elapsed());
        client.clear_backlog();
    }
    let _ = client.shutdown_and_exit();
    latencies
}

fn main() {
    let root = corpus();
    if !root.is_dir() {
        println!("skipped: corpus not found at {}", root.display());
        return;
    }
    let mut files: Vec<(u64, PathBuf)> = ignore::WalkBuilder::new(root.join("enhancements"))
        .build()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .filter_map(|e| Some((e.metadata().ok()?.len(), e.into_path())))
        .collect();
    files.sort();
    let median = files[files.len() / 2].clone();
    let largest = files[files.len() - 1].clone();

    println!(
        "{KEYSTROKES} keystrokes each, one didChange per character, waiting for its diagnostics\n"
    );
    println!("| proposal | size | p50 | p99 | max |");
    println!("|---|---|---|---|---|");
    for (size, path) in [median, largest] {
        let mut lat = replay(&path);
        lat.sort();
        println!(
            "| {} | {} KB | {} | {} | {} |",
            path.file_name().unwrap_or_default().to_string_lossy(),
            size / 1024,
            ms(percentile(&lat, 50)),
            ms(percentile(&lat, 99)),
            ms(*lat.last().unwrap()),
        );
    }
}
