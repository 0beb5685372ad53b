//! `date-order`: `last-updated` before `creation-date`.

pub(crate) const DOC: RuleDoc = RuleDoc {
    id: "date-order",
    severity: Severity::Error,
    summary: "`last-updated` is before `creation-date`.",
    explanation: "A proposal cannot be updated before it was created; one of the two dates is wrong.",
    fix: None,
};

use std::ops::Range;

use jiff::civil::Date;

use super::present;
use crate::context::Context;
use crate::rules::{Finding, Rule, RuleDoc, Severity};
use crate::template::ValueShape;
use crate::values::date;

/// Each date key of the template is not before the one above it.
pub(crate) fn check(cx: &Context, out: &mut Vec<Finding>) {
    let mut previous: Option<(&str, Date, Range<usize>)> = None;
    for (spec, entry) in present(cx).filter(|(spec, _)| spec.shape == ValueShape::Date) {
        let Ok(date) = date::parse(entry.value.as_str()) else {
            continue;
        };
        if let Some((earlier_key, earlier, range)) = &previous
            && date < *earlier
        {
            out.push(
                Finding::new(
                    Rule::DateOrder,
                    entry.value.range(),
                    format!(
                        "`{}` ({date}) is before `{earlier_key}` ({earlier}); one of them is wrong",
                        spec.name
                    ),
                )
                .with_related(range.clone(), format!("`{earlier_key}` is set here"))
                .about(vec![spec.name.clone()]),
            );
        }
        previous = Some((&spec.name, date, entry.value.range()));
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::fixture::*;

    #[test]
    fn date_order_and_empty_lists() {
        check(&with_front_matter("---
title: idea
authors:
^^^^^^^ missing-handle: `authors` needs at least one GitHub handle
api-approvers:
  - None
creation-date: 2024-03-01
last-updated: 2024-02-01
              ^^^^^^^^^^ date-order: `last-updated` (2024-02-01) is before `creation-date` (2024-03-01); one of them is wrong
tracking-link: []
^^^^^^^^^^^^^ tracking-link: `tracking-link` needs at least one URL with a scheme (`https://...`)
status: implemented
---
"));
    }
}
