//! `title-format`: `title` is not a lowercase slug.

pub(crate) const DOC: RuleDoc = RuleDoc {
    id: "title-format",
    severity: Severity::Warning,
    summary: "The `title` is not lowercase with dashes.",
    explanation: "The template asks for the YAML `title` to be lowercased, with spaces and punctuation replaced by `-`.",
    fix: None,
};

use super::title;
use crate::context::Context;
use crate::rules::{Finding, Rule, RuleDoc, Severity};
use crate::values::slug::is_slug;

pub(crate) fn check(cx: &Context, out: &mut Vec<Finding>) {
    let Some((_, value)) = title(cx) else {
        return;
    };
    let stem = cx.file.file_stem.as_deref();
    // After a mismatch fix the title is the file name, so judge that.
    let judged = stem.or(value.value);
    if judged.is_none_or(is_slug) {
        return;
    }
    let message = if stem.is_some() {
        "The template asks for `title` in lowercase, with spaces and punctuation replaced by `-`; rename the file and set `title` to match"
    } else {
        "The template asks for `title` in lowercase, with spaces and punctuation replaced by `-`"
    };
    out.push(Finding::new(Rule::TitleFormat, value.range, message).about(vec!["title".into()]));
}

#[cfg(test)]
mod tests {
    use crate::rules::fixture::*;

    #[test]
    fn title_format_when_the_file_name_is_not_a_slug() {
        check_with(&mini(), "My_Idea", SKIP_EMPTY, &with_front_matter("---
title: My_Idea
       ^^^^^^^ title-format: The template asks for `title` in lowercase, with spaces and punctuation replaced by `-`; rename the file and set `title` to match
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
}
