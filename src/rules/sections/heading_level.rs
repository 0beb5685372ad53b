//! `heading-level`: a template section at another heading level.

pub(crate) const DOC: RuleDoc = RuleDoc {
    id: "heading-level",
    severity: Severity::Error,
    summary: "A template section is written at the wrong heading level.",
    explanation: "The heading's text matches a template section, but its level (number of `#`) differs from the template's, so the section sits in the wrong place of the outline and upstream's CI does not find it.",
    fix: Some(
        "Rewrites the `#` marker to the template's level, when the heading already sits under its template parent and in order. A heading in the wrong place is reported with where it belongs.",
    ),
};

use super::{placement, written};
use crate::context::Context;
use crate::fix::{Edit, Fix};
use crate::markdown::Heading;
use crate::rules::{Finding, Rule, RuleDoc, Severity};
use crate::template::{MatchKind, SectionId};

pub(crate) fn check(cx: &Context, out: &mut Vec<Finding>) {
    let plan = LevelPlan::new(cx);
    for (h, heading) in cx.headings().iter().enumerate() {
        if let Some(m) = cx.sections.of_heading(h)
            && m.kind == MatchKind::WrongLevel
        {
            out.push(wrong_level(cx, &plan, h, heading, m.section));
        }
    }
}

/// A template section at the wrong level: in place, with a level fix; or
/// also in the wrong place, saying where it belongs.
fn wrong_level(
    cx: &Context,
    plan: &LevelPlan,
    h: usize,
    heading: &Heading,
    s: SectionId,
) -> Finding {
    let template = cx.template;
    let map = &cx.sections;
    let spec = template.section(s);
    if !plan.is_fixed(h) {
        let place = match spec.parent {
            Some(p) if map.is_present(p) => {
                format!("under `{}`", template.section(p).heading_line())
            }
            _ => placement(template, map, s),
        };
        return Finding::new(
            Rule::HeadingLevel,
            heading.range.clone(),
            format!(
                "`{}` belongs {place} as `{}`; move it there",
                written(heading),
                spec.heading_line()
            ),
        )
        .about(vec![spec.heading_line()]);
    }

    let marker_len = cx
        .text
        .get(heading.range.clone())
        .map_or(0, |line| line.len() - line.trim_start_matches('#').len());
    let (range, replacement) = if marker_len > 0 {
        (
            heading.range.start..heading.range.start + marker_len,
            "#".repeat(usize::from(spec.level)),
        )
    } else {
        (heading.range.clone(), spec.heading_line())
    };
    Finding::new(
        Rule::HeadingLevel,
        range.clone(),
        format!(
            "`{}` is level {}, but the template has `{}` at level {}; change `{}` to `{}`",
            written(heading),
            heading.level,
            spec.heading_line(),
            spec.level,
            "#".repeat(usize::from(heading.level)),
            "#".repeat(usize::from(spec.level)),
        ),
    )
    .with_fix(Fix {
        title: format!("Change to `{}`", spec.heading_line()),
        edits: vec![Edit::replace(range, replacement)],
        safe: plan.is_safe(cx, h, s),
    })
    .about(vec![spec.heading_line()])
}

/// The outline before and after every in-place level fix, to tell which
/// fixes leave all other headings under the parents they had.
struct LevelPlan {
    before: Vec<Option<usize>>,
    after: Vec<Option<usize>>,
    /// Each heading's level before and after the fixes.
    levels_before: Vec<u8>,
    levels_after: Vec<u8>,
    /// The headings whose level is fixed in place (not misplaced).
    fixed: Vec<bool>,
}

impl LevelPlan {
    fn new(cx: &Context) -> LevelPlan {
        let headings = cx.headings();
        let levels_before: Vec<u8> = headings.iter().map(|x| x.level).collect();
        let mut levels = levels_before.clone();
        let before = outline_parents(&levels);
        let mut fixed = vec![false; headings.len()];
        for (h, (level, fix)) in levels.iter_mut().zip(fixed.iter_mut()).enumerate() {
            if let Some(m) = cx.sections.of_heading(h)
                && m.kind == MatchKind::WrongLevel
                && !cx.sections.is_misplaced(h)
            {
                *level = cx.template.section(m.section).level;
                *fix = true;
            }
        }
        LevelPlan {
            before,
            after: outline_parents(&levels),
            levels_before,
            levels_after: levels,
            fixed,
        }
    }

    fn is_fixed(&self, h: usize) -> bool {
        self.fixed.get(h).copied().unwrap_or(false)
    }

    /// Safe: after all level fixes, `h` sits under its template parent, no
    /// heading that is not being fixed moves into or out of `h`, and none
    /// of its subsections is left two levels below it (a `####` right
    /// under a `##` that was a `###`).
    fn is_safe(&self, cx: &Context, h: usize, s: SectionId) -> bool {
        let headings = cx.headings();
        let after = self.after.get(h).copied().flatten();
        let expected_parent_ok = match cx.template.section(s).parent {
            Some(p) => after.is_some() && after == cx.sections.first_heading(p),
            None => after.is_none_or(|ph| headings.get(ph).is_some_and(|x| x.level == 1)),
        };
        let others_stay = self.before.iter().zip(&self.after).zip(&self.fixed).all(
            |((before, after), &fixed)| {
                fixed || before == after || (*before != Some(h) && *after != Some(h))
            },
        );
        let level = |levels: &[u8], i: usize| levels.get(i).copied().unwrap_or(0);
        let children_one_below = self.after.iter().enumerate().all(|(c, &parent)| {
            parent != Some(h)
                || level(&self.levels_after, c) <= level(&self.levels_after, h).saturating_add(1)
                || level(&self.levels_before, c) > level(&self.levels_before, h).saturating_add(1)
        });
        expected_parent_ok && others_stay && children_one_below
    }
}

/// Each heading's parent heading in the document outline.
fn outline_parents(levels: &[u8]) -> Vec<Option<usize>> {
    let mut stack: Vec<(usize, u8)> = Vec::new();
    levels
        .iter()
        .enumerate()
        .map(|(i, &level)| {
            while stack.last().is_some_and(|&(_, top)| top >= level) {
                stack.pop();
            }
            let parent = stack.last().map(|&(p, _)| p);
            stack.push((i, level));
            parent
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::analysis::analyze_text;
    use crate::rules::Rule;
    use crate::rules::fixture::*;

    #[test]
    fn misplaced_sections_say_where_they_belong() {
        check(&with_body("# Idea

## Summary

## Motivation

### Goals

#### Standalone Cluster

## Proposal

### Topology Considerations
^^^^^^^^^^^^^^^^^^^^^^^^^^^ missing-section: `### Topology Considerations` is missing its required subsection `#### Standalone Clusters`. Add it, and if it does not apply, say why.

#### 漢字 Clusters 😀

## Non-Goals
^^^^^^^^^^^^ heading-level: `## Non-Goals` belongs under `## Motivation` as `### Non-Goals`; move it there

## Alternatives (Not Implemented)

"));
    }

    #[test]
    fn level_fix() {
        check_fix_at(
            &with_body(&BODY_OK.replace("## Summary", "##$0## Summary")),
            expect![[r#"
                {GOOD_META}
                {BODY_OK}
            "#]],
        );
    }

    #[test]
    fn level_fix_is_safe_only_when_no_other_heading_moves() {
        let body = BODY_OK.replace(
            "## Alternatives (Not Implemented)",
            "### Alternatives (Not Implemented)",
        );
        let level_fix = |text: &str| {
            analyze_text(text, &mini(), &file("idea"))
                .into_iter()
                .find(|f| f.rule == Rule::HeadingLevel)
                .and_then(|f| f.fix)
                .expect("a level fix")
        };
        assert!(level_fix(&with_body(&body)).safe);
        // Raising it would pull the author's own subsection under it.
        let with_notes = format!("{body}\n### Our Notes\n");
        assert!(!level_fix(&with_body(&with_notes)).safe);
        // Raising it would leave its own `####` right under a `##`
        // (monitoring/alert-overrides.md: `### Operational Aspects of API
        // Extensions` raised, over its `#### Failure Modes`).
        let with_subsection = format!("{body}\n#### Failure Modes\n\nTBD\n");
        assert!(!level_fix(&with_body(&with_subsection)).safe);
        // A subsection that was already two levels below stays the
        // author's choice.
        let skipping = body.replace(
            "### Alternatives (Not Implemented)",
            "#### Alternatives (Not Implemented)",
        );
        let skipping = format!("{skipping}\n###### Deep\n");
        assert!(level_fix(&with_body(&skipping)).safe);
    }
}
