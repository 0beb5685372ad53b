//! What proposal-ls reads from a workspace's git repository, through gix
//! (no `git` subprocess, so it works where git is not installed): the
//! first-parent history of the checked-out branch, the revisions of a file
//! along it (following renames), the date a file was added, and which files
//! a change since another revision adds or modifies.
//!
//! Dates are when a commit landed on the branch: the committer date of the
//! first-parent commit (for a pull request, its merge), in UTC.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use gix::ObjectId;
use jiff::civil::Date;

/// A problem reading the repository, as a message.
pub type GitError = String;

fn err<E: std::fmt::Display>(context: &str) -> impl Fn(E) -> GitError + '_ {
    move |e| format!("{context}: {e}")
}

/// One commit of the first-parent history: its tree and the day it landed.
#[derive(Debug, Clone, Copy)]
struct Landed {
    commit: ObjectId,
    tree: ObjectId,
    date: Date,
}

/// A file's content at one point of the history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileRevision {
    /// The day the revision landed.
    pub date: Date,
    /// The first-parent commit that brought it.
    pub commit: String,
    /// The file's path (relative to the repository root) in that commit.
    pub path: String,
    pub text: String,
}

/// An opened repository with its first-parent history read once.
pub struct Repo {
    repo: gix::ThreadSafeRepository,
    workdir: PathBuf,
    head: ObjectId,
    /// Newest first.
    history: Vec<Landed>,
    /// Dates files were added, by repository-relative path.
    added: Mutex<HashMap<String, Option<Date>>>,
}

impl std::fmt::Debug for Repo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Repo")
            .field("workdir", &self.workdir)
            .field("head", &self.head)
            .finish_non_exhaustive()
    }
}

/// Which files a change since a revision touched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Changed {
    /// Files that did not exist at the revision (`--new-since`).
    Added,
    /// Files added or modified (`--changed-since`).
    AddedOrModified,
}

impl Repo {
    /// The repository holding `dir`, with a work tree and at least one
    /// commit; `Ok(None)` when there is none.
    pub fn discover(dir: &Path) -> Result<Option<Repo>, GitError> {
        // Not inside a repository (gix's errors do not tell that apart
        // from an unreadable one; either way there is no history to read).
        let Ok(repo) = gix::discover(dir) else {
            return Ok(None);
        };
        let Some(workdir) = repo.workdir().map(Path::to_path_buf) else {
            return Ok(None);
        };
        let head = match repo.head_id() {
            Ok(id) => id.detach(),
            // An unborn branch: no history yet.
            Err(_) => return Ok(None),
        };
        let history = first_parent_history(&repo, head)?;
        Ok(Some(Repo {
            repo: repo.into_sync(),
            workdir,
            head,
            history,
            added: Mutex::new(HashMap::new()),
        }))
    }

    /// The work tree's root.
    pub fn workdir(&self) -> &Path {
        &self.workdir
    }

    /// The checked-out commit, to notice a new one.
    pub fn head(&self) -> String {
        self.head.to_string()
    }

    /// The work tree of the repository holding `dir`, found without
    /// reading any history (to share one [`Repo`] among its directories).
    pub fn workdir_of(dir: &Path) -> Option<PathBuf> {
        let repo = gix::discover(dir).ok()?;
        repo.workdir().map(Path::to_path_buf)
    }

    /// The id `HEAD` points at now in the repository holding `dir`, read
    /// without walking any history (to tell whether a cache is current).
    pub fn head_of(dir: &Path) -> Option<String> {
        let repo = gix::discover(dir).ok()?;
        Some(repo.head_id().ok()?.detach().to_string())
    }

    /// `path` relative to the work tree, with `/` separators.
    pub fn relative(&self, path: &Path) -> Option<String> {
        let absolute = std::path::absolute(path).ok()?;
        let root = std::path::absolute(&self.workdir).ok()?;
        let rel = absolute.strip_prefix(&root).ok()?;
        let parts: Option<Vec<&str>> = rel.components().map(|c| c.as_os_str().to_str()).collect();
        Some(parts?.join("/"))
    }

    /// The revisions of the file at `path` (repository-relative) along the
    /// first-parent history, oldest first, following renames (a path that
    /// appears in a commit where another path with the same content
    /// disappears). Commits where the file is absent are skipped.
    pub fn file_revisions(&self, path: &str) -> Result<Vec<FileRevision>, GitError> {
        let repo = self.repo.to_thread_local();
        let mut path = path.to_string();
        let mut revisions = Vec::new();
        for (i, landed) in self.history.iter().enumerate() {
            let blob = blob_at(&repo, landed.tree, &path)?;
            let parent = self.history.get(i + 1);
            let parent_blob = match parent {
                Some(p) => blob_at(&repo, p.tree, &path)?,
                None => None,
            };
            if let Some(blob) = blob
                && parent_blob != Some(blob)
            {
                revisions.push(FileRevision {
                    date: landed.date,
                    commit: landed.commit.to_string(),
                    path: path.clone(),
                    text: blob_text(&repo, blob)?,
                });
                // Gone in the parent: renamed from a path the parent has
                // with the same content.
                if parent_blob.is_none()
                    && let Some(parent) = parent
                {
                    let mut gone = Vec::new();
                    added_blobs(&repo, Some(landed.tree), parent.tree, "", &mut gone)?;
                    if let Some((from, _)) = gone.into_iter().find(|(_, b)| *b == blob) {
                        path = from;
                    }
                }
            }
        }
        revisions.reverse();
        Ok(revisions)
    }

    /// The day the file at `path` (repository-relative) was added: the
    /// oldest first-parent commit from which on it exists, found by binary
    /// search. `None` when the checked-out commit does not have it
    /// (an uncommitted file).
    pub fn added_on(&self, path: &str) -> Result<Option<Date>, GitError> {
        let cached = self
            .added
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(path)
            .copied();
        if let Some(date) = cached {
            return Ok(date);
        }
        let repo = self.repo.to_thread_local();
        let exists = |landed: &Landed| blob_at(&repo, landed.tree, path).map(|b| b.is_some());
        let Some(head) = self.history.first() else {
            return Ok(None);
        };
        let date = if exists(head)? {
            // history[..lo] has the file, history[hi..] may not.
            let (mut lo, mut hi) = (1, self.history.len());
            while lo < hi {
                let mid = lo + (hi - lo) / 2;
                match self.history.get(mid) {
                    Some(l) if exists(l)? => lo = mid + 1,
                    _ => hi = mid,
                }
            }
            self.history.get(lo - 1).map(|l| l.date)
        } else {
            None
        };
        self.added
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(path.to_string(), date);
        Ok(date)
    }

    /// The files (repository-relative) that `HEAD` adds, or adds and
    /// modifies, relative to where it forked from `rev`: the merge base of
    /// `rev` and `HEAD`, as `git diff --no-renames REV...HEAD` lists them.
    /// A renamed file counts as added, as upstream's `hack/find_new.sh`
    /// counts it.
    pub fn changed_since(&self, rev: &str, which: Changed) -> Result<Vec<String>, GitError> {
        let repo = self.repo.to_thread_local();
        let base = repo.rev_parse_single(rev).map_err(|e| {
            format!(
                "`{rev}` is not a revision of {}: {e}",
                self.workdir.display()
            )
        })?;
        let base = base
            .object()
            .map_err(err("reading the revision"))?
            .peel_to_commit()
            .map_err(|e| format!("`{rev}` is not a commit: {e}"))?
            .id;
        let fork = repo
            .merge_base(base, self.head)
            .map_err(|e| format!("no common history between `{rev}` and HEAD: {e}"))?
            .map(|id| id.detach())
            .ok_or_else(|| format!("no common history between `{rev}` and HEAD"))?;
        let tree_of = |commit: ObjectId| -> Result<ObjectId, GitError> {
            let commit = repo.find_commit(commit).map_err(err("reading a commit"))?;
            commit
                .tree_id()
                .map(|id| id.detach())
                .map_err(err("reading a commit"))
        };
        let (old, new) = (tree_of(fork)?, tree_of(self.head)?);
        let mut added = Vec::new();
        added_blobs(&repo, Some(old), new, "", &mut added)?;
        let mut files: Vec<String> = added.into_iter().map(|(p, _)| p).collect();
        if which == Changed::AddedOrModified {
            let mut modified = Vec::new();
            modified_blobs(&repo, old, new, "", &mut modified)?;
            files.extend(modified);
        }
        files.sort();
        files.dedup();
        Ok(files)
    }
}

/// The first-parent history from `head`, newest first.
fn first_parent_history(repo: &gix::Repository, head: ObjectId) -> Result<Vec<Landed>, GitError> {
    let walk = repo
        .rev_walk([head])
        .first_parent_only()
        .all()
        .map_err(err("walking the history"))?;
    let mut history = Vec::new();
    for info in walk {
        let info = info.map_err(err("walking the history"))?;
        let commit = info.object().map_err(err("reading a commit"))?;
        let tree = commit.tree_id().map_err(err("reading a commit"))?.detach();
        let seconds = commit.time().map_err(err("reading a commit"))?.seconds;
        let date = jiff::Timestamp::from_second(seconds)
            .map_err(err("a commit date"))?
            .to_zoned_datetime(jiff::tz::TimeZone::UTC)
            .date();
        history.push(Landed {
            commit: info.id,
            tree,
            date,
        });
    }
    Ok(history)
}

/// The blob at `path` in `tree`, if there is one.
fn blob_at(
    repo: &gix::Repository,
    tree: ObjectId,
    path: &str,
) -> Result<Option<ObjectId>, GitError> {
    let tree = repo.find_tree(tree).map_err(err("reading a tree"))?;
    let entry = tree
        .lookup_entry_by_path(path)
        .map_err(err("reading a tree"))?;
    Ok(entry.filter(|e| e.mode().is_blob()).map(|e| e.object_id()))
}

fn blob_text(repo: &gix::Repository, blob: ObjectId) -> Result<String, GitError> {
    let blob = repo.find_blob(blob).map_err(err("reading a file"))?;
    Ok(String::from_utf8_lossy(&blob.data).into_owned())
}

/// A tree's entries by name: whether each is a tree, and its id.
fn entries(
    repo: &gix::Repository,
    tree: ObjectId,
) -> Result<BTreeMap<String, (bool, ObjectId)>, GitError> {
    let tree = repo.find_tree(tree).map_err(err("reading a tree"))?;
    let mut out = BTreeMap::new();
    for entry in tree.iter() {
        let entry = entry.map_err(err("reading a tree"))?;
        let mode = entry.mode();
        if mode.is_tree() || mode.is_blob() {
            out.insert(
                entry.filename().to_string(),
                (mode.is_tree(), entry.object_id()),
            );
        }
    }
    Ok(out)
}

fn join(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_string()
    } else {
        format!("{prefix}/{name}")
    }
}

/// Files in `new` whose path is not a file in `old`, with their blobs.
/// Unchanged subtrees are skipped by id.
fn added_blobs(
    repo: &gix::Repository,
    old: Option<ObjectId>,
    new: ObjectId,
    prefix: &str,
    out: &mut Vec<(String, ObjectId)>,
) -> Result<(), GitError> {
    if old == Some(new) {
        return Ok(());
    }
    let old_entries = match old {
        Some(old) => entries(repo, old)?,
        None => BTreeMap::new(),
    };
    for (name, (is_tree, id)) in entries(repo, new)? {
        let path = join(prefix, &name);
        let before = old_entries.get(&name);
        if is_tree {
            let old_tree = before.filter(|(t, _)| *t).map(|&(_, id)| id);
            added_blobs(repo, old_tree, id, &path, out)?;
        } else if before.is_none_or(|(t, _)| *t) {
            out.push((path, id));
        }
    }
    Ok(())
}

/// Files in both trees whose content differs.
fn modified_blobs(
    repo: &gix::Repository,
    old: ObjectId,
    new: ObjectId,
    prefix: &str,
    out: &mut Vec<String>,
) -> Result<(), GitError> {
    if old == new {
        return Ok(());
    }
    let old_entries = entries(repo, old)?;
    for (name, (is_tree, id)) in entries(repo, new)? {
        let Some(&(was_tree, old_id)) = old_entries.get(&name) else {
            continue;
        };
        let path = join(prefix, &name);
        match (was_tree, is_tree) {
            (true, true) => modified_blobs(repo, old_id, id, &path, out)?,
            (false, false) if old_id != id => out.push(path),
            _ => {}
        }
    }
    Ok(())
}
