//! `missing-section`: a required template section has no heading.

pub(crate) const DOC: RuleDoc = RuleDoc {
    id: "missing-section",
    severity: Severity::Error,
    summary: "A required section of the template is missing.",
    explanation: "Every `##`-or-deeper heading of the template that is not marked `[optional]` must appear in the proposal, under its parent (a `####` belongs under its `###`). If a section does not apply, keep the heading and explain why, as the template asks. A missing parent is reported once, together with its missing subsections.",
    fix: Some(
        "Inserts the heading (with any missing parents) after the nearest preceding template section present, never inside a code fence or the front matter.",
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
        // A missing parent reports its missing children with it.
        let parent_missing = template
            .ancestors(s)
            .iter()
            .any(|&a| !map.is_present(a) && !template.section(a).optional);
        if map.is_present(s) || parent_missing {
            continue;
        }
        let (lines, inserted) = missing_group(cx, s);
        let at = insertion_point(cx, s);
        let (range, mut message) = where_missing(cx, s, at);
        if let Some(subsections) = lines.get(1..).filter(|rest| !rest.is_empty()) {
            message.push_str(&format!(
                ", with its subsections `{}`",
                subsections.join("`, `")
            ));
        }
        message.push_str(". Add it, and if it does not apply, say why.");
        out.push(
            Finding::new(Rule::MissingSection, range, message)
                .with_fix(Fix {
                    title: format!("Insert `{}`", inserted.join("`, `")),
                    edits: vec![Edit::insert(at, section_text(cx, at, &inserted))],
                    safe: true,
                })
                .about(lines),
        );
    }
}

/// The heading lines of missing section `s` and its missing subsections,
/// and of those inserted together with it: up to the first subsection
/// already present (the rest go in their own place once `s` exists).
fn missing_group(cx: &Context, s: SectionId) -> (Vec<String>, Vec<String>) {
    let template = cx.template;
    let map = &cx.sections;
    let group: Vec<SectionId> = std::iter::once(s)
        .chain(
            template
                .required()
                .filter(|&d| d > s && template.is_ancestor(s, d) && !map.is_present(d)),
        )
        .collect();
    let first_present_descendant = template
        .section_ids()
        .skip(s.index() + 1)
        .find(|&d| map.is_present(d) && template.is_ancestor(s, d));
    let line = |&g: &SectionId| template.section(g).heading_line();
    let lines = group.iter().map(line).collect();
    let inserted = group
        .iter()
        .filter(|&&g| first_present_descendant.is_none_or(|d| g < d))
        .map(line)
        .collect();
    (lines, inserted)
}

/// Where the finding for missing section `s` points and how it begins: at
/// its parent's heading, or at the line where it would be inserted.
fn where_missing(cx: &Context, s: SectionId, at: usize) -> (Range<usize>, String) {
    let template = cx.template;
    let map = &cx.sections;
    let spec = template.section(s);
    let parent_heading = spec
        .parent
        .and_then(|p| Some((p, cx.headings().get(map.first_heading(p)?)?)));
    match parent_heading {
        Some((p, heading)) => (
            heading.range.clone(),
            format!(
                "`{}` is missing its required subsection `{}`",
                template.section(p).heading_line(),
                spec.heading_line()
            ),
        ),
        None => {
            // With nothing before it present, the section before it in the
            // template is missing too: say so, rather than "first" for all.
            let missing_before = || {
                template.section_ids().take(s.index()).rev().find(|&p| {
                    let before = template.section(p);
                    before.parent == spec.parent && !before.optional
                })
            };
            let place = match map.anchor(template, s) {
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
                    "Required section `{}` is missing; the template puts it {place}",
                    spec.heading_line()
                ),
            )
        }
    }
}

/// Where a missing section goes: after its anchor section (after the
/// anchor's own text and deeper headings when it is the parent, after its
/// whole subtree otherwise), before any later template section that is in
/// order, and never inside the front matter or a fence.
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
    let anchor = map
        .anchor(template, s)
        .and_then(|p| map.first_heading(p).map(|ph| (p, ph)));
    let at = match anchor {
        // Under its parent: after the parent's own text and any deeper
        // headings of the author's, so those stay where they are.
        Some((p, ph)) if template.is_ancestor(p, s) => {
            start_of((ph + 1..headings.len()).find(|&h| stops_at(h, spec.level)))
        }
        Some((_, ph)) => {
            let level = level_of(ph).min(spec.level);
            start_of((ph + 1..headings.len()).find(|&h| stops_at(h, level)))
        }
        None => match headings.iter().position(|h| h.level == 1) {
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
    use expect_test::expect;

    use crate::rules::Rule;
    use crate::rules::fixture::*;

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
}
