//! Server settings, from `initializationOptions` and
//! `workspace/didChangeConfiguration`: JSON parsed into the engine's
//! [`Settings`] (the same policy `check` uses) plus what only the server
//! needs.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use proposal_ls::Rule;
use proposal_ls::workspace::{Level, RuleLevels, Settings, unknown_rule};
use serde::de::DeserializeOwned;

/// The keys a settings object of ours may have.
const KEYS: [&str; 6] = [
    "include",
    "template",
    "severity",
    "disabled",
    "select",
    "diagnosticsDelayMs",
];

/// The longest diagnostics delay accepted.
const MAX_DIAGNOSTICS_DELAY: Duration = Duration::from_secs(10);

/// How long a document stays quiet before its diagnostics are computed.
pub const DEFAULT_DIAGNOSTICS_DELAY: Duration = Duration::from_millis(50);

#[derive(Debug, Clone)]
pub struct ServerSettings {
    /// The engine's settings, shared with every snapshot.
    pub engine: Arc<Settings>,
    pub diagnostics_delay: Duration,
}

impl Default for ServerSettings {
    fn default() -> Self {
        ServerSettings {
            engine: Arc::new(Settings::default()),
            diagnostics_delay: DEFAULT_DIAGNOSTICS_DELAY,
        }
    }
}

impl ServerSettings {
    /// Parse settings from JSON, accepting them bare or under a
    /// `proposalLs` / `proposal-ls` section. Each key is read on its own: a
    /// bad value is reported and left at its default, the others apply.
    /// `None` when the JSON holds no settings of ours at all (another
    /// server's section), so the settings in force stay.
    pub fn from_json(value: &serde_json::Value) -> Option<(ServerSettings, Vec<String>)> {
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
        let field = |key: &str| -> Option<serde_json::Value> {
            let value = fields.get(key)?.clone();
            (!value.is_null()).then_some(value)
        };
        let include: Option<Vec<String>> = read(field("include"), "include", &mut problems);
        let template: Option<String> = read(field("template"), "template", &mut problems);
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

        let mut levels = RuleLevels::default();
        if let Some(select) = &select {
            let names = select.iter().map(String::as_str);
            levels.select(RuleLevels::rules_named(names, "`select`", &mut problems));
        }
        for (id, name) in severity.iter().flatten() {
            let Some(rule) = Rule::from_id(id) else {
                problems.push(unknown_rule(id, "severity settings"));
                continue;
            };
            match Level::parse(name) {
                Some(level) => levels.set(rule, level),
                None => problems.push(format!("unknown severity `{name}` for `{id}`")),
            }
        }
        let names = disabled.iter().flatten().map(String::as_str);
        for rule in RuleLevels::rules_named(names, "disabled rules", &mut problems) {
            levels.set(rule, Level::Off);
        }
        let (engine, glob_problems) = Settings::new(include, template.map(PathBuf::from), levels);
        problems.extend(glob_problems);
        let diagnostics_delay = delay
            .map_or(DEFAULT_DIAGNOSTICS_DELAY, Duration::from_millis)
            .min(MAX_DIAGNOSTICS_DELAY);
        let settings = ServerSettings {
            engine: Arc::new(engine),
            diagnostics_delay,
        };
        Some((settings, problems))
    }
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
        // Another server's section: nothing of ours to apply.
        assert!(ServerSettings::from_json(&serde_json::json!({"rust-analyzer": {}})).is_none());
    }
}
