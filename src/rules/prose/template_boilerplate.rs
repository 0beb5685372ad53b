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
use crate::rules::sections::written;
use crate::rules::{Finding, Rule, RuleDoc, Severity};
use crate::template::strip_optional;
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

    // Text -> the sections whose guidance it is, across the template's
    // versions (a paragraph may guide several, as the release note does).
    let mut known: HashMap<&str, Vec<Option<&str>>> = HashMap::new();
    for b in &template.boilerplate {
        let sections = known.entry(b.text.as_str()).or_default();
        if !sections.contains(&b.section.as_deref()) {
            sections.push(b.section.as_deref());
        }
    }
    if known.is_empty() {
        return;
    }
    let headings = cx.headings();
    let paragraphs = &cx.outline.paragraphs;
    let is_known = |i: usize| {
        paragraphs
            .get(i)
            .is_some_and(|p| known.contains_key(p.normalized.as_str()))
    };
    // Runs of consecutive template paragraphs become one finding.
    let mut run: Option<Run> = None;
    for (i, p) in paragraphs.iter().enumerate() {
        let candidates = known
            .get(p.normalized.as_str())
            .filter(|_| !(p.quoted && answered(cx, i, &is_known)));
        let Some(candidates) = candidates else {
            out.extend(run.take().map(|r| r.finding(cx)));
            continue;
        };
        let section = attribute(cx, p.range.start, candidates);
        let headings_before = |at: usize| headings.partition_point(|h| h.range.start < at);
        let continues = run.as_ref().is_some_and(|r| {
            r.section == section && headings_before(r.range.end) == headings_before(p.range.start)
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

/// Whether quoted paragraph `i` is a question the author answers: some
/// text of their own follows it before the next heading.
fn answered(cx: &Context, i: usize, is_known: &dyn Fn(usize) -> bool) -> bool {
    let paragraphs = &cx.outline.paragraphs;
    let Some(p) = paragraphs.get(i) else {
        return false;
    };
    let headings = cx.headings();
    let next_heading = headings
        .get(headings.partition_point(|h| h.range.start <= p.range.start))
        .map_or(cx.text.len(), |h| h.range.start);
    let own_paragraph = paragraphs
        .iter()
        .enumerate()
        .skip(i + 1)
        .take_while(|(_, q)| q.range.start < next_heading)
        .any(|(j, q)| !q.quoted && !is_known(j));
    own_paragraph || cx.outline.has_non_prose(p.range.end..next_heading)
}

/// Of the sections a paragraph may guide, the one it sits in (by name,
/// whatever its level; named as the document writes it); else the first.
fn attribute(cx: &Context, at: usize, candidates: &[Option<&str>]) -> Option<String> {
    let name = |line: &str| {
        strip_optional(line.trim_start_matches('#').trim())
            .0
            .to_string()
    };
    let headings = cx.headings();
    let enclosing = headings
        .partition_point(|h| h.range.start < at)
        .checked_sub(1)
        .and_then(|i| headings.get(i));
    let sits_in = candidates
        .iter()
        .flatten()
        .find(|c| enclosing.is_some_and(|h| name(c) == name(&h.text)));
    match (sits_in, enclosing) {
        (Some(_), Some(heading)) => Some(written(heading)),
        _ => candidates.first().copied().flatten().map(str::to_string),
    }
}

/// Consecutive paragraphs of the template's text.
struct Run {
    range: Range<usize>,
    first: String,
    /// The heading of the section whose guidance this is (`None`:
    /// instructions).
    section: Option<String>,
}

impl Run {
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
        let former = |heading: &str| {
            let name = strip_optional(heading.trim_start_matches('#').trim()).0;
            !cx.template.sections.iter().any(|s| s.name == name)
        };
        let (message, title) = match self.section.as_deref() {
            Some(heading) if former(heading) => (
                format!(
                    "An earlier template's guidance for `{heading}` (\"{excerpt}{ellipsis}\") is still here, and today's template has no such section; delete it, or replace it with your own text"
                ),
                "Delete the template's guidance",
            ),
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

    #[test]
    fn a_quoted_question_the_author_answers_is_not_left_over() {
        // authentication/proxy-support-for-integrated-auth-stack.md:327, reduced.
        check(&doc("
# Idea

## Summary

> Write one paragraph that says what this enhancement does and why
it matters to its users.

It proxies the auth stack's outbound traffic.

> Write one paragraph that says what this enhancement does and why it matters to its users.
^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ template-boilerplate: The template's guidance for `## Summary` (\"Write one paragraph that says what this enhancement does and…\") is still here; replace it with your own text

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
    fn guidance_is_attributed_to_the_section_it_sits_in() {
        // The release note guides both Test Plan and Graduation Criteria.
        let template = crate::template::Template::parse(
            "# T

## Test Plan

**Note:** *Section not required until targeted at a release, as it says here.*

## Graduation Criteria

**Note:** *Section not required until targeted at a release, as it says here.*
",
        );
        check_with(
            &template,
            "idea",
            &[Rule::EmptySection, Rule::FrontMatterMissing],
            "# Idea

## Test Plan

**Note:** *Section not required until targeted at a release, as it says here.*
^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ template-boilerplate: The template's guidance for `## Test Plan` (\"**Note:** *Section not required until targeted at a release,…\") is still here; replace it with your own text

## Graduation Criteria

**Note:** *Section not required until targeted at a release, as it says here.*
^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ template-boilerplate: The template's guidance for `## Graduation Criteria` (\"**Note:** *Section not required until targeted at a release,…\") is still here; replace it with your own text
",
        );
    }

    #[test]
    fn guidance_names_the_heading_as_written_and_a_former_section_as_such() {
        // installer/single-node-installation-bootstrap-in-place.md:477 (a
        // `###` where today's template has `##`), and
        // installer/openstack-for-power-vc-ipi.md:293 (a section today's
        // template dropped).
        let mut template = crate::template::Template::parse(
            "# T

## Summary

## Test Plan

**Note:** *Section not required until targeted at a release, as it says here.*
",
        );
        template.boilerplate.push(crate::template::Boilerplate {
            text: "Major milestones in the life cycle of a proposal should be tracked in here."
                .into(),
            section: Some("## Implementation History".into()),
        });
        check_with(
            &template,
            "idea",
            &[Rule::EmptySection, Rule::FrontMatterMissing, Rule::HeadingLevel],
            "# Idea

## Summary

Ours.

### Test Plan

**Note:** *Section not required until targeted at a release, as it says here.*
^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ template-boilerplate: The template's guidance for `### Test Plan` (\"**Note:** *Section not required until targeted at a release,…\") is still here; replace it with your own text

## Implementation History

Major milestones in the life cycle of a proposal should be tracked in here.
^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ template-boilerplate: An earlier template's guidance for `## Implementation History` (\"Major milestones in the life cycle of a proposal should be t…\") is still here, and today's template has no such section; delete it, or replace it with your own text
",
        );
    }
}
