//! proposal-ls against its peers on the corpus, in one table: rumdl 0.3.2
//! (a Rust markdown linter with a language server), markdownlint-cli2
//! (what upstream's CI runs) and upstream's own grep script
//! (`hack/template-lint.sh`). `scripts/peers.sh` finds or installs them
//! and runs this; alone, `cargo bench --bench peers` measures what the
//! environment names:
//!
//! - `PEERS_RUMDL`: a rumdl binary;
//! - `PEERS_MARKDOWNLINT`: a markdownlint-cli2 binary;
//! - `PEERS_UPSTREAM`: a clone of the corpus bundle whose
//!   `hack/find_new.sh` lists every proposal (so `template-lint.sh`
//!   checks them all, not only a pull request's new ones).
//!
//! Rows a peer is missing for say so; `PEERS_SERVERS_ONLY=1` measures the
//! servers alone. The limit for `check` is 1.2 times
//! tree-sitter-md's bare block parse of the same files, measured here too.

#[path = "common/mod.rs"]
mod common;
#[path = "../tests/support/mod.rs"]
mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use common::{corpus, ms, percentile, proposals_by_size, rss};
use serde_json::{Value, json};
use support::{Client, file_uri};

const KEYSTROKES: usize = 200;
/// A fast typist: faster than this and keystrokes coalesce.
const PACE: Duration = Duration::from_millis(80);
/// Runs of each batch command (after one to warm the page cache); a
/// command slower than `SLOW_RUN` is run once more only.
const RUNS: usize = 5;
const SLOW_RUN: Duration = Duration::from_secs(5);

/// CPU time (user + system) of the children waited for so far.
#[allow(unsafe_code)] // getrusage: the one FFI call, in a benchmark.
fn children_cpu() -> Duration {
    cpu_of(libc::RUSAGE_CHILDREN)
}

/// CPU time of this process so far.
#[allow(unsafe_code)]
fn own_cpu() -> Duration {
    cpu_of(libc::RUSAGE_SELF)
}

#[allow(unsafe_code)]
fn cpu_of(who: libc::c_int) -> Duration {
    // SAFETY: getrusage writes into the zeroed struct we own.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(who, &mut usage) };
    let tv = |t: libc::timeval| {
        Duration::from_secs(u64::try_from(t.tv_sec).unwrap_or(0))
            + Duration::from_micros(u64::try_from(t.tv_usec).unwrap_or(0))
    };
    tv(usage.ru_utime) + tv(usage.ru_stime)
}

/// Median wall and CPU time of a command (its exit code is not judged:
/// linters exit 1 on findings), or why it did not run.
fn time_command(mut cmd: Command) -> Result<(Duration, Duration), String> {
    let mut samples = Vec::new();
    let mut runs = RUNS + 1;
    let mut i = 0;
    while i < runs {
        let (cpu0, start) = (children_cpu(), Instant::now());
        let out = cmd.output().map_err(|e| format!("not run ({e})"))?;
        let (wall, cpu) = (start.elapsed(), children_cpu() - cpu0);
        if out.status.code().is_none_or(|c| c > 1) {
            let err = String::from_utf8_lossy(&out.stderr);
            return Err(format!("failed: {}", err.lines().next().unwrap_or("")));
        }
        if i == 0 && wall > SLOW_RUN {
            runs = 2;
        }
        if i > 0 {
            samples.push((wall, cpu));
        }
        i += 1;
    }
    let median = |mut xs: Vec<Duration>| {
        xs.sort();
        xs[xs.len() / 2]
    };
    Ok((
        median(samples.iter().map(|s| s.0).collect()),
        median(samples.iter().map(|s| s.1).collect()),
    ))
}

fn secs(d: Duration) -> String {
    format!("{:.2} s", d.as_secs_f64())
}

fn peer(var: &str) -> Option<String> {
    std::env::var(var).ok().filter(|v| !v.is_empty())
}

/// The batch rows: (what, wall, CPU).
fn batch(root: &Path, files: &[PathBuf]) -> Vec<(String, String, String)> {
    let mut rows = Vec::new();
    let mut row = |what: &str, result: Result<(Duration, Duration), String>| match result {
        Ok((wall, cpu)) => rows.push((what.to_string(), secs(wall), secs(cpu))),
        Err(why) => rows.push((what.to_string(), why, String::new())),
    };

    // tree-sitter-md alone: the yardstick for `check`.
    let texts: Vec<String> = files
        .iter()
        .map(|f| std::fs::read_to_string(f).unwrap_or_default())
        .collect();
    let mut parses = Vec::new();
    for _ in 0..RUNS {
        let cpu0 = own_cpu();
        for text in &texts {
            std::hint::black_box(proposal_ls::markdown::parse(text));
        }
        parses.push(own_cpu() - cpu0);
    }
    parses.sort();
    let parse = parses[parses.len() / 2];
    row(
        "tree-sitter-md block parse of every proposal, in process, 1 thread",
        Ok((parse, parse)),
    );

    let mut check = Command::new(env!("CARGO_BIN_EXE_proposal-ls"));
    check.arg("check").arg(root).current_dir(root);
    let ours = time_command(check);
    if let Ok((_, cpu)) = &ours {
        println!(
            "check CPU {} vs the limit of 1.2 x parse = {} ({:.2} x parse)\n",
            secs(*cpu),
            secs(parse.mul_f64(1.2)),
            cpu.as_secs_f64() / parse.as_secs_f64()
        );
    }
    row("`proposal-ls check` (no cache)", ours);

    match peer("PEERS_RUMDL") {
        Some(rumdl) => {
            let mut cold = Command::new(&rumdl);
            cold.args(["check", "--no-cache", "--quiet", "enhancements"])
                .current_dir(root);
            row("`rumdl check --no-cache`", time_command(cold));
            let cache = tempfile::tempdir().expect("temporary directory");
            let mut warm = Command::new(&rumdl);
            warm.args(["check", "--quiet", "--cache-dir"])
                .arg(cache.path())
                .arg("enhancements")
                .current_dir(root);
            row("`rumdl check`, warm cache", time_command(warm));
        }
        None => row("rumdl", Err("not found (PEERS_RUMDL)".into())),
    }
    match peer("PEERS_MARKDOWNLINT") {
        Some(cli) => {
            let mut lint = Command::new(cli);
            lint.arg("enhancements/**/*.md").current_dir(root);
            row(
                "`markdownlint-cli2` (the corpus's configuration)",
                time_command(lint),
            );
        }
        None => row(
            "markdownlint-cli2",
            Err("not found (PEERS_MARKDOWNLINT)".into()),
        ),
    }
    match peer("PEERS_UPSTREAM") {
        Some(clone) => {
            let mut grep = Command::new("bash");
            grep.arg("hack/template-lint.sh").current_dir(clone);
            row(
                "upstream's `hack/template-lint.sh` on every proposal",
                time_command(grep),
            );
        }
        None => row(
            "upstream grep script",
            Err("not found (PEERS_UPSTREAM)".into()),
        ),
    }
    rows
}

/// A language server to measure: proposal-ls, or a peer.
struct Server {
    name: &'static str,
    bin: String,
    args: &'static [&'static str],
}

impl Server {
    /// The server, initialized, and whether it takes incremental changes
    /// (else it asks for the whole text on every change, as rumdl does).
    fn start(&self, root: &Path) -> (Client, bool) {
        let mut client = Client::spawn_with_args(&self.bin, self.args, root, &[]);
        let result = client.initialize(
            root,
            json!({
                "general": {"positionEncodings": ["utf-16"]},
                "textDocument": {"publishDiagnostics": {"versionSupport": true}},
            }),
            Value::Null,
        );
        let sync = &result["capabilities"]["textDocumentSync"];
        let incremental = sync["change"] == 2 || sync == 2;
        (client, incremental)
    }
}

/// The first diagnostics published for `uri` at `version`.
fn diagnostics_of(client: &mut Client, uri: &str, version: i64) {
    client.wait_for(|m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == uri
            && m["params"]["version"] == version
    });
}

/// Type at the end of the middle line at a steady pace, each keystroke
/// sent as the server asks (an incremental change, or the whole text):
/// each keystroke's time to the diagnostics published after it.
fn typing(server: &Server, root: &Path, path: &Path) -> Vec<Duration> {
    let mut text = std::fs::read_to_string(path).expect("read proposal");
    let (mut client, incremental) = server.start(root);
    let uri = file_uri(path);
    client.open(&uri, &text);
    diagnostics_of(&mut client, &uri, 1);
    let middle = text.lines().count() / 2;
    let line = u64::try_from(middle).unwrap_or(0);
    let middle_line = text.lines().nth(middle).unwrap_or("");
    let end = middle_line.encode_utf16().count();
    // Where the typed text goes, for whole-text changes.
    let mut at = middle_line.as_ptr() as usize - text.as_ptr() as usize + middle_line.len();
    let sentence = " The operator reconciles the new field and reports a condition.";
    let mut latencies = Vec::with_capacity(KEYSTROKES);
    for (i, ch) in sentence.chars().cycle().take(KEYSTROKES).enumerate() {
        let version = i64::try_from(i).unwrap_or(i64::MAX) + 2;
        let change = if incremental {
            let at = json!({"line": line, "character": end + i});
            json!([{"range": {"start": at, "end": at}, "text": ch.to_string()}])
        } else {
            text.insert(at, ch);
            at += ch.len_utf8();
            json!([{"text": text}])
        };
        // Encoded before the clock starts: the server's time is measured.
        let frame = frame(&json!({
            "jsonrpc": "2.0",
            "method": "textDocument/didChange",
            "params": {"textDocument": {"uri": uri, "version": version}, "contentChanges": change},
        }));
        client.clear_backlog();
        let start = Instant::now();
        client.send_raw(&frame);
        diagnostics_of(&mut client, &uri, version);
        latencies.push(start.elapsed());
        std::thread::sleep(PACE.saturating_sub(start.elapsed()));
    }
    // Killed, not shut down: rumdl refuses `shutdown` without params.
    drop(client);
    latencies
}

fn frame(message: &Value) -> Vec<u8> {
    let body = message.to_string();
    format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

/// Peak and settled RSS with every proposal open, once the server is
/// quiet (2 s without a message), and how many it diagnosed.
fn all_open(server: &Server, root: &Path, files: &[PathBuf]) -> (f64, f64, usize) {
    let (mut client, _) = server.start(root);
    for path in files {
        client.open(
            &file_uri(path),
            &std::fs::read_to_string(path).unwrap_or_default(),
        );
        // Answer what the server asked meanwhile (rumdl waits for its
        // progress token before it reads on).
        client.settle(Duration::ZERO, Duration::ZERO);
    }
    client.settle(Duration::from_secs(2), Duration::from_secs(120));
    let mut diagnosed: Vec<&Value> = client
        .backlog
        .iter()
        .filter(|m| m["method"] == "textDocument/publishDiagnostics")
        .map(|m| &m["params"]["uri"])
        .collect();
    diagnosed.sort_by_key(|u| u.to_string());
    diagnosed.dedup();
    let diagnosed = diagnosed.len();
    let (peak, now) = rss(client.pid());
    drop(client);
    (peak, now, diagnosed)
}

fn main() {
    // Canonical: rumdl publishes under the canonical path, not `..`.
    let Ok(root) = corpus().canonicalize() else {
        println!("skipped: corpus not found at {}", corpus().display());
        return;
    };
    let files = proposals_by_size(&root);
    let median = files[files.len() / 2].1.clone();
    let largest = files[files.len() - 1].1.clone();
    let paths: Vec<PathBuf> = files.into_iter().map(|(_, p)| p).collect();
    let bytes: u64 = paths
        .iter()
        .filter_map(|p| p.metadata().ok())
        .map(|m| m.len())
        .sum();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "corpus: {} proposals, {:.1} MB; {cores} cores\n",
        paths.len(),
        bytes as f64 / 1e6
    );

    if std::env::var_os("PEERS_SERVERS_ONLY").is_none() {
        println!("| whole corpus, batch | wall | CPU |");
        println!("|---|---|---|");
        for (what, wall, cpu) in batch(&root, &paths) {
            println!("| {what} | {wall} | {cpu} |");
        }
    }

    let mut servers = vec![Server {
        name: "proposal-ls",
        bin: env!("CARGO_BIN_EXE_proposal-ls").to_string(),
        args: &[],
    }];
    if let Some(rumdl) = peer("PEERS_RUMDL") {
        servers.push(Server {
            name: "rumdl server",
            bin: rumdl,
            args: &["server"],
        });
    }
    println!(
        "\nKeystroke to diagnostics over stdio: {KEYSTROKES} keystrokes, one every {} ms, at the end of the middle line\n",
        PACE.as_millis()
    );
    println!("| proposal | server | p50 | p99 |");
    println!("|---|---|---|---|");
    for path in [&median, &largest] {
        let size = path.metadata().map_or(0, |m| m.len()) / 1024;
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        for server in &servers {
            let mut lat = typing(server, &root, path);
            lat.sort();
            println!(
                "| {name} ({size} KiB) | {} | {} | {} |",
                server.name,
                ms(percentile(&lat, 50)),
                ms(percentile(&lat, 99))
            );
        }
    }

    println!(
        "\nServer memory, all {} proposals open and diagnosed\n",
        paths.len()
    );
    println!("| server | peak RSS | RSS settled | documents diagnosed |");
    println!("|---|---|---|---|");
    for server in &servers {
        let (peak, now, diagnosed) = all_open(server, &root, &paths);
        println!(
            "| {} | {peak:.0} MiB | {now:.0} MiB | {diagnosed} |",
            server.name
        );
    }
}
