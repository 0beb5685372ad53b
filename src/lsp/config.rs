//! Server settings, from `initializationOptions` and
//! `workspace/didChangeConfiguration`.

use std::collections::HashMap;

use globset::{Glob, GlobSet, GlobSetBuilder};
use proposal_ls::Rule;
use proposal_ls::rules::Severity;
use serde::Deserialize;

/// Settings as clients send them (camelCase JSON). Every field is optional.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RawSettings {
    /// Globs (matched against the file's path) of proposal files.
    pub include: Option<Vec<String>>,
    /// Template path, absolute or relative to the workspace root.
    pub template: Option<String>,
    /// Rule id -> "error" | "warning" | "info" | "hint" | "off".
    pub severity: HashMap<String, String>,
    /// Rule ids to turn off.
    pub disabled: Vec<String>,
}

/// What a rule's findings become.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Off,
    Hint,
    Is(Severity),
}

#[derive(Debug, Clone)]
pub struct Settings {
    pub include: GlobSet,
    pub template: Option<String>,
    levels: HashMap<Rule, Level>,
}

pub const DEFAULT_INCLUDE: &str = "**/enhancements/**/*.md";

impl Default for Settings {
    fn default() -> Self {
        Settings::from_raw(RawSettings::default()).0
    }
}

impl Settings {
    /// Parse settings from JSON, accepting them bare or under a
    /// `proposalLs` / `proposal-ls` section. Returns the settings and any
    /// problems worth telling the user about.
    pub fn from_json(value: &serde_json::Value) -> (Settings, Vec<String>) {
        let section = value
            .get("proposalLs")
            .or_else(|| value.get("proposal-ls"))
            .unwrap_or(value);
        match serde_json::from_value::<RawSettings>(section.clone()) {
            Ok(raw) => Settings::from_raw(raw),
            Err(e) => {
                let (settings, mut problems) = Settings::from_raw(RawSettings::default());
                problems.push(format!("ignoring invalid settings: {e}"));
                (settings, problems)
            }
        }
    }

    pub fn from_raw(raw: RawSettings) -> (Settings, Vec<String>) {
        let mut problems = Vec::new();
        let patterns = raw
            .include
            .unwrap_or_else(|| vec![DEFAULT_INCLUDE.to_string()]);
        let mut builder = GlobSetBuilder::new();
        for p in &patterns {
            match Glob::new(p) {
                Ok(g) => {
                    builder.add(g);
                }
                Err(e) => problems.push(format!("ignoring include glob `{p}`: {e}")),
            }
        }
        let include = builder.build().unwrap_or_else(|_| GlobSet::empty());
        let mut levels = HashMap::new();
        for (id, level) in &raw.severity {
            let Some(rule) = Rule::from_id(id) else {
                problems.push(format!("unknown rule `{id}` in severity settings"));
                continue;
            };
            let level = match level.as_str() {
                "error" => Level::Is(Severity::Error),
                "warning" => Level::Is(Severity::Warning),
                "info" | "information" => Level::Is(Severity::Info),
                "hint" => Level::Hint,
                "off" | "none" => Level::Off,
                other => {
                    problems.push(format!("unknown severity `{other}` for `{id}`"));
                    continue;
                }
            };
            levels.insert(rule, level);
        }
        for id in &raw.disabled {
            match Rule::from_id(id) {
                Some(rule) => {
                    levels.insert(rule, Level::Off);
                }
                None => problems.push(format!("unknown rule `{id}` in disabled rules")),
            }
        }
        (
            Settings {
                include,
                template: raw.template,
                levels,
            },
            problems,
        )
    }

    pub fn level(&self, rule: Rule) -> Level {
        self.levels
            .get(&rule)
            .copied()
            .unwrap_or(Level::Is(rule.default_severity()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_sections_and_reports_problems() {
        let json = serde_json::json!({"proposalLs": {
            "include": ["docs/**/*.md", "["],
            "severity": {"section-order": "off", "empty-section": "hint", "nope": "error"},
            "disabled": ["title-format"],
        }});
        let (s, problems) = Settings::from_json(&json);
        assert!(s.include.is_match("docs/a/b.md"));
        assert!(!s.include.is_match("enhancements/a.md"));
        assert_eq!(s.level(Rule::SectionOrder), Level::Off);
        assert_eq!(s.level(Rule::EmptySection), Level::Hint);
        assert_eq!(s.level(Rule::TitleFormat), Level::Off);
        assert_eq!(s.level(Rule::MissingSection), Level::Is(Severity::Error));
        assert_eq!(problems.len(), 2, "{problems:?}");
    }
}
