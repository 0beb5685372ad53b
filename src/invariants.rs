//! Engine invariants, property-tested over documents generated from the
//! templates and small snippets by random edits: every range is in bounds
//! and on character boundaries, findings come sorted, `fix_all` is
//! idempotent, and "insert all missing sections" applied at once equals
//! its rounds applied in turn.

use proptest::prelude::*;
use proptest::sample::Index;

use crate::actions::insert_missing_sections;
use crate::analysis::{FileContext, analyze_text, fix_all, fix_all_matching};
use crate::fix::{FixSafety, apply_edits};
use crate::rules::Rule;
use crate::rules::fixture::{BODY_OK, GOOD_META, MINI_TEMPLATE, mini};
use crate::template::Template;

const SNIPPETS: &[&str] = &[
    "---\n",
    "```\n",
    "# ",
    "## ",
    "### ",
    "#### ",
    "## Summary\n",
    "### Goals\n",
    "## Motivation\n\n### Non-Goals\n",
    "## Proposal\n",
    "text\n",
    "\n\n",
    "\r\n",
    "@",
    "- @x\n",
    "  - ",
    ":",
    "title:",
    "status: implementable\n",
    "creation-date: 2024-13-01\n",
    "yyyy-mm-dd",
    "TBD",
    "[optional]",
    "<!--\n",
    "-->\n",
    "<!-- proposal-ls-disable-next-line -->\n",
    "<!-- proposal-ls-disable section-order, missing-sectoin -->\n",
    "<!-- proposal-ls-enable -->\n",
    "😀",
    "漢字",
    "\t",
    "\"",
];

/// A seed document and the edits that mutate it.
fn document() -> impl Strategy<Value = (usize, Vec<(u8, Index, Index, Index)>)> {
    (
        0..6usize,
        prop::collection::vec(
            (0..4u8, any::<Index>(), any::<Index>(), any::<Index>()),
            0..6,
        ),
    )
}

fn seed(which: usize) -> String {
    match which {
        0 => format!("{GOOD_META}\n{BODY_OK}"),
        1 => MINI_TEMPLATE.to_string(),
        2 => format!("{GOOD_META}\n# Idea\n\n## Summary\n\n### Motivation\n\n## Proposal\n"),
        3 => "## Proposal\r\n\r\n### Goals\r\n".to_string(),
        4 => crate::template::EMBEDDED.to_string(),
        _ => crate::actions::new_proposal(&Template::embedded(), "idea", "2026-11-25"),
    }
}

/// Delete, insert a snippet, duplicate a piece, or truncate.
fn mutate(mut text: String, edits: &[(u8, Index, Index, Index)]) -> String {
    for (op, a, b, snippet) in edits {
        let boundaries: Vec<usize> = (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        let (a, b) = (a.get(&boundaries), b.get(&boundaries));
        let (a, b) = (*a.min(b), *a.max(b));
        match op {
            0 => text.replace_range(a..b, ""),
            1 => text.insert_str(a, SNIPPETS[snippet.index(SNIPPETS.len())]),
            2 => {
                let piece = text[a..b].to_string();
                text.insert_str(b, &piece);
            }
            _ => text.truncate(b),
        }
    }
    text
}

#[track_caller]
fn assert_range(text: &str, range: &std::ops::Range<usize>, what: &str) {
    assert!(
        range.start <= range.end
            && range.end <= text.len()
            && text.is_char_boundary(range.start)
            && text.is_char_boundary(range.end),
        "{what} range {range:?} in a text of {} bytes:\n{text}",
        text.len()
    );
}

fn check_document(text: &str, template: &Template) {
    crate::markdown::tests::assert_same_headings(text);
    let file = FileContext {
        file_stem: Some("idea".into()),
        today: Some("2026-11-25".into()),
        added_on: None,
        whole_len: None,
        repository: None,
    };
    let findings = analyze_text(text, template, &file);
    for f in &findings {
        assert_range(text, &f.range, f.rule.id());
        for related in &f.related {
            assert_range(text, &related.range, "related");
        }
        for edit in f.fix.iter().flat_map(|fix| &fix.edits) {
            assert_range(text, &edit.range, "edit");
        }
    }
    let key = |f: &crate::Finding| (f.range.start, f.range.end, f.rule);
    assert!(
        findings.windows(2).all(|w| key(&w[0]) <= key(&w[1])),
        "findings not sorted"
    );

    // Each rule's fixes are as safe as the rule declares: the analysis
    // would otherwise override what the rule decided.
    let outline = crate::markdown::Outline::new(text, &crate::markdown::parse(text));
    let cx = crate::context::Context::new(text, &outline, template, &file);
    let raw = crate::analysis::run_rules(&cx, Rule::ALL.iter().copied());
    for f in crate::suppress::apply(text, &outline, raw) {
        let Some(fix) = &f.fix else { continue };
        let declared = f.rule.fix_safety();
        assert!(
            declared != FixSafety::NoFix && declared.applies(fix.safe) == fix.safe,
            "`{}` declares {declared:?}, but its fix `{}` has safe: {}",
            f.rule,
            fix.title,
            fix.safe
        );
    }

    let fixed = fix_all(text, template, &file);
    let again = fix_all(&fixed.text, template, &file);
    assert!(
        again.applied.is_empty() && again.text == fixed.text,
        "fix_all is not idempotent: {:?} left to apply to:\n{}\n(fixing {text:?})",
        again.applied,
        fixed.text
    );

    let edits = insert_missing_sections(text, template, &file);
    let in_rounds = fix_all_matching(text, template, &file, |f| {
        matches!(f.rule, Rule::MissingSection | Rule::MissingTitle)
    });
    assert_eq!(apply_edits(text, &edits).0, in_rounds.text);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn invariants_hold_for_the_mini_template((which, edits) in document()) {
        check_document(&mutate(seed(which), &edits), &mini());
    }

    #[test]
    fn invariants_hold_for_the_embedded_template((which, edits) in document()) {
        let text = mutate(seed(which), &edits);
        check_document(&text, &Template::embedded());
        // The document as a template, too.
        let _ = analyze_text(&seed(which), &Template::parse(&text), &FileContext::default());
    }
}
