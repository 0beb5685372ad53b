//! The settings in force for a file, layered: built-in defaults, then the
//! nearest `.proposal-ls.toml`, then the editor's settings or the command
//! line. Each value keeps where it came from, for `proposal-ls config`.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use globset::{Glob, GlobSet, GlobSetBuilder};

use super::root::{Roots, relative_to_root};
use super::{DEFAULT_INCLUDE, Level, RuleLevels};
use crate::front_matter::scan::key_names;
use crate::rules::Rule;
use crate::template::Template;

pub use crate::era::Era;

/// Where a setting's value came from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Origin {
    #[default]
    Default,
    /// A configuration file, at the line the setting is written on (1-based).
    File {
        path: PathBuf,
        line: usize,
    },
    CommandLine,
    Editor,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Default => f.write_str("default"),
            Origin::File { path, line } => write!(f, "{}:{line}", path.display()),
            Origin::CommandLine => f.write_str("command line"),
            Origin::Editor => f.write_str("editor settings"),
        }
    }
}

/// A value and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sourced<T> {
    pub value: T,
    pub origin: Origin,
}

impl<T> Sourced<T> {
    pub fn new(value: T, origin: Origin) -> Sourced<T> {
        Sourced { value, origin }
    }
}

/// What one source sets, already checked: rule ids, levels, globs and the
/// era are valid (each front end reports its own source's mistakes).
#[derive(Debug, Clone, Default)]
pub struct SettingsLayer {
    pub template: Option<Sourced<PathBuf>>,
    pub include: Option<Sourced<Vec<String>>>,
    pub exclude: Option<Sourced<Vec<String>>>,
    pub era: Option<Sourced<Era>>,
    /// Replaces the selection of the layers below.
    pub select: Option<Sourced<Vec<Rule>>>,
    /// Per rule; later layers win for the rules they name.
    pub severity: Vec<(Rule, Sourced<Level>)>,
    /// Turned off, after this layer's `severity`.
    pub disabled: Vec<(Rule, Origin)>,
}

/// A glob as the settings accept it, or why not.
pub fn check_glob(pattern: &str) -> Result<(), String> {
    Glob::new(pattern).map(drop).map_err(|e| e.to_string())
}

#[derive(Debug, Clone)]
pub(super) struct Patterns {
    pub patterns: Vec<String>,
    set: GlobSet,
    pub origin: Origin,
}

impl Patterns {
    /// Invalid globs are skipped: every source checks its own with
    /// [`check_glob`] first.
    fn new(patterns: Vec<String>, origin: Origin) -> Patterns {
        let mut builder = GlobSetBuilder::new();
        for glob in patterns.iter().filter_map(|p| Glob::new(p).ok()) {
            builder.add(glob);
        }
        let set = builder.build().unwrap_or_else(|_| GlobSet::empty());
        Patterns {
            patterns,
            set,
            origin,
        }
    }
}

/// Settings in force for a set of files: the same for `check` and the
/// server.
#[derive(Debug, Clone)]
pub struct Settings {
    pub(super) include: Patterns,
    pub(super) exclude: Patterns,
    /// A template for every file, instead of discovery; a relative path is
    /// resolved against the workspace root the server was given (a
    /// configuration file's is made absolute when read).
    pub template: Option<PathBuf>,
    pub levels: RuleLevels,
    pub era: Era,
    pub(super) origins: Origins,
    /// Shared by clones: settings are rebuilt whenever a root could change.
    roots: Arc<Roots>,
}

#[derive(Debug, Clone, Default)]
pub(super) struct Origins {
    pub template: Origin,
    pub era: Origin,
    pub select: Origin,
    /// Rules given a level, in the order the layers set them (one per rule).
    pub rules: Vec<(Rule, Level, Origin)>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings::from_layers(&[])
    }
}

impl Settings {
    /// Settings from their parts, as from one layer of the editor's
    /// settings; bad include globs are dropped and reported.
    pub fn new(
        include: Option<Vec<String>>,
        template: Option<PathBuf>,
        levels: RuleLevels,
    ) -> (Settings, Vec<String>) {
        let mut problems = Vec::new();
        let include = include.map(|patterns| {
            let good = patterns
                .into_iter()
                .filter(|p| match check_glob(p) {
                    Ok(()) => true,
                    Err(e) => {
                        problems.push(format!("ignoring include glob `{p}`: {e}"));
                        false
                    }
                })
                .collect();
            Sourced::new(good, Origin::Editor)
        });
        let layer = SettingsLayer {
            include,
            template: template.map(|t| Sourced::new(t, Origin::Editor)),
            ..SettingsLayer::default()
        };
        let mut settings = Settings::from_layers(&[&layer]);
        settings.levels = levels;
        (settings, problems)
    }

    /// Defaults, then each layer in turn: a value a layer sets replaces
    /// the one below, except rule levels, which are set per rule.
    pub fn from_layers(layers: &[&SettingsLayer]) -> Settings {
        let mut include = Sourced::new(vec![DEFAULT_INCLUDE.to_string()], Origin::Default);
        let mut exclude = Sourced::new(Vec::new(), Origin::Default);
        let mut template = None;
        let mut era = Sourced::new(Era::default(), Origin::Default);
        let mut levels = RuleLevels::default();
        let mut origins = Origins::default();
        for layer in layers {
            if let Some(v) = &layer.include {
                include = v.clone();
            }
            if let Some(v) = &layer.exclude {
                exclude = v.clone();
            }
            if let Some(v) = &layer.template {
                template = Some(v.value.clone());
                origins.template = v.origin.clone();
            }
            if let Some(v) = &layer.era {
                era = v.clone();
            }
            if let Some(select) = &layer.select {
                levels.selected = Some(select.value.iter().copied().collect());
                origins.select = select.origin.clone();
            }
            let disabled = layer
                .disabled
                .iter()
                .map(|(rule, origin)| (*rule, Level::Off, origin));
            let severity = layer
                .severity
                .iter()
                .map(|(rule, level)| (*rule, level.value, &level.origin));
            for (rule, level, origin) in severity.chain(disabled) {
                levels.set(rule, level);
                origins.rules.retain(|(r, _, _)| *r != rule);
                origins.rules.push((rule, level, origin.clone()));
            }
        }
        origins.era = era.origin;
        Settings {
            include: Patterns::new(include.value, include.origin),
            exclude: Patterns::new(exclude.value, exclude.origin),
            template,
            levels,
            era: era.value,
            origins,
            roots: Arc::default(),
        }
    }

    pub fn include_patterns(&self) -> &[String] {
        &self.include.patterns
    }

    pub fn exclude_patterns(&self) -> &[String] {
        &self.exclude.patterns
    }

    /// The path the globs are matched against: relative to the workspace
    /// root, else as given without a leading `./`.
    fn glob_path(&self, path: &Path) -> PathBuf {
        self.roots
            .of(path)
            .and_then(|root| relative_to_root(path, &root.dir))
            .unwrap_or_else(|| path.strip_prefix(".").unwrap_or(path).to_path_buf())
    }

    /// Whether a path matches the include globs and is not excluded.
    pub fn includes(&self, path: &Path) -> bool {
        self.include.set.is_match(self.glob_path(path)) && !self.excludes(path)
    }

    /// Whether a path matches an exclude glob or is listed in its workspace
    /// root's `hack/lint-ignores`.
    pub fn excludes(&self, path: &Path) -> bool {
        self.exclude.set.is_match(self.glob_path(path)) || self.lint_ignored(path)
    }

    /// Whether its workspace root's `hack/lint-ignores` lists `path`.
    pub fn lint_ignored(&self, path: &Path) -> bool {
        self.roots.of(path).is_some_and(|root| {
            relative_to_root(path, &root.dir).is_some_and(|rel| root.lint_ignored(&rel))
        })
    }

    /// The workspace root of `path`, as the globs see it.
    pub fn workspace_root(&self, path: &Path) -> Option<PathBuf> {
        self.roots.of(path).map(|root| root.dir.clone())
    }

    /// Whether a document is a proposal: it is not excluded, and its path
    /// matches the include globs or its front matter (in `text`, which may
    /// be just the top of the document) has the template's `title` and
    /// another template key. Line-based, so it holds while the YAML is half
    /// typed.
    pub fn is_proposal(&self, path: Option<&Path>, text: &str, template: &Template) -> bool {
        if path.is_some_and(|p| self.excludes(p)) {
            return false;
        }
        path.is_some_and(|p| self.include.set.is_match(self.glob_path(p)))
            || has_template_front_matter(text, template)
    }
}

/// The front matter names `title` and at least one other template key.
fn has_template_front_matter(text: &str, template: &Template) -> bool {
    let keys: Vec<&str> = key_names(text)
        .filter(|k| template.key(k).is_some())
        .collect();
    keys.contains(&"title") && keys.len() >= 2
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Severity;
    use crate::workspace::{SettingLine, describe_settings};

    #[test]
    fn era_names() {
        assert_eq!(Era::parse("window"), Some(Era::Window));
        assert_eq!(Era::parse("current"), Some(Era::Current));
        assert_eq!(Era::parse("Current"), None);
        assert_eq!(Era::default(), Era::Window);
        assert_eq!(Settings::default().era, Era::Window);
    }

    #[test]
    fn later_layers_win_and_remember_their_origin() {
        let file = Origin::File {
            path: ".proposal-ls.toml".into(),
            line: 2,
        };
        let config = SettingsLayer {
            era: Some(Sourced::new(Era::Current, file.clone())),
            include: Some(Sourced::new(vec!["docs/**/*.md".into()], file.clone())),
            severity: vec![(
                Rule::SectionOrder,
                Sourced::new(Level::On(Severity::Hint), file.clone()),
            )],
            disabled: vec![(Rule::TitleFormat, file.clone())],
            ..SettingsLayer::default()
        };
        let settings = Settings::from_layers(&[&config]);
        assert_eq!(settings.era, Era::Current);
        assert_eq!(settings.include_patterns(), ["docs/**/*.md"]);
        assert_eq!(
            settings.levels.level(Rule::SectionOrder),
            Level::On(Severity::Hint)
        );
        assert_eq!(settings.levels.level(Rule::TitleFormat), Level::Off);

        let cli = SettingsLayer {
            era: Some(Sourced::new(Era::Window, Origin::CommandLine)),
            severity: vec![(
                Rule::TitleFormat,
                Sourced::new(Level::On(Severity::Error), Origin::CommandLine),
            )],
            ..SettingsLayer::default()
        };
        let settings = Settings::from_layers(&[&config, &cli]);
        assert_eq!(settings.era, Era::Window);
        assert_eq!(
            settings.levels.level(Rule::TitleFormat),
            Level::On(Severity::Error)
        );
        let lines = describe_settings(&settings);
        let line = |label: &str| lines.iter().find(|l| l.label == label).cloned().unwrap();
        assert_eq!(
            line("era"),
            SettingLine::new("era", "window", "command line")
        );
        assert_eq!(
            line("include"),
            SettingLine::new("include", "docs/**/*.md", ".proposal-ls.toml:2")
        );
        assert_eq!(
            line("severity.title-format"),
            SettingLine::new("severity.title-format", "error", "command line")
        );
        assert_eq!(line("exclude").origin, "default");
    }

    #[test]
    fn globs_match_from_the_workspace_root() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join(".git")).unwrap();
        std::fs::create_dir_all(root.join("enhancements/old")).unwrap();
        let exclude = SettingsLayer {
            exclude: Some(Sourced::new(
                vec!["enhancements/old/**".into()],
                Origin::CommandLine,
            )),
            ..SettingsLayer::default()
        };
        let settings = Settings::from_layers(&[&exclude]);
        let t = Template::embedded();
        assert!(settings.includes(&root.join("enhancements/x.md")));
        assert!(!settings.includes(&root.join("docs/x.md")));
        // Excluded: neither by path nor by front matter.
        let old = root.join("enhancements/old/y.md");
        assert!(settings.excludes(&old) && !settings.includes(&old));
        let front_matter = "---\ntitle: y\nauthors:\n---\n";
        assert!(!settings.is_proposal(Some(&old), front_matter, &t));
        assert_eq!(settings.workspace_root(&old).as_deref(), Some(root));
    }
}
