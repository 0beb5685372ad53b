//! `unused-suppression`: a suppression comment that suppresses nothing.

pub(crate) const DOC: RuleDoc = RuleDoc {
    id: "unused-suppression",
    severity: Severity::Hint,
    summary: "A suppression comment suppresses nothing.",
    explanation: "A `proposal-ls-disable...` comment whose rules report nothing where it applies, or a `proposal-ls-enable` with no open `proposal-ls-disable` to close, is left over: the problem it silenced was fixed. A rule that is turned off (`--ignore`, the editor's `disabled`) still counts as reporting what it finds. This rule cannot be suppressed.",
    fix: Some("Removes the unused id, or the comment when none of its ids is used."),
};

use crate::context::Context;
use crate::rules::{Finding, RuleDoc, Severity};

/// Reported by `crate::suppress::apply`.
pub(crate) fn check(_: &Context, _: &mut Vec<Finding>) {}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::rules::Rule;
    use crate::rules::fixture::*;

    const GUIDANCE: &str = "Write one paragraph that says what this enhancement does and why\nit matters to its users.\n";

    fn under_summary(comment: &str) -> String {
        with_body(&BODY_OK.replace(
            "## Summary\n",
            &format!("## Summary\n\n{comment}{GUIDANCE}"),
        ))
    }

    #[test]
    fn suppressions_that_suppress_nothing() {
        check(&under_summary(
            "<!-- proposal-ls-disable-next-line template-boilerplate, section-order -->
                                                         ^^^^^^^^^^^^^ unused-suppression: `section-order` reports nothing this comment suppresses; remove it from the comment
",
        ));
        check(&with_body(&format!(
            "{BODY_OK}<!-- proposal-ls-enable -->
^^^^^^^^^^^^^^^^^^^^^^^^^^^ unused-suppression: `proposal-ls-enable` re-enables nothing: no `proposal-ls-disable` before it is open; remove the comment
Text <!-- proposal-ls-disable-file --> and more.
<!-- proposal-ls-disable-file missing-title -->
^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ unused-suppression: `proposal-ls-disable-file` suppresses nothing here; remove the comment
"
        )));
    }

    #[test]
    fn fixes_remove_the_id_or_the_comment() {
        // The sections missing from these bodies are `missing-section`'s.
        check_fix_at(
            &with_body(
                "# Idea\n\n<!-- proposal-ls-disable-file missing-section, missing$0-title -->\n",
            ),
            expect![[r#"
                {GOOD_META}
                # Idea

                <!-- proposal-ls-disable-file missing-section -->
            "#]],
        );
        check_fix_at(
            &with_body("# Idea\n\n<!-- proposal-ls-disable-file missing-ti$0tle -->\n\nText.\n"),
            expect![[r#"
                {GOOD_META}
                # Idea


                Text.
            "#]],
        );
        check_fix(
            Rule::UnusedSuppression,
            &with_body("# Idea\n\n<div><!-- proposal-ls-disable-file missing-title --></div>\n"),
            expect![[r#"
                {GOOD_META}
                # Idea

                <div></div>
            "#]],
        );
    }
}
