//! `expected-list`: a scalar where the template has a list.

pub(crate) const DOC: RuleDoc = RuleDoc {
    id: "expected-list",
    severity: Severity::Error,
    summary: "A single value where the template has a list.",
    explanation: "The template writes this key as a YAML list (`- item` lines); tooling that decodes it as a list rejects a plain scalar.",
    fix: Some("Turns the value into a one-item list."),
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
        let mut finding = Finding::new(
            Rule::ExpectedList,
            range.clone(),
            format!(
                "`{}` is a list in the template; write each entry as a `- item` line",
                spec.name
            ),
        );
        if matches!(value, YamlNode::Scalar { .. }) {
            let written = cx.text.get(range.clone()).unwrap_or("");
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
}
