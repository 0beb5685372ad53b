//! The workspace root of a file, which globs are matched from, and the
//! paths upstream's CI skips there (`hack/lint-ignores`).

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use super::WORKSPACE_TEMPLATE;

/// The configuration file, looked up in a file's directory and above.
pub const CONFIG_FILE: &str = ".proposal-ls.toml";

/// Upstream's list of proposals its lint skips, one repository-relative
/// path a line, at the workspace root.
pub const LINT_IGNORES: &str = "hack/lint-ignores";

/// The workspace root of `path` (a file, or a directory): the nearest
/// directory at or above it holding `guidelines/enhancement_template.md`,
/// `.git` (a directory, or a worktree's file) or a `.proposal-ls.toml`.
/// Absolute; `None` when no directory above has one.
pub fn workspace_root(path: &Path) -> Option<PathBuf> {
    let absolute = absolute_clean(path)?;
    let start = if absolute.is_dir() {
        absolute.as_path()
    } else {
        absolute.parent()?
    };
    start
        .ancestors()
        .find(|dir| is_root(dir))
        .map(Path::to_path_buf)
}

fn is_root(dir: &Path) -> bool {
    dir.join(WORKSPACE_TEMPLATE).is_file()
        || dir.join(".git").exists()
        || dir.join(CONFIG_FILE).is_file()
}

/// `path` relative to `root`, both made absolute and cleaned of `.` (and
/// `..` by dropping the component before it) first. `None` when `path` is
/// not under `root`.
pub fn relative_to_root(path: &Path, root: &Path) -> Option<PathBuf> {
    let path = absolute_clean(path)?;
    let root = absolute_clean(root)?;
    path.strip_prefix(&root).ok().map(Path::to_path_buf)
}

/// `path` made absolute and lexically cleaned, so that `a/../b` and `b`
/// find the same root and configuration file.
pub(super) fn absolute_clean(path: &Path) -> Option<PathBuf> {
    std::path::absolute(path).ok().map(|p| normalize(&p))
}

/// Lexically cleaned: no `.`, and `..` removes the component before it.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// A workspace root and the paths its `hack/lint-ignores` lists.
#[derive(Debug, Default)]
pub(super) struct Root {
    pub dir: PathBuf,
    lint_ignores: Vec<String>,
}

impl Root {
    /// Whether `relative` (a path relative to this root) is listed in
    /// `hack/lint-ignores`, itself or a directory above it.
    pub fn lint_ignored(&self, relative: &Path) -> bool {
        let relative = relative.to_string_lossy().replace('\\', "/");
        self.lint_ignores.iter().any(|ignored| {
            relative == *ignored
                || relative
                    .strip_prefix(ignored.as_str())
                    .is_some_and(|rest| rest.starts_with('/'))
        })
    }
}

/// The lines of `root/hack/lint-ignores`, trimmed, without blank lines,
/// comments or a leading `./`; none when there is no such file.
fn read_lint_ignores(root: &Path) -> Vec<String> {
    let Ok(text) = std::fs::read_to_string(root.join(LINT_IGNORES)) else {
        return Vec::new();
    };
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| l.trim_start_matches("./").trim_end_matches('/').to_string())
        .collect()
}

/// Workspace roots by directory, found once per directory (a directory walk
/// asks for every file).
#[derive(Debug, Default)]
pub(super) struct Roots {
    by_dir: Mutex<HashMap<PathBuf, Option<Arc<Root>>>>,
}

impl Roots {
    /// The root of `path` (a file or a directory), with its lint-ignores.
    pub fn of(&self, path: &Path) -> Option<Arc<Root>> {
        let absolute = absolute_clean(path)?;
        let dir = if absolute.is_dir() {
            absolute.clone()
        } else {
            absolute.parent()?.to_path_buf()
        };
        let cached = self
            .by_dir
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&dir)
            .cloned();
        if let Some(root) = cached {
            return root;
        }
        // Found outside the lock: it touches the disk.
        let root = workspace_root(&dir).map(|dir| {
            Arc::new(Root {
                lint_ignores: read_lint_ignores(&dir),
                dir,
            })
        });
        self.by_dir
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(dir, root.clone());
        root
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_is_the_nearest_marked_directory() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("repo");
        std::fs::create_dir_all(root.join(".git")).unwrap();
        std::fs::create_dir_all(root.join("enhancements/net")).unwrap();
        std::fs::create_dir_all(root.join("hack")).unwrap();
        std::fs::write(
            root.join(LINT_IGNORES),
            "enhancements/net/old.md\n\n# a comment\n./enhancements/legacy/\n",
        )
        .unwrap();
        let file = root.join("enhancements/net/x.md");
        assert_eq!(workspace_root(&file).as_deref(), Some(root.as_path()));
        assert_eq!(
            workspace_root(&root.join("enhancements")).as_deref(),
            Some(root.as_path())
        );
        assert_eq!(
            workspace_root(&root.join("enhancements/../enhancements/net/x.md")).as_deref(),
            Some(root.as_path()),
            "cleaned, not `repo/enhancements/..`"
        );
        assert_eq!(
            relative_to_root(&root.join("enhancements/./net/../net/x.md"), &root),
            Some(PathBuf::from("enhancements/net/x.md"))
        );
        assert_eq!(relative_to_root(dir.path(), &root), None);

        let found = Roots::default().of(&file).unwrap();
        assert_eq!(found.dir, root);
        assert!(found.lint_ignored(Path::new("enhancements/net/old.md")));
        assert!(found.lint_ignored(Path::new("enhancements/legacy/a/b.md")));
        assert!(!found.lint_ignored(Path::new("enhancements/net/old.md.bak")));
        assert!(!found.lint_ignored(Path::new("enhancements/legacy-2/b.md")));
    }
}
