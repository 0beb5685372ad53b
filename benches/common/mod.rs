//! What the LSP benchmarks share: the corpus, percentiles and the tables'
//! cells, and a server to measure.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::{Value, json};

use crate::support::Client;

pub fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/openshift-enhancements")
}

/// The `pct`th percentile (nearest rank) of sorted samples.
pub fn percentile(sorted: &[Duration], pct: usize) -> Duration {
    let i = ((sorted.len().saturating_sub(1)) * pct + 50) / 100;
    sorted[i.min(sorted.len() - 1)]
}

pub fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

/// "p50 | p99 | max" cells.
pub fn stats(mut samples: Vec<Duration>) -> String {
    samples.sort();
    format!(
        "{} | {} | {}",
        ms(percentile(&samples, 50)),
        ms(percentile(&samples, 99)),
        ms(*samples.last().unwrap_or(&Duration::ZERO))
    )
}

/// The server under test (`PROPOSAL_LS_BENCH_BIN`, else this build),
/// initialized with `caps`.
pub fn server(root: &Path, caps: Value, envs: &[(&str, &str)]) -> Client {
    let bin = std::env::var("PROPOSAL_LS_BENCH_BIN")
        .unwrap_or_else(|_| env!("CARGO_BIN_EXE_proposal-ls").to_string());
    let mut client = Client::spawn(&bin, root, envs);
    client.initialize(root, caps, Value::Null);
    client
}

/// The corpus's proposals (`enhancements/**/*.md`), smallest first.
pub fn proposals_by_size(root: &Path) -> Vec<(u64, PathBuf)> {
    let mut files: Vec<(u64, PathBuf)> = ignore::WalkBuilder::new(root.join("enhancements"))
        .build()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .filter_map(|e| Some((e.metadata().ok()?.len(), e.into_path())))
        .collect();
    files.sort();
    files
}

/// One keystroke: `text` inserted at `line`:`col`.
pub fn change(client: &mut Client, uri: &str, version: i64, line: u64, col: usize, text: &str) {
    let at = json!({"line": line, "character": col});
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [{"range": {"start": at, "end": at}, "text": text}],
        }),
    );
}

/// `VmHWM` (peak) and `VmRSS` (now) of a process, in MiB.
pub fn rss(pid: u32) -> (f64, f64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
            .map_or(f64::NAN, |kb| kb / 1024.0)
    };
    (field("VmHWM:"), field("VmRSS:"))
}
