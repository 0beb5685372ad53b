//! A real editor as the client: headless Neovim (Debian's package) with the
//! configuration in editors/neovim opens a proposal, receives diagnostics,
//! completes a heading and applies "insert all missing sections" through
//! its own `vim.lsp.util.apply_workspace_edit`. Runs tests/editors/
//! neovim_e2e.lua; skipped (saying so) where `nvim` is not installed,
//! unless PROPOSAL_LS_REQUIRE_NVIM is set (CI sets it).

use std::path::Path;
use std::process::Command;

const TEMPLATE: &str = include_str!("../assets/enhancement_template.md");

#[test]
fn neovim_end_to_end() {
    let nvim = Command::new("nvim").arg("--version").output();
    let Ok(version) = nvim else {
        assert!(
            std::env::var_os("PROPOSAL_LS_REQUIRE_NVIM").is_none(),
            "nvim is required (PROPOSAL_LS_REQUIRE_NVIM is set) but not installed"
        );
        eprintln!("skipped: nvim not installed");
        return;
    };
    eprintln!(
        "{}",
        String::from_utf8_lossy(&version.stdout)
            .lines()
            .next()
            .unwrap_or("")
    );

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
    let out = Command::new("nvim")
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
