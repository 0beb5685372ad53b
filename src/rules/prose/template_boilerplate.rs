//! `template-boilerplate`: the template's instructions, guidance or placeholder title left in.

pub(crate) const DOC: RuleDoc = RuleDoc {
    id: "template-boilerplate",
    severity: Severity::Warning,
    summary: "The template's own instructions were left in the proposal.",
    explanation: "Text the template addresses to the author (for example \"To get started with this template:\" and its list, or the placeholder title) belongs to the template, not to the proposal. Delete it once followed.",
    fix: Some("Deletes the instructions."),
};

use std::collections::HashMap;
use std::ops::Range;

use crate::context::Context;
use crate::fix::{Edit, Fix};
use crate::rules::{Finding, Rule, RuleDoc, Severity};
use crate::text::{end_of_line, line_start};

pub(crate) fn check(cx: &Context, out: &mut Vec<Finding>) {
    let template = cx.template;
    if let Some(title) = &template.title {
        for h in cx
            .headings()
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

    let known: HashMap<&str, Option<&str>> = template
        .boilerplate
        .iter()
        .map(|b| (b.text.as_str(), b.section.as_deref()))
        .collect();
    if known.is_empty() {
        return;
    }
    // Runs of consecutive template paragraphs become one finding.
    let headings = cx.headings();
    let mut run: Option<Run> = None;
    for p in &cx.outline.paragraphs {
        let Some(&section) = known.get(p.normalized.as_str()) else {
            out.extend(run.take().map(|r| r.finding(cx)));
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
                out.extend(run.take().map(|r| r.finding(cx)));
                run = Some(Run {
                    range: p.range.clone(),
                    first: p.normalized.clone(),
                    section,
                });
            }
        }
    }
    out.extend(run.map(|r| r.finding(cx)));
}

/// Consecutive paragraphs of the template's text.
struct Run<'a> {
    range: Range<usize>,
    first: String,
    /// The heading of the template section whose guidance this is
    /// (`None`: instructions).
    section: Option<&'a str>,
}

impl Run<'_> {
    fn finding(self, cx: &Context) -> Finding {
        let text = cx.text;
        let line_start = line_start(text, self.range.start);
        let delete_end = end_of_line(text, self.range.end);
        let excerpt: String = self.first.chars().take(60).collect();
        let ellipsis = if self.first.chars().count() > 60 {
            "…"
        } else {
            ""
        };
        let (message, title) = match self.section {
            Some(heading) => (
                format!(
                    "The template's guidance for `{heading}` (\"{excerpt}{ellipsis}\") is still here; replace it with your own text"
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

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::analysis::analyze_text;
    use crate::rules::Rule;
    use crate::rules::fixture::*;

    /// A proposal with [`GOOD_META`] and this text right after it.
    fn doc(body: &str) -> String {
        format!("{GOOD_META}{body}")
    }

    #[test]
    fn template_instructions_and_placeholder_title() {
        check(&doc("
To get started with this template:
^ template-boilerplate@16:16: The template's instructions (\"To get started with this template:\") are still here; delete them once followed
1. **Pick a domain.** Find the appropriate domain to discuss your
   enhancement.

Our own introduction, which stays.

# Neat Enhancement Idea
^^^^^^^^^^^^^^^^^^^^^^^ template-boilerplate: `# Neat Enhancement Idea` is the template's placeholder title; name your enhancement

## Summary

## Motivation

### Goals

### Non-Goals

## Proposal

### Topology Considerations

#### Standalone Clusters

#### 漢字 Clusters 😀

## Alternatives (Not Implemented)
"));
    }

    #[test]
    fn deleting_instructions_keeps_the_rest() {
        let before = doc("
To get started with this template:
1. **Pick a domain.** Find the appropriate domain to discuss your enhancement.

Our own introduction.
");
        let findings = analyze_text(&before, &mini(), &file("idea"));
        let fix = findings
            .iter()
            .find(|f| f.rule == Rule::TemplateBoilerplate)
            .and_then(|f| f.fix.as_ref())
            .expect("a fix");
        assert!(!fix.safe, "deleting text is never applied by --fix");
        check_fix(
            Rule::TemplateBoilerplate,
            &before,
            expect![[r#"
                {GOOD_META}

                Our own introduction.
            "#]],
        );
    }

    #[test]
    fn section_guidance_left_in() {
        check(&doc("
# Idea

## Summary

Write one paragraph that says what this
^ template-boilerplate@19:50: The template's guidance for `## Summary` (\"Write one paragraph that says what this enhancement does and…\") is still here; replace it with your own text
enhancement does and why it matters to its users.

Our own summary.

## Motivation

### Goals

### Non-Goals

## Proposal

### Topology Considerations

#### Standalone Clusters

#### 漢字 Clusters 😀

## Alternatives (Not Implemented)
"));
    }
}
