//! `cargo bench --bench repository`: the repository index over the corpus
//! (606 proposals): how long it takes in process and in the server, the
//! server's memory once it is built, and how soon a reference's
//! diagnostics follow a target file created or deleted. Prints a table.
//! (The server's memory with every proposal open, index included, is
//! `lsp_bounds`'s.)

mod common;
#[path = "../tests/support/mod.rs"]
mod support;

use std::path::Path;
use std::time::{Duration, Instant};

use common::{corpus, ms, percentile, rss};
use proposal_ls::workspace::{Configs, SettingsLayer, Templates, index_repository};
use serde_json::{Value, json};
use support::{Client, file_uri, proposal};

const RUNS: usize = 7;
const FLIPS: usize = 20;

fn main() {
    let root = corpus();
    if !root.is_dir() {
        println!("skipped: corpus not found at {}", root.display());
        return;
    }
    println!("| what | value |\n|---|---|");

    let mut times = Vec::new();
    let mut counts = (0, 0);
    for _ in 0..RUNS {
        let started = Instant::now();
        let configs = Configs::new(SettingsLayer::default());
        let repository = index_repository(&root, &configs, &Templates::new());
        times.push(started.elapsed());
        counts = (repository.proposals().count(), repository.file_count());
    }
    times.sort();
    println!(
        "| index of the corpus, in process (median of {RUNS}) | {} ({} proposals, {} files) |",
        ms(percentile(&times, 50)),
        counts.0,
        counts.1
    );
    let configs = Configs::new(SettingsLayer::default());
    let mut repository = index_repository(&root, &configs, &Templates::new());
    let started = Instant::now();
    repository.read_headings(|relative| std::fs::read_to_string(root.join(relative)).ok());
    println!(
        "| its second pass, every proposal's headings (for `workspace/symbol`; in the background) | {} |",
        ms(started.elapsed())
    );

    // A copy, so that files can come and go.
    let copy = tempfile::tempdir().expect("temp dir");
    let status = std::process::Command::new("cp")
        .arg("-r")
        .arg(&root)
        .arg(copy.path().join("repo"))
        .status()
        .expect("cp");
    assert!(status.success(), "copying the corpus failed");
    let root = copy.path().join("repo");
    let bin = env!("CARGO_BIN_EXE_proposal-ls");
    let mut client = Client::spawn(bin, &root, &[]);
    let started = Instant::now();
    client.initialize(
        &root,
        json!({"window": {"workDoneProgress": true}, "workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}}),
        Value::Null,
    );
    client.wait_for(|m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end");
    println!(
        "| index ready in the server, from `initialize` | {} |",
        ms(started.elapsed())
    );
    let (_, now) = rss(client.pid());
    println!("| server memory (RSS) once indexed, nothing open | {now:.1} MiB |");

    let (created, deleted) = flips(&mut client, &root);
    println!(
        "| diagnostics after a referenced file is created, p50 / p99 ({FLIPS}) | {} / {} |",
        ms(percentile(&created, 50)),
        ms(percentile(&created, 99))
    );
    println!(
        "| diagnostics after a referenced file is deleted, p50 / p99 ({FLIPS}) | {} / {} |",
        ms(percentile(&deleted, 50)),
        ms(percentile(&deleted, 99))
    );
    println!("| the diagnostics delay (debounce) they are within | 50 ms |");
    client.shutdown_and_exit();
}

/// A proposal refers to `target.md`; the target is created and deleted
/// in turn: the time from each file event to the diagnostics that follow.
fn flips(client: &mut Client, root: &Path) -> (Vec<Duration>, Vec<Duration>) {
    let dir = root.join("enhancements/bench");
    std::fs::create_dir_all(&dir).expect("mkdir");
    let text = proposal().replacen(
        "status: implementable\n",
        "status: implementable\nsee-also:\n  - \"/enhancements/bench/target.md\"\n",
        1,
    );
    let refs = dir.join("refs.md");
    std::fs::write(&refs, &text).expect("write");
    let uri = file_uri(&refs);
    client.open(&uri, &text);
    let target = dir.join("target.md");
    let broken = |m: &Value| {
        m["params"]["diagnostics"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|d| d["code"] == "broken-reference")
    };
    client.wait_for(|m| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri && broken(m)
    });
    let (mut created, mut deleted) = (Vec::new(), Vec::new());
    for _ in 0..FLIPS {
        for create in [true, false] {
            if create {
                std::fs::write(&target, proposal()).expect("write");
            } else {
                std::fs::remove_file(&target).expect("delete");
            }
            client.clear_backlog();
            let started = Instant::now();
            client.notify(
                "workspace/didChangeWatchedFiles",
                json!({"changes": [{"uri": file_uri(&target), "type": if create { 1 } else { 3 }}]}),
            );
            client.wait_for(|m| {
                m["method"] == "textDocument/publishDiagnostics"
                    && m["params"]["uri"] == uri
                    && broken(m) != create
            });
            let took = started.elapsed();
            if create {
                created.push(took);
            } else {
                deleted.push(took);
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
    created.sort();
    deleted.sort();
    (created, deleted)
}
