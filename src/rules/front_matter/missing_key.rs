//! `missing-key`: a required template key is not set.

pub(crate) const DOC: RuleDoc = RuleDoc {
    id: "missing-key",
    severity: Severity::Error,
    summary: "A front-matter key the template requires is missing.",
    explanation: "Every template key is required except the path lists that relate proposals (`see-also`, `replaces`, `superseded-by`).",
    fix: Some(
        "Inserts the key with the template's placeholder, after the preceding template key present.",
    ),
};

use super::stands_for;
use crate::context::Context;
use crate::fix::{Edit, Fix};
use crate::rules::{Finding, Rule, RuleDoc, Severity};
use crate::text::end_of_line;

pub(crate) fn check(cx: &Context, out: &mut Vec<Finding>) {
    let (Some(entries), Some(fm)) = (cx.entries(), cx.front_matter.as_ref()) else {
        return;
    };
    let template = cx.template;
    // An unknown key that stands for a template key is reported as such.
    let meant: Vec<&str> = entries.iter().filter_map(|e| stands_for(cx, e)).collect();
    for (i, spec) in template.keys.iter().enumerate() {
        if !spec.required
            || cx.first_entry(&spec.name).is_some()
            || meant.contains(&spec.name.as_str())
        {
            continue;
        }
        // After the value of the nearest earlier template key present.
        let earlier = template.keys.get(..i).unwrap_or_default();
        let at = earlier
            .iter()
            .rev()
            .find_map(|k| cx.first_entry(&k.name))
            .map_or(fm.yaml_range.start, |e| {
                end_of_line(cx.text, e.value.range().end.max(e.key_range.end))
            })
            .min(fm.yaml_range.end.max(fm.yaml_range.start));
        let mut insert = spec.source.replace('\n', cx.eol);
        if !insert.ends_with('\n') {
            insert.push_str(cx.eol);
        }
        out.push(
            Finding::new(
                Rule::MissingKey,
                fm.range.start..fm.range.start + 3,
                format!(
                    "The front matter is missing `{}` ({}{}); add it",
                    spec.name,
                    spec.shape.describe(),
                    spec.sentinels
                        .first()
                        .map(|s| format!(", or `{s}`"))
                        .unwrap_or_default()
                ),
            )
            .with_fix(Fix {
                title: format!("Add `{}`", spec.name),
                edits: vec![Edit::insert(at, insert)],
                safe: true,
            })
            .about(vec![spec.name.clone()]),
        );
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::rules::Rule;
    use crate::rules::fixture::*;

    #[test]
    fn a_required_key_is_missing() {
        check(&with_front_matter(&GOOD_META.replacen(
            "---\n",
            "---
^^^ missing-key: The front matter is missing `status` (one of provisional, implementable, implemented); add it
",
            1,
        ).replace("status: implementable\n", "")));
    }

    #[test]
    fn missing_key_fix_inserts_the_template_lines_in_order() {
        check_fix(
            Rule::MissingKey,
            &with_front_matter(
                "---
title: idea
authors:
  - \"@alice\"
creation-date: 2024-01-31
last-updated: 2024-02-01
tracking-link:
  - https://issues.redhat.com/browse/X-1
status: implementable
---
",
            ),
            expect![[r#"
                ---
                title: idea
                authors:
                  - "@alice"
                api-approvers: # If there is no API change, use "None"
                  - TBD
                creation-date: 2024-01-31
                last-updated: 2024-02-01
                tracking-link:
                  - https://issues.redhat.com/browse/X-1
                status: implementable
                ---

                {BODY_OK}
            "#]],
        );
    }
}
