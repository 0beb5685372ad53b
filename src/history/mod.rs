//! A template's history: the versions in force over time, each with the
//! day it took effect. A proposal is judged by the versions in force from
//! its creation to today (its window, see `crate::era`). Versions come
//! from the workspace's git history of its template file, or from the
//! history embedded in the binary (upstream's), and are kept only where
//! the structure changed: a wording change judges nothing differently.

mod embedded;
mod load;

use std::sync::Arc;

use jiff::civil::Date;

use crate::template::{Boilerplate, Template};

pub use embedded::{EMBEDDED_CURRENT_SINCE, embedded_revisions};
pub use load::{Histories, Loaded};

/// One version of a template and the day it took effect.
#[derive(Debug, Clone)]
pub struct TemplateVersion {
    pub since: Date,
    pub template: Arc<Template>,
    /// Where it came from: a commit id, or the embedded data file.
    pub origin: String,
}

/// Template versions, oldest first; the last is the current template.
#[derive(Debug, Clone)]
pub struct TemplateHistory {
    versions: Vec<TemplateVersion>,
    /// Where the history came from, for `config` and messages.
    pub source: HistorySource,
    /// What its older versions said of recent structures.
    pub(crate) window_memo: crate::era::WindowMemo,
}

/// Where a history was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HistorySource {
    /// The template alone: no history known.
    None,
    /// The git history of the workspace's template file.
    Git,
    /// The history embedded in the binary (upstream's).
    Embedded,
}

/// The day before any template: versions from it are in force forever.
pub const BEGINNING: Date = Date::constant(1970, 1, 1);

impl TemplateHistory {
    /// A template with no known history.
    pub fn single(template: Arc<Template>) -> TemplateHistory {
        TemplateHistory {
            versions: vec![TemplateVersion {
                since: BEGINNING,
                template,
                origin: String::new(),
            }],
            source: HistorySource::None,
            window_memo: Default::default(),
        }
    }

    /// A history from revisions (text, day it took effect, origin) and the
    /// current template, which is in force after the last revision (its
    /// own `since` is the last revision's when they have the same
    /// structure, else `current_since`). Revisions with the structure of
    /// the one before are merged into it; every revision's boilerplate
    /// counts (old proposals keep old wording too).
    pub fn from_revisions(
        mut revisions: Vec<(Date, Template, String)>,
        current: &Template,
        current_since: Date,
        source: HistorySource,
    ) -> TemplateHistory {
        revisions.sort_by_key(|(date, _, _)| *date);
        let mut boilerplate: Vec<Boilerplate> = current.boilerplate.clone();
        let mut versions: Vec<TemplateVersion> = Vec::new();
        for (since, template, origin) in revisions {
            for b in &template.boilerplate {
                if !boilerplate.contains(b) {
                    boilerplate.push(b.clone());
                }
            }
            let same = versions
                .last()
                .is_some_and(|v| v.template.structure() == template.structure());
            if !same {
                versions.push(TemplateVersion {
                    since,
                    template: Arc::new(template),
                    origin,
                });
            }
        }
        let mut current = current.clone();
        current.boilerplate = boilerplate;
        let last_same = versions
            .last()
            .is_some_and(|v| v.template.structure() == current.structure());
        let current = if last_same {
            let last = versions.pop();
            TemplateVersion {
                since: last.as_ref().map_or(current_since, |v| v.since),
                template: Arc::new(current),
                origin: last.map(|v| v.origin).unwrap_or_default(),
            }
        } else {
            TemplateVersion {
                since: current_since.max(versions.last().map_or(BEGINNING, |v| v.since)),
                template: Arc::new(current),
                origin: String::new(),
            }
        };
        versions.push(current);
        TemplateHistory {
            versions,
            source,
            window_memo: Default::default(),
        }
    }

    /// The embedded history: upstream's revisions and its current template.
    pub fn embedded() -> TemplateHistory {
        let revisions = embedded_revisions()
            .map(|(since, text, origin)| (since, Template::parse(text), origin.to_string()))
            .collect();
        TemplateHistory::from_revisions(
            revisions,
            &Template::embedded(),
            EMBEDDED_CURRENT_SINCE,
            HistorySource::Embedded,
        )
    }

    /// The versions, oldest first.
    pub fn versions(&self) -> &[TemplateVersion] {
        &self.versions
    }

    /// The template in force today.
    pub fn current(&self) -> &TemplateVersion {
        // Never empty: every constructor pushes the current template.
        let last = self.versions.len().saturating_sub(1);
        &self.versions[last]
    }

    /// The versions in force from `created` to today: the one in force on
    /// `created` (the oldest, for a day before any) and every later one.
    pub fn window(&self, created: Date) -> &[TemplateVersion] {
        let later = self.versions.partition_point(|v| v.since <= created);
        let start = later.saturating_sub(1);
        self.versions.get(start..).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> Date {
        s.parse().unwrap()
    }

    const OLD: &str = "---\ntitle: x\nstatus: a|b\n---\n\n# T\n\n## Summary\n\nOld guidance paragraph that is long enough to be boilerplate here.\n";
    const REWORDED: &str = "---\ntitle: x\nstatus: a|b\n---\n\n# T\n\n## Summary\n\nReworded guidance paragraph that is long enough to be boilerplate too.\n";
    const NEW: &str = "---\ntitle: x\n---\n\n# T\n\n## Summary\n\n## Topology\n";

    #[test]
    fn revisions_merge_by_structure_and_keep_all_wording() {
        let history = TemplateHistory::from_revisions(
            vec![
                (date("2020-03-01"), Template::parse(REWORDED), "b".into()),
                (date("2019-09-01"), Template::parse(OLD), "a".into()),
                (date("2024-02-13"), Template::parse(NEW), "c".into()),
            ],
            &Template::parse(NEW),
            date("2026-01-05"),
            HistorySource::Git,
        );
        let sinces: Vec<String> = history
            .versions()
            .iter()
            .map(|v| format!("{} {}", v.since, v.origin))
            .collect();
        assert_eq!(sinces, ["2019-09-01 a", "2024-02-13 c"]);
        let texts: Vec<&str> = history
            .current()
            .template
            .boilerplate
            .iter()
            .map(|b| b.text.as_str())
            .collect();
        assert!(texts.iter().any(|t| t.starts_with("Old guidance")));
        assert!(texts.iter().any(|t| t.starts_with("Reworded guidance")));

        let window = |d: &str| -> Vec<String> {
            history
                .window(date(d))
                .iter()
                .map(|v| v.since.to_string())
                .collect()
        };
        assert_eq!(window("2019-01-01"), ["2019-09-01", "2024-02-13"]);
        assert_eq!(window("2021-06-01"), ["2019-09-01", "2024-02-13"]);
        assert_eq!(window("2024-02-13"), ["2024-02-13"]);
        assert_eq!(window("2030-01-01"), ["2024-02-13"]);
    }

    #[test]
    fn a_current_template_unlike_the_last_revision_starts_its_own_version() {
        let history = TemplateHistory::from_revisions(
            vec![(date("2019-09-01"), Template::parse(OLD), "a".into())],
            &Template::parse(NEW),
            date("2026-01-05"),
            HistorySource::Git,
        );
        assert_eq!(history.versions().len(), 2);
        assert_eq!(history.current().since, date("2026-01-05"));
        assert_eq!(
            TemplateHistory::single(Arc::new(Template::parse(NEW)))
                .window(date("2001-01-01"))
                .len(),
            1
        );
    }

    #[test]
    fn embedded_history_is_upstreams() {
        let history = TemplateHistory::embedded();
        let versions = history.versions();
        assert!(versions.len() >= 8, "{} versions", versions.len());
        assert!(versions.windows(2).all(|w| w[0].since < w[1].since));
        let current = &history.current().template;
        assert!(current.key("status").is_some());
        assert!(
            current
                .sections
                .iter()
                .any(|s| s.name == "OpenShift Kubernetes Engine")
        );
    }
}
