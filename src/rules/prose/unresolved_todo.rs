//! `unresolved-todo`: `TODO`, `TBD` or `FIXME` left in the prose.

pub(crate) const DOC: RuleDoc = RuleDoc {
    id: "unresolved-todo",
    severity: Severity::Warning,
    summary: "A `TODO`, `TBD` or `FIXME` is left in the text.",
    explanation: "An open point marked in the prose is one a reviewer has to chase. It is a warning once the proposal's `status` says `implementable` or `implemented`, and information before (a `provisional` proposal is still being written). Only upper-case words in paragraphs count: code fences, inline code, HTML comments and links are left alone, a required section holding nothing else is reported by `empty-section` instead, and the open questions' own section may hold open points. Resolve the point, or list it under the template's open questions.",
    fix: None,
};

use crate::context::Context;
use crate::markdown::Paragraph;
use crate::markdown::inline::verbatim_spans;
use crate::rules::{Finding, Rule, RuleDoc, Severity};
use crate::template::strip_optional;

use crate::rules::sections::empty_section::placeholder_text;
use crate::rules::sections::written;

/// The words that mark an open point.
const MARKERS: [&str; 3] = ["TODO", "TBD", "FIXME"];

/// Statuses that promise the text is settled.
const SETTLED: [&str; 2] = ["implementable", "implemented"];

pub(crate) fn check(cx: &Context, out: &mut Vec<Finding>) {
    let unwritten: Vec<_> = cx.unwritten().iter().map(|u| u.body.clone()).collect();
    let status = cx
        .first_entry("status")
        .and_then(|e| e.value.as_str())
        .map(str::trim);
    let settled = status.filter(|s| SETTLED.contains(s));
    let open_questions = cx
        .template
        .section_ids()
        .find(|&s| cx.template.section(s).name.starts_with("Open Questions"));
    // The open questions' own text may hold what is still open: under a
    // heading of that name at any level (`### Open Questions` under an old
    // template's `## Design Details` too), however deep.
    let headings = cx.headings();
    let open_question_ranges: Vec<std::ops::Range<usize>> = match open_questions {
        Some(q) => {
            let name = &cx.template.section(q).name;
            headings
                .iter()
                .enumerate()
                .filter(|(_, h)| strip_optional(&h.text).0.eq_ignore_ascii_case(name))
                .map(|(i, h)| {
                    let end = headings
                        .iter()
                        .skip(i + 1)
                        .find(|next| next.level <= h.level)
                        .map_or(cx.text.len(), |next| next.range.start);
                    h.range.start..end
                })
                .collect()
        }
        None => Vec::new(),
    };
    let in_open_questions = |at: usize| open_question_ranges.iter().any(|r| r.contains(&at));
    for p in &cx.outline.paragraphs {
        let Some(text) = cx.text.get(p.range.clone()) else {
            continue;
        };
        let words = markers(text);
        let skipped =
            |at: usize| unwritten.iter().any(|b| b.contains(&at)) || in_open_questions(at);
        if words.is_empty() || skipped(p.range.start) {
            continue;
        }
        let verbatim = verbatim_spans(text);
        for (at, word) in words {
            if verbatim.iter().any(|v| v.start <= at && at < v.end) {
                continue;
            }
            let start = p.range.start + at;
            let (state, when) = match settled {
                Some(s) => (format!("a proposal that is `{s}`"), ""),
                None => (
                    "the text".to_string(),
                    " before the proposal is `implementable`",
                ),
            };
            let or_list = match open_questions {
                Some(q) => format!(
                    ", or list it under `{}`",
                    cx.template.section(q).heading_line()
                ),
                None => String::new(),
            };
            let message = match alone_in(cx, p) {
                Some(heading) => format!(
                    "`{heading}` holds only `{word}`; write it{when}, or delete the section if it does not apply"
                ),
                None => format!("`{word}` is left in {state}; resolve it{when}{or_list}"),
            };
            let mut finding =
                Finding::new(Rule::UnresolvedTodo, start..start + word.len(), message);
            if settled.is_none() {
                finding.severity = Severity::Info;
            }
            out.push(finding);
        }
    }
}

/// The heading line of the section whose only text is placeholder
/// paragraph `p` (a section `empty-section` does not judge: optional, or
/// not the template's).
fn alone_in(cx: &Context, p: &Paragraph) -> Option<String> {
    placeholder_text(&p.normalized)?;
    let headings = cx.headings();
    let h = headings
        .partition_point(|h| h.range.start < p.range.start)
        .checked_sub(1)?;
    let heading = headings.get(h)?;
    let end = headings
        .get(h + 1)
        .map_or(cx.text.len(), |next| next.range.start);
    (cx.outline.content_in(heading.range.end..end).len() == 1).then(|| written(heading))
}

/// Where the marker words stand in `text` as whole words.
fn markers(text: &str) -> Vec<(usize, &'static str)> {
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    let mut found = Vec::new();
    for word in MARKERS {
        for (at, _) in text.match_indices(word) {
            let before = text.get(..at).and_then(|t| t.chars().next_back());
            let after = text.get(at + word.len()..).and_then(|t| t.chars().next());
            if !before.is_some_and(is_word) && !after.is_some_and(is_word) {
                found.push((at, word));
            }
        }
    }
    found.sort_unstable();
    found
}

#[cfg(test)]
mod tests {
    use crate::rules::Rule;
    use crate::rules::fixture::*;

    #[test]
    fn open_points_in_an_implementable_proposal() {
        // platforms/ovirt-rhv-ipi.md:184-225, reduced.
        check_with(
            &mini(),
            "idea",
            &[Rule::EmptySection],
            &with_body(
                "# Idea

## Summary

TODO
^^^^ unresolved-todo: `TODO` is left in a proposal that is `implementable`; resolve it, or list it under `## Open Questions`
- Announce deprecation and support policy of the existing feature

The operator will FIXME: details about connecting to Thanos, and a `TODO` in code, <!-- TBD --> in a comment,
                  ^^^^^ unresolved-todo: `FIXME` is left in a proposal that is `implementable`; resolve it, or list it under `## Open Questions`
[a link](https://example.com/TODO), TODOs, todo and xTBD are not markers; (TBD) is.
                                                                           ^^^ unresolved-todo: `TBD` is left in a proposal that is `implementable`; resolve it, or list it under `## Open Questions`

```text
TODO in a fence
```

## Motivation

### Goals

TBD

### Non-Goals

- A list item: TBD
               ^^^ unresolved-todo: `TBD` is left in a proposal that is `implementable`; resolve it, or list it under `## Open Questions`

## Proposal

### Topology Considerations

#### Standalone Clusters

#### 漢字 Clusters 😀

## Alternatives (Not Implemented)

## Implementation History

TBD.
^^^ unresolved-todo: `## Implementation History` holds only `TBD`; write it, or delete the section if it does not apply

## Open Questions

TODO: who owns the API? Listed here, it is a question, not an oversight.
",
            ),
        );
    }

    #[test]
    fn a_provisional_proposal_gets_information() {
        let findings = check_with(
            &mini(),
            "idea",
            &[Rule::EmptySection],
            &with_body(
                "# Idea

## Summary

The API is TBD.
           ^^^ unresolved-todo: `TBD` is left in the text; resolve it before the proposal is `implementable`, or list it under `## Open Questions`

## Motivation

### Goals

### Non-Goals

## Proposal

### Topology Considerations

#### Standalone Clusters

#### 漢字 Clusters 😀

## Alternatives (Not Implemented)
",
            )
            .replace("status: implementable", "status: provisional"),
        );
        let severities: Vec<_> = findings
            .iter()
            .filter(|f| f.rule == Rule::UnresolvedTodo)
            .map(|f| f.severity)
            .collect();
        assert_eq!(severities, [crate::rules::Severity::Info]);
    }

    #[test]
    fn open_questions_at_any_level_and_depth_may_hold_open_points() {
        // ingress/gateway-api-with-cluster-ingress-operator.md:840-961:
        // `### Open Questions` under an old template's design details.
        check_with(
            &mini(),
            "idea",
            &[
                Rule::EmptySection,
                Rule::HeadingLevel,
                Rule::SectionParent,
                Rule::SectionOrder,
            ],
            &with_body(
                "# Idea

## Summary

## Motivation

### Goals

### Non-Goals

## Proposal

### Topology Considerations

#### Standalone Clusters

#### 漢字 Clusters 😀

## Alternatives (Not Implemented)

### Open Questions

#### Do we need a mesh?

TBD: it depends on the mesh team.

## Later

The TBD here is no question.
    ^^^ unresolved-todo: `TBD` is left in a proposal that is `implementable`; resolve it, or list it under `## Open Questions`
",
            ),
        );
    }
}
