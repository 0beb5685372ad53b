//! Where a workspace's template history comes from, read once and cached:
//! the git history of its template file when the file is committed; else,
//! for a template with the structure of one of upstream's versions (a copy
//! of upstream's template outside a clone), the embedded history up to
//! that version; else the template alone. The embedded default template
//! comes with the embedded history. Also the day a file was added to its
//! repository, which stands for a missing `creation-date`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use jiff::civil::Date;
use rayon::prelude::*;

use super::{HistorySource, TemplateHistory};
use crate::git::Repo;
use crate::template::Template;
use crate::workspace::{ResolvedTemplate, TemplateSource};

/// Histories by template file, and repositories by work tree, shared by
/// every file checked or open. Thread-safe; each history is read once
/// until [`Histories::forget`].
#[derive(Default)]
pub struct Histories {
    embedded: OnceLock<Arc<TemplateHistory>>,
    by_template: Mutex<HashMap<PathBuf, Arc<OnceLock<Loaded>>>>,
    repos: Mutex<HashMap<PathBuf, Option<Arc<Repo>>>>,
}

/// A history and what went wrong reading it, if anything.
#[derive(Clone)]
pub struct Loaded {
    pub history: Arc<TemplateHistory>,
    pub warning: Option<String>,
}

impl Histories {
    pub fn new() -> Histories {
        Histories::default()
    }

    /// The embedded history (upstream's), for files on the embedded template.
    pub fn embedded(&self) -> Arc<TemplateHistory> {
        self.embedded
            .get_or_init(|| Arc::new(TemplateHistory::embedded()))
            .clone()
    }

    /// The history a file's resolved template is judged with: the embedded
    /// one for the embedded template, else its file's.
    pub fn of_resolved(&self, resolved: &ResolvedTemplate, today: Date) -> Loaded {
        self.of_source(&resolved.source, &resolved.template, today)
    }

    /// [`Histories::of_resolved`] from its parts.
    pub fn of_source(
        &self,
        source: &TemplateSource,
        template: &Arc<Template>,
        today: Date,
    ) -> Loaded {
        match source {
            TemplateSource::Embedded => Loaded {
                history: self.embedded(),
                warning: None,
            },
            TemplateSource::Configured(path) | TemplateSource::Discovered(path) => {
                self.of_file(path, template, today)
            }
        }
    }

    /// The history of the template read from `path` (`current` is that
    /// file's template now), read at the first call for `path`, which alone
    /// gets the warning of a failed read; concurrent callers wait for it.
    pub fn of_file(&self, path: &Path, current: &Arc<Template>, today: Date) -> Loaded {
        let cell = self
            .by_template
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .entry(path.to_path_buf())
            .or_default()
            .clone();
        // Only the call that read it reports a problem reading it.
        let mut warning = None;
        let loaded = cell.get_or_init(|| {
            let loaded = self.load(path, current, today);
            warning.clone_from(&loaded.warning);
            loaded
        });
        Loaded {
            history: loaded.history.clone(),
            warning,
        }
    }

    fn load(&self, path: &Path, current: &Arc<Template>, today: Date) -> Loaded {
        let _span = tracing::info_span!("template history", path = %path.display()).entered();
        let started = std::time::Instant::now();
        let (history, warning) = match self.read_git(path, current, today) {
            Ok(Some(history)) => (history, None),
            Ok(None) => (self.upstream_up_to(current), None),
            Err(e) => (
                self.upstream_up_to(current),
                Some(format!(
                    "cannot read the history of {}: {e}; judging by the template alone",
                    path.display()
                )),
            ),
        };
        tracing::info!(
            versions = history.versions().len(),
            source = ?history.source,
            took = ?started.elapsed(),
            "template history read"
        );
        Loaded {
            history: Arc::new(history),
            warning,
        }
    }

    /// The template file's revisions in its repository, if it has any.
    fn read_git(
        &self,
        path: &Path,
        current: &Arc<Template>,
        today: Date,
    ) -> Result<Option<TemplateHistory>, String> {
        let Some(repo) = path.parent().and_then(|dir| self.repo(dir)) else {
            return Ok(None);
        };
        let Some(relative) = repo.relative(path) else {
            return Ok(None);
        };
        let revisions = repo.file_revisions(&relative)?;
        if revisions.is_empty() {
            return Ok(None);
        }
        // Parsing the revisions is most of the cost: on every core.
        let revisions = revisions
            .into_par_iter()
            .map(|r| (r.date, Template::parse(&r.text), r.commit))
            .collect();
        // An uncommitted change to the template takes effect today.
        Ok(Some(TemplateHistory::from_revisions(
            revisions,
            current,
            today,
            HistorySource::Git,
        )))
    }

    /// Upstream's history up to the version `current` has the structure
    /// of; the template alone when it is none of them.
    fn upstream_up_to(&self, current: &Arc<Template>) -> TemplateHistory {
        let embedded = self.embedded();
        let structure = current.structure();
        let Some(end) = embedded
            .versions()
            .iter()
            .rposition(|v| v.template.structure() == structure)
        else {
            return TemplateHistory::single(current.clone());
        };
        let versions = embedded.versions().get(..=end).unwrap_or_default();
        let (last, older) = match versions.split_last() {
            Some(split) => split,
            None => return TemplateHistory::single(current.clone()),
        };
        let revisions = older
            .iter()
            .map(|v| (v.since, (*v.template).clone(), v.origin.clone()))
            .collect();
        TemplateHistory::from_revisions(revisions, current, last.since, HistorySource::Embedded)
    }

    /// The repository holding `dir`: found once per directory, its history
    /// read once per work tree.
    pub fn repo(&self, dir: &Path) -> Option<Arc<Repo>> {
        let dir = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
        let cached = self
            .repos
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&dir)
            .cloned();
        if let Some(repo) = cached {
            return repo;
        }
        let workdir = Repo::workdir_of(&dir).and_then(|w| std::path::absolute(w).ok());
        let mut repos = self.repos.lock().unwrap_or_else(PoisonError::into_inner);
        let repo = match workdir {
            None => None,
            Some(workdir) => repos
                .entry(workdir.clone())
                .or_insert_with(|| match Repo::discover(&workdir) {
                    Ok(repo) => repo.map(Arc::new),
                    Err(e) => {
                        tracing::warn!("{e}");
                        None
                    }
                })
                .clone(),
        };
        repos.insert(dir, repo.clone());
        repo
    }

    /// The day `file` was added to its repository: `None` outside one, or
    /// for a file the checked-out commit does not have.
    pub fn added_on(&self, file: &Path) -> Option<Date> {
        let repo = self.repo(file.parent()?)?;
        let relative = repo.relative(file)?;
        repo.added_on(&relative)
            .map_err(|e| tracing::warn!("{e}"))
            .ok()
            .flatten()
    }

    /// Forget every history and repository read (a template, the
    /// settings or the checked-out commit changed).
    pub fn forget(&self) {
        self.by_template
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
        self.repos
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_copy_of_upstreams_template_gets_upstreams_history() {
        let histories = Histories::new();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("enhancement_template.md");
        let today = jiff::civil::date(2026, 12, 3);
        let current = Arc::new(Template::embedded());
        let loaded = histories.of_file(&path, &current, today);
        assert!(loaded.warning.is_none());
        assert_eq!(loaded.history.source, HistorySource::Embedded);
        assert_eq!(
            loaded.history.versions().len(),
            histories.embedded().versions().len()
        );

        // An older upstream version: the history up to it.
        let (old_since, old_text, _) = super::super::embedded_revisions()
            .find(|(day, _, _)| day.year() == 2022)
            .unwrap();
        let old = Arc::new(Template::parse(old_text));
        let loaded = histories.of_file(&dir.path().join("old.md"), &old, today);
        let current = loaded.history.current();
        assert!(current.since >= old_since && current.since.year() == 2022);

        // Some other project's template: itself alone.
        let own = Arc::new(Template::parse("# T\n\n## Only\n"));
        let loaded = histories.of_file(&dir.path().join("own.md"), &own, today);
        assert_eq!(loaded.history.source, HistorySource::None);
        assert_eq!(loaded.history.versions().len(), 1);
    }
}
