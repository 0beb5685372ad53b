//! `cargo bench --bench check_corpus`: how long `proposal-ls check` takes
//! over the whole corpus (606 proposals, 11.6 MB), and its peak memory;
//! then where the time goes, in process. Prints a table.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use proposal_ls::era::Era;
use proposal_ls::history::{Histories, TemplateHistory};
use proposal_ls::markdown;
use proposal_ls::{FileContext, Template, analyze, analyze_in_era, analyze_text};
use rayon::prelude::*;

const RUNS: usize = 7;

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/openshift-enhancements")
}

/// Peak resident memory of the largest child waited for so far, in MiB.
#[allow(unsafe_code)] // getrusage: the one FFI call, in a benchmark.
fn children_peak_rss_mib() -> f64 {
    // SAFETY: getrusage writes into the zeroed struct we own.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    usage.ru_maxrss as f64 / 1024.0
}

fn median(mut xs: Vec<Duration>) -> Duration {
    xs.sort();
    xs[xs.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1e3)
}

fn time_command(cmd: &mut Command, runs: usize) -> (Duration, Duration) {
    let mut times = Vec::new();
    for _ in 0..runs {
        let start = Instant::now();
        let status = cmd.output().expect("command runs").status;
        times.push(start.elapsed());
        assert!(status.code().is_some(), "command was killed");
    }
    let min = *times.iter().min().unwrap();
    (median(times), min)
}

fn main() {
    let root = corpus();
    if !root.is_dir() {
        println!("skipped: corpus not found at {}", root.display());
        return;
    }
    let files: Vec<PathBuf> = ignore::WalkBuilder::new(root.join("enhancements"))
        .build()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    let texts: Vec<String> = files
        .iter()
        .map(|f| std::fs::read_to_string(f).unwrap())
        .collect();
    let bytes: usize = texts.iter().map(String::len).sum();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "corpus: {} files, {:.1} MB; {} cores; median of {RUNS} runs\n",
        files.len(),
        bytes as f64 / 1e6,
        cores
    );
    println!("| what | median | min | peak RSS |");
    println!("|---|---|---|---|");

    // The real binary, as CI runs it (embedded template for the corpus's
    // own guidelines/ template is found by discovery).
    let bin = env!("CARGO_BIN_EXE_proposal-ls");
    for (label, era) in [
        ("each proposal by its window (default)", "window"),
        ("`--era current`", "current"),
    ] {
        let mut check = Command::new(bin);
        check.args(["check", "--era", era]).arg(&root);
        let _ = check.output(); // warm the page cache
        let (med, min) = time_command(&mut check, RUNS);
        println!(
            "| `proposal-ls check` (whole corpus), {label} | {} | {} | {:.1} MiB |",
            ms(med),
            ms(min),
            children_peak_rss_mib()
        );
    }

    // In process: where the time goes.
    let template = Template::embedded();
    let ctx = FileContext::default();
    let mut parse_times = Vec::new();
    let mut analyze_times = Vec::new();
    let mut parallel_times = Vec::new();
    for _ in 0..RUNS {
        let start = Instant::now();
        for t in &texts {
            std::hint::black_box(markdown::parse(t));
        }
        parse_times.push(start.elapsed());
        let start = Instant::now();
        for t in &texts {
            std::hint::black_box(analyze_text(t, &template, &ctx));
        }
        analyze_times.push(start.elapsed());
        let start = Instant::now();
        texts.par_iter().for_each(|t| {
            std::hint::black_box(analyze_text(t, &template, &ctx));
        });
        parallel_times.push(start.elapsed());
    }
    // The era policy's own cost: the same trees, judged by one template
    // and by the embedded history in each proposal's window.
    let history = TemplateHistory::embedded();
    let trees: Vec<_> = texts.iter().map(|t| markdown::parse(t)).collect();
    let (mut one_times, mut window_times) = (Vec::new(), Vec::new());
    for _ in 0..RUNS {
        let start = Instant::now();
        for (t, tree) in texts.iter().zip(&trees) {
            std::hint::black_box(analyze(t, tree, &history.current().template, &ctx));
        }
        one_times.push(start.elapsed());
        let start = Instant::now();
        for (t, tree) in texts.iter().zip(&trees) {
            std::hint::black_box(analyze_in_era(t, tree, &history, Era::Window, &ctx));
        }
        window_times.push(start.elapsed());
    }
    let parse = median(parse_times);
    let analyze = median(analyze_times);
    println!(
        "| tree-sitter-md block parse, 1 thread | {} | | {:.1} MB/s |",
        ms(parse),
        bytes as f64 / parse.as_secs_f64() / 1e6
    );
    println!("| parse + all rules, 1 thread | {} | | |", ms(analyze));
    println!(
        "| parse + all rules, {cores} threads (rayon) | {} | | |",
        ms(median(parallel_times))
    );
    println!(
        "| all rules on parsed trees, today's template, 1 thread | {} | | |",
        ms(median(one_times))
    );
    println!(
        "| all rules on parsed trees, each in its window (embedded history), 1 thread | {} | | |",
        ms(median(window_times))
    );
    history_loading();

    // Upstream's checks, re-expressed in Python, for comparison.
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/tools/official-lint.py");
    let template_path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/enhancement_template.md");
    let mut official = Command::new("python3");
    official.arg(&script).arg(&template_path).args(&files);
    match official.output() {
        Ok(o) if o.status.success() => {
            let (med, min) = time_command(&mut official, 3);
            println!(
                "| official-lint.py (Python re-expression of upstream CI) | {} | {} | |",
                ms(med),
                ms(min)
            );
        }
        _ => println!("| official-lint.py | not run (python3 with PyYAML missing) | | |"),
    }
}

/// Reading the template history of a clone of the real repository (the
/// bundle): the first-parent walk through the renames and parsing every
/// revision, once per workspace; then the embedded history.
fn history_loading() {
    let bundle = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpus/openshift-enhancements.bundle");
    let Ok(dir) = tempfile::tempdir() else {
        return;
    };
    let clone = dir.path().join("repo");
    let cloned = Command::new("git")
        .args(["clone", "--quiet"])
        .arg(&bundle)
        .arg(&clone)
        .status()
        .is_ok_and(|s| s.success());
    if !cloned {
        println!("| template history from git | not run (no bundle or git) | | |");
        return;
    }
    let template = clone.join("guidelines/enhancement_template.md");
    let current = std::sync::Arc::new(Template::parse(
        &std::fs::read_to_string(&template).unwrap(),
    ));
    let today = jiff::civil::date(2026, 12, 3);
    let mut times = Vec::new();
    let mut versions = 0;
    for _ in 0..RUNS {
        let histories = Histories::new();
        let start = Instant::now();
        let loaded = histories.of_file(&template, &current, today);
        times.push(start.elapsed());
        versions = loaded.history.versions().len();
    }
    println!(
        "| template history from git (bundle: 1,475 first-parent commits, {versions} versions), once per workspace | {} | | |",
        ms(median(times))
    );
    let mut times = Vec::new();
    for _ in 0..RUNS {
        let start = Instant::now();
        std::hint::black_box(TemplateHistory::embedded());
        times.push(start.elapsed());
    }
    println!(
        "| embedded history (16 versions), once per process | {} | | |",
        ms(median(times))
    );
}
