//! `missing-section`: a required template section has no heading.

pub(crate) const DOC: RuleDoc = RuleDoc {
    id: "missing-section",
    severity: Severity::Error,
    summary: "A required section of the template is missing.",
    explanation: "Every `##`-or-deeper heading of the template that is not marked `[optional]` must appear in the proposal, under its parent (a `####` belongs under its `###`). If a section does not apply, keep the heading and explain why, as the template asks. A missing parent is reported once, together with its missing subsections.",
    fix: Some(
        "Inserts the heading, with its missing parents (optional ones too), under its parent wherever that is: after the text and subsections already there, before the next template section in order; a top-level section after the nearest preceding template section present. Never inside a code fence or the front matter.",
    ),
};

use std::ops::Range;

use super::{anchor_line, visible};
use crate::context::Context;
use crate::fix::{Edit, Fix};
use crate::rules::{Finding, Rule, RuleDoc, Severity};
use crate::template::SectionId;

pub(crate) fn check(cx: &Context, out: &mut Vec<Finding>) {
    let template = cx.template;
    let map = &cx.sections;
    for s in template.required() {
        if map.is_present(s) {
            continue;
        }
        // A section goes in with the missing sections above it, up to the
        // nearest one present (optional ones too, so a `####` never lands
        // right under a `##`); the finding is the first required one's.
        let root = missing_root(cx, s);
        let group = missing_group(cx, root);
        if group.first_required != Some(s) {
            continue;
        }
        let at = insertion_point(cx, root);
        let (range, mut message) = where_missing(cx, s, root, at);
        let line = |&g: &SectionId| template.section(g).heading_line();
        let required: Vec<String> = group.required.iter().map(line).collect();
        if let Some(others) = required.get(1..).filter(|rest| !rest.is_empty()) {
            let with = if root == s {
                "with its subsections"
            } else {
                "together with"
            };
            message.push_str(&format!(", {with} `{}`", others.join("`, `")));
        }
        message.push_str(". Add it, and if it does not apply, say why.");
        let inserted: Vec<String> = group.inserted.iter().map(line).collect();
        let safe = lands_under_its_parent_level(cx, at, template.section(root).level);
        out.push(
            Finding::new(Rule::MissingSection, range, message)
                .with_fix(Fix {
                    title: format!("Insert `{}`", inserted.join("`, `")),
                    edits: vec![Edit::insert(at, section_text(cx, at, &inserted))],
                    safe,
                })
                .about(required),
        );
    }
}

/// The outermost of the missing sections directly above missing section
/// `s` (its parent, their parent, ... up to the nearest one present), or
/// `s` itself when its parent is present or it has none.
fn missing_root(cx: &Context, s: SectionId) -> SectionId {
    let map = &cx.sections;
    cx.template
        .ancestors(s)
        .into_iter()
        .rev()
        .take_while(|&a| !map.is_present(a))
        .last()
        .unwrap_or(s)
}

/// What is inserted with missing section `root`.
struct Group {
    /// The required sections among them, in template order.
    required: Vec<SectionId>,
    first_required: Option<SectionId>,
    /// The sections inserted now: `root` and the missing sections below
    /// it that are required or hold a required one, up to the first
    /// subsection already present (the rest go in their own place once
    /// `root` exists).
    inserted: Vec<SectionId>,
}

/// The missing sections that go in with `root`: those whose missing
/// ancestors reach up to it.
fn missing_group(cx: &Context, root: SectionId) -> Group {
    let template = cx.template;
    let map = &cx.sections;
    let below = |d: SectionId| d > root && missing_root(cx, d) == root && !map.is_present(d);
    let required: Vec<SectionId> = std::iter::once(root)
        .filter(|&r| !template.section(r).optional)
        .chain(template.required().filter(|&d| below(d)))
        .collect();
    let first_present_descendant = template
        .section_ids()
        .skip(root.index() + 1)
        .find(|&d| map.is_present(d) && template.is_ancestor(root, d));
    let holds_required = |d: SectionId| {
        !template.section(d).optional || required.iter().any(|&r| template.is_ancestor(d, r))
    };
    let inserted = std::iter::once(root)
        .chain(
            template
                .section_ids()
                .filter(|&d| below(d) && holds_required(d)),
        )
        .filter(|&g| first_present_descendant.is_none_or(|d| g < d))
        .collect();
    Group {
        first_required: required.first().copied(),
        required,
        inserted,
    }
}

/// Whether a heading at `level` inserted at `at` is at most one level
/// below the heading it lands under (or under the title, or first).
fn lands_under_its_parent_level(cx: &Context, at: usize, level: u8) -> bool {
    let mut open: Vec<u8> = Vec::new();
    for heading in cx.headings().iter().take_while(|h| h.range.start < at) {
        while open.last().is_some_and(|&top| top >= heading.level) {
            open.pop();
        }
        open.push(heading.level);
    }
    let above = open
        .iter()
        .rev()
        .find(|&&l| l < level)
        .copied()
        .unwrap_or(1);
    level <= above.saturating_add(1)
}

/// Where the finding for missing section `s` (inserted with the missing
/// sections from `root` down) points and how it begins: at the heading of
/// `root`'s parent, or at the line where it would be inserted.
fn where_missing(cx: &Context, s: SectionId, root: SectionId, at: usize) -> (Range<usize>, String) {
    let template = cx.template;
    let map = &cx.sections;
    let spec = template.section(s);
    // The optional sections missing between `s` and the heading above.
    let within: Vec<String> = template
        .ancestors(s)
        .into_iter()
        .filter(|&a| a == root || template.is_ancestor(root, a))
        .map(|a| template.section(a).heading_line())
        .collect();
    let within = match within.as_slice() {
        [] => String::new(),
        lines => format!(" (in `{}`)", lines.join("`, `")),
    };
    let parent_heading = template
        .section(root)
        .parent
        .and_then(|p| Some((p, cx.headings().get(map.first_heading(p)?)?)));
    match parent_heading {
        Some((p, heading)) => (
            heading.range.clone(),
            format!(
                "`{}` is missing its required subsection `{}`{within}",
                template.section(p).heading_line(),
                spec.heading_line()
            ),
        ),
        None => {
            // With nothing before it present, the section before it in the
            // template is missing too: say so, rather than "first" for all.
            let root_spec = template.section(root);
            let missing_before = || {
                template.section_ids().take(root.index()).rev().find(|&p| {
                    let before = template.section(p);
                    before.parent == root_spec.parent && !before.optional
                })
            };
            let place = match map.anchor(template, root) {
                Some(p) => format!("after `{}`", template.section(p).heading_line()),
                None => match missing_before() {
                    Some(p) => format!(
                        "after `{}` (missing too)",
                        template.section(p).heading_line()
                    ),
                    None => "first".to_string(),
                },
            };
            (
                anchor_line(cx.text, at),
                format!(
                    "Required section `{}`{within} is missing; the template puts it {place}",
                    spec.heading_line()
                ),
            )
        }
    }
}

/// Where a missing section goes. Under its parent, when that is present
/// (wherever it is): after the parent's own text and the subsections
/// there, before the first later template section in order. Otherwise
/// after its anchor section (after the anchor's whole subtree), before
/// any later template section that is in order. Never inside the front
/// matter or a fence.
fn insertion_point(cx: &Context, s: SectionId) -> usize {
    let template = cx.template;
    let map = &cx.sections;
    let headings = cx.headings();
    let level_of = |h: usize| headings.get(h).map_or(0, |x| x.level);
    let later_in_order = |h: usize| {
        map.of_heading(h)
            .is_some_and(|m| m.section > s && map.is_in_order(m.section))
    };
    let start_of = |h: Option<usize>| {
        h.and_then(|h| headings.get(h))
            .map_or(cx.text.len(), |h| h.range.start)
    };
    let spec = template.section(s);
    // An earlier sibling written at this level stays before `s`, even
    // where it does not count as in order: under a parent written too deep
    // (`### Graduation Criteria`), each subsection inserted is outside it
    // until the level is fixed, and the next one goes after it.
    let earlier_sibling = |h: usize| {
        spec.parent.is_some()
            && level_of(h) == spec.level
            && map
                .of_heading(h)
                .is_some_and(|m| m.section < s && template.section(m.section).parent == spec.parent)
    };
    let stops_at =
        |h: usize, level: u8| (level_of(h) <= level || later_in_order(h)) && !earlier_sibling(h);
    let parent = spec.parent.and_then(|p| map.first_heading(p));
    let anchor = map
        .anchor(template, s)
        .and_then(|p| map.first_heading(p).map(|ph| (p, ph)));
    let at = match (parent, anchor) {
        // Under its parent: after the parent's text and every subsection
        // of the author's there (template sections earlier than `s`, and
        // the author's own), up to the parent's end.
        (Some(ph), _) => start_of((ph + 1..headings.len()).find(|&h| stops_at(h, level_of(ph)))),
        (None, Some((_, ah))) => {
            let level = level_of(ah).min(spec.level);
            start_of((ah + 1..headings.len()).find(|&h| stops_at(h, level)))
        }
        (None, None) => match headings.iter().position(|h| h.level == 1) {
            Some(t) => start_of((t + 1 < headings.len()).then_some(t + 1)),
            None => start_of(headings.iter().position(|h| h.level >= 2)),
        },
    };
    visible(cx, at.max(cx.body_start()))
}

/// The headings' text, with blank lines around it, for insertion at `at`.
fn section_text(cx: &Context, at: usize, lines: &[String]) -> String {
    let eol = cx.eol;
    let before = cx.text.get(..at).unwrap_or("");
    let mut out = String::new();
    if !before.is_empty() {
        let trailing_breaks = before
            .bytes()
            .rev()
            .take_while(|b| matches!(b, b'\r' | b'\n'))
            .filter(|&b| b == b'\n')
            .count();
        for _ in trailing_breaks.min(2)..2 {
            out.push_str(eol);
        }
    }
    let at_end = at >= cx.text.len();
    for (i, line) in lines.iter().enumerate() {
        out.push_str(line);
        out.push_str(eol);
        if i + 1 < lines.len() || !at_end {
            out.push_str(eol);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use expect_test::{Expect, expect};

    use crate::analysis::fix_all;
    use crate::rules::Rule;
    use crate::rules::fixture::*;
    use crate::template::Template;

    /// The mini template with an optional `### User Stories` holding two
    /// required stories, as upstream's template of 2020-06-19 has them.
    fn with_stories() -> Template {
        Template::parse(&MINI_TEMPLATE.replace(
            "## Proposal\n",
            "## Proposal\n\n### User Stories [optional]\n\n#### Story 1\n\n#### Story 2\n",
        ))
    }

    /// Every safe fix of `template`'s findings, as `check --fix` applies
    /// them; fixing again changes nothing.
    #[track_caller]
    fn check_fix_all_with(template: &Template, before: &str, after: Expect) {
        let run = |text: &str| fix_all(text, template, &file("idea")).text;
        let actual = run(before);
        after.assert_eq(actual.strip_prefix(GOOD_META).unwrap_or(&actual));
        assert_eq!(run(&actual), actual);
    }

    /// A template that repeats a heading under the same parent asks for
    /// one such section, not two (found by fuzzing: each round of fixes
    /// inserted another `## Summary`).
    #[test]
    fn a_heading_the_template_repeats_is_required_once() {
        let template = Template::parse(
            "## Summary\n# Neat\n\n## Summary\n\n### Goals\n\n## Summary\n\n### Goals [optional]\n",
        );
        check_fix_all_with(
            &template,
            &format!("{GOOD_META}\n# T\n\n## Summary\n\ntext\n"),
            expect![[r#"

                # T

                ## Summary

                text

                ### Goals
            "#]],
        );
    }

    #[test]
    fn missing_sections_point_where_they_belong() {
        check(&with_body("# Idea

## Summary

## Proposal
^^^^^^^^^^^ missing-section: Required section `## Motivation` is missing; the template puts it after `## Summary`, with its subsections `### Goals`, `### Non-Goals`. Add it, and if it does not apply, say why.

### Topology Considerations
^^^^^^^^^^^^^^^^^^^^^^^^^^^ missing-section: `### Topology Considerations` is missing its required subsection `#### Standalone Clusters`. Add it, and if it does not apply, say why.

#### 漢字 Clusters 😀

## Alternatives (Not Implemented)

"));
    }

    #[test]
    fn with_no_section_present_each_says_what_precedes_it() {
        check(&with_body("# Idea

Only an introduction.
^^^^^^^^^^^^^^^^^^^^^ missing-section: Required section `## Summary` is missing; the template puts it first. Add it, and if it does not apply, say why.
^^^^^^^^^^^^^^^^^^^^^ missing-section: Required section `## Motivation` is missing; the template puts it after `## Summary` (missing too), with its subsections `### Goals`, `### Non-Goals`. Add it, and if it does not apply, say why.
^^^^^^^^^^^^^^^^^^^^^ missing-section: Required section `## Proposal` is missing; the template puts it after `## Motivation` (missing too), with its subsections `### Topology Considerations`, `#### Standalone Clusters`, `#### 漢字 Clusters 😀`. Add it, and if it does not apply, say why.
^^^^^^^^^^^^^^^^^^^^^ missing-section: Required section `## Alternatives (Not Implemented)` is missing; the template puts it after `## Proposal` (missing too). Add it, and if it does not apply, say why.
"));
    }

    #[test]
    fn insert_fixes_land_in_template_order_and_keep_all_text() {
        check_fix_all(
            &with_body(
                "# Idea

Intro text.

## Motivation

Why.

### Non-Goals

## Alternatives (Not Implemented)

Other ways.
",
            ),
            expect![[r#"
                {GOOD_META}
                # Idea

                Intro text.

                ## Summary

                ## Motivation

                Why.

                ### Goals

                ### Non-Goals

                ## Proposal

                ### Topology Considerations

                #### Standalone Clusters

                #### 漢字 Clusters 😀

                ## Alternatives (Not Implemented)

                Other ways.
            "#]],
        );
    }

    #[test]
    fn insert_never_goes_into_an_unclosed_fence_or_the_front_matter() {
        check_fix(
            Rule::MissingSection,
            &with_body(UNCLOSED_FENCE),
            expect![[r#"
                {GOOD_META}
                ## Summary

                ## Motivation

                ### Goals

                ### Non-Goals

                ## Proposal

                ### Topology Considerations

                #### Standalone Clusters

                #### 漢字 Clusters 😀

                ## Alternatives (Not Implemented)

                ```
                ## Alternatives (Not Implemented)
            "#]],
        );
    }

    /// Sections missing at the end, with a code fence left open.
    const UNCLOSED_FENCE: &str = "## Summary

## Motivation

### Goals

### Non-Goals

## Proposal

### Topology Considerations

#### Standalone Clusters

#### 漢字 Clusters 😀

```
## Alternatives (Not Implemented)
";

    #[test]
    fn inserts_anchor_on_sections_in_order() {
        check_fix_all(
            &with_body(
                "# Idea

## Alternatives (Not Implemented)

## Summary

## Motivation

### Goals

### Non-Goals
",
            ),
            expect![[r#"
                {GOOD_META}
                # Idea

                ## Alternatives (Not Implemented)

                ## Summary

                ## Motivation

                ### Goals

                ### Non-Goals

                ## Proposal

                ### Topology Considerations

                #### Standalone Clusters

                #### 漢字 Clusters 😀
            "#]],
        );
    }

    #[test]
    fn a_missing_parent_goes_before_its_present_children() {
        check_fix_all(
            &with_body(
                "# Idea

## Summary

### Goals

Ours.

## Proposal

### Topology Considerations

#### Standalone Clusters

#### 漢字 Clusters 😀

## Alternatives (Not Implemented)
",
            ),
            expect![[r#"
                {GOOD_META}
                # Idea

                ## Summary

                ## Motivation

                ### Goals

                Ours.

                ### Non-Goals

                ## Proposal

                ### Topology Considerations

                #### Standalone Clusters

                #### 漢字 Clusters 😀

                ## Alternatives (Not Implemented)
            "#]],
        );
    }

    #[test]
    fn an_inserted_subsection_does_not_adopt_the_authors_deeper_headings() {
        check_fix_all(
            &with_body(
                "# Idea

## Summary

## Motivation

### Goals

### Non-Goals

## Proposal

#### Our deep note

Ours.

## Alternatives (Not Implemented)
",
            ),
            expect![[r#"
                {GOOD_META}
                # Idea

                ## Summary

                ## Motivation

                ### Goals

                ### Non-Goals

                ## Proposal

                #### Our deep note

                Ours.

                ### Topology Considerations

                #### Standalone Clusters

                #### 漢字 Clusters 😀

                ## Alternatives (Not Implemented)
            "#]],
        );
    }

    /// monitoring/alerting-consistency.md, judged by today's template:
    /// its `## Proposal` holds the author's `### User Stories` (a section
    /// of `## Motivation` today) with two stories. The missing subsections
    /// went in right under `## Proposal`, ahead of all of it.
    #[test]
    fn missing_subsections_go_after_the_parents_text_and_subsections() {
        check_fix_all(
            &with_body(
                "# Idea

## Summary

## Motivation

### Non-Goals

## Proposal

What we do.

### Goals

#### Story 1

As an SRE, I need alerts to be actionable.

## Alternatives (Not Implemented)
",
            ),
            expect![[r#"
                {GOOD_META}
                # Idea

                ## Summary

                ## Motivation

                ### Non-Goals

                ## Proposal

                What we do.

                ### Goals

                #### Story 1

                As an SRE, I need alerts to be actionable.

                ### Topology Considerations

                #### Standalone Clusters

                #### 漢字 Clusters 😀

                ## Alternatives (Not Implemented)
            "#]],
        );
    }

    /// monitoring/alert-overrides.md, judged by the template of
    /// 2020-06-19: its `### User Stories` is under `## Motivation`, where
    /// today's template has it; the required `#### Story 1` and `####
    /// Story 2` of that template's `### User Stories [optional]` went in
    /// right under `## Proposal`. They go under the `### User Stories`
    /// there is.
    #[test]
    fn a_missing_subsection_goes_under_its_parent_wherever_it_is() {
        let fixture = with_body(
            "# Idea

## Summary

## Motivation

### User Stories
^^^^^^^^^^^^^^^^ missing-section: `### User Stories` is missing its required subsection `#### Story 1`. Add it, and if it does not apply, say why.
^^^^^^^^^^^^^^^^ missing-section: `### User Stories` is missing its required subsection `#### Story 2`. Add it, and if it does not apply, say why.
^^^^^^^^^^^^^^^^ section-parent: `### User Stories` belongs under `## Proposal`; move it there

As a cluster admin, I want to tune alerts.

### Goals

### Non-Goals

## Proposal

### Topology Considerations

#### Standalone Clusters

#### 漢字 Clusters 😀

## Alternatives (Not Implemented)
",
        );
        check_with(&with_stories(), "idea", SKIP_EMPTY, &fixture);
        check_fix_all_with(
            &with_stories(),
            &strip_markers(&fixture),
            expect![[r#"

                # Idea

                ## Summary

                ## Motivation

                ### User Stories

                As a cluster admin, I want to tune alerts.

                #### Story 1

                #### Story 2

                ### Goals

                ### Non-Goals

                ## Proposal

                ### Topology Considerations

                #### Standalone Clusters

                #### 漢字 Clusters 😀

                ## Alternatives (Not Implemented)
            "#]],
        );
    }

    /// The same proposal without any `### User Stories`: the optional
    /// parent goes in with the required stories, never a `####` right
    /// under the `## Proposal`.
    #[test]
    fn a_missing_subsection_brings_its_missing_optional_parent() {
        let fixture = with_body(
            "# Idea

## Summary

## Motivation

### Goals

### Non-Goals

## Proposal
^^^^^^^^^^^ missing-section: `## Proposal` is missing its required subsection `#### Story 1` (in `### User Stories`), together with `#### Story 2`. Add it, and if it does not apply, say why.

### Workflow Description

The operator gets two new resources.

### Topology Considerations

#### Standalone Clusters

#### 漢字 Clusters 😀

## Alternatives (Not Implemented)
",
        );
        let findings = check_with(&with_stories(), "idea", SKIP_EMPTY, &fixture);
        let fix = findings.iter().find_map(|f| f.fix.as_ref());
        assert_eq!(
            fix.map(|f| (f.title.as_str(), f.safe)),
            Some((
                "Insert `### User Stories`, `#### Story 1`, `#### Story 2`",
                true
            ))
        );
        check_fix_all_with(
            &with_stories(),
            &strip_markers(&fixture),
            expect![[r#"

                # Idea

                ## Summary

                ## Motivation

                ### Goals

                ### Non-Goals

                ## Proposal

                ### Workflow Description

                The operator gets two new resources.

                ### User Stories

                #### Story 1

                #### Story 2

                ### Topology Considerations

                #### Standalone Clusters

                #### 漢字 Clusters 😀

                ## Alternatives (Not Implemented)
            "#]],
        );
    }

    /// Under a parent written too high (`## Topology Considerations`), an
    /// inserted `####` would land right under a `##`: the editor offers
    /// it, `check --fix` leaves it until the parent is in its place.
    #[test]
    fn no_safe_insert_of_a_subsection_two_levels_below_its_parent() {
        let text = with_body(&BODY_OK.replace(
            "### Topology Considerations\n\n#### Standalone Clusters\n\n",
            "## Topology Considerations\n\n",
        ));
        let findings = crate::analysis::analyze_text(&text, &mini(), &file("idea"));
        let insert = findings
            .iter()
            .find(|f| f.rule == Rule::MissingSection)
            .and_then(|f| f.fix.as_ref());
        assert_eq!(
            insert.map(|f| (f.title.as_str(), f.safe)),
            Some(("Insert `#### Standalone Clusters`", false))
        );
        check_fix_all(
            &text,
            expect![[r#"
            {GOOD_META}
            # Idea

            ## Summary

            ## Motivation

            ### Goals

            ### Non-Goals

            ## Proposal

            ## Topology Considerations

            #### 漢字 Clusters 😀

            ## Alternatives (Not Implemented)
        "#]],
        );
    }
}
