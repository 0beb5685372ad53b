//! `missing-handle`: a people list with no entry.

pub(crate) const DOC: RuleDoc = RuleDoc {
    id: "missing-handle",
    severity: Severity::Error,
    summary: "A people list has no GitHub handle.",
    explanation: "`authors`, `reviewers`, `approvers` and `api-approvers` each need at least one real GitHub handle (`\"@name\"` or `name`). The value the template's comment allows instead (`None` for api-approvers) also counts.",
    fix: None,
};

use super::{list_items, present};
use crate::context::Context;
use crate::rules::{Finding, Rule, RuleDoc, Severity};
use crate::template::ValueShape;

pub(crate) fn check(cx: &Context, out: &mut Vec<Finding>) {
    for (spec, entry) in present(cx).filter(|(spec, _)| spec.shape == ValueShape::Handles) {
        // A list with entries that are not handles says so entry by entry.
        if !list_items(spec, entry).is_some_and(|items| items.is_empty()) {
            continue;
        }
        let alt = match spec.sentinels.first() {
            Some(s) => format!(" (or `{s}`, as the template allows)"),
            None => String::new(),
        };
        out.push(
            Finding::new(
                Rule::MissingHandle,
                entry.key_range.clone(),
                format!("`{}` needs at least one GitHub handle{alt}", spec.name),
            )
            .about(vec![spec.name.clone()]),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::fixture::*;

    #[test]
    fn empty_people_lists() {
        check(&with_front_matter(&GOOD_META.replace(
            "authors:\n  - \"@alice\"\napi-approvers:\n  - None\n",
            "authors:
^^^^^^^ missing-handle: `authors` needs at least one GitHub handle
api-approvers: []
^^^^^^^^^^^^^ missing-handle: `api-approvers` needs at least one GitHub handle (or `None`, as the template allows)
",
        )));
    }
}
