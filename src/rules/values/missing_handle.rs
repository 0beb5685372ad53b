//! `missing-handle`: a people list with no GitHub handle.

pub(crate) const DOC: RuleDoc = RuleDoc {
    id: "missing-handle",
    severity: Severity::Error,
    summary: "A people list has no GitHub handle.",
    explanation: "`authors`, `reviewers`, `approvers` and `api-approvers` each need at least one real GitHub handle (`\"@name\"` or `name`), as upstream's metadata lint requires. The value the template's comment allows instead (`None` for api-approvers) also counts. A list with no handle is reported once, naming the entries that are not handles (an empty `-`, `Jane Doe`); `invalid-handle` reports such entries only in lists that do have a handle, and `placeholder` reports `TBD`.",
    fix: None,
};

use super::{entries_without_person, present};
use crate::context::Context;
use crate::front_matter::YamlNode;
use crate::rules::{Finding, Rule, RuleDoc, Severity};
use crate::template::ValueShape;

/// How many of the entries that are not handles the message names.
const NAMED: usize = 3;

pub(crate) fn check(cx: &Context, out: &mut Vec<Finding>) {
    for (spec, entry) in present(cx).filter(|(spec, _)| spec.shape == ValueShape::Handles) {
        let Some(entries) = entries_without_person(spec, entry) else {
            continue;
        };
        let alt = match spec.sentinels.first() {
            Some(s) => format!(" (or `{s}`, as the template allows)"),
            None => String::new(),
        };
        let not_handles = match entries.as_slice() {
            [] => String::new(),
            [one] => format!("; {} is not one", describe(one)),
            many => {
                let mut named: Vec<String> = many.iter().take(NAMED).map(|e| describe(e)).collect();
                if many.len() > NAMED {
                    named.push(format!("{} more", many.len() - NAMED));
                }
                format!("; {} are not handles", named.join(", "))
            }
        };
        out.push(
            Finding::new(
                Rule::MissingHandle,
                entry.key_range.clone(),
                format!(
                    "`{}` needs at least one GitHub handle{alt}{not_handles}",
                    spec.name
                ),
            )
            .about(vec![spec.name.clone()]),
        );
    }
}

/// An entry as the message names it.
fn describe(item: &YamlNode) -> String {
    match item.as_str().map(str::trim).filter(|v| !v.is_empty()) {
        Some(v) if v.starts_with(['“', '‘']) => format!("`{v}` (typographic quotes)"),
        Some(v) => format!("`{v}`"),
        None => "an empty entry".into(),
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

    /// Upstream's metadata lint fails a list whose only entry is empty;
    /// a list of names is no better. One error per list, and no
    /// `invalid-handle` warnings for its entries.
    #[test]
    fn lists_without_a_handle() {
        check(&with_front_matter(&GOOD_META.replace(
            "authors:\n  - \"@alice\"\napi-approvers:\n  - None\n",
            "authors:
^^^^^^^ missing-handle: `authors` needs at least one GitHub handle; `Jane Doe`, an empty entry, `“@tgeer”` (typographic quotes), 1 more are not handles
  - Jane Doe
  -
  - “@tgeer”
  - Mr. X
api-approvers:
^^^^^^^^^^^^^ missing-handle: `api-approvers` needs at least one GitHub handle (or `None`, as the template allows); an empty entry is not one
  -
",
        )));
    }

    /// A `TBD` is `placeholder`'s; the names beside it are still no handle.
    #[test]
    fn placeholders_beside_names() {
        check(&with_front_matter(&GOOD_META.replace(
            "authors:\n  - \"@alice\"\n",
            "authors:
^^^^^^^ missing-handle: `authors` needs at least one GitHub handle; `Jane Doe` is not one
  - TBD
    ^^^ placeholder: `authors` still has the template's placeholder `TBD`; replace it with a list of GitHub handles
  - Jane Doe
",
        )));
    }

    /// `N/A` where the template allows `None` is `invalid-handle`'s, with
    /// its fix; a handle beside names leaves the names to `invalid-handle`.
    #[test]
    fn lists_with_a_person_are_not_missing_one() {
        check(&with_front_matter(&GOOD_META.replace(
            "authors:\n  - \"@alice\"\napi-approvers:\n  - None\n",
            "authors:
  - Jane Doe
    ^^^^^^^^ invalid-handle: This `authors` entry `Jane Doe` is not a GitHub handle; write `\"@name\"`
  - \"@alice\"
api-approvers:
  - N/A
    ^^^ invalid-handle: This `api-approvers` entry `N/A` means none; write `None`, as the template says
",
        )));
    }
}
