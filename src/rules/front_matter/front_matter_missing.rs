//! `front-matter-missing`: no `---` block at all.

pub(crate) const DOC: RuleDoc = RuleDoc {
    id: "front-matter-missing",
    severity: Severity::Error,
    summary: "The proposal has no YAML front matter.",
    explanation: "A proposal starts with a `---` line, the template's metadata keys in YAML, and a closing `---` line. Upstream's metadata lint reads it.",
    fix: Some(
        "Inserts the template's front matter at the top, with the title set to the file name.",
    ),
};

use crate::context::Context;
use crate::fix::{Edit, Fix};
use crate::front_matter::scan::Location;
use crate::rules::{Finding, Rule, RuleDoc, Severity};
use crate::text::line_range;

pub(crate) fn check(cx: &Context, out: &mut Vec<Finding>) {
    if cx.location != Location::Missing {
        return;
    }
    let template = cx.template;
    let front_matter = template
        .front_matter_for(cx.file.file_stem.as_deref(), None)
        .replace('\n', cx.eol);
    out.push(
        Finding::new(
            Rule::FrontMatterMissing,
            line_range(cx.text, 0),
            "The proposal has no front matter; start the file with the template's `---` metadata block",
        )
        .with_fix(Fix {
            title: "Insert the template's front matter".into(),
            edits: vec![Edit::insert(0, front_matter)],
            safe: true,
        }),
    );
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::rules::Rule;
    use crate::rules::fixture::*;

    #[test]
    fn missing_front_matter() {
        check(&with_front_matter("Some intro.
^^^^^^^^^^^ front-matter-missing: The proposal has no front matter; start the file with the template's `---` metadata block
"));
        check_fix(
            Rule::FrontMatterMissing,
            &with_front_matter("Some intro.\n"),
            expect![[r#"
                ---
                title: idea
                authors: # who wrote it
                  - TBD
                api-approvers: # If there is no API change, use "None"
                  - TBD
                creation-date: yyyy-mm-dd
                last-updated: yyyy-mm-dd
                tracking-link: # link to the tracking ticket
                  - TBD
                status: provisional|implementable|implemented
                see-also: []
                ---
                Some intro.

                {BODY_OK}
            "#]],
        );
    }
}
