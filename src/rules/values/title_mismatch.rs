//! `title-mismatch`: `title` is not the file name.

pub(crate) const DOC: RuleDoc = RuleDoc {
    id: "title-mismatch",
    severity: Severity::Error,
    summary: "The `title` does not equal the file's base name.",
    explanation: "Upstream's metadata lint requires `title` to equal the file name without `.md`.",
    fix: Some("Sets `title` to the file's base name."),
};

use super::title;
use crate::context::Context;
use crate::fix::{Edit, Fix};
use crate::rules::{Finding, Rule, RuleDoc, Severity};

pub(crate) fn check(cx: &Context, out: &mut Vec<Finding>) {
    let (Some((entry, value)), Some(stem)) = (title(cx), cx.file.file_stem.as_deref()) else {
        return;
    };
    if value.value == Some(stem) {
        return;
    }
    let edit = if entry.value.is_null() {
        Edit::replace(
            entry.key_range.end..end_of_colon(cx.text, entry.key_range.end),
            format!(": {stem}"),
        )
    } else {
        Edit::replace(value.range.clone(), stem)
    };
    out.push(
        Finding::new(
            Rule::TitleMismatch,
            value.range,
            format!("`title` must equal the file name without `.md`; set it to `{stem}`"),
        )
        .with_fix(Fix {
            title: format!("Set title to `{stem}`"),
            edits: vec![edit],
            safe: true,
        })
        .about(vec!["title".into()]),
    );
}

/// Just past the `:` after a key.
fn end_of_colon(text: &str, key_end: usize) -> usize {
    text.get(key_end..)
        .and_then(|rest| rest.find(':'))
        .map_or(key_end, |i| key_end + i + 1)
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::rules::Rule;
    use crate::rules::fixture::*;

    #[test]
    fn title_is_not_the_file_name() {
        check(&with_front_matter(&GOOD_META.replace(
            "title: idea\n",
            "title: My_Idea 😀
       ^^^^^^^^^ title-mismatch: `title` must equal the file name without `.md`; set it to `idea`
",
        )));
    }

    #[test]
    fn title_fix_sets_the_file_name() {
        check_fix_at(
            &with_front_matter(&GOOD_META.replace("title: idea", "title: other-$0name")),
            expect![[r#"
                {GOOD_META}
                {BODY_OK}
            "#]],
        );
        check_fix(
            Rule::TitleMismatch,
            &with_front_matter(&GOOD_META.replace("title: idea", "title:")),
            expect![[r#"
                {GOOD_META}
                {BODY_OK}
            "#]],
        );
    }
}
