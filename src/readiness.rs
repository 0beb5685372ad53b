//! Review readiness: what reviewers check by hand before they read a
//! proposal, summed up from its findings and its front matter. Shown as a
//! code lens on the title and by `proposal-ls status` over a repository.

use crate::repository::ProposalEntry;
use crate::repository::people::handle_of;
use crate::rules::{Finding, Rule, Severity};
use crate::template::{Template, ValueShape};

/// One proposal's readiness. Counts are of findings at error or warning
/// severity (what the era of the proposal leaves, at the configured
/// levels).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Readiness {
    /// Required sections missing.
    pub missing_sections: usize,
    /// Required sections with nothing written in them.
    pub empty_sections: usize,
    /// Template placeholders, boilerplate and open `TODO`s left.
    pub placeholders: usize,
    /// Other front-matter and value problems.
    pub metadata_problems: usize,
    /// The handles the approvers list names (`None`: the template has no
    /// approvers list).
    pub approvers: Option<usize>,
    /// References that lead nowhere.
    pub broken_references: usize,
    /// Its `status`, as written.
    pub status: Option<String>,
}

/// Which count a rule's findings go to.
enum Counted {
    Missing,
    Empty,
    Placeholder,
    Metadata,
    Broken,
    Not,
}

fn counted(rule: Rule) -> Counted {
    use Rule::*;
    match rule {
        MissingSection | MissingTitle => Counted::Missing,
        EmptySection => Counted::Empty,
        Placeholder | TemplateBoilerplate | UnresolvedTodo => Counted::Placeholder,
        FrontMatterMissing
        | FrontMatterNotFirst
        | FrontMatterUnclosed
        | YamlSyntax
        | FrontMatterNotMapping
        | UnknownKey
        | DuplicateKey
        | MissingKey
        | ExpectedList
        | TitleMismatch
        | TitleFormat
        | TrackingLink
        | MissingHandle
        | InvalidHandle
        | InvalidDate
        | DateOrder
        | InvalidEnumValue => Counted::Metadata,
        BrokenReference => Counted::Broken,
        _ => Counted::Not,
    }
}

impl Readiness {
    /// The readiness of a proposal from its text (for its front matter,
    /// read with `template`) and its findings.
    pub fn of(text: &str, template: &Template, findings: &[Finding]) -> Readiness {
        let entry = ProposalEntry::read(text, template);
        let approvers_key = template
            .keys
            .iter()
            .find(|k| k.name == "approvers" && k.shape == ValueShape::Handles);
        let approvers = approvers_key.map(|key| {
            entry
                .people
                .iter()
                .filter(|(k, v)| *k == key.name && handle_of(v).is_some())
                .count()
        });
        let mut readiness = Readiness {
            approvers,
            status: entry.status,
            ..Readiness::default()
        };
        let blocking = findings
            .iter()
            .filter(|f| matches!(f.severity, Severity::Error | Severity::Warning));
        for finding in blocking {
            match counted(finding.rule) {
                Counted::Missing => readiness.missing_sections += 1,
                Counted::Empty => readiness.empty_sections += 1,
                Counted::Placeholder => readiness.placeholders += 1,
                Counted::Metadata => readiness.metadata_problems += 1,
                Counted::Broken => readiness.broken_references += 1,
                Counted::Not => {}
            }
        }
        readiness
    }

    /// Nothing left for the author to do before review.
    pub fn is_ready(&self) -> bool {
        self.missing_sections == 0
            && self.empty_sections == 0
            && self.placeholders == 0
            && self.metadata_problems == 0
            && self.approvers != Some(0)
            && self.broken_references == 0
    }

    /// One line: "Ready for review", or what is left.
    pub fn summary(&self) -> String {
        if self.is_ready() {
            return "Ready for review".into();
        }
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let mut left = Vec::new();
        if self.missing_sections > 0 {
            left.push(plural(
                self.missing_sections,
                "section missing",
                "sections missing",
            ));
        }
        if self.empty_sections > 0 {
            left.push(plural(
                self.empty_sections,
                "section empty",
                "sections empty",
            ));
        }
        if self.placeholders > 0 {
            left.push(plural(
                self.placeholders,
                "placeholder left",
                "placeholders left",
            ));
        }
        if self.metadata_problems > 0 {
            left.push(plural(
                self.metadata_problems,
                "metadata problem",
                "metadata problems",
            ));
        }
        if self.approvers == Some(0) {
            left.push("no approvers".into());
        }
        if self.broken_references > 0 {
            left.push(plural(
                self.broken_references,
                "broken reference",
                "broken references",
            ));
        }
        format!("Not ready: {}", left.join(" · "))
    }
}

/// Where the readiness shows: the title (`# ` heading), else the top.
pub fn title_range(text: &str, tree: &tree_sitter::Tree) -> std::ops::Range<usize> {
    crate::markdown::Outline::headings(text, tree)
        .headings
        .into_iter()
        .find(|h| h.level == 1)
        .map_or(0..0, |h| h.range)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::fixture::{BODY_OK, GOOD_META, mini};

    #[test]
    fn a_complete_proposal_with_approvers_is_ready() {
        let template = crate::template::Template::embedded();
        let complete = |approvers: &str| {
            format!("---\ntitle: idea\napprovers:\n{approvers}status: implementable\n---\n# Idea\n")
        };
        let ready = Readiness::of(&complete("  - \"@carol\"\n"), &template, &[]);
        assert!(ready.is_ready(), "{ready:?}");
        assert_eq!(ready.summary(), "Ready for review");
        assert_eq!(ready.status.as_deref(), Some("implementable"));
        let none = Readiness::of(&complete("  - TBD\n"), &template, &[]);
        assert_eq!(none.summary(), "Not ready: no approvers");
    }

    #[test]
    fn findings_count_by_kind_at_error_and_warning() {
        let text = format!("{GOOD_META}\n{BODY_OK}");
        let finding = |rule, severity| Finding {
            severity,
            ..Finding::new(rule, 0..0, "m")
        };
        let findings = [
            finding(Rule::MissingSection, Severity::Error),
            finding(Rule::MissingSection, Severity::Error),
            finding(Rule::Placeholder, Severity::Error),
            finding(Rule::BrokenReference, Severity::Warning),
            finding(Rule::InvalidDate, Severity::Error),
            finding(Rule::SectionOrder, Severity::Error),
            finding(Rule::EmptySection, Severity::Hint),
        ];
        let readiness = Readiness::of(&text, &mini(), &findings);
        assert_eq!(
            readiness.summary(),
            "Not ready: 2 sections missing · 1 placeholder left · 1 metadata problem · 1 broken reference"
        );
    }
}
