//! `duplicate-section`: a template section written twice.

pub(crate) const DOC: RuleDoc = RuleDoc {
    id: "duplicate-section",
    severity: Severity::Warning,
    summary: "A template section appears more than once.",
    explanation: "Each template section should appear once; a second heading with the same name and level splits the section's content. Merge the two, or rename the second if it is a different topic.",
    fix: None,
};

use crate::context::Context;
use crate::rules::{Finding, Rule, RuleDoc, Severity};

pub(crate) fn check(cx: &Context, out: &mut Vec<Finding>) {
    let headings = cx.headings();
    for s in cx.template.section_ids() {
        let Some((first, rest)) = cx.sections.headings_of(s).split_first() else {
            continue;
        };
        let Some(first) = headings.get(*first) else {
            continue;
        };
        let spec = cx.template.section(s);
        for heading in rest.iter().filter_map(|&h| headings.get(h)) {
            out.push(
                Finding::new(
                    Rule::DuplicateSection,
                    heading.range.clone(),
                    format!(
                        "`{}` appears more than once; merge this section into the first one, or rename it",
                        spec.heading_line()
                    ),
                )
                .with_related(first.range.clone(), "first occurrence")
                .about(vec![spec.heading_line()]),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::fixture::*;

    #[test]
    fn a_second_heading_of_a_section() {
        check(&with_body(&format!(
            "{BODY_OK}
## Summary
^^^^^^^^^^ duplicate-section: `## Summary` appears more than once; merge this section into the first one, or rename it

### Goals
^^^^^^^^^ duplicate-section: `### Goals` appears more than once; merge this section into the first one, or rename it
"
        )));
    }
}
