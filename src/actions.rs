//! Document-wide actions that code actions and commands offer.

use crate::analysis::{FileContext, fix_all_matching};
use crate::fix::{Edit, compose_inserts};
use crate::rules::Rule;
use crate::template::Template;

/// Edits that insert every missing required section (and the title) where
/// the template puts them, in template order, touching nothing else.
pub fn insert_missing_sections(text: &str, template: &Template, file: &FileContext) -> Vec<Edit> {
    let outcome = fix_all_matching(text, template, file, |f| {
        matches!(f.rule, Rule::MissingSection | Rule::MissingTitle)
    });
    // Missing-section and title fixes only insert.
    compose_inserts(&outcome.rounds).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fix::apply_edits;

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
            .map(|i| template.sections[i].heading_line())
            .collect();
        assert_eq!(headings, expected);
        assert!(
            after.contains("## Motivation\n\nWhy.\n")
                && after.contains("## Support Procedures\n\nHow.\n")
        );
    }
}
