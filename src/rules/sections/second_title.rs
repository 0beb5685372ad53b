//! `second-title`: a `# ` heading after the proposal's title.

pub(crate) const DOC: RuleDoc = RuleDoc {
    id: "second-title",
    severity: Severity::Warning,
    summary: "A second `# ` heading after the proposal's title.",
    explanation: "A proposal has one level-1 heading, its title; every section is `##` or deeper. A later `# ` heading is usually a section written at the wrong level, or a title split over two lines. It is read as part of the section before it, so the sections after it keep their parents.",
    fix: Some("A title split over two headings: joins them into one."),
};

use super::written;
use crate::context::Context;
use crate::fix::{Edit, Fix};
use crate::rules::{Finding, Rule, RuleDoc, Severity};

pub(crate) fn check(cx: &Context, out: &mut Vec<Finding>) {
    let headings = cx.headings();
    let mut titles = headings.iter().enumerate().filter(|(_, h)| h.level == 1);
    let Some((first_index, first)) = titles.next() else {
        return;
    };
    for (i, heading) in titles {
        let between = cx
            .text
            .get(first.range.end..heading.range.start)
            .unwrap_or("");
        let split = i == first_index + 1 && between.trim().is_empty();
        let finding = if split {
            let joined = format!("{} {}", first.text, heading.text);
            let mut finding = Finding::new(
                Rule::SecondTitle,
                heading.range.clone(),
                format!(
                    "The title continues on a second `# ` heading; join them into one: `# {joined}`"
                ),
            );
            // Only when the first line ends with its text (no closing `#`s).
            let first_line = cx.text.get(first.range.clone()).unwrap_or("");
            if first_line.trim_end().ends_with(first.text.as_str()) {
                finding = finding.with_fix(Fix {
                    title: format!("Join the title into `# {joined}`"),
                    edits: vec![Edit::replace(
                        first.range.start..heading.range.end,
                        format!("# {joined}"),
                    )],
                    safe: false,
                });
            }
            finding
        } else {
            Finding::new(
                Rule::SecondTitle,
                heading.range.clone(),
                format!(
                    "`{}` is a second `# ` title after `{}`; a proposal has one title, so make this a section (`## ` or deeper) where it belongs",
                    written(heading),
                    written(first)
                ),
            )
        };
        out.push(finding);
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::rules::Rule;
    use crate::rules::fixture::*;

    /// `insights/rapid-recommendations.md:267`: a `#` heading among the
    /// `####` of `### Implementation Details/Notes/Constraints`, before
    /// `### Risks and Mitigations`, which is still under `## Proposal`.
    #[test]
    fn a_second_title_in_the_body_keeps_the_sections_after_it_in_place() {
        check(&with_body(
            "# Idea

## Summary

## Motivation

### Goals

### Non-Goals

## Proposal

### Topology Considerations

#### Standalone Clusters

# Container Log Data Gathering
^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ second-title: `# Container Log Data Gathering` is a second `# ` title after `# Idea`; a proposal has one title, so make this a section (`## ` or deeper) where it belongs

#### 漢字 Clusters 😀

## Alternatives (Not Implemented)
",
        ));
    }

    /// A title split over two `#` headings, as in a proposal in review
    /// upstream.
    #[test]
    fn a_split_title_is_joined() {
        let fixture = with_body(
            "# Insights Rapid
# Recommendations
^^^^^^^^^^^^^^^^^ second-title: The title continues on a second `# ` heading; join them into one: `# Insights Rapid Recommendations`

## Summary

## Motivation

### Goals

### Non-Goals

## Proposal

### Topology Considerations

#### Standalone Clusters

#### 漢字 Clusters 😀

## Alternatives (Not Implemented)
",
        );
        check(&fixture);
        check_fix(
            Rule::SecondTitle,
            &strip_markers(&fixture),
            expect![[r#"
                {GOOD_META}
                # Insights Rapid Recommendations

                ## Summary

                ## Motivation

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
}
