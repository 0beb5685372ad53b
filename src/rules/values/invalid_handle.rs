//! `invalid-handle`: a people-list entry that is no GitHub handle.

pub(crate) const DOC: RuleDoc = RuleDoc {
    id: "invalid-handle",
    severity: Severity::Warning,
    summary: "An entry of a people list is not a GitHub handle.",
    explanation: "Each entry should start with a GitHub handle (letters, digits and single dashes, at most 39 characters, optionally after `@`); a comment may follow it. In a list with no handle at all, `missing-handle` reports the entries instead.",
    fix: Some("Writes the template's `None` for an entry that means none (`N/A`, `nobody`)."),
};

use super::{entries_without_person, item_range, list_entries};
use crate::context::Context;
use crate::fix::{Edit, Fix};
use crate::rules::{Finding, Rule, RuleDoc, Severity};
use crate::template::ValueShape;
use crate::values::handle::{is_handle_entry, means_none};

pub(crate) fn check(cx: &Context, out: &mut Vec<Finding>) {
    for (spec, entry, item, value) in list_entries(cx, ValueShape::Handles) {
        let key = &spec.name;
        if spec.sentinels.iter().any(|s| s == value) || is_handle_entry(value) {
            continue;
        }
        // A list with no handle at all is one `missing-handle` error.
        if entries_without_person(spec, entry).is_some() {
            continue;
        }
        if let Some(sentinel) = spec.sentinels.first().filter(|_| means_none(value)) {
            // `N/A` where the template says to write `None`.
            let range = item.range();
            out.push(
                Finding::new(
                    Rule::InvalidHandle,
                    range.clone(),
                    format!("This `{key}` entry `{value}` means none; write `{sentinel}`, as the template says"),
                )
                .with_fix(Fix {
                    title: format!("Write `{sentinel}`"),
                    edits: vec![Edit::replace(range, sentinel.clone())],
                    safe: true,
                })
                .about(vec![key.clone()]),
            );
            continue;
        }
        let what = if value.is_empty() {
            "is empty".to_string()
        } else if value.starts_with(['“', '‘']) {
            format!("`{value}` is wrapped in typographic quotes, which YAML keeps as text")
        } else {
            format!("`{value}` is not a GitHub handle")
        };
        out.push(
            Finding::new(
                Rule::InvalidHandle,
                item_range(cx, entry, item),
                format!("This `{key}` entry {what}; write `\"@name\"`"),
            )
            .about(vec![key.clone()]),
        );
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::rules::Rule;
    use crate::rules::fixture::*;

    #[test]
    fn entries_that_are_not_handles() {
        check(&with_front_matter(&GOOD_META.replace(
            "authors:\n  - \"@alice\"\n",
            "authors:
  - \"@alice, for networking\"
  - \"Alice Smith\"
    ^^^^^^^^^^^^^ invalid-handle: This `authors` entry `Alice Smith` is not a GitHub handle; write `\"@name\"`
  - \"@openshift/team-x\"
  - “@tgeer”
    ^^^^^^^^ invalid-handle: This `authors` entry `“@tgeer”` is wrapped in typographic quotes, which YAML keeps as text; write `\"@name\"`
  - \"Colin Walters @cgwalters\"
  - \"\"
    ^^ invalid-handle: This `authors` entry is empty; write `\"@name\"`
",
        )));
    }

    #[test]
    fn none_spellings_and_commented_placeholders() {
        check(&with_front_matter("---
title: idea
authors:
  - \"TBD, for the networking team\"
    ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ placeholder: `authors` still has the template's placeholder `TBD`; replace it with a list of GitHub handles
api-approvers:
  - N/A
    ^^^ invalid-handle: This `api-approvers` entry `N/A` means none; write `None`, as the template says
creation-date: 2024-01-31
last-updated: 2024-02-01
tracking-link:
  - https://issues.redhat.com/browse/X-1
status: implementable
---
"));
        check_fix(
            Rule::InvalidHandle,
            &with_front_matter(&GOOD_META.replace("  - None", "  - N/A")),
            expect![[r#"
                {GOOD_META}
                {BODY_OK}
            "#]],
        );
    }
}
