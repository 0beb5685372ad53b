//! Rules: the registry (stable ids, severities, documentation) and the
//! finding type. Each family of rules lives in its own module.

use std::fmt;
use std::ops::Range;

use crate::fix::Fix;

pub mod boilerplate;
pub mod metadata;
pub(crate) mod sections;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
    Info,
    /// Shown by editors as a faint mark; only a rule level set by the user
    /// gives it.
    Hint,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
            Severity::Hint => "hint",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Documentation of one rule, as `explain` and the README show it.
pub struct RuleDoc {
    pub id: &'static str,
    pub severity: Severity,
    pub summary: &'static str,
    pub explanation: &'static str,
    /// What the fix does, if the rule has one.
    pub fix: Option<&'static str>,
}

macro_rules! rules {
    ($($variant:ident => $id:literal, $sev:ident, $summary:literal, $explanation:literal, $fix:expr;)*) => {
        /// Every rule, with a stable kebab-case id.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Rule { $($variant),* }

        impl Rule {
            pub const ALL: &'static [Rule] = &[$(Rule::$variant),*];

            pub fn doc(self) -> RuleDoc {
                match self {
                    $(Rule::$variant => RuleDoc {
                        id: $id,
                        severity: Severity::$sev,
                        summary: $summary,
                        explanation: $explanation,
                        fix: $fix,
                    }),*
                }
            }
        }
    };
}

rules! {
    MissingSection => "missing-section", Error,
        "A required section of the template is missing.",
        "Every `##`-or-deeper heading of the template that is not marked `[optional]` must appear in the proposal, under its parent (a `####` belongs under its `###`). If a section does not apply, keep the heading and explain why, as the template asks. A missing parent is reported once, together with its missing subsections.",
        Some("Inserts the heading (with any missing parents) after the nearest preceding template section present, never inside a code fence or the front matter.");
    MissingTitle => "missing-title", Error,
        "The proposal has no `# ` title.",
        "A proposal starts with one level-1 heading naming the enhancement, after the front matter.",
        Some("Inserts a `# ` title derived from the front matter's `title` after the front matter.");
    HeadingLevel => "heading-level", Error,
        "A template section is written at the wrong heading level.",
        "The heading's text matches a template section, but its level (number of `#`) differs from the template's, so the section sits in the wrong place of the outline and upstream's CI does not find it.",
        Some("Rewrites the `#` marker to the template's level, when the heading already sits under its template parent and in order; `check --fix` applies it only when no other heading changes parent by it. A heading in the wrong place is reported with where it belongs.");
    MisnamedSection => "misnamed-section", Error,
        "A heading nearly matches a required template section.",
        "The heading differs from a required template heading only in case, spacing or punctuation, or is a shortened form of it (`## Alternatives` for `## Alternatives (Not Implemented)`). Upstream's CI matches headings literally, so the section counts as missing until it is renamed.",
        Some("Renames the heading to the template's exact text and level.");
    EmptySection => "empty-section", Warning,
        "A required section has no text.",
        "The template asks to keep every required section and, if it does not apply, to explain why. A heading with nothing under it (not even in its subsections) leaves reviewers guessing; an HTML comment does not count.",
        None;
    DuplicateSection => "duplicate-section", Warning,
        "A template section appears more than once.",
        "Each template section should appear once; a second heading with the same name and level splits the section's content. Merge the two, or rename the second if it is a different topic.",
        None;
    SectionOrder => "section-order", Warning,
        "Template sections are out of the template's order.",
        "Reviewers read proposals in the template's order. The longest run of sections already in order is kept; each heading outside it is reported with where the template puts it. Move the section; no automatic fix reorders text.",
        None;
    TemplateBoilerplate => "template-boilerplate", Warning,
        "The template's own instructions were left in the proposal.",
        "Text the template addresses to the author (for example \"To get started with this template:\" and its list, or the placeholder title) belongs to the template, not to the proposal. Delete it once followed.",
        Some("Deletes the instructions (not applied by `check --fix`, which never removes text).");
    FrontMatterMissing => "front-matter-missing", Error,
        "The proposal has no YAML front matter.",
        "A proposal starts with a `---` line, the template's metadata keys in YAML, and a closing `---` line. Upstream's metadata lint reads it.",
        Some("Inserts the template's front matter at the top, with the title set to the file name.");
    FrontMatterNotFirst => "front-matter-not-first", Error,
        "The front matter does not start on line 1.",
        "Front matter is recognised only when its opening `---` is the very first line of the file; anything before it (even blank lines) turns it into ordinary text.",
        Some("Removes the blank lines before the opening `---` (only when they are blank).");
    FrontMatterUnclosed => "front-matter-unclosed", Error,
        "The front matter's closing `---` is missing.",
        "The front matter opened with `---` on line 1 has no closing `---` line, so none of it is read as metadata.",
        None;
    YamlSyntax => "yaml-syntax", Error,
        "The front matter is not valid YAML.",
        "The front matter must parse as YAML. A common case: a list item or value starting with `@` (`- @handle`); `@` is reserved in YAML, so the value must be quoted (`- \"@handle\"`).",
        Some("For a value starting with `@`: quotes every such value in the front matter.");
    FrontMatterNotMapping => "front-matter-not-mapping", Error,
        "The front matter is not a YAML mapping of keys to values.",
        "The front matter must be a mapping (`key: value` lines) like the template's.",
        None;
    UnknownKey => "unknown-key", Warning,
        "A front-matter key the template does not define.",
        "Only the template's keys are read by tooling. A key that differs from a template key in case or spelling (`Superseded-by` for `superseded-by`) is almost certainly that key. Keys that older templates had and this one dropped are reported too.",
        Some("Renames the key to the closest template key.");
    DuplicateKey => "duplicate-key", Error,
        "A front-matter key appears twice.",
        "YAML parsers disagree on duplicate keys (some keep the last value, Go's yaml.v3 rejects the document). Keep one.",
        None;
    MissingKey => "missing-key", Error,
        "A front-matter key the template requires is missing.",
        "Every template key is required except the path lists that relate proposals (`see-also`, `replaces`, `superseded-by`).",
        Some("Inserts the key with the template's placeholder, after the preceding template key present.");
    ExpectedList => "expected-list", Error,
        "A single value where the template has a list.",
        "The template writes this key as a YAML list (`- item` lines); tooling that decodes it as a list rejects a plain scalar.",
        Some("Turns the value into a one-item list.");
    Placeholder => "placeholder", Error,
        "A template placeholder was left in the front matter.",
        "Values copied from the template (`TBD`, `yyyy-mm-dd`, the `a|b|c` option list, `neat-enhancement-idea`, the example paths) must be replaced with real ones.",
        Some("For dates: fills in today's date (not applied by `check --fix`).");
    TitleMismatch => "title-mismatch", Error,
        "The `title` does not equal the file's base name.",
        "Upstream's metadata lint requires `title` to equal the file name without `.md`.",
        Some("Sets `title` to the file's base name.");
    TitleFormat => "title-format", Warning,
        "The `title` is not lowercase with dashes.",
        "The template asks for the YAML `title` to be lowercased, with spaces and punctuation replaced by `-`.",
        None;
    TrackingLink => "tracking-link", Error,
        "The tracking link is not a URL.",
        "A URL-list key (`tracking-link`) needs at least one entry that is a URL with a scheme (`https://issues.redhat.com/browse/X-1`); empty entries are errors.",
        None;
    MissingHandle => "missing-handle", Error,
        "A people list has no GitHub handle.",
        "`authors`, `reviewers`, `approvers` and `api-approvers` each need at least one real GitHub handle (`\"@name\"` or `name`). The value the template's comment allows instead (`None` for api-approvers) also counts.",
        None;
    InvalidHandle => "invalid-handle", Warning,
        "An entry of a people list is not a GitHub handle.",
        "Each entry should start with a GitHub handle (letters, digits and single dashes, at most 39 characters, optionally after `@`); a comment may follow it.",
        None;
    InvalidDate => "invalid-date", Error,
        "A date is not a real calendar date in yyyy-mm-dd.",
        "Dates are written `yyyy-mm-dd` and must exist (`2020-23-01` has no month 23).",
        Some("Rewrites an unambiguous date in another format (`2021.12.08`) as yyyy-mm-dd.");
    DateOrder => "date-order", Error,
        "`last-updated` is before `creation-date`.",
        "A proposal cannot be updated before it was created; one of the two dates is wrong.",
        None;
    InvalidEnumValue => "invalid-enum-value", Error,
        "A value is not one of the template's options.",
        "The template lists this key's allowed values as `a|b|c` (newer upstream templates do so for `status`: provisional, implementable, ...). Use exactly one of them.",
        Some("Replaces a near miss with the closest allowed value.");
}

impl Rule {
    pub fn id(self) -> &'static str {
        self.doc().id
    }

    pub fn from_id(id: &str) -> Option<Rule> {
        Rule::ALL.iter().copied().find(|r| r.id() == id)
    }

    pub fn default_severity(self) -> Severity {
        self.doc().severity
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// Another place a finding refers to (e.g. a duplicate's first occurrence).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    pub range: Range<usize>,
    pub message: String,
}

/// One finding: a rule broken at a byte range of the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule: Rule,
    pub severity: Severity,
    pub range: Range<usize>,
    pub message: String,
    pub fix: Option<Fix>,
    pub related: Vec<Related>,
    /// What the finding is about, in the template's words: heading lines
    /// for section rules (a missing parent lists its missing subsections
    /// too), the key for metadata rules.
    pub subjects: Vec<String>,
}

impl Finding {
    pub fn new(rule: Rule, range: Range<usize>, message: impl Into<String>) -> Finding {
        Finding {
            rule,
            severity: rule.default_severity(),
            range,
            message: message.into(),
            fix: None,
            related: Vec::new(),
            subjects: Vec::new(),
        }
    }

    pub fn with_fix(mut self, fix: Fix) -> Finding {
        self.fix = Some(fix);
        self
    }

    pub fn with_related(mut self, range: Range<usize>, message: impl Into<String>) -> Finding {
        self.related.push(Related {
            range,
            message: message.into(),
        });
        self
    }

    pub fn about(mut self, subjects: Vec<String>) -> Finding {
        self.subjects = subjects;
        self
    }
}

/// Closest candidate to `word` by normalised Levenshtein similarity
/// (case-insensitive), if similar enough.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::normalized_levenshtein(&word, &c.to_lowercase()), c))
        .filter(|(score, _)| *score >= 0.7)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests;
