//! Policy that `check` and the language server share, so CI and the editor
//! say the same thing: which template a file is checked against (and the
//! cache of parsed templates), which files are proposals, which rules are
//! on at what severity, and where those settings come from (defaults, the
//! nearest `.proposal-ls.toml`, the editor or the command line). Problems
//! are returned as values; each front end decides how to show them.
//!
//! - `settings.rs`: [`Settings`], layered from [`SettingsLayer`]s, with
//!   each value's [`Origin`]; [`Era`].
//! - `config_file.rs`: `.proposal-ls.toml` parsed into a layer, errors with
//!   line:col; [`Configs`], the settings of each file, cached.
//! - `describe.rs`: what `proposal-ls config` prints, as lines.
//! - `root.rs`: the workspace root of a file, and upstream's
//!   `hack/lint-ignores`.

mod config_file;
mod describe;
mod root;
mod settings;

pub use config_file::{ConfigError, Configs, ResolvedSettings, find_config, parse_config};
pub use describe::{SettingLine, describe_file, describe_settings};
pub use root::{CONFIG_FILE, LINT_IGNORES, relative_to_root, workspace_root};
pub use settings::{Era, Origin, Settings, SettingsLayer, Sourced, check_glob};

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use crate::rules::{Finding, Rule, Severity};
use crate::template::Template;

/// The repository under the workspace root `root`: every file, and the
/// metadata of those its settings make proposals, each read with its own
/// template. `check` and the server index the same way, so they agree.
pub fn index_repository(
    root: &Path,
    configs: &Configs,
    templates: &Templates,
) -> crate::repository::Repository {
    crate::repository::Repository::scan(
        root,
        |path| configs.for_path(Some(path)).settings.includes(path),
        |path| {
            let settings = configs.for_path(Some(path)).settings;
            templates
                .resolve(Some(path), &settings, Some(root))
                .template
        },
    )
}

/// What the engine knows about a file on disk beyond its text, as `check`
/// and the server's workspace diagnostics give it: its name, today, its
/// place in its repository, and (when its era needs it and `creation-date`
/// does not say) the day git added it.
pub fn file_context(
    path: &Path,
    text: &str,
    settings: &Settings,
    repository: Option<crate::repository::InRepository>,
    histories: &crate::history::Histories,
) -> crate::FileContext {
    let mut file = crate::FileContext::for_path(path);
    file.today = Some(today());
    file.repository = repository;
    if settings.era == Era::Window && crate::era::needs_added_on(text) {
        file.added_on = histories.added_on(path);
    }
    file
}

/// Where a workspace keeps its own template, relative to the repository root.
pub const WORKSPACE_TEMPLATE: &str = "guidelines/enhancement_template.md";

/// Which files in a directory are proposals, unless configured otherwise.
pub const DEFAULT_INCLUDE: &str = "**/enhancements/**/*.md";

/// What one rule's findings become.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Off,
    On(Severity),
}

impl Level {
    /// `error`, `warning`, `info`, `hint` or `off` (as settings write it).
    pub fn parse(name: &str) -> Option<Level> {
        Some(match name {
            "error" => Level::On(Severity::Error),
            "warning" => Level::On(Severity::Warning),
            "info" | "information" => Level::On(Severity::Info),
            "hint" => Level::On(Severity::Hint),
            "off" | "none" => Level::Off,
            _ => return None,
        })
    }
}

/// Rule levels: each rule at its default severity unless selected out,
/// ignored, or given another level.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RuleLevels {
    /// When set, only these rules run.
    selected: Option<HashSet<Rule>>,
    overrides: HashMap<Rule, Level>,
}

impl RuleLevels {
    /// Only `rules` run (`check --select`); later calls add to the set.
    pub fn select(&mut self, rules: impl IntoIterator<Item = Rule>) {
        self.selected.get_or_insert_with(HashSet::new).extend(rules);
    }

    pub fn set(&mut self, rule: Rule, level: Level) {
        self.overrides.insert(rule, level);
    }

    pub fn level(&self, rule: Rule) -> Level {
        if let Some(selected) = &self.selected
            && !selected.contains(&rule)
        {
            return Level::Off;
        }
        self.overrides
            .get(&rule)
            .copied()
            .unwrap_or(Level::On(rule.default_severity()))
    }

    /// The findings of rules that are on, at their configured severity (a
    /// rule given none keeps the engine's: its default, or less where an
    /// older template in the proposal's window judged it less severe).
    pub fn apply(&self, findings: Vec<Finding>) -> Vec<Finding> {
        findings
            .into_iter()
            .filter_map(|mut f| match self.level(f.rule) {
                Level::Off => None,
                Level::On(severity) => {
                    if self.overrides.contains_key(&f.rule) {
                        f.severity = severity;
                    }
                    Some(f)
                }
            })
            .collect()
    }

    /// Parse `rule-id` names into rules; unknown names become problems
    /// (with a did-you-mean), prefixed by `context`.
    pub fn rules_named<'a>(
        names: impl IntoIterator<Item = &'a str>,
        context: &str,
        problems: &mut Vec<String>,
    ) -> Vec<Rule> {
        names
            .into_iter()
            .filter_map(|id| match Rule::from_id(id) {
                Some(rule) => Some(rule),
                None => {
                    problems.push(unknown_rule(id, context));
                    None
                }
            })
            .collect()
    }
}

/// "unknown rule `x` in <context>; did you mean `y`?"
pub fn unknown_rule(id: &str, context: &str) -> String {
    let hint = crate::rules::closest(id, Rule::ALL.iter().map(|r| r.id()))
        .map(|s| format!("; did you mean `{s}`?"))
        .unwrap_or_default();
    format!("unknown rule `{id}` in {context}{hint} (`proposal-ls explain` lists them)")
}

/// Where a file's template came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplateSource {
    /// The settings name it.
    Configured(PathBuf),
    /// The nearest `guidelines/enhancement_template.md` above the file.
    Discovered(PathBuf),
    Embedded,
}

/// A file's template, with any problem met on the way (the embedded
/// default is used then).
#[derive(Debug, Clone)]
pub struct ResolvedTemplate {
    pub template: Arc<Template>,
    pub source: TemplateSource,
    pub warning: Option<String>,
}

/// Parsed templates by path, and discovery results by directory, shared by
/// every file checked or open. Thread-safe; reading a template happens once
/// until [`Templates::forget`].
pub struct Templates {
    embedded: Arc<Template>,
    parsed: Mutex<HashMap<PathBuf, Result<Arc<Template>, String>>>,
    discovered: Mutex<HashMap<PathBuf, Option<PathBuf>>>,
}

impl Default for Templates {
    fn default() -> Self {
        Templates::new()
    }
}

impl Templates {
    pub fn new() -> Templates {
        Templates {
            embedded: Arc::new(Template::embedded()),
            parsed: Mutex::new(HashMap::new()),
            discovered: Mutex::new(HashMap::new()),
        }
    }

    pub fn embedded(&self) -> Arc<Template> {
        self.embedded.clone()
    }

    /// The template for `file` (None: a document with no path): the
    /// configured one, else the nearest `guidelines/enhancement_template.md`
    /// above the file, else the embedded default.
    pub fn resolve(
        &self,
        file: Option<&Path>,
        settings: &Settings,
        root: Option<&Path>,
    ) -> ResolvedTemplate {
        let (path, source) = match configured_path(settings, root) {
            Some(p) => (Some(p.clone()), TemplateSource::Configured(p)),
            None => match file.and_then(|f| self.discover(f)) {
                Some(p) => (Some(p.clone()), TemplateSource::Discovered(p)),
                None => (None, TemplateSource::Embedded),
            },
        };
        let Some(path) = path else {
            return ResolvedTemplate {
                template: self.embedded(),
                source,
                warning: None,
            };
        };
        match self.read(&path) {
            Ok(template) => ResolvedTemplate {
                template,
                source,
                warning: None,
            },
            Err(e) => ResolvedTemplate {
                template: self.embedded(),
                source,
                warning: Some(format!(
                    "cannot read the template {}: {e}; using the embedded default",
                    path.display()
                )),
            },
        }
    }

    /// The template at `path`, parsed once. Read and parsed outside the
    /// cache's lock, so a slow disk holds up no other file's lookup.
    pub fn read(&self, path: &Path) -> Result<Arc<Template>, String> {
        let cached = self
            .parsed
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(path)
            .cloned();
        if let Some(result) = cached {
            return result;
        }
        let result = std::fs::read_to_string(path)
            .map(|text| Arc::new(Template::parse(&text)))
            .map_err(|e| e.to_string());
        self.parsed
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .entry(path.to_path_buf())
            .or_insert(result)
            .clone()
    }

    /// The nearest workspace template above `file`, cached per directory.
    fn discover(&self, file: &Path) -> Option<PathBuf> {
        let absolute = std::path::absolute(file).unwrap_or_else(|_| file.to_path_buf());
        let dir = absolute.parent()?.to_path_buf();
        let mut discovered = self
            .discovered
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        discovered
            .entry(dir)
            .or_insert_with(|| discover(&absolute))
            .clone()
    }

    /// Forget every template read and every discovery (a template file or
    /// the settings changed).
    pub fn forget(&self) {
        self.parsed
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
        self.discovered
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
    }

    /// Whether `path` is a template these settings read, or may read.
    pub fn is_template_path(&self, path: &Path, settings: &Settings) -> bool {
        path.ends_with(WORKSPACE_TEMPLATE)
            || self
                .parsed
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .contains_key(path)
            || settings
                .template
                .as_ref()
                .is_some_and(|t| path.ends_with(t))
    }
}

/// The nearest `guidelines/enhancement_template.md` in `file`'s directory
/// or any directory above it.
fn discover(file: &Path) -> Option<PathBuf> {
    let start = if file.is_dir() { file } else { file.parent()? };
    start
        .ancestors()
        .map(|dir| dir.join(WORKSPACE_TEMPLATE))
        .find(|candidate| candidate.is_file())
}

fn configured_path(settings: &Settings, root: Option<&Path>) -> Option<PathBuf> {
    let configured = settings.template.as_ref()?;
    Some(match root {
        Some(root) if configured.is_relative() => root.join(configured),
        _ => configured.clone(),
    })
}

/// Today's date (yyyy-mm-dd), for fixes and completions that fill one in.
pub fn today() -> String {
    today_date().to_string()
}

/// Today's date, where a proposal's window ends.
pub fn today_date() -> jiff::civil::Date {
    jiff::ZonedDateTime::now().date()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_select_ignore_and_override() {
        let mut levels = RuleLevels::default();
        assert_eq!(
            levels.level(Rule::SectionOrder),
            Level::On(Severity::Warning)
        );
        levels.set(Rule::SectionOrder, Level::On(Severity::Hint));
        levels.set(Rule::TitleFormat, Level::Off);
        assert_eq!(levels.level(Rule::SectionOrder), Level::On(Severity::Hint));
        assert_eq!(levels.level(Rule::TitleFormat), Level::Off);
        levels.select([Rule::SectionOrder, Rule::TitleFormat]);
        assert_eq!(levels.level(Rule::MissingSection), Level::Off);
        assert_eq!(levels.level(Rule::TitleFormat), Level::Off, "ignore wins");

        let mut problems = Vec::new();
        let rules =
            RuleLevels::rules_named(["missing-section", "mising-key"], "--ignore", &mut problems);
        assert_eq!(rules, [Rule::MissingSection]);
        assert_eq!(
            problems,
            [
                "unknown rule `mising-key` in --ignore; did you mean `missing-key`? (`proposal-ls explain` lists them)"
            ]
        );
    }

    #[test]
    fn proposals_by_path_or_front_matter() {
        let settings = Settings::default();
        let t = Template::embedded();
        assert!(settings.is_proposal(Some(Path::new("/w/enhancements/a/x.md")), "", &t));
        assert!(settings.is_proposal(Some(Path::new("./enhancements/x.md")), "", &t));
        assert!(!settings.is_proposal(Some(Path::new("/w/README.md")), "# Readme\n", &t));
        let front_matter = "---\ntitle: y\nauthors:\n---\n";
        assert!(settings.is_proposal(Some(Path::new("/w/docs/y.md")), front_matter, &t));
        assert!(!settings.is_proposal(None, "---\ntitle: y\n---\n", &t));
        // Half typed, unclosed: still one.
        assert!(settings.is_proposal(None, "---\ntitle: y\nauthors:\n  - @", &t));
    }

    #[test]
    fn templates_are_configured_discovered_or_embedded() {
        let dir = std::env::temp_dir().join(format!("proposal-ls-ws-{}", std::process::id()));
        let guidelines = dir.join("guidelines");
        std::fs::create_dir_all(&guidelines).unwrap();
        std::fs::write(
            guidelines.join("enhancement_template.md"),
            "# T\n\n## Only\n",
        )
        .unwrap();
        let templates = Templates::new();
        let settings = Settings::default();
        let file = dir.join("enhancements/x.md");
        let found = templates.resolve(Some(&file), &settings, None);
        assert_eq!(
            found.source,
            TemplateSource::Discovered(guidelines.join("enhancement_template.md"))
        );
        assert_eq!(found.template.sections.len(), 1);
        assert!(found.warning.is_none());

        let (missing, _) = Settings::new(None, Some("nope.md".into()), RuleLevels::default());
        let resolved = templates.resolve(Some(&file), &missing, Some(&dir));
        assert_eq!(
            resolved.source,
            TemplateSource::Configured(dir.join("nope.md"))
        );
        assert!(
            resolved
                .warning
                .unwrap()
                .starts_with("cannot read the template")
        );
        assert_eq!(
            resolved.template.sections.len(),
            Template::embedded().sections.len()
        );

        let elsewhere = templates.resolve(None, &settings, None);
        assert_eq!(elsewhere.source, TemplateSource::Embedded);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
