//! What the LSP benchmarks share: the corpus, percentiles and the tables'
//! cells, and a server to measure.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::Value;

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
