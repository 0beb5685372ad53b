//! The registry: every rule, one module each, grouped by family. A rule
//! module opens with its declaration (`DOC`: id, severity, summary,
//! explanation, fix) and holds its check and its fixture tests. The order
//! below is `Rule::ALL`'s; ids are stable.

#[macro_use]
mod registry;
mod era;
#[cfg(test)]
pub(crate) mod fixture;
mod front_matter;
mod limits;
mod prose;
mod references;
pub(crate) mod sections;
mod suppressions;
pub(crate) mod values;

pub use crate::finding::{Finding, Related, RuleDoc, Severity, closest};

rules! {
    sections::not_a_proposal => NotAProposal,
    limits::partial_check => PartialCheck,
    sections::missing_section => MissingSection,
    sections::missing_title => MissingTitle,
    sections::second_title => SecondTitle,
    sections::heading_level => HeadingLevel,
    sections::misnamed_section => MisnamedSection,
    sections::empty_section => EmptySection,
    sections::duplicate_section => DuplicateSection,
    sections::section_order => SectionOrder,
    sections::section_parent => SectionParent,
    prose::template_boilerplate => TemplateBoilerplate,
    prose::unresolved_todo => UnresolvedTodo,
    front_matter::front_matter_missing => FrontMatterMissing,
    front_matter::front_matter_not_first => FrontMatterNotFirst,
    front_matter::front_matter_unclosed => FrontMatterUnclosed,
    front_matter::yaml_syntax => YamlSyntax,
    front_matter::front_matter_not_mapping => FrontMatterNotMapping,
    front_matter::unknown_key => UnknownKey,
    front_matter::duplicate_key => DuplicateKey,
    front_matter::missing_key => MissingKey,
    front_matter::expected_list => ExpectedList,
    values::placeholder => Placeholder,
    values::title_mismatch => TitleMismatch,
    values::title_format => TitleFormat,
    values::tracking_link => TrackingLink,
    values::missing_handle => MissingHandle,
    values::invalid_handle => InvalidHandle,
    values::invalid_date => InvalidDate,
    values::date_order => DateOrder,
    values::invalid_enum_value => InvalidEnumValue,
    references::broken_reference => BrokenReference,
    references::lineage => Lineage,
    era::older_template => OlderTemplate,
    suppressions::unknown_suppression => UnknownSuppression,
    suppressions::unused_suppression => UnusedSuppression,
}

impl Rule {
    /// Whether the rule needs the whole document, so that it is skipped
    /// when only the first part of it is checked (`partial-check`).
    pub fn needs_whole_document(self) -> bool {
        matches!(
            self,
            Rule::NotAProposal
                | Rule::MissingSection
                | Rule::MissingTitle
                | Rule::FrontMatterUnclosed
                | Rule::OlderTemplate
                | Rule::UnusedSuppression
        )
    }
}
