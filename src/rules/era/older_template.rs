//! `older-template`: the proposal is judged by the templates of its time.

pub(crate) const DOC: RuleDoc = RuleDoc {
    id: "older-template",
    severity: Severity::Hint,
    summary: "The proposal is judged by the template versions in force since it was created.",
    explanation: "A proposal was written against the template of its day. Its window runs from its `creation-date` (else the day its file was added to the repository) to today; a structural requirement (a required section, its level, parent or order; a required or allowed front-matter key; an enum's values) counts as met when any template version in the window accepts the proposal. This hint, at the title, says which versions it is judged by and what today's template added or moved since. `check --era current` (setting `\"era\": \"current\"`) judges by today's template alone.",
    fix: Some(
        "\"Update to the current template\" (editor): inserts today's missing sections and keys, fixes levels and names.",
    ),
};

use crate::context::Context;
use crate::rules::{Finding, RuleDoc, Severity};

/// The hint needs every version in the window, so `crate::era` makes it.
pub(crate) fn check(_cx: &Context, _out: &mut Vec<Finding>) {}

#[cfg(test)]
mod tests {
    use crate::rules::fixture::*;
    use crate::rules::{Rule, Severity};

    /// A 2021 proposal in the old template's shape: no `status`, no
    /// topology section, alternatives under design details.
    const OLD_SHAPE: &str = "---
title: idea
authors:
  - \"@alice\"
api-approvers:
  - None
creation-date: 2021-05-01
last-updated: 2021-06-01
tracking-link:
  - https://issues.redhat.com/browse/X-1
---

# Idea

## Summary

## Motivation

### Goals

### Non-Goals

## Proposal

## Design Details

### Alternatives (Not Implemented)
";

    #[test]
    fn an_old_proposal_is_judged_by_its_window() {
        check_in_era(&OLD_SHAPE.replace(
            "# Idea\n",
            "# Idea
^^^^^^ older-template: This proposal, created on 2021-05-01, is judged by the templates in force since then (the version of 2019-09-01 and later); today's template changed, after it was created: on 2024-02-13, `### Topology Considerations`, `## Alternatives (Not Implemented)` (level or place), the key `status`. Update it to the current template when you revise it.
",
        ));
    }

    #[test]
    fn a_section_under_the_wrong_parent_in_every_version_stays_an_error() {
        // Level 3 under `## Proposal`: today's template wants level 2, the
        // old one wanted it under `## Design Details`. Neither accepts the
        // place, so the old version's milder order warning does not soften
        // today's level error.
        let body = "# Idea
^^^^^^ older-template: This proposal, created on 2021-05-01, is judged by the templates in force since then (the version of 2019-09-01 and later); today's template changed, after it was created: on 2024-02-13, `### Topology Considerations`, the key `status`. Update it to the current template when you revise it.

## Summary

## Motivation

### Goals

### Non-Goals

## Proposal

### Alternatives (Not Implemented)
^^^ heading-level: `### Alternatives (Not Implemented)` is level 3, but the template has `## Alternatives (Not Implemented)` at level 2; change `###` to `##`

## Design Details
";
        let front = &OLD_SHAPE[..OLD_SHAPE.find("# Idea").unwrap_or(0)];
        let findings = check_in_era(&format!("{front}{body}"));
        let level = findings.iter().find(|f| f.rule == Rule::HeadingLevel);
        assert_eq!(level.map(|f| f.severity), Some(Severity::Error));
    }

    #[test]
    fn a_new_proposal_is_judged_by_todays_template() {
        let text = OLD_SHAPE
            .replace("2021-05-01", "2024-03-01")
            .replace("2021-06-01", "2024-03-02");
        check_in_era(&text.replacen(
            "---\n",
            "---
^^^ missing-key: The front matter is missing `status` (one of provisional, implementable, implemented); add it
",
            1,
        ).replace("## Proposal\n", "## Proposal
^^^^^^^^^^^ missing-section: `## Proposal` is missing its required subsection `### Topology Considerations`, with its subsections `#### Standalone Clusters`, `#### 漢字 Clusters 😀`. Add it, and if it does not apply, say why.
").replace("### Alternatives (Not Implemented)\n", "### Alternatives (Not Implemented)
^^^ heading-level: `### Alternatives (Not Implemented)` is level 3, but the template has `## Alternatives (Not Implemented)` at level 2; change `###` to `##`
"));
    }
}
