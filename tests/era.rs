//! The era policy and the CI scope on a clone of the real repository
//! (`../shared/corpus/openshift-enhancements.bundle`): proposals of 2019,
//! 2021, 2023 and 2026 judged by their windows, a proposal without a
//! `creation-date` by the commit that added it, a copy outside any
//! repository by the embedded history, and `--new-since` /
//! `--changed-since` against `git diff`.

mod shared;

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_proposal-ls");

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .output()
        .expect("binary runs")
}

fn git(dir: &Path, args: &[&str], date: Option<&str>) -> String {
    let mut cmd = Command::new("git");
    cmd.args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
        .args(args)
        .current_dir(dir);
    if let Some(date) = date {
        cmd.env("GIT_COMMITTER_DATE", date)
            .env("GIT_AUTHOR_DATE", date);
    }
    let out = cmd.output().expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// (line, rule) of every finding, and the messages by rule.
fn findings(dir: &Path, args: &[&str]) -> Vec<(u64, String, String)> {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let out = run(dir, &all);
    let json: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["line"].as_u64().unwrap(),
                f["rule"].as_str().unwrap().to_string(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn rules(found: &[(u64, String, String)]) -> Vec<(u64, &str)> {
    found.iter().map(|(l, r, _)| (*l, r.as_str())).collect()
}

const STRUCTURAL: [&str; 6] = [
    "missing-section",
    "heading-level",
    "section-order",
    "section-parent",
    "missing-key",
    "misnamed-section",
];

fn structural(found: &[(u64, String, String)]) -> usize {
    found
        .iter()
        .filter(|(_, r, _)| STRUCTURAL.contains(&r.as_str()))
        .count()
}

#[test]
fn proposals_are_judged_by_the_templates_of_their_time() {
    let Some(dir) = shared::bundle_clone() else {
        return;
    };
    let root = shared::clone_root(&dir);

    // 2019: the title is wrong in every era; the rest is what later
    // templates added, summed up at the title.
    let old = "enhancements/mcd-reboot-exceptions.md";
    let found = findings(&root, &[old]);
    assert_eq!(
        rules(&found),
        [(2, "title-mismatch"), (30, "older-template")]
    );
    let hint = &found[1].2;
    assert!(
        hint.starts_with("This proposal, created on 2019-12-15, is judged by the templates in force since then (the version of 2019-09-26 and later); today's template changed, after it was created: on 2021-10-26, `### API Extensions`"),
        "{hint}"
    );
    for later in [
        "on 2021-11-11, the key `tracking-link`",
        "on 2024-02-13, `### Topology Considerations`",
        "`## Test Plan` (level or place)",
    ] {
        assert!(hint.contains(later), "{later}: {hint}");
    }
    // By today's template alone: a wall of structural errors.
    let today = findings(&root, &["--era", "current", old]);
    assert!(structural(&today) >= 15, "{today:?}");

    // 2021 and 2023: only the hint.
    for (file, created, since) in [
        (
            "enhancements/authentication/pod-security-admission.md",
            "2021-09-14",
            "2021-03-24",
        ),
        (
            "enhancements/console/samples.md",
            "2023-05-09",
            "2022-05-06",
        ),
    ] {
        let found = findings(&root, &[file]);
        assert_eq!(
            found.iter().map(|(_, r, _)| r.as_str()).collect::<Vec<_>>(),
            ["older-template"],
            "{file}: {found:?}"
        );
        assert!(
            found[0].2.starts_with(&format!("This proposal, created on {created}, is judged by the templates in force since then (the version of {since} and later)")),
            "{}",
            found[0].2
        );
        assert!(structural(&findings(&root, &["--era", "current", file])) > 5);
    }
    // `config FILE` shows the window and where each version came from.
    let config = run(&root, &["config", "enhancements/console/samples.md"]);
    let config = String::from_utf8_lossy(&config.stdout);
    for line in [
        "created",
        "2023-05-09",
        "(creation-date)",
        "git history of the template file",
        "template of 2022-05-06",
        "judged by (current)",
    ] {
        assert!(config.contains(line), "{line}: {config}");
    }
    assert!(!config.contains("template of 2021-"), "{config}");

    // 2023: status was not a key then; today's template requires it.
    let samples = findings(&root, &["enhancements/console/samples.md"]);
    assert!(
        samples[0].2.contains("on 2026-01-05, the key `status`"),
        "{}",
        samples[0].2
    );

    // 2026: today's template, no hint, nothing excused.
    let new = "enhancements/hypershift/etcd-sharding-by-resource-kind.md";
    assert_eq!(
        findings(&root, &[new]),
        findings(&root, &["--era", "current", new])
    );
    assert_eq!(findings(&root, &[new]), []);

    // No status finding where the window has a template with the key's
    // state: a missing `status` is reported only on proposals created
    // after it came back (2026-01-05), and an unknown one never (2021-11
    // to 2026-01 templates had none).
    let out = run(&root, &["check", "--format", "json", "enhancements"]);
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut missing = 0;
    for f in json["findings"].as_array().unwrap() {
        let (rule, message) = (f["rule"].as_str().unwrap(), f["message"].as_str().unwrap());
        if !message.contains("`status`") || !matches!(rule, "missing-key" | "unknown-key") {
            continue;
        }
        assert_eq!(rule, "missing-key", "{f}");
        let text = std::fs::read_to_string(root.join(f["path"].as_str().unwrap())).unwrap();
        let created = text
            .lines()
            .find_map(|l| l.strip_prefix("creation-date:"))
            .map(str::trim)
            .unwrap_or("");
        assert!(created >= "2026-01-05", "{f}: created {created}");
        missing += 1;
    }
    assert!(
        missing > 0,
        "proposals created in 2026 without status are reported"
    );

    // Without a creation-date: the day the commit added the file.
    let undated =
        std::fs::read_to_string(root.join("enhancements/authentication/pod-security-admission.md"))
            .unwrap()
            .replace("creation-date: 2021-09-14\n", "")
            .replace("title: pod-security-admission", "title: undated");
    let path = "enhancements/era-test/undated.md";
    std::fs::create_dir_all(root.join("enhancements/era-test")).unwrap();
    std::fs::write(root.join(path), &undated).unwrap();
    // Not committed yet: a new file, judged by today's template.
    let uncommitted = findings(&root, &[path]);
    assert!(structural(&uncommitted) > 5, "{uncommitted:?}");
    git(&root, &["add", path], None);
    git(
        &root,
        &["commit", "-q", "-m", "an undated proposal"],
        Some("2021-09-20T12:00:00Z"),
    );
    let committed = findings(&root, &[path]);
    // Every template asks for the date; nothing else is reported.
    assert_eq!(
        rules(&committed),
        [(1, "missing-key"), (19, "older-template")]
    );
    assert!(committed[0].2.contains("`creation-date`"));
    let hint = &committed[1].2;
    assert!(
        hint.starts_with("This proposal, added to the repository on 2021-09-20 (it has no valid `creation-date`), is judged by the templates in force since then"),
        "{hint}"
    );

    // Outside any repository: the embedded history judges the same.
    let outside = tempfile::tempdir().unwrap();
    let copy = outside.path().join("enhancements/samples.md");
    std::fs::create_dir_all(copy.parent().unwrap()).unwrap();
    std::fs::copy(root.join("enhancements/console/samples.md"), &copy).unwrap();
    let away = findings(outside.path(), &["enhancements/samples.md"]);
    assert_eq!(
        rules(&away),
        rules(&findings(&root, &["enhancements/console/samples.md"]))
    );
}

#[test]
fn new_since_and_changed_since_check_what_a_change_touched() {
    let Some(dir) = shared::bundle_clone() else {
        return;
    };
    let root = shared::clone_root(&dir);
    let checked = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["check", "--format", "json"];
        all.extend_from_slice(args);
        let out = run(&root, &all);
        assert!(
            out.status.code().is_some_and(|c| c <= 1),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let json: Value = serde_json::from_slice(&out.stdout).unwrap();
        let mut paths: Vec<String> = json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                f["path"]
                    .as_str()
                    .unwrap()
                    .trim_start_matches("./")
                    .to_string()
            })
            .collect();
        paths.dedup();
        assert_eq!(
            json["files_checked"].as_u64(),
            Some(paths.len() as u64),
            "every file here has a finding"
        );
        paths
    };
    let diff = |range: &str, filter: &str| -> Vec<String> {
        let mut files: Vec<String> = git(
            &root,
            &[
                "diff",
                "--no-renames",
                "--name-status",
                &format!("--diff-filter={filter}"),
                range,
                "--",
                "enhancements",
            ],
            None,
        )
        .lines()
        .filter_map(|l| l.split('\t').nth(1))
        .filter(|p| p.ends_with(".md"))
        .map(String::from)
        .collect();
        files.sort();
        files
    };

    // A branch that adds one proposal and edits another.
    git(&root, &["checkout", "-q", "-b", "change"], None);
    let added = "enhancements/era-test/new-idea.md";
    std::fs::create_dir_all(root.join("enhancements/era-test")).unwrap();
    std::fs::write(
        root.join(added),
        "---\ntitle: new-idea\n---\n\n# New Idea\n",
    )
    .unwrap();
    let edited = "enhancements/console/samples.md";
    let mut text = std::fs::read_to_string(root.join(edited)).unwrap();
    text.push_str("\nOne more line.\n");
    std::fs::write(root.join(edited), text).unwrap();
    git(&root, &["add", "-A"], None);
    git(&root, &["commit", "-q", "-m", "add and edit"], None);
    assert_eq!(checked(&["--new-since", "master", "enhancements"]), [added]);
    assert_eq!(diff("master...HEAD", "A"), [added]);
    let mut both = vec![edited.to_string(), added.to_string()];
    both.sort();
    assert_eq!(
        checked(&["--changed-since", "master", "enhancements"]),
        both
    );
    assert_eq!(diff("master...HEAD", "AM"), both);

    // The real history: the commit that added a 2025 proposal.
    git(&root, &["checkout", "-q", "934c02dc"], None);
    let expected = diff("HEAD^", "A");
    assert_eq!(
        expected,
        ["enhancements/cluster-logging/workload-identity-auth-for-azure-monitor-logs.md"]
    );
    assert_eq!(checked(&["--new-since", "HEAD^", "enhancements"]), expected);
    assert_eq!(
        checked(&["--changed-since", "HEAD~3", "enhancements"]),
        diff("HEAD~3", "AM")
    );

    // A revision that does not resolve is an error, not a green.
    let out = run(
        &root,
        &["check", "--new-since", "no-such-rev", "enhancements"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("`no-such-rev` is not a revision"));
}

/// The window memo (older versions' judgement looked up by the structure
/// a proposal has) changes no finding: every corpus proposal, and the same
/// with a paragraph typed at its end (the same structure, so a memo hit)
/// or a heading renamed, judged by a history that has seen them and by a
/// fresh copy.
#[test]
fn the_window_memo_changes_no_finding() {
    use proposal_ls::era::Era;
    use proposal_ls::history::TemplateHistory;
    use proposal_ls::{FileContext, analyze_in_era, markdown};
    let Some(root) = shared::corpus() else {
        return;
    };
    let seen = TemplateHistory::embedded();
    let files = shared::corpus_files(&root);
    assert!(
        files.len() > 500,
        "the corpus has {} proposals",
        files.len()
    );
    for path in files {
        let text = std::fs::read_to_string(&path).expect("read proposal");
        let file = FileContext::for_path(&path);
        // A heading renamed: another structure, which must not be taken
        // for the one remembered.
        let renamed = text.replacen("\n## ", "\n## Renamed ", 1);
        let typed = format!("{text}\nA paragraph typed at the end.\n");
        for text in [text.clone(), typed, renamed] {
            let tree = markdown::parse(&text);
            let remembered = analyze_in_era(&text, &tree, &seen, Era::Window, &file);
            let fresh = analyze_in_era(&text, &tree, &seen.clone(), Era::Window, &file);
            assert_eq!(remembered, fresh, "{}", path.display());
        }
    }
}
