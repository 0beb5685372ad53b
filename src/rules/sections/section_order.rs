//! `section-order`: sections out of the template's order.

pub(crate) const DOC: RuleDoc = RuleDoc {
    id: "section-order",
    severity: Severity::Warning,
    summary: "Template sections are out of the template's order.",
    explanation: "Reviewers read proposals in the template's order. The longest run of sections already in order is kept; each heading outside it is reported with where the template puts it. A section under another parent is `section-parent`'s. Move the section; no automatic fix reorders text.",
    fix: None,
};

use super::{placement, written};
use crate::context::Context;
use crate::rules::{Finding, Rule, RuleDoc, Severity};

pub(crate) fn check(cx: &Context, out: &mut Vec<Finding>) {
    let template = cx.template;
    let map = &cx.sections;
    let headings = cx.headings();
    // Headings outside the longest run already in template order.
    for (h, s) in map.first_hits() {
        if map.is_in_order(s) || map.is_misplaced(h) {
            continue;
        }
        let Some(heading) = headings.get(h) else {
            continue;
        };
        out.push(
            Finding::new(
                Rule::SectionOrder,
                heading.range.clone(),
                format!(
                    "`{}` is out of order: the template puts it {}; move the section there",
                    written(heading),
                    placement(template, map, s)
                ),
            )
            .about(vec![template.section(s).heading_line()]),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::fixture::*;

    #[test]
    fn duplicates_and_order() {
        check(&with_body("# Idea

## Motivation

### Goals

### Non-Goals

## Summary
^^^^^^^^^^ section-order: `## Summary` is out of order: the template puts it before `## Motivation`; move the section there

## Proposal

### Topology Considerations

#### 漢字 Clusters 😀

#### Standalone Clusters
^^^^^^^^^^^^^^^^^^^^^^^^ section-order: `#### Standalone Clusters` is out of order: the template puts it after `### Topology Considerations` and before `#### 漢字 Clusters 😀`; move the section there

## Alternatives (Not Implemented)

## Summary
^^^^^^^^^^ duplicate-section: `## Summary` appears more than once; merge this section into the first one, or rename it

"));
    }

    #[test]
    fn a_section_is_placed_before_what_follows_its_subtree_not_before_its_child() {
        // `## Goals` is `### Goals` at the wrong level, in order;
        // its parent `## Motivation` came last.
        check(&with_body("# Idea

## Summary

## Goals
^^^^^^^^ heading-level: `## Goals` belongs under `## Motivation` as `### Goals`; move it there

## Proposal

### Topology Considerations

#### Standalone Clusters

#### 漢字 Clusters 😀

## Alternatives (Not Implemented)

## Motivation
^^^^^^^^^^^^^ missing-section: `## Motivation` is missing its required subsection `### Non-Goals`. Add it, and if it does not apply, say why.
^^^^^^^^^^^^^ section-order: `## Motivation` is out of order: the template puts it after `## Summary` and before `## Proposal`; move the section there
"));
    }
}
