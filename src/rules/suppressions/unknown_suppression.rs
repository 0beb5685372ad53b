//! `unknown-suppression`: a suppression comment naming no rule, or no
//! directive.

pub(crate) const DOC: RuleDoc = RuleDoc {
    id: "unknown-suppression",
    severity: Severity::Hint,
    summary: "A suppression comment names an unknown rule or directive.",
    explanation: "A `<!-- proposal-ls-... -->` comment must be `proposal-ls-disable-next-line`, `proposal-ls-disable`, `proposal-ls-enable` or `proposal-ls-disable-file`, followed by rule ids as `proposal-ls explain` lists them (none: every rule). An id that is no rule suppresses nothing; `unknown-suppression` and `unused-suppression` cannot be suppressed. This rule cannot be suppressed either.",
    fix: Some(
        "Changes a near miss to the closest directive or rule id, else removes the id (the comment, when it is the only one).",
    ),
};

use crate::context::Context;
use crate::rules::{Finding, RuleDoc, Severity};

/// Reported by `crate::suppress::apply`.
pub(crate) fn check(_: &Context, _: &mut Vec<Finding>) {}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::rules::fixture::*;

    const GUIDANCE: &str = "Write one paragraph that says what this enhancement does and why\nit matters to its users.\n";

    fn under_summary(comment: &str) -> String {
        with_body(&BODY_OK.replace(
            "## Summary\n",
            &format!("## Summary\n\n{comment}{GUIDANCE}"),
        ))
    }

    #[test]
    fn unknown_directives_and_ids() {
        check(&under_summary(
            "<!-- proposal-ls-disabel-next-line template-boilerplate -->
     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ unknown-suppression: `proposal-ls-disabel-next-line` is not a suppression (did you mean `proposal-ls-disable-next-line`?); write `proposal-ls-disable-next-line`, `proposal-ls-disable`, `proposal-ls-enable` or `proposal-ls-disable-file`
<!-- proposal-ls-disable-next-line template-boilerplat -->
                                   ^^^^^^^^^^^^^^^^^^^ unknown-suppression: There is no rule `template-boilerplat` (did you mean `template-boilerplate`?); name a rule `proposal-ls explain` lists
",
        ).replace(
            "why\n",
            "why\n^ template-boilerplate@21:25: The template's guidance for `## Summary` (\"Write one paragraph that says what this enhancement does and…\") is still here; replace it with your own text\n",
        ));
        check(&with_body(&format!(
            "<!-- proposal-ls-disable-file unused-suppression, no-such-thing -->
                              ^^^^^^^^^^^^^^^^^^ unknown-suppression: `unused-suppression` cannot be suppressed; remove it from the comment
                                                  ^^^^^^^^^^^^^ unknown-suppression: There is no rule `no-such-thing`; name a rule `proposal-ls explain` lists
{BODY_OK}"
        )));
    }

    #[test]
    fn fixes_change_near_misses_and_remove_the_rest() {
        check_fix_at(
            &with_body("<!-- proposal-ls-enabel$0 -->\n# Idea\n"),
            expect![[r#"
                {GOOD_META}
                <!-- proposal-ls-enable -->
                # Idea
            "#]],
        );
        check_fix_at(
            &with_body(
                "<!-- proposal-ls-disable-file, title-mismatch tit$0le-mismach -->\n# Idea\n",
            ),
            expect![[r#"
                {GOOD_META}
                <!-- proposal-ls-disable-file, title-mismatch title-mismatch -->
                # Idea
            "#]],
        );
        // Without its only id, the comment would suppress every rule.
        check_fix_at(
            &with_body("<!-- proposal-ls-disable-file no-su$0ch-thing -->\n# Idea\n"),
            expect![[r#"
                {GOOD_META}
                # Idea
            "#]],
        );
        check_fix_at(
            &with_body(
                "<!-- proposal-ls-disable-file title-mismatch,no-su$0ch-thing -->\n# Idea\n",
            ),
            expect![[r#"
                {GOOD_META}
                <!-- proposal-ls-disable-file title-mismatch -->
                # Idea
            "#]],
        );
    }
}
