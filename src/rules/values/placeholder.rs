//! `placeholder`: a value copied from the template.

pub(crate) const DOC: RuleDoc = RuleDoc {
    id: "placeholder",
    severity: Severity::Error,
    summary: "A template placeholder was left in the front matter.",
    explanation: "Values copied from the template (`TBD`, `yyyy-mm-dd`, the `a|b|c` option list, `neat-enhancement-idea`, the example paths) must be replaced with real ones.",
    fix: Some(
        "For the title: the file name; for dates: today's date; an optional path list holding only the template's examples becomes empty (`[]`).",
    ),
};

use super::{is_option_list, leading_placeholder, list_items, present};
use crate::context::Context;
use crate::fix::{Edit, Fix};
use crate::front_matter::YamlEntry;
use crate::rules::{Finding, Rule, RuleDoc, Severity};
use crate::template::{KeySpec, ValueShape};

pub(crate) fn check(cx: &Context, out: &mut Vec<Finding>) {
    for (spec, entry) in present(cx) {
        match list_items(spec, entry) {
            Some(items) => {
                let found: Vec<_> = items
                    .iter()
                    .filter_map(|item| {
                        let value = item.as_str().unwrap_or("").trim();
                        leading_placeholder(spec, value).map(|p| (item, p))
                    })
                    .collect();
                let only_placeholders = found.len() == items.len();
                for (item, p) in found {
                    let mut finding = placeholder(cx, spec, entry, p);
                    finding.range = item.range();
                    if !spec.required && only_placeholders {
                        let end = entry.value.range().end.max(entry.key_range.end);
                        finding = finding.with_fix(Fix {
                            title: format!("Empty `{}`", spec.name),
                            edits: vec![Edit::replace(entry.key_range.end..end, ": []")],
                            safe: false,
                        });
                    }
                    out.push(finding);
                }
            }
            None if spec.shape.is_list() => {}
            None => {
                let placeholder_value = entry.value.as_str().filter(|v| {
                    spec.placeholders.iter().any(|p| p == v)
                        || (matches!(spec.shape, ValueShape::Enum(_)) && is_option_list(v))
                });
                if let Some(v) = placeholder_value {
                    out.push(placeholder(cx, spec, entry, v));
                }
            }
        }
    }
}

fn placeholder(cx: &Context, spec: &KeySpec, entry: &YamlEntry, value: &str) -> Finding {
    let range = entry.value.range();
    let key = &spec.name;
    let wanted = match (&spec.shape, cx.file.file_stem.as_deref()) {
        (ValueShape::Enum(options), _) => format!("one of {}", options.join(", ")),
        (ValueShape::Text, Some(stem)) if key == "title" => format!("the file name, `{stem}`"),
        (shape, _) => shape.describe(),
    };
    let mut finding = Finding::new(
        Rule::Placeholder,
        range.clone(),
        format!(
            "`{key}` still has the template's placeholder `{value}`; replace it with {wanted}{}",
            if spec.required {
                ""
            } else {
                ", or delete the key (it is optional)"
            }
        ),
    )
    .about(vec![key.clone()]);
    let replacement = match &spec.shape {
        ValueShape::Date => cx.file.today.clone().map(|d| (d, false)),
        ValueShape::Text if key == "title" => cx.file.file_stem.clone().map(|s| (s, true)),
        _ => None,
    };
    if let Some((new, safe)) = replacement.filter(|(new, _)| new != value) {
        finding = finding.with_fix(Fix {
            title: format!("Set to `{new}`"),
            edits: vec![Edit::replace(range, new)],
            safe,
        });
    }
    finding
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::rules::fixture::*;

    #[test]
    fn placeholders_and_shapes() {
        check(&with_front_matter("---
title: neat-enhancement-idea
       ^^^^^^^^^^^^^^^^^^^^^ placeholder: `title` still has the template's placeholder `neat-enhancement-idea`; replace it with the file name, `idea`
authors: \"@alice\"
         ^^^^^^^^ expected-list: `authors` is a list in the template; write each entry as a `- item` line
api-approvers:
  - TBD
    ^^^ placeholder: `api-approvers` still has the template's placeholder `TBD`; replace it with a list of GitHub handles
creation-date: yyyy-mm-dd
               ^^^^^^^^^^ placeholder: `creation-date` still has the template's placeholder `yyyy-mm-dd`; replace it with a date (yyyy-mm-dd)
last-updated: 2024-02-01
tracking-link:
  - TBD
    ^^^ placeholder: `tracking-link` still has the template's placeholder `TBD`; replace it with a list of URLs
status: provisional|implementable|implemented
        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ placeholder: `status` still has the template's placeholder `provisional|implementable|implemented`; replace it with one of provisional, implementable, implemented
see-also:
  - \"/enhancements/this-other-neat-thing.md\"
    ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ placeholder: `see-also` still has the template's placeholder `/enhancements/this-other-neat-thing.md`; replace it with a list of paths to other proposals, or delete the key (it is optional)
---
"));
    }

    #[test]
    fn fixes_fill_in_the_file_name_and_today() {
        check_fix_at(
            &with_front_matter(&GOOD_META.replace("title: idea", "title: neat-$0enhancement-idea")),
            expect![[r#"
                {GOOD_META}
                {BODY_OK}
            "#]],
        );
        check_fix_at(
            &with_front_matter(
                &GOOD_META.replace("creation-date: 2024-01-31", "creation-date: yyyy$0-mm-dd"),
            ),
            expect![[r#"
                ---
                title: idea
                authors:
                  - "@alice"
                api-approvers:
                  - None
                creation-date: 2026-11-25
                last-updated: 2024-02-01
                tracking-link:
                  - https://issues.redhat.com/browse/X-1
                status: implementable
                ---

                {BODY_OK}
            "#]],
        );
    }

    #[test]
    fn another_versions_option_list_is_a_placeholder() {
        check(&with_front_matter(&GOOD_META.replace(
            "status: implementable\n",
            "status: provisional|implementable|implemented|deferred|rejected|withdrawn|replaced
        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ placeholder: `status` still has the template's placeholder `provisional|implementable|implemented|deferred|rejected|withdrawn|replaced`; replace it with one of provisional, implementable, implemented
",
        )));
    }

    #[test]
    fn the_example_path_of_an_optional_list_can_go() {
        check_fix_at(
            &with_front_matter(&GOOD_META.replace(
                "status: implementable\n",
                "status: implementable\nsee-also:\n  - \"/enhancements/this-other-$0neat-thing.md\"\n",
            )),
            expect![[r#"
                {GOOD_META keys}
                see-also: []
                ---

                {BODY_OK}
            "#]],
        );
    }
}
