//! `duplicate-key`: a key set twice.

pub(crate) const DOC: RuleDoc = RuleDoc {
    id: "duplicate-key",
    severity: Severity::Error,
    summary: "A front-matter key appears twice.",
    explanation: "YAML parsers disagree on duplicate keys (some keep the last value, Go's yaml.v3 rejects the document). Keep one.",
    fix: None,
};

use crate::context::Context;
use crate::rules::{Finding, Rule, RuleDoc, Severity};

pub(crate) fn check(cx: &Context, out: &mut Vec<Finding>) {
    let Some(entries) = cx.entries() else {
        return;
    };
    for (i, entry) in entries.iter().enumerate() {
        let earlier = entries.get(..i).unwrap_or_default();
        let Some(first) = earlier.iter().find(|e| e.key == entry.key) else {
            continue;
        };
        out.push(
            Finding::new(
                Rule::DuplicateKey,
                entry.key_range.clone(),
                format!("`{}` is set twice; keep one", entry.key),
            )
            .with_related(first.key_range.clone(), "first occurrence")
            .about(vec![entry.key.clone()]),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::fixture::*;

    #[test]
    fn a_key_set_twice() {
        check(&with_front_matter(&GOOD_META.replace(
            "status: implementable\n",
            "status: implementable
status: implemented
^^^^^^ duplicate-key: `status` is set twice; keep one
",
        )));
    }
}
