//! Fixture tests for the rules. A fixture is a proposal with the expected
//! findings written inline, under the line they start on:
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
//! actual findings the same way; the test compares the two texts.

mod boilerplate;
mod metadata;
mod sections;

use crate::analysis::{FileContext, analyze_text, fix_all};
use crate::fix::apply_edits;
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

pub fn mini() -> Template {
    Template::parse(MINI_TEMPLATE)
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
    let text = strip_markers(fixture);
    let ctx = FileContext {
        file_stem: Some(stem.to_string()),
        today: Some("2026-11-25".into()),
    };
    let run = |text: &str| {
        let mut findings = analyze_text(text, template, &ctx);
        findings.retain(|f| !skip.contains(&f.rule));
        findings
    };
    let findings = run(&text);
    let rendered = render(&text, &findings);
    pretty_assertions_eq(fixture, &rendered);

    // The same document with CRLF line breaks gives the same findings at
    // the same lines and columns.
    let crlf = text.replace('\n', "\r\n");
    let crlf_findings = run(&crlf);
    let crlf_rendered = render(&crlf, &crlf_findings).replace("\r\n", "\n");
    pretty_assertions_eq(fixture, &crlf_rendered);
    findings
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

/// Apply the fix of the (single) finding of `rule` in `before`.
#[track_caller]
pub fn apply_fix(template: &Template, stem: &str, before: &str, rule: Rule) -> String {
    let ctx = FileContext {
        file_stem: Some(stem.to_string()),
        today: Some("2026-11-25".into()),
    };
    let findings = analyze_text(before, template, &ctx);
    let with_rule: Vec<_> = findings.iter().filter(|f| f.rule == rule).collect();
    assert_eq!(
        with_rule.len(),
        1,
        "expected one {rule} finding: {findings:#?}"
    );
    let fix = with_rule[0]
        .fix
        .as_ref()
        .unwrap_or_else(|| panic!("{rule} has no fix"));
    apply_edits(before, &fix.edits).0
}

/// Apply every safe fix.
pub fn fix_everything(template: &Template, stem: &str, before: &str) -> String {
    let ctx = FileContext {
        file_stem: Some(stem.to_string()),
        today: Some("2026-11-25".into()),
    };
    fix_all(before, template, &ctx).text
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

#[test]
fn every_rule_has_a_fixture() {
    let fixtures = [
        include_str!("sections.rs"),
        include_str!("metadata.rs"),
        include_str!("boilerplate.rs"),
    ];
    for &rule in Rule::ALL {
        let marked = fixtures.iter().any(|f| {
            f.contains(&format!("^ {}: ", rule.id())) || f.contains(&format!("^ {}@", rule.id()))
        });
        assert!(marked, "no fixture marks `{rule}`");
    }
}
