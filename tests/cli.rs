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
status: implementable
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
            "a.md:24:1: error[misnamed-section]: [*] `## motivation` looks like the template's `## Motivation`; rename it so the section is recognised",
            "b.md:2:8: error[title-mismatch]: [*] `title` must equal the file name without `.md`; set it to `b`",
            "b.md:20:1: error[heading-level]: [*] `### Summary` is level 3, but the template has `## Summary` at level 2; change `###` to `##`",
            "Found 3 errors and 0 warnings in 2 of 2 files; 3 fixable with `--fix`.",
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
    assert!(out.contains("\nApplied by `check --fix`: yes.\n"), "{out}");
    // Whether `check --fix` applies a rule's fix, as the rule declares it.
    let applied = |rule: &str| {
        let out = stdout(&run(dir.path(), &["explain", rule]));
        out.lines()
            .find_map(|l| l.strip_prefix("Applied by `check --fix`: "))
            .map(str::to_string)
    };
    assert_eq!(
        applied("template-boilerplate").as_deref(),
        Some("no, editor only: it removes text.")
    );
    assert_eq!(
        applied("invalid-enum-value").as_deref(),
        Some(
            "when the value differs from the allowed one in case alone (a spelling suggestion is the editor's); otherwise editor only."
        )
    );
    assert_eq!(applied("section-order"), None, "no fix, nothing applied");
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
        out.contains("enhancements/net/bad.md:1:1: error[not-a-proposal]"),
        "{out}"
    );
    assert!(!out.contains("README") && !out.contains("skip.md"), "{out}");
    assert!(out.contains(" in 1 of 2 files"), "{out}");
    // A file named explicitly is checked wherever it is.
    let o = run(root, &["check", "README.md"]);
    assert!(stdout(&o).contains("README.md:1:1: error[not-a-proposal]"));
}

#[test]
fn workspace_template_replaces_the_default_and_flag_overrides_both() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let mut template = include_str!("../assets/enhancement_template.md").to_string();
    template.push_str("\n## Security Review\n\nWho reviewed security?\n");
    template = template.replace(
        "status: provisional|implementable|implemented|deferred|rejected|withdrawn|replaced|informational\n",
        "status: provisional|implementable\n",
    );
    write(&root.join("guidelines/enhancement_template.md"), &template);
    let without_status = good_proposal("idea").replace("status: implementable\n", "");
    write(&root.join("enhancements/idea.md"), &without_status);
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

/// What `check` marks `[*]` is what `check --fix` repairs, and the
/// summary counts it; what it leaves is not marked.
#[test]
fn human_output_marks_what_fix_repairs() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("idea.md");
    let text = good_proposal("idea")
        .replace("title: idea", "title: old-name")
        .replace("## Motivation", "## motivation")
        .replace("creation-date: 2024-01-31", "creation-date: yyyy-mm-dd")
        .replace("status: implementable", "status: implementabel");
    write(&path, &text);
    let o = run(dir.path(), &["check", "idea.md"]);
    let out = stdout(&o);
    let rules = |out: &str, marked: bool| -> Vec<String> {
        out.lines()
            .filter(|l| l.contains("]: [*] ") == marked)
            .filter_map(|l| l.split_once(": error[")?.1.split_once(']'))
            .map(|(rule, _)| rule.to_string())
            .collect()
    };
    assert_eq!(
        rules(&out, true),
        ["title-mismatch", "misnamed-section"],
        "{out}"
    );
    assert_eq!(
        rules(&out, false),
        ["placeholder", "invalid-enum-value"],
        "{out}"
    );
    // A misspelt value says what it likely means; replacing it is the
    // editor's quick fix, not `--fix`'s.
    assert!(
        out.contains("error[invalid-enum-value]: `status` must be one of the template's values: provisional, implementable, implemented, deferred, rejected, withdrawn, replaced, informational; did you mean `implementable`?\n"),
        "{out}"
    );
    assert!(
        out.ends_with("Found 4 errors and 0 warnings in 1 of 1 files; 2 fixable with `--fix`.\n"),
        "{out}"
    );

    let fixed = stdout(&run(dir.path(), &["check", "--fix", "idea.md"]));
    assert!(fixed.contains("Applied 2 fixes.\n"), "{fixed}");
    let again = stdout(&run(dir.path(), &["check", "idea.md"]));
    assert_eq!(rules(&again, true), Vec::<String>::new(), "{again}");
    assert_eq!(
        rules(&again, false),
        ["placeholder", "invalid-enum-value"],
        "{again}"
    );
    assert!(
        again.ends_with("Found 2 errors and 0 warnings in 1 of 1 files.\n"),
        "{again}"
    );
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
        out.contains("a.md:18:31: hint[unknown-suppression]: There is no rule `misnamed-sectoin` (did you mean `misnamed-section`?)"),
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

/// A workspace: a `.git` directory, so the globs match from here.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join(".git")).unwrap();
    dir
}

/// The files with findings, in output order.
fn files_reported(o: &Output) -> Vec<String> {
    let mut files: Vec<String> = stdout(o)
        .lines()
        .filter(|l| l.contains("]: "))
        .filter_map(|l| l.split_once(':').map(|(path, _)| path.to_string()))
        .collect();
    files.dedup();
    files
}

/// Columns padded with runs of spaces, as ` | `.
fn columns(text: &str) -> String {
    text.lines()
        .map(|l| {
            l.trim_end()
                .split("  ")
                .filter(|c| !c.is_empty())
                .map(str::trim)
                .collect::<Vec<_>>()
                .join(" | ")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `path:line:col: severity[rule]` of each finding, without the message.
fn findings(o: &Output) -> Vec<String> {
    stdout(o)
        .lines()
        .filter_map(|l| l.split_once("]: ").map(|(head, _)| format!("{head}]")))
        .collect()
}

#[test]
fn inside_enhancements_the_globs_still_match_from_the_workspace_root() {
    let dir = workspace();
    let root = dir.path();
    write(&root.join("enhancements/net/bad.md"), "# Bad\n");
    write(&root.join("enhancements/idea.md"), &good_proposal("idea"));
    let o = run(&root.join("enhancements"), &["check"]);
    assert_eq!(o.status.code(), Some(1), "{}{}", stdout(&o), stderr(&o));
    assert_eq!(files_reported(&o), ["./net/bad.md"]);
    assert!(stdout(&o).contains(" in 1 of 2 files"), "{}", stdout(&o));
    let o = run(&root.join("enhancements/net"), &["check", "."]);
    assert!(stdout(&o).contains(" in 1 of 1 files"), "{}", stdout(&o));
}

#[test]
fn a_path_that_finds_nothing_is_an_error_not_a_green() {
    let dir = workspace();
    let root = dir.path();
    write(&root.join("enhancements/idea.md"), &good_proposal("idea"));
    write(&root.join("docs/readme.md"), "# Docs\n");
    let o = run(root, &["check", "docs"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "proposal-ls: no proposal found under docs (include: **/enhancements/**/*.md)\n"
    );
    assert_eq!(stdout(&o), "");

    let o = run(root, &["check", "enhancements/nope"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "proposal-ls: no proposal found under enhancements/nope (no such directory; include: **/enhancements/**/*.md)\n"
    );
    assert_eq!(stdout(&o), "");

    let o = run(root, &["check", "enhancements/idea.md", "nope.md"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(stdout(&o), "", "no \"No problems\" beside a failure");
    assert_eq!(
        stderr(&o),
        "proposal-ls: nope.md: no such file or directory\n"
    );
    let o = run(root, &["check", "enhancements/idea.md"]);
    assert_eq!(stdout(&o), "No problems in 1 file.\n");
}

#[test]
fn lint_ignores_and_excludes_skip_files_in_directories_only() {
    let dir = workspace();
    let root = dir.path();
    write(&root.join("hack/lint-ignores"), "enhancements/old.md\n");
    for name in ["old.md", "new/x.md", "new/y.md", "draft/z.md"] {
        write(&root.join("enhancements").join(name), "# Bad\n");
    }
    write(
        &root.join(".proposal-ls.toml"),
        "exclude = [\"**/draft/**\"]\n",
    );
    let o = run(root, &["check", "--exclude", "enhancements/new/y.md"]);
    // The flag replaces the configuration's list, as every flag does.
    assert_eq!(
        files_reported(&o),
        ["./enhancements/draft/z.md", "./enhancements/new/x.md"]
    );
    // Without the flag, the configuration's exclude applies.
    let o = run(root, &["check", "enhancements"]);
    assert_eq!(
        files_reported(&o),
        ["enhancements/new/x.md", "enhancements/new/y.md"]
    );
    // Named files are checked even when excluded (as ruff does).
    let o = run(
        root,
        &["check", "enhancements/old.md", "enhancements/draft/z.md"],
    );
    assert_eq!(
        files_reported(&o),
        ["enhancements/draft/z.md", "enhancements/old.md"]
    );
}

#[test]
fn configuration_file_applies_and_flags_override_it() {
    let dir = workspace();
    let root = dir.path();
    write(
        &root.join(".proposal-ls.toml"),
        "include = [\"docs/**/*.md\"]\ndisabled = [\"title-mismatch\"]\n\n[severity]\nmissing-section = \"warning\"\n",
    );
    // A wrong title and a missing `## Summary`.
    let text = good_proposal("other").replace("## Summary\n\nText.\n\n", "");
    write(&root.join("docs/a/idea.md"), &text);
    write(&root.join("enhancements/idea.md"), &text);
    let o = run(&root.join("docs"), &["check"]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert_eq!(findings(&o), ["./a/idea.md:20:1: warning[missing-section]"]);

    let o = run(
        root,
        &[
            "check",
            "--include",
            "**/enhancements/**/*.md",
            "--ignore",
            "missing-section",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert_eq!(stdout(&o), "No problems in 1 file.\n");

    // A template relative to the configuration file, wherever check runs.
    let mut template = include_str!("../assets/enhancement_template.md").to_string();
    template.push_str("\n## Security Review\n\nWho reviewed security?\n");
    write(&root.join("templates/t.md"), &template);
    write(
        &root.join(".proposal-ls.toml"),
        "template = \"templates/t.md\"\nselect = [\"missing-section\"]\n",
    );
    let o = run(&root.join("enhancements"), &["check", "idea.md"]);
    let out = stdout(&o);
    assert!(out.contains("`## Security Review` is missing"), "{out}");
    assert!(out.contains("`## Summary` is missing"), "{out}");
    let o = run(
        &root.join("enhancements"),
        &["check", "--select", "title-mismatch", "idea.md"],
    );
    assert_eq!(findings(&o), ["idea.md:2:8: error[title-mismatch]"]);
}

#[test]
fn invalid_configuration_exits_two_naming_file_line_and_column() {
    let dir = workspace();
    let root = dir.path();
    write(&root.join("enhancements/idea.md"), &good_proposal("idea"));
    write(
        &root.join(".proposal-ls.toml"),
        "era = \"current\"\n[severity]\nsection-order = \"loud\"\n",
    );
    let o = run(root, &["check"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(stdout(&o), "");
    assert_eq!(
        stderr(&o),
        "proposal-ls: .proposal-ls.toml:3:17: unknown level `loud`; write error, warning, info, hint or off\n"
    );
    write(&root.join(".proposal-ls.toml"), "era = [\n");
    let o = run(root, &["check", "enhancements/idea.md"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).starts_with("proposal-ls: .proposal-ls.toml:1:"),
        "{}",
        stderr(&o)
    );
    write(&root.join(".proposal-ls.toml"), "colour = \"blue\"\n");
    let o = run(root, &["config"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).starts_with("proposal-ls: .proposal-ls.toml:1:1: unknown field `colour`"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn config_prints_each_setting_with_its_origin_and_what_a_file_is() {
    let dir = workspace();
    let root = dir.path();
    write(
        &root.join(".proposal-ls.toml"),
        "# team settings\nera = \"current\"\nexclude = [\"enhancements/old/**\"]\n\n[severity]\nsection-order = \"hint\"\n",
    );
    write(
        &root.join("guidelines/enhancement_template.md"),
        "# T\n\n## Only\n",
    );
    write(&root.join("enhancements/idea.md"), "# Idea\n");
    let o = run(
        root,
        &["config", "--ignore", "title-format", "enhancements/idea.md"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let expected = format!(
        "configuration file: .proposal-ls.toml

settings:
  template  (nearest guidelines/enhancement_template.md, else embedded)  (default)
  include  **/enhancements/**/*.md  (default)
  exclude  enhancements/old/**  (.proposal-ls.toml:3)
  era  current  (.proposal-ls.toml:2)
  select  (all rules)  (default)
  severity.section-order  hint  (.proposal-ls.toml:6)
  severity.title-format  off  (command line)

enhancements/idea.md:
  proposal  yes: matches include  (default)
  workspace root  {}  (found)
  template  guidelines/enhancement_template.md  (discovered)
  template history  1 version  (none: the template alone)
  created  (unknown: judged as new)  (no creation-date, not committed)
  judged by (current)  the template (no history)  (guidelines/enhancement_template.md)
",
        root.display()
    );
    assert_eq!(columns(&stdout(&o)), columns(&expected));
    let o = run(
        root,
        &[
            "config",
            "--era",
            "window",
            "--format",
            "json",
            "enhancements/old/x.md",
        ],
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let era = v["settings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["label"] == "era")
        .unwrap();
    assert_eq!(
        (&era["value"], &era["origin"]),
        (&"window".into(), &"command line".into())
    );
    let lines = v["file"]["lines"].as_array().unwrap();
    let value_of = |label: &str| {
        lines
            .iter()
            .find(|l| l["label"] == label)
            .map(|l| l["value"].clone())
    };
    assert_eq!(
        value_of("proposal"),
        Some("no: excluded; checked only when named".into())
    );
    assert_eq!(
        value_of("exists"),
        Some("no: described as if it did".into())
    );
}

/// A symlink to a proposal under a walked directory is checked like the
/// file it points to.
#[test]
fn symlinked_proposals_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    let elsewhere = dir.path().join("drafts/linked.md");
    write(&elsewhere, &good_proposal("wrong-title"));
    fs::create_dir_all(dir.path().join("enhancements")).unwrap();
    std::os::unix::fs::symlink(&elsewhere, dir.path().join("enhancements/linked.md")).unwrap();
    let o = run(dir.path(), &["check", "enhancements"]);
    assert_eq!(o.status.code(), Some(1), "{}{}", stdout(&o), stderr(&o));
    assert!(
        stdout(&o).contains("enhancements/linked.md:2:8: error[title-mismatch]"),
        "{}",
        stdout(&o)
    );
}

/// `check --fix` never removes anything, not even the blank lines before
/// the front matter (the editor's quick fix does that, when asked).
#[test]
fn check_fix_keeps_blank_lines_before_the_front_matter() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("enhancements/blank-first.md");
    let text = format!("\n{}", good_proposal("blank-first"));
    write(&path, &text);
    let o = run(dir.path(), &["check", "--fix", "enhancements"]);
    assert_eq!(fs::read_to_string(&path).unwrap(), text, "{}", stdout(&o));
    assert!(
        stdout(&o).contains("error[front-matter-not-first]: The front matter"),
        "reported, without [*]: {}",
        stdout(&o)
    );
}

/// A lone `\r` ends a line, as editors show it: positions count it.
#[test]
fn a_lone_carriage_return_ends_a_line() {
    let dir = tempfile::tempdir().unwrap();
    let text = good_proposal("cr-lines").replace(
        "## Summary\n\nText.\n\n",
        "Intro.\r\rMore.\r\r## Sumary\r\rText.\r\r",
    );
    write(&dir.path().join("enhancements/cr-lines.md"), &text);
    let o = run(dir.path(), &["check", "enhancements"]);
    let line = text
        .split(['\n', '\r'])
        .position(|l| l == "## Sumary")
        .unwrap()
        + 1;
    assert!(
        stdout(&o).contains(&format!("cr-lines.md:{line}:1: error[misnamed-section]")),
        "line {line}: {}",
        stdout(&o)
    );
}

/// `status`: readiness by area and by status over a small repository, as
/// a table and as JSON.
#[test]
fn status_tells_which_proposals_are_ready_for_review() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir(root.join(".git")).unwrap();
    fs::create_dir_all(root.join("enhancements/net")).unwrap();
    fs::create_dir_all(root.join("enhancements/db")).unwrap();
    fs::write(
        root.join("enhancements/net/ready.md"),
        good_proposal("ready"),
    )
    .unwrap();
    let broken = good_proposal("links").replace(
        "reviewers:\n",
        "see-also:\n  - \"/enhancements/net/gone.md\"\nreviewers:\n",
    );
    fs::write(root.join("enhancements/net/links.md"), broken).unwrap();
    let untitled = good_proposal("empty").replace("\nText.\n", "\n");
    fs::write(root.join("enhancements/db/empty.md"), untitled).unwrap();

    let out = run(root, &["status"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let table = stdout(&out);
    assert!(
        table.starts_with("Review readiness of 3 proposals: 1 ready.\n"),
        "{table}"
    );
    assert!(
        table.contains("| enhancements/db | 1 | 0 | 0 | 1 | 0 | 0 | 0 | 0 |\n"),
        "{table}"
    );
    assert!(
        table.contains("| enhancements/net | 2 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n"),
        "{table}"
    );
    assert!(table.contains("| implementable | 3 | 1 |"), "{table}");

    let json: serde_json::Value =
        serde_json::from_slice(&run(root, &["status", "--format", "json"]).stdout).unwrap();
    let rows = json["proposals"].as_array().unwrap();
    let links = rows
        .iter()
        .find(|r| r["path"].as_str().unwrap().ends_with("links.md"))
        .unwrap();
    assert_eq!(links["ready"], false);
    assert_eq!(links["broken_references"], 1);
    assert_eq!(links["summary"], "Not ready: 1 broken reference");
    assert_eq!(json["areas"].as_array().unwrap().len(), 2);
}

/// `--format sarif` for code scanning, and the Markdown summary written
/// to `$GITHUB_STEP_SUMMARY` in a GitHub Actions step.
#[test]
fn sarif_and_the_step_summary() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("enhancements")).unwrap();
    let broken =
        good_proposal("idea").replace("creation-date: 2024-01-31", "creation-date: 2024-13-01");
    fs::write(dir.path().join("enhancements/idea.md"), broken).unwrap();
    let summary = dir.path().join("summary.md");
    let out = Command::new(BIN)
        .args(["check", "--format", "sarif", "enhancements"])
        .current_dir(dir.path())
        .env("GITHUB_STEP_SUMMARY", &summary)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let run = &sarif["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "proposal-ls");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 1, "{results:?}");
    let result = &results[0];
    assert_eq!(result["ruleId"], "invalid-date");
    assert_eq!(result["level"], "error");
    let index = usize::try_from(result["ruleIndex"].as_u64().unwrap()).unwrap();
    assert_eq!(rules[index]["id"], "invalid-date");
    let location = &result["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "enhancements/idea.md");
    assert!(location["region"]["startLine"].as_u64().unwrap() > 1);

    let written = fs::read_to_string(&summary).unwrap();
    assert!(
        written.starts_with("### proposal-ls: 1 error and 0 warnings in 1 file\n"),
        "{written}"
    );
    assert!(written.contains("| `enhancements/idea.md` |"), "{written}");
    assert!(written.contains("| error | `invalid-date` |"), "{written}");
}
