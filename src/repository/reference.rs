//! What a path written in a proposal points at: a `see-also` entry, a
//! markdown link or image. Paths starting with `/` are from the repository
//! root (as GitHub renders them); others are from the proposal's directory,
//! or from the root when they begin with a top-level directory of the
//! repository (`enhancements/x/y.md`, as many proposals write it).
//! URLs, anchors and spellings of "none" name no file and are not judged.

use super::{Repository, file_name};
use crate::values::handle::means_none;

/// How a reference is written; a suggested path is written the same way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// `/enhancements/x.md`.
    FromRoot,
    /// `enhancements/x.md`: from the root, without the leading `/`.
    RootRelative,
    /// `../x.md`, `x.md`, `./images/x.png`: from the proposal's directory.
    FromFile,
}

/// The file part of a reference: without `#fragment` or `?query`, and
/// where it lies in the value (bytes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target<'a> {
    pub path: &'a str,
    pub range: std::ops::Range<usize>,
}

/// The file a reference value names, or `None` when it names none: empty,
/// a URL (`https:`, `mailto:`), an anchor in the same document, or `N/A`.
pub fn target(value: &str) -> Option<Target<'_>> {
    let trimmed = value.trim();
    let start = value.len() - value.trim_start().len();
    let path_end = trimmed.find(['#', '?']).unwrap_or(trimmed.len());
    let path = trimmed.get(..path_end)?;
    let names_nothing = path.is_empty()
        || has_scheme(trimmed)
        || means_none(trimmed)
        || path.chars().any(char::is_whitespace)
        || !(path.contains('/') || path.contains('.'));
    (!names_nothing).then(|| Target {
        path,
        range: start..start + path.len(),
    })
}

/// `https://...`, `mailto:...`: a scheme of letters before a colon.
fn has_scheme(value: &str) -> bool {
    value.split_once(':').is_some_and(|(scheme, _)| {
        scheme.len() > 1
            && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    })
}

/// What a target resolves to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    /// A file or directory of the repository (relative to its root), and
    /// how the reference is written.
    Found { path: String, form: Form },
    /// Nothing there: the path it was read as, and how it is written.
    Missing { path: String, form: Form },
    /// Above the repository root: not judged.
    Outside,
}

impl Repository {
    /// Resolve a target written in the proposal at `from` (relative to the
    /// root).
    pub fn resolve(&self, from: &str, target: &str) -> Resolution {
        let from_dir = parent(from);
        if let Some(from_root) = target.strip_prefix('/') {
            return match clean("", from_root) {
                Some(path) if self.exists(&path) => Resolution::Found {
                    path,
                    form: Form::FromRoot,
                },
                Some(path) => Resolution::Missing {
                    path,
                    form: Form::FromRoot,
                },
                None => Resolution::Outside,
            };
        }
        let beside = clean(from_dir, target);
        if let Some(path) = beside.as_ref().filter(|p| self.exists(p)) {
            return Resolution::Found {
                path: path.clone(),
                form: Form::FromFile,
            };
        }
        // `./x` and `../x` say they are from the file.
        let explicit = target.starts_with("./") || target.starts_with("../");
        let top = target.split('/').next().unwrap_or("");
        let from_root = !explicit && !top.is_empty() && self.dirs.contains(top);
        if from_root && let Some(path) = clean("", target) {
            if self.exists(&path) {
                return Resolution::Found {
                    path,
                    form: Form::RootRelative,
                };
            }
            let meant_from_root = !self.dirs.contains(&join(from_dir, top));
            if meant_from_root {
                return Resolution::Missing {
                    path,
                    form: Form::RootRelative,
                };
            }
        }
        match beside {
            Some(path) => Resolution::Missing {
                path,
                form: Form::FromFile,
            },
            None => Resolution::Outside,
        }
    }

    /// The file a missing path most likely meant, written in `form` for
    /// the proposal at `from`: a file of the same name elsewhere (most
    /// broken references lack or double a directory), the same name with
    /// `.md`, or a file whose name is a near miss in the same directory.
    /// `None` when nothing is close, or two candidates are equally close.
    pub fn did_you_mean(&self, from: &str, missing: &str, form: Form) -> Option<String> {
        let found = self.suggestion(missing, || self.closest_file(missing))?;
        Some(write_path(form, from, &found))
    }

    fn closest_file(&self, missing: &str) -> Option<String> {
        let name = file_name(missing);
        let mut same_name: Vec<&String> = self.files_named(name).iter().collect();
        if same_name.is_empty() && !name.contains('.') {
            same_name = self.files_named(&format!("{name}.md")).iter().collect();
        }
        if !same_name.is_empty() {
            return best(missing, same_name.into_iter().map(String::as_str));
        }
        // A near-miss name of the same kind in the directory it names.
        let dir = parent(missing);
        let siblings = self
            .files()
            .filter(|f| parent(f) == dir && extension(f) == extension(missing));
        let scored = siblings.filter(|f| strsim::normalized_levenshtein(file_name(f), name) >= 0.8);
        if let Some(found) = best(missing, scored) {
            return Some(found);
        }
        // A directory written into the name (`single-node-x.md` for
        // `single-node/x.md`), or the reverse: the same path once
        // separators are alike.
        let flat = |p: &str| p.replace(['/', '_'], "-").to_lowercase();
        let flat_missing = flat(missing);
        let shaped = self.files().filter(|f| flat(f) == flat_missing);
        best(missing, shaped)
    }
}

/// `target` (relative to the root) written in `form` for the file at
/// `from`.
pub fn write_path(form: Form, from: &str, target: &str) -> String {
    match form {
        Form::FromRoot => format!("/{target}"),
        Form::RootRelative => target.to_string(),
        Form::FromFile => relative_path(parent(from), target),
    }
}

/// The candidate closest to `missing` as a whole path, if one is closer
/// than every other.
fn best<'a>(missing: &str, candidates: impl Iterator<Item = &'a str>) -> Option<String> {
    let mut scored: Vec<(f64, &str)> = candidates
        .map(|c| (strsim::normalized_levenshtein(c, missing), c))
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    match scored.as_slice() {
        [(top, path), (second, _), ..] if top > second => Some(path.to_string()),
        [(_, path)] => Some(path.to_string()),
        _ => None,
    }
}

fn extension(path: &str) -> Option<&str> {
    file_name(path).rsplit_once('.').map(|(_, ext)| ext)
}

/// A web address written without its scheme (`github.com/org/repo`,
/// `www.example.com`): GitHub reads it as a path from the file, which
/// leads nowhere.
pub fn is_web_address(path: &str) -> bool {
    const DOMAINS: &[&str] = &[
        "com", "org", "net", "io", "dev", "edu", "gov", "co", "ai", "app", "cloud", "sh", "me",
        "info",
    ];
    let host = path.split('/').next().unwrap_or("");
    let labels: Vec<&str> = host.split('.').collect();
    let well_formed = labels.len() >= 2
        && labels
            .iter()
            .all(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'));
    well_formed
        && (host.starts_with("www.")
            || labels
                .last()
                .is_some_and(|top| DOMAINS.contains(&top.to_ascii_lowercase().as_str())))
}

/// The directory of a relative path (`""` at the root).
fn parent(path: &str) -> &str {
    path.rfind('/').and_then(|i| path.get(..i)).unwrap_or("")
}

fn join(dir: &str, path: &str) -> String {
    if dir.is_empty() {
        path.to_string()
    } else {
        format!("{dir}/{path}")
    }
}

/// `path` read from `dir`, lexically cleaned (empty and `.` parts
/// dropped, `..` taking the part before); `None` above the root.
fn clean(dir: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(part),
        }
    }
    Some(parts.join("/"))
}

/// The path from directory `dir` to `path` (both relative to the root).
fn relative_path(dir: &str, path: &str) -> String {
    let dir_parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    let path_parts: Vec<&str> = path.split('/').collect();
    let common = dir_parts
        .iter()
        .zip(&path_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let ups = dir_parts.len() - common;
    let mut parts: Vec<&str> = std::iter::repeat_n("..", ups).collect();
    parts.extend(path_parts.iter().skip(common));
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repository(files: &[&str]) -> Repository {
        let mut repository = Repository::empty(std::path::Path::new("/repo"));
        for file in files {
            repository.insert(file.to_string(), None);
        }
        repository
    }

    const FILES: &[&str] = &[
        "enhancements/network/a.md",
        "enhancements/network/images/diagram.png",
        "enhancements/installer/b.md",
        "enhancements/installer/azure-private.md",
        "enhancements/cluster-logging/cluster-logging-log-forwarding.md",
        "enhancements/single-node/production-profile.md",
        "guidelines/enhancement_template.md",
    ];

    #[test]
    fn what_names_a_file() {
        assert_eq!(
            target("/enhancements/a.md").map(|t| t.path),
            Some("/enhancements/a.md")
        );
        assert_eq!(
            target(" ../a.md#goals").map(|t| (t.path, t.range)),
            Some(("../a.md", 1..8))
        );
        for nothing in [
            "https://github.com/x",
            "mailto:a@b.c",
            "#goals",
            "N/A",
            "NA",
            "TBD",
            "",
            "a b/c.md",
        ] {
            assert_eq!(target(nothing), None, "{nothing}");
        }
        assert_eq!(
            target("/https://docs.google.com/x").map(|t| t.path),
            Some("/https://docs.google.com/x")
        );
    }

    #[test]
    fn paths_from_the_root_the_file_and_the_top_directories() {
        let repo = repository(FILES);
        let from = "enhancements/network/c.md";
        let found = |written: &str| match repo.resolve(from, written) {
            Resolution::Found { path, form } => (path, form),
            other => panic!("{written}: {other:?}"),
        };
        let b = || ("enhancements/installer/b.md".to_string(), Form::FromRoot);
        assert_eq!(found("/enhancements/installer/b.md"), b());
        assert_eq!(found("/enhancements//installer/b.md"), b());
        let beside = |p: &str| (p.to_string(), Form::FromFile);
        assert_eq!(found("a.md"), beside("enhancements/network/a.md"));
        assert_eq!(
            found("./images/diagram.png"),
            beside("enhancements/network/images/diagram.png")
        );
        assert_eq!(
            found("../installer/b.md"),
            beside("enhancements/installer/b.md")
        );
        assert_eq!(
            found("enhancements/installer/b.md"),
            (
                "enhancements/installer/b.md".to_string(),
                Form::RootRelative
            )
        );
        assert_eq!(found("images"), beside("enhancements/network/images"));
        assert_eq!(repo.resolve(from, "../../../x.md"), Resolution::Outside);
        assert_eq!(
            repo.resolve(from, "enhancements/installer/x.md"),
            Resolution::Missing {
                path: "enhancements/installer/x.md".into(),
                form: Form::RootRelative
            }
        );
        assert_eq!(
            repo.resolve(from, "../x.md"),
            Resolution::Missing {
                path: "enhancements/x.md".into(),
                form: Form::FromFile
            }
        );
    }

    #[test]
    fn did_you_mean_keeps_the_form() {
        let repo = repository(FILES);
        let from = "enhancements/network/c.md";
        let guess = |written: &str| match repo.resolve(from, written) {
            Resolution::Missing { path, form } => repo.did_you_mean(from, &path, form),
            other => panic!("{written} resolves: {other:?}"),
        };
        // A missing area directory, a doubled one, a missing `.md`.
        assert_eq!(
            guess("/enhancements/b.md").as_deref(),
            Some("/enhancements/installer/b.md")
        );
        assert_eq!(
            guess("/enhancements/enhancements/installer/b.md").as_deref(),
            Some("/enhancements/installer/b.md")
        );
        assert_eq!(
            guess("cluster-logging/cluster-logging-log-forwarding").as_deref(),
            Some("../cluster-logging/cluster-logging-log-forwarding.md")
        );
        assert_eq!(
            guess("./enhancements/azure-private.md").as_deref(),
            Some("../installer/azure-private.md")
        );
        assert_eq!(
            guess("enhancements/network/aa.md").as_deref(),
            Some("enhancements/network/a.md")
        );
        assert_eq!(
            guess("/enhancements/single-node-production-profile.md").as_deref(),
            Some("/enhancements/single-node/production-profile.md")
        );
        assert_eq!(guess("/enhancements/nothing-like-it.md"), None);
    }

    #[test]
    fn two_equally_close_files_are_no_suggestion() {
        let repo = repository(&["x/one/a.md", "x/two/a.md"]);
        assert_eq!(repo.did_you_mean("x/c.md", "x/a.md", Form::FromFile), None);
    }

    #[test]
    fn web_addresses_without_their_scheme() {
        for web in [
            "github.com/org/repo",
            "www.example.org",
            "containerlab.dev",
            "docs.ci.openshift.org/x",
        ] {
            assert!(is_web_address(web), "{web}");
        }
        for path in [
            "images/x.png",
            "a.md",
            "../x.com.md",
            "openshift/machine-config-operator",
            "x.png",
        ] {
            assert!(!is_web_address(path), "{path}");
        }
    }

    #[test]
    fn relative_paths_between_directories() {
        assert_eq!(relative_path("a/b", "a/c/d.md"), "../c/d.md");
        assert_eq!(relative_path("", "a/d.md"), "a/d.md");
        assert_eq!(relative_path("a/b", "a/b/d.md"), "d.md");
    }
}
