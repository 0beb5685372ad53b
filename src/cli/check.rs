//! `proposal-ls check`: find proposal files, resolve each one's template,
//! check them in parallel, print the findings, fix if asked.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use globset::{Glob, GlobSet, GlobSetBuilder};
use proposal_ls::{FileContext, Finding, Severity, Template, analyze_text, fix_all, template};
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
    let mut failures: Vec<String> = Vec::new();
    let include = match globs(&args.include) {
        Ok(g) => g,
        Err(e) => {
            eprintln!("proposal-ls: {e}");
            return ExitCode::from(2);
        }
    };
    let files = collect_files(&args.paths, &include, &mut failures);

    let explicit = match &args.template {
        Some(path) => match std::fs::read_to_string(path) {
            Ok(text) => Some(Arc::new(Template::parse(&text))),
            Err(e) => {
                eprintln!("proposal-ls: cannot read template {}: {e}", path.display());
                return ExitCode::from(2);
            }
        },
        None => None,
    };
    let templates = match explicit {
        Some(t) => files.iter().map(|_| t.clone()).collect(),
        None => resolve_templates(&files, &mut failures),
    };

    let today = jiff::ZonedDateTime::now().date().to_string();
    let results: Vec<Result<Report, String>> = files
        .par_iter()
        .zip(templates.par_iter())
        .map(|(path, template)| check_file(path, template, args.fix, &today))
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

fn globs(patterns: &[String]) -> Result<GlobSet, String> {
    let mut builder = GlobSetBuilder::new();
    for p in patterns {
        let glob = Glob::new(p).map_err(|e| format!("bad --include glob `{p}`: {e}"))?;
        builder.add(glob);
    }
    builder.build().map_err(|e| e.to_string())
}

/// Named files as given; directories walked for files matching `include`.
fn collect_files(paths: &[PathBuf], include: &GlobSet, failures: &mut Vec<String>) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_file() {
            files.push(path.clone());
        } else if path.is_dir() {
            for entry in ignore::WalkBuilder::new(path).build() {
                match entry {
                    Ok(e) if e.file_type().is_some_and(|t| t.is_file()) => {
                        let p = e.into_path();
                        if include.is_match(&p) || include.is_match(strip_dot(&p)) {
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

fn strip_dot(p: &Path) -> &Path {
    p.strip_prefix(".").unwrap_or(p)
}

/// Each file's template: the nearest guidelines/enhancement_template.md
/// above it, else the embedded default. Each template is read once.
fn resolve_templates(files: &[PathBuf], failures: &mut Vec<String>) -> Vec<Arc<Template>> {
    let embedded = Arc::new(Template::embedded());
    let mut by_dir: HashMap<PathBuf, Arc<Template>> = HashMap::new();
    let mut by_template: HashMap<PathBuf, Arc<Template>> = HashMap::new();
    files
        .iter()
        .map(|file| {
            let abs = std::path::absolute(file).unwrap_or_else(|_| file.clone());
            let dir = abs.parent().map(Path::to_path_buf).unwrap_or_default();
            if let Some(t) = by_dir.get(&dir) {
                return t.clone();
            }
            let t = match template::discover(&abs) {
                Some(path) => match by_template.get(&path) {
                    Some(t) => t.clone(),
                    None => {
                        let t = match std::fs::read_to_string(&path) {
                            Ok(text) => Arc::new(Template::parse(&text)),
                            Err(e) => {
                                failures
                                    .push(format!("cannot read template {}: {e}", path.display()));
                                embedded.clone()
                            }
                        };
                        by_template.insert(path, t.clone());
                        t
                    }
                },
                None => embedded.clone(),
            };
            by_dir.insert(dir, t.clone());
            t
        })
        .collect()
}

fn check_file(path: &Path, template: &Template, fix: bool, today: &str) -> Result<Report, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut text = String::from_utf8(bytes).map_err(|e| {
        format!(
            "{}: not UTF-8 text (invalid byte at offset {}); save it as UTF-8",
            path.display(),
            e.utf8_error().valid_up_to()
        )
    })?;
    let mut ctx = FileContext::for_path(path);
    ctx.today = Some(today.to_string());
    let mut fixed = Vec::new();
    if fix {
        let outcome = fix_all(&text, template, &ctx);
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
    let findings = analyze_text(&text, template, &ctx);
    Ok(Report {
        path: path.to_path_buf(),
        text,
        findings,
        fixed,
    })
}
