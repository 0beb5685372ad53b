//! `misnamed-section`: a heading nearly named as a required section.

pub(crate) const DOC: RuleDoc = RuleDoc {
    id: "misnamed-section",
    severity: Severity::Error,
    summary: "A heading nearly matches a required template section.",
    explanation: "The heading differs from a required template heading only in case, spacing or punctuation, or is a shortened form of it (`## Alternatives` for `## Alternatives (Not Implemented)`). Upstream's CI matches headings literally, so the section counts as missing until it is renamed.",
    fix: Some("Renames the heading to the template's exact text and level."),
};

use super::written;
use crate::context::Context;
use crate::fix::{Edit, Fix};
use crate::rules::{Finding, Rule, RuleDoc, Severity};
use crate::template::{MatchKind, fold};

pub(crate) fn check(cx: &Context, out: &mut Vec<Finding>) {
    for (h, heading) in cx.headings().iter().enumerate() {
        let Some(m) = cx.sections.of_heading(h) else {
            continue;
        };
        if m.kind != MatchKind::NearMiss {
            continue;
        }
        let spec = cx.template.section(m.section);
        let written = written(heading);
        // Safe when nothing the author wrote is lost, only completed or recased.
        let safe = fold(&spec.name).contains(&fold(&heading.text));
        out.push(
            Finding::new(
                Rule::MisnamedSection,
                heading.range.clone(),
                format!(
                    "`{written}` looks like the template's `{}`; rename it so the section is recognised",
                    spec.heading_line()
                ),
            )
            .with_fix(Fix {
                title: format!("Rename to `{}`", spec.heading_line()),
                edits: vec![Edit::replace(heading.range.clone(), spec.heading_line())],
                safe,
            })
            .about(vec![spec.heading_line()]),
        );
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::rules::Rule;
    use crate::rules::fixture::*;

    #[test]
    fn wrong_level_and_near_misses() {
        check(&with_body("# Idea

### Summary
^^^ heading-level: `### Summary` is level 3, but the template has `## Summary` at level 2; change `###` to `##`

## motivation
^^^^^^^^^^^^^ misnamed-section: `## motivation` looks like the template's `## Motivation`; rename it so the section is recognised

### Goals

### Non Goals
^^^^^^^^^^^^^ misnamed-section: `### Non Goals` looks like the template's `### Non-Goals`; rename it so the section is recognised

## Proposal

### Topology Considerations

#### Standalone Cluster
^^^^^^^^^^^^^^^^^^^^^^^ misnamed-section: `#### Standalone Cluster` looks like the template's `#### Standalone Clusters`; rename it so the section is recognised

#### 漢字 Clusters 😀

## Alternatives
^^^^^^^^^^^^^^^ misnamed-section: `## Alternatives` looks like the template's `## Alternatives (Not Implemented)`; rename it so the section is recognised


"));
    }

    #[test]
    fn rename_fix() {
        check_fix(
            Rule::MisnamedSection,
            &with_body(&BODY_OK.replace("## Alternatives (Not Implemented)", "## alternatives")),
            expect![[r#"
                {GOOD_META}
                {BODY_OK}
            "#]],
        );
    }

    #[test]
    fn multibyte_headings_are_matched_and_renamed() {
        check(&with_body("# Idea

## Summary

## Motivation

### Goals

### Non-Goals

## Proposal

### Topology Considerations

#### Standalone Clusters

#### 漢字  clusters 😀
^^^^^^^^^^^^^^^^^^^ misnamed-section: `#### 漢字  clusters 😀` looks like the template's `#### 漢字 Clusters 😀`; rename it so the section is recognised

## Alternatives (Not Implemented)

"));
        check_fix_at(
            &with_body(&BODY_OK.replace("#### 漢字 Clusters 😀", "#### 漢字  clus$0ters 😀")),
            expect![[r#"
                {GOOD_META}
                {BODY_OK}
            "#]],
        );
    }
}
