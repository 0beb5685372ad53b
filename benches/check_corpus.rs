//! `cargo bench --bench check_corpus`: how long `proposal-ls check` takes
//! over the whole corpus (606 proposals, 11.6 MB), and its peak memory;
//! then where the time goes, in process. Prints a table.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use proposal_ls::markdown;
use proposal_ls::{FileContext, Template, analyze_text};
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
    let mut check = Command::new(bin);
    check.arg("check").arg(&root);
    let _ = check.output(); // warm the page cache
    let (med, min) = time_command(&mut check, RUNS);
    println!(
        "| `proposal-ls check` (whole corpus) | {} | {} | {:.1} MiB |",
        ms(med),
        ms(min),
        children_peak_rss_mib()
    );

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
