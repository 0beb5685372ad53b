//! The server's bounds, over stdio against the release binary:
//!
//! 1. memory with every corpus proposal open (peak and settled RSS), and
//!    after closing them all;
//! 2. a 10 MB proposal: keystroke to diagnostics, and requests on it;
//! 3. a 50 MB proposal being analysed: keystrokes and requests on a small
//!    proposal meanwhile, and how long `exit` takes.
//!
//! Prints markdown tables. `cargo bench --bench lsp_bounds`; set
//! `PROPOSAL_LS_BENCH_BIN` to measure another build, and
//! `PROPOSAL_LS_BENCH_ONLY` to `memory`, `10mb` or `50mb` for one part.

#[path = "common/mod.rs"]
mod common;
#[path = "../tests/support/mod.rs"]
mod support;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::{change, corpus, ms, proposals_by_size, rss, stats};
use serde_json::json;

fn server(root: &Path) -> Client {
    common::server(
        root,
        json!({"general": {"positionEncodings": ["utf-16"]}}),
        &[("PROPOSAL_LS_DEBUG", "1")],
    )
}
use support::{Client, file_uri};

const KEYSTROKES: usize = 40;
const PACE: Duration = Duration::from_millis(80);
const REQUESTS: usize = 30;

/// The allocator's bytes in use, in MiB (after freed memory is given back).
fn in_use(client: &mut Client) -> String {
    let usage = client.request_raw(
        "workspace/executeCommand",
        json!({"command": "proposal-ls.debug.memory"}),
    );
    match usage["result"]["in_use"].as_f64() {
        Some(bytes) => format!("{:.1} MiB", bytes / (1 << 20) as f64),
        None => "?".into(),
    }
}

/// Answered only after every message sent before it was taken in.
fn settle(client: &mut Client, uri: &str) {
    client.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri}}),
    );
}

fn all_open(root: &Path, files: &[PathBuf]) -> [(String, String, String); 4] {
    let mut client = server(root);
    let pid = client.pid();
    let (_, idle) = rss(pid);
    let idle_heap = in_use(&mut client);
    let started = Instant::now();
    let uris: Vec<String> = files.iter().map(|p| file_uri(p)).collect();
    let mut bytes = 0;
    for (path, uri) in files.iter().zip(&uris) {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        bytes += text.len();
        client.open(uri, &text);
    }
    for uri in &uris {
        client.diagnostics(uri, Some(1));
    }
    let took = started.elapsed();
    client.clear_backlog();
    let (peak, open) = rss(pid);
    let open_heap = in_use(&mut client);
    for uri in &uris {
        client.notify(
            "textDocument/didClose",
            json!({"textDocument": {"uri": uri}}),
        );
    }
    // Closing is handled in order: once this is answered, all are closed.
    let probe = uris.first().cloned().unwrap_or_default();
    client.request_raw(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": probe}}),
    );
    // The server gives freed memory back half a second after the last close.
    std::thread::sleep(Duration::from_millis(1500));
    let (_, closed) = rss(pid);
    let closed_heap = in_use(&mut client);
    let _ = client.shutdown_and_exit();
    [
        (
            "idle, before any document".into(),
            format!("{idle:.1} MiB"),
            idle_heap,
        ),
        (
            format!(
                "{} proposals open ({:.1} MB), all diagnosed in {:.2} s: peak",
                files.len(),
                bytes as f64 / 1e6,
                took.as_secs_f64()
            ),
            format!("{peak:.1} MiB"),
            String::new(),
        ),
        (
            "the same, settled".into(),
            format!("{open:.1} MiB"),
            open_heap,
        ),
        (
            "after closing them all".into(),
            format!("{closed:.1} MiB"),
            closed_heap,
        ),
    ]
}

/// A proposal of about `size` bytes: the template's body repeated.
fn big_text(root: &Path, size: usize) -> String {
    let template = std::fs::read_to_string(root.join("guidelines/enhancement_template.md"))
        .expect("corpus template");
    let body = &template[template.find("\n# ").unwrap_or(0)..];
    let mut text = "---\ntitle: big\n---\n".to_string();
    while text.len() < size {
        text.push_str(body);
    }
    text
}

fn heading_line(text: &str) -> u64 {
    u64::try_from(text.lines().position(|l| l.starts_with("## ")).unwrap_or(0)).unwrap_or(0)
}

/// Keystrokes at a steady pace into `uri` (at `line`): each one's latency
/// to its diagnostics.
fn typing(client: &mut Client, uri: &str, line: u64, first_version: i64) -> Vec<Duration> {
    let mut latencies = Vec::new();
    for i in 0..KEYSTROKES {
        let version = first_version + i64::try_from(i).unwrap_or(0);
        let start = Instant::now();
        change(client, uri, version, line, i, "x");
        client.diagnostics(uri, Some(version));
        latencies.push(start.elapsed());
        client.backlog.retain(|m| m["params"]["uri"] != uri);
        std::thread::sleep(PACE.saturating_sub(start.elapsed()));
    }
    latencies
}

fn requests(client: &mut Client, uri: &str, line: u64) -> Vec<Duration> {
    (0..REQUESTS)
        .map(|i| {
            let method = if i % 2 == 0 { "textDocument/hover" } else { "textDocument/completion" };
            let start = Instant::now();
            client.request(
                method,
                json!({"textDocument": {"uri": uri}, "position": {"line": line + (i % 2) as u64, "character": 3}}),
            );
            start.elapsed()
        })
        .collect()
}

fn ten_megabytes(root: &Path) -> Vec<(String, String)> {
    let text = big_text(root, 10_000_000);
    let mut client = server(root);
    let uri = file_uri(&root.join("enhancements/ten-megabytes.md"));
    let started = Instant::now();
    client.open(&uri, &text);
    client.diagnostics(&uri, Some(1));
    let first = started.elapsed();
    let line = u64::try_from(text.lines().count() / 2).unwrap_or(0);
    let keys = typing(&mut client, &uri, line, 2);
    // Near the top: in the part checked as you type (the first MiB).
    let first_version = 2 + i64::try_from(KEYSTROKES).unwrap_or(0);
    let keys_top = typing(&mut client, &uri, 40, first_version);
    let asked = requests(&mut client, &uri, heading_line(&text));
    let (peak, _) = rss(client.pid());
    let _ = client.shutdown_and_exit();
    vec![
        ("open to first diagnostics".into(), ms(first) + " | | "),
        (
            "keystroke to diagnostics, in the middle".into(),
            stats(keys),
        ),
        (
            "keystroke to diagnostics, near the top".into(),
            stats(keys_top),
        ),
        ("hover and completion".into(), stats(asked)),
        ("peak RSS".into(), format!("{peak:.1} MiB | | ")),
    ]
}

fn fifty_megabytes(root: &Path, small: &Path) -> Vec<(String, String)> {
    let text = big_text(root, 50_000_000);
    let small_text = std::fs::read_to_string(small).expect("read proposal");
    let mut client = server(root);
    let small_uri = file_uri(small);
    client.open(&small_uri, &small_text);
    client.diagnostics(&small_uri, Some(1));
    let big_uri = file_uri(&root.join("enhancements/fifty-megabytes.md"));
    let started = Instant::now();
    client.open(&big_uri, &text);
    settle(&mut client, &small_uri);
    let line = heading_line(&small_text);
    let keys = typing(&mut client, &small_uri, line + 1, 2);
    let asked = requests(&mut client, &small_uri, line);
    let big_asked = requests(&mut client, &big_uri, heading_line(&text));
    let analysing = !client.backlog.iter().any(|m| m["params"]["uri"] == big_uri);
    let big_done = if analysing {
        client.diagnostics(&big_uri, Some(1));
        format!("{} | | ", ms(started.elapsed()))
    } else {
        "(done before the small document's keystrokes ended) | | ".into()
    };
    let (peak, _) = rss(client.pid());
    // Type into it, then exit while it is analysed.
    change(&mut client, &big_uri, 2, 1, 0, "x");
    std::thread::sleep(Duration::from_millis(200));
    let (_, exit) = client.shutdown_and_exit();
    vec![
        (
            "keystroke to diagnostics, small proposal".into(),
            stats(keys),
        ),
        ("hover and completion, small proposal".into(), stats(asked)),
        (
            "hover and completion, the 50 MB proposal".into(),
            stats(big_asked),
        ),
        (
            "the 50 MB proposal's own diagnostics after open".into(),
            big_done,
        ),
        ("peak RSS".into(), format!("{peak:.1} MiB | | ")),
        (
            "shutdown and exit while it is analysed".into(),
            ms(exit) + " | | ",
        ),
    ]
}

fn main() {
    let root = corpus();
    if !root.is_dir() {
        println!("skipped: corpus not found at {}", root.display());
        return;
    }
    let files = proposals_by_size(&root);
    let median = files[files.len() / 2].1.clone();
    let paths: Vec<PathBuf> = files.into_iter().map(|(_, p)| p).collect();

    let only = std::env::var("PROPOSAL_LS_BENCH_ONLY").ok();
    let wanted = |part: &str| only.as_deref().is_none_or(|o| o == part);
    if wanted("memory") {
        memory(&root, &paths);
    }
    if wanted("10mb") {
        println!("\nA 10 MB proposal ({KEYSTROKES} keystrokes, {REQUESTS} requests)\n");
        println!("| what | p50 | p99 | max |");
        println!("|---|---|---|---|");
        for (what, value) in ten_megabytes(&root) {
            println!("| {what} | {value} |");
        }
    }
    if wanted("50mb") {
        println!("\nWhile a 50 MB proposal is analysed\n");
        println!("| what | p50 | p99 | max |");
        println!("|---|---|---|---|");
        for (what, value) in fifty_megabytes(&root, &median) {
            println!("| {what} | {value} |");
        }
    }
}

fn memory(root: &Path, paths: &[PathBuf]) {
    println!("Memory, every corpus proposal open in one server\n");
    println!("| state | RSS | allocator: in use |");
    println!("|---|---|---|");
    for (what, value, heap) in all_open(root, paths) {
        println!("| {what} | {value} | {heap} |");
    }
}
