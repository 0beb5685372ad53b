//! The repository index of each workspace root (`proposal_ls::repository`),
//! built and kept current on a thread of its own: no document's
//! diagnostics wait for it. The main loop asks for a root's index, hears
//! when one is ready or has changed ([`Event::Indexed`]), and analyses that
//! root's open documents again.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crossbeam_channel::Sender;
use ls_types::FileChangeType;
use proposal_ls::repository::people::is_owners_file;
use proposal_ls::repository::{
    InRepository, IndexedHeading, ProposalEntry, Repository, file_name, read_headings,
};
use proposal_ls::workspace::{Configs, Templates, index_repository};

use super::state::Event;

/// What the index thread is asked to do.
enum Job {
    /// Index a root from scratch (again, if it was).
    Index {
        root: PathBuf,
        configs: Arc<Configs>,
        templates: Arc<Templates>,
    },
    /// Headings read in the background (see [`IndexKind::Headings`]).
    Headings {
        root: PathBuf,
        headings: Vec<(String, Vec<IndexedHeading>)>,
    },
    /// An open document's front matter, as it is now.
    Entry { path: PathBuf, entry: ProposalEntry },
    /// Files were created, changed or deleted.
    Files {
        changes: Vec<(PathBuf, FileChangeType)>,
        configs: Arc<Configs>,
        templates: Arc<Templates>,
    },
}

/// The main loop's view: the indexes that are ready, and the roots asked
/// for.
pub struct Repositories {
    jobs: Sender<Job>,
    ready: HashMap<PathBuf, Arc<Repository>>,
    requested: HashSet<PathBuf>,
}

impl Repositories {
    /// Start the index thread; it reports on `events`.
    pub fn start(events: Sender<Event>) -> std::io::Result<Repositories> {
        let (jobs, queue) = crossbeam_channel::unbounded::<Job>();
        let again = jobs.clone();
        std::thread::Builder::new()
            .name("index".into())
            .spawn(move || {
                let mut indexes: HashMap<PathBuf, Arc<Repository>> = HashMap::new();
                for job in queue {
                    let outcome =
                        super::task_pool::catch_panic(|| run(job, &mut indexes, &events, &again));
                    if let Err(panic) = outcome {
                        let message = format!("internal error indexing the repository: {panic}");
                        let _ = events.send(Event::Log(ls_types::MessageType::ERROR, message));
                    }
                }
            })?;
        Ok(Repositories {
            jobs,
            ready: HashMap::new(),
            requested: HashSet::new(),
        })
    }

    /// Ask for `root`'s index unless it was asked for already; whether it
    /// was asked for now.
    pub fn request(
        &mut self,
        root: &Path,
        configs: &Arc<Configs>,
        templates: &Arc<Templates>,
    ) -> bool {
        if !self.requested.insert(root.to_path_buf()) {
            return false;
        }
        let _ = self.jobs.send(Job::Index {
            root: root.to_path_buf(),
            configs: configs.clone(),
            templates: templates.clone(),
        });
        true
    }

    /// Index every root asked for so far again (settings or templates
    /// changed which files are proposals, or how they read).
    pub fn reindex(&mut self, configs: &Arc<Configs>, templates: &Arc<Templates>) {
        for root in &self.requested {
            let _ = self.jobs.send(Job::Index {
                root: root.clone(),
                configs: configs.clone(),
                templates: templates.clone(),
            });
        }
    }

    /// Files changed on disk.
    pub fn files_changed(
        &self,
        changes: Vec<(PathBuf, FileChangeType)>,
        configs: &Arc<Configs>,
        templates: &Arc<Templates>,
    ) {
        if changes.is_empty() || self.requested.is_empty() {
            return;
        }
        let _ = self.jobs.send(Job::Files {
            changes,
            configs: configs.clone(),
            templates: templates.clone(),
        });
    }

    /// An open document says this of itself now (unsaved, perhaps): the
    /// index follows when it differs.
    /// Whether a job was sent (the index now differs from the file).
    pub fn open_entry(&self, path: PathBuf, entry: ProposalEntry) -> bool {
        let unchanged = self.place_of(&path).is_some_and(|place| {
            place.repository.proposal(&place.path).is_some_and(|known| {
                known.title == entry.title
                    && known.status == entry.status
                    && known.references == entry.references
                    && known.people == entry.people
            })
        });
        if !unchanged {
            let _ = self.jobs.send(Job::Entry { path, entry });
        }
        !unchanged
    }

    pub fn set_ready(&mut self, root: PathBuf, repository: Arc<Repository>) {
        self.ready.insert(root, repository);
    }

    /// Every index that is ready.
    pub fn ready(&self) -> Vec<Arc<Repository>> {
        self.ready.values().cloned().collect()
    }

    /// The place of `path` in the indexed repository it lies deepest in.
    pub fn place_of(&self, path: &Path) -> Option<InRepository> {
        let (_, repository) = self
            .ready
            .iter()
            .filter(|(root, _)| path.starts_with(root))
            .max_by_key(|(root, _)| root.components().count())?;
        InRepository::of(repository.clone(), path)
    }
}

/// What an index report is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndexKind {
    /// A scan from scratch: every file and the proposals' metadata.
    Scanned,
    /// Files changed on disk.
    Changed,
    /// The second pass: the proposals' headings (for `workspace/symbol`);
    /// nothing the rules read.
    Headings,
}

/// Carry out one job, reporting the indexes it made or changed on
/// `events`; the headings of new or changed proposals are read on a
/// thread of their own and come back as a job on `jobs`, so that no file
/// event waits behind the markdown parse.
fn run(
    job: Job,
    indexes: &mut HashMap<PathBuf, Arc<Repository>>,
    events: &Sender<Event>,
    jobs: &Sender<Job>,
) {
    let report = |root: &PathBuf, repository: &Arc<Repository>, kind| {
        let _ = events.send(Event::Indexed {
            root: root.clone(),
            repository: repository.clone(),
            kind,
            affected: None,
        });
    };
    match job {
        Job::Index {
            root,
            configs,
            templates,
        } => {
            let _span = tracing::info_span!("index", root = %root.display()).entered();
            let repository = Arc::new(index_repository(&root, &configs, &templates));
            tracing::info!(
                files = repository.file_count(),
                proposals = repository.proposals().count(),
                "indexed"
            );
            indexes.insert(root.clone(), repository.clone());
            report(&root, &repository, IndexKind::Scanned);
            let proposals = repository.proposals().map(|(p, _)| p.to_string()).collect();
            read_headings_later(root, proposals, jobs);
        }
        Job::Entry { path, mut entry } => {
            let Some((root, repository)) = indexes
                .iter_mut()
                .filter(|(root, _)| path.starts_with(root))
                .max_by_key(|(root, _)| root.components().count())
            else {
                return;
            };
            let Some(relative) = repository.relative(&path) else {
                return;
            };
            // Only proposals the index knows (an unsaved new file is not one
            // yet): the headings stay as the last read found them.
            let Some(known) = repository.proposal(&relative) else {
                return;
            };
            entry.headings = known.headings.clone();
            // Whose findings can change: the proposals it names, before and
            // after, and those that name it (`lineage`).
            let mut affected: Vec<String> = repository.neighbours(&relative);
            let repository_mut = Arc::make_mut(repository);
            repository_mut.insert(relative.clone(), Some(entry));
            affected.extend(repository_mut.neighbours(&relative));
            let affected = affected.into_iter().map(|p| root.join(p)).collect();
            let _ = events.send(Event::Indexed {
                root: root.clone(),
                repository: repository.clone(),
                kind: IndexKind::Changed,
                affected: Some(affected),
            });
        }
        Job::Headings { root, headings } => {
            let Some(repository) = indexes.get_mut(&root) else {
                return;
            };
            let repository_mut = Arc::make_mut(repository);
            for (path, headings) in headings {
                repository_mut.set_headings(&path, headings);
            }
            report(&root, repository, IndexKind::Headings);
        }
        Job::Files {
            changes,
            configs,
            templates,
        } => {
            for (root, repository) in indexes.iter_mut() {
                let mine: Vec<&(PathBuf, FileChangeType)> = changes
                    .iter()
                    .filter(|(p, _)| p.starts_with(root))
                    .collect();
                if mine.is_empty() {
                    continue;
                }
                // A file that existed before and after (a save) changes
                // only what it says of itself: the findings of the
                // proposals it names, before and after, and of those that
                // name it can change. A file coming or going can change any
                // reference.
                let mut affected: Option<Vec<String>> = Some(Vec::new());
                for (path, change) in &mine {
                    let known = repository.relative(path).filter(|r| {
                        *change == FileChangeType::CHANGED
                            && repository.is_file(r)
                            && path.is_file()
                    });
                    match (known, affected.as_mut()) {
                        (Some(relative), Some(list)) => {
                            list.extend(repository.targets_of_all(&relative));
                            list.push(relative);
                        }
                        _ => affected = None,
                    }
                }
                let repository_mut = Arc::make_mut(repository);
                let mut read_again = Vec::new();
                for (path, change) in mine {
                    read_again.extend(apply(repository_mut, path, *change, &configs, &templates));
                }
                if let Some(list) = affected.as_mut() {
                    let changed: Vec<String> = list.clone();
                    for relative in changed {
                        list.extend(repository_mut.neighbours(&relative));
                    }
                }
                let _ = events.send(Event::Indexed {
                    root: root.clone(),
                    repository: repository.clone(),
                    kind: IndexKind::Changed,
                    affected: affected.map(|list| list.into_iter().map(|p| root.join(p)).collect()),
                });
                if !read_again.is_empty() {
                    read_headings_later(root.clone(), read_again, jobs);
                }
            }
        }
    }
}

/// Read the headings of `proposals` (relative to `root`) on a thread of
/// their own, one after the other (one core: the analyses of what is being
/// typed keep the other), then hand them back to the index thread.
fn read_headings_later(root: PathBuf, proposals: Vec<String>, jobs: &Sender<Job>) {
    let jobs = jobs.clone();
    let spawned = std::thread::Builder::new()
        .name("index-headings".into())
        .spawn(move || {
            let headings: Vec<(String, Vec<IndexedHeading>)> = proposals
                .into_iter()
                .filter_map(|path| {
                    let text = std::fs::read_to_string(root.join(&path)).ok()?;
                    Some((path, read_headings(&text)))
                })
                .collect();
            let _ = jobs.send(Job::Headings { root, headings });
        });
    if let Err(e) = spawned {
        tracing::warn!("cannot read the proposals' headings: {e}");
    }
}

/// One file event: a file created or changed is read again (a directory
/// created is walked), a deleted one forgotten with what was under it.
/// The proposals read again, whose headings are to be read.
fn apply(
    repository: &mut Repository,
    path: &Path,
    change: FileChangeType,
    configs: &Configs,
    templates: &Templates,
) -> Vec<String> {
    let Some(relative) = repository.relative(path) else {
        return Vec::new();
    };
    // Hidden files (`.git`'s churn among them) are not indexed.
    if relative.split('/').any(|part| part.starts_with('.')) {
        return Vec::new();
    }
    if change == FileChangeType::DELETED || !path.exists() {
        repository.remove(&relative);
        repository.set_owners_file(&relative, None);
        return Vec::new();
    }
    if is_owners_file(&relative) {
        let text = std::fs::read_to_string(path).ok();
        repository.set_owners_file(&relative, text.as_deref());
        if relative == "OWNERS_ALIASES" {
            // The `OWNERS` files expand aliases: read them again.
            let owners: Vec<String> = repository
                .files()
                .filter(|f| file_name(f) == "OWNERS")
                .map(str::to_string)
                .collect();
            for file in owners {
                let text = std::fs::read_to_string(repository.root().join(&file)).ok();
                repository.set_owners_file(&file, text.as_deref());
            }
        }
    }
    let root = repository.root().to_path_buf();
    let proposal_at = |file: &Path| {
        let settings = configs.for_path(Some(file)).settings;
        if !settings.includes(file) {
            return None;
        }
        let text = std::fs::read_to_string(file).ok()?;
        let template = templates
            .resolve(Some(file), &settings, Some(&root))
            .template;
        Some(ProposalEntry::read(&text, &template))
    };
    let mut proposals = Vec::new();
    if path.is_dir() {
        let files = ignore::WalkBuilder::new(path).build().flatten();
        for entry in files.filter(|e| e.file_type().is_some_and(|t| t.is_file())) {
            if let Some(relative) = repository.relative(entry.path()) {
                let proposal = proposal_at(entry.path());
                if proposal.is_some() {
                    proposals.push(relative.clone());
                }
                repository.insert(relative, proposal);
            }
        }
    } else {
        let proposal = proposal_at(path);
        if proposal.is_some() {
            proposals.push(relative.clone());
        }
        repository.insert(relative, proposal);
    }
    proposals
}
