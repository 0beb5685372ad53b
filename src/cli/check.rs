//! `proposal-ls check`: find proposal files, resolve each one's template,
//! check them in parallel, print the findings, fix if asked.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use proposal_ls::analysis::fix_all_in_era;
use proposal_ls::git::Changed;
use proposal_ls::history::{Histories, TemplateHistory};
use proposal_ls::lone_cr_as_lf;
use proposal_ls::repository::{InRepository, Repository};
use proposal_ls::workspace::{
    ConfigError, Configs, Era, Level, Origin, RuleLevels, Settings, SettingsLayer, Sourced,
    Templates, check_glob, file_context, index_repository, today_date, workspace_root,
};
use proposal_ls::{Finding, Severity, analyze_in_era, markdown};
use rayon::prelude::*;

use super::{CheckArgs, SettingsArgs, output};

/// One checked file.
pub struct Report {
    pub path: PathBuf,
    pub text: String,
    pub findings: Vec<Finding>,
    /// Fixes applied by `--fix`.
    pub fixed: Vec<String>,
}

pub fn run(args: &CheckArgs) -> ExitCode {
    let scope = scope(args);
    let checked = match check_paths(&args.paths, &args.settings, args.fix, scope) {
        Ok(checked) => checked,
        Err(code) => return code,
    };
    let Checked {
        reports,
        failures,
        files,
    } = checked;
    let reports: Vec<Report> = reports.into_iter().map(|(report, _)| report).collect();
    output::print(args.format, &reports, files, !failures.is_empty());
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

/// What checking some paths gave: each file's report with the template
/// history it was judged by (sorted by path), the problems met on the way,
/// and how many files were checked.
pub struct Checked {
    pub reports: Vec<(Report, Arc<TemplateHistory>)>,
    pub failures: Vec<String>,
    pub files: usize,
}

/// Find the proposals under `paths`, resolve each one's template and
/// repository, and check them in parallel (fixing first with `fix`); the
/// pipeline `check` and `status` share. A fatal problem (bad flags, an
/// unreadable template, a failing `--new-since`) is printed and returned
/// as the exit code.
pub fn check_paths(
    paths: &[PathBuf],
    settings_args: &SettingsArgs,
    fix: bool,
    scope: Option<(&str, Changed)>,
) -> Result<Checked, ExitCode> {
    let overrides = match overrides(settings_args) {
        Ok(layer) => layer,
        Err(problems) => {
            for p in problems {
                eprintln!("proposal-ls: {p}");
            }
            return Err(ExitCode::from(2));
        }
    };
    let templates = Templates::new();
    if let Some(path) = &settings_args.template
        && let Err(e) = templates.read(path)
    {
        eprintln!("proposal-ls: cannot read template {}: {e}", path.display());
        return Err(ExitCode::from(2));
    }
    let configs = Configs::new(overrides);
    let mut failures: Vec<String> = Vec::new();
    let mut files = collect_files(paths, &configs, &mut failures);
    let histories = Histories::new();
    if let Some((rev, which)) = scope {
        match changed_files(&histories, rev, which) {
            Ok(changed) => files.retain(|(path, _)| changed.contains(&absolute(path))),
            Err(e) => {
                eprintln!("proposal-ls: {e}");
                return Err(ExitCode::from(2));
            }
        }
    }

    // An unreadable discovered template fails the run; the embedded one is
    // used for its files meanwhile. Each template's history is read once.
    let day = today_date();
    let resolved: Vec<Arc<TemplateHistory>> = files
        .iter()
        .map(|(file, settings)| {
            let r = templates.resolve(Some(file), settings, None);
            failures.extend(r.warning.clone());
            let loaded = histories.of_resolved(&r, day);
            failures.extend(loaded.warning);
            loaded.history
        })
        .collect();

    let repositories = index_repositories(&files, &configs, &templates);
    let job = Job {
        fix,
        histories: &histories,
    };
    let results: Vec<Result<(Report, Arc<TemplateHistory>), String>> = files
        .par_iter()
        .zip(resolved.par_iter())
        .zip(repositories.par_iter())
        .map(|(((path, settings), history), repository)| {
            let place = repository
                .clone()
                .and_then(|r| InRepository::of(r, &absolute(path)));
            check_file(path, settings, history, place, &job).map(|r| (r, history.clone()))
        })
        .collect();

    let mut reports = Vec::new();
    for r in results {
        match r {
            Ok(report) => reports.push(report),
            Err(e) => failures.push(e),
        }
    }
    failures.sort();
    failures.dedup();
    reports.sort_by(|a, b| a.0.path.cmp(&b.0.path));
    Ok(Checked {
        reports,
        failures,
        files: files.len(),
    })
}

/// The command line's settings, the layer above every configuration file;
/// any problem is fatal.
pub fn overrides(args: &SettingsArgs) -> Result<SettingsLayer, Vec<String>> {
    let mut problems = Vec::new();
    let mut layer = SettingsLayer::default();
    fn from_cli<T>(value: T) -> Sourced<T> {
        Sourced::new(value, Origin::CommandLine)
    }
    if !args.select.is_empty() {
        let names = args.select.iter().map(String::as_str);
        let rules = RuleLevels::rules_named(names, "--select", &mut problems);
        layer.select = Some(from_cli(rules));
    }
    let names = args.ignore.iter().map(String::as_str);
    layer.disabled = RuleLevels::rules_named(names, "--ignore", &mut problems)
        .into_iter()
        .map(|rule| (rule, Origin::CommandLine))
        .collect();
    for (flag, globs, slot) in [
        ("--include", &args.include, &mut layer.include),
        ("--exclude", &args.exclude, &mut layer.exclude),
    ] {
        for glob in globs {
            if let Err(e) = check_glob(glob) {
                problems.push(format!("{flag}: invalid glob `{glob}`: {e}"));
            }
        }
        if !globs.is_empty() {
            *slot = Some(from_cli(globs.clone()));
        }
    }
    layer.template = args.template.clone().map(from_cli);
    // clap accepts only the names Era::parse knows.
    layer.era = args.era.as_deref().and_then(Era::parse).map(from_cli);
    if problems.is_empty() {
        Ok(layer)
    } else {
        Err(problems)
    }
}

/// Named files as given (even if excluded, as ruff does); directories
/// walked for the files their settings include. Each file comes with its
/// settings. A missing path, a directory without proposals and a broken
/// configuration file are failures.
fn collect_files(
    paths: &[PathBuf],
    configs: &Configs,
    failures: &mut Vec<String>,
) -> Vec<(PathBuf, Arc<Settings>)> {
    let mut files = Vec::new();
    let settings_of = |path: &Path, failures: &mut Vec<String>| {
        let resolved = configs.for_path(Some(path));
        failures.extend(resolved.errors.iter().map(config_error));
        resolved.errors.is_empty().then_some(resolved.settings)
    };
    for path in paths {
        if path.is_file() {
            if let Some(settings) = settings_of(path, failures) {
                files.push((path.clone(), settings));
            }
        } else if path.is_dir() {
            let before = files.len();
            let mut broken = false;
            for entry in ignore::WalkBuilder::new(path).build() {
                match entry {
                    // A symlink to a file is the file (symlinked directories
                    // are not walked, so no loop is possible).
                    Ok(e)
                        if e.file_type().is_some_and(|t| {
                            t.is_file() || (t.is_symlink() && e.path().is_file())
                        }) =>
                    {
                        let p = e.into_path();
                        match settings_of(&p, failures) {
                            Some(settings) if settings.includes(&p) => files.push((p, settings)),
                            Some(_) => {}
                            None => broken = true,
                        }
                    }
                    Ok(_) => {}
                    Err(err) => failures.push(format!("{}: {err}", path.display())),
                }
            }
            if files.len() == before && !broken {
                failures.push(no_proposal_under(path, "", configs));
            }
        } else if path.extension().is_none() {
            // Most likely a mistyped directory: say what it was to hold.
            failures.push(no_proposal_under(path, "no such directory; ", configs));
        } else {
            failures.push(format!("{}: no such file or directory", path.display()));
        }
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files.dedup_by(|a, b| a.0 == b.0);
    files
}

/// "no proposal found under DIR (include: GLOBS)", with the excludes if
/// any, after `why`.
fn no_proposal_under(dir: &Path, why: &str, configs: &Configs) -> String {
    let settings = configs.for_path(Some(dir)).settings;
    let mut tried = format!("{why}include: {}", settings.include_patterns().join(", "));
    if !settings.exclude_patterns().is_empty() {
        tried.push_str(&format!(
            "; exclude: {}",
            settings.exclude_patterns().join(", ")
        ));
    }
    format!("no proposal found under {} ({tried})", dir.display())
}

/// A configuration error, its path relative to the current directory when
/// under it.
pub fn config_error(error: &ConfigError) -> String {
    let path = std::env::current_dir()
        .ok()
        .and_then(|cwd| error.path.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| error.path.clone());
    format!(
        "{}:{}:{}: {}",
        path.display(),
        error.line,
        error.column,
        error.message
    )
}

/// `--new-since` or `--changed-since`, if given.
fn scope(args: &CheckArgs) -> Option<(&str, Changed)> {
    match (&args.new_since, &args.changed_since) {
        (Some(rev), _) => Some((rev.as_str(), Changed::Added)),
        (None, Some(rev)) => Some((rev.as_str(), Changed::AddedOrModified)),
        (None, None) => None,
    }
}

/// The files (absolute) of the repository holding the current directory
/// that HEAD adds (or modifies) since it forked from `rev`.
fn changed_files(
    histories: &Histories,
    rev: &str,
    which: Changed,
) -> Result<HashSet<PathBuf>, String> {
    let flag = match which {
        Changed::Added => "--new-since",
        Changed::AddedOrModified => "--changed-since",
    };
    let cwd = std::env::current_dir().map_err(|e| format!("{flag}: {e}"))?;
    let repo = histories.repo(&cwd).ok_or_else(|| {
        format!(
            "{flag} needs a git repository, and {} is in none",
            cwd.display()
        )
    })?;
    let files = repo
        .changed_since(rev, which)
        .map_err(|e| format!("{flag}: {e}"))?;
    Ok(files
        .iter()
        .map(|f| absolute(&repo.workdir().join(f)))
        .collect())
}

/// The path as both sides compare it: symlinks and `..` resolved when the
/// file exists.
fn absolute(path: &Path) -> PathBuf {
    std::fs::canonicalize(path)
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_path_buf())
}

/// The repository of each file (its workspace root indexed once), for
/// the rules that look across files; `None` for a file under no root.
fn index_repositories(
    files: &[(PathBuf, Arc<Settings>)],
    configs: &Configs,
    templates: &Templates,
) -> Vec<Option<Arc<Repository>>> {
    let mut indexed: HashMap<PathBuf, Arc<Repository>> = HashMap::new();
    files
        .iter()
        .map(|(path, _)| {
            let root = workspace_root(path)?;
            let repository = indexed
                .entry(root)
                .or_insert_with_key(|root| Arc::new(index_repository(root, configs, templates)));
            Some(repository.clone())
        })
        .collect()
}

/// What every file of a run is checked with.
struct Job<'a> {
    fix: bool,
    histories: &'a Histories,
}

fn check_file(
    path: &Path,
    settings: &Settings,
    history: &TemplateHistory,
    repository: Option<InRepository>,
    job: &Job,
) -> Result<Report, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        format!(
            "{}: not UTF-8 text (invalid byte at offset {}); save it as UTF-8",
            path.display(),
            e.utf8_error().valid_up_to()
        )
    })?;
    // Lines as editors count them (a `--fix` writes lone `\r` back as `\n`).
    let mut text = lone_cr_as_lf(text);
    let ctx = file_context(path, &text, settings, repository, job.histories);
    let levels = &settings.levels;
    let mut fixed = Vec::new();
    if job.fix {
        // Only the fixes of rules that are on.
        let outcome = fix_all_in_era(&text, history, settings.era, &ctx, |f| {
            levels.level(f.rule) != Level::Off
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
    let findings = levels.apply(analyze_in_era(&text, &tree, history, settings.era, &ctx));
    Ok(Report {
        path: path.to_path_buf(),
        text,
        findings,
        fixed,
    })
}
