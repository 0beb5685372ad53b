//! What every rule reads: one document, parsed and located once per
//! analysis, immutable, so the order the rules run in never matters.

use std::cell::OnceCell;

use crate::analysis::FileContext;
use crate::front_matter::scan::Location;
use crate::front_matter::{FrontMatter, YamlEntry, YamlNode};
use crate::markdown::{Heading, Outline};
use crate::rules::sections::empty_section::{Unwritten, unwritten_sections};
use crate::template::{HeadingForms, SectionMap, Template};

pub(crate) struct Context<'a> {
    pub text: &'a str,
    /// The document's blocks: the same for every template, so judging one
    /// document by several templates parses and outlines it once.
    pub outline: &'a Outline,
    /// Where the front matter is (on line 1, further down, unclosed or
    /// missing).
    pub location: Location,
    /// The front matter found on line 1 or, recovered, further down
    /// (shared, not copied, by the contexts of other templates).
    pub front_matter: Option<std::rc::Rc<FrontMatter>>,
    /// Which heading is which template section.
    pub sections: SectionMap,
    /// The headings' names as near-miss matching compares them, shared by
    /// the contexts of every template judging the document.
    heading_forms: std::rc::Rc<HeadingForms>,
    pub template: &'a Template,
    pub file: &'a FileContext,
    /// The line break the document uses, for inserted text.
    pub eol: &'static str,
    /// The required sections with no text of their own, worked out once
    /// for the rules that read them.
    unwritten: OnceCell<Vec<Unwritten>>,
}

impl<'a> Context<'a> {
    pub fn new(
        text: &'a str,
        outline: &'a Outline,
        template: &'a Template,
        file: &'a FileContext,
    ) -> Context<'a> {
        let is_metadata = |line: &str| {
            template.keys.iter().any(|k| {
                line.strip_prefix(k.name.as_str())
                    .is_some_and(|rest| rest.starts_with(':'))
            })
        };
        let location = Location::find(text, outline.front_matter.clone(), is_metadata);
        let front_matter = match &location {
            Location::First(block) | Location::NotFirst { block, .. } => {
                Some(std::rc::Rc::new(FrontMatter::parse(text, block.clone())))
            }
            Location::Unclosed { .. } | Location::Missing => None,
        };
        let heading_forms = std::rc::Rc::new(HeadingForms::default());
        let sections = SectionMap::with_forms(template, &outline.headings, &heading_forms);
        Context {
            text,
            outline,
            location,
            front_matter,
            sections,
            heading_forms,
            template,
            file,
            eol: crate::text::line_break(text),
            unwritten: OnceCell::new(),
        }
    }

    /// The same document judged by another template: the outline and the
    /// front matter are the document's, only the section map is the
    /// template's (the front matter is located with this context's keys).
    pub fn for_template(&self, template: &'a Template) -> Context<'a> {
        Context {
            text: self.text,
            outline: self.outline,
            location: self.location.clone(),
            front_matter: self.front_matter.clone(),
            sections: SectionMap::with_forms(template, &self.outline.headings, &self.heading_forms),
            heading_forms: self.heading_forms.clone(),
            template,
            file: self.file,
            eol: self.eol,
            unwritten: OnceCell::new(),
        }
    }

    /// See [`unwritten_sections`].
    pub(crate) fn unwritten(&self) -> &[Unwritten] {
        self.unwritten.get_or_init(|| unwritten_sections(self))
    }

    pub fn headings(&self) -> &[Heading] {
        &self.outline.headings
    }

    /// Heading `h`'s body: from the end of its line to the next heading
    /// outside its subtree (or the end).
    pub fn section_body(&self, h: usize) -> std::ops::Range<usize> {
        let headings = self.headings();
        let start = headings.get(h).map_or(self.text.len(), |h| h.range.end);
        let end = headings
            .get(self.sections.subtree_end(h))
            .map_or(self.text.len(), |next| next.range.start);
        start..end.max(start)
    }

    /// Where the markdown body starts: after the front matter.
    pub fn body_start(&self) -> usize {
        self.front_matter.as_ref().map_or(0, |fm| fm.range.end)
    }

    /// The front matter's keys when it is a YAML mapping (an empty front
    /// matter has none); `None` when it is missing, not YAML or not a
    /// mapping.
    pub fn entries(&self) -> Option<&[YamlEntry]> {
        match &self.front_matter.as_ref()?.yaml {
            Ok(Some(YamlNode::Mapping { entries, .. })) => Some(entries),
            Ok(None) => Some(&[]),
            _ => None,
        }
    }

    /// The first entry of `key`, which the value rules judge.
    pub fn first_entry(&self, key: &str) -> Option<&YamlEntry> {
        self.entries()?.iter().find(|e| e.key == key)
    }
}
