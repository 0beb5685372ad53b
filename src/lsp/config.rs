//! Server settings, from `initializationOptions` and
//! `workspace/didChangeConfiguration`: JSON parsed into the engine's
//! [`Settings`] (the same policy `check` uses) plus what only the server
//! needs.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Duration;

use proposal_ls::Rule;
use proposal_ls::workspace::{Level, RuleLevels, Settings, unknown_rule};
use serde::Deserialize;

/// Settings as clients send them (camelCase JSON). Every field is optional.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct RawSettings {
    /// Globs (matched against the file's path) of proposal files.
    include: Option<Vec<String>>,
    /// Template path, absolute or relative to the workspace root.
    template: Option<String>,
    /// Rule id -> "error" | "warning" | "info" | "hint" | "off".
    severity: HashMap<String, String>,
    /// Rule ids to turn off (`check --ignore`).
    disabled: Vec<String>,
    /// Rule ids to run, the others off (`check --select`).
    select: Option<Vec<String>>,
    /// Quiet period after typing before diagnostics are computed.
    diagnostics_delay_ms: Option<u64>,
}

/// How long a document stays quiet before its diagnostics are computed.
pub const DEFAULT_DIAGNOSTICS_DELAY: Duration = Duration::from_millis(50);

#[derive(Debug, Clone)]
pub struct ServerSettings {
    pub engine: Settings,
    pub diagnostics_delay: Duration,
}

impl Default for ServerSettings {
    fn default() -> Self {
        ServerSettings {
            engine: Settings::default(),
            diagnostics_delay: DEFAULT_DIAGNOSTICS_DELAY,
        }
    }
}

impl ServerSettings {
    /// Parse settings from JSON, accepting them bare or under a
    /// `proposalLs` / `proposal-ls` section. Returns the settings and any
    /// problems worth telling the user about.
    pub fn from_json(value: &serde_json::Value) -> (ServerSettings, Vec<String>) {
        let section = value
            .get("proposalLs")
            .or_else(|| value.get("proposal-ls"))
            .unwrap_or(value);
        match serde_json::from_value::<RawSettings>(section.clone()) {
            Ok(raw) => from_raw(raw),
            Err(e) => {
                let (settings, mut problems) = from_raw(RawSettings::default());
                problems.push(format!("ignoring invalid settings: {e}"));
                (settings, problems)
            }
        }
    }
}

fn from_raw(raw: RawSettings) -> (ServerSettings, Vec<String>) {
    let mut problems = Vec::new();
    let mut levels = RuleLevels::default();
    if let Some(select) = &raw.select {
        let names = select.iter().map(String::as_str);
        levels.select(RuleLevels::rules_named(names, "`select`", &mut problems));
    }
    let mut severities: Vec<(&String, &String)> = raw.severity.iter().collect();
    severities.sort();
    for (id, name) in severities {
        let Some(rule) = Rule::from_id(id) else {
            problems.push(unknown_rule(id, "severity settings"));
            continue;
        };
        match Level::parse(name) {
            Some(level) => levels.set(rule, level),
            None => problems.push(format!("unknown severity `{name}` for `{id}`")),
        }
    }
    let names = raw.disabled.iter().map(String::as_str);
    for rule in RuleLevels::rules_named(names, "disabled rules", &mut problems) {
        levels.set(rule, Level::Off);
    }
    let (engine, glob_problems) =
        Settings::new(raw.include, raw.template.map(PathBuf::from), levels);
    problems.extend(glob_problems);
    let settings = ServerSettings {
        engine,
        diagnostics_delay: raw
            .diagnostics_delay_ms
            .map_or(DEFAULT_DIAGNOSTICS_DELAY, Duration::from_millis),
    };
    (settings, problems)
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
        let (s, problems) = ServerSettings::from_json(&json);
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
            ServerSettings::from_json(&serde_json::json!({"select": ["title-mismatch"]}));
        assert!(problems.is_empty());
        assert_eq!(s.engine.levels.level(Rule::MissingSection), Level::Off);
        assert_eq!(s.diagnostics_delay, DEFAULT_DIAGNOSTICS_DELAY);
    }
}
