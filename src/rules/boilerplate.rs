//! The template's own words left in a proposal: its instructions, the
//! guidance paragraphs under its sections, and its placeholder title.

use std::collections::HashMap;
use std::ops::Range;

use crate::analysis::Source;
use crate::fix::{Edit, Fix};
use crate::rules::{Finding, Rule};
use crate::text::{end_of_line, line_start};

pub fn check(src: &Source) -> Vec<Finding> {
    let mut out = Vec::new();
    let template = src.template;
    if let Some(title) = &template.title {
        for h in src
            .outline
            .headings
            .iter()
            .filter(|h| h.level == 1 && &h.text == title)
        {
            out.push(Finding::new(
                Rule::TemplateBoilerplate,
                h.range.clone(),
                format!("`# {title}` is the template's placeholder title; name your enhancement"),
            ));
        }
    }

    let known: HashMap<&str, Option<usize>> = template
        .boilerplate
        .iter()
        .map(|(text, section)| (text.as_str(), *section))
        .collect();
    if known.is_empty() {
        return out;
    }
    // Runs of consecutive template paragraphs become one finding.
    let headings = &src.outline.headings;
    let mut run: Option<Run> = None;
    for p in &src.outline.paragraphs {
        let Some(&section) = known.get(p.normalized.as_str()) else {
            out.extend(run.take().map(|r| r.finding(src)));
            continue;
        };
        let continues = run.as_ref().is_some_and(|r| {
            r.section == section
                && !headings
                    .iter()
                    .any(|h| h.range.start >= r.range.end && h.range.start < p.range.start)
        });
        match &mut run {
            Some(r) if continues => r.range.end = p.range.end,
            _ => {
                out.extend(run.take().map(|r| r.finding(src)));
                run = Some(Run {
                    range: p.range.clone(),
                    first: p.normalized.clone(),
                    section,
                });
            }
        }
    }
    out.extend(run.map(|r| r.finding(src)));
    out
}

/// Consecutive paragraphs of the template's text.
struct Run {
    range: Range<usize>,
    first: String,
    /// The template section whose guidance this is (`None`: instructions).
    section: Option<usize>,
}

impl Run {
    fn finding(self, src: &Source) -> Finding {
        let text = src.text;
        let line_start = line_start(text, self.range.start);
        let delete_end = end_of_line(text, self.range.end);
        let excerpt: String = self.first.chars().take(60).collect();
        let ellipsis = if self.first.chars().count() > 60 {
            "…"
        } else {
            ""
        };
        let (message, title) = match self.section.and_then(|s| src.template.sections.get(s)) {
            Some(spec) => (
                format!(
                    "The template's guidance for `{}` (\"{excerpt}{ellipsis}\") is still here; replace it with your own text",
                    spec.heading_line()
                ),
                "Delete the template's guidance",
            ),
            None => (
                format!(
                    "The template's instructions (\"{excerpt}{ellipsis}\") are still here; delete them once followed"
                ),
                "Delete the template's instructions",
            ),
        };
        Finding::new(
            Rule::TemplateBoilerplate,
            line_start..self.range.end,
            message,
        )
        .with_fix(Fix {
            title: title.into(),
            edits: vec![Edit::replace(line_start..delete_end, "")],
            safe: false,
        })
    }
}
