//! `front-matter-not-first`: the `---` block starts after line 1.

pub(crate) const DOC: RuleDoc = RuleDoc {
    id: "front-matter-not-first",
    severity: Severity::Error,
    summary: "The front matter does not start on line 1.",
    explanation: "Front matter is recognised only when its opening `---` is the very first line of the file; anything before it (even blank lines) turns it into ordinary text.",
    fix: Some("Removes the blank lines before the opening `---` (only when they are blank)."),
};

use crate::context::Context;
use crate::fix::{Edit, Fix};
use crate::front_matter::scan::Location;
use crate::rules::{Finding, Rule, RuleDoc, Severity};

pub(crate) fn check(cx: &Context, out: &mut Vec<Finding>) {
    let Location::NotFirst {
        open, blank_before, ..
    } = &cx.location
    else {
        return;
    };
    let mut finding = Finding::new(
        Rule::FrontMatterNotFirst,
        open.clone(),
        "The front matter must start on line 1; anything before its `---` hides it from tooling",
    );
    if *blank_before && open.start > 0 {
        finding = finding.with_fix(Fix {
            title: "Remove the blank lines before the front matter".into(),
            edits: vec![Edit::replace(0..open.start, "")],
            safe: true,
        });
    }
    out.push(finding);
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::rules::Rule;
    use crate::rules::fixture::*;

    #[test]
    fn front_matter_not_on_line_one() {
        check(&with_front_matter("

---
^^^ front-matter-not-first: The front matter must start on line 1; anything before its `---` hides it from tooling
title: idea
authors:
  - \"@alice\"
api-approvers:
  - None
creation-date: 2024-01-31
last-updated: 2024-02-01
tracking-link:
  - https://issues.redhat.com/browse/X-1
status: implementable
---
"));
    }

    #[test]
    fn blank_lines_before_it_are_removed() {
        check_fix(
            Rule::FrontMatterNotFirst,
            &format!("\n  \n{}", with_body(BODY_OK)),
            expect![[r#"
                {GOOD_META}
                {BODY_OK}
            "#]],
        );
    }

    #[test]
    fn text_before_it_gets_no_fix() {
        let findings = check(&format!(
            "Intro.

---
^^^ front-matter-not-first: The front matter must start on line 1; anything before its `---` hides it from tooling
{}",
            with_body(BODY_OK).trim_start_matches("---\n")
        ));
        assert!(findings.iter().all(|f| f.fix.is_none()), "{findings:#?}");
    }
}
