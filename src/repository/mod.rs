//! The repository as one body: every file under a workspace root, and what
//! each proposal there says of itself in its front matter, for the rules
//! and features that look across files (references between proposals).
//!
//! Built by one walk (honouring `.gitignore`, as `check` walks) and small:
//! a proposal is kept as its few metadata values, never as its text or
//! tree. A `Repository` is immutable; the server swaps in a new one when a
//! file is created, changed or deleted.
//!
//! - `reference.rs`: what a path in a proposal points at, and the path it
//!   most likely meant when it points at nothing.
//! - `written.rs`: the references a document writes.
//! - `people.rs`: the handles proposals and `OWNERS` files name, ranked
//!   by area.

pub mod people;
pub mod reference;
pub mod written;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Component, Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use rayon::prelude::*;

use crate::front_matter::{FrontMatter, YamlNode};
use crate::template::{Template, ValueShape};
use crate::text::end_of_line;

/// Every file of a workspace, and its proposals' metadata.
#[derive(Default)]
pub struct Repository {
    /// The workspace root, absolute.
    root: PathBuf,
    /// Every file, relative to the root, `/`-separated.
    files: HashSet<String>,
    /// Every directory holding a file (the root is `""`).
    dirs: HashSet<String>,
    /// The files of each file name, for did-you-mean.
    by_name: HashMap<String, Vec<String>>,
    /// Each proposal's entry, shared between versions of the index (a
    /// change copies the map, not the entries).
    proposals: BTreeMap<String, std::sync::Arc<ProposalEntry>>,
    /// Each directory's `OWNERS` (relative directory, `""` at the root).
    owners: HashMap<String, people::Owners>,
    /// `OWNERS_ALIASES` at the root: alias to handles.
    aliases: HashMap<String, Vec<String>>,
    /// Who names each file in a path list: the file (relative) to the
    /// (key, proposal) pairs, worked out once per version of the index.
    named_by: HashMap<String, Vec<(String, String)>>,
    /// Did-you-mean answers, per broken target: the repository does not
    /// change under them, and the same broken reference is asked about on
    /// every keystroke.
    suggestions: Mutex<HashMap<String, Option<String>>>,
}

/// A file's place in a repository.
#[derive(Debug, Clone)]
pub struct InRepository {
    pub repository: std::sync::Arc<Repository>,
    /// The file, relative to the root, `/`-separated.
    pub path: String,
}

impl InRepository {
    /// `path`'s place in `repository`, if it lies under its root.
    pub fn of(repository: std::sync::Arc<Repository>, path: &Path) -> Option<InRepository> {
        let path = repository.relative(path)?;
        Some(InRepository { repository, path })
    }
}

/// What a proposal says of itself: the values of its front matter the
/// repository view needs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProposalEntry {
    pub title: Option<String>,
    pub status: Option<String>,
    /// The entries of each path-list key (`see-also`, `replaces`,
    /// `superseded-by`), in order: (key, value as written).
    pub references: Vec<(String, String)>,
    /// The entries of each people-list key (`authors`, `reviewers`, ...).
    pub people: Vec<(String, String)>,
    /// Its headings, for finding proposals by heading; read in a second
    /// pass (`Repository::read_headings`), as they need the markdown
    /// parse.
    pub headings: Vec<IndexedHeading>,
}

/// A heading of a proposal, as the index keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexedHeading {
    pub level: u8,
    pub text: String,
    /// Its line (0-based).
    pub line: usize,
}

/// A document's headings, as the outline finds them.
pub fn read_headings(text: &str) -> Vec<IndexedHeading> {
    let tree = crate::markdown::parse(text);
    let headings = crate::markdown::Outline::headings(text, &tree).headings;
    let mut line = 0;
    let mut counted = 0;
    headings
        .into_iter()
        .map(|h| {
            line += text
                .get(counted..h.range.start)
                .map_or(0, |s| s.matches('\n').count());
            counted = h.range.start;
            IndexedHeading {
                level: h.level,
                text: h.text,
                line,
            }
        })
        .collect()
}

impl ProposalEntry {
    /// Read from a proposal's text; the template says which keys are path
    /// and people lists. Front matter that is missing or not YAML gives an
    /// empty entry.
    pub fn read(text: &str, template: &Template) -> ProposalEntry {
        let mut entry = ProposalEntry::default();
        let Some(block) = front_matter_block(text) else {
            return entry;
        };
        let front_matter = FrontMatter::parse(text, block);
        for item in front_matter.entries().unwrap_or_default() {
            let shape = template.key(&item.key).map(|k| &k.shape);
            match (item.key.as_str(), shape) {
                ("title", _) => entry.title = scalar(&item.value),
                ("status", _) => entry.status = scalar(&item.value),
                (key, Some(ValueShape::Paths)) => {
                    let values = list_values(&item.value);
                    entry
                        .references
                        .extend(values.map(|v| (key.to_string(), v)));
                }
                (key, Some(ValueShape::Handles)) => {
                    let values = list_values(&item.value);
                    entry.people.extend(values.map(|v| (key.to_string(), v)));
                }
                _ => {}
            }
        }
        entry
    }
}

fn scalar(node: &YamlNode) -> Option<String> {
    node.as_str().map(|s| s.trim().to_string())
}

/// A list's scalar items (or a scalar written in place of the list).
fn list_values(node: &YamlNode) -> impl Iterator<Item = String> + '_ {
    let items: Vec<&YamlNode> = match node {
        YamlNode::Sequence { items, .. } => items.iter().collect(),
        scalar @ YamlNode::Scalar { .. } => vec![scalar],
        _ => Vec::new(),
    };
    items.into_iter().filter_map(scalar)
}

/// The front matter as upstream reads it: from a first line of `---` to
/// the next `---` line (the block the markdown parser would find there).
fn front_matter_block(text: &str) -> Option<std::ops::Range<usize>> {
    let first_end = end_of_line(text, 0);
    if text.get(..first_end)?.trim_end() != "---" {
        return None;
    }
    let mut at = first_end;
    while at < text.len() {
        let end = end_of_line(text, at);
        if text.get(at..end)?.trim_end() == "---" {
            return Some(0..end);
        }
        at = end;
    }
    None
}

impl std::fmt::Debug for Repository {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Repository")
            .field("root", &self.root)
            .field("files", &self.files.len())
            .field("proposals", &self.proposals.len())
            .finish()
    }
}

impl Clone for Repository {
    fn clone(&self) -> Repository {
        Repository {
            root: self.root.clone(),
            files: self.files.clone(),
            dirs: self.dirs.clone(),
            by_name: self.by_name.clone(),
            proposals: self.proposals.clone(),
            named_by: self.named_by.clone(),
            owners: self.owners.clone(),
            aliases: self.aliases.clone(),
            suggestions: Mutex::default(),
        }
    }
}

impl Repository {
    /// Walk `root`: every file the walk sees (`.gitignore` honoured, hidden
    /// files skipped), and the metadata of those `is_proposal` accepts
    /// (read in parallel, judged by the template `template_of` gives).
    pub fn scan(
        root: &Path,
        is_proposal: impl Fn(&Path) -> bool + Sync,
        template_of: impl Fn(&Path) -> std::sync::Arc<Template> + Sync,
    ) -> Repository {
        let root = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
        let mut repository = Repository {
            root: root.clone(),
            ..Repository::default()
        };
        let mut proposals = Vec::new();
        let mut owners_files = Vec::new();
        for entry in ignore::WalkBuilder::new(&root).build().flatten() {
            let is_file = entry
                .file_type()
                .is_some_and(|t| t.is_file() || (t.is_symlink() && entry.path().is_file()));
            if !is_file {
                continue;
            }
            let Some(relative) = relative_slash_path(entry.path(), &root) else {
                continue;
            };
            if is_proposal(entry.path()) {
                proposals.push((relative.clone(), entry.into_path()));
            } else if people::is_owners_file(&relative) {
                owners_files.push((relative.clone(), entry.into_path()));
            }
            repository.add_file(relative);
        }
        // Aliases first: `OWNERS` files expand them.
        owners_files.sort_by_key(|(relative, _)| relative != "OWNERS_ALIASES");
        for (relative, path) in owners_files {
            let text = std::fs::read_to_string(&path).ok();
            repository.set_owners_file(&relative, text.as_deref());
        }
        let entries: Vec<(String, ProposalEntry)> = proposals
            .into_par_iter()
            .filter_map(|(relative, path)| {
                let text = std::fs::read_to_string(&path).ok()?;
                Some((relative, ProposalEntry::read(&text, &template_of(&path))))
            })
            .collect();
        repository.proposals.extend(
            entries
                .into_iter()
                .map(|(p, e)| (p, std::sync::Arc::new(e))),
        );
        repository.relink();
        repository
    }

    /// An empty repository at `root`, for tests and for files outside any.
    pub fn empty(root: &Path) -> Repository {
        Repository {
            root: root.to_path_buf(),
            ..Repository::default()
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// `path` (absolute or relative to the current directory) relative to
    /// the root, `/`-separated; `None` outside it.
    pub fn relative(&self, path: &Path) -> Option<String> {
        let absolute = std::path::absolute(path).ok()?;
        relative_slash_path(&absolute, &self.root)
    }

    /// A file or directory of the repository (relative, `/`-separated).
    pub fn exists(&self, relative: &str) -> bool {
        self.files.contains(relative) || self.dirs.contains(relative)
    }

    pub fn is_file(&self, relative: &str) -> bool {
        self.files.contains(relative)
    }

    pub fn proposal(&self, relative: &str) -> Option<&ProposalEntry> {
        self.proposals.get(relative).map(AsRef::as_ref)
    }

    /// Every proposal, by path.
    pub fn proposals(&self) -> impl Iterator<Item = (&str, &ProposalEntry)> {
        self.proposals.iter().map(|(p, e)| (p.as_str(), e.as_ref()))
    }

    pub fn file_count(&self) -> usize {
        self.files.len()
    }

    /// The files named `name`, anywhere.
    pub fn files_named(&self, name: &str) -> &[String] {
        self.by_name.get(name).map_or(&[], Vec::as_slice)
    }

    /// Every file, in no order.
    pub fn files(&self) -> impl Iterator<Item = &str> {
        self.files.iter().map(String::as_str)
    }

    /// Record a file (and the proposal it is, if any): for a file created
    /// or changed since the scan.
    pub fn insert(&mut self, relative: String, proposal: Option<ProposalEntry>) {
        match proposal {
            Some(entry) => {
                self.proposals
                    .insert(relative.clone(), std::sync::Arc::new(entry));
            }
            None => {
                self.proposals.remove(&relative);
            }
        }
        self.add_file(relative);
        self.relink();
        self.forget_suggestions();
    }

    /// Read every proposal's headings (`read` gives a file's text by
    /// relative path), in parallel: the second pass of an index.
    pub fn read_headings(&mut self, read: impl Fn(&str) -> Option<String> + Sync) {
        let read_all: Vec<(String, Vec<IndexedHeading>)> = self
            .proposals
            .keys()
            .collect::<Vec<_>>()
            .into_par_iter()
            .filter_map(|path| Some((path.clone(), read_headings(&read(path)?))))
            .collect();
        for (path, headings) in read_all {
            if let Some(entry) = self.proposals.get_mut(&path) {
                std::sync::Arc::make_mut(entry).headings = headings;
            }
        }
    }

    /// Set a proposal's headings (read in the background).
    pub fn set_headings(&mut self, relative: &str, headings: Vec<IndexedHeading>) {
        if let Some(entry) = self.proposals.get_mut(relative) {
            std::sync::Arc::make_mut(entry).headings = headings;
        }
    }

    /// Forget a deleted file (or every file under a deleted directory).
    pub fn remove(&mut self, relative: &str) {
        let prefix = format!("{relative}/");
        let gone: Vec<String> = self
            .files
            .iter()
            .filter(|f| *f == relative || f.starts_with(&prefix))
            .cloned()
            .collect();
        for file in gone {
            self.files.remove(&file);
            self.proposals.remove(&file);
            if let Some(paths) = self.by_name.get_mut(file_name(&file)) {
                paths.retain(|p| *p != file);
            }
        }
        self.dirs = self.files.iter().flat_map(|f| parent_dirs(f)).collect();
        self.dirs.insert(String::new());
        self.owners
            .retain(|dir, _| dir != relative && !dir.starts_with(&prefix));
        self.relink();
        self.forget_suggestions();
    }

    /// The proposals that name `target` (relative) in a path list, with
    /// the key: `[("superseded-by", "enhancements/a.md")]`.
    pub fn named_by(&self, target: &str) -> &[(String, String)] {
        self.named_by.get(target).map_or(&[], Vec::as_slice)
    }

    /// The files a proposal's path-list entries under `key` lead to.
    pub fn targets_of(&self, proposal: &str, key: &str) -> Vec<String> {
        let Some(entry) = self.proposals.get(proposal) else {
            return Vec::new();
        };
        entry
            .references
            .iter()
            .filter(|(k, _)| k == key)
            .flat_map(|(_, value)| written::in_entry(value, 0..value.len(), key))
            .filter_map(|r| match self.resolve(proposal, &r.path) {
                reference::Resolution::Found { path, .. } => Some(path),
                _ => None,
            })
            .collect()
    }

    /// The files all of a proposal's path-list entries lead to.
    pub fn targets_of_all(&self, proposal: &str) -> Vec<String> {
        let Some(entry) = self.proposals.get(proposal) else {
            return Vec::new();
        };
        let keys: HashSet<&str> = entry.references.iter().map(|(k, _)| k.as_str()).collect();
        keys.into_iter()
            .flat_map(|key| self.targets_of(proposal, key))
            .collect()
    }

    /// The proposals whose lineage findings a change to `proposal` can
    /// change: those it names in its path lists, and those that name it.
    pub fn neighbours(&self, proposal: &str) -> Vec<String> {
        let mut neighbours = self.targets_of_all(proposal);
        neighbours.extend(self.named_by(proposal).iter().map(|(_, s)| s.clone()));
        neighbours
    }

    /// Work out [`Repository::named_by`] again.
    fn relink(&mut self) {
        let mut named_by: HashMap<String, Vec<(String, String)>> = HashMap::new();
        for (source, entry) in &self.proposals {
            let keys: HashSet<&str> = entry.references.iter().map(|(k, _)| k.as_str()).collect();
            for key in keys {
                for target in self.targets_of(source, key) {
                    named_by
                        .entry(target)
                        .or_default()
                        .push((key.to_string(), source.clone()));
                }
            }
        }
        self.named_by = named_by;
    }

    fn add_file(&mut self, relative: String) {
        if !self.files.insert(relative.clone()) {
            return;
        }
        self.dirs.extend(parent_dirs(&relative));
        self.dirs.insert(String::new());
        self.by_name
            .entry(file_name(&relative).to_string())
            .or_default()
            .push(relative);
    }

    fn forget_suggestions(&mut self) {
        self.suggestions
            .get_mut()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
    }

    /// A memoised answer for `key`, computed by `compute` once.
    pub(crate) fn suggestion(
        &self,
        key: &str,
        compute: impl FnOnce() -> Option<String>,
    ) -> Option<String> {
        let cached = self
            .suggestions
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(key)
            .cloned();
        if let Some(answer) = cached {
            return answer;
        }
        let answer = compute();
        self.suggestions
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(key.to_string(), answer.clone());
        answer
    }
}

/// The last component of a `/`-separated path.
pub fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// The directories above a `/`-separated relative path (not the root).
fn parent_dirs(path: &str) -> impl Iterator<Item = String> + '_ {
    path.match_indices('/')
        .filter_map(|(i, _)| path.get(..i).map(str::to_string))
}

/// `path` relative to `root` (both absolute), `/`-separated, lexically
/// cleaned; `None` outside the root.
fn relative_slash_path(path: &Path, root: &Path) -> Option<String> {
    let relative = path.strip_prefix(root).ok()?;
    let mut parts: Vec<&str> = Vec::new();
    for component in relative.components() {
        match component {
            Component::Normal(part) => parts.push(part.to_str()?),
            Component::CurDir => {}
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests;
