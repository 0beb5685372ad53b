//! The template model, derived from the template markdown itself: the
//! section tree with its guidance, the front-matter keys with their
//! documentation and value shapes, and the boilerplate instructions.
//! Rules read only this model, so a new template needs no code change.

use std::ops::Range;

use crate::fix::{Edit, apply_edits};
use crate::front_matter::{FrontMatter, YamlNode};
use crate::markdown::{self, Outline};
use crate::text;

/// The template compiled into the binary: upstream's current one
/// (2026-01-06; its history is in `crate::history`).
pub const EMBEDDED: &str = include_str!("../../assets/enhancement_template.md");

mod section_map;

pub(crate) use section_map::{HeadingForms, MatchKind, SectionMap, fold};

/// A template section: its place in [`Template::sections`], in template
/// order. Ids come from a template and index only that template.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SectionId(usize);

impl SectionId {
    /// The index in [`Template::sections`].
    pub fn index(self) -> usize {
        self.0
    }
}

/// A `##`-or-deeper heading of the template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionSpec {
    pub level: u8,
    /// The heading text without the `[optional]` marker.
    pub name: String,
    pub optional: bool,
    /// The enclosing section.
    pub parent: Option<SectionId>,
    /// The template's text under this heading, up to the next heading.
    pub guidance: String,
    /// The name as near-miss matching compares it.
    pub(crate) forms: section_map::NameForms,
}

impl SectionSpec {
    /// The heading as a document should write it, e.g. `### Goals`.
    pub fn heading_line(&self) -> String {
        format!("{} {}", "#".repeat(self.level as usize), self.name)
    }
}

/// The value a front-matter key takes, inferred from the template's
/// placeholder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValueShape {
    /// A plain scalar (e.g. `title`).
    Text,
    /// `yyyy-mm-dd`.
    Date,
    /// `a|b|c`: one of the listed values.
    Enum(Vec<String>),
    /// `- TBD`: GitHub handles.
    Handles,
    /// `- TBD` for a key documented as a link: URLs.
    Urls,
    /// `- "/enhancements/x.md"`: paths to other proposals.
    Paths,
}

impl ValueShape {
    pub fn is_list(&self) -> bool {
        matches!(
            self,
            ValueShape::Handles | ValueShape::Urls | ValueShape::Paths
        )
    }

    pub fn describe(&self) -> String {
        match self {
            ValueShape::Text => "text".into(),
            ValueShape::Date => "a date (yyyy-mm-dd)".into(),
            ValueShape::Enum(values) => format!("one of {}", values.join(", ")),
            ValueShape::Handles => "a list of GitHub handles".into(),
            ValueShape::Urls => "a list of URLs".into(),
            ValueShape::Paths => "a list of paths to other proposals".into(),
        }
    }
}

/// A front-matter key of the template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeySpec {
    pub name: String,
    /// The template's `#` comment on the key's line.
    pub doc: String,
    pub shape: ValueShape,
    /// The template's own values: left in a proposal, they are placeholders.
    pub placeholders: Vec<String>,
    /// Values the template's comment allows in place of a real one
    /// (`use "None"`).
    pub sentinels: Vec<String>,
    /// Path lists relate proposals and may be absent; the rest are required.
    pub required: bool,
    /// The key's lines in the template, comment and placeholder included,
    /// for inserting it into a proposal.
    pub source: String,
}

/// A paragraph of the template's own words (see [`Template::boilerplate`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Boilerplate {
    /// The paragraph, whitespace-normalised.
    pub text: String,
    /// The heading line of the section it guides; `None` for the
    /// instructions before the first section.
    pub section: Option<String>,
}

/// What a template requires, and nothing of its wording: two templates
/// with equal structures judge every proposal's structure the same.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Structure {
    /// Level, name, whether optional, and the parent's index, per section.
    sections: Vec<(u8, String, bool, Option<usize>)>,
    /// Name, shape and whether required, per key.
    keys: Vec<(String, ValueShape, bool)>,
}

/// A template, compiled into rules' data.
#[derive(Debug, Clone)]
pub struct Template {
    pub sections: Vec<SectionSpec>,
    pub keys: Vec<KeySpec>,
    /// The template's `# ` title, a placeholder if left in a proposal.
    pub title: Option<String>,
    /// Whitespace-normalised paragraphs of the template's own words that a
    /// proposal should not keep: its instructions before the first `##`
    /// section (`None`), and the guidance paragraphs directly under each
    /// section (the section's heading line; list items excluded, since
    /// proposals legitimately adopt example lists such as graduation
    /// criteria). A template with a history holds every version's.
    pub boilerplate: Vec<Boilerplate>,
    /// The template's front matter, verbatim, for inserting a new one.
    pub front_matter_text: String,
}

impl Template {
    /// The embedded default template.
    pub fn embedded() -> Template {
        Template::parse(EMBEDDED)
    }

    /// Compile a template from its markdown.
    pub fn parse(text: &str) -> Template {
        let tree = markdown::parse(text);
        let outline = Outline::new(text, &tree);

        let mut sections: Vec<SectionSpec> = Vec::new();
        let mut title = None;
        // The section each `##`-or-deeper heading stands for, and the
        // sections open at the current heading, outermost first.
        let mut heading_sections: Vec<(usize, SectionId)> = Vec::new();
        let mut open: Vec<SectionId> = Vec::new();
        for (i, heading) in outline.headings.iter().enumerate() {
            let body_end = outline
                .headings
                .get(i + 1)
                .map_or(text.len(), |h| h.range.start);
            let body_start = text::end_of_line(text, heading.range.end).min(body_end);
            if heading.level == 1 {
                title.get_or_insert_with(|| heading.text.clone());
                continue;
            }
            let (name, optional) = strip_optional(&heading.text);
            while open
                .last()
                .is_some_and(|&id| sections.get(id.0).is_some_and(|s| s.level >= heading.level))
            {
                open.pop();
            }
            let parent = open.last().copied();
            // A heading the template repeats under the same parent is the
            // same section (requiring it twice could never be satisfied).
            let repeated = sections
                .iter()
                .position(|s| s.level == heading.level && s.name == name && s.parent == parent);
            let id = match repeated {
                Some(index) => SectionId(index),
                None => {
                    sections.push(SectionSpec {
                        level: heading.level,
                        forms: section_map::NameForms::new(name),
                        name: name.to_string(),
                        optional,
                        parent,
                        guidance: text
                            .get(body_start..body_end)
                            .unwrap_or("")
                            .trim()
                            .to_string(),
                    });
                    SectionId(sections.len() - 1)
                }
            };
            open.push(id);
            heading_sections.push((heading.range.start, id));
        }

        let section_of = |offset: usize| {
            let before = heading_sections.partition_point(|&(start, _)| start < offset);
            before
                .checked_sub(1)
                .and_then(|i| heading_sections.get(i))
                .map(|&(_, id)| id)
        };
        let boilerplate = outline
            .paragraphs
            .iter()
            .filter_map(|p| {
                let section = section_of(p.range.start);
                // A paragraph wholly in bold states policy that proposals
                // quote on purpose ("**For non-optional features moving to
                // GA, ...**").
                let policy = p.normalized.starts_with("**") && p.normalized.ends_with("**");
                let long_enough = match section {
                    None => p.normalized.len() >= 20,
                    Some(_) => !p.nested && !policy && p.normalized.len() >= 60,
                };
                long_enough.then(|| Boilerplate {
                    text: p.normalized.clone(),
                    section: section
                        .and_then(|s| sections.get(s.0))
                        .map(SectionSpec::heading_line),
                })
            })
            .collect();

        let (keys, front_matter_text) = match &outline.front_matter {
            Some(block) => (
                key_specs(text, block.clone()),
                text.get(block.clone()).unwrap_or("").to_string(),
            ),
            None => (Vec::new(), String::new()),
        };

        Template {
            sections,
            keys,
            title,
            boilerplate,
            front_matter_text,
        }
    }

    /// What this template requires of a proposal's structure.
    pub fn structure(&self) -> Structure {
        Structure {
            sections: self
                .sections
                .iter()
                .map(|s| (s.level, s.name.clone(), s.optional, s.parent.map(|p| p.0)))
                .collect(),
            keys: self
                .keys
                .iter()
                .map(|k| (k.name.clone(), k.shape.clone(), k.required))
                .collect(),
        }
    }

    pub fn key(&self, name: &str) -> Option<&KeySpec> {
        self.keys.iter().find(|k| k.name == name)
    }

    /// The section `id` names (ids come from this template).
    pub fn section(&self, id: SectionId) -> &SectionSpec {
        &self.sections[id.0]
    }

    /// Every section, in template order.
    pub fn section_ids(
        &self,
    ) -> impl DoubleEndedIterator<Item = SectionId> + ExactSizeIterator + use<> {
        (0..self.sections.len()).map(SectionId)
    }

    /// `id`'s ancestors, outermost first.
    pub fn ancestors(&self, id: SectionId) -> Vec<SectionId> {
        let mut chain = Vec::new();
        let mut cur = self.sections.get(id.0).and_then(|s| s.parent);
        while let Some(p) = cur {
            chain.push(p);
            cur = self.sections.get(p.0).and_then(|s| s.parent);
        }
        chain.reverse();
        chain
    }

    /// Whether `ancestor` encloses `id` in the template.
    pub fn is_ancestor(&self, ancestor: SectionId, id: SectionId) -> bool {
        self.ancestors(id).contains(&ancestor)
    }

    /// The required sections, in template order.
    pub fn required(&self) -> impl Iterator<Item = SectionId> + '_ {
        self.section_ids().filter(|&id| !self.section(id).optional)
    }

    /// The template's front matter to start a proposal with: the title set
    /// to `stem` and dates to `today` when given, and the optional keys
    /// (the path lists) empty, since the template's example paths there
    /// are placeholders a new proposal would have to delete.
    pub fn front_matter_for(&self, stem: Option<&str>, today: Option<&str>) -> String {
        let text = self.front_matter_text.as_str();
        let front_matter = FrontMatter::parse(text, 0..text.len());
        let mut edits = Vec::new();
        for entry in front_matter.entries().unwrap_or_default() {
            let Some(spec) = self.key(&entry.key) else {
                continue;
            };
            let value = entry.value.range();
            if !spec.required {
                let end = value.end.max(entry.key_range.end);
                edits.push(Edit::replace(entry.key_range.end..end, ": []"));
                continue;
            }
            let new = match (&spec.shape, stem, today) {
                (ValueShape::Text, Some(stem), _) if spec.name == "title" => stem,
                (ValueShape::Date, _, Some(today)) => today,
                _ => continue,
            };
            edits.push(Edit::replace(value, new));
        }
        apply_edits(text, &edits).0
    }

    /// What the template asks of section `id`: the first sentence of its
    /// guidance (notes aside), emphasis removed. "Describe how to" over a
    /// list reads on into the list's first item.
    pub fn asks(&self, id: SectionId) -> Option<String> {
        let guidance = &self.sections.get(id.0)?.guidance;
        let paragraph = guidance
            .split("\n\n")
            .map(str::trim)
            .find(|p| !p.is_empty() && !p.starts_with("**Note") && !p.starts_with('<'))?;
        let mut words = Vec::new();
        let mut in_item = false;
        for raw in paragraph.lines() {
            let line = raw.trim();
            let item = line.strip_prefix("- ").or_else(|| line.strip_prefix("* "));
            match item {
                Some(_) if in_item => break,
                Some(item) => {
                    in_item = true;
                    words.push(item);
                }
                None if in_item && !raw.starts_with([' ', '\t']) => break,
                None => words.push(line),
            }
        }
        let text = words.join(" ").replace("**", "");
        Some(first_sentence(&text)).filter(|s| !s.is_empty())
    }
}

/// Up to the first `.`, `?` or `!` that ends a sentence, at most about 160
/// characters (cut at a word, with `…`).
fn first_sentence(text: &str) -> String {
    const MAX: usize = 160;
    let mut end = text.len();
    for (i, c) in text.char_indices() {
        let next = text.get(i + c.len_utf8()..).unwrap_or("");
        let word = text.get(..i).unwrap_or("").rsplit(' ').next().unwrap_or("");
        // `i.e.` and `e.g.` end no sentence.
        let abbreviation = c == '.' && word.contains('.');
        if matches!(c, '.' | '?' | '!')
            && (next.is_empty() || next.starts_with(' '))
            && !abbreviation
        {
            end = i + c.len_utf8();
            break;
        }
    }
    let sentence = text.get(..end).unwrap_or(text);
    if sentence.chars().count() <= MAX {
        return sentence.to_string();
    }
    let cut: String = sentence.chars().take(MAX).collect();
    let at_word = cut.rfind(' ').and_then(|i| cut.get(..i)).unwrap_or(&cut);
    format!("{at_word}…")
}

/// `Open Questions [optional]` -> (`Open Questions`, true).
pub(crate) fn strip_optional(text: &str) -> (&str, bool) {
    match text.find("[optional]") {
        Some(i) => (text[..i].trim_end(), true),
        None => (text.trim(), false),
    }
}

fn key_specs(text: &str, block: Range<usize>) -> Vec<KeySpec> {
    let front_matter = FrontMatter::parse(text, block);
    let Some(entries) = front_matter.entries() else {
        return Vec::new();
    };
    entries
        .iter()
        .map(|entry| {
            let doc = line_comment(text, entry.key_range.end);
            let values: Vec<String> = match &entry.value {
                YamlNode::Sequence { items, .. } => items
                    .iter()
                    .filter_map(|n| n.as_str().map(str::to_string))
                    .collect(),
                node => node.as_str().map(str::to_string).into_iter().collect(),
            };
            let shape = infer_shape(&entry.key, &doc, &entry.value, &values);
            let mut placeholders = values;
            if !placeholders.iter().any(|p| p == "TBD") {
                placeholders.push("TBD".into());
            }
            let line_start = text::line_start(text, entry.key_range.start);
            let source_end =
                text::end_of_line(text, entry.value.range().end.max(entry.key_range.end));
            KeySpec {
                source: text.get(line_start..source_end).unwrap_or("").to_string(),
                name: entry.key.clone(),
                sentinels: allowed_sentinels(&doc),
                required: shape != ValueShape::Paths,
                doc,
                shape,
                placeholders,
            }
        })
        .collect()
}

fn infer_shape(key: &str, doc: &str, node: &YamlNode, values: &[String]) -> ValueShape {
    let mentions_link = |s: &str| {
        let s = s.to_ascii_lowercase();
        s.contains("link") || s.contains("url")
    };
    match node {
        YamlNode::Sequence { .. } => {
            if values
                .iter()
                .any(|v| v.starts_with('/') || v.ends_with(".md"))
            {
                ValueShape::Paths
            } else if mentions_link(key) || mentions_link(doc) {
                ValueShape::Urls
            } else {
                ValueShape::Handles
            }
        }
        _ => match values.first().map(String::as_str) {
            Some("yyyy-mm-dd") => ValueShape::Date,
            Some(v) if v.contains('|') => {
                ValueShape::Enum(v.split('|').map(|s| s.trim().to_string()).collect())
            }
            _ => ValueShape::Text,
        },
    }
}

/// The `# ...` comment on the line where a key ends.
fn line_comment(text: &str, key_end: usize) -> String {
    let rest = text
        .get(key_end..text::line_content_end(text, key_end))
        .unwrap_or("");
    match rest.find(" #") {
        Some(i) => rest[i + 2..].trim().to_string(),
        None => String::new(),
    }
}

/// `If there is no API change, use "None"` allows the value `None`.
fn allowed_sentinels(doc: &str) -> Vec<String> {
    doc.match_indices("use \"")
        .filter_map(|(i, m)| {
            let rest = &doc[i + m.len()..];
            rest.find('"').map(|end| rest[..end].to_string())
        })
        .filter(|s| !s.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_template_model() {
        let t = Template::embedded();
        assert_eq!(t.required().count(), 26);
        assert_eq!(t.title.as_deref(), Some("Neat Enhancement Idea"));
        let open = t
            .sections
            .iter()
            .find(|s| s.name == "Open Questions")
            .unwrap();
        assert!(open.optional);
        let standalone = t
            .section_ids()
            .find(|&s| t.section(s).name == "Standalone Clusters")
            .unwrap();
        let chain: Vec<_> = t
            .ancestors(standalone)
            .into_iter()
            .map(|i| t.section(i).heading_line())
            .collect();
        assert_eq!(chain, ["## Proposal", "### Topology Considerations"]);
        assert!(
            t.sections[0]
                .guidance
                .starts_with("The `Summary` section is important")
        );

        let status = ValueShape::Enum(
            "provisional|implementable|implemented|deferred|rejected|withdrawn|replaced|informational"
                .split('|')
                .map(String::from)
                .collect(),
        );
        let shapes: Vec<_> = t.keys.iter().map(|k| (k.name.as_str(), &k.shape)).collect();
        assert_eq!(
            shapes,
            [
                ("title", &ValueShape::Text),
                ("authors", &ValueShape::Handles),
                ("reviewers", &ValueShape::Handles),
                ("approvers", &ValueShape::Handles),
                ("api-approvers", &ValueShape::Handles),
                ("creation-date", &ValueShape::Date),
                ("last-updated", &ValueShape::Date),
                ("status", &status),
                ("tracking-link", &ValueShape::Urls),
                ("see-also", &ValueShape::Paths),
                ("replaces", &ValueShape::Paths),
                ("superseded-by", &ValueShape::Paths),
            ]
        );
        let api = t.key("api-approvers").unwrap();
        assert_eq!(api.sentinels, ["None"]);
        assert!(api.doc.starts_with("In case of new or modified APIs"));
        assert!(t.boilerplate.contains(&Boilerplate {
            text: "To get started with this template:".to_string(),
            section: None
        }));
        assert!(
            t.boilerplate
                .iter()
                .any(|b| b.text.starts_with("The idea is to find")
                    && b.section.as_deref() == Some("### Drawbacks"))
        );
    }

    /// The embedded template is upstream's current one (the corpus holds
    /// it); `tests/template_history.rs` checks it against the history.
    #[test]
    fn embedded_copy_is_upstreams_current_template() {
        let upstream = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/corpus/openshift-enhancements/guidelines/enhancement_template.md");
        match std::fs::read_to_string(&upstream) {
            Ok(text) => assert_eq!(
                text,
                EMBEDDED,
                "assets/ copy differs from {}",
                upstream.display()
            ),
            Err(e) => {
                assert!(
                    std::env::var_os("PROPOSAL_LS_REQUIRE_SHARED").is_none(),
                    "{}: {e}, and PROPOSAL_LS_REQUIRE_SHARED is set",
                    upstream.display()
                );
                eprintln!("skipped: {} not present", upstream.display());
            }
        }
    }

    #[test]
    fn what_the_template_asks_is_its_first_sentence() {
        let t = Template::embedded();
        let asks = |name: &str| {
            let id = t
                .section_ids()
                .find(|&id| t.section(id).name == name)
                .expect("section in the embedded template");
            t.asks(id)
        };
        // The note before it is skipped.
        assert_eq!(
            asks("Graduation Criteria").as_deref(),
            Some("Define graduation milestones.")
        );
        // "Describe how to" reads on into its list's first item.
        assert_eq!(
            asks("Support Procedures").as_deref(),
            Some(
                "Describe how to detect the failure modes in a support situation, describe possible symptoms (events, metrics, alerts, which log output in which component)"
            )
        );
        // `i.e.` ends no sentence; a long one is cut at a word.
        let api = asks("Operational Aspects of API Extensions").unwrap_or_default();
        assert!(api.starts_with("Describe the impact of API extensions (mentioned in the proposal section, i.e. CRDs"), "{api}");
        assert!(api.ends_with('…') && api.chars().count() <= 161, "{api}");
    }
}
