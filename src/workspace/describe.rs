//! What `proposal-ls config` prints: the settings in force and what they
//! make of one file, as (label, value, origin) lines, so a new fact about a
//! file is one more line.

use std::path::Path;

use super::settings::{Era, Settings};
use super::{LINT_IGNORES, Level, TemplateSource, Templates, WORKSPACE_TEMPLATE};
use crate::era::written_creation_date;
use crate::history::{Histories, HistorySource};

/// One line of `proposal-ls config`: what, its value, where it came from.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SettingLine {
    pub label: String,
    pub value: String,
    pub origin: String,
}

impl SettingLine {
    pub fn new(label: &str, value: impl Into<String>, origin: impl ToString) -> SettingLine {
        SettingLine {
            label: label.to_string(),
            value: value.into(),
            origin: origin.to_string(),
        }
    }
}

/// The settings in force, one line per setting (and one per rule given a
/// level), each with its origin.
pub fn describe_settings(settings: &Settings) -> Vec<SettingLine> {
    let list = |patterns: &[String]| {
        if patterns.is_empty() {
            "(none)".to_string()
        } else {
            patterns.join(", ")
        }
    };
    let origins = &settings.origins;
    let template = match &settings.template {
        Some(path) => path.display().to_string(),
        None => format!("(nearest {}, else embedded)", WORKSPACE_TEMPLATE),
    };
    let select = match &settings.levels.selected {
        Some(rules) => {
            let mut ids: Vec<&str> = rules.iter().map(|r| r.id()).collect();
            ids.sort_unstable();
            ids.join(", ")
        }
        None => "(all rules)".to_string(),
    };
    let mut lines = vec![
        SettingLine::new("template", template, &origins.template),
        SettingLine::new(
            "include",
            list(&settings.include.patterns),
            &settings.include.origin,
        ),
        SettingLine::new(
            "exclude",
            list(&settings.exclude.patterns),
            &settings.exclude.origin,
        ),
        SettingLine::new("era", settings.era.as_str(), &origins.era),
        SettingLine::new("select", select, &origins.select),
    ];
    for (rule, level, origin) in &origins.rules {
        let level = match level {
            Level::Off => "off",
            Level::On(severity) => severity.as_str(),
        };
        lines.push(SettingLine::new(
            &format!("severity.{}", rule.id()),
            level,
            origin,
        ));
    }
    lines
}

/// What the settings make of `file`: whether it is a proposal and why, its
/// workspace root, its template. `root` is the server's workspace root, for
/// a relative configured template (`None` on the command line).
pub fn describe_file(
    file: &Path,
    settings: &Settings,
    templates: &Templates,
    root: Option<&Path>,
) -> Vec<SettingLine> {
    let resolved = templates.resolve(Some(file), settings, root);
    // The top of the file is enough for the front-matter test.
    let text = std::fs::read_to_string(file).unwrap_or_default();
    let root = settings.workspace_root(file);
    let proposal = if settings.lint_ignored(file) {
        let list = root.as_deref().unwrap_or(Path::new("")).join(LINT_IGNORES);
        SettingLine::new(
            "proposal",
            "no: listed in hack/lint-ignores; checked only when named",
            list.display(),
        )
    } else if settings.excludes(file) {
        SettingLine::new(
            "proposal",
            "no: excluded; checked only when named",
            &settings.exclude.origin,
        )
    } else if settings.includes(file) {
        SettingLine::new("proposal", "yes: matches include", &settings.include.origin)
    } else if settings.is_proposal(Some(file), &text, &resolved.template) {
        SettingLine::new(
            "proposal",
            "yes: its front matter has the template's title and another key",
            "front matter",
        )
    } else {
        SettingLine::new(
            "proposal",
            "no: outside include, no template front matter; checked only when named",
            &settings.include.origin,
        )
    };
    let root_line = match root {
        Some(dir) => SettingLine::new("workspace root", dir.display().to_string(), "found"),
        None => SettingLine::new(
            "workspace root",
            "(none: globs match the path as given)",
            "found",
        ),
    };
    let template = match &resolved.source {
        TemplateSource::Configured(path) => {
            SettingLine::new("template", path.display().to_string(), "configured")
        }
        TemplateSource::Discovered(path) => {
            SettingLine::new("template", path.display().to_string(), "discovered")
        }
        TemplateSource::Embedded => SettingLine::new("template", "(embedded default)", "embedded"),
    };
    let mut lines = vec![proposal, root_line, template];
    if !file.is_file() {
        lines.insert(
            0,
            SettingLine::new("exists", "no: described as if it did", "file"),
        );
    }
    if let Some(warning) = &resolved.warning {
        lines.push(SettingLine::new("template problem", warning, "template"));
    }
    lines.extend(describe_window(file, &text, settings, &resolved));
    lines
}

/// The file's template history and window: when it was created, and the
/// template versions it is judged by, each with where it came from.
fn describe_window(
    file: &Path,
    text: &str,
    settings: &Settings,
    resolved: &super::ResolvedTemplate,
) -> Vec<SettingLine> {
    let histories = Histories::new();
    let loaded = histories.of_resolved(resolved, super::today_date());
    let history = &loaded.history;
    let source = match history.source {
        HistorySource::Git => "git history of the template file",
        HistorySource::Embedded => "upstream's, embedded in proposal-ls",
        HistorySource::None => "none: the template alone",
    };
    let mut lines = vec![SettingLine::new(
        "template history",
        match history.versions().len() {
            1 => "1 version".to_string(),
            n => format!("{n} versions"),
        },
        source,
    )];
    if let Some(warning) = loaded.warning {
        lines.push(SettingLine::new("history problem", warning, "git"));
    }
    let (created, how) = match written_creation_date(text) {
        Some(day) => (Some(day), "creation-date"),
        None => match histories.added_on(file) {
            Some(day) => (Some(day), "the commit that added it"),
            None => (None, "no creation-date, not committed"),
        },
    };
    let created_value = created.map_or("(unknown: judged as new)".to_string(), |d| d.to_string());
    lines.push(SettingLine::new("created", created_value, how));
    let window = match (settings.era, created) {
        (Era::Window, Some(day)) => history.window(day),
        _ => std::slice::from_ref(history.current()),
    };
    for (i, version) in window.iter().enumerate() {
        let label = if i + 1 == window.len() {
            "judged by (current)"
        } else {
            "judged by"
        };
        let origin = if version.origin.is_empty() {
            resolved_origin(resolved)
        } else {
            version.origin.clone()
        };
        let value = if version.since == crate::history::BEGINNING {
            "the template (no history)".to_string()
        } else {
            format!("template of {}", version.since)
        };
        lines.push(SettingLine::new(label, value, origin));
    }
    lines
}

/// Where the current template's text comes from.
fn resolved_origin(resolved: &super::ResolvedTemplate) -> String {
    match &resolved.source {
        TemplateSource::Configured(path) | TemplateSource::Discovered(path) => {
            path.display().to_string()
        }
        TemplateSource::Embedded => "assets/enhancement_template.md (embedded)".to_string(),
    }
}
