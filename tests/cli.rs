//! End-to-end tests of `proposal-ls check` and `explain`: spawn the real
//! binary on files in a temporary directory.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_proposal-ls");

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .output()
        .expect("binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A proposal that satisfies the embedded default template.
fn good_proposal(name: &str) -> String {
    let template = include_str!("../assets/enhancement_template.md");
    let sections: String = template
        .lines()
        .filter(|l| l.starts_with("##") && !l.contains("[optional]"))
        .map(|l| format!("{l}\n\nText.\n\n"))
        .collect();
    format!(
        "---
title: {name}
authors:
  - \"@alice\"
reviewers:
  - \"@bob\"
approvers:
  - \"@carol\"
api-approvers:
  - None
creation-date: 2024-01-31
last-updated: 2024-02-01
tracking-link:
  - https://issues.redhat.com/browse/X-1
---

# A Good Idea

{sections}"
    )
}

fn write(path: &Path, text: &str) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

#[test]
fn clean_file_exits_zero() {
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir.path().join("good-idea.md"),
        &good_proposal("good-idea"),
    );
    let o = run(dir.path(), &["check", "good-idea.md"]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert_eq!(stdout(&o), "No problems in 1 file.\n");
}

#[test]
fn findings_are_sorted_and_exit_one() {
    let dir = tempfile::tempdir().unwrap();
    let text = good_proposal("b")
        .replace("## Summary\n", "### Summary\n")
        .replace("title: b", "title: wrong");
    write(&dir.path().join("b.md"), &text);
    write(
        &dir.path().join("a.md"),
        &good_proposal("a").replace("## Motivation", "## motivation"),
    );
    let o = run(dir.path(), &["check", "b.md", "a.md"]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines,
        [
            "a.md:23:1: error[misnamed-section]: `## motivation` looks like the template's `## Motivation`; rename it so the section is recognised",
            "b.md:2:8: error[title-mismatch]: `title` must equal the file name without `.md`; set it to `b`",
            "b.md:19:1: error[heading-level]: `### Summary` is level 3, but the template has `## Summary` at level 2; change `###` to `##`",
            "Found 3 errors and 0 warnings in 2 of 2 files.",
        ]
    );
}

#[test]
fn json_and_github_formats() {
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir.path().join("x.md"),
        &good_proposal("x").replace("title: x", "title: y"),
    );
    let o = run(dir.path(), &["check", "--format", "json", "x.md"]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["files_checked"], 1);
    let f = &v["findings"][0];
    assert_eq!(f["rule"], "title-mismatch");
    assert_eq!(f["severity"], "error");
    assert_eq!(
        (f["line"].as_u64(), f["column"].as_u64()),
        (Some(2), Some(8))
    );
    assert_eq!(
        (f["end_line"].as_u64(), f["end_column"].as_u64()),
        (Some(2), Some(9))
    );
    assert_eq!(f["fix"], "Set title to `x`");

    let o = run(dir.path(), &["check", "--format", "github", "x.md"]);
    assert_eq!(
        stdout(&o),
        "::error file=x.md,line=2,col=8,endLine=2,endColumn=9,title=proposal-ls title-mismatch::`title` must equal the file name without `.md`; set it to `x`\n"
    );
}

#[test]
fn usage_and_io_errors_exit_two() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(dir.path(), &["check", "nope.md"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("nope.md: no such file or directory"),
        "{}",
        stderr(&o)
    );

    fs::write(dir.path().join("latin1.md"), b"---\ntitle: caf\xe9\n---\n").unwrap();
    let o = run(dir.path(), &["check", "latin1.md"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("latin1.md: not UTF-8 text (invalid byte at offset 14)"),
        "{}",
        stderr(&o)
    );

    let o = run(dir.path(), &["check", "--format", "xml"]);
    assert_eq!(o.status.code(), Some(2));
    let o = run(dir.path(), &["explain", "missing-sections"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("did you mean `missing-section`?"));
}

#[test]
fn explain_documents_every_rule() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(dir.path(), &["explain"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).lines().count() >= 20);
    let o = run(dir.path(), &["explain", "yaml-syntax"]);
    let out = stdout(&o);
    assert!(out.starts_with("yaml-syntax (error)"), "{out}");
    assert!(out.contains("Fix: For a value starting with `@`"), "{out}");
}

#[test]
fn directories_check_proposals_only_and_honour_gitignore() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir(root.join(".git")).unwrap();
    write(&root.join(".gitignore"), "enhancements/ignored/\n");
    write(&root.join("README.md"), "# Not a proposal\n");
    write(
        &root.join("enhancements/net/idea.md"),
        &good_proposal("idea"),
    );
    write(&root.join("enhancements/net/bad.md"), "# Bad\n");
    write(&root.join("enhancements/ignored/skip.md"), "# Skip\n");
    let o = run(root, &["check", "."]);
    let out = stdout(&o);
    assert!(
        out.contains("enhancements/net/bad.md:1:1: error[front-matter-missing]"),
        "{out}"
    );
    assert!(!out.contains("README") && !out.contains("skip.md"), "{out}");
    assert!(out.ends_with("in 1 of 2 files.\n"), "{out}");
    // A file named explicitly is checked wherever it is.
    let o = run(root, &["check", "README.md"]);
    assert!(stdout(&o).contains("README.md:1:1: error[front-matter-missing]"));
}

#[test]
fn workspace_template_replaces_the_default_and_flag_overrides_both() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let mut template = include_str!("../assets/enhancement_template.md").to_string();
    template.push_str("\n## Security Review\n\nWho reviewed security?\n");
    template = template.replace(
        "last-updated: yyyy-mm-dd\n",
        "last-updated: yyyy-mm-dd\nstatus: provisional|implementable\n",
    );
    write(&root.join("guidelines/enhancement_template.md"), &template);
    write(&root.join("enhancements/idea.md"), &good_proposal("idea"));
    let o = run(root, &["check", "enhancements/idea.md"]);
    let out = stdout(&o);
    assert!(
        out.contains("Required section `## Security Review` is missing"),
        "{out}"
    );
    assert!(
        out.contains("missing `status` (one of provisional, implementable)"),
        "{out}"
    );

    write(
        &root.join("other.md"),
        include_str!("../assets/enhancement_template.md"),
    );
    let o = run(
        root,
        &["check", "--template", "other.md", "enhancements/idea.md"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}

#[test]
fn fix_applies_safe_fixes_and_reports_them() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("idea.md");
    let before = good_proposal("idea")
        .replace("title: idea", "title: old-name")
        .replace("## Proposal\n\nText.\n\n", "")
        .replace("  - \"@alice\"", "  - @alice");
    write(&path, &before);
    let o = run(dir.path(), &["check", "--fix", "idea.md"]);
    let out = stdout(&o);
    assert!(
        out.contains("idea.md: fixed: Quote every `@handle` in the front matter [yaml-syntax]"),
        "{out}"
    );
    assert!(
        out.contains("idea.md: fixed: Set title to `idea` [title-mismatch]"),
        "{out}"
    );
    assert!(
        out.contains("idea.md: fixed: Insert `## Proposal`"),
        "{out}"
    );
    assert_eq!(o.status.code(), Some(0), "{out}");
    let after = fs::read_to_string(&path).unwrap();
    assert!(after.contains("  - '@alice'\n"));
    assert!(after.contains("## Motivation"));
    // Every line of the original survives (fixes only add or rewrite in place).
    for line in before
        .lines()
        .filter(|l| !l.contains("@alice") && !l.contains("old-name"))
    {
        assert!(after.contains(line), "lost {line:?}");
    }
}

#[test]
fn readme_rules_table_is_current() {
    let dir = tempfile::tempdir().unwrap();
    let table = stdout(&run(dir.path(), &["explain", "--markdown"]));
    let readme = include_str!("../README.md");
    assert!(
        readme.contains(&table),
        "README's rules table is stale: replace it with `proposal-ls explain --markdown`"
    );
}

#[test]
fn readme_quick_start_output_is_current() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let o = run(root, &["check", "examples/enhancements/sample-proposal.md"]);
    let actual = stdout(&o);
    let readme = include_str!("../README.md");
    let start = readme
        .find("```text\nexamples/")
        .expect("quick start output in README")
        + 8;
    let block = &readme[start..start + readme[start..].find("```").unwrap()];
    for line in block.lines().filter(|l| *l != "...") {
        assert!(
            actual.lines().any(|a| a == line),
            "README shows `{line}`, check prints:\n{actual}"
        );
    }
}

#[test]
fn select_and_ignore_turn_rules_on_and_off_fixes_included() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("enhancements/idea.md");
    // A wrong title (title-mismatch) and a missing `## Summary` (missing-section).
    let text = good_proposal("other").replace("## Summary\n\nText.\n\n", "");
    write(&path, &text);
    let rules_of = |o: &Output| -> Vec<String> {
        stdout(o)
            .lines()
            .filter_map(|l| l.split_once("[").and_then(|(_, r)| r.split_once(']')))
            .map(|(rule, _)| rule.to_string())
            .collect()
    };
    let all = run(dir.path(), &["check", "enhancements/idea.md"]);
    assert_eq!(rules_of(&all), ["title-mismatch", "missing-section"]);

    let ignored = run(
        dir.path(),
        &[
            "check",
            "--ignore",
            "title-mismatch",
            "enhancements/idea.md",
        ],
    );
    assert_eq!(rules_of(&ignored), ["missing-section"]);
    let selected = run(
        dir.path(),
        &[
            "check",
            "--select=title-mismatch,missing-key",
            "enhancements/idea.md",
        ],
    );
    assert_eq!(rules_of(&selected), ["title-mismatch"]);

    // --fix applies only the fixes of rules that are on.
    let fixed = run(
        dir.path(),
        &[
            "check",
            "--fix",
            "--ignore=missing-section",
            "enhancements/idea.md",
        ],
    );
    assert_eq!(fixed.status.code(), Some(0), "{}", stdout(&fixed));
    let after = fs::read_to_string(&path).unwrap();
    assert!(
        after.starts_with("---\ntitle: idea\n") && !after.contains("## Summary"),
        "{after}"
    );

    let unknown = run(
        dir.path(),
        &["check", "--ignore", "title-mismatc", "enhancements/idea.md"],
    );
    assert_eq!(unknown.status.code(), Some(2));
    assert!(
        stderr(&unknown)
            .contains("unknown rule `title-mismatc` in --ignore; did you mean `title-mismatch`?"),
        "{}",
        stderr(&unknown)
    );
}

#[test]
fn suppressed_findings_are_gone_and_the_exit_code_follows() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.md");
    let misnamed = good_proposal("a").replace(
        "## Motivation",
        "<!-- proposal-ls-disable-next-line misnamed-section -->\n## motivation",
    );
    write(&path, &misnamed);
    let o = run(dir.path(), &["check", "a.md"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert_eq!(stdout(&o), "No problems in 1 file.\n");

    // An error left unsuppressed still fails; a misspelt id is a hint,
    // and `--fix` removes no comment.
    let text = misnamed.replacen("title: a", "title: wrong", 1).replacen(
        "# A Good Idea",
        "<!-- proposal-ls-disable-file misnamed-sectoin -->\n# A Good Idea",
        1,
    );
    write(&path, &text);
    let o = run(dir.path(), &["check", "--fix", "a.md"]);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(0), "{out}");
    assert!(
        out.contains("a.md: fixed: Set title to `a` [title-mismatch]"),
        "{out}"
    );
    assert!(
        out.contains("a.md:17:31: hint[unknown-suppression]: There is no rule `misnamed-sectoin` (did you mean `misnamed-section`?)"),
        "{out}"
    );
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        text.replacen("title: wrong", "title: a", 1)
    );
    write(&path, &text);
    let o = run(dir.path(), &["check", "a.md"]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
}
