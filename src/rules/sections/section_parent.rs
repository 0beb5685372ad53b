//! `section-parent`: a section under another parent than the template's.

pub(crate) const DOC: RuleDoc = RuleDoc {
    id: "section-parent",
    severity: Severity::Warning,
    summary: "A template section sits under another parent section than the template's.",
    explanation: "The template nests each `###` and `####` under one parent (`### Goals` under `## Motivation`). A section written at its level under another parent is reported with the parent the template gives it. Move the section there; no automatic fix moves text. Judged by a proposal's window like the other structural rules, and as severe as a wrong level when an older version wanted the section elsewhere too.",
    fix: None,
};

use super::written;
use crate::context::Context;
use crate::rules::{Finding, Rule, RuleDoc, Severity};

pub(crate) fn check(cx: &Context, out: &mut Vec<Finding>) {
    let template = cx.template;
    let map = &cx.sections;
    let headings = cx.headings();
    for &h in map.outside_parent() {
        let Some((heading, m)) = headings.get(h).zip(map.of_heading(h)) else {
            continue;
        };
        let Some(parent) = template.section(m.section).parent else {
            continue;
        };
        out.push(
            Finding::new(
                Rule::SectionParent,
                heading.range.clone(),
                format!(
                    "`{}` belongs under `{}`; move it there",
                    written(heading),
                    template.section(parent).heading_line()
                ),
            )
            .about(vec![template.section(m.section).heading_line()]),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::fixture::*;

    #[test]
    fn singular_names_and_sections_under_another_parent() {
        check(&with_body("# Idea

## Summary

### Goals
^^^^^^^^^ section-parent: `### Goals` belongs under `## Motivation`; move it there

## Motivation

### Non-Goal
^^^^^^^^^^^^ misnamed-section: `### Non-Goal` looks like the template's `### Non-Goals`; rename it so the section is recognised

## Proposal

### Topology Considerations

#### Standalone Clusters

#### 漢字 Clusters 😀

## Alternatives (Not Implemented)


"));
    }
}
