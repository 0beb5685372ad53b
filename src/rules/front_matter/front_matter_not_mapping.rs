//! `front-matter-not-mapping`: YAML, but not `key: value` lines.

pub(crate) const DOC: RuleDoc = RuleDoc {
    id: "front-matter-not-mapping",
    severity: Severity::Error,
    summary: "The front matter is not a YAML mapping of keys to values.",
    explanation: "The front matter must be a mapping (`key: value` lines) like the template's.",
    fix: None,
};

use crate::context::Context;
use crate::front_matter::YamlNode;
use crate::rules::{Finding, Rule, RuleDoc, Severity};

pub(crate) fn check(cx: &Context, out: &mut Vec<Finding>) {
    let Some(Ok(Some(node))) = cx.front_matter.as_ref().map(|fm| &fm.yaml) else {
        return;
    };
    if !matches!(node, YamlNode::Mapping { .. }) {
        out.push(Finding::new(
            Rule::FrontMatterNotMapping,
            node.range(),
            "The front matter must be a YAML mapping of the template's keys (`key: value` lines)",
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::fixture::*;

    #[test]
    fn a_list_is_not_a_mapping() {
        check(&with_front_matter("---
- just
^ front-matter-not-mapping@3:9: The front matter must be a YAML mapping of the template's keys (`key: value` lines)
- a list
---
"));
    }
}
