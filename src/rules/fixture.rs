//! The fixture harness the rules' tests share. A fixture is a proposal
//! with the expected findings written inline, under the line they start on:
//!
//! ```text
//! ### Summary
//! ^^^ heading-level: `Summary` is a level-2 heading in the template; ...
//! ```
//!
//! Carets sit under the range's characters (columns count characters, so
//! CJK and emoji take one caret each). A range that ends on another line
//! says where: `^^^ rule@LINE:COL: message` (1-based, end exclusive).
//! The harness strips the marker lines, analyses the rest and renders the
//! actual findings the same way; the test compares the two texts. Every
//! fixture runs again with CRLF line breaks.
//!
//! Fixes are tested the same way, as the text before and after:
//! `check_fix(Rule::X, before, expect![[after]])` applies the fix of the
//! one `X` finding; `check_fix_at` the fix of the finding at the `$0` in
//! `before`; `check_fix_all` every safe fix, as `check --fix` does. An
//! expected text that starts with [`GOOD_META`] writes it `{GOOD_META}`
//! (which ends with its line break), or, when the fix added keys before
//! its closing `---`, writes those keys `{GOOD_META keys}` on a line of
//! their own; one that ends with [`BODY_OK`]
//! after a blank line writes it `{BODY_OK}`. A mismatch prints a diff;
//! `UPDATE_EXPECT=1 cargo test` rewrites the expectations in place.

use expect_test::Expect;

use crate::analysis::{FileContext, analyze_in_era, analyze_text, fix_all};
use crate::era::Era;
use crate::fix::apply_edits;
use crate::history::{HistorySource, TemplateHistory};
use crate::line_index::{Encoding, LineIndex};
use crate::rules::{Finding, Rule};
use crate::template::Template;

/// A small template in the upstream shape, with CJK and emoji in it.
pub const MINI_TEMPLATE: &str = r#"---
title: neat-enhancement-idea
authors: # who wrote it
  - TBD
api-approvers: # If there is no API change, use "None"
  - TBD
creation-date: yyyy-mm-dd
last-updated: yyyy-mm-dd
tracking-link: # link to the tracking ticket
  - TBD
status: provisional|implementable|implemented
see-also:
  - "/enhancements/this-other-neat-thing.md"
---

To get started with this template:
1. **Pick a domain.** Find the appropriate domain to discuss your enhancement.

# Neat Enhancement Idea

## Summary

Write one paragraph that says what this enhancement does and why
it matters to its users.

## Motivation

### Goals

### Non-Goals

## Proposal

### Topology Considerations

#### Standalone Clusters

#### 漢字 Clusters 😀

## Alternatives (Not Implemented)

## Open Questions [optional]
"#;

/// MINI_TEMPLATE as it was before 2024-02-13 (see [`mini_history`]): no
/// `status`, no topology section, alternatives under design details.
pub const MINI_OLD_TEMPLATE: &str = r#"---
title: neat-enhancement-idea
authors: # who wrote it
  - TBD
api-approvers: # If there is no API change, use "None"
  - TBD
creation-date: yyyy-mm-dd
last-updated: yyyy-mm-dd
tracking-link: # link to the tracking ticket
  - TBD
see-also:
  - "/enhancements/this-other-neat-thing.md"
---

# Neat Enhancement Idea

## Summary

Write one paragraph that says what this enhancement does and why
it matters to its users.

## Motivation

### Goals

### Non-Goals

## Proposal

## Design Details

### Alternatives (Not Implemented)

## Open Questions [optional]
"#;

/// The mini template's history: [`MINI_OLD_TEMPLATE`] from 2019-09-01,
/// [`MINI_TEMPLATE`] from 2024-02-13.
pub fn mini_history() -> TemplateHistory {
    TemplateHistory::from_revisions(
        vec![(
            jiff::civil::date(2019, 9, 1),
            Template::parse(MINI_OLD_TEMPLATE),
            "old".into(),
        )],
        &mini(),
        jiff::civil::date(2024, 2, 13),
        HistorySource::Embedded,
    )
}

/// A valid front matter for MINI_TEMPLATE and file `idea.md`.
pub const GOOD_META: &str = "---
title: idea
authors:
  - \"@alice\"
api-approvers:
  - None
creation-date: 2024-01-31
last-updated: 2024-02-01
tracking-link:
  - https://issues.redhat.com/browse/X-1
status: implementable
---
";

/// The body of a proposal complete for MINI_TEMPLATE.
pub const BODY_OK: &str = "# Idea

## Summary

## Motivation

### Goals

### Non-Goals

## Proposal

### Topology Considerations

#### Standalone Clusters

#### 漢字 Clusters 😀

## Alternatives (Not Implemented)
";

/// A proposal with [`GOOD_META`] and this body.
pub fn with_body(body: &str) -> String {
    format!("{GOOD_META}\n{body}")
}

/// A proposal with this front matter and [`BODY_OK`].
pub fn with_front_matter(front_matter: &str) -> String {
    format!("{front_matter}\n{BODY_OK}")
}

pub fn mini() -> Template {
    Template::parse(MINI_TEMPLATE)
}

/// The mini template with upstream's lineage keys (`replaces`,
/// `superseded-by`) and a `replaced` status.
pub fn mini_with_lineage() -> Template {
    let see_also = "see-also:\n  - \"/enhancements/this-other-neat-thing.md\"\n";
    Template::parse(
        &MINI_TEMPLATE
            .replace(
                "status: provisional|implementable|implemented\n",
                "status: provisional|implementable|implemented|replaced\n",
            )
            .replace(
                see_also,
                &format!("{see_also}replaces:\n  - \"/enhancements/that-less-than-great-idea.md\"\nsuperseded-by:\n  - \"/enhancements/our-past-effort.md\"\n"),
            ),
    )
}

fn is_marker(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with('^') && t.trim_start_matches('^').starts_with(' ')
}

/// The fixture without its marker lines.
pub fn strip_markers(fixture: &str) -> String {
    fixture
        .split_inclusive('\n')
        .filter(|l| !is_marker(l))
        .collect()
}

/// Render findings as marker lines under the lines they start on.
pub fn render(text: &str, findings: &[Finding]) -> String {
    let index = LineIndex::new(text);
    let mut by_line: Vec<Vec<String>> = vec![Vec::new(); index.line_count()];
    for f in findings {
        let start = index.position(text, f.range.start, Encoding::Chars);
        let end = index.position(text, f.range.end, Encoding::Chars);
        let (width, end_note) = if end.line == start.line && end.col > start.col {
            ((end.col - start.col) as usize, String::new())
        } else {
            (1, format!("@{}:{}", end.line + 1, end.col + 1))
        };
        by_line[start.line as usize].push(format!(
            "{}{} {}{}: {}",
            " ".repeat(start.col as usize),
            "^".repeat(width),
            f.rule,
            end_note,
            f.message
        ));
    }
    let mut out = String::new();
    for (i, line) in text.split_inclusive('\n').enumerate() {
        out.push_str(line);
        if !line.ends_with('\n') && !by_line.get(i).is_none_or(Vec::is_empty) {
            out.push('\n');
        }
        for marker in by_line.get(i).into_iter().flatten() {
            out.push_str(marker);
            out.push('\n');
        }
    }
    out
}

/// Rules left out of most fixtures, so those can keep sections short:
/// `empty-section` has fixtures of its own (`check_with(.., ALL, ..)`).
pub const SKIP_EMPTY: &[Rule] = &[Rule::EmptySection];
pub const ALL: &[Rule] = &[];

/// Analyse the fixture's text (as file `stem.md`) and compare the findings,
/// less those of the `skip` rules, with its markers.
#[track_caller]
pub fn check_with(template: &Template, stem: &str, skip: &[Rule], fixture: &str) -> Vec<Finding> {
    check_file(template, &file(stem), skip, fixture)
}

/// Like [`check`], as the first part of a document of `whole_len` bytes
/// (the editor's bound on a very large file).
#[track_caller]
pub fn check_partial(whole_len: usize, fixture: &str) -> Vec<Finding> {
    let ctx = FileContext {
        whole_len: Some(whole_len),
        ..file("idea")
    };
    check_file(&mini(), &ctx, SKIP_EMPTY, fixture)
}

#[track_caller]
fn check_file(
    template: &Template,
    ctx: &FileContext,
    skip: &[Rule],
    fixture: &str,
) -> Vec<Finding> {
    let run = |text: &str| {
        let mut findings = analyze_text(text, template, ctx);
        findings.retain(|f| !skip.contains(&f.rule));
        findings
    };
    compare(fixture, run)
}

/// Analyse the fixture's text with `run` and compare the rendered findings
/// with its markers; then the same document with CRLF line breaks, which
/// must give the same findings at the same lines and columns.
#[track_caller]
fn compare(fixture: &str, run: impl Fn(&str) -> Vec<Finding>) -> Vec<Finding> {
    let text = strip_markers(fixture);
    let findings = run(&text);
    pretty_assertions_eq(fixture, &render(&text, &findings));
    let crlf = text.replace('\n', "\r\n");
    let crlf_rendered = render(&crlf, &run(&crlf)).replace("\r\n", "\n");
    pretty_assertions_eq(fixture, &crlf_rendered);
    findings
}

/// Like [`check`], judged by the mini template's history in the
/// proposal's window (`Era::Window`).
#[track_caller]
pub fn check_in_era(fixture: &str) -> Vec<Finding> {
    let history = mini_history();
    let ctx = file("idea");
    let run = |text: &str| {
        let tree = crate::markdown::parse(text);
        let mut findings = analyze_in_era(text, &tree, &history, Era::Window, &ctx);
        findings.retain(|f| !SKIP_EMPTY.contains(&f.rule));
        findings
    };
    compare(fixture, run)
}

/// `check_with` on the mini template and file `idea.md`, without
/// `empty-section`.
#[track_caller]
pub fn check(fixture: &str) -> Vec<Finding> {
    check_with(&mini(), "idea", SKIP_EMPTY, fixture)
}

#[track_caller]
fn pretty_assertions_eq(expected: &str, actual: &str) {
    if expected != actual {
        panic!("fixture mismatch\n--- expected\n{expected}\n--- actual\n{actual}\n---");
    }
}

/// The file the fixtures analyse: `stem.md`, checked on 2026-11-25.
pub fn file(stem: &str) -> FileContext {
    FileContext {
        file_stem: Some(stem.to_string()),
        today: Some("2026-11-25".into()),
        added_on: None,
        whole_len: None,
        repository: None,
    }
}

/// The repository the reference fixtures live in, as
/// `enhancements/network/idea.md`.
pub const FIXTURE_FILES: &[&str] = &[
    "enhancements/network/idea.md",
    "enhancements/network/a.md",
    "enhancements/network/images/diagram.png",
    "enhancements/installer/b.md",
    "guidelines/enhancement_template.md",
];

/// [`file`]`("idea")`, placed in the repository of [`FIXTURE_FILES`].
pub fn file_in_repository() -> FileContext {
    file_in_repository_with(&mini(), &[])
}

/// [`file_in_repository`], with more proposals: (path, text) pairs, read
/// with `template`.
pub fn file_in_repository_with(template: &Template, proposals: &[(&str, &str)]) -> FileContext {
    let mut repository = crate::repository::Repository::empty(std::path::Path::new("/repo"));
    for path in FIXTURE_FILES {
        repository.insert(path.to_string(), None);
    }
    for (path, text) in proposals {
        let entry = crate::repository::ProposalEntry::read(text, template);
        repository.insert(path.to_string(), Some(entry));
    }
    FileContext {
        repository: Some(crate::repository::InRepository {
            repository: std::sync::Arc::new(repository),
            path: "enhancements/network/idea.md".into(),
        }),
        ..file("idea")
    }
}

/// Like [`check`] for `enhancements/network/idea.md` in the repository of
/// [`FIXTURE_FILES`], showing only the findings of the rules that need the
/// repository.
#[track_caller]
pub fn check_in_repository(fixture: &str) -> Vec<Finding> {
    check_in_repository_with(&mini(), &[], fixture)
}

/// [`check_in_repository`] with `template` and more proposals: (path,
/// text) pairs.
#[track_caller]
pub fn check_in_repository_with(
    template: &Template,
    proposals: &[(&str, &str)],
    fixture: &str,
) -> Vec<Finding> {
    let ctx = file_in_repository_with(template, proposals);
    let run = |text: &str| {
        let mut findings = analyze_text(text, template, &ctx);
        findings.retain(|f| matches!(f.rule, Rule::BrokenReference | Rule::Lineage));
        findings
    };
    compare(fixture, run)
}

/// The fix of the one `broken-reference` finding in `before`, in the
/// repository of [`FIXTURE_FILES`].
#[track_caller]
pub fn check_fix_in_repository(before: &str, after: Expect) {
    let ctx = file_in_repository();
    let pick = Pick::Rule(Rule::BrokenReference);
    let actual = apply_fix_in(&mini(), &ctx, pick, before);
    after.assert_eq(&shown(&actual));
    let crlf = apply_fix_in(&mini(), &ctx, pick, &before.replace('\n', "\r\n"));
    pretty_assertions_eq(&actual.replace('\n', "\r\n"), &crlf);
}

/// Every safe fix, as `check --fix` applies them, in the repository of
/// [`FIXTURE_FILES`] with `proposals`; fixing again changes nothing.
#[track_caller]
pub fn check_fix_all_in_repository(
    template: &Template,
    proposals: &[(&str, &str)],
    before: &str,
    after: Expect,
) {
    let ctx = file_in_repository_with(template, proposals);
    compare_fix_all(|text| fix_all(text, template, &ctx).text, before, after);
}

/// Which finding's fix a fix test applies.
#[derive(Clone, Copy)]
pub enum Pick {
    /// The one finding of this rule.
    Rule(Rule),
    /// The one finding with a fix whose range holds the `$0` marker.
    Cursor,
}

/// The text after applying the picked finding's fix to `before` (with
/// its `$0` marker, if any, removed).
#[track_caller]
pub fn apply_fix(template: &Template, stem: &str, pick: Pick, before: &str) -> String {
    apply_fix_in(template, &file(stem), pick, before)
}

#[track_caller]
fn apply_fix_in(template: &Template, ctx: &FileContext, pick: Pick, before: &str) -> String {
    let cursor = before.find("$0");
    let text = before.replacen("$0", "", 1);
    let findings = analyze_text(&text, template, ctx);
    let picked: Vec<&Finding> = match (pick, cursor) {
        (Pick::Rule(rule), None) => findings.iter().filter(|f| f.rule == rule).collect(),
        (Pick::Cursor, Some(at)) => findings
            .iter()
            .filter(|f| f.fix.is_some() && f.range.start <= at && at <= f.range.end)
            .collect(),
        (Pick::Rule(_), Some(_)) => panic!("`$0` marks the finding: use `check_fix_at`"),
        (Pick::Cursor, None) => panic!("no `$0` in the text before"),
    };
    let [finding] = picked.as_slice() else {
        panic!(
            "expected one finding to fix, got {}: {findings:#?}",
            picked.len()
        );
    };
    let fix = finding
        .fix
        .as_ref()
        .unwrap_or_else(|| panic!("{} has no fix", finding.rule));
    apply_edits(&text, &fix.edits).0
}

/// The text after a fix as the expectations write it: a text that starts
/// with [`GOOD_META`] shows it as `{GOOD_META}` (its keys without the
/// closing `---`, when the fix added keys after them, as
/// `{GOOD_META keys}` on a line of its own), one that ends with a blank
/// line and [`BODY_OK`] shows that as `{BODY_OK}`.
fn shown(after: &str) -> String {
    // GOOD_META's keys, without its closing fence: a fix that adds keys
    // after them shows only what it added.
    let keys = GOOD_META.strip_suffix("---\n").unwrap_or(GOOD_META);
    let (meta, rest) = match (after.strip_prefix(GOOD_META), after.strip_prefix(keys)) {
        (Some(rest), _) => ("{GOOD_META}", rest),
        (None, Some(rest)) => ("{GOOD_META keys}\n", rest),
        (None, None) => ("", after),
    };
    match rest.strip_suffix(BODY_OK) {
        Some(head) if head.is_empty() || head.ends_with("\n\n") || head == "\n" => {
            format!("{meta}{head}{{BODY_OK}}\n")
        }
        _ => format!("{meta}{rest}"),
    }
}

/// Check a fix against the text after it; the same document with CRLF
/// line breaks must give the same text with CRLF line breaks.
#[track_caller]
pub fn check_fix_with(template: &Template, stem: &str, pick: Pick, before: &str, after: Expect) {
    let actual = apply_fix(template, stem, pick, before);
    after.assert_eq(&shown(&actual));
    let crlf = apply_fix(template, stem, pick, &before.replace('\n', "\r\n"));
    pretty_assertions_eq(&actual.replace('\n', "\r\n"), &crlf);
}

/// The fix of the one `rule` finding in `before` (mini template, `idea.md`).
#[track_caller]
pub fn check_fix(rule: Rule, before: &str, after: Expect) {
    check_fix_with(&mini(), "idea", Pick::Rule(rule), before, after);
}

/// The fix of the finding at `$0` in `before` (mini template, `idea.md`).
#[track_caller]
pub fn check_fix_at(before: &str, after: Expect) {
    check_fix_with(&mini(), "idea", Pick::Cursor, before, after);
}

/// Every safe fix, in rounds, as `check --fix` applies them (mini
/// template, `idea.md`); fixing the result again changes nothing.
#[track_caller]
pub fn check_fix_all(before: &str, after: Expect) {
    let template = mini();
    compare_fix_all(
        |text| fix_all(text, &template, &file("idea")).text,
        before,
        after,
    );
}

/// `run` (every safe fix) on `before` gives `after`; fixing again changes
/// nothing; CRLF line breaks give the same text with CRLF.
#[track_caller]
fn compare_fix_all(run: impl Fn(&str) -> String, before: &str, after: Expect) {
    let actual = run(before);
    after.assert_eq(&shown(&actual));
    pretty_assertions_eq(&actual, &run(&actual));
    let crlf = run(&before.replace('\n', "\r\n"));
    pretty_assertions_eq(&actual.replace('\n', "\r\n"), &crlf);
}

#[test]
fn clean_proposal_has_no_findings() {
    check(&format!("{GOOD_META}\n{BODY_OK}"));
}

#[test]
fn ids_are_unique_kebab_case_and_round_trip() {
    let mut seen = std::collections::HashSet::new();
    for &rule in Rule::ALL {
        let id = rule.id();
        assert!(seen.insert(id), "duplicate id {id}");
        assert!(
            id.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
            "{id}"
        );
        assert_eq!(Rule::from_id(id), Some(rule));
    }
}

/// Each rule's own file declares it first and marks it in a fixture.
#[test]
fn every_rule_has_a_fixture() {
    for &rule in Rule::ALL {
        let source = rule.source();
        let declaration =
            format!("pub(crate) const DOC: RuleDoc = RuleDoc {{\n    id: \"{rule}\",");
        let opening = source.split_once("\n\n").map_or("", |(_, rest)| rest);
        assert!(
            opening.starts_with(&declaration),
            "`{rule}`'s file does not open with its declaration"
        );
        let marked =
            source.contains(&format!("^ {rule}: ")) || source.contains(&format!("^ {rule}@"));
        assert!(marked, "no fixture in its own file marks `{rule}`");
    }
}
