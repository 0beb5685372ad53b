//! `missing-title`: no `# ` heading.

pub(crate) const DOC: RuleDoc = RuleDoc {
    id: "missing-title",
    severity: Severity::Error,
    summary: "The proposal has no `# ` title.",
    explanation: "A proposal starts with one level-1 heading naming the enhancement, after the front matter.",
    fix: Some(
        "Inserts a `# ` title derived from the front matter's `title` after the front matter.",
    ),
};

use super::{anchor_line, visible};
use crate::context::Context;
use crate::fix::{Edit, Fix};
use crate::rules::{Finding, Rule, RuleDoc, Severity};
use crate::values::slug::humanize;

pub(crate) fn check(cx: &Context, out: &mut Vec<Finding>) {
    if cx.headings().iter().any(|h| h.level == 1) {
        return;
    }
    // The first non-blank line after the front matter.
    let body_start = cx.body_start();
    let rest = cx.text.get(body_start..).unwrap_or("");
    let blank = rest.len() - rest.trim_start_matches(['\r', '\n']).len();
    let at = visible(cx, body_start + blank);
    let range = anchor_line(cx.text, at);
    let name = cx
        .front_matter
        .as_ref()
        .and_then(|fm| fm.get("title"))
        .and_then(|e| e.value.as_str().map(str::to_string))
        .or_else(|| cx.file.file_stem.clone())
        .unwrap_or_else(|| "Title".to_string());
    let title = humanize(&name);
    let eol = cx.eol;
    out.push(
        Finding::new(
            Rule::MissingTitle,
            range,
            "The proposal has no `# ` title; add one naming the enhancement after the front matter",
        )
        .with_fix(Fix {
            title: format!("Insert `# {title}`"),
            edits: vec![Edit::insert(
                at,
                format!(
                    "{}# {title}{eol}{eol}",
                    if blank == 0 && at > 0 { eol } else { "" }
                ),
            )],
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
    fn missing_title() {
        let body = BODY_OK.replace("# Idea\n\n", "");
        check(&with_body(&body.replacen(
            "## Summary\n",
            "## Summary\n^^^^^^^^^^ missing-title: The proposal has no `# ` title; add one naming the enhancement after the front matter\n",
            1,
        )));
        check_fix(
            Rule::MissingTitle,
            &with_body(&body),
            expect![[r#"
                {GOOD_META}
                {BODY_OK}
            "#]],
        );
    }

    #[test]
    fn the_title_goes_after_the_front_matter_not_into_it() {
        check_fix(
            Rule::MissingTitle,
            &with_body("## Summary\n\nText.\n"),
            expect![[r#"
                {GOOD_META}
                # Idea

                ## Summary

                Text.
            "#]],
        );
    }
}
