//! Server settings, from `initializationOptions` and
//! `workspace/didChangeConfiguration`: JSON parsed into the layer above
//! every `.proposal-ls.toml` (the same policy `check` uses), plus what only
//! the server needs; and the diagnostics a broken configuration file gets.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use ls_types::{Diagnostic, DiagnosticSeverity, Uri};
use proposal_ls::Rule;
use proposal_ls::line_index::{Encoding, LineIndex};
use proposal_ls::workspace::{
    ConfigError, Configs, Era, Level, Origin, RuleLevels, Settings, SettingsLayer, Sourced,
    check_glob, unknown_rule,
};
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::transport::PublishDiagnostics;

/// The keys a settings object of ours may have.
const KEYS: [&str; 8] = [
    "include",
    "exclude",
    "template",
    "era",
    "severity",
    "disabled",
    "select",
    "diagnosticsDelayMs",
];

/// The longest diagnostics delay accepted.
const MAX_DIAGNOSTICS_DELAY: Duration = Duration::from_secs(10);

/// How long a document stays quiet before its diagnostics are computed.
pub const DEFAULT_DIAGNOSTICS_DELAY: Duration = Duration::from_millis(50);

#[derive(Clone)]
pub struct ServerSettings {
    /// Each file's settings: its `.proposal-ls.toml` under the editor's.
    pub configs: Arc<Configs>,
    /// The settings of a document no configuration file applies to.
    pub engine: Arc<Settings>,
    pub diagnostics_delay: Duration,
}

impl Default for ServerSettings {
    fn default() -> Self {
        ServerSettings::from_layer(SettingsLayer::default(), DEFAULT_DIAGNOSTICS_DELAY)
    }
}

impl ServerSettings {
    fn from_layer(editor: SettingsLayer, diagnostics_delay: Duration) -> ServerSettings {
        let configs = Configs::new(editor);
        let engine = configs.for_path(None).settings;
        ServerSettings {
            configs: Arc::new(configs),
            engine,
            diagnostics_delay,
        }
    }

    /// Parse settings from JSON, accepting them bare or under a
    /// `proposalLs` / `proposal-ls` section. Each key is read on its own: a
    /// bad value is reported and left at its default, the others apply.
    /// `None` when the JSON holds no settings of ours at all (another
    /// server's section), so the settings in force stay.
    pub fn from_json(value: &Value) -> Option<(ServerSettings, Vec<String>)> {
        let section = value
            .get("proposalLs")
            .or_else(|| value.get("proposal-ls"))
            .or_else(|| {
                let ours = value
                    .as_object()
                    .is_some_and(|o| o.is_empty() || o.keys().any(|k| KEYS.contains(&k.as_str())));
                ours.then_some(value)
            })?;
        let Some(fields) = section.as_object() else {
            let problem = format!("ignoring settings that are not an object: {section}");
            return Some((ServerSettings::default(), vec![problem]));
        };
        let mut problems = Vec::new();
        let field = |key: &str| -> Option<Value> {
            let value = fields.get(key)?.clone();
            (!value.is_null()).then_some(value)
        };
        let include: Option<Vec<String>> = read(field("include"), "include", &mut problems);
        let exclude: Option<Vec<String>> = read(field("exclude"), "exclude", &mut problems);
        let template: Option<String> = read(field("template"), "template", &mut problems);
        let era: Option<String> = read(field("era"), "era", &mut problems);
        let severity: Option<BTreeMap<String, String>> =
            read(field("severity"), "severity", &mut problems);
        let disabled: Option<Vec<String>> = read(field("disabled"), "disabled", &mut problems);
        let select: Option<Vec<String>> = read(field("select"), "select", &mut problems);
        let delay: Option<u64> = read(
            field("diagnosticsDelayMs"),
            "diagnosticsDelayMs",
            &mut problems,
        );
        for key in fields.keys().filter(|k| !KEYS.contains(&k.as_str())) {
            problems.push(format!("ignoring unknown setting `{key}`"));
        }

        fn from_editor<T>(value: T) -> Sourced<T> {
            Sourced::new(value, Origin::Editor)
        }
        let mut layer = SettingsLayer::default();
        if let Some(select) = &select {
            let names = select.iter().map(String::as_str);
            let rules = RuleLevels::rules_named(names, "`select`", &mut problems);
            layer.select = Some(from_editor(rules));
        }
        for (id, name) in severity.iter().flatten() {
            let Some(rule) = Rule::from_id(id) else {
                problems.push(unknown_rule(id, "severity settings"));
                continue;
            };
            match Level::parse(name) {
                Some(level) => layer.severity.push((rule, from_editor(level))),
                None => problems.push(format!("unknown severity `{name}` for `{id}`")),
            }
        }
        let names = disabled.iter().flatten().map(String::as_str);
        layer.disabled = RuleLevels::rules_named(names, "disabled rules", &mut problems)
            .into_iter()
            .map(|rule| (rule, Origin::Editor))
            .collect();
        let mut globs = |key: &str, patterns: Option<Vec<String>>| {
            let good = patterns?
                .into_iter()
                .filter(|p| match check_glob(p) {
                    Ok(()) => true,
                    Err(e) => {
                        problems.push(format!("ignoring {key} glob `{p}`: {e}"));
                        false
                    }
                })
                .collect();
            Some(from_editor(good))
        };
        layer.include = globs("include", include);
        layer.exclude = globs("exclude", exclude);
        layer.template = template.map(|t| from_editor(PathBuf::from(t)));
        layer.era = era.and_then(|name| match Era::parse(&name) {
            Some(era) => Some(from_editor(era)),
            None => {
                problems.push(format!(
                    "ignoring the setting `era`: `{name}` is neither \"window\" nor \"current\""
                ));
                None
            }
        });
        let diagnostics_delay = delay
            .map_or(DEFAULT_DIAGNOSTICS_DELAY, Duration::from_millis)
            .min(MAX_DIAGNOSTICS_DELAY);
        Some((
            ServerSettings::from_layer(layer, diagnostics_delay),
            problems,
        ))
    }
}

/// The `publishDiagnostics` parameters for a configuration file's errors
/// (none: it is fine now), positions in the client's encoding.
pub fn config_diagnostics(
    uri: &Uri,
    errors: &[ConfigError],
    encoding: Encoding,
) -> PublishDiagnostics {
    let diagnostics: Vec<Diagnostic> = errors
        .iter()
        .map(|e| {
            let index = LineIndex::new(&e.text);
            let position = |offset: usize| {
                let p = index.position(&e.text, offset, encoding);
                ls_types::Position::new(p.line, p.col)
            };
            Diagnostic {
                range: ls_types::Range::new(position(e.span.start), position(e.span.end)),
                severity: Some(DiagnosticSeverity::ERROR),
                source: Some("proposal-ls".into()),
                message: format!(
                    "{}; this configuration file is ignored until fixed",
                    e.message
                ),
                ..Diagnostic::default()
            }
        })
        .collect();
    PublishDiagnostics::new(uri, None, diagnostics)
}

/// One setting's value, or a problem saying why it is ignored.
fn read<T: DeserializeOwned>(
    value: Option<serde_json::Value>,
    key: &str,
    problems: &mut Vec<String>,
) -> Option<T> {
    match serde_json::from_value(value?) {
        Ok(v) => Some(v),
        Err(e) => {
            problems.push(format!("ignoring the setting `{key}`: {e}"));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proposal_ls::Severity;
    use std::path::Path;

    #[test]
    fn parses_sections_and_reports_problems() {
        let json = serde_json::json!({"proposalLs": {
            "include": ["docs/**/*.md", "["],
            "severity": {"section-order": "off", "empty-section": "hint", "nope": "error"},
            "disabled": ["title-format"],
            "diagnosticsDelayMs": 0,
        }});
        let (s, problems) = ServerSettings::from_json(&json).unwrap();
        let levels = &s.engine.levels;
        assert!(s.engine.includes(Path::new("docs/a/b.md")));
        assert!(!s.engine.includes(Path::new("enhancements/a.md")));
        assert_eq!(levels.level(Rule::SectionOrder), Level::Off);
        assert_eq!(levels.level(Rule::EmptySection), Level::On(Severity::Hint));
        assert_eq!(levels.level(Rule::TitleFormat), Level::Off);
        assert_eq!(
            levels.level(Rule::MissingSection),
            Level::On(Severity::Error)
        );
        assert_eq!(s.diagnostics_delay, Duration::ZERO);
        assert_eq!(problems.len(), 2, "{problems:?}");

        let (s, problems) =
            ServerSettings::from_json(&serde_json::json!({"select": ["title-mismatch"]})).unwrap();
        assert!(problems.is_empty());
        assert_eq!(s.engine.levels.level(Rule::MissingSection), Level::Off);
        assert_eq!(s.diagnostics_delay, DEFAULT_DIAGNOSTICS_DELAY);
    }

    #[test]
    fn a_bad_value_spoils_only_its_own_setting() {
        let json = serde_json::json!({
            "disabled": "title-format",
            "severity": {"section-order": "hint"},
            "diagnosticsDelayMs": 999_999,
            "colour": "blue",
        });
        let (s, problems) = ServerSettings::from_json(&json).unwrap();
        assert_eq!(
            s.engine.levels.level(Rule::SectionOrder),
            Level::On(Severity::Hint)
        );
        assert_eq!(s.diagnostics_delay, MAX_DIAGNOSTICS_DELAY);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].starts_with("ignoring the setting `disabled`"));
        assert_eq!(s.engine.era, Era::Window);
        // Another server's section: nothing of ours to apply.
        assert!(ServerSettings::from_json(&serde_json::json!({"rust-analyzer": {}})).is_none());
    }

    #[test]
    fn era_and_exclude_come_from_the_editor() {
        let json = serde_json::json!({"era": "current", "exclude": ["**/old/**"]});
        let (s, problems) = ServerSettings::from_json(&json).unwrap();
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(s.engine.era, Era::Current);
        assert!(s.engine.excludes(Path::new("/w/enhancements/old/a.md")));
        let (s, problems) =
            ServerSettings::from_json(&serde_json::json!({"era": "later"})).unwrap();
        assert_eq!(s.engine.era, Era::Window);
        assert_eq!(
            problems,
            ["ignoring the setting `era`: `later` is neither \"window\" nor \"current\""]
        );
    }
}
