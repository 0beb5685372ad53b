//! `tracking-link`: a URL list without a URL.

pub(crate) const DOC: RuleDoc = RuleDoc {
    id: "tracking-link",
    severity: Severity::Error,
    summary: "The tracking link is not a URL.",
    explanation: "A URL-list key (`tracking-link`) needs at least one entry that is a URL with a scheme (`https://issues.redhat.com/browse/X-1`); empty entries are errors.",
    fix: None,
};

use super::{item_range, list_entries, list_items, present};
use crate::context::Context;
use crate::rules::{Finding, Rule, RuleDoc, Severity};
use crate::template::ValueShape;

pub(crate) fn check(cx: &Context, out: &mut Vec<Finding>) {
    for (spec, entry, item, value) in list_entries(cx, ValueShape::Urls) {
        if url::Url::parse(value).is_ok() {
            continue;
        }
        let what = if value.is_empty() {
            "is empty".to_string()
        } else {
            format!("`{value}` is not a URL")
        };
        out.push(
            Finding::new(
                Rule::TrackingLink,
                item_range(cx, entry, item),
                format!(
                    "This `{}` entry {what}; write the full link with its scheme (`https://...`)",
                    spec.name
                ),
            )
            .about(vec![spec.name.clone()]),
        );
    }
    // An empty list.
    for (spec, entry) in present(cx).filter(|(spec, _)| spec.shape == ValueShape::Urls) {
        if list_items(spec, entry).is_some_and(|items| items.is_empty()) {
            out.push(
                Finding::new(
                    Rule::TrackingLink,
                    entry.key_range.clone(),
                    format!(
                        "`{}` needs at least one URL with a scheme (`https://...`)",
                        spec.name
                    ),
                )
                .about(vec![spec.name.clone()]),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::fixture::*;

    #[test]
    fn entries_without_a_scheme_and_empty_lists() {
        check(&with_front_matter(&GOOD_META.replace(
            "tracking-link:\n  - https://issues.redhat.com/browse/X-1\n",
            "tracking-link:
  - www.example.com/漢字
    ^^^^^^^^^^^^^^^^^^ tracking-link: This `tracking-link` entry `www.example.com/漢字` is not a URL; write the full link with its scheme (`https://...`)
  -
  ^ tracking-link: This `tracking-link` entry is empty; write the full link with its scheme (`https://...`)
",
        )));
        check(&with_front_matter(&GOOD_META.replace(
            "tracking-link:\n  - https://issues.redhat.com/browse/X-1\n",
            "tracking-link: []
^^^^^^^^^^^^^ tracking-link: `tracking-link` needs at least one URL with a scheme (`https://...`)
",
        )));
    }
}
