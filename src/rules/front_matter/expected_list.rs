//! `expected-list`: a scalar where the template has a list.

pub(crate) const DOC: RuleDoc = RuleDoc {
    id: "expected-list",
    severity: Severity::Error,
    summary: "A single value where the template has a list.",
    explanation: "The template writes this key as a YAML list (`- item` lines); tooling that decodes it as a list rejects a plain scalar.",
    fix: Some(
        "Turns the value into a one-item list; for an optional list that says `N/A` or `None`, into an empty list (`[]`), never a list holding `N/A`.",
    ),
};

use crate::context::Context;
use crate::fix::{Edit, Fix};
use crate::front_matter::YamlNode;
use crate::rules::{Finding, Rule, RuleDoc, Severity};

pub(crate) fn check(cx: &Context, out: &mut Vec<Finding>) {
    if cx.entries().is_none() {
        return;
    }
    for spec in cx.template.keys.iter().filter(|k| k.shape.is_list()) {
        let Some(entry) = cx.first_entry(&spec.name) else {
            continue;
        };
        let value = &entry.value;
        if matches!(value, YamlNode::Sequence { .. }) || value.is_null() {
            continue;
        }
        let range = value.range();
        let written = cx.text.get(range.clone()).unwrap_or("");
        // `replaces: N/A`: an optional list that says it names nothing.
        let says_none = !spec.required && value.as_str().is_some_and(is_no_value);
        if says_none {
            let finding = Finding::new(
                Rule::ExpectedList,
                range.clone(),
                format!(
                    "`{}` is a list in the template, and `{written}` names nothing: write an empty list (`[]`), or delete the key (it is optional)",
                    spec.name
                ),
            )
            .with_fix(Fix {
                title: "Make it an empty list".into(),
                edits: vec![Edit::replace(range, "[]")],
                safe: true,
            });
            out.push(finding.about(vec![spec.name.clone()]));
            continue;
        }
        let mut finding = Finding::new(
            Rule::ExpectedList,
            range.clone(),
            format!(
                "`{}` is a list in the template; write each entry as a `- item` line",
                spec.name
            ),
        );
        if matches!(value, YamlNode::Scalar { .. }) {
            finding = finding.with_fix(Fix {
                title: "Make it a one-item list".into(),
                edits: vec![Edit::replace(
                    entry.key_range.end..range.end,
                    format!(":{}  - {written}", cx.eol),
                )],
                safe: true,
            });
        }
        out.push(finding.about(vec![spec.name.clone()]));
    }
}

/// A scalar that says "nothing here" rather than naming an entry.
fn is_no_value(value: &str) -> bool {
    ["N/A", "NA", "None", "-", "nil", "null"]
        .iter()
        .any(|w| value.trim().eq_ignore_ascii_case(w))
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::rules::Rule;
    use crate::rules::fixture::*;

    #[test]
    fn a_scalar_becomes_a_one_item_list() {
        check(&with_front_matter(&GOOD_META.replace(
            "authors:\n  - \"@alice\"\n",
            "authors: \"@alice\"
         ^^^^^^^^ expected-list: `authors` is a list in the template; write each entry as a `- item` line
",
        )));
        check_fix(
            Rule::ExpectedList,
            &with_front_matter(
                &GOOD_META.replace("authors:\n  - \"@alice\"\n", "authors: \"@alice\"\n"),
            ),
            expect![[r#"
                {GOOD_META}
                {BODY_OK}
            "#]],
        );
    }

    #[test]
    fn a_mapping_gets_no_fix() {
        check(&with_front_matter(&GOOD_META.replace(
            "authors:\n  - \"@alice\"\n",
            "authors:
  name: alice
  ^^^^^^^^^^^ expected-list: `authors` is a list in the template; write each entry as a `- item` line
",
        )));
    }

    #[test]
    fn an_optional_list_saying_none_becomes_empty() {
        // `replaces: N/A` in four corpus proposals; `--fix` made it `- N/A`.
        let meta = |value: &str| {
            GOOD_META.replace(
                "status: implementable\n",
                &format!("status: implementable\nsee-also: {value}\n"),
            )
        };
        check(&with_front_matter(&meta(
            "N/A
          ^^^ expected-list: `see-also` is a list in the template, and `N/A` names nothing: write an empty list (`[]`), or delete the key (it is optional)",
        )));
        check_fix_all(
            &with_front_matter(&meta("N/A")),
            expect![[r#"
                {GOOD_META keys}
                see-also: []
                ---

                {BODY_OK}
            "#]],
        );
    }
}
