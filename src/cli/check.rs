//! `proposal-ls check`: find proposal files, resolve each one's template,
//! check them in parallel, print the findings, fix if asked.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use proposal_ls::analysis::fix_all_in_era;
use proposal_ls::era::{Era, needs_added_on};
use proposal_ls::history::{Histories, Loaded, TemplateHistory};
use proposal_ls::workspace::{
    Level, ResolvedTemplate, RuleLevels, Settings, TemplateSource, Templates, today,
};
use proposal_ls::{FileContext, Finding, Severity, analyze_in_era, markdown};
use rayon::prelude::*;

use super::{CheckArgs, output};

/// One checked file.
pub struct Report {
    pub path: PathBuf,
    pub text: String,
    pub findings: Vec<Finding>,
    /// Fixes applied by `--fix`.
    pub fixed: Vec<String>,
}

pub fn run(args: &CheckArgs) -> ExitCode {
    let settings = match settings(args) {
        Ok(s) => s,
        Err(problems) => {
            for p in problems {
                eprintln!("proposal-ls: {p}");
            }
            return ExitCode::from(2);
        }
    };
    let mut failures: Vec<String> = Vec::new();
    let files = collect_files(&args.paths, &settings, &mut failures);

    let templates = Templates::new();
    if let Some(path) = &settings.template
        && let Err(e) = templates.read(path)
    {
        eprintln!("proposal-ls: cannot read template {}: {e}", path.display());
        return ExitCode::from(2);
    }
    // An unreadable discovered template fails the run; the embedded one is
    // used for its files meanwhile. Each template's history is read once.
    let today = today();
    let histories = Histories::new();
    let resolved: Vec<Arc<TemplateHistory>> = files
        .iter()
        .map(|file| {
            let r = templates.resolve(Some(file), &settings, None);
            failures.extend(r.warning.clone());
            let loaded = history_of(&histories, &r, &today);
            failures.extend(loaded.warning);
            loaded.history
        })
        .collect();
    failures.sort();
    failures.dedup();

    let job = Job {
        levels: &settings.levels,
        era: Era::Window,
        fix: args.fix,
        today: &today,
        histories: &histories,
    };
    let results: Vec<Result<Report, String>> = files
        .par_iter()
        .zip(resolved.par_iter())
        .map(|(path, history)| check_file(path, history, &job))
        .collect();

    let mut reports = Vec::new();
    for r in results {
        match r {
            Ok(report) => reports.push(report),
            Err(e) => failures.push(e),
        }
    }
    reports.sort_by(|a, b| a.path.cmp(&b.path));
    output::print(args.format, &reports, files.len());
    for f in &failures {
        eprintln!("proposal-ls: {f}");
    }
    if !failures.is_empty() {
        ExitCode::from(2)
    } else if reports
        .iter()
        .any(|r| r.findings.iter().any(|f| f.severity == Severity::Error))
    {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// The engine's settings from the command line; any problem is fatal.
fn settings(args: &CheckArgs) -> Result<Settings, Vec<String>> {
    let mut problems = Vec::new();
    let mut levels = RuleLevels::default();
    if !args.select.is_empty() {
        let names = args.select.iter().map(String::as_str);
        levels.select(RuleLevels::rules_named(names, "--select", &mut problems));
    }
    let names = args.ignore.iter().map(String::as_str);
    for rule in RuleLevels::rules_named(names, "--ignore", &mut problems) {
        levels.set(rule, Level::Off);
    }
    let (settings, glob_problems) =
        Settings::new(Some(args.include.clone()), args.template.clone(), levels);
    problems.extend(glob_problems.into_iter().map(|p| format!("--include: {p}")));
    if problems.is_empty() {
        Ok(settings)
    } else {
        Err(problems)
    }
}

/// Named files as given; directories walked for files the settings include.
fn collect_files(
    paths: &[PathBuf],
    settings: &Settings,
    failures: &mut Vec<String>,
) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_file() {
            files.push(path.clone());
        } else if path.is_dir() {
            for entry in ignore::WalkBuilder::new(path).build() {
                match entry {
                    Ok(e) if e.file_type().is_some_and(|t| t.is_file()) => {
                        let p = e.into_path();
                        if settings.includes(&p) {
                            files.push(p);
                        }
                    }
                    Ok(_) => {}
                    Err(err) => failures.push(format!("{}: {err}", path.display())),
                }
            }
        } else {
            failures.push(format!("{}: no such file or directory", path.display()));
        }
    }
    files.sort();
    files.dedup();
    files
}

/// What every file of a run is checked with.
struct Job<'a> {
    levels: &'a RuleLevels,
    era: Era,
    fix: bool,
    today: &'a str,
    histories: &'a Histories,
}

/// The history a resolved template is judged with.
fn history_of(histories: &Histories, resolved: &ResolvedTemplate, today: &str) -> Loaded {
    let day = today.parse().unwrap_or(proposal_ls::history::BEGINNING);
    match &resolved.source {
        TemplateSource::Embedded => Loaded {
            history: histories.embedded(),
            warning: None,
        },
        TemplateSource::Configured(path) | TemplateSource::Discovered(path) => {
            histories.of_file(path, &resolved.template, day)
        }
    }
}

fn check_file(path: &Path, history: &TemplateHistory, job: &Job) -> Result<Report, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut text = String::from_utf8(bytes).map_err(|e| {
        format!(
            "{}: not UTF-8 text (invalid byte at offset {}); save it as UTF-8",
            path.display(),
            e.utf8_error().valid_up_to()
        )
    })?;
    let mut ctx = FileContext::for_path(path);
    ctx.today = Some(job.today.to_string());
    if job.era == Era::Window && needs_added_on(&text) {
        ctx.added_on = job.histories.added_on(path);
    }
    let mut fixed = Vec::new();
    if job.fix {
        // Only the fixes of rules that are on.
        let outcome = fix_all_in_era(&text, history, job.era, &ctx, |f| {
            job.levels.level(f.rule) != Level::Off
        });
        if outcome.text != text {
            std::fs::write(path, &outcome.text)
                .map_err(|e| format!("{}: cannot write fixes: {e}", path.display()))?;
            text = outcome.text;
        }
        fixed = outcome
            .applied
            .into_iter()
            .map(|(rule, title)| format!("{title} [{rule}]"))
            .collect();
    }
    let tree = markdown::parse(&text);
    let findings = job
        .levels
        .apply(analyze_in_era(&text, &tree, history, job.era, &ctx));
    Ok(Report {
        path: path.to_path_buf(),
        text,
        findings,
        fixed,
    })
}
