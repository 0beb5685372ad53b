//! `front-matter-unclosed`: no closing `---`.

pub(crate) const DOC: RuleDoc = RuleDoc {
    id: "front-matter-unclosed",
    severity: Severity::Error,
    summary: "The front matter's closing `---` is missing.",
    explanation: "The front matter opened with `---` on line 1 has no closing `---` line, so none of it is read as metadata.",
    fix: None,
};

use crate::context::Context;
use crate::front_matter::scan::Location;
use crate::rules::{Finding, Rule, RuleDoc, Severity};

pub(crate) fn check(cx: &Context, out: &mut Vec<Finding>) {
    if let Location::Unclosed { open } = &cx.location {
        out.push(Finding::new(
            Rule::FrontMatterUnclosed,
            open.clone(),
            "The front matter opened here is never closed; add a `---` line after its last key",
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::fixture::*;

    #[test]
    fn unclosed_front_matter() {
        check(&with_front_matter("---
^^^ front-matter-unclosed: The front matter opened here is never closed; add a `---` line after its last key
title: idea
"));
    }
}
