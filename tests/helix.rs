//! A real editor as the client: Helix 25.07.1 (`../shared/bin/hx`) under
//! tmux, configured with nothing but `editors/helix/languages.toml` in a
//! temporary `HOME`, as a person would use it: it opens a corpus proposal,
//! the diagnostics picker (`Space d`) lists the server's findings, the
//! code-action menu (`Space a`) applies "Insert all missing required
//! sections", and `:w` saves. The saved file then has every section the
//! proposal's window requires, and every line it had. Needs tmux and
//! `../shared`; skipped (saying so) without them, unless
//! PROPOSAL_LS_REQUIRE_SHARED is set (CI sets it, and installs tmux).

mod shared;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_proposal-ls");
/// A 2025 proposal whose required sections are partly missing (commented
/// out in an HTML comment at its end).
const PROPOSAL: &str = "enhancements/support-log-gather/must-gather-operator.md";

struct Tmux {
    socket: String,
}

impl Tmux {
    fn run(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .args(["-L", &self.socket])
            .args(args)
            .output()
            .expect("tmux runs")
    }

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "hx"];
        args.extend_from_slice(keys);
        self.run(&args);
    }

    fn screen(&self) -> String {
        String::from_utf8_lossy(&self.run(&["capture-pane", "-p", "-t", "hx"]).stdout).into_owned()
    }

    /// Wait until the screen shows `text`; the screen.
    fn wait_for(&self, text: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            assert!(
                Instant::now() < deadline,
                "Helix never showed {text:?}; the screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        self.run(&["kill-server"]);
    }
}

#[test]
fn helix_lists_the_findings_and_inserts_the_missing_sections() {
    let Some(hx) = shared::path("bin/hx") else {
        return;
    };
    let Some(corpus) = shared::corpus() else {
        return;
    };
    if Command::new("tmux").arg("-V").output().is_err() {
        assert!(
            std::env::var_os(shared::REQUIRE).is_none(),
            "tmux is needed for the Helix test ({} is set)",
            shared::REQUIRE
        );
        eprintln!("skipped: tmux not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let config = home.join(".config/helix");
    std::fs::create_dir_all(&config).unwrap();
    let languages = Path::new(env!("CARGO_MANIFEST_DIR")).join("editors/helix/languages.toml");
    std::fs::copy(&languages, config.join("languages.toml")).unwrap();
    let repo = dir.path().join("repo");
    std::fs::create_dir_all(repo.join(".git")).unwrap();
    let file = repo.join(PROPOSAL);
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    let before = std::fs::read_to_string(corpus.join(PROPOSAL)).unwrap();
    std::fs::write(&file, &before).unwrap();

    // The server on PATH, as the snippet expects (`command = "proposal-ls"`).
    let bin_dir: PathBuf = Path::new(BIN).parent().unwrap().to_path_buf();
    let path = format!("{}:/usr/local/bin:/usr/bin:/bin", bin_dir.display());
    let tmux = Tmux {
        socket: format!("proposal-ls-helix-{}", std::process::id()),
    };
    let command = format!(
        "env HOME={} PATH={path} {} {PROPOSAL}",
        home.display(),
        hx.display()
    );
    let started = tmux.run(&[
        "new-session",
        "-d",
        "-s",
        "hx",
        "-x",
        "160",
        "-y",
        "45",
        "-c",
        &repo.display().to_string(),
        &command,
    ]);
    assert!(
        started.status.success(),
        "tmux: {}",
        String::from_utf8_lossy(&started.stderr)
    );
    tmux.wait_for("must-gather-operator.md");

    // The diagnostics picker, once the server has answered.
    let deadline = Instant::now() + Duration::from_secs(20);
    let picker = loop {
        tmux.keys(&["Space", "d"]);
        std::thread::sleep(Duration::from_millis(300));
        let screen = tmux.screen();
        if screen.contains("missing-section") || Instant::now() > deadline {
            break screen;
        }
        tmux.keys(&["Escape"]);
        std::thread::sleep(Duration::from_millis(300));
    };
    assert!(picker.contains("proposal-ls missing-section"), "{picker}");
    assert!(picker.contains("Required section `## Test Pla"), "{picker}");
    tmux.keys(&["Escape"]);

    // The code-action menu: the document action comes first.
    tmux.keys(&["Space", "a"]);
    let menu = tmux.wait_for("Insert all missing required sections");
    let first_item = menu
        .lines()
        .find(|l| {
            l.contains("Insert all missing required sections")
                || l.contains("Update to the current template")
        })
        .unwrap_or("");
    assert!(
        first_item.contains("Insert all missing required sections"),
        "{menu}"
    );
    tmux.keys(&["Enter"]);
    tmux.wait_for("[+]");
    tmux.keys(&[":w", "Enter"]);
    tmux.wait_for("written");
    tmux.keys(&[":q", "Enter"]);

    let after = std::fs::read_to_string(&file).unwrap();
    // Every line the author wrote is still there, in order.
    let mut rest = after.lines();
    for line in before.lines() {
        assert!(
            rest.any(|l| l == line),
            "the line {line:?} was lost or moved:\n{after}"
        );
    }
    // And no required section is missing now.
    let check = Command::new(BIN)
        .args(["check", "--select", "missing-section", PROPOSAL])
        .current_dir(&repo)
        .output()
        .unwrap();
    let findings = String::from_utf8_lossy(&check.stdout);
    assert!(
        findings.starts_with("No problems"),
        "sections still missing after Helix applied the action:\n{findings}"
    );
}
