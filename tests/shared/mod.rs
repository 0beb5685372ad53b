//! Test input that lives beside the repository, in `../shared` (the corpus
//! of real proposals, upstream's lint, the seed template). Nobody here wrote
//! it and it is never copied into the project.
//!
//! On a developer's machine without it, a test that needs it says so and
//! skips. CI sets `PROPOSAL_LS_REQUIRE_SHARED=1` (`.ci/run`), and there a
//! missing input fails the test: a test must never pass because its input
//! is missing.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The variable CI sets to make missing shared input a failure.
pub const REQUIRE: &str = "PROPOSAL_LS_REQUIRE_SHARED";

/// `../shared/<relative>` if it exists. Otherwise: a panic when
/// [`REQUIRE`] is set, else a "skipped" note on stderr and `None`.
#[track_caller]
pub fn path(relative: &str) -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared")
        .join(relative);
    if p.exists() {
        return Some(p);
    }
    assert!(
        std::env::var_os(REQUIRE).is_none(),
        "{} is missing, and {REQUIRE} is set: this test must run here",
        p.display()
    );
    eprintln!("skipped: {} not present", p.display());
    None
}

/// The corpus repository's root (`guidelines/`, `enhancements/`).
#[track_caller]
pub fn corpus() -> Option<PathBuf> {
    path("corpus/openshift-enhancements")
}

/// Every proposal in the corpus, sorted.
pub fn corpus_files(root: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = ignore::WalkBuilder::new(root.join("enhancements"))
        .build()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    files.sort();
    files
}

/// A fresh clone of the corpus repository's bundle (its full history) in
/// a temporary directory, made with the `git` command line.
#[track_caller]
pub fn bundle_clone() -> Option<tempfile::TempDir> {
    let bundle = path("corpus/openshift-enhancements.bundle")?;
    let dir = tempfile::tempdir().expect("a temporary directory");
    let clone = dir.path().join("enhancements-repo");
    let status = std::process::Command::new("git")
        .args(["clone", "--quiet"])
        .arg(&bundle)
        .arg(&clone)
        .status()
        .expect("git runs");
    assert!(status.success(), "git clone of {} failed", bundle.display());
    Some(dir)
}

/// The repository inside a [`bundle_clone`] directory.
pub fn clone_root(dir: &tempfile::TempDir) -> PathBuf {
    dir.path().join("enhancements-repo")
}

/// A Python with PyYAML (upstream's lint needs it): the system's if it has
/// it, else a virtual environment this test run makes once under the
/// target directory (Debian's system Python refuses `pip install`).
pub fn python_with_yaml() -> PathBuf {
    use std::process::Command;
    let has_yaml = |python: &Path| {
        Command::new(python)
            .args(["-c", "import yaml"])
            .output()
            .is_ok_and(|o| o.status.success())
    };
    let system = PathBuf::from("python3");
    if has_yaml(&system) {
        return system;
    }
    let venv = Path::new(env!("CARGO_TARGET_TMPDIR")).join("python-yaml");
    let python = venv.join("bin/python");
    if !has_yaml(&python) {
        let made = Command::new("python3")
            .args(["-m", "venv"])
            .arg(&venv)
            .status()
            .is_ok_and(|s| s.success());
        assert!(made, "python3 -m venv {} failed", venv.display());
        let installed = Command::new(&python)
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "pyyaml",
            ])
            .status()
            .is_ok_and(|s| s.success());
        assert!(
            installed,
            "pip install pyyaml into {} failed",
            venv.display()
        );
    }
    python
}
