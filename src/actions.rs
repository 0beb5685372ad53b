//! Document-wide actions that code actions and commands offer.

use crate::analysis::{FileContext, fix_all_in_era, fix_all_matching};
use crate::era::Era;
use crate::fix::{Edit, compose_inserts};
use crate::history::TemplateHistory;
use crate::markdown::{self, Outline};
use crate::restructure::restructure;
use crate::rules::Finding;
use crate::rules::Rule;
use crate::template::Template;

/// Edits that insert every missing required section (and the title) where
/// the template puts them, in template order, touching nothing else.
pub fn insert_missing_sections(text: &str, template: &Template, file: &FileContext) -> Vec<Edit> {
    let outcome = fix_all_matching(text, template, file, inserts_sections);
    // Missing-section and title fixes only insert.
    compose_inserts(&outcome.rounds).unwrap_or_default()
}

/// [`insert_missing_sections`] for the sections the proposal's era asks
/// for (what its window excuses is left out).
pub fn insert_missing_sections_in_era(
    text: &str,
    history: &TemplateHistory,
    era: Era,
    file: &FileContext,
) -> Vec<Edit> {
    let outcome = fix_all_in_era(text, history, era, file, inserts_sections);
    compose_inserts(&outcome.rounds).unwrap_or_default()
}

fn inserts_sections(finding: &Finding) -> bool {
    matches!(finding.rule, Rule::MissingSection | Rule::MissingTitle)
}

/// Edits that bring an older proposal to today's template, as today's
/// template alone judges it: its sections moved whole into today's order
/// and levels (`crate::restructure`), then every safe fix of a structural
/// rule (missing sections and keys inserted, near-miss names fixed).
/// Deletes nothing.
pub fn update_to_current_template(
    text: &str,
    history: &TemplateHistory,
    file: &FileContext,
) -> Vec<Edit> {
    let current = &history.current().template;
    let outline = Outline::new(text, &markdown::parse(text));
    let moved = restructure(text, &outline, current);
    let outcome = fix_all_in_era(&moved, history, Era::Current, file, |f| {
        crate::era::judged_by_window(f.rule) || f.rule == Rule::MissingTitle
    });
    crate::fix::diff_edits(text, &outcome.text)
}

/// The text of a new proposal named `stem` from `template`: the template's
/// front matter with the title and dates filled in, a `# ` title, and every
/// section heading of the template (optional ones too), empty.
pub fn new_proposal(template: &Template, stem: &str, today: &str) -> String {
    let mut text = template.front_matter_for(Some(stem), Some(today));
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str(&format!("\n# {}\n", crate::values::slug::humanize(stem)));
    for spec in &template.sections {
        let marker = if spec.optional { " [optional]" } else { "" };
        text.push_str(&format!("\n{}{marker}\n", spec.heading_line()));
    }
    text
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::*;
    use crate::fix::apply_edits;
    use crate::rules::fixture::{GOOD_META, file, mini};

    #[test]
    fn inserts_only_and_in_template_order() {
        let template = Template::embedded();
        let text =
            "---\ntitle: x\n---\n\n# X\n\n## Motivation\n\nWhy.\n\n## Support Procedures\n\nHow.\n";
        let edits = insert_missing_sections(text, &template, &FileContext::default());
        assert!(
            edits.iter().all(|e| e.range.is_empty()),
            "only inserts: {edits:?}"
        );
        let after = apply_edits(text, &edits).0;
        let headings: Vec<&str> = after.lines().filter(|l| l.starts_with("##")).collect();
        let expected: Vec<String> = template
            .required()
            .map(|i| template.section(i).heading_line())
            .collect();
        assert_eq!(headings, expected);
        assert!(
            after.contains("## Motivation\n\nWhy.\n")
                && after.contains("## Support Procedures\n\nHow.\n")
        );
    }

    #[test]
    fn a_new_proposal_passes_the_structure_rules() {
        let template = Template::embedded();
        let text = new_proposal(&template, "my-idea", "2026-11-25");
        assert!(text.starts_with("---\ntitle: my-idea\nauthors:\n  - TBD\n"));
        assert!(text.contains("creation-date: 2026-11-25\nlast-updated: 2026-11-25\n"));
        assert!(text.contains("\n# My Idea\n\n## Summary\n"));
        // The optional path lists start empty, not with the example paths.
        assert!(
            text.contains("\nsee-also: []\nreplaces: []\nsuperseded-by: []\n"),
            "{text}"
        );
        let file = FileContext {
            file_stem: Some("my-idea".into()),
            today: None,
            added_on: None,
            whole_len: None,
            repository: None,
        };
        let placeholders: Vec<Vec<String>> = crate::analyze_text(&text, &template, &file)
            .into_iter()
            .filter(|f| f.rule == Rule::Placeholder)
            .map(|f| f.subjects)
            .collect();
        assert!(
            placeholders
                .iter()
                .flatten()
                .all(|key| template.key(key).is_some_and(|k| k.required)),
            "placeholders on optional keys: {placeholders:?}"
        );
        let rules: Vec<Rule> = crate::analyze_text(&text, &template, &file)
            .into_iter()
            .map(|f| f.rule)
            .filter(|r| {
                !matches!(
                    r,
                    Rule::EmptySection
                        | Rule::Placeholder
                        | Rule::MissingHandle
                        | Rule::TrackingLink
                )
            })
            .collect();
        assert_eq!(rules, [], "only what the author must fill in is left");
    }

    /// Regression: under a parent written at a deeper level than the
    /// template's (`### Motivation`), each inserted subsection is outside
    /// it until the level is fixed, so the next one was anchored on the
    /// parent again and inserted before it: the code action listed the
    /// subsections in reverse template order.
    #[test]
    fn subsections_of_a_wrong_level_parent_go_in_template_order() {
        let text = format!(
            "{GOOD_META}\n# Idea\n\n## Summary\n\n### Motivation\n\nWhy.\n\n#### Ours\n\n## Proposal\n\n### Topology Considerations\n\n#### Standalone Clusters\n\n#### 漢字 Clusters 😀\n\n## Alternatives (Not Implemented)\n"
        );
        let (template, file) = (mini(), file("idea"));
        let edits = insert_missing_sections(&text, &template, &file);
        let after = apply_edits(&text, &edits).0;
        let sequential = fix_all_matching(&text, &template, &file, |f| {
            matches!(f.rule, Rule::MissingSection | Rule::MissingTitle)
        });
        assert_eq!(after, sequential.text);
        let body = after.strip_prefix(GOOD_META).unwrap_or(&after);
        expect![[r#"

            # Idea

            ## Summary

            ### Motivation

            Why.

            #### Ours

            ### Goals

            ### Non-Goals

            ## Proposal

            ### Topology Considerations

            #### Standalone Clusters

            #### 漢字 Clusters 😀

            ## Alternatives (Not Implemented)
        "#]]
        .assert_eq(body);
    }
}
