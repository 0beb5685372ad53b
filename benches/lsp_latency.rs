//! What users of the language server feel, over stdio against the release
//! binary, on corpus proposals (a median-size one and the largest):
//!
//! 1. keystroke to diagnostics while typing at a steady pace;
//! 2. a burst of 1,000 changes sent at once: how often the server publishes
//!    and how long after the last change the final diagnostics arrive;
//! 3. code-action requests as an editor sends them on every cursor move
//!    (light bulb), on the largest proposal with its `## ` headings removed,
//!    so "Insert all missing required sections" is on offer every time;
//! 4. hover and completion on a small proposal, and on a 10 MB one, while
//!    the 10 MB proposal is being analysed.
//!
//! Prints markdown tables. `cargo bench --bench lsp_latency`; set
//! `PROPOSAL_LS_BENCH_BIN` to measure another build of the server (an older
//! release, for a before/after comparison).

#[path = "common/mod.rs"]
mod common;
#[path = "../tests/support/mod.rs"]
mod support;

use std::path::Path;
use std::time::{Duration, Instant};

use common::{change, corpus, ms, proposals_by_size, stats};
use serde_json::json;

fn server(root: &Path) -> Client {
    common::server(
        root,
        json!({
            "general": {"positionEncodings": ["utf-16"]},
            "textDocument": {"codeAction": {"resolveSupport": {"properties": ["edit"]}}},
        }),
        &[],
    )
}
use support::{Client, file_uri};

const KEYSTROKES: usize = 300;
/// A fast typist: faster than this and keystrokes coalesce.
const PACE: Duration = Duration::from_millis(80);
const BURST: usize = 1000;
const CODE_ACTIONS: usize = 200;
const HOVERS: usize = 50;

const SENTENCE: &str = "The operator reconciles the new field and reports a condition. ";

/// `path`'s text, with its `## ` headings removed when `strip` is set (so
/// "Insert all missing required sections" is on offer).
fn text_of(path: &Path, strip: bool) -> String {
    let text = std::fs::read_to_string(path).expect("read proposal");
    if !strip {
        return text;
    }
    text.lines()
        .filter(|l| !l.starts_with("## "))
        .map(|l| format!("{l}\n"))
        .collect()
}

/// Type into the middle of the text at a steady pace; each keystroke's
/// latency to its diagnostics.
fn paced_typing(root: &Path, path: &Path, text: &str) -> Vec<Duration> {
    let mut client = server(root);
    let uri = file_uri(path);
    client.open(&uri, text);
    client.diagnostics(&uri, Some(1));
    let line = u64::try_from(text.lines().count() / 2).unwrap_or(0);
    let mut latencies = Vec::with_capacity(KEYSTROKES);
    for (i, ch) in SENTENCE.chars().cycle().take(KEYSTROKES).enumerate() {
        let version = i64::try_from(i).unwrap_or(i64::MAX) + 2;
        let start = Instant::now();
        change(&mut client, &uri, version, line, i, &ch.to_string());
        client.diagnostics(&uri, Some(version));
        latencies.push(start.elapsed());
        client.clear_backlog();
        std::thread::sleep(PACE.saturating_sub(start.elapsed()));
    }
    let _ = client.shutdown_and_exit();
    latencies
}

/// 1,000 changes at once: (publishes seen, last change to final publish).
fn burst(root: &Path, path: &Path, text: &str) -> (usize, Duration) {
    let mut client = server(root);
    let uri = file_uri(path);
    client.open(&uri, text);
    client.diagnostics(&uri, Some(1));
    client.clear_backlog();
    let line = u64::try_from(text.lines().count() / 2).unwrap_or(0);
    let mut version = 1;
    for (i, ch) in SENTENCE.chars().cycle().take(BURST).enumerate() {
        version += 1;
        change(&mut client, &uri, version, line, i, &ch.to_string());
    }
    let sent = Instant::now();
    client.diagnostics(&uri, Some(version));
    let settled = sent.elapsed();
    let publishes = 1 + client
        .backlog
        .iter()
        .filter(|m| m["method"] == "textDocument/publishDiagnostics")
        .count();
    let _ = client.shutdown_and_exit();
    (publishes, settled)
}

/// Code-action requests at moving cursor lines, as a light bulb asks.
fn code_actions(root: &Path, path: &Path) -> (Vec<Duration>, bool) {
    let text = text_of(path, true);
    let mut client = server(root);
    let uri = file_uri(path);
    client.open(&uri, &text);
    client.diagnostics(&uri, Some(1));
    let lines = u64::try_from(text.lines().count()).unwrap_or(1).max(1);
    let mut latencies = Vec::with_capacity(CODE_ACTIONS);
    let mut offered = true;
    for i in 0..CODE_ACTIONS {
        let line = (u64::try_from(i).unwrap_or(0) * 7919) % lines;
        let at = json!({"line": line, "character": 0});
        let start = Instant::now();
        let actions = client.request(
            "textDocument/codeAction",
            json!({
                "textDocument": {"uri": uri},
                "range": {"start": at, "end": at},
                "context": {"diagnostics": []},
            }),
        );
        latencies.push(start.elapsed());
        offered &= actions.as_array().is_some_and(|a| {
            a.iter()
                .any(|x| x["title"] == "Insert all missing required sections")
        });
    }
    let _ = client.shutdown_and_exit();
    (latencies, offered)
}

/// Hover and completion while a 10 MB proposal is analysed: on a small
/// proposal, then on the big one itself.
fn during_big_analysis(root: &Path, small: &Path) -> [(String, Vec<Duration>); 4] {
    let template = std::fs::read_to_string(root.join("guidelines/enhancement_template.md"))
        .expect("corpus template");
    let body = &template[template.find("\n# ").unwrap_or(0)..];
    let mut big_text = "---\ntitle: big\n---\n".to_string();
    while big_text.len() < 10_000_000 {
        big_text.push_str(body);
    }
    let small_text = std::fs::read_to_string(small).expect("read proposal");
    let mut client = server(root);
    let small_uri = file_uri(small);
    client.open(&small_uri, &small_text);
    client.diagnostics(&small_uri, Some(1));
    let big_uri = file_uri(&small.with_file_name("ten-megabytes.md"));
    client.open(&big_uri, &big_text);

    // Answered once the server has taken the big document in: its
    // analysis is under way from here.
    client.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": small_uri}}),
    );
    let heading = |text: &str| {
        u64::try_from(text.lines().position(|l| l.starts_with("## ")).unwrap_or(0)).unwrap_or(0)
    };
    let mut out: [(String, Vec<Duration>); 4] = Default::default();
    for (slot, (uri, line, method)) in [
        (&small_uri, heading(&small_text), "textDocument/hover"),
        (
            &small_uri,
            heading(&small_text) + 1,
            "textDocument/completion",
        ),
        (&big_uri, heading(&big_text), "textDocument/hover"),
        (&big_uri, heading(&big_text) + 1, "textDocument/completion"),
    ]
    .into_iter()
    .enumerate()
    {
        let size = if uri == &big_uri { "10 MB" } else { "small" };
        out[slot].0 = format!(
            "{} on the {size} proposal",
            method.trim_start_matches("textDocument/")
        );
        for _ in 0..HOVERS {
            let start = Instant::now();
            client.request(
                method,
                json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": 3}}),
            );
            out[slot].1.push(start.elapsed());
        }
    }
    let analysing = !client
        .backlog
        .iter()
        .any(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == big_uri);
    if !analysing {
        println!("(note: the 10 MB analysis ended before the last request)");
    }
    let _ = client.shutdown_and_exit();
    out
}

fn main() {
    let root = corpus();
    if !root.is_dir() {
        println!("skipped: corpus not found at {}", root.display());
        return;
    }
    let files = proposals_by_size(&root);
    let median = files[files.len() / 2].clone();
    let largest = files[files.len() - 1].clone();
    let name = |p: &Path| {
        p.file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned()
    };

    println!(
        "Keystroke to diagnostics: {KEYSTROKES} keystrokes, one every {} ms\n",
        PACE.as_millis()
    );
    let cases = [
        (&median.1, false, ""),
        (&largest.1, false, ""),
        (&largest.1, true, ", `## ` headings removed"),
    ];
    println!("| proposal | size | p50 | p99 | max |");
    println!("|---|---|---|---|---|");
    for &(path, strip, note) in &cases {
        let text = text_of(path, strip);
        let lat = paced_typing(&root, path, &text);
        let size = text.len() / 1024;
        println!("| {}{note} | {size} KB | {} |", name(path), stats(lat));
    }

    println!("\nA burst of {BURST} changes sent at once\n");
    println!("| proposal | publishes | last change to final diagnostics |");
    println!("|---|---|---|");
    for &(path, strip, note) in &cases {
        let (publishes, settled) = burst(&root, path, &text_of(path, strip));
        println!("| {}{note} | {publishes} | {} |", name(path), ms(settled));
    }

    let (lat, offered) = code_actions(&root, &largest.1);
    println!(
        "\nCode actions at {CODE_ACTIONS} cursor positions, {} without its `## ` headings (insert-all offered every time: {offered})\n",
        name(&largest.1)
    );
    println!("| request | p50 | p99 | max |");
    println!("|---|---|---|---|");
    println!("| textDocument/codeAction | {} |", stats(lat));

    println!("\nRequests while a 10 MB proposal is being analysed ({HOVERS} each)\n");
    println!("| request | p50 | p99 | max |");
    println!("|---|---|---|---|");
    for (what, lat) in during_big_analysis(&root, &median.1) {
        println!("| {what} | {} |", stats(lat));
    }
}
