//! `unknown-key`: a key the template does not define.

pub(crate) const DOC: RuleDoc = RuleDoc {
    id: "unknown-key",
    severity: Severity::Warning,
    summary: "A front-matter key the template does not define.",
    explanation: "Only the template's keys are read by tooling. A key that differs from a template key in case or spelling (`Superseded-by` for `superseded-by`) is almost certainly that key. Keys that older templates had and this one dropped are reported too.",
    fix: Some("Renames the key to the closest template key."),
};

use super::stands_for;
use crate::context::Context;
use crate::fix::{Edit, Fix};
use crate::rules::{Finding, Rule, RuleDoc, Severity};

pub(crate) fn check(cx: &Context, out: &mut Vec<Finding>) {
    let Some(entries) = cx.entries() else {
        return;
    };
    let template = cx.template;
    for entry in entries {
        if template.key(&entry.key).is_some() {
            continue;
        }
        let finding = match stands_for(cx, entry) {
            Some(s) => Finding::new(
                Rule::UnknownKey,
                entry.key_range.clone(),
                format!(
                    "Unknown key `{}`; did you mean the template's `{s}`?",
                    entry.key
                ),
            )
            .with_fix(Fix {
                title: format!("Rename to `{s}`"),
                edits: vec![Edit::replace(entry.key_range.clone(), s)],
                safe: entry.key.eq_ignore_ascii_case(s),
            }),
            None => Finding::new(
                Rule::UnknownKey,
                entry.key_range.clone(),
                format!(
                    "Unknown key `{}`; the template's keys are {}",
                    entry.key,
                    template
                        .keys
                        .iter()
                        .map(|k| k.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ),
        };
        out.push(finding.about(vec![entry.key.clone()]));
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::rules::Rule;
    use crate::rules::fixture::*;

    #[test]
    fn keys_unknown_duplicate_missing() {
        check(&with_front_matter("---
^^^ missing-key: The front matter is missing `api-approvers` (a list of GitHub handles, or `None`); add it
title: idea
authors:
  - \"@alice\"
creation-date: 2024-01-31
last-updated: 2024-02-01
tracking-link:
  - https://issues.redhat.com/browse/X-1
Status: implementable
^^^^^^ unknown-key: Unknown key `Status`; did you mean the template's `status`?
title: idea
^^^^^ duplicate-key: `title` is set twice; keep one
owner: 漢字
^^^^^ unknown-key: Unknown key `owner`; the template's keys are title, authors, api-approvers, creation-date, last-updated, tracking-link, status, see-also
---
"));
    }

    #[test]
    fn a_case_variant_is_renamed() {
        check_fix(
            Rule::UnknownKey,
            &with_front_matter(&GOOD_META.replace("status:", "Status:")),
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
            "#]],
        );
    }
}
