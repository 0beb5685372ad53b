//! Section rules: the proposal's headings against the template's
//! sections, as the context's [`SectionMap`] matched them.

pub(super) mod duplicate_section;
pub(crate) mod empty_section;
pub(super) mod heading_level;
pub(super) mod misnamed_section;
pub(super) mod missing_section;
pub(super) mod missing_title;
pub(super) mod not_a_proposal;
pub(super) mod second_title;
pub(super) mod section_order;
pub(super) mod section_parent;

use std::ops::Range;

use crate::context::Context;
use crate::markdown::Heading;
use crate::template::{SectionId, SectionMap, Template};
use crate::text::{line_range, line_start};

/// `## Name` as the document writes it.
pub(crate) fn written(heading: &Heading) -> String {
    format!(
        "{} {}",
        "#".repeat(usize::from(heading.level)),
        heading.text
    )
}

/// Where the template puts section `s` among the sections present in
/// order: "after `X` and before `Y`".
fn placement(template: &Template, map: &SectionMap, s: SectionId) -> String {
    let after = map.anchor(template, s);
    // Not its own subsection: a section goes before what follows its subtree.
    let before = template
        .section_ids()
        .skip(s.index() + 1)
        .filter(|&n| !template.is_ancestor(s, n))
        .find(|&n| map.is_in_order(n));
    let name = |i: SectionId| template.section(i).heading_line();
    match (after, before) {
        (Some(a), Some(b)) => format!("after `{}` and before `{}`", name(a), name(b)),
        (Some(a), None) => format!("after `{}`", name(a)),
        (None, Some(b)) => format!("before `{}`", name(b)),
        (None, None) => "elsewhere".to_string(),
    }
}

/// Where text inserted at `at` reads as markdown: before a code fence
/// that holds `at` (an unclosed one runs to the end), or before an HTML
/// comment left open. Either hides what follows, even a front matter the
/// line scanner found inside it.
fn visible(cx: &Context, at: usize) -> usize {
    let at = match cx
        .outline
        .code_fences
        .iter()
        .find(|f| f.start < at && at <= f.end)
    {
        Some(fence) => fence.start,
        None => at,
    };
    match cx.outline.unclosed_comment {
        Some(comment) if comment < at => comment,
        _ => at,
    }
}

/// The line at `at` without trailing spaces, or the last line when `at`
/// is the end: where a finding about an insertion at `at` points.
fn anchor_line(text: &str, at: usize) -> Range<usize> {
    let start = if at >= text.len() {
        line_start(text, text.trim_end().len())
    } else {
        at
    };
    let line = line_range(text, start);
    let content = text.get(line.clone()).unwrap_or("");
    start..start + content.trim_end().len()
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::rules::fixture::*;

    #[test]
    fn headings_in_fences_and_comments_do_not_count() {
        check(&with_body(
            "# Idea

## Summary

```markdown
## Motivation
```

<!--
## Proposal
-->

## Motivation

### Goals

### Non-Goals

## Proposal

### Topology Considerations

#### Standalone Clusters

#### 漢字 Clusters 😀

## Alternatives (Not Implemented)
",
        ));
    }

    #[test]
    fn prefix_and_optional_marker_headings_count() {
        let body = BODY_OK
            .replace("## Summary", "## Summary: what and why")
            .replace("### Goals", "### Goals [optional]");
        check(&with_body(&body));
    }

    /// Found by the engine's property tests: inserted into a comment left
    /// open, `## Alternatives` stayed missing and was inserted again, 64
    /// times over.
    #[test]
    fn insert_never_goes_into_an_unclosed_comment() {
        check_fix_all(
            &with_body(&BODY_OK.replace("## Alternatives (Not Implemented)\n", "<!--\nnotes\n")),
            expect![[r#"
                {GOOD_META}
                # Idea

                ## Summary

                ## Motivation

                ### Goals

                ### Non-Goals

                ## Proposal

                ### Topology Considerations

                #### Standalone Clusters

                #### 漢字 Clusters 😀

                ## Alternatives (Not Implemented)

                <!--
                notes
            "#]],
        );
    }
}
