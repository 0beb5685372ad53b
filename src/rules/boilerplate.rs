//! The template's own instructions, and its placeholder title, left in a
//! proposal.

use std::collections::HashSet;

use crate::analysis::Source;
use crate::fix::{Edit, Fix};
use crate::markdown::end_of_line;
use crate::rules::{Finding, Rule};

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

    let known: HashSet<&str> = template.boilerplate.iter().map(String::as_str).collect();
    if known.is_empty() {
        return out;
    }
    // Runs of consecutive boilerplate paragraphs become one finding.
    let mut run: Option<(usize, usize, String)> = None;
    let flush = |run: &mut Option<(usize, usize, String)>, out: &mut Vec<Finding>| {
        if let Some((start, end, first)) = run.take() {
            let line_start = src
                .text
                .get(..start)
                .and_then(|b| b.rfind('\n'))
                .map_or(0, |i| i + 1);
            let delete_end = end_of_line(src.text, end);
            let excerpt: String = first.chars().take(60).collect();
            out.push(
                Finding::new(
                    Rule::TemplateBoilerplate,
                    line_start..end,
                    format!("The template's instructions (\"{excerpt}\") are still here; delete them once followed"),
                )
                .with_fix(Fix {
                    title: "Delete the template's instructions".into(),
                    edits: vec![Edit::replace(line_start..delete_end, "")],
                    safe: false,
                }),
            );
        }
    };
    let headings = &src.outline.headings;
    for p in &src.outline.paragraphs {
        if known.contains(p.normalized.as_str()) {
            // A heading between two paragraphs ends the run.
            let broken = run.as_ref().is_some_and(|(_, end, _)| {
                headings
                    .iter()
                    .any(|h| h.range.start >= *end && h.range.start < p.range.start)
            });
            if broken {
                flush(&mut run, &mut out);
            }
            match &mut run {
                Some((_, end, _)) => *end = p.range.end,
                None => run = Some((p.range.start, p.range.end, p.normalized.clone())),
            }
        } else {
            flush(&mut run, &mut out);
        }
    }
    flush(&mut run, &mut out);
    out
}
