//! `empty-section`: a required section with nothing in it.

pub(crate) const DOC: RuleDoc = RuleDoc {
    id: "empty-section",
    severity: Severity::Warning,
    summary: "A required section has no text.",
    explanation: "The template asks to keep every required section and, if it does not apply, to explain why. A heading with nothing under it (not even in its subsections) leaves reviewers guessing; an HTML comment does not count.",
    fix: None,
};

use super::written;
use crate::context::Context;
use crate::rules::{Finding, Rule, RuleDoc, Severity};
use crate::template::SectionId;

pub(crate) fn check(cx: &Context, out: &mut Vec<Finding>) {
    let headings = cx.headings();
    let template = cx.template;
    let map = &cx.sections;
    // Required sections with no content anywhere in their subtree.
    let empty: Vec<(SectionId, usize)> = template
        .required()
        .filter_map(|s| map.first_heading(s).map(|h| (s, h)))
        .filter(|&(_, h)| {
            let Some(heading) = headings.get(h) else {
                return false;
            };
            let end = headings
                .get(map.subtree_end(h))
                .map_or(cx.text.len(), |next| next.range.start);
            !cx.outline.has_content(heading.range.end..end)
        })
        .collect();
    // An empty parent speaks for its empty subsections.
    let reported_parent = |s: SectionId| {
        template
            .ancestors(s)
            .iter()
            .any(|a| empty.iter().any(|&(e, _)| e == *a))
    };
    for &(s, h) in &empty {
        let Some(heading) = headings.get(h).filter(|_| !reported_parent(s)) else {
            continue;
        };
        out.push(
            Finding::new(
                Rule::EmptySection,
                heading.range.clone(),
                format!(
                    "`{}` is empty; write it, or say why it does not apply",
                    written(heading)
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
    fn empty_sections() {
        check_with(
            &mini(),
            "idea",
            ALL,
            &with_body(
                "# Idea

## Summary

Text.

## Motivation

### Goals

- a list counts

### Non-Goals
^^^^^^^^^^^^^ empty-section: `### Non-Goals` is empty; write it, or say why it does not apply

<!-- a comment does not count -->

## Proposal

### Topology Considerations

#### Standalone Clusters

| a table | counts |
|---|---|

#### 漢字 Clusters 😀

```text
code counts
```

## Alternatives (Not Implemented)

> so does a quote

",
            ),
        );
    }
}
