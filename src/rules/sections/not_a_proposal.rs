//! `not-a-proposal`: a file with nothing of the template in it.

pub(crate) const DOC: RuleDoc = RuleDoc {
    id: "not-a-proposal",
    severity: Severity::Error,
    summary: "The file has neither the template's front matter nor any of its sections.",
    explanation: "A file checked as a proposal (it is under the proposals' directory, or was named) with no front matter and none of the template's section headings (at the template's level) is not a proposal yet: notes, an index, a file just created. It gets this one finding instead of one per missing section and key, an error as those would be (upstream's CI fails such a file too). Start it from the template, or leave it out of the checked paths (`exclude` in the configuration).",
    fix: Some(
        "Starts the file from the template: a blank file gets the whole template (front matter, title, sections), another the template's front matter.",
    ),
};

use crate::context::Context;
use crate::fix::{Edit, Fix};
use crate::front_matter::scan::Location;
use crate::rules::{Finding, Rule, RuleDoc, Severity};
use crate::text::line_range;

pub(crate) fn check(cx: &Context, out: &mut Vec<Finding>) {
    if !is_not_a_proposal(cx) {
        return;
    }
    let template = cx.template;
    let stem = cx.file.file_stem.as_deref();
    let blank = cx.text.trim().is_empty();
    let start = if blank {
        let today = cx.file.today.as_deref().unwrap_or("yyyy-mm-dd");
        crate::actions::new_proposal(template, stem.unwrap_or("new-proposal"), today)
    } else {
        template.front_matter_for(stem, None)
    };
    let edit = if blank {
        Edit::replace(0..cx.text.len(), start.replace('\n', cx.eol))
    } else {
        Edit::insert(0, start.replace('\n', cx.eol))
    };
    out.push(
        Finding::new(
            Rule::NotAProposal,
            line_range(cx.text, 0),
            "This file has no front matter and none of the template's sections, so it is not a proposal yet; start it from the template, or exclude it from the checked files",
        )
        .with_fix(Fix {
            title: "Start from the template".into(),
            edits: vec![edit],
            safe: false,
        }),
    );
}

/// No front matter and no heading that is one of the template's sections
/// at its level (a note's `### Summary` of its own part does not count).
pub(crate) fn is_not_a_proposal(cx: &Context) -> bool {
    let template = cx.template;
    let headings = cx.headings();
    let mut template_headings = cx.sections.first_hits().filter(|&(h, s)| {
        headings
            .get(h)
            .is_some_and(|heading| heading.level == template.section(s).level)
    });
    cx.location == Location::Missing
        && !template.sections.is_empty()
        && template_headings.next().is_none()
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::rules::Rule;
    use crate::rules::fixture::*;

    #[test]
    fn notes_get_one_finding() {
        check_with(
            &mini(),
            "idea",
            ALL,
            "# Meeting notes
^^^^^^^^^^^^^^^ not-a-proposal: This file has no front matter and none of the template's sections, so it is not a proposal yet; start it from the template, or exclude it from the checked files

## Attendees

- alice

### Summary

A summary of its own, a level below the template's.
",
        );
    }

    #[test]
    fn one_template_section_makes_it_a_proposal() {
        let findings = check_with(
            &mini(),
            "idea",
            &[
                Rule::MissingSection,
                Rule::FrontMatterMissing,
                Rule::EmptySection,
            ],
            "# Idea

## Summary
",
        );
        assert!(findings.iter().all(|f| f.rule != Rule::NotAProposal));
    }

    #[test]
    fn a_blank_file_starts_from_the_whole_template() {
        check_fix(
            Rule::NotAProposal,
            "\n",
            expect![[r#"
            ---
            title: idea
            authors: # who wrote it
              - TBD
            api-approvers: # If there is no API change, use "None"
              - TBD
            creation-date: 2026-11-25
            last-updated: 2026-11-25
            tracking-link: # link to the tracking ticket
              - TBD
            status: provisional|implementable|implemented
            see-also: []
            ---

            # Idea

            ## Summary

            ## Motivation

            ### Goals

            ### Non-Goals

            ## Proposal

            ### Topology Considerations

            #### Standalone Clusters

            #### 漢字 Clusters 😀

            ## Alternatives (Not Implemented)

            ## Open Questions [optional]
        "#]],
        );
    }
}
