//! Section rules: the proposal's headings against the template's tree.
//!
//! Headings are matched to template sections in three passes: same level
//! and same name (a longer heading that starts with the name at a word
//! boundary counts, as upstream's prefix match does), then same name at
//! another level (`heading-level`), then a near miss (`misnamed-section`).
//! What is left unmatched and required is missing.

use std::ops::Range;

use crate::analysis::Source;
use crate::fix::{Edit, Fix};
use crate::markdown::{Heading, end_of_line};
use crate::rules::{Finding, Rule};
use crate::template::{SectionSpec, Template, strip_optional};

/// How a heading was matched to a template section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MatchKind {
    Exact,
    WrongLevel,
    NearMiss,
}

struct Matching {
    /// For each document heading: the template section and how it matched.
    by_heading: Vec<Option<(usize, MatchKind)>>,
    /// For each template section: the headings matched to it, in order.
    by_section: Vec<Vec<usize>>,
}

impl Matching {
    fn first_heading(&self, section: usize) -> Option<usize> {
        self.by_section
            .get(section)
            .and_then(|h| h.first().copied())
    }

    fn is_present(&self, section: usize) -> bool {
        self.first_heading(section).is_some()
    }

    fn assign(&mut self, heading: usize, section: usize, kind: MatchKind) {
        self.by_heading[heading] = Some((section, kind));
        self.by_section[section].push(heading);
    }
}

pub fn check(src: &Source) -> Vec<Finding> {
    let template = src.template;
    let headings = &src.outline.headings;
    let matching = match_headings(template, headings);
    let mut findings = Vec::new();

    for (h, m) in matching.by_heading.iter().enumerate() {
        let Some((s, kind)) = *m else { continue };
        let heading = &headings[h];
        let spec = &template.sections[s];
        match kind {
            MatchKind::Exact => {}
            MatchKind::WrongLevel => findings.push(wrong_level(src, heading, spec)),
            MatchKind::NearMiss => findings.push(near_miss(heading, spec)),
        }
    }

    findings.extend(duplicates(template, headings, &matching));
    findings.extend(out_of_order(template, headings, &matching));
    findings.extend(missing_sections(src, &matching));
    if let Some(f) = missing_title(src) {
        findings.push(f);
    }
    findings
}

/// `Alternatives (Not Implemented)`-style text of a heading matches the
/// template name exactly, or starts with it at a word boundary, or carries
/// the template's own `[optional]` marker.
fn names_match(heading: &str, name: &str) -> bool {
    let heading = strip_optional(heading).0;
    heading == name
        || heading
            .strip_prefix(name)
            .and_then(|rest| rest.chars().next())
            .is_some_and(|c| !c.is_alphanumeric())
}

/// Lowercase letters and digits only; `&` reads as `and`.
fn fold(s: &str) -> String {
    s.replace('&', "and")
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Words of `s`, lowercased, punctuation dropped.
fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// A heading that is the template's name in another case, spacing or
/// punctuation, a shortened form of it, or a small typo.
fn near_miss_score(heading: &str, name: &str) -> Option<f64> {
    let (h, n) = (fold(heading), fold(name));
    if h.is_empty() {
        return None;
    }
    if h == n {
        return Some(1.0);
    }
    // `Alternatives` for `Alternatives (Not Implemented)`; `Implementation
    // Details` for `Implementation Details/Notes/Constraints`.
    let (hw, nw) = (words(heading), words(name));
    if h.len() >= 6 && hw.len() < nw.len() && nw.starts_with(&hw) {
        return Some(0.9);
    }
    let sim = strsim::normalized_levenshtein(&h, &n);
    (sim >= 0.85).then_some(sim)
}

fn match_headings(template: &Template, headings: &[Heading]) -> Matching {
    let mut m = Matching {
        by_heading: vec![None; headings.len()],
        by_section: vec![Vec::new(); template.sections.len()],
    };
    let sections = &template.sections;

    // Pass 1: same level, same name. Prefer an exact name, then the longest
    // prefix, then a section under the heading's current template parent.
    let mut open: Vec<Option<usize>> = vec![None; 8];
    for (h, heading) in headings.iter().enumerate() {
        let level = heading.level as usize;
        if level < 2 {
            continue;
        }
        let parent = open.get(level - 1).copied().flatten();
        let best = (0..sections.len())
            .filter(|&s| {
                sections[s].level == heading.level && names_match(&heading.text, &sections[s].name)
            })
            .max_by_key(|&s| {
                (
                    strip_optional(&heading.text).0 == sections[s].name,
                    sections[s].name.len(),
                    sections[s].parent == parent,
                    std::cmp::Reverse(s),
                )
            });
        if let Some(s) = best {
            m.assign(h, s, MatchKind::Exact);
        }
        for slot in open.iter_mut().skip(level) {
            *slot = None;
        }
        if let Some(slot) = open.get_mut(level) {
            *slot = best;
        }
    }

    // Pass 2: a missing required section's name at another level.
    for s in template.required() {
        if m.is_present(s) {
            continue;
        }
        let found = (0..headings.len()).find(|&h| {
            m.by_heading[h].is_none()
                && headings[h].level >= 2
                && names_match(&headings[h].text, &sections[s].name)
        });
        if let Some(h) = found {
            m.assign(h, s, MatchKind::WrongLevel);
        }
    }

    // Pass 3: near misses for the required sections still missing.
    for s in template.required() {
        if m.is_present(s) {
            continue;
        }
        let found = (0..headings.len())
            .filter(|&h| m.by_heading[h].is_none() && headings[h].level >= 2)
            .filter_map(|h| near_miss_score(&headings[h].text, &sections[s].name).map(|x| (h, x)))
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
        if let Some((h, _)) = found {
            m.assign(h, s, MatchKind::NearMiss);
        }
    }
    m
}

fn wrong_level(src: &Source, heading: &Heading, spec: &SectionSpec) -> Finding {
    let marker_len = src
        .text
        .get(heading.range.clone())
        .map_or(0, |line| line.len() - line.trim_start_matches('#').len());
    let is_atx = marker_len > 0;
    let (range, replacement) = if is_atx {
        (
            heading.range.start..heading.range.start + marker_len,
            "#".repeat(spec.level as usize),
        )
    } else {
        (heading.range.clone(), spec.heading_line())
    };
    Finding::new(
        Rule::HeadingLevel,
        range.clone(),
        format!(
            "`{}` is a level-{} heading in the template; write it as `{}`",
            spec.name,
            spec.level,
            spec.heading_line()
        ),
    )
    .with_fix(Fix {
        title: format!("Change to `{}`", spec.heading_line()),
        edits: vec![Edit::replace(range, replacement)],
        safe: true,
    })
    .about(vec![spec.heading_line()])
}

fn near_miss(heading: &Heading, spec: &SectionSpec) -> Finding {
    let written = format!("{} {}", "#".repeat(heading.level as usize), heading.text);
    // Safe when nothing the author wrote is lost, only completed or recased.
    let safe = fold(&spec.name).contains(&fold(&heading.text));
    Finding::new(
        Rule::MisnamedSection,
        heading.range.clone(),
        format!(
            "`{written}` looks like the template's `{}`; rename it so the section is recognised",
            spec.heading_line()
        ),
    )
    .with_fix(Fix {
        title: format!("Rename to `{}`", spec.heading_line()),
        edits: vec![Edit::replace(heading.range.clone(), spec.heading_line())],
        safe,
    })
    .about(vec![spec.heading_line()])
}

fn duplicates(template: &Template, headings: &[Heading], m: &Matching) -> Vec<Finding> {
    let mut out = Vec::new();
    for (s, hits) in m.by_section.iter().enumerate() {
        let Some((&first, rest)) = hits.split_first() else {
            continue;
        };
        let spec = &template.sections[s];
        for &h in rest {
            out.push(
                Finding::new(
                    Rule::DuplicateSection,
                    headings[h].range.clone(),
                    format!(
                        "`{}` appears more than once; merge this section into the first one, or rename it",
                        spec.heading_line()
                    ),
                )
                .with_related(headings[first].range.clone(), "first occurrence")
                .about(vec![spec.heading_line()]),
            );
        }
    }
    out
}

/// Headings outside the longest run already in template order.
fn out_of_order(template: &Template, headings: &[Heading], m: &Matching) -> Vec<Finding> {
    // First occurrence of each section, in document order.
    let seq: Vec<(usize, usize)> = (0..headings.len())
        .filter_map(|h| m.by_heading[h].map(|(s, _)| (h, s)))
        .filter(|&(h, s)| m.first_heading(s) == Some(h))
        .collect();
    let keep = longest_increasing(&seq.iter().map(|&(_, s)| s).collect::<Vec<_>>());
    let mut out = Vec::new();
    for (i, &(h, s)) in seq.iter().enumerate() {
        if keep[i] {
            continue;
        }
        let spec = &template.sections[s];
        // Name the in-order neighbour it belongs after (or before).
        let after = (0..s).rev().find(|&p| {
            m.is_present(p) && seq.iter().position(|x| x.1 == p).is_some_and(|j| keep[j])
        });
        let before = (s + 1..template.sections.len()).find(|&n| {
            m.is_present(n) && seq.iter().position(|x| x.1 == n).is_some_and(|j| keep[j])
        });
        let name = |i: usize| template.sections[i].heading_line();
        let place = match (after, before) {
            (Some(a), Some(b)) => format!("after `{}` and before `{}`", name(a), name(b)),
            (Some(a), None) => format!("after `{}`", name(a)),
            (None, Some(b)) => format!("before `{}`", name(b)),
            (None, None) => "elsewhere".to_string(),
        };
        out.push(
            Finding::new(
                Rule::SectionOrder,
                headings[h].range.clone(),
                format!(
                    "`{}` is out of order: the template puts it {place}; move the section there",
                    spec.heading_line()
                ),
            )
            .about(vec![spec.heading_line()]),
        );
    }
    out
}

/// Which elements belong to one longest strictly increasing subsequence.
fn longest_increasing(xs: &[usize]) -> Vec<bool> {
    let n = xs.len();
    let mut len = vec![1usize; n];
    let mut prev = vec![usize::MAX; n];
    for i in 0..n {
        for j in 0..i {
            if xs[j] < xs[i] && len[j] + 1 > len[i] {
                len[i] = len[j] + 1;
                prev[i] = j;
            }
        }
    }
    let mut keep = vec![false; n];
    let mut cur = (0..n).max_by_key(|&i| (len[i], std::cmp::Reverse(i)));
    while let Some(i) = cur {
        keep[i] = true;
        cur = (prev[i] != usize::MAX).then(|| prev[i]);
    }
    keep
}

fn missing_sections(src: &Source, m: &Matching) -> Vec<Finding> {
    let template = src.template;
    let headings = &src.outline.headings;
    let mut out = Vec::new();
    for s in template.required() {
        if m.is_present(s) {
            continue;
        }
        let ancestors = template.ancestors(s);
        // A missing parent reports its missing children with it.
        if ancestors
            .iter()
            .any(|&a| !m.is_present(a) && !template.sections[a].optional)
        {
            continue;
        }
        let spec = &template.sections[s];
        let group: Vec<usize> = std::iter::once(s)
            .chain(
                template
                    .required()
                    .filter(|&d| d > s && template.ancestors(d).contains(&s) && !m.is_present(d)),
            )
            .collect();
        let lines: Vec<String> = group
            .iter()
            .map(|&g| template.sections[g].heading_line())
            .collect();
        let at = insertion_point(src, m, s);

        let present_parent = spec.parent.filter(|&p| m.is_present(p));
        let (range, mut message) = match present_parent.and_then(|p| m.first_heading(p)) {
            Some(ph) => (
                headings[ph].range.clone(),
                format!(
                    "`{}` is missing its required subsection `{}`",
                    template.sections[spec.parent.unwrap_or(s)].heading_line(),
                    spec.heading_line()
                ),
            ),
            None => {
                let place = (0..s)
                    .rev()
                    .find(|&p| m.is_present(p))
                    .map(|p| format!("after `{}`", template.sections[p].heading_line()))
                    .unwrap_or_else(|| "first".to_string());
                (
                    anchor_line(src, at),
                    format!(
                        "Required section `{}` is missing; the template puts it {place}",
                        spec.heading_line()
                    ),
                )
            }
        };
        if lines.len() > 1 {
            message.push_str(&format!(
                ", with its subsections `{}`",
                lines[1..].join("`, `")
            ));
        }
        message.push_str(". Add it, and if it does not apply, say why.");
        out.push(
            Finding::new(Rule::MissingSection, range, message)
                .with_fix(Fix {
                    title: format!("Insert `{}`", lines.join("`, `")),
                    edits: vec![Edit::insert(at, section_text(src, at, &lines))],
                    safe: true,
                })
                .about(lines),
        );
    }
    out
}

/// Where a missing section goes: after the nearest preceding template
/// section present (after its own text when it is the parent, after its
/// whole subtree otherwise), never inside the front matter or a fence.
fn insertion_point(src: &Source, m: &Matching, s: usize) -> usize {
    let template = src.template;
    let headings = &src.outline.headings;
    let spec = &template.sections[s];
    let ancestors = template.ancestors(s);
    let after = |h: usize, any_level: bool| {
        headings
            .iter()
            .skip(h + 1)
            .find(|next| any_level || next.level <= spec.level)
            .map_or(src.text.len(), |next| next.range.start)
    };
    let title = headings.iter().position(|h| h.level == 1);
    let at = match (0..s).rev().find(|&p| m.is_present(p)) {
        Some(p) => {
            let h = m.first_heading(p).unwrap_or(0);
            after(h, ancestors.contains(&p))
        }
        None => match title {
            Some(t) => after(t, true),
            None => headings
                .iter()
                .find(|h| h.level >= 2)
                .map_or(src.text.len(), |h| h.range.start),
        },
    };
    let body_start = src.front_matter.as_ref().map_or(0, |fm| fm.range.end);
    let at = at.max(body_start);
    // An unclosed fence runs to the end: insert before it instead.
    match src
        .outline
        .code_fences
        .iter()
        .find(|f| f.start < at && at <= f.end)
    {
        Some(fence) => fence.start.max(body_start),
        None => at,
    }
}

/// The heading line at `at`, or the last line when `at` is the end.
fn anchor_line(src: &Source, at: usize) -> Range<usize> {
    let text = src.text;
    let start = if at >= text.len() {
        text.trim_end().rfind('\n').map_or(0, |i| i + 1)
    } else {
        at
    };
    let end = end_of_line(text, start);
    let line = text.get(start..end).unwrap_or("");
    start..start + line.trim_end().len()
}

/// The headings' text, with blank lines around it, for insertion at `at`.
fn section_text(src: &Source, at: usize, lines: &[String]) -> String {
    let eol = src.eol;
    let before = src.text.get(..at).unwrap_or("");
    let mut out = String::new();
    if !before.is_empty() {
        let trailing_breaks = before
            .bytes()
            .rev()
            .take_while(|b| matches!(b, b'\r' | b'\n'))
            .filter(|&b| b == b'\n')
            .count();
        for _ in trailing_breaks.min(2)..2 {
            out.push_str(eol);
        }
    }
    let at_end = at >= src.text.len();
    for (i, line) in lines.iter().enumerate() {
        out.push_str(line);
        out.push_str(eol);
        if i + 1 < lines.len() || !at_end {
            out.push_str(eol);
        }
    }
    out
}

fn missing_title(src: &Source) -> Option<Finding> {
    if src.outline.headings.iter().any(|h| h.level == 1) {
        return None;
    }
    // The first non-blank line after the front matter.
    let body_start = src.front_matter.as_ref().map_or(0, |fm| fm.range.end);
    let rest = src.text.get(body_start..).unwrap_or("");
    let blank = rest.len() - rest.trim_start_matches(['\r', '\n']).len();
    let at = body_start + blank;
    let range = anchor_line(src, at);
    let name = src
        .front_matter
        .as_ref()
        .and_then(|fm| fm.get("title"))
        .and_then(|e| e.value.as_str().map(str::to_string))
        .or_else(|| src.file.file_stem.clone())
        .unwrap_or_else(|| "Title".to_string());
    let title = humanize(&name);
    let eol = src.eol;
    Some(
        Finding::new(
            Rule::MissingTitle,
            range,
            "The proposal has no `# ` title; add one naming the enhancement after the front matter",
        )
        .with_fix(Fix {
            title: format!("Insert `# {title}`"),
            edits: vec![Edit::insert(
                at,
                format!(
                    "{}# {title}{eol}{eol}",
                    if blank == 0 && at > 0 { eol } else { "" }
                ),
            )],
            safe: true,
        }),
    )
}

/// `neat-enhancement-idea` -> `Neat Enhancement Idea`.
fn humanize(slug: &str) -> String {
    slug.split(['-', '_', ' '])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}
