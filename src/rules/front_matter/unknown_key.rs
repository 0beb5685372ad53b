//! `unknown-key`: a key the template does not define.

pub(crate) const DOC: RuleDoc = RuleDoc {
    id: "unknown-key",
    severity: Severity::Warning,
    summary: "A front-matter key the template does not define.",
    explanation: "Only the template's keys are read by tooling. A key that differs from a template key in case or spelling (`Superseded-by` for `superseded-by`) is almost certainly that key. Keys that older templates had and this one dropped are reported too. An HTML comment (`<!-- ... -->`) is no comment in YAML but a key; YAML comments start with `#`.",
    fix: Some(
        "Renames the key to the closest template key; turns an HTML comment into a YAML `#` comment.",
    ),
};

use super::stands_for;
use crate::context::Context;
use crate::fix::{Edit, Fix};
use crate::front_matter::YamlEntry;
use crate::rules::{Finding, Rule, RuleDoc, Severity};
use crate::text::{line_range, line_start};

pub(crate) fn check(cx: &Context, out: &mut Vec<Finding>) {
    let Some(entries) = cx.entries() else {
        return;
    };
    let template = cx.template;
    for entry in entries {
        if template.key(&entry.key).is_some() {
            continue;
        }
        if entry.key.starts_with("<!--") {
            out.push(html_comment(cx, entry).about(vec![entry.key.clone()]));
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

/// `<!-- status: a|b -->` in YAML: a key named `<!-- status`.
fn html_comment(cx: &Context, entry: &YamlEntry) -> Finding {
    let line = line_range(cx.text, line_start(cx.text, entry.key_range.start));
    let written = cx.text.get(line.clone()).unwrap_or("");
    let inner = written
        .trim()
        .trim_start_matches("<!--")
        .trim_end_matches("-->")
        .trim();
    Finding::new(
        Rule::UnknownKey,
        entry.key_range.clone(),
        "An HTML comment in the front matter is a YAML key `<!-- ...`; YAML comments start with `#`",
    )
    .with_fix(Fix {
        title: "Make it a YAML comment".into(),
        edits: vec![Edit::replace(line, format!("# {inner}"))],
        safe: true,
    })
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
                {BODY_OK}
            "#]],
        );
    }

    #[test]
    fn an_html_comment_is_a_key_to_yaml() {
        // cluster-scope-secret-volumes/csi-driver-host-injections.md:28, reduced.
        let meta = GOOD_META.replace(
            "status: implementable\n",
            "status: implementable\n<!-- status: provisional|implementable|implemented -->\n",
        );
        check(&with_front_matter(&meta.replace(
            "-->\n",
            "-->
^^^^^^^^^^^ unknown-key: An HTML comment in the front matter is a YAML key `<!-- ...`; YAML comments start with `#`
",
        )));
        check_fix_all(
            &with_front_matter(&meta),
            expect![[r#"
                {GOOD_META keys}
                # status: provisional|implementable|implemented
                ---

                {BODY_OK}
            "#]],
        );
    }
}
