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
use crate::markdown::Heading;
use crate::rules::{Finding, Rule};
use crate::template::{SectionSpec, Template, strip_optional};
use crate::text::end_of_line;
use crate::values::slug::humanize;

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
    /// For each template section: present, and its first heading is in the
    /// longest run of sections already in template order. Only these anchor
    /// inserts and order messages.
    in_order: Vec<bool>,
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
    let mut matching = match_headings(template, headings);
    let mut findings = Vec::new();
    // Sections under another parent than the template's are reported as
    // such, and left out of the order computation.
    let mut misplaced: Vec<usize> = Vec::new();
    let hits = first_hits(&matching);
    for &(h, s) in &hits {
        if let Some((_, MatchKind::Exact)) = matching.by_heading[h]
            && let Some(finding) = outside_parent(src, &matching, h, s)
        {
            findings.push(finding);
            misplaced.push(h);
        }
    }
    let order: Vec<(usize, usize)> = hits
        .into_iter()
        .filter(|(h, _)| !misplaced.contains(h))
        .collect();
    let keep = longest_increasing(&order.iter().map(|&(_, s)| s).collect::<Vec<_>>());
    for (&(_, s), &kept) in order.iter().zip(&keep) {
        matching.in_order[s] = kept;
    }
    // Wrong-level headings also in the wrong place are reported once, as
    // such, not out of order too.
    misplaced.extend(
        (0..headings.len()).filter(|&h| match matching.by_heading[h] {
            Some((s, MatchKind::WrongLevel)) => is_misplaced(src, &matching, h, s),
            _ => false,
        }),
    );
    let plan = LevelPlan::new(src, &matching, &misplaced);

    for (h, m) in matching.by_heading.iter().enumerate() {
        let Some((s, kind)) = *m else { continue };
        match kind {
            MatchKind::Exact => {}
            MatchKind::WrongLevel => findings.push(wrong_level(src, &matching, &plan, h, s)),
            MatchKind::NearMiss => findings.push(near_miss(&headings[h], &template.sections[s])),
        }
    }

    findings.extend(empty_sections(src, &matching));
    findings.extend(duplicates(template, headings, &matching));
    findings.extend(out_of_order(
        template, headings, &matching, &order, &keep, &misplaced,
    ));
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
    // `User Story` for `User Stories`.
    let singular = |ws: &[String]| ws.iter().map(|w| singular(w)).collect::<Vec<_>>();
    if singular(&hw) == singular(&nw) {
        return Some(0.95);
    }
    let sim = strsim::normalized_levenshtein(&h, &n);
    (sim >= 0.85).then_some(sim)
}

/// A word without a plural ending: `stories` -> `story`, `goals` -> `goal`.
fn singular(word: &str) -> String {
    if let Some(stem) = word.strip_suffix("ies") {
        format!("{stem}y")
    } else if word.ends_with('s') && !word.ends_with("ss") {
        word[..word.len() - 1].to_string()
    } else {
        word.to_string()
    }
}

fn match_headings(template: &Template, headings: &[Heading]) -> Matching {
    let mut m = Matching {
        by_heading: vec![None; headings.len()],
        by_section: vec![Vec::new(); template.sections.len()],
        in_order: vec![false; template.sections.len()],
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
        let spec = &sections[s];
        // Under its template parent, when that is present.
        let parent_heading = spec.parent.and_then(|p| m.first_heading(p));
        let found = (0..headings.len())
            .filter(|&h| m.by_heading[h].is_none() && headings[h].level >= 2)
            .filter(|&h| parent_heading.is_none_or(|ph| is_within(headings, ph, h)))
            .filter_map(|h| {
                let heading = &headings[h];
                let score = near_miss_score(&heading.text, &spec.name)?;
                // Another level only for the very same words.
                let same_words = fold(&heading.text) == fold(&spec.name);
                (heading.level == spec.level || same_words).then_some((h, score))
            })
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
        if let Some((h, _)) = found {
            m.assign(h, s, MatchKind::NearMiss);
        }
    }
    m
}

/// Whether a wrong-level heading is also in the wrong place: outside its
/// template parent, or out of template order. Changing its level in place
/// would not fix it.
fn is_misplaced(src: &Source, m: &Matching, h: usize, s: usize) -> bool {
    let headings = &src.outline.headings;
    let outside_parent = src.template.sections[s]
        .parent
        .and_then(|p| m.first_heading(p))
        .is_some_and(|ph| !is_within(headings, ph, h));
    outside_parent || !m.in_order[s]
}

/// The outline before and after every in-place level fix, to tell which
/// fixes leave all other headings under the parents they had.
struct LevelPlan {
    before: Vec<Option<usize>>,
    after: Vec<Option<usize>>,
    fixed: Vec<bool>,
}

impl LevelPlan {
    fn new(src: &Source, m: &Matching, misplaced: &[usize]) -> LevelPlan {
        let headings = &src.outline.headings;
        let mut levels: Vec<u8> = headings.iter().map(|x| x.level).collect();
        let before = outline_parents(&levels);
        let mut fixed = vec![false; headings.len()];
        for (h, hit) in m.by_heading.iter().enumerate() {
            if let Some((s, MatchKind::WrongLevel)) = *hit
                && !misplaced.contains(&h)
            {
                levels[h] = src.template.sections[s].level;
                fixed[h] = true;
            }
        }
        LevelPlan {
            before,
            after: outline_parents(&levels),
            fixed,
        }
    }

    /// Safe: after all level fixes, `h` sits under its template parent and
    /// no heading that is not being fixed moves into or out of `h`.
    fn is_safe(&self, src: &Source, m: &Matching, h: usize, s: usize) -> bool {
        let headings = &src.outline.headings;
        let expected_parent_ok = match src.template.sections[s].parent {
            Some(p) => self.after[h].is_some() && self.after[h] == m.first_heading(p),
            None => self.after[h].is_none_or(|ph| headings[ph].level == 1),
        };
        let others_stay = (0..headings.len()).all(|i| {
            self.fixed[i]
                || self.before[i] == self.after[i]
                || (self.before[i] != Some(h) && self.after[i] != Some(h))
        });
        expected_parent_ok && others_stay
    }
}

/// A template section at the wrong level: in place, with a level fix; or
/// also in the wrong place, saying where it belongs.
fn wrong_level(src: &Source, m: &Matching, plan: &LevelPlan, h: usize, s: usize) -> Finding {
    let template = src.template;
    let heading = &src.outline.headings[h];
    let spec = &template.sections[s];
    if !plan.fixed[h] {
        let place = match spec.parent {
            Some(p) if m.is_present(p) => {
                format!("under `{}`", template.sections[p].heading_line())
            }
            _ => placement(template, m, s),
        };
        return Finding::new(
            Rule::HeadingLevel,
            heading.range.clone(),
            format!(
                "`{}` belongs {place} as `{}`; move it there",
                written(heading),
                spec.heading_line()
            ),
        )
        .about(vec![spec.heading_line()]);
    }

    let marker_len = src
        .text
        .get(heading.range.clone())
        .map_or(0, |line| line.len() - line.trim_start_matches('#').len());
    let (range, replacement) = if marker_len > 0 {
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
            "`{}` is level {}, but the template has `{}` at level {}; change `{}` to `{}`",
            written(heading),
            heading.level,
            spec.heading_line(),
            spec.level,
            "#".repeat(heading.level as usize),
            "#".repeat(spec.level as usize),
        ),
    )
    .with_fix(Fix {
        title: format!("Change to `{}`", spec.heading_line()),
        edits: vec![Edit::replace(range, replacement)],
        safe: plan.is_safe(src, m, h, s),
    })
    .about(vec![spec.heading_line()])
}

/// Where the template puts section `s` among the sections present in
/// order: "after `X` and before `Y`".
fn placement(template: &Template, m: &Matching, s: usize) -> String {
    let after = (0..s).rev().find(|&p| m.in_order[p]);
    let before = (s + 1..template.sections.len()).find(|&n| m.in_order[n]);
    let name = |i: usize| template.sections[i].heading_line();
    match (after, before) {
        (Some(a), Some(b)) => format!("after `{}` and before `{}`", name(a), name(b)),
        (Some(a), None) => format!("after `{}`", name(a)),
        (None, Some(b)) => format!("before `{}`", name(b)),
        (None, None) => "elsewhere".to_string(),
    }
}

/// A section written at its level but under another parent than the
/// template's (`### Goals` under `## Summary`).
fn outside_parent(src: &Source, m: &Matching, h: usize, s: usize) -> Option<Finding> {
    let template = src.template;
    let headings = &src.outline.headings;
    let p = template.sections[s].parent?;
    let ph = m.first_heading(p)?;
    if is_within(headings, ph, h) {
        return None;
    }
    Some(
        Finding::new(
            Rule::SectionOrder,
            headings[h].range.clone(),
            format!(
                "`{}` belongs under `{}`; move it there",
                written(&headings[h]),
                template.sections[p].heading_line()
            ),
        )
        .about(vec![template.sections[s].heading_line()]),
    )
}

/// `## Name` as the document writes it.
fn written(heading: &Heading) -> String {
    format!("{} {}", "#".repeat(heading.level as usize), heading.text)
}

/// Index of the heading that ends heading `i`'s subtree (or the count).
fn subtree_end(headings: &[Heading], i: usize) -> usize {
    let level = headings.get(i).map_or(0, |x| x.level);
    (i + 1..headings.len())
        .find(|&j| headings[j].level <= level)
        .unwrap_or(headings.len())
}

/// Whether heading `h` is inside heading `parent`'s subtree.
fn is_within(headings: &[Heading], parent: usize, h: usize) -> bool {
    parent < h && h < subtree_end(headings, parent)
}

/// Each heading's parent heading in the document outline.
fn outline_parents(levels: &[u8]) -> Vec<Option<usize>> {
    let mut stack: Vec<usize> = Vec::new();
    levels
        .iter()
        .enumerate()
        .map(|(i, &level)| {
            while stack.last().is_some_and(|&top| levels[top] >= level) {
                stack.pop();
            }
            let parent = stack.last().copied();
            stack.push(i);
            parent
        })
        .collect()
}

fn near_miss(heading: &Heading, spec: &SectionSpec) -> Finding {
    let written = written(heading);
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

/// Required sections with no content anywhere in their subtree.
fn empty_sections(src: &Source, m: &Matching) -> Vec<Finding> {
    let headings = &src.outline.headings;
    let template = src.template;
    let empty: Vec<(usize, usize)> = template
        .required()
        .filter_map(|s| m.first_heading(s).map(|h| (s, h)))
        .filter(|&(_, h)| {
            let end = headings
                .get(subtree_end(headings, h))
                .map_or(src.text.len(), |next| next.range.start);
            !src.outline.has_content(headings[h].range.end..end)
        })
        .collect();
    // An empty parent speaks for its empty subsections.
    let reported_parent = |s: usize| {
        template
            .ancestors(s)
            .iter()
            .any(|a| empty.iter().any(|&(e, _)| e == *a))
    };
    empty
        .iter()
        .filter(|&&(s, _)| !reported_parent(s))
        .map(|&(s, h)| {
            let spec = &template.sections[s];
            Finding::new(
                Rule::EmptySection,
                headings[h].range.clone(),
                format!(
                    "`{}` is empty; write it, or say why it does not apply",
                    written(&headings[h])
                ),
            )
            .about(vec![spec.heading_line()])
        })
        .collect()
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

/// The first heading of each present section, in document order.
fn first_hits(m: &Matching) -> Vec<(usize, usize)> {
    (0..m.by_heading.len())
        .filter_map(|h| m.by_heading[h].map(|(s, _)| (h, s)))
        .filter(|&(h, s)| m.first_heading(s) == Some(h))
        .collect()
}

/// Headings outside the longest run already in template order.
fn out_of_order(
    template: &Template,
    headings: &[Heading],
    m: &Matching,
    order: &[(usize, usize)],
    keep: &[bool],
    misplaced: &[usize],
) -> Vec<Finding> {
    let mut out = Vec::new();
    for (&(h, s), &kept) in order.iter().zip(keep) {
        if kept || misplaced.contains(&h) {
            continue;
        }
        let spec = &template.sections[s];
        let place = placement(template, m, s);
        out.push(
            Finding::new(
                Rule::SectionOrder,
                headings[h].range.clone(),
                format!(
                    "`{}` is out of order: the template puts it {place}; move the section there",
                    written(&headings[h])
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
        // Inserted together: the missing section and its missing
        // subsections up to the first one already present (the rest go in
        // their own place once the parent exists).
        let first_present_descendant = (s + 1..template.sections.len())
            .find(|&d| m.is_present(d) && template.ancestors(d).contains(&s))
            .unwrap_or(usize::MAX);
        let inserted: Vec<String> = group
            .iter()
            .filter(|&&g| g < first_present_descendant)
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
                let place = anchor(m, s)
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
                    title: format!("Insert `{}`", inserted.join("`, `")),
                    edits: vec![Edit::insert(at, section_text(src, at, &inserted))],
                    safe: true,
                })
                .about(lines),
        );
    }
    out
}

/// The nearest section before `s` in the template that is present and in
/// order: what a missing section is inserted after.
fn anchor(m: &Matching, s: usize) -> Option<usize> {
    (0..s).rev().find(|&p| m.in_order[p])
}

/// Where a missing section goes: after its anchor section (after the
/// anchor's own text and deeper headings when it is the parent, after its
/// whole subtree otherwise), before any later template section that is in
/// order, and never inside the front matter or a fence.
fn insertion_point(src: &Source, m: &Matching, s: usize) -> usize {
    let template = src.template;
    let headings = &src.outline.headings;
    let spec = &template.sections[s];
    let later_in_order = |h: usize| m.by_heading[h].is_some_and(|(t, _)| t > s && m.in_order[t]);
    let start_of = |h: Option<usize>| h.map_or(src.text.len(), |h| headings[h].range.start);
    let at = match anchor(m, s).and_then(|p| m.first_heading(p).map(|ph| (p, ph))) {
        // Under its parent: after the parent's own text and any deeper
        // headings of the author's, so those stay where they are.
        Some((p, ph)) if template.ancestors(s).contains(&p) => start_of(
            (ph + 1..headings.len())
                .find(|&h| headings[h].level <= spec.level || later_in_order(h)),
        ),
        Some((_, ph)) => {
            let level = headings[ph].level.min(spec.level);
            start_of(
                (ph + 1..headings.len()).find(|&h| headings[h].level <= level || later_in_order(h)),
            )
        }
        None => match headings.iter().position(|h| h.level == 1) {
            Some(t) => start_of((t + 1 < headings.len()).then_some(t + 1)),
            None => start_of(headings.iter().position(|h| h.level >= 2)),
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
