//! `.proposal-ls.toml`: the settings both `check` and the server read, from
//! the nearest such file above the checked file. Every mistake in it is an
//! error naming the file, line and column; none is ignored.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use serde::Deserialize;
use toml::Spanned;

use super::root::{CONFIG_FILE, absolute_clean};
use super::settings::{Era, Origin, Settings, SettingsLayer, Sourced, check_glob};
use super::{Level, unknown_rule};
use crate::line_index::{Encoding, LineIndex};
use crate::rules::Rule;

/// The file as written; each value keeps its span.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    template: Option<Spanned<String>>,
    include: Option<Spanned<Vec<Spanned<String>>>>,
    exclude: Option<Spanned<Vec<Spanned<String>>>>,
    era: Option<Spanned<String>>,
    severity: Option<BTreeMap<Spanned<String>, Spanned<String>>>,
    disabled: Option<Vec<Spanned<String>>>,
    select: Option<Spanned<Vec<Spanned<String>>>>,
}

/// A mistake in a configuration file, where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub path: PathBuf,
    /// Byte range in `text`.
    pub span: Range<usize>,
    /// 1-based; the column counts characters.
    pub line: usize,
    pub column: usize,
    pub message: String,
    /// The file's text, to place `span` in another encoding (LSP).
    pub text: Arc<str>,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.path.display(),
            self.line,
            self.column,
            self.message
        )
    }
}

/// Builds errors and origins for one file's text.
struct Located<'a> {
    path: &'a Path,
    text: Arc<str>,
    index: LineIndex,
}

impl Located<'_> {
    fn error(&self, span: Range<usize>, message: impl Into<String>) -> ConfigError {
        let start = span.start.min(self.text.len());
        let position = self.index.position(&self.text, start, Encoding::Chars);
        ConfigError {
            path: self.path.to_path_buf(),
            span: start..span.end.clamp(start, self.text.len()),
            line: position.line as usize + 1,
            column: position.col as usize + 1,
            message: message.into(),
            text: self.text.clone(),
        }
    }

    fn origin(&self, span: &Range<usize>) -> Origin {
        let start = span.start.min(self.text.len());
        let line = self.index.position(&self.text, start, Encoding::Chars).line as usize + 1;
        Origin::File {
            path: self.path.to_path_buf(),
            line,
        }
    }
}

/// Parse a configuration file's `text` into the layer it sets; `path` is
/// where it lives (its `template` is relative to that directory).
pub fn parse_config(path: &Path, text: &str) -> Result<SettingsLayer, Vec<ConfigError>> {
    let file = Located {
        path,
        text: Arc::from(text),
        index: LineIndex::new(text),
    };
    let raw: RawConfig = toml::from_str(text)
        .map_err(|e| vec![file.error(e.span().unwrap_or(0..0), e.message().trim())])?;
    let mut errors = Vec::new();
    let mut layer = SettingsLayer::default();

    if let Some(template) = raw.template {
        let dir = path.parent().unwrap_or(Path::new(""));
        let origin = file.origin(&template.span());
        layer.template = Some(Sourced::new(dir.join(template.into_inner()), origin));
    }
    let mut globs = |key: &str, value: Option<Spanned<Vec<Spanned<String>>>>| {
        let value = value?;
        let origin = file.origin(&value.span());
        let patterns = value
            .into_inner()
            .into_iter()
            .filter_map(|p| match check_glob(p.get_ref()) {
                Ok(()) => Some(p.into_inner()),
                Err(e) => {
                    let message = format!("invalid {key} glob `{}`: {e}", p.get_ref());
                    errors.push(file.error(p.span(), message));
                    None
                }
            })
            .collect();
        Some(Sourced::new(patterns, origin))
    };
    layer.include = globs("include", raw.include);
    layer.exclude = globs("exclude", raw.exclude);

    if let Some(era) = raw.era {
        match Era::parse(era.get_ref()) {
            Some(value) => layer.era = Some(Sourced::new(value, file.origin(&era.span()))),
            None => errors.push(file.error(
                era.span(),
                format!(
                    "unknown era `{}`; write \"window\" or \"current\"",
                    era.get_ref()
                ),
            )),
        }
    }
    let rule = |id: &Spanned<String>, context: &str| {
        Rule::from_id(id.get_ref())
            .ok_or_else(|| file.error(id.span(), unknown_rule(id.get_ref(), context)))
    };
    if let Some(select) = raw.select {
        let origin = file.origin(&select.span());
        let mut rules = Vec::new();
        for id in select.get_ref() {
            match rule(id, "`select`") {
                Ok(r) => rules.push(r),
                Err(e) => errors.push(e),
            }
        }
        layer.select = Some(Sourced::new(rules, origin));
    }
    for (id, level) in raw.severity.iter().flatten() {
        let parsed = Level::parse(level.get_ref());
        match rule(id, "`severity`") {
            Ok(r) => {
                if let Some(l) = parsed {
                    let origin = file.origin(&id.span());
                    layer.severity.push((r, Sourced::new(l, origin)));
                }
            }
            Err(e) => errors.push(e),
        }
        if parsed.is_none() {
            let message = format!(
                "unknown level `{}`; write error, warning, info, hint or off",
                level.get_ref()
            );
            errors.push(file.error(level.span(), message));
        }
    }
    for id in raw.disabled.iter().flatten() {
        match rule(id, "`disabled`") {
            Ok(r) => layer.disabled.push((r, file.origin(&id.span()))),
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(layer)
    } else {
        Err(errors)
    }
}

/// Read and parse the configuration file at `path`.
fn read_config(path: &Path) -> Result<SettingsLayer, Vec<ConfigError>> {
    match std::fs::read_to_string(path) {
        Ok(text) => parse_config(path, &text),
        Err(e) => Err(vec![ConfigError {
            path: path.to_path_buf(),
            span: 0..0,
            line: 1,
            column: 1,
            message: format!("cannot read it: {e}"),
            text: Arc::from(""),
        }]),
    }
}

/// The nearest `.proposal-ls.toml` in `path`'s directory (or `path` itself,
/// a directory) or any directory above.
pub fn find_config(path: &Path) -> Option<PathBuf> {
    let absolute = absolute_clean(path)?;
    let start = if absolute.is_dir() {
        absolute.as_path()
    } else {
        absolute.parent()?
    };
    start
        .ancestors()
        .map(|dir| dir.join(CONFIG_FILE))
        .find(|candidate| candidate.is_file())
}

/// The settings for one file, and the configuration file they came from.
#[derive(Debug, Clone)]
pub struct ResolvedSettings {
    pub settings: Arc<Settings>,
    pub config: Option<PathBuf>,
    /// The configuration file's errors; when there are any, `settings`
    /// leave the file out (defaults, then the overrides).
    pub errors: Arc<[ConfigError]>,
}

/// Each file's settings: defaults, then its nearest `.proposal-ls.toml`,
/// then the overrides (editor settings or command line). Configuration
/// files are found once per directory and read once, until
/// [`Configs::forget`]. Thread-safe.
pub struct Configs {
    overrides: SettingsLayer,
    nearest: Mutex<HashMap<PathBuf, Option<PathBuf>>>,
    by_config: Mutex<HashMap<Option<PathBuf>, ResolvedSettings>>,
}

impl Configs {
    pub fn new(overrides: SettingsLayer) -> Configs {
        Configs {
            overrides,
            nearest: Mutex::default(),
            by_config: Mutex::default(),
        }
    }

    pub fn overrides(&self) -> &SettingsLayer {
        &self.overrides
    }

    /// The settings for `path` (a file or a directory; `None`: a document
    /// with no path, which no configuration file applies to).
    pub fn for_path(&self, path: Option<&Path>) -> ResolvedSettings {
        let config = path.and_then(|p| self.nearest_config(p));
        let cached = self
            .by_config
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&config)
            .cloned();
        if let Some(resolved) = cached {
            return resolved;
        }
        // Read outside the lock: it touches the disk.
        let (settings, errors) = match config.as_deref().map(read_config) {
            None => (Settings::from_layers(&[&self.overrides]), Vec::new()),
            Some(Ok(layer)) => (
                Settings::from_layers(&[&layer, &self.overrides]),
                Vec::new(),
            ),
            Some(Err(errors)) => (Settings::from_layers(&[&self.overrides]), errors),
        };
        let resolved = ResolvedSettings {
            settings: Arc::new(settings),
            config: config.clone(),
            errors: errors.into(),
        };
        self.by_config
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .entry(config)
            .or_insert(resolved)
            .clone()
    }

    fn nearest_config(&self, path: &Path) -> Option<PathBuf> {
        let absolute = absolute_clean(path)?;
        let dir = if absolute.is_dir() {
            absolute
        } else {
            absolute.parent()?.to_path_buf()
        };
        let mut nearest = self.nearest.lock().unwrap_or_else(PoisonError::into_inner);
        nearest
            .entry(dir)
            .or_insert_with_key(|dir| find_config(dir))
            .clone()
    }

    /// Forget every configuration file found or read (one changed).
    pub fn forget(&self) {
        self.nearest
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
        self.by_config
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Severity;
    use crate::workspace::describe_settings;

    fn errors(text: &str) -> Vec<String> {
        match parse_config(Path::new("/w/.proposal-ls.toml"), text) {
            Ok(_) => Vec::new(),
            Err(errors) => errors.iter().map(ToString::to_string).collect(),
        }
    }

    #[test]
    fn parses_every_setting() {
        let text = r#"
template = "guidelines/t.md"
include = ["docs/**/*.md"]
exclude = ["docs/old/**"]
era = "current"
select = ["title-mismatch", "section-order"]
disabled = ["title-format"]

[severity]
section-order = "hint"
"#;
        let path = Path::new("/w/.proposal-ls.toml");
        let layer = parse_config(path, text).unwrap();
        let settings = Settings::from_layers(&[&layer]);
        assert_eq!(
            settings.template.as_deref(),
            Some(Path::new("/w/guidelines/t.md"))
        );
        assert_eq!(settings.include_patterns(), ["docs/**/*.md"]);
        assert_eq!(settings.exclude_patterns(), ["docs/old/**"]);
        assert_eq!(settings.era, Era::Current);
        let levels = &settings.levels;
        assert_eq!(levels.level(Rule::SectionOrder), Level::On(Severity::Hint));
        assert_eq!(levels.level(Rule::TitleFormat), Level::Off);
        assert_eq!(levels.level(Rule::MissingSection), Level::Off);
        let lines = describe_settings(&settings);
        let era = lines.iter().find(|l| l.label == "era").unwrap();
        assert_eq!(era.origin, "/w/.proposal-ls.toml:5");
        let level = lines
            .iter()
            .find(|l| l.label == "severity.section-order")
            .unwrap();
        assert_eq!(
            (level.value.as_str(), level.origin.as_str()),
            ("hint", "/w/.proposal-ls.toml:10")
        );
        assert!(errors("").is_empty());
    }

    #[test]
    fn every_mistake_is_an_error_at_its_place() {
        assert_eq!(
            errors("era = \"window\"\ninclude = [\"a\"\n"),
            ["/w/.proposal-ls.toml:2:15: unclosed array, expected `]`"]
        );
        let wrong_type = errors("include = \"docs/*.md\"\n");
        assert_eq!(wrong_type.len(), 1);
        assert!(
            wrong_type[0].starts_with("/w/.proposal-ls.toml:1:11: invalid type: string"),
            "{wrong_type:?}"
        );
        let unknown_key = errors("\nexlude = []\n");
        assert!(
            unknown_key[0].starts_with("/w/.proposal-ls.toml:2:1: unknown field `exlude`"),
            "{unknown_key:?}"
        );
        assert_eq!(
            errors("disabled = [\"title-format\", \"titel-format\"]\n"),
            [
                "/w/.proposal-ls.toml:1:29: unknown rule `titel-format` in `disabled`; did you mean `title-format`? (`proposal-ls explain` lists them)"
            ]
        );
        assert_eq!(
            errors("[severity]\nsection-order = \"loud\"\nnope = \"hint\"\n"),
            [
                "/w/.proposal-ls.toml:3:1: unknown rule `nope` in `severity` (`proposal-ls explain` lists them)",
                "/w/.proposal-ls.toml:2:17: unknown level `loud`; write error, warning, info, hint or off",
            ]
        );
        assert_eq!(
            errors("era = \"now\"\nexclude = [\"a/[\"]\n"),
            [
                "/w/.proposal-ls.toml:2:12: invalid exclude glob `a/[`: error parsing glob 'a/[': unclosed character class; missing ']'",
                "/w/.proposal-ls.toml:1:7: unknown era `now`; write \"window\" or \"current\"",
            ]
        );
    }

    #[test]
    fn the_nearest_file_applies_under_the_overrides() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("enhancements/net")).unwrap();
        std::fs::write(root.join(CONFIG_FILE), "era = \"current\"\n").unwrap();
        std::fs::write(
            root.join("enhancements/net").join(CONFIG_FILE),
            "era = \"window\"\nbad = 1\n",
        )
        .unwrap();
        let overrides = SettingsLayer {
            disabled: vec![(Rule::TitleFormat, Origin::CommandLine)],
            ..SettingsLayer::default()
        };
        let configs = Configs::new(overrides);
        let top = configs.for_path(Some(&root.join("enhancements/x.md")));
        assert_eq!(top.config, Some(root.join(CONFIG_FILE)));
        assert_eq!(top.settings.era, Era::Current);
        assert_eq!(top.settings.levels.level(Rule::TitleFormat), Level::Off);
        assert!(top.errors.is_empty());

        let broken = configs.for_path(Some(&root.join("enhancements/net/y.md")));
        assert_eq!(broken.errors.len(), 1);
        assert_eq!(broken.errors[0].line, 2);
        // Without the broken file, but with the overrides.
        assert_eq!(broken.settings.era, Era::Window);
        assert_eq!(broken.settings.levels.level(Rule::TitleFormat), Level::Off);

        std::fs::write(root.join(CONFIG_FILE), "era = \"window\"\n").unwrap();
        assert_eq!(
            configs
                .for_path(Some(&root.join("enhancements/x.md")))
                .settings
                .era,
            Era::Current
        );
        configs.forget();
        assert_eq!(
            configs
                .for_path(Some(&root.join("enhancements/x.md")))
                .settings
                .era,
            Era::Window
        );
        assert!(configs.for_path(None).config.is_none());
    }
}
