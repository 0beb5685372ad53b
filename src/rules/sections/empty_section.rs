//! `empty-section`: a required section with nothing in it, or only a
//! placeholder, the template's guidance or comments.

pub(crate) const DOC: RuleDoc = RuleDoc {
    id: "empty-section",
    severity: Severity::Warning,
    summary: "A required section has no text of its own.",
    explanation: "The template asks to keep every required section and, if it does not apply, to explain why. A heading with nothing under it (not even in its subsections), or only a placeholder (`TBD`, `TODO`, `TBA`, `...`), the template's own guidance or HTML comments, leaves reviewers guessing. `N/A` or `None` is an answer: the section does not apply. Code, tables and any other text count as written.",
    fix: None,
};

use std::ops::Range;

use super::written;
use crate::context::Context;
use crate::markdown::Paragraph;
use crate::markdown::inline::shown_text;
use crate::rules::{Finding, Rule, RuleDoc, Severity};
use crate::template::SectionId;

/// A required section with no text of its own.
pub(crate) struct Unwritten {
    pub section: SectionId,
    /// The section's heading (an index into the document's headings).
    pub heading: usize,
    /// From the end of its heading to the end of its subtree.
    pub body: Range<usize>,
    pub holds: Holds,
}

/// What an unwritten section holds instead of text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Holds {
    /// Nothing, or only comments.
    Nothing,
    /// A placeholder such as `TBD`, as written.
    Placeholder(String),
    /// Only the template's own guidance.
    Guidance,
}

/// The required sections with no text of their own, outermost first: the
/// question `empty-section` reports on, and that other prose rules defer to.
pub(crate) fn unwritten_sections(cx: &Context) -> Vec<Unwritten> {
    let headings = cx.headings();
    let map = &cx.sections;
    cx.template
        .required()
        .filter_map(|section| {
            let h = map.first_heading(section)?;
            headings.get(h)?;
            let body = cx.section_body(h);
            let holds = holds(cx, body.clone())?;
            Some(Unwritten {
                section,
                heading: h,
                body,
                holds,
            })
        })
        .collect()
}

/// What `body` holds when it has no text of its own; `None` when it has.
fn holds(cx: &Context, body: Range<usize>) -> Option<Holds> {
    let outline = cx.outline;
    if !outline.has_content(body.clone()) {
        return Some(Holds::Nothing);
    }
    if outline.has_non_prose(body.clone()) {
        return None;
    }
    let mut placeholder = None;
    for p in outline.paragraphs_in(body) {
        if let Some(word) = placeholder_text(&p.normalized) {
            placeholder.get_or_insert(word);
        } else if !is_guidance(cx, p) {
            return None;
        }
    }
    Some(placeholder.map_or(Holds::Guidance, Holds::Placeholder))
}

/// A paragraph that stands for text not written yet: `TBD`, `TODO`,
/// `TBA`, `...` or `…`, in any case and emphasis (`*TBD*`, `(TODO)`,
/// `TBD.`), or a link showing one (`[TBD](https://...)`). `N/A` and
/// `None` are answers, not placeholders. Returns it as written, or the
/// word a link shows.
pub(crate) fn placeholder_text(paragraph: &str) -> Option<String> {
    let text = paragraph.trim();
    // Placeholders are short; a long paragraph is never parsed for links.
    if text.len() > 200 {
        return None;
    }
    if placeholder_word(text).is_some() {
        return Some(text.to_string());
    }
    if !text.contains("](") {
        return None;
    }
    let shown = shown_text(text);
    placeholder_word(&shown)
        .filter(|w| !w.is_empty())
        .map(str::to_string)
}

/// The placeholder word `text` comes down to without its emphasis and
/// punctuation (empty for `...`), if it is one.
fn placeholder_word(text: &str) -> Option<&str> {
    let word = text.trim_matches(|c: char| "*_()[].:!…".contains(c) || c.is_whitespace());
    let placeholder = word.is_empty()
        || ["TBD", "TODO", "TBA", "TO DO"]
            .iter()
            .any(|p| word.eq_ignore_ascii_case(p));
    (placeholder && !text.is_empty()).then_some(word)
}

fn is_guidance(cx: &Context, p: &Paragraph) -> bool {
    cx.template
        .boilerplate
        .iter()
        .any(|b| b.section.is_some() && b.text == p.normalized)
}

pub(crate) fn check(cx: &Context, out: &mut Vec<Finding>) {
    let template = cx.template;
    let unwritten = cx.unwritten();
    // An unwritten parent speaks for its unwritten subsections.
    let reported_parent = |s: SectionId| {
        template
            .ancestors(s)
            .iter()
            .any(|a| unwritten.iter().any(|u| u.section == *a))
    };
    for u in unwritten.iter().filter(|u| !reported_parent(u.section)) {
        let Some(heading) = cx.headings().get(u.heading) else {
            continue;
        };
        let name = written(heading);
        let state = match &u.holds {
            Holds::Nothing => format!("`{name}` is empty"),
            Holds::Placeholder(p) => format!("`{name}` holds only the placeholder `{p}`"),
            Holds::Guidance => format!("`{name}` holds only the template's guidance"),
        };
        let ask = match template.asks(u.section) {
            Some(question) => format!(". The template asks: \"{question}\""),
            None => String::new(),
        };
        out.push(
            Finding::new(
                Rule::EmptySection,
                heading.range.clone(),
                format!("{state}; write it, or say why it does not apply{ask}"),
            )
            .about(vec![template.section(u.section).heading_line()]),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::Rule;
    use crate::rules::fixture::*;

    #[test]
    fn empty_sections() {
        check_with(
            &mini(),
            "idea",
            ALL,
            &with_body(
                "# Idea

## Summary

Text.

## Motivation

### Goals

- a list counts

### Non-Goals
^^^^^^^^^^^^^ empty-section: `### Non-Goals` is empty; write it, or say why it does not apply

<!-- a comment does not count -->

## Proposal

### Topology Considerations

#### Standalone Clusters

| a table | counts |
|---|---|

#### 漢字 Clusters 😀

```text
code counts
```

## Alternatives (Not Implemented)

> so does a quote

",
            ),
        );
    }

    #[test]
    fn placeholders_guidance_and_comments_are_not_written_text() {
        // monitoring/alert-overrides.md:469-471 and 531-533, reduced.
        check_with(
            &mini(),
            "idea",
            &[Rule::TemplateBoilerplate, Rule::UnresolvedTodo],
            &with_body(
                "# Idea

## Summary
^^^^^^^^^^ empty-section: `## Summary` holds only the template's guidance; write it, or say why it does not apply. The template asks: \"Write one paragraph that says what this enhancement does and why it matters to its users.\"

Write one paragraph that says what this enhancement does and why
it matters to its users.

## Motivation

### Goals
^^^^^^^^^ empty-section: `### Goals` holds only the placeholder `TBD`; write it, or say why it does not apply

TBD

### Non-Goals

N/A

## Proposal

TBD, but the new CRDs are not expected to have a significant impact.

### Topology Considerations
^^^^^^^^^^^^^^^^^^^^^^^^^^^ empty-section: `### Topology Considerations` holds only the placeholder `*TODO.*`; write it, or say why it does not apply

<!-- to be written -->

#### Standalone Clusters

*TODO.*

#### 漢字 Clusters 😀

- ...

## Alternatives (Not Implemented)

None
",
            ),
        );
    }

    #[test]
    fn code_and_tables_are_written_text_whatever_they_say() {
        check_with(
            &mini(),
            "idea",
            &[Rule::MissingSection, Rule::UnresolvedTodo],
            &with_body(
                "# Idea

## Summary

```text
TBD
```

## Motivation

### Goals

| TBD |
|---|

### Non-Goals

> Quoting is writing: TBD
",
            ),
        );
    }

    #[test]
    fn placeholder_words() {
        use super::placeholder_text;
        for yes in [
            "TBD",
            "tbd.",
            "*TBD*",
            "(TODO)",
            "TBA",
            "...",
            "…",
            "**TODO**:",
        ] {
            assert_eq!(placeholder_text(yes).as_deref(), Some(yes), "{yes}");
        }
        // monitoring/hypershift-monitoring.md:134: a link to a discussion.
        assert_eq!(
            placeholder_text("[TBD](https://github.com/openshift/enhancements/pull/981)")
                .as_deref(),
            Some("TBD")
        );
        for no in [
            "N/A",
            "None",
            "TBD, but soon",
            "",
            "To be decided by the API review",
        ] {
            assert_eq!(placeholder_text(no), None, "{no}");
        }
    }
}
